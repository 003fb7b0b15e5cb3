"""Pages saved while MathJax was rendering: the math delimiters are put back."""

from __future__ import annotations

import re

from kexue_archive.saves import read_save
from kexue_archive.saves.detect import layout
from kexue_archive.saves.math_recover import is_tex_line, split_tex_runs
from tests.saves_fixtures import fixture_text, math_in, outside_math, read_fixture, to_html

_RAW_TEX = re.compile(r"\\[A-Za-z]{2,}")


def test_processing_math_first_line_is_the_rendering_layout() -> None:
    assert layout(fixture_text("rendering.md").split("\n")) == "rendering"
    assert layout(fixture_text("loading_mathjax.md").split("\n")) == "rendering"
    entry = read_fixture("rendering.md")
    assert entry.page is not None and entry.page.math_status == "recovered"
    assert "Processing math" not in (entry.markdown or "")


def test_bare_inline_tex_becomes_inline_math_but_identifiers_stay_text() -> None:
    entry = read_fixture("rendering.md")
    first = entry.blocks[0].text
    for tex in ("$\\gamma$", "$\\gamma=10^{-3}$", "$x_{i,j}=1$", "$A_k$"):
        assert tex in first
    assert "“first_k_dense”" in first


def test_standalone_tex_lines_become_display_math_byte_exact() -> None:
    entry = read_fixture("rendering.md")
    maths = [b.text for b in entry.blocks if b.kind == "math"]
    assert maths == [
        "$$\\begin{equation}\\max_{x_{i,j}\\in[0,1]} \\sum_{i,j} x_{i,j}s_{i,j}"
        "\\label{eq:relax}\\end{equation}$$",
        "$$\\begin{equation}\\left\\{\\begin{aligned}&\\,x_{i,j}^* = 1, &\\, s_{i,j} > 0 \\\\\n"
        "&\\,x_{i,j}^* = 0, &\\, s_{i,j} < 0\n\\end{aligned}\\right.\\end{equation}$$",
        "$$\\boldsymbol{\\beta} \\leftarrow \\boldsymbol{s} - \\boldsymbol{\\alpha}$$",
    ]


def test_no_raw_tex_is_left_outside_math_on_the_page() -> None:
    for name in ("rendering.md", "loading_mathjax.md"):
        page = to_html(read_fixture(name).markdown or "")
        assert _RAW_TEX.search(outside_math(page)) is None, name
        assert any("\\tag{28}" in tex for tex in math_in(page)) or name == "rendering.md"


def test_tex_runs_stop_at_prose_and_sentence_punctuation() -> None:
    assert split_tex_runs("其中the \\alpha value，和") == [
        (False, "其中the "),
        (True, "\\alpha"),
        (False, " value，和"),
    ]
    assert split_tex_runs("用A_k表示.") == [(False, "用"), (True, "A_k"), (False, "表示.")]
    assert split_tex_runs("noise_shape参数") == [(False, "noise_shape参数")]
    assert split_tex_runs("取\\text{中文}为") == [
        (False, "取"),
        (True, "\\text{中文}"),
        (False, "为"),
    ]


def test_a_tex_line_has_no_prose_outside_braces() -> None:
    assert is_tex_line("\\boldsymbol{b} \\leftarrow \\text{更新} b")
    assert not is_tex_line("用\\gamma表示学习率")
    assert not is_tex_line("y=∑i∈argtopkρρiei")  # what MathJax had already rendered


def test_a_save_that_lost_its_notice_line_is_still_recovered_by_its_math() -> None:
    text = fixture_text("rendering.md").replace("Processing math: 0%\n", "")
    assert layout(text.split("\n")) == "mobile"
    entries, _ = read_save(text, "x.md")
    assert entries[0].page is not None and entries[0].page.math_status == "recovered"
    assert "$\\gamma=10^{-3}$" in entries[0].blocks[0].text


def test_short_bases_are_math_but_identifiers_with_underscores_are_not() -> None:
    assert split_tex_runs("经过A的投影后，Av_i,Av_j的正负分布") == [
        (False, "经过A的投影后，"),
        (True, "Av_i,Av_j"),
        (False, "的正负分布"),
    ]
    for text in ("设置 TF_XLA_FLAGS 为", "head_size为64", "[@Ji_Ha_Kim]", "x_tmp的值"):
        assert split_tex_runs(text) == [(False, text)], text
    assert split_tex_runs("x_1x_2之和") == [(True, "x_1x_2"), (False, "之和")]


def test_a_page_saved_after_mathjax_rendered_keeps_its_text_and_says_so() -> None:
    entry = read_fixture("rendered.md")
    assert entry.page is not None and entry.page.math_status == "recovered"
    assert "no TeX left" in " ".join(entry.page.neutralised)
    assert entry.blocks[1].text == "log(1+∑sim(i,j)>sim(k,l)eλ(cos(uk,ul)−cos(ui,uj)))"
    assert math_in(to_html(entry.markdown or "")) == []


def test_an_environment_whose_lines_hold_prose_stays_one_display_formula() -> None:
    # a commutative diagram's arrows carry CJK labels (式(3)): the lines between
    # \begin{CD} and \end{CD} are still TeX, and \require may come first
    entry = read_fixture("rendering_env_prose.md")
    [display] = [b.text for b in entry.blocks if b.kind == "math"]
    assert display == (
        "$$\\require{AMScd}\\begin{CD}\n"
        "\\cdots @>\\quad>> \\boldsymbol{g}_t @> 式\\eqref{eq:d} >> r_t @>\\quad>>\\cdots\n"
        "\\end{CD}$$"
    )
    assert "$\\eqref{eq:d}$" in (entry.markdown or "")
