"""Comments: the sidecar file read strictly, replies nested, bodies rendered safe."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from comments.comments import (
    CommentsFileError,
    build_tree,
    comment_markdown,
    guard_comment_html,
    read_comments,
    render_comments,
    sidecar_path,
)

from kexue_archive.headings import heading_id
from kexue_archive.model import Comment

#: The site's own Markdown settings, as Pelican hands them over (meta added by Pelican).
SETTINGS = {
    "MARKDOWN": {
        "extension_configs": {
            "pymdownx.arithmatex": {"generic": True, "smart_dollar": True},
            "pymdownx.escapeall": {"hardbreak": False, "nbsp": False},
            "markdown.extensions.footnotes": {},
            "markdown.extensions.toc": {"slugify": heading_id},
        },
        "extensions": ["markdown.extensions.meta"],
        "output_format": "html5",
    }
}


def render(body: str, anchor: str = "comment-1") -> BeautifulSoup:
    md, safety = comment_markdown(SETTINGS)
    _, flat, _ = build_tree([Comment(author="a", date="d", body=body, id=1)])
    flat[0].anchor = anchor
    render_comments(flat, md, safety, lambda html: html)
    return BeautifulSoup(flat[0].html, "html.parser")


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "5001.comments.json"
    path.write_text(text, encoding="utf-8")
    return path


def test_sidecar_sits_next_to_the_post() -> None:
    assert sidecar_path("content/5001.md") == Path("content/5001.comments.json")


def test_reads_the_scrapers_format_in_page_order(tmp_path: Path) -> None:
    comments = [Comment("甲", "2021-01-01", "一", 1), Comment("乙", "2021-01-02", "二", 2, 1)]
    path = write(tmp_path, json.dumps({"comments": [c.as_dict() for c in comments]}))
    assert read_comments(path) == comments


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"comments": [\n  {"author": "a",}\n]}', "5001.comments.json:2: not JSON"),
        ('[{"author": "a"}]', '5001.comments.json:1: expected an object {"comments": [...]}'),
        ('{"comments": ["text"]}', "5001.comments.json: comment 1 is not an object"),
    ],
)
def test_a_malformed_file_is_named_with_its_line(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(CommentsFileError, match="^.*" + message.replace("[", r"\[")):
        read_comments(write(tmp_path, text))


def test_bytes_that_are_not_utf8_are_reported(tmp_path: Path) -> None:
    path = tmp_path / "5001.comments.json"
    path.write_bytes('{"comments": []} 评'.encode("gbk"))
    with pytest.raises(CommentsFileError, match="not UTF-8"):
        read_comments(path)


def test_replies_nest_under_their_parent() -> None:
    roots, flat, problems = build_tree(
        [
            Comment("a", "", "1", id=10),
            Comment("b", "", "2", id=11, parent=10),
            Comment("c", "", "3", id=12, parent=11),
            Comment("d", "", "4", id=13),
        ]
    )
    assert [n.comment.id for n in roots] == [10, 13]
    assert [n.comment.id for n in roots[0].replies] == [11]
    assert [n.comment.id for n in roots[0].replies[0].replies] == [12]
    assert [n.anchor for n in flat] == ["comment-10", "comment-11", "comment-12", "comment-13"]
    assert problems == []


def test_a_reply_without_an_earlier_parent_is_kept_at_the_top_and_reported() -> None:
    roots, flat, problems = build_tree(
        [
            Comment("a", "", "forward", id=1, parent=2),  # its parent comes later
            Comment("b", "", "cycle", id=2, parent=1),
            Comment("c", "", "self", id=3, parent=3),
            Comment("d", "", "unknown", id=4, parent=99),
        ]
    )
    assert [n.comment.body for n in roots] == ["forward", "self", "unknown"]
    assert [n.comment.body for n in roots[0].replies] == ["cycle"]
    assert len(flat) == 4 and len(problems) == 3
    assert "comment 4 replies to 99" in problems[2]


def test_anchors_are_unique_without_or_with_repeated_ids() -> None:
    _, flat, _ = build_tree(
        [Comment("a", "", "", id=7), Comment("b", "", "", id=7), Comment("c", "", "")]
    )
    assert [n.anchor for n in flat] == ["comment-7", "comment-p2", "comment-p3"]


def test_body_is_markdown_with_math_like_a_post() -> None:
    soup = render("见$\\alpha_1$与\n\n$$x^2 < y$$\n\n1\\. 不是列表")
    assert [m.get_text() for m in soup.select(".arithmatex")] == [
        "\\(\\alpha_1\\)",
        "\\[x^2 < y\\]",
    ]
    assert soup.find("ol") is None and "1. 不是列表" in soup.get_text()


def test_a_meta_like_first_line_stays_text() -> None:
    assert "Title: 不是元数据" in render("Title: 不是元数据\n\n正文").get_text()


@pytest.mark.parametrize(
    "body",
    [
        "<script>alert(1)</script>",
        '<img src="http://evil.example/x.png" onerror="alert(1)">',
        'a <span onmouseover="alert(1)">b</span>',
        "<div>\n<iframe src=https://evil.example></iframe>\n</div>",
        "<!-- comment --><style>body{display:none}</style>",
    ],
)
def test_raw_html_comes_out_as_text(body: str) -> None:
    soup = render(body)
    assert soup.find(["script", "img", "span", "div", "iframe", "style"]) is None
    assert body.split(">")[0] + ">" in soup.get_text()


@pytest.mark.parametrize(
    "href",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "java\tscript:alert(1)",
        " javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:x",
        "relative/path",
    ],
)
def test_links_that_could_act_lose_their_target(href: str) -> None:
    soup = render(f"[点我](<{href}>)")
    assert soup.find("a") is None and soup.find("span").get_text() == "点我"


def test_web_and_mail_links_stay_and_images_become_links() -> None:
    soup = render("[a](https://example.org/x) [m](mailto:x@example.org) ![图](http://e.x/y.png)")
    assert [a["href"] for a in soup.find_all("a")] == [
        "https://example.org/x",
        "mailto:x@example.org",
        "http://e.x/y.png",
    ]
    assert soup.find("img") is None and soup.find_all("a")[2].get_text() == "图片：图"
    image = render("![x](javascript:alert(1))")
    assert image.find("a") is None and image.find("img") is None


def test_ids_and_fragment_links_belong_to_the_comment() -> None:
    soup = render("脚注[^1]\n\n## 小节\n\n[上面](#小节)\n\n[^1]: 注", anchor="comment-42")
    ids = [el["id"] for el in soup.find_all(id=True)]
    assert ids and all(i.startswith("comment-42-") for i in ids)
    hrefs = [a["href"] for a in soup.find_all("a")]
    assert hrefs and all(h.startswith("#comment-42-") for h in hrefs)
    assert set(h[1:] for h in hrefs) <= set(ids)


def test_comment_html_goes_through_the_sites_guard_when_it_is_enabled():
    import safe_content  # the plugin the site enables before this one

    assert "safe_content" in sys.modules
    html = '<p>$\\href{javascript:alert(1)}{x}$ <a href="java&#x09;script:alert(1)">y</a></p>'
    guarded = guard_comment_html(html)
    assert "javascript" not in guarded and "\\href" not in guarded
    assert guard_comment_html("<p>$x_1$</p>") == "<p>$x_1$</p>"
    del safe_content
