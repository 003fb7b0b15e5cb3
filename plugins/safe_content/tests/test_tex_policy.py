"""The TeX policy: every command that can act on the page is rewritten, the rest is kept."""

from __future__ import annotations

import pytest
from safe_content.tex_policy import RULES, neutralise_tex

#: Formulas as the blog writes them (from the sample dumps and the full-post saves).
HARMLESS = [
    r"\boldsymbol{x}_t = \frac{\partial L}{\partial \boldsymbol{\theta}}",
    r"\begin{equation}E=mc^2\label{eq:energy}\end{equation}",
    r"\begin{aligned}a&=b\\c&=d\end{aligned}\tag{3}",
    r"\color{red}{0} + \color{green}{\ddots} + \color{skyblue}{+}",
    r"\textcolor{blue}{x}\colorbox{yellow}{y}\fcolorbox{red}{white}{z}",
    r"\color[rgb]{1,0,0}{x}\definecolor{mine}{RGB}{10, 20, 30}",
    r"\bbox[red,5px]{x}\bbox[#ff0,0.5em]{y}",
    r"\mmlToken{mi}{x}\eqref{eq:energy}\newcommand{\V}{\boldsymbol{v}}",
    r"\text{href 与 style 只是文字}\quad \mathcal{L}",
    r"\enclose{circle}[mathcolor=red,mathbackground=#ff0]{x}\enclose{box}{y}",
]


@pytest.mark.parametrize("tex", HARMLESS)
def test_harmless_formula_is_returned_as_it_is(tex: str) -> None:
    result, found = neutralise_tex(tex)
    assert found == []
    assert result is tex


@pytest.mark.parametrize(
    ("tex", "expected"),
    [
        (r"\href{javascript:alert(1)}{x}", "{x}"),
        (r"\href{java	script:alert(1)}{x}", "{x}"),  # a tab, as &#x09; decodes
        (
            r"\href{javascript:alert(1)}{\style{position:fixed;top:0;left:0;width:100vw;"
            r"height:100vh;display:block}{\phantom{X}}}",
            r"{{\phantom{X}}}",
        ),
        (r"\style{background-image:url(http://evil.invalid/)}{x}", "{x}"),
        (r"\unicode[Arial;background:url(http://evil.invalid/)]{x41}", r"\text{A}"),
        (r"\unicode{65}", r"\text{A}"),
        (r"\unicode{x3C}", r"\text{<}"),
        (r"\unicode{x5C}", ""),  # a backslash would start a command: dropped
        (r"\cssId{site-search}{x}", "{x}"),
        (r"\class{post-body}{x}", "{x}"),
        (r"\data{mjx-x=1}{x}", "{x}"),
        (r"\require{html}a", "a"),
        (r'\mmlToken{mi}[href="javascript:alert(1)"]{x}', r"\mmlToken{mi}{x}"),
        (r'\mmlToken{mi}[fontfamily="a;background:url(http://e.invalid)"]{x}', r"\mmlToken{mi}{x}"),
        (r"\bbox[red,5px,border:1px solid blue]{x}", r"\bbox[red,5px]{x}"),
        (r"\enclose{box}[mathbackground=url(http://e.invalid)]{x}", r"\enclose{box}{x}"),
        (r"\text{\href{javascript:alert(1)}{t}}", r"\text{{t}}"),
        (r"\bbox[background-image:url(http://e.invalid)]{x}", "{x}"),
        (r"\color{red;background:url(http://e.invalid)} x", " x"),
        (r"\colorbox{url(http://e.invalid)}{x}", "{x}"),
        (r"\textcolor{red;x:y}{x}", "{x}"),
        (r"\fcolorbox{red}{url(http://e.invalid)}{x}", "{x}"),
        (r"\definecolor{c}{rgb}{url(http://e.invalid)}\color{c}x", r"\color{c}x"),
    ],
)
def test_acting_command_becomes_inert(tex: str, expected: str) -> None:
    result, found = neutralise_tex(tex)
    assert result == expected
    assert found and all(line.startswith("\\") for line in found)


def test_commands_in_a_macro_body_are_rewritten_too() -> None:
    tex = r"\newcommand{\link}[1]{\href{#1}{\class{x}{#1}}}\link{javascript:alert(1)}"
    result, found = neutralise_tex(tex)
    assert result == r"\newcommand{\link}[1]{{{#1}}}\link{javascript:alert(1)}"
    assert [line.split(":")[0] for line in found] == ["\\href", "\\class"]


def test_argument_without_braces_and_unclosed_group_are_consumed() -> None:
    assert neutralise_tex(r"\style x y z")[0] == "{y} z"
    assert neutralise_tex(r"a\href{javascript:alert(1)")[0] == "a{}"
    assert neutralise_tex("\\href")[0] == "{}"


def test_braces_and_escapes_inside_an_argument_are_read_like_mathjax() -> None:
    result, _ = neutralise_tex(r"\href{a\}b{c}}{t\{}+1")
    assert result == r"{t\{}+1"


def test_a_name_that_only_starts_like_a_command_is_kept() -> None:
    tex = r"\hrefx{a}\styles\Href{b}"
    assert neutralise_tex(tex) == (tex, [])


def test_each_rule_says_why() -> None:
    assert all(rule.why for rule in RULES.values())
    assert {"href", "style", "class", "cssId", "unicode", "require"} <= set(RULES)
