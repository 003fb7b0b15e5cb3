"""Property tests: no input crashes the save reader; every formula of a save comes back."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kexue_archive.dumps.decode import NotTextError, decode_dump
from kexue_archive.saves import looks_like_save, read_save
from tests.saves_fixtures import fixture_text, math_in, to_html

CJK = "".join(chr(c) for c in range(0x4E00, 0x4E00 + 200))
#: Characters that make Markdown, TeX and the clipper's escapes act.
_NASTY = list(CJK[:40] + "ab xyz019 \\$*_#[]()<>&|`~{}!-+.=:\n>^")
_HEAD, _, _TAIL = fixture_text("desktop.md").partition("泊松分布，适合于")
_TAIL = "\n\n_**转载到请包括本文地址：**" + _TAIL.partition("_**转载到请包括本文地址：**")[2]


def _accounted(text: str) -> None:
    entries, rejections = read_save(text, "x.md")
    assert len(entries) + len(rejections) >= 1
    assert len(entries) <= 1
    for rejection in rejections:
        assert rejection.path == "x.md" and rejection.reason


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(st.sampled_from(_NASTY), max_size=400))
def test_any_text_never_crashes_the_reader(text: str) -> None:
    looks_like_save(text)
    _accounted(text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(st.sampled_from(_NASTY), max_size=400))
def test_any_body_inside_a_real_page_never_crashes_the_reader(body: str) -> None:
    _accounted(_HEAD + body + _TAIL)


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=600))
def test_any_bytes_never_crash_the_reader(data: bytes) -> None:
    try:
        text = decode_dump(data).text
    except NotTextError:
        return
    looks_like_save(text)
    _accounted(text)


_TEX = st.sampled_from(
    [
        "x_{i,j}^*",
        "\\Vert W\\Vert_2",
        "|x| < [a, b]",
        "\\{1,2\\} \\# 5",
        "a \\\\ b",
        "\\frac{\\partial \\ell}{\\partial \\beta_j}",
    ]
)


def _clip(tex: str) -> str:
    """TeX as the clipper writes it: backslashes and Markdown characters escaped."""
    out = tex.replace("\\", "\\\\")
    for char in "_*[]|#":
        out = out.replace(char, "\\" + char)
    return out


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.text(st.sampled_from(list(CJK)), min_size=1, max_size=8), _TEX),
        min_size=1,
        max_size=4,
    )
)
def test_every_formula_of_a_clipped_paragraph_comes_back_byte_exact(
    parts: list[tuple[str, str]],
) -> None:
    paragraph = "".join(f"{words}${_clip(tex)}$" for words, tex in parts) + "。"
    display = _clip("\\begin{equation}" + parts[0][1] + "\\end{equation}")
    text = _HEAD + paragraph + "\n$$" + display + "$$\n" + _TAIL
    entries, _ = read_save(text, "x.md")
    page = to_html(entries[0].markdown or "")
    expected = [tex for _, tex in parts] + ["\\begin{equation}" + parts[0][1] + "\\end{equation}"]
    assert math_in(page) == expected


def test_deeply_nested_quotes_and_unclosed_formulas_are_read_without_overflow() -> None:
    body = "> " * 5000 + "深\n\n" + "\\\\begin{equation}x\n" * 3000
    entries, rejections = read_save(_HEAD + body + _TAIL, "x.md")
    assert rejections == [] and len(entries) == 1
    markdown = entries[0].markdown or ""
    assert "深" in markdown
    # an environment that never closes is no display block
    assert "$$\\begin{equation}" not in markdown
