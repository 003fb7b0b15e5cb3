"""The fast rule against a slow one: the same output on generated HTML and titles.

``punctuation.py`` reads a paragraph as cells that each hold a whole run of text without an
editable mark, and writes its changes into the source string.  The oracle here is the rule
as the module docstring states it, read the obvious way: one cell per character (per tag,
per entity, per protected element), each mark judged by the characters beside it.  It is
slow and plain on purpose; any difference in output is a bug in the fast code (or in the
oracle), never a matter of taste.  It shares the module's facts (which characters are
Chinese, which elements are inline or protected, what a URL or an entity is), not its walk.
"""

from __future__ import annotations

import html

from cjk_punctuation import punctuation as rule
from hypothesis import given, settings
from hypothesis import strategies as st

from kexue_archive.rendered_html import MATH_CLASS, TAG, TAG_NAME, VOID_ELEMENTS, tag_classes

# --- the oracle: one cell per character -------------------------------------------------------

TEXT, MATH, OPAQUE, EDGE, INVISIBLE = "text", "math", "opaque", "edge", "invisible"


class _Cell:
    """``text``: what is written for the cell; ``char``: what the rule reads (an entity's)."""

    def __init__(self, kind: str, text: str, editable: bool = False, char: str = "") -> None:
        self.kind, self.text, self.editable, self.char = kind, text, editable, char or text

    def chinese(self) -> bool:
        return self.kind == TEXT and bool(rule._CHINESE.fullmatch(self.char))

    def han(self) -> bool:
        return self.kind == TEXT and bool(rule._HAN.fullmatch(self.char))


def _beside(cells: list[_Cell], i: int, step: int) -> _Cell | None:
    i += step
    while 0 <= i < len(cells) and cells[i].kind == INVISIBLE:
        i += step
    return cells[i] if 0 <= i < len(cells) else None


def _chinese(cell: _Cell | None) -> bool:
    return cell is not None and cell.chinese()


def _kind(cell: _Cell | None) -> str:
    return EDGE if cell is None else cell.kind


def _oracle_rule(cells: list[_Cell]) -> str:
    open_at: list[int] = []
    for i, cell in enumerate(cells):  # brackets, in the order they close
        if cell.kind == EDGE:
            open_at.clear()
        elif cell.editable and cell.text == "(":
            open_at.append(i)
        elif cell.editable and cell.text == ")" and open_at:
            start = open_at.pop()
            encloses = any(c.han() for c in cells[start + 1 : i])
            outside = _chinese(_beside(cells, start, -1)) and _chinese(_beside(cells, i, 1))
            if encloses or outside:
                cells[start].text = cells[start].char = "（"
                cell.text = cell.char = "）"
    for i, cell in enumerate(cells):  # then the marks, left to right
        if cell.editable and cell.text in list(",:;!?"):
            left, right = _beside(cells, i, -1), _beside(cells, i, 1)
            if (_chinese(left) and (_chinese(right) or _kind(right) in (MATH, EDGE))) or (
                _kind(left) == MATH and _chinese(right)
            ):
                cell.text = cell.char = rule.FULL_WIDTH[cell.text]
    return "".join(c.text for c in cells)


def _oracle_text_cells(text: str, escaped: bool) -> list[_Cell]:
    cells: list[_Cell] = []
    pos = 0
    urls = [(m.start(), m.end()) for m in rule.URL_IN_TEXT.finditer(text)]
    for start, end in [*urls, (len(text), len(text))]:
        plain = text[pos:start]
        at = 0
        entities = list(rule._ENTITY.finditer(plain)) if escaped else []
        for entity in entities:
            cells += [_Cell(TEXT, c, editable=True) for c in plain[at : entity.start()]]
            char = html.unescape(entity.group(0))
            kind = TEXT if len(char) == 1 else OPAQUE
            cells.append(_Cell(kind, entity.group(0), char=char))
            at = entity.end()
        cells += [_Cell(TEXT, c, editable=True) for c in plain[at:]]
        cells += [_Cell(TEXT, c) for c in text[start:end]]  # a URL's characters: kept
        pos = end
    return cells


def oracle_html(content: str) -> str:
    cells: list[_Cell] = []
    pos = 0
    guard: _Cell | None = None
    guard_name, depth = "", 0
    for match in TAG.finditer(content):
        text, tag = content[pos : match.start()], match.group(0)
        pos = match.end()
        name = TAG_NAME.match(tag)
        if guard is not None:
            guard.text += text + tag
            if name and name.group(2).lower() == guard_name:
                depth += -1 if name.group(1) else (0 if tag.endswith("/>") else 1)
                guard = guard if depth else None
            continue
        cells += _oracle_text_cells(text, escaped=True)
        if not name:
            cells.append(_Cell(INVISIBLE, tag))
            continue
        closing, element = bool(name.group(1)), name.group(2).lower()
        math = not closing and MATH_CLASS in tag_classes(tag)
        protected = math or element in rule.PROTECTED_INLINE or element in rule.PROTECTED_BLOCK
        if not closing and element not in VOID_ELEMENTS and protected:
            inline = element in rule.INLINE or element in rule.PROTECTED_INLINE
            guard = _Cell((MATH if math else OPAQUE) if inline else EDGE, tag)
            guard_name, depth = element, 1
            cells.append(guard)
        elif element == "img":
            cells.append(_Cell(OPAQUE, tag))
        else:
            cells.append(_Cell(INVISIBLE if element in rule.INLINE else EDGE, tag))
    if guard is not None:
        guard.text += content[pos:]
    else:
        cells += _oracle_text_cells(content[pos:], escaped=True)
    return _oracle_rule(cells)


def oracle_text(text: str) -> str:
    cells: list[_Cell] = []
    pos = 0
    for tex in rule.TEX_IN_TEXT.finditer(text):
        cells += _oracle_text_cells(text[pos : tex.start()], escaped=False)
        cells.append(_Cell(MATH, tex.group(0)))
        pos = tex.end()
    cells += _oracle_text_cells(text[pos:], escaped=False)
    return _oracle_rule(cells)


# --- generated input -----------------------------------------------------------------------------

#: Chinese of each kind the rule knows (Han of three blocks, Chinese-only punctuation), and
#: the characters beside which a mark stays ASCII.
_CHARS = list("中文设则注也𠀀豈㐀。，《》“”‘’…—（）：") + list("aZ09 \n._-/=<>&#;$\\")
_MARKS = list(",:;!?()")
_ENTITIES = ["&amp;", "&#12290;", "&#x4e2d;", "&#44;", "&#40;", "&fjlig;", "&bogus;", "&lt;"]
_URLS = ["https://example.org/a,b_(c)d", "www.x.cn/(中)", "ftp://h/a&amp;b;c", "http://x.y/“q”"]
_MATH = f'<span class="{MATH_CLASS}">\\(f(x),y\\)</span>'
_TAGS = [
    "<p>",
    "</p>",
    "<em>",
    "</em>",
    "<strong>",
    "</strong>",
    '<a href="x,中(b)" title="中,中">',
    "</a>",
    "<span>",
    "</span>",
    f'<span class="x {MATH_CLASS}">',
    f'<span class="{MATH_CLASS}">',
    f'<span class="{MATH_CLASS}">a<span>b</span>,中</span>',
    "<SPAN>",
    "</ span >",
    f"<span class='{MATH_CLASS}'>",
    f'<div class="{MATH_CLASS}">\\[a,b\\]</div>',
    _MATH,
    "<code>中,(中)</code>",
    "<code>",
    "</code>",
    "<code/>",
    "<pre><code>print(中,文)</code></pre>",
    "<kbd>",
    "<script>x(中,中)</script>",
    "<br>",
    "<br/>",
    "<wbr>",
    '<img src="a,b" alt="中,中">',
    "<h2>",
    "</h2>",
    "<li>",
    "<!-- 中,中 -->",
    "<!-- a > 中,b -->",
    "< / P >",
    "<ul>",
]

_text = st.text(st.sampled_from(_CHARS + _MARKS), min_size=1, max_size=6)
#: A paragraph as Markdown writes most: text and formulas between ``<p>`` and ``</p>``
#: (and spans that only look like formulas).
_paragraph = st.lists(
    st.one_of(_text, st.sampled_from([*_MARKS, _MATH, "<span>中,</span>", "<span>,</span>"])),
    max_size=5,
).map(lambda parts: "<p>" + "".join(parts) + "</p>")
_piece = st.one_of(
    _text,
    st.sampled_from(_MARKS),
    st.sampled_from(_ENTITIES),
    st.sampled_from(_URLS),
    st.sampled_from(_TAGS),
    _paragraph,
)
html_fragments = st.lists(_piece, max_size=40).map("".join)
_TEX = ["$a,b$", "$$x(y)$$", "\\(f(x)\\)", "\\[a;b\\]", "$", "&amp;"]
title_texts = st.lists(
    st.one_of(
        st.text(st.sampled_from(_CHARS + _MARKS), min_size=1, max_size=6),
        st.sampled_from(_MARKS + _TEX + _URLS),
    ),
    max_size=20,
).map("".join)


def test_the_oracle_knows_the_documented_cases() -> None:
    # The oracle itself must read the rule right, or agreeing with it proves nothing.
    assert (
        oracle_html("<p>闭门造车,分享一下(注:草稿)</p>") == "<p>闭门造车，分享一下（注：草稿）</p>"
    )
    assert oracle_html(f"<p>设{_MATH},则</p>") == f"<p>设{_MATH}，则</p>"
    assert oracle_html("<p>f(x),a,b 中,a</p>") == "<p>f(x),a,b 中,a</p>"
    assert oracle_html("<p>中(文)(b)中</p>") == "<p>中（文）（b）中</p>"
    assert oracle_text("$a,b$,中") == "$a,b$，中"


@settings(max_examples=1500, deadline=None)
@given(html_fragments)
def test_rendered_html_is_punctuated_as_the_per_character_rule_says(content: str) -> None:
    assert rule.punctuate_html(content) == oracle_html(content)


@settings(max_examples=800, deadline=None)
@given(title_texts)
def test_titles_are_punctuated_as_the_per_character_rule_says(text: str) -> None:
    assert rule.punctuate_text(text) == oracle_text(text)
