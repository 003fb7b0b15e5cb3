"""What TeX may do on this site, applied to the text MathJax will read (see README.md).

MathJax's TeX input can do more than typeset: ``\\href`` makes links (``javascript:``
ones too), ``\\style``/``\\class``/``\\cssId`` reach the page's CSS and ids,
``\\unicode[font]`` and ``\\mmlToken[fontfamily=…]`` write raw CSS (``url(…)`` makes the
browser request another host), ``\\require`` loads more of it.  The browser config drops
those packages and filters what remains (theme/static/js/mathjax-config.js); this module
is the build-time half: it rewrites each such command into an inert form before the page
is written, so a formula is safe even where that config is not loaded (a feed reader, a
comment rendered elsewhere) and even when its argument hides a scheme behind entities.

The input is the TeX as MathJax sees it, i.e. after HTML entities are decoded: the
caller decodes first (``java&#x09;script:`` is ``java<TAB>script:`` here).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

_LETTER = "[A-Za-z]"
#: A control word as TeX (and MathJax) reads it: backslash and letters.
CONTROL_WORD = re.compile(rf"\\({_LETTER}+)")
#: A colour MathJax may use: a name (``red``, ``skyblue``), ``#hex``, or the numbers of
#: a model such as ``[rgb]{1,0,0}``; nothing that could carry CSS (``;``, ``:``, ``(``).
SAFE_COLOR = re.compile(r"[A-Za-z]+|#[0-9A-Fa-f]{3,8}|[0-9.,\s]+")
#: A ``\bbox`` option kept: a colour or a length (its padding); CSS parts are dropped.
SAFE_BBOX_PART = re.compile(r"[A-Za-z]+|#[0-9A-Fa-f]{3,8}|-?[0-9.]+\s*(?:em|ex|pt|px|mu|mm|cm|in)")
#: ``\enclose`` attributes without anything CSS could carry (``(``, ``:``, ``;``, quotes).
SAFE_ENCLOSE_ATTRS = re.compile(r"[\w\s=,.#-]*")
#: A character ``\unicode`` may produce, shown as text (letters, digits, CJK, safe marks).
SAFE_UNICODE_CHAR = re.compile(r"[^\W_]|[+\-=*/.,;:!?'()\[\]|<>]")


@dataclass(frozen=True)
class Call:
    """One command with its arguments, as found in the TeX."""

    name: str
    options: list[str]  # the ``[…]`` arguments, without brackets
    args: list[str]  # the required arguments, without braces
    start: int
    end: int


def _skip_space(tex: str, i: int) -> int:
    while i < len(tex) and tex[i] in " \t\r\n":
        i += 1
    return i


def _read_group(tex: str, i: int, open_: str, close: str) -> tuple[str, int] | None:
    """Read a ``{…}`` or ``[…]`` group at ``i`` as MathJax does (braces nest, ``\\x``
    escapes); ``None`` when there is none.  An unclosed group runs to the end."""
    if i >= len(tex) or tex[i] != open_:
        return None
    depth = 0  # braces opened inside the group
    j = i + 1
    while j < len(tex):
        char = tex[j]
        if char == "\\":
            j += 2
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            if depth == 0:
                return (tex[i + 1 : j], j + 1) if close == "}" else None
            depth -= 1
        elif char == close and depth == 0:
            return tex[i + 1 : j], j + 1
        j += 1
    return tex[i + 1 :], len(tex)


def _read_argument(tex: str, i: int) -> tuple[str, int]:
    """A required argument as MathJax reads it: a braced group or one token."""
    i = _skip_space(tex, i)
    group = _read_group(tex, i, "{", "}")
    if group is not None:
        return group
    if i >= len(tex):
        return "", i
    if tex[i] == "\\":
        word = CONTROL_WORD.match(tex, i)
        end = word.end() if word else min(i + 2, len(tex))
        return tex[i:end], end
    return tex[i], i + 1


def _read_call(tex: str, match: re.Match[str], n_options: int, n_args: int) -> Call:
    """Read up to ``n_options`` bracket options and ``n_args`` arguments after a command.

    ``\\textcolor[rgb]{…}`` puts its option first; ``\\mmlToken{mi}[…]{x}`` between its
    arguments: options are read wherever they stand before the last argument.
    """
    i = match.end()
    options: list[str] = []
    args: list[str] = []
    while len(args) < n_args:
        if len(options) < n_options:
            option = _read_group(tex, _skip_space(tex, i), "[", "]")
            if option is not None:
                options.append(option[0])
                i = option[1]
                continue
        arg, i = _read_argument(tex, i)
        args.append(arg)
    return Call(match.group(1), options, args, match.start(), i)


def _braced(text: str) -> str:
    return "{" + text + "}"


def _last_arg(call: Call) -> str:
    return _braced(call.args[-1]) if call.args else ""


def _unicode_text(call: Call) -> str:
    """``\\unicode[font]{x41}`` -> ``\\text{A}``: the character without the CSS."""
    code = call.args[0].strip() if call.args else ""
    try:
        value = int(code[1:], 16) if code[:1] in "xX" else int(code)
        char = chr(value)
    except (ValueError, OverflowError):
        return ""
    return "\\text{" + char + "}" if SAFE_UNICODE_CHAR.fullmatch(char) else ""


def _colors_safe(values: list[str]) -> bool:
    return all(SAFE_COLOR.fullmatch(v.strip()) for v in values)


def _bbox(call: Call) -> str | None:
    """Keep a ``\\bbox``'s colours and padding, drop its CSS parts; ``None``: unchanged."""
    if not call.options:
        return None
    parts = [p.strip() for p in call.options[0].split(",")]
    kept = [p for p in parts if SAFE_BBOX_PART.fullmatch(p)]
    if kept == parts:
        return None
    body = _last_arg(call)
    return "\\bbox[" + ",".join(kept) + "]" + body if kept else body


@dataclass(frozen=True)
class Rule:
    """How one command is read and what replaces it (``None`` keeps it as it is)."""

    options: int
    args: int
    replace: Callable[[Call], str | None]
    why: str


#: The policy, one row per command (README.md shows the same table).
RULES: dict[str, Rule] = {
    "href": Rule(0, 2, _last_arg, "links from TeX (javascript:, data:, off-site)"),
    "style": Rule(0, 2, _last_arg, "raw CSS (page-wide boxes, url() requests)"),
    "class": Rule(0, 2, _last_arg, "classes of the page"),
    "cssId": Rule(0, 2, _last_arg, "ids of the page"),
    "data": Rule(0, 2, _last_arg, "data- attributes"),
    "unicode": Rule(2, 1, _unicode_text, "raw CSS in the font argument"),
    "require": Rule(0, 1, lambda call: "", "loading TeX extensions"),
    "mmlToken": Rule(
        1,
        2,
        lambda call: (
            None if not call.options else "\\mmlToken" + _braced(call.args[0]) + _last_arg(call)
        ),
        "MathML attributes (href, style, class, id, fontfamily)",
    ),
    "bbox": Rule(1, 1, _bbox, "CSS in the box options"),
    "enclose": Rule(
        1,
        2,
        lambda call: (
            None
            if not call.options or SAFE_ENCLOSE_ATTRS.fullmatch(call.options[0])
            else "\\enclose" + _braced(call.args[0]) + _last_arg(call)
        ),
        "CSS in the enclosure attributes",
    ),
    "color": Rule(1, 1, lambda call: None if _colors_safe(call.args) else "", "CSS in a colour"),
    "textcolor": Rule(
        1,
        2,
        lambda call: None if _colors_safe(call.args[:1]) else _last_arg(call),
        "CSS in a colour",
    ),
    "colorbox": Rule(
        1,
        2,
        lambda call: None if _colors_safe(call.args[:1]) else _last_arg(call),
        "CSS in a colour",
    ),
    "fcolorbox": Rule(
        1,
        3,
        lambda call: None if _colors_safe(call.args[:2]) else _last_arg(call),
        "CSS in a colour",
    ),
    "definecolor": Rule(
        0, 3, lambda call: None if _colors_safe(call.args[2:]) else "", "CSS in a colour"
    ),
}


#: A control word the policy has a rule for, with all its letters (``\colorbox``, not
#: ``\color`` + ``box``): the only places where :func:`neutralise_tex` may change TeX.
#: Scanning for these alone meets the same commands, at the same places, as scanning
#: every :data:`CONTROL_WORD` and looking each up in :data:`RULES`, and it makes a text
#: without any of them (nearly every formula) a single search.
RULED_WORD = re.compile(
    r"\\(" + "|".join(sorted(map(re.escape, RULES), key=len, reverse=True)) + rf")(?!{_LETTER})"
)


def neutralise_tex(tex: str) -> tuple[str, list[str]]:
    """Rewrite the commands of :data:`RULES` that may act on the page into inert TeX.

    Returns the new TeX (the same string object when nothing acts) and one line per
    command rewritten, naming it and why.  Arguments are rewritten too (``\\href`` inside
    ``\\style`` inside a ``\\newcommand`` body), because the outer replacement keeps the
    inner text and the scan continues over it.
    """
    findings: list[str] = []
    out = tex
    pos = 0
    while True:
        match = RULED_WORD.search(out, pos)
        if match is None:
            break
        rule = RULES[match.group(1)]
        call = _read_call(out, match, rule.options, rule.args)
        replacement = rule.replace(call)
        if replacement is None:
            pos = match.end()
            continue
        findings.append(f"\\{call.name}: {rule.why}: {_excerpt(out[call.start : call.end])}")
        out = out[: call.start] + replacement + out[call.end :]
        pos = call.start  # the replacement may hold more commands
    return (tex if not findings else out), findings


def _excerpt(text: str, limit: int = 80) -> str:
    """A short printable quote of hostile input for the build log."""
    clean = "".join(c if c.isprintable() else "?" for c in text)
    return clean if len(clean) <= limit else clean[: limit - 1] + "…"
