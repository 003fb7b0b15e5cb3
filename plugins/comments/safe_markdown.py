"""A Python-Markdown extension that makes a reader's comment safe to put in a page.

Comments are the least trusted text of a save: anyone could have written them.  The
scraper escapes their HTML, but the site does not rely on it.  With this extension:

- raw HTML, block or inline, is text (``<div onclick=…>`` shows as written): the
  ``html_block`` preprocessor and the ``html`` inline pattern are removed, so the
  serializer escapes every ``<``;
- a link keeps its ``href`` only for ``http(s):``, ``mailto:`` and ``#…`` addresses
  (``javascript:`` and ``data:`` links lose it and become plain text in a ``<span>``);
- an image becomes a link to it (the site makes no request to another host);
- every ``id`` (footnotes, headings) and every ``#…`` link is prefixed with the comment's
  own anchor, so two comments, or a comment and its post, never share an id.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

#: Addresses a comment may link to: the web, mail, and places in the page.
_SAFE_HREF = re.compile(r"(?:https?:|mailto:|#)", re.IGNORECASE)
#: Bytes a browser drops from a URL before reading its scheme (``java\tscript:``).
_URL_NOISE = re.compile(r"[\x00-\x20\x7f]")


def safe_href(href: str) -> str | None:
    """``href`` when a comment may link to it, else ``None``."""
    cleaned = _URL_NOISE.sub("", href)
    return href.strip() if _SAFE_HREF.match(cleaned) else None


class _SafeTreeprocessor(Treeprocessor):
    def __init__(self, md: Markdown, extension: SafeCommentExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, root: etree.Element) -> None:
        prefix = self.extension.getConfig("id_prefix")
        for el in root.iter():
            if el.tag == "img":
                self._image_to_link(el)
            if el.tag == "a":
                self._check_link(el, prefix)
            if "id" in el.attrib and prefix:
                el.set("id", prefix + el.get("id"))

    @staticmethod
    def _image_to_link(el: etree.Element) -> None:
        src, alt = el.get("src", ""), el.get("alt", "")
        el.attrib.clear()
        el.tag = "a"
        el.text = f"图片：{alt}" if alt else "图片"
        el.set("href", src)

    @staticmethod
    def _check_link(el: etree.Element, prefix: str) -> None:
        href = safe_href(el.get("href", ""))
        if href is None:
            el.tag = "span"
            el.attrib.clear()
            return
        if href.startswith("#") and prefix:
            href = "#" + prefix + href[1:]
        el.set("href", href)


class SafeCommentExtension(Extension):
    """Raw HTML as text, safe links only, no images loaded, ids prefixed (see module doc)."""

    def __init__(self, **kwargs: object) -> None:
        self.config = {"id_prefix": ["", "prefix of every id and #fragment link"]}
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:
        md.preprocessors.deregister("html_block", strict=False)
        md.inlinePatterns.deregister("html", strict=False)
        # After every other treeprocessor (toc runs at 5, footnotes at 50 and 15).
        md.treeprocessors.register(_SafeTreeprocessor(md, self), "safe_comment", 1)
