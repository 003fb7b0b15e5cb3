"""Show the blog's images from the archive's own copies, and never load one from elsewhere.

The posts keep each image's original address (``https://kexue.fm/usr/uploads/…``), but the
site promises to make no request to another host.  So every ``<img>`` whose address is not
the site's own is rewritten when a post is read (``content_object_init``):

- a local copy exists (``scripts/fetch_images.py`` put it at the path
  :func:`kexue_archive.images.layout.image_key` names): the image shows that copy, through
  Pelican's ``{static}`` link, so the address is relative in the dev build (works from disk
  and under any sub-path) and absolute in the publish build, and Pelican copies exactly the
  copies that posts show into ``output/``;
- no copy: no ``<img>`` at all, a figure with the caption and a 查看原图 link instead.

Either way the caption (the image's alt text, else its title) is shown as escaped text
with a link to the original.  An image alone in its paragraph (``![c](url)``, possibly
wrapped in a link to itself, as the clipper saves it) becomes a ``<figure>``; an image
inside running text becomes an inline ``<span>`` of the same kind.  Only the tags of images
are touched (regular expressions over Pelican's rendered HTML, where an ``<img`` can only be
an element: Markdown escapes it in code and math), so every other byte stays the same.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from pelican import signals
from pelican.contents import Article, Page

from kexue_archive.images.layout import FETCH_SCHEMES, IMAGES_DIR, image_key

#: Settings read from the Pelican settings, with their defaults (documented in README.md).
DEFAULTS: dict[str, Any] = {
    # Folder under the content folder (PATH) where scripts/fetch_images.py keeps the copies.
    "IMAGES_DIR": IMAGES_DIR,
    # Text of the link to the original image.
    "IMAGES_LINK_TEXT": "查看原图",
    # Said where an image has no local copy.
    "IMAGES_MISSING_TEXT": "图片未存档",
    # Class of the figure (or span) of an image shown from its local copy.
    "IMAGES_FIGURE_CLASS": "image",
    # Class of the figure (or span) of an image without a local copy.
    "IMAGES_MISSING_CLASS": "image-missing",
}

_IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
#: A paragraph holding one image and nothing else, maybe wrapped in one link.
_IMAGE_PARAGRAPH = re.compile(
    r"<p>\s*(?:(?P<a><a\b[^>]*>)\s*)?(?P<img><img\b[^>]*>)\s*(?(a)</a>\s*)</p>", re.IGNORECASE
)
#: What browsers drop from a URL before reading it: leading/trailing C0 and space, tabs and
#: new lines anywhere (so ``java\tscript:`` is ``javascript:``).
_URL_STRIP = "".join(map(chr, range(0x21)))
_URL_DROPPED = re.compile(r"[\t\n\r]")
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*):")
#: ``//host`` and ``\\host`` (browsers read a backslash as a slash) leave the site too.
_OTHER_HOST = re.compile(r"[/\\]{2}")


def setting(settings: Mapping[str, Any], name: str) -> Any:
    """A plugin setting: the user's value, else the documented default."""
    return settings.get(name, DEFAULTS[name])


def original_address(src: str) -> str | None:
    """The address a browser would load for ``src`` when that is another host, else ``None``.

    ``None`` means the image is the site's own (a relative path, ``{static}``) or inline
    data (``data:``), which load nothing from elsewhere.  Any other scheme is returned as is
    (and is never linked).
    """
    url = _URL_DROPPED.sub("", src.strip(_URL_STRIP))
    if _OTHER_HOST.match(url):
        return "https:" + "//" + url[2:]
    scheme = _SCHEME.match(url)
    if scheme is None or scheme.group(1).lower() == "data":
        return None
    return url


class _Attributes(HTMLParser):
    """The attributes of one start tag, entities decoded (the standard library's parser)."""

    def __init__(self, tag: str) -> None:
        super().__init__(convert_charrefs=True)
        self.attrs: dict[str, str] = {}
        self.feed(tag)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            self.attrs.setdefault(name, value or "")


def rewrite_images(
    content: str, local_src: Callable[[str], str | None], settings: Mapping[str, Any]
) -> str:
    """``content`` with every image from another host shown from its copy or as a caption.

    ``local_src(url)`` gives the ``src`` of the local copy of ``url``, or ``None``.
    """

    def figure(match: re.Match[str]) -> str:
        img = _Attributes(match.group("img")).attrs
        wrapper = match.group("a")
        src = img.get("src", "")
        original = original_address(src)
        if original is None:
            return match.group(0)
        if wrapper and original_address(_Attributes(wrapper).attrs.get("href", "")) != original:
            return _IMG.sub(inline, match.group(0))  # a link elsewhere: keep it, image inline
        return _shown(img, original, local_src(original), settings, "figure")

    def inline(match: re.Match[str]) -> str:
        img = _Attributes(match.group(0)).attrs
        original = original_address(img.get("src", ""))
        if original is None:
            return match.group(0)
        return _shown(img, original, local_src(original), settings, "span")

    if not _IMG.search(content):
        return content
    return _IMG.sub(inline, _IMAGE_PARAGRAPH.sub(figure, content))


def _shown(
    img: Mapping[str, str], original: str, local: str | None, settings: Mapping[str, Any], tag: str
) -> str:
    """The figure (or inline span) for one image: its copy, or its caption, and a link."""
    caption = " ".join((img.get("alt") or img.get("title") or "").split())
    text = html.escape(caption)
    link = ""
    if (original.split(":", 1)[0]).lower() in FETCH_SCHEMES:
        link = (
            f'<a class="image-original" href="{html.escape(original)}" rel="external noopener">'
            f"{html.escape(setting(settings, 'IMAGES_LINK_TEXT'))}</a>"
        )
    inner = "span" if tag == "span" else "figcaption"
    if local is not None:
        shown = f'<img alt="{text}" src="{html.escape(local)}" loading="lazy">'
        classes = setting(settings, "IMAGES_FIGURE_CLASS")
    else:
        note = html.escape(setting(settings, "IMAGES_MISSING_TEXT"))
        shown = f'<span class="image-missing-note">{note}</span>'
        classes = setting(settings, "IMAGES_MISSING_CLASS")
    caption_span = f'<span class="image-caption">{text}</span>' if text else ""
    label = " ".join(part for part in (caption_span, link) if part)
    return f'<{tag} class="{html.escape(classes)}">{shown}<{inner}>{label}</{inner}></{tag}>'


def local_copy_finder(settings: Mapping[str, Any]) -> Callable[[str], str | None]:
    """``url -> "{static}/images/…"`` when the fetch script's copy of ``url`` is on disk."""
    images_dir = str(setting(settings, "IMAGES_DIR")).strip("/")
    root = Path(settings["PATH"]) / images_dir

    def find(url: str) -> str | None:
        key = image_key(url)
        if key is None or not (root / key).is_file():
            return None
        return f"{{static}}/{images_dir}/{key.as_posix()}"

    return find


def _on_content(content: object) -> None:
    """Rewrite a just-read post or page, before Pelican collects its ``{static}`` links."""
    if not isinstance(content, (Article, Page)) or not isinstance(content._content, str):
        return
    settings = content.settings
    content._content = rewrite_images(content._content, local_copy_finder(settings), settings)


def register() -> None:
    signals.content_object_init.connect(_on_content)
