"""Listing excerpts and a saved post page of one post become one post with the full text."""

from __future__ import annotations

import datetime as dt
import json

from kexue_archive.dumps.entry import Block, Entry, PageExtras
from kexue_archive.infer import build_posts
from kexue_archive.markdown_out import render_comments, render_post
from kexue_archive.model import Comment, Post, SourceRef
from kexue_archive.report import Report

TITLE_DUMP = "生成扩散模型漫谈(三):DDPM = 贝叶斯 + 去噪"
TITLE_BLOG = "生成扩散模型漫谈（三）：DDPM = 贝叶斯 + 去噪"
OPENING = "到目前为止,笔者给出了生成扩散模型DDPM的两种推导,分别是通俗的类比理解和变分自编码器"


def _excerpt(path: str, text: str = OPENING) -> Entry:
    return Entry(SourceRef(path, 1, 1), "A", 19, 7, None, TITLE_DUMP, [Block("text", text)])


def _save(path: str, *, truncated: bool = False, extra: str = "", comments=()) -> Entry:
    body = OPENING + "。后面还有很多内容" + extra
    return Entry(
        SourceRef(path, 1, 3),
        "save-md",
        19,
        7,
        2022,
        TITLE_BLOG,
        [Block("text", body)],
        truncated=truncated,
        archive_id=9164,
        page=PageExtras(
            tags=("扩散", "生成模型"),
            categories=("信息时代", "数学研究"),
            comments=tuple(comments),
            comment_count=5,
            chrome_dropped=12,
        ),
        markdown=f"## 全文\n\n{body}\n",
    )


def test_excerpt_and_full_save_become_one_post_with_the_full_text():
    report = Report()
    [post] = build_posts([_excerpt("dump.txt"), _save("save.md")], None, None, report)
    assert post.body.startswith("## 全文")
    assert post.title == TITLE_BLOG  # the save's own spelling, not the dump's
    assert post.series == "生成扩散模型漫谈" and post.series_index == 3
    assert (post.date, post.date_status) == (dt.date(2022, 7, 19), "exact")
    assert post.truncated is False
    assert post.tags == ["扩散", "生成模型"]
    assert post.categories == ["信息时代", "数学研究"]
    assert post.original == "https://kexue.fm/archives/9164"
    [full] = report.full_posts
    assert full.source == "save.md#1" and full.excerpts_replaced == ("dump.txt#1",)
    assert full.chrome_dropped == 12
    assert "body from the saved post page save.md#1" in report.merges[0].reason


def test_of_two_saves_the_complete_one_wins_and_the_report_says_so():
    report = Report()
    cut = _save("a-cut.md", truncated=True, extra="更长但被截断的内容" * 20)
    whole = _save("b-whole.md")
    [post] = build_posts([cut, whole], None, None, report)
    assert post.truncated is False
    assert "更长但被截断" not in post.body
    assert "more complete than a-cut.md#1" in report.merges[0].reason


def test_full_post_metadata_round_trips_through_the_markdown_file():
    comment = Comment("读者", "2022-07-20 10:00", "请问 $x\\_1$？", id=7, parent=None)
    [post] = build_posts([_save("save.md", comments=[comment])], None, None, Report())
    text = render_post(post)
    assert "Tags: 扩散, 生成模型\n" in text
    assert "Category: 信息时代\nCategories: 信息时代, 数学研究\n" in text
    assert "Comment_count: 5\n" in text
    assert "请问" not in text  # comments stay out of the body
    meta = dict(line.split(": ", 1) for line in text.split("\n\n", 1)[0].split("\n"))
    again = Post.from_metadata(meta)
    assert again.categories == post.categories and again.tags == post.tags
    assert again.comment_count == 5
    sidecar = json.loads(render_comments(post) or "")
    assert [Comment.from_dict(c) for c in sidecar["comments"]] == [comment]


def test_a_post_without_comments_has_no_sidecar():
    [post] = build_posts([_excerpt("dump.txt")], None, None, Report())
    assert render_comments(post) is None
    assert "Tags:" not in render_post(post) and "Category:" not in render_post(post)
