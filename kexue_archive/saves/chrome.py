"""What is page and what is post: one table of the blog's page chrome, for every layout.

A clipper save holds the whole kexue.fm page: menus and sidebars before the
post, the reprint notes, reward block, citation, related posts, comment form
and footer after it.  Every layout (desktop, mobile, saved while MathJax was
rendering) is cut with this one table, so a marker learnt from one layout
serves all of them.
"""

from __future__ import annotations

import re

#: The blog's markers that more than one part of the reader looks for, once each.
RENDERING_NOTICE = r"^(?:Processing math:|Loading \\?\[MathJax\\?\])"
MOBILE_BUTTON = r"^!\[MobileSideBar\]"
REPRINT_NOTE = r"_?\*\*转载到请包括本文地址"
FAQ_NOTE = r"_?\*\*更详细的转载事宜请参考"
CITATION = r"\*\*如果您需要引用本文"
#: ``分类： [数学研究](…/category/…)``: the categories, tags and comment-count line
META_LINE = r"^分类：\s*\[[^\]]*\]\([^)]*/category/"
#: ``标签： [概率](…/tag/…)`` when a theme gives the tags a line of their own
TAGS_LINE = r"^标签：\s*\[[^\]]*\]\([^)]*/tag/"
RELATED_POSTS = r"#{1,6}\s*你也许还对下面的内容感兴趣"
COMMENTS_OPEN = r"^\[发表你的看法\]"
COMMENTS_CLOSE = r"^\[取消回复\]|^你的大名\s*$"
ABOUT_AUTHOR = r"^#{1,6}\s*关于站长"

#: Lines that end the post's body: the first one after the by-line is where
#: the blog's own text stops (the reprint note comes first on every post page).
BODY_END = re.compile(
    "|".join(
        f"(?:{marker})" if marker.startswith("^") else f"(?:^{marker})"
        for marker in (
            REPRINT_NOTE,
            FAQ_NOTE,
            r"\*\*如果您还有什么疑惑或建议",
            r"\*\*如果您觉得本文还不错",
            CITATION,
            META_LINE,
            RELATED_POSTS,
            COMMENTS_OPEN,
            COMMENTS_CLOSE,
            ABOUT_AUTHOR,
        )
    )
)

#: Pieces of page chrome, each counted once per save when present outside
#: the body and the comments (``PageExtras.chrome_dropped``).
CHROME_PIECES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern, re.MULTILINE))
    for name, pattern in (
        ("rendering notice", RENDERING_NOTICE),
        ("mobile sidebar button", MOBILE_BUTTON),
        ("search box", r"^#{1,6} SEARCH\s*$"),
        ("menu", r"^#{1,6} MENU\s*$"),
        ("categories menu", r"^#{1,6} CATEGORIES\s*$"),
        ("new posts", r"^#{1,6} NEWPOSTS\s*$"),
        ("recent comments", r"^#{1,6} COMMENTS\s*$|^#{1,6} 最近评论\s*$"),
        ("user login", r"^#{1,6} USERLOGIN\s*$"),
        ("site header", r"^渴望成为一个小飞侠\s*$|^欢迎访问“科学空间”"),
        ("breadcrumb", r"^\[首页\]\(https?://[^)]*\)"),
        ("reprint note", REPRINT_NOTE),
        ("FAQ note", FAQ_NOTE),
        ("reward block", r"^打赏\s*$|微信打赏|支付宝打赏"),
        ("citation block", CITATION + r"|^@online\{kexuefm-"),
        ("categories and tags line", META_LINE + "|" + TAGS_LINE),
        ("previous/next links", r"^<\s*\[.*\]\(.*\)\s*\\?\|"),
        ("related posts", RELATED_POSTS),
        ("comment form", COMMENTS_OPEN + "|" + COMMENTS_CLOSE + r"|^个人网站（选填）"),
        ("comment pages", r"^\d+\.\s+\[«\]|^\d+\.\s+\[»\]"),
        ("about the author", ABOUT_AUTHOR),
        ("table of contents", r"^#{1,6}\s*内容速览"),
        ("site search", r"^#{1,6}\s*智能搜索"),
        ("popular tags", r"^#{1,6}\s*热门标签"),
        ("random posts", r"^#{1,6}\s*随机文章"),
        ("friend links", r"^#{1,6}\s*友情链接"),
        ("licence line", r"本站采用创作共用版权协议"),
        ("footer", r"Scientific Spaces\. All rights reserved|备案号"),
    )
)

#: Markers that only a clipper's Markdown of the blog's page carries (headings and
#: images the clipper wrote, not text a reader could copy into a listing dump):
#: two of them make a file a save of a kexue.fm page, even without a post in it.
SITE_MARKERS: tuple[re.Pattern[str], ...] = tuple(
    pattern
    for name, pattern in CHROME_PIECES
    if name
    in (
        "rendering notice",
        "mobile sidebar button",
        "search box",
        "menu",
        "new posts",
        "categories menu",
        "user login",
    )
)

#: A comment-list page link (``1. [2](…/comment-page-2#comments)``): chrome
#: between comments, never a comment.
COMMENT_PAGER = re.compile(
    r"^\s*(?:\d+\.\s+)?(?:\[[^\]]*\]\([^)]*comment-page-\d+[^)]*\)|\.\.\.)\s*\\?\s*$"
)


def count_pieces(text: str) -> int:
    """How many distinct pieces of chrome ``text`` (what was cut away) holds."""
    return sum(1 for _, pattern in CHROME_PIECES if pattern.search(text))


def is_site_page(text: str) -> bool:
    """Whether ``text`` carries the kexue.fm page chrome (two distinct markers)."""
    found = 0
    for pattern in SITE_MARKERS:
        if pattern.search(text):
            found += 1
            if found >= 2:
                return True
    return False
