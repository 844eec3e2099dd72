"""Pieces the page view models share: deliverable labels, post links and contract links."""

from __future__ import annotations

from collections.abc import Sequence

from builder.model.campaign import Deliverable
from builder.render.context import SiteContext
from builder.render.format import platform_label
from builder.render.templating import Joined, Link, Stacked
from builder.render.templating import external_link as external


def deliverable_label(deliverable: Deliverable) -> str:
    """'Instagram reel', or '3 × Instagram story' for several."""
    text = f"{platform_label(deliverable.platform)} {deliverable.type.value}"
    return f"{deliverable.count} × {text}" if deliverable.count > 1 else text


POSTS_SHOWN = 3
"""Post links a table cell lists; beyond them it gives the count, so a page grows with its
people, not with their posts (the scorecard CSV lists every URL)."""


def post_values(urls: Sequence[str], every_url: str | None, stacked: bool = False) -> object:
    """Links to a deliverable's or creator's posts: 'Post' or 'Post 1 Post 2 …' (one under
    the other when `stacked`), or, beyond POSTS_SHOWN, their count with a link to `every_url`
    (the scorecard CSV) when given."""
    if len(urls) > POSTS_SHOWN:
        count = f"{len(urls):,} posts"
        return (Joined([f"{count} (", Link(every_url, "all URLs as CSV", download=True), ")"], "")
                if every_url else count)
    if len(urls) == 1 and not stacked:
        return external(urls[0], "Post")
    links = [external(url, f"Post {i}") for i, url in enumerate(urls, start=1)]
    return Stacked(links) if stacked else links


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
