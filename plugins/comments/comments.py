"""Read a post's archived comments from its sidecar file and render them for the template.

The scraper keeps comments out of the post body (they would enter its text and its
search body) and writes them next to it: ``content/<slug>.comments.json``, an object
``{"comments": [Comment.as_dict(), ...]}`` in page order (:data:`COMMENTS_SUFFIX`,
:class:`kexue_archive.model.Comment`).  Once every post is read, this plugin gives each
post ``article.comments`` (the top-level comments, each with its ``replies`` nested),
``article.comment_list`` (all of them, in page order) and ``article.comment_count`` (how
many the blog counted, an ``int``, or ``None`` when the save did not say).  A comment body
is Markdown under the post's rules, so it is rendered with the site's ``MARKDOWN``, plus
:class:`SafeCommentExtension` (no raw HTML, safe links, no remote images, ids of its own),
then its links to archived posts are pointed at their pages as in post bodies.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from citations import build_archive_id_index, content_link, element_ids, link_archive_urls
from markdown import Markdown
from pelican import signals

from kexue_archive.model import COMMENTS_SUFFIX, Comment, Post

from .safe_markdown import SafeCommentExtension

log = logging.getLogger(__name__)

#: Settings read from the Pelican settings, with their defaults (documented in README.md).
DEFAULTS: dict[str, Any] = {
    # Prefix of a comment's anchor: ``comment-27910`` as on the blog (``#comment-27910``).
    "COMMENTS_ANCHOR_PREFIX": "comment-",
}


def setting(settings: Mapping[str, Any], name: str) -> Any:
    """A plugin setting: the user's value, else the documented default."""
    return settings.get(name, DEFAULTS[name])


class CommentsFileError(ValueError):
    """A sidecar file that is not what the scraper writes; the message names file and line."""


@dataclass(eq=False)
class CommentNode:
    """One comment as the template sees it: plain-text author and date, HTML body, replies.

    ``html`` is resolved when the page is written, because links to other posts are
    Pelican ``{filename}`` links whose relative form depends on the page.
    """

    comment: Comment
    anchor: str
    replies: list[CommentNode] = field(default_factory=list)
    body_html: str = ""
    #: turns the body's ``{filename}`` links into the written page's hrefs
    resolve_links: Callable[[str], str] | None = None

    @property
    def author(self) -> str:
        return self.comment.author

    @property
    def date(self) -> str:
        return self.comment.date

    @property
    def html(self) -> str:
        return self.resolve_links(self.body_html) if self.resolve_links else self.body_html


def sidecar_path(source_path: str | Path) -> Path:
    """Where the comments of the post read from ``source_path`` are kept."""
    source = Path(source_path)
    return source.with_name(source.stem + COMMENTS_SUFFIX)


def read_comments(path: Path) -> list[Comment]:
    """The comments of one sidecar file, in page order; a clear error when it is malformed."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as err:
        raise CommentsFileError(f"{path}: not UTF-8 ({err.reason} at byte {err.start})") from err
    except json.JSONDecodeError as err:
        raise CommentsFileError(f"{path}:{err.lineno}: not JSON ({err.msg})") from err
    items = data.get("comments") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise CommentsFileError(f'{path}:1: expected an object {{"comments": [...]}}')
    comments = []
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            raise CommentsFileError(f"{path}: comment {number} is not an object")
        comments.append(Comment.from_dict(item))
    return comments


def build_tree(
    comments: Sequence[Comment], anchor_prefix: str = DEFAULTS["COMMENTS_ANCHOR_PREFIX"]
) -> tuple[list[CommentNode], list[CommentNode], list[str]]:
    """Nest replies under their parents: (top level, all in page order, problems).

    A reply's parent comes before it on the page; a reply whose parent is not (an
    unknown id, a later comment, itself) is shown at the top level and reported, so no
    comment is lost and no cycle can form.  Each comment gets an anchor: the blog's
    ``comment-<id>`` when the id is known and unique, else ``comment-p<position>``.
    """
    roots: list[CommentNode] = []
    flat: list[CommentNode] = []
    problems: list[str] = []
    by_id: dict[int, CommentNode] = {}
    used: set[str] = set()
    for position, comment in enumerate(comments, start=1):
        anchor = f"{anchor_prefix}{comment.id}" if comment.id is not None else ""
        if not anchor or anchor in used:
            anchor = f"{anchor_prefix}p{position}"
        used.add(anchor)
        node = CommentNode(comment=comment, anchor=anchor)
        flat.append(node)
        parent = by_id.get(comment.parent) if comment.parent is not None else None
        if parent is not None:
            parent.replies.append(node)
        else:
            if comment.parent is not None:
                problems.append(
                    f"comment {position} replies to {comment.parent}, "
                    "which is not an earlier comment; shown at the top level"
                )
            roots.append(node)
        if comment.id is not None:
            by_id.setdefault(comment.id, node)
    return roots, flat, problems


def comment_markdown(settings: Mapping[str, Any]) -> tuple[Markdown, SafeCommentExtension]:
    """A Markdown converter with the posts' settings, made safe for comments."""
    config = dict(settings["MARKDOWN"])
    extensions = [
        ext
        for ext in [*config.get("extensions", []), *config.get("extension_configs", {})]
        if ext not in ("markdown.extensions.meta", "meta")
    ]
    safety = SafeCommentExtension()
    config["extensions"] = [*dict.fromkeys(extensions), safety]
    return Markdown(**config), safety


def guard_comment_html(html: str, settings: Mapping[str, Any] | None = None) -> str:
    """The one call point of the site's TeX/HTML guard for comment bodies.

    Comments are the least trusted text on a page, so they go through the same guard
    as post bodies (plugins/safe_content: ``guard_html``, with the site's policy), on
    top of what :mod:`.safe_markdown` already made safe.  Without that plugin (a site
    that does not enable it) the comment keeps the Markdown-level safety only.
    """
    guard = sys.modules.get("safe_content")
    if guard is None:
        return html
    policy = guard.policy_for(settings) if settings is not None else guard.DEFAULT_POLICY
    guarded, _found = guard.guard_html(html, policy)
    return guarded


def render_comments(
    nodes: Sequence[CommentNode],
    md: Markdown,
    safety: SafeCommentExtension,
    link: Callable[[str], str],
    settings: Mapping[str, Any] | None = None,
) -> None:
    """Render every comment's body: Markdown, made safe, guarded, links to archived posts."""
    for node in nodes:
        md.reset()
        safety.setConfig("id_prefix", node.anchor + "-")
        node.body_html = link(guard_comment_html(md.convert(node.comment.body), settings))


def _attach_comments(generator: Any) -> None:
    settings = generator.settings
    md, safety = comment_markdown(settings)
    prefix = setting(settings, "COMMENTS_ANCHOR_PREFIX")
    by_id = build_archive_id_index(list(generator.articles))

    def resolve_id(archive_id: int) -> str | None:
        target = by_id.get(archive_id)
        return content_link(target) if target is not None else None

    def has_anchor(archive_id: int, anchor: str) -> bool:
        return anchor in element_ids(by_id[archive_id]._content)

    def link(html: str) -> str:
        return link_archive_urls(html, resolve_id, has_anchor)[0]

    for article in [*generator.articles, *generator.translations, *generator.hidden_articles]:
        article.comments, article.comment_list = [], []
        article.comment_count = Post.from_metadata(article.metadata).comment_count
        path = sidecar_path(article.source_path)
        if not path.is_file():
            continue
        try:
            comments = read_comments(path)
        except CommentsFileError as err:
            log.error("comments: %s; the post is shown without comments", err)
            continue
        roots, flat, problems = build_tree(comments, prefix)
        for problem in problems:
            log.warning("comments: %s: %s", path, problem)
        render_comments(flat, md, safety, link, settings)
        for node in flat:
            node.resolve_links = page_links(article)
        article.comments, article.comment_list = roots, flat


def page_links(article: Any) -> Callable[[str], str]:
    """Resolve ``{filename}`` links of a comment the way the post's own content is."""
    return lambda html: article._update_content(html, article.get_siteurl())


def register() -> None:
    signals.article_generator_finalized.connect(_attach_comments)
