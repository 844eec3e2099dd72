"""Pieces every page is made of: links between pages, tables, badges, labels, progress.

Tables, cards and fact lists are raw HTML blocks: Python-Markdown passes them through untouched,
so escaped values stay text whatever Markdown extensions the site enables.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from builder.model.campaign import Deliverable
from builder.render.context import SiteContext
from builder.render.format import (
    day,
    front_matter,
    html_text,
    md_text,
    platform_label,
    url_attr,
)
from builder.render.templating import Joined, Link
from builder.render.templating import external_link as external

EXTERNAL_REL = "nofollow noopener"


@dataclass(frozen=True)
class Cell:
    """A table cell: HTML content and, when the text would sort wrongly, a sort key."""

    html: str
    sort: str | None = None


def figure(svg: str, caption: str) -> str:
    """A chart with its caption."""
    return f'<figure class="nk-figure">{svg}<figcaption>{html_text(caption)}</figcaption></figure>'


def deliverable_label(deliverable: Deliverable) -> str:
    """'Instagram reel', or '3 × Instagram story' for several."""
    text = f"{platform_label(deliverable.platform)} {deliverable.type.value}"
    return f"{deliverable.count} × {text}" if deliverable.count > 1 else text


def link(url: str, text: str) -> str:
    """A link inside the site (`url` from SiteContext.href())."""
    return f'<a href="{html_text(url)}">{html_text(text)}</a>'


def external_link(url: str, text: str | None = None) -> str:
    """A link to a tracking, landing, post or profile URL from the content."""
    return (f'<a href="{url_attr(url)}" rel="{EXTERNAL_REL}">'
            f'{html_text(text if text is not None else url)}</a>')


POSTS_SHOWN = 3
"""Post links a table cell lists; beyond them it gives the count, so a page grows with its
people, not with their posts (the scorecard CSV lists every URL)."""


def post_links(urls: Sequence[str], every_url: str | None, separator: str = " ",
               numbered: bool = False) -> str:
    """Links to a deliverable's or creator's posts: 'Post' (unless `numbered`) or 'Post 1 Post
    2 …', or, beyond POSTS_SHOWN, their count with a link to `every_url` (the scorecard CSV)
    when given."""
    if len(urls) > POSTS_SHOWN:
        count = html_text(f"{len(urls):,} posts")
        return (f'{count} (<a href="{html_text(every_url)}" download>all URLs as CSV</a>)'
                if every_url else count)
    if len(urls) == 1 and not numbered:
        return external_link(urls[0], "Post")
    return separator.join(external_link(url, f"Post {i}") for i, url in enumerate(urls, start=1))


def post_values(urls: Sequence[str], every_url: str | None) -> object:
    """post_links() as a view-model value: 'Post', or 'Post 1 Post 2 …', or, beyond
    POSTS_SHOWN, their count with a link to `every_url` (the scorecard CSV) when given."""
    if len(urls) > POSTS_SHOWN:
        count = f"{len(urls):,} posts"
        return (Joined([f"{count} (", Link(every_url, "all URLs as CSV", download=True), ")"], "")
                if every_url else count)
    if len(urls) == 1:
        return external(urls[0], "Post")
    return [external(url, f"Post {i}") for i, url in enumerate(urls, start=1)]


def badge(text: str, tone: str) -> str:
    return f'<span class="nk-badge nk-badge--{html_text(tone)}">{html_text(text)}</span>'


def code(text: str) -> str:
    return f"<code>{html_text(text)}</code>"


def table(headers: Sequence[str], rows: Iterable[Sequence[Cell | str]], *,
          numeric: Iterable[int] = (), nowrap: Iterable[int] = (), wide: Iterable[int] = (),
          sortable: bool = True, caption: str = "") -> str:
    """An HTML table; cells are HTML (escape values before).

    On a phone each row stacks into a card, every cell under its column's name (data-label),
    so no page scrolls sideways; on wider screens a table wider than the column scrolls in a
    wrapper that the keyboard can reach. `numeric` columns are right-aligned; `nowrap` columns
    (dates) keep to one line; `wide` columns (notes, evidence) get room instead of squeezing the
    row tall; `sortable` lets nanokit.js sort by a header click (the table reads the same
    without it).
    """
    right = set(numeric)
    single_line = set(nowrap)
    roomy = set(wide)
    parts = ['\n<div class="nk-table-wrap" markdown="0" tabindex="0">',
             f'<table class="nk-table{" nk-sortable" if sortable else ""}">']
    if caption:
        parts.append(f"<caption>{html_text(caption)}</caption>")
    parts.append("<thead><tr>")
    for index, header in enumerate(headers):
        align = ' class="nk-num"' if index in right else ""
        parts.append(f'<th scope="col"{align}>{html_text(header)}</th>')
    parts.append("</tr></thead><tbody>")
    labels = [f' data-label="{html_text(header)}"' if header else "" for header in headers]
    for row in rows:
        parts.append("<tr>")
        for index, cell in enumerate(row):
            content = cell.html if isinstance(cell, Cell) else cell
            sort = cell.sort if isinstance(cell, Cell) else None
            attributes = (' class="nk-num"' if index in right
                          else ' class="nk-nowrap"' if index in single_line
                          else ' class="nk-wide"' if index in roomy else "")
            if sort is not None:
                attributes += f' data-sort="{html_text(sort)}"'
            if index < len(labels):
                attributes += labels[index]
            parts.append(f"<td{attributes}>{content}</td>")
        parts.append("</tr>")
    parts.append("</tbody></table></div>\n")
    return "".join(parts)


def facts(items: Sequence[tuple[str, str]]) -> str:
    """A definition list of label → HTML value pairs (campaign facts, profile facts)."""
    rows = "".join(f"<dt>{html_text(label)}</dt><dd>{value}</dd>" for label, value in items)
    return f'\n<dl class="nk-facts" markdown="0">{rows}</dl>\n'


def html_block(content: str, css_class: str) -> str:
    """Any HTML as one raw block (blank lines around it keep Markdown out)."""
    return f'\n<div class="{html_text(css_class)}" markdown="0">{content}</div>\n'


def bullet_list(items: Sequence[str], css_class: str = "nk-list") -> str:
    """A list of HTML items as a raw block."""
    body = "".join(f"<li>{item}</li>" for item in items)
    return f'\n<ul class="{html_text(css_class)}" markdown="0">{body}</ul>\n'


def note(text: str) -> str:
    """A muted line of plain text, e.g. 'No deliverables yet.'"""
    return f'\n<p class="nk-muted" markdown="0">{html_text(text)}</p>\n'


def as_of_line(ctx: SiteContext) -> str:
    """The 'as of' statement pages with deadlines print, so readers know what 'today' is."""
    when = html_text(day(ctx.facts.as_of, ctx.locale))
    return f'\n<p class="nk-as-of" markdown="0">As of {when}, the day this site was built.</p>\n'


def contract_link_values(ctx: SiteContext, slug: str, handle: str,
                         from_src: str) -> Joined:
    """Links to the engagement's contract: the signed copy when committed, else the generated
    one; the team also gets the generated one beside the signed."""
    key = (slug, handle)
    shown = ctx.contracts.get(key)
    generated = ctx.generated_contracts.get(key)
    links = []
    if shown is not None:
        signed = shown != generated
        links.append(Link(ctx.href(from_src, shown),
                          "Signed contract (PDF)" if signed else "Contract (PDF)"))
        if signed and generated is not None and ctx.audience.kind == "team":
            links.append(Link(ctx.href(from_src, generated), "Generated contract (PDF)"))
    elif generated is not None:
        links.append(Link(ctx.href(from_src, generated), "Contract (PDF)"))
    return Joined(links, " · ")


def contract_links(ctx: SiteContext, slug: str, handle: str, from_src: str) -> list[str]:
    """contract_link_values() as HTML, for pages not yet made from a template."""
    return [link(item.url, item.text)
            for item in contract_link_values(ctx, slug, handle, from_src).items
            if isinstance(item, Link)]


def page(title: str, *sections: str, heading: str | None = None, wide: bool = False) -> str:
    """Front matter, the H1 (`heading`, else the title) and the sections, separated by blank
    lines so raw HTML blocks stay raw. A `wide` page (a big table) hides Material's table of
    contents to give the content its width."""
    body = "\n\n".join(section.strip("\n") for section in sections if section)
    meta = front_matter(title, hide=["toc"]) if wide else front_matter(title)
    return f"{meta}# {md_text(heading or title)}\n\n{body}\n"
