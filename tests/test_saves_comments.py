"""Comments after the post: data with authors, dates, replies; never in the body."""

from __future__ import annotations

from kexue_archive.saves import read_save
from kexue_archive.saves.comments import comment_date
from tests.saves_fixtures import fixture_text, math_in, read_fixture, to_html


def test_comments_are_read_with_author_date_id_and_reply_parent() -> None:
    entry = read_fixture("comments.md")
    assert entry.page is not None
    comments = entry.page.comments
    assert [(c.author, c.date, c.id, c.parent) for c in comments] == [
        ("笑雨", "2024-06-30", 24638, None),
        ("苏剑林", "2024-07-02", 24656, 24638),
        ("mallory", "2025-01-05 22:07", 26150, None),
        ("eve", "2025-01-06", 26151, 26150),
    ]
    # the blog counted more than the saved page holds
    assert entry.page.comment_count == 12


def test_comments_are_kept_out_of_the_body() -> None:
    entry = read_fixture("comments.md")
    body = entry.markdown or ""
    assert body == "dropout是深度学习中防止过拟合的一项有效措施。\n"
    assert "回复评论" not in body and "笑雨" not in body


def test_comment_math_is_byte_exact_markdown() -> None:
    entry = read_fixture("comments.md")
    assert entry.page is not None
    page = to_html(entry.page.comments[0].body)
    assert math_in(page) == ["p(w|D)"]


def test_script_and_javascript_link_in_a_comment_never_act() -> None:
    entry = read_fixture("comments.md")
    assert entry.page is not None
    page = to_html(entry.page.comments[2].body)
    assert "<script" not in page and "<img" not in page and "javascript" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "点我" in page
    notes = entry.page.neutralised
    assert "HTML in the text escaped" in notes
    assert any("javascript:alert(1)" in note for note in notes)


def test_comment_dates_in_the_blogs_forms() -> None:
    assert comment_date("June 30th, 2024") == "2024-06-30"
    assert comment_date("March 2nd, 2023 at 9:05 am") == "2023-03-02 09:05"
    assert comment_date("2021-11-09 18:30") == "2021-11-09 18:30"
    assert comment_date("August 发表于") is None


def test_tex_that_could_act_in_a_comment_is_shown_as_text() -> None:
    entry = read_fixture("comments.md")
    assert entry.page is not None
    page = to_html(entry.page.comments[3].body)
    assert math_in(page) == []
    assert "\\href{javascript:alert(1)}" in page and "\\def\\x{\\x}\\x" in page
    notes = entry.page.neutralised
    assert "TeX \\href in a comment shown as text" in notes
    assert "TeX \\def in a comment shown as text" in notes


def test_the_posts_own_tex_is_kept_byte_exact_and_reported() -> None:
    text = fixture_text("desktop.md").replace(
        "此时$\\\\lambda=pn$", "此时$\\\\href{https://kexue.fm}{\\\\lambda}=pn$"
    )
    entries, _ = read_save(text, "x.md")
    page = to_html(entries[0].markdown or "")
    assert "\\href{https://kexue.fm}{\\lambda}=pn" in math_in(page)
    assert entries[0].page is not None
    assert "TeX \\href left to the site's TeX guard" in entries[0].page.neutralised
