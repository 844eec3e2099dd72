"""Markdown written by creators and brands (media kits, briefs) as sanitised HTML.

The result is embedded as a raw HTML block, which MkDocs passes through without reading it as
Markdown again, so what the sanitiser lets through is exactly what reaches the page.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache

import markdown as markdown_lib
import nh3

from builder.limits import MARKDOWN_SECONDS, TimeLimitExceeded, time_limit
from builder.problems import Problem, ProblemError
from builder.render.format import html_text

ALLOWED_TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "details", "dl", "dt", "em",
    "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "kbd", "li", "mark", "ol", "p", "pre", "q",
    "s", "small", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th",
    "thead", "tr", "u", "ul",
})
"""Text structure only. No img: a picture on another host would be fetched when the page is
viewed (SPEC §9), and files next to media-kit.md are not part of the site."""

ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "td": {"align", "colspan", "rowspan"},
    "th": {"align", "colspan", "rowspan"},
    "ol": {"start"},
}

DROPPED_WITH_CONTENT = frozenset({
    "script", "style", "iframe", "object", "embed", "template", "noscript", "textarea",
    "select", "svg", "math", "form",
})
"""Removed together with their content, so no script text is left behind as visible prose."""

URL_SCHEMES = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow noopener"

_HEADING_TAG = re.compile(r"<(/?)h([1-6])\b")
_EMPTY_PARAGRAPH = re.compile(r"<p>\s*</p>\n*")


_CONVERTERS = threading.local()


def _converter() -> markdown_lib.Markdown:
    """This thread's Markdown converter: setting one up (its extensions and processors) costs
    about as much as converting a media kit, so each thread keeps one and resets it."""
    converter: markdown_lib.Markdown | None = getattr(_CONVERTERS, "converter", None)
    if converter is None:
        converter = _CONVERTERS.converter = markdown_lib.Markdown(
            extensions=["tables", "fenced_code", "sane_lists"], output_format="html")
    return converter


def render_markdown(text: str, *, heading_offset: int = 1, source: str = "") -> str:
    """Sanitised HTML for `text`; headings move down `heading_offset` levels (at most h6).

    The page has its own title and sections, so a creator's `#` heading must not compete with
    them. Raises ProblemError at `source` (the file's path) when rendering takes too long.
    """
    try:
        return _sanitised_html(text, heading_offset)
    except TimeLimitExceeded as error:
        raise ProblemError(Problem(
            source, None, None, "error", "markdown-too-slow",
            f"the Markdown {error} to render", "Simplify the text: fewer brackets, "
            "shallower lists and quotes, shorter paragraphs.")) from None


@lru_cache(maxsize=512)
def _sanitised_html(text: str, heading_offset: int) -> str:
    # Kept by text: `--audience all` shows a campaign's brief on the site of every creator in
    # it, and a media kit on several sites. The HTML depends on nothing but the text and the
    # offset, so a site gets exactly what rendering it afresh would give.
    converter = _converter()
    try:
        with time_limit(MARKDOWN_SECONDS):
            html = converter.reset().convert(text)
    except TimeLimitExceeded:
        _CONVERTERS.converter = None  # cut short mid-text: the next text gets a fresh one
        raise
    cleaned = nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel=LINK_REL,
        strip_comments=True,
    )
    # A paragraph that held only a removed element (a script, an iframe) would leave a gap.
    cleaned = _EMPTY_PARAGRAPH.sub("", cleaned)
    if heading_offset:
        cleaned = _HEADING_TAG.sub(
            lambda m: f"<{m.group(1)}h{min(int(m.group(2)) + heading_offset, 6)}", cleaned)
    return cleaned


def prose_block(text: str, *, source: str, css_class: str = "nk-prose",
                heading_offset: int = 1) -> str:
    """Creator Markdown as a raw HTML block ready to place between Markdown paragraphs.

    Blank lines around the block make Python-Markdown treat it as one raw block;
    `markdown="0"` keeps md_in_html from parsing it again.
    """
    body = render_markdown(text, heading_offset=heading_offset, source=source)
    return f'\n<div class="{html_text(css_class)}" markdown="0">\n{body}\n</div>\n\n'


def caption_html(caption: str) -> str:
    """A post caption exactly as it will be posted: escaped text, line breaks kept (CSS)."""
    return f'<div class="nk-caption">{html_text(caption.strip())}</div>'
