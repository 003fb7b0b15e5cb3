"""Allowlist the HTML of a post, an excerpt or a comment, and neutralise TeX in it.

Everything on the page comes from saved pages anyone could have written (comments most
of all), and Markdown passes raw HTML through.  :func:`guard_html` keeps the elements and
attributes Markdown itself produces, drops the rest, checks every URL after decoding it
as a browser does, keeps the page's own ids for the page, and runs
:func:`tex_policy.neutralise_tex` over the text MathJax will read.  HTML with nothing to
neutralise comes back byte for byte, so turning the guard on changes no harmless page.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from kexue_archive.rendered_html import MATH_CLASS

from .html_tokens import (
    PLAIN_ATTRIBUTE,
    PLAIN_NAME,
    PlainSplit,
    Token,
    parsed_tokens,
    plain_split,
    plain_start_token,
)
from .page_ids import theme_ids
from .tex_policy import RULED_WORD, neutralise_tex


def _names(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: Elements removed together with everything inside them: they run script, load other
#: documents or fonts, submit, or hold markup a browser parses differently (svg, math).
DROP_WITH_CONTENT = _names(
    "script style iframe frame frameset object embed applet form textarea select button"
    " input option template noscript noembed noframes xmp plaintext title head base link"
    " meta svg math video audio source track canvas portal dialog"
)

#: Elements Markdown (with its extra and codehilite extensions) and the blog's HTML use.
ALLOWED_TAGS = _names(
    "a abbr b blockquote br caption cite code col colgroup dd del details div dl dt em"
    " figcaption figure h1 h2 h3 h4 h5 h6 hr i img ins kbd li mark ol p pre q s samp small"
    " span strong sub summary sup table tbody td tfoot th thead tr u ul var wbr"
)
VOID_TAGS = frozenset(["br", "col", "hr", "img", "wbr"])
#: Text inside these is shown as code, never typeset.
CODE_TAGS = frozenset(["code", "pre", "kbd", "samp"])

#: Attributes allowed on any element / on some; everything else (on*, style, srcset,
#: formaction, name, ...) is dropped.
GLOBAL_ATTRS = frozenset({"class", "id", "title", "lang", "dir"})
TAG_ATTRS: dict[str, frozenset[str]] = {
    "a": frozenset({"href", "rel"}),
    "img": frozenset({"src", "alt", "width", "height"}),
    "ol": frozenset({"start", "type", "reversed"}),
    "li": frozenset({"value"}),
    "td": frozenset({"colspan", "rowspan", "align", "style"}),
    "th": frozenset({"colspan", "rowspan", "align", "style", "scope"}),
    "col": frozenset({"span"}),
}
#: The one inline style kept: Markdown's table-cell alignment.
ALLOWED_STYLE = re.compile(r"text-align: (?:left|right|center);?")
#: Characters a browser ignores in a URL (C0 controls, space, DEL); tabs and newlines
#: even in the middle, so ``java&#x09;script:`` is ``javascript:`` to it.
URL_IGNORED = re.compile(r"[\x00-\x20\x7f]+")
URL_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")

#: A start tag or end tag in the plain form Markdown writes, which every HTML parser
#: reads alike; anything else is written anew from the parsed attributes.
PLAIN_START = re.compile(rf"<{PLAIN_NAME}(?:\s+{PLAIN_ATTRIBUTE})*\s*/?>")
PLAIN_END = re.compile(rf"</{PLAIN_NAME}>")


class KeptTag(NamedTuple):
    """What the guard found about a start tag it keeps as written (see ``kept_start_tags``)."""

    opens_math: bool
    #: the id it gives its element: the tag is kept only where no element has it yet
    id: str | None
    #: False for a void element (``<br>``) or a tag closing itself (``<p/>``)
    has_content: bool


#: Ids and classes MathJax gives its own elements (``MathJax-script``, ``mjx-eqn:1``).
ENGINE_ID_PREFIXES = ("MathJax", "mjx-")


@dataclass(frozen=True)
class HtmlPolicy:
    """What content HTML may hold; ``DEFAULT_POLICY`` is the site's (see README.md)."""

    href_schemes: frozenset[str] = frozenset({"http", "https", "mailto"})
    #: ``src`` loads without a click, so only same-site (relative) sources by default.
    src_schemes: frozenset[str] = frozenset()
    #: Ids the theme uses (``site-search``...) and id prefixes (``entry-`` for
    #: ``entry-{{ loop.index }}``); content never gets them.
    reserved_ids: frozenset[str] = field(default_factory=lambda: theme_ids()[0])
    reserved_id_prefixes: tuple[str, ...] = field(
        default_factory=lambda: ENGINE_ID_PREFIXES + theme_ids()[1]
    )
    #: Class names content may not use, in any case (MathJax's ``mjx-``, ``MJX-TEX``...).
    reserved_class_prefixes: tuple[str, ...] = ENGINE_ID_PREFIXES
    #: An off-site image becomes a link to it, with this text (and its alt text).
    offsite_image_label: str = "图片"
    allowed_tags: frozenset[str] = ALLOWED_TAGS
    tag_attrs: dict[str, frozenset[str]] = field(default_factory=lambda: dict(TAG_ATTRS))
    #: Start tags this policy keeps byte for byte wherever they stand, each mapped to
    #: whether it opens a formula and the id it gives (kept only where the page has no
    #: element of that id yet).  A post has hundreds of tags and few distinct ones, so
    #: each is judged once per build.
    kept_start_tags: dict[str, KeptTag] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )


#: This site's policy with this project's theme (what comments and tests use).
DEFAULT_POLICY = HtmlPolicy()


def url_scheme(value: str) -> str | None:
    """The scheme a browser would see in an attribute value (already entity-decoded)."""
    cleaned = URL_IGNORED.sub("", value).replace("\\", "/")
    match = URL_SCHEME.match(cleaned)
    if match:
        return match.group(1).lower()
    return "//" if cleaned.startswith("//") else None


def url_allowed(value: str, schemes: Iterable[str]) -> bool:
    """True for a relative URL (not ``//host``) or one whose scheme is in ``schemes``."""
    scheme = url_scheme(value)
    return scheme is None or scheme in schemes or (scheme == "//" and "https" in schemes)


def _show(text: str, limit: int = 60) -> str:
    clean = "".join(c if c.isprintable() else "?" for c in text)
    return repr(clean if len(clean) <= limit else clean[: limit - 1] + "…")


class _Guard:
    """One pass over the tokens of one HTML fragment."""

    def __init__(self, policy: HtmlPolicy) -> None:
        self.policy = policy
        self.out: list[str] = []
        self.found: list[str] = []
        # open elements: (name, kept?, index in out after the start tag if math else -1)
        self.stack: list[tuple[str, bool, int]] = []
        self.math_text: list[list[str]] = []  # decoded text of each open math element
        self.skipping: tuple[str, int] | None = None  # (element, nesting) being dropped
        self.ids: set[str] = set()

    # -- attributes -------------------------------------------------------------------
    def _attr_kept(self, tag: str, name: str, value: str | None) -> str | None:
        """The value to keep for one attribute, or ``None`` to drop it (recorded)."""
        policy = self.policy
        allowed = name in GLOBAL_ATTRS or name in policy.tag_attrs.get(tag, frozenset())
        if not allowed:
            self.found.append(f"attribute {name}={_show(value or '')} on <{tag}> removed")
            return None
        value = value or ""
        if name == "href" and not url_allowed(value, policy.href_schemes):
            self.found.append(f"link {_show(value)} on <{tag}> removed")
            return None
        if name == "src" and not url_allowed(value, policy.src_schemes):
            self.found.append(f"source {_show(value)} on <{tag}> removed (off-site)")
            return None
        if name == "style" and not ALLOWED_STYLE.fullmatch(value.strip()):
            self.found.append(f"style {_show(value)} on <{tag}> removed")
            return None
        if name == "id":
            reserved = value in policy.reserved_ids or value.startswith(policy.reserved_id_prefixes)
            if reserved or value in self.ids:
                why = "the page's own" if reserved else "repeated"
                self.found.append(f"id {_show(value)} on <{tag}> removed ({why})")
                return None
            self.ids.add(value)
        if name == "class":
            reserved = tuple(p.lower() for p in policy.reserved_class_prefixes)
            kept = [c for c in value.split() if not c.lower().startswith(reserved)]
            if kept != value.split():
                self.found.append(f"class {_show(value)} on <{tag}> reduced")
                return " ".join(kept) if kept else None
        return value

    def _start(self, token: Token) -> None:
        tag = token.name
        if tag in DROP_WITH_CONTENT:
            self.found.append(f"<{tag}> element removed")
            if not token.self_closing and tag not in VOID_TAGS:
                self.skipping = (tag, 1)
            return
        if tag not in self.policy.allowed_tags:
            self.found.append(f"<{tag}> tag removed (its text kept)")
            if not token.self_closing:
                self.stack.append((tag, False, -1))
            return
        source = (dict(token.attrs).get("src") or "") if tag == "img" else ""
        policy = self.policy
        if not url_allowed(source, policy.src_schemes) and url_allowed(source, policy.href_schemes):
            self._offsite_image(source, dict(token.attrs).get("alt") or "")
            return
        kept = [(n, self._attr_kept(tag, n, v)) for n, v in token.attrs]
        attrs = [(n, v) for n, v in kept if v is not None]
        unchanged = len(attrs) == len(token.attrs) and all(
            v == (orig or "") for (_, v), (_, orig) in zip(attrs, token.attrs, strict=True)
        )
        is_math = MATH_CLASS in dict(attrs).get("class", "").split()
        if unchanged and PLAIN_START.fullmatch(token.raw):
            self.out.append(token.raw)
            ids = [v for n, v in attrs if n == "id"]
            if len(ids) <= 1:
                has_content = not token.self_closing and tag not in VOID_TAGS
                kept = KeptTag(is_math, ids[0] if ids else None, has_content)
                self.policy.kept_start_tags[token.raw] = kept
        else:
            text = "".join(f' {n}="{html.escape(v)}"' for n, v in attrs)
            self.out.append(f"<{tag}{text}{' /' if token.self_closing else ''}>")
        self._open(token, is_math)

    def _open(self, token: Token, is_math: bool) -> None:
        """Push a kept element written out, unless it has no content."""
        if token.self_closing or token.name in VOID_TAGS:
            return
        self.stack.append((token.name, True, len(self.out) if is_math else -1))
        if is_math:
            self.math_text.append([])

    def _offsite_image(self, source: str, alt: str) -> None:
        """An image on another host is not loaded; the reader gets a link to it instead
        (plain text inside a link, where a second link would break the first)."""
        name = self.policy.offsite_image_label
        label = f"[{name}：{alt}]" if alt else f"[{name}]"
        self.found.append(f"image {_show(source)} shown as a link (off-site)")
        if any(name == "a" and kept for name, kept, _ in self.stack):
            self.out.append(html.escape(label, quote=False))
        else:
            self.out.append(
                f'<a href="{html.escape(source)}">{html.escape(label, quote=False)}</a>'
            )

    def _end(self, token: Token) -> None:
        names = [name for name, _, _ in self.stack]
        if token.name not in names:
            if token.name in self.policy.allowed_tags and token.name not in VOID_TAGS:
                self.found.append(f"stray </{token.name}> removed")
            return
        index = len(names) - 1 - names[::-1].index(token.name)
        for name, kept, math_at in reversed(self.stack[index + 1 :]):
            self._close(name, kept, math_at, None)
        name, kept, math_at = self.stack[index]
        del self.stack[index:]
        self._close(name, kept, math_at, token.raw)

    def _close(self, name: str, kept: bool, math_at: int, raw: str | None) -> None:
        if math_at >= 0:
            self._check_math(math_at)
        if kept:
            self.out.append(raw if raw is not None and PLAIN_END.fullmatch(raw) else f"</{name}>")

    def _check_math(self, inner_at: int) -> None:
        """Neutralise the TeX of a math element, read as MathJax reads it (decoded)."""
        tex = "".join(self.math_text.pop())
        new, found = neutralise_tex(tex)
        if found:
            self.found.extend(found)
            del self.out[inner_at:]
            self.out.append(html.escape(new, quote=False))
        if self.math_text:  # math inside math: the outer element reads this text too
            self.math_text[-1].append(tex)

    def _text(self, raw: str) -> None:
        shown = raw.replace("<", "&lt;")  # a "<" the parser left as text stays text
        if self.math_text:
            self.math_text[-1].append(html.unescape(raw))
            self.out.append(shown)
            return
        tex = html.unescape(raw)
        if RULED_WORD.search(tex) is None or any(n in CODE_TAGS for n, _, _ in self.stack):
            self.out.append(shown)  # nothing that can act, or code: shown, never typeset
            return
        new, found = neutralise_tex(tex)
        if found:  # bare TeX outside math elements: not typeset today, inert anyway
            self.found.extend(found)
            shown = html.escape(new, quote=False)
        self.out.append(shown)

    def _skip(self, kind: str, name: str) -> None:
        """Drop one token inside an element removed with its content."""
        assert self.skipping is not None
        tag, depth = self.skipping
        if kind in ("start", "end") and name == tag:
            depth += 1 if kind == "start" else -1
        self.skipping = (tag, depth) if depth else None

    def run(self, tokens: Iterable[Token]) -> str:
        """Guard HTML given as tokens (what html.parser read)."""
        for token in tokens:
            if self.skipping is not None:
                self._skip(token.kind, token.name)
            elif token.kind == "text":
                self._text(token.raw)
            elif token.kind == "start":
                self._start(token)
            elif token.kind == "end":
                self._end(token)
            else:
                self.found.append(f"{token.name} removed")
        return self._finish()

    def run_plain(self, split: PlainSplit) -> str:
        """Guard HTML all in Markdown's plain form, as :func:`run` guards its tokens.

        The first branch of each kind is Markdown's common case, done in line: text with
        nothing to escape or neutralise, a start tag kept before (``kept_start_tags``),
        the end tag of the element opened last.  Everything else goes to the methods
        :func:`run` uses, with the token it would have given them.
        """
        out, stack, math_text, ids = self.out, self.stack, self.math_text, self.ids
        kept_start_tags = self.policy.kept_start_tags
        for text, raw, name, attributes, closing, end_name in split.steps:
            if self.skipping is not None:  # the text goes, the tag may end the skipping
                self._skip(*(("start", name) if end_name is None else ("end", end_name)))
                continue
            if not text:
                pass
            elif math_text or "&" in text or RULED_WORD.search(text):
                self._text(text)
            else:
                out.append(text)
            if end_name is not None:
                if stack and stack[-1][0] == end_name:
                    self._close(*stack.pop(), raw)
                else:
                    self._end(Token("end", raw, end_name))
                continue
            kept = kept_start_tags.get(raw)
            if kept is None or kept.id in ids:
                self._start(plain_start_token(raw, name, attributes, closing))
                continue
            if kept.id is not None:
                ids.add(kept.id)
            out.append(raw)
            if kept.has_content:
                stack.append((name, True, len(out) if kept.opens_math else -1))
                if kept.opens_math:
                    math_text.append([])
        if split.tail and self.skipping is None:
            self._text(split.tail)
        return self._finish()

    def _finish(self) -> str:
        """Close what is still open and return the guarded HTML."""
        if self.skipping is not None:
            self.found.append(f"unclosed <{self.skipping[0]}>: the rest removed")
        if self.stack:
            self.found.append("unclosed elements closed: " + " ".join(n for n, *_ in self.stack))
            for name, kept, math_at in reversed(self.stack):
                self._close(name, kept, math_at, None)
        return "".join(self.out)


def guard_html(html_text: str, policy: HtmlPolicy = DEFAULT_POLICY) -> tuple[str, list[str]]:
    """Return ``html_text`` made safe to show on the site, and what was neutralised.

    The list names each element, attribute, URL, id or TeX command changed, in order;
    when it is empty the returned string is ``html_text`` itself.  Call it on every
    rendered post body, excerpt and comment before it reaches a template.
    """
    guard = _Guard(policy)
    split = plain_split(html_text)
    result = guard.run(parsed_tokens(html_text)) if split is None else guard.run_plain(split)
    if not guard.found:
        if result != html_text:  # markup in a form we rewrote: say so, keep the rewrite
            guard.found.append("markup normalised")
        else:
            return html_text, []
    return result, guard.found
