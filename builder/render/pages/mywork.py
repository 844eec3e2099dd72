"""A creator's "My work": every deliverable across campaigns by due date, and per campaign
what to post with (link, code, disclosure), the contract and the payment schedule."""

from __future__ import annotations

from urllib.parse import urlsplit

from builder.facts import owes_payment
from builder.model.campaign import CampaignStatus, EngagementStatus
from builder.model.content import Draft
from builder.render.context import SiteContext, SiteFiles
from builder.render.format import day, html_text, label_of, md_text, safe_url
from builder.render.markdown import caption_html
from builder.render.pages.campaigns import (
    disclosure_list,
    payments_table,
    sorted_campaigns,
)
from builder.render.pages.parts import (
    Cell,
    as_of_line,
    badge,
    code,
    contract_links,
    deliverable_label,
    external_link,
    facts,
    html_block,
    link,
    note,
    page,
    platform_label,
    table,
)
from builder.render.paths import MY_WORK, campaign_page
from builder.render.templating import Link
from builder.tracking import tracking_url


def render_my_work(ctx: SiteContext) -> SiteFiles:
    """my-work.md for a creator build (the program holds only their engagements)."""
    handle = ctx.audience.id or ""
    locale = ctx.locale
    rows: list[tuple[str, list[Cell | str]]] = []
    sections: list[str] = []
    for slug, campaign in sorted_campaigns(ctx):
        spec = campaign.spec
        engagement = spec.engagement(handle)
        if (engagement is None or engagement.status == EngagementStatus.DECLINED
                or spec.status == CampaignStatus.CANCELLED):
            continue
        campaign_link = link(ctx.href(MY_WORK, campaign_page(slug)), spec.title)
        known = ctx.engagement(slug, handle)
        for fact in known.deliverables:
            deliverable, state = fact.deliverable, fact.progress
            status = badge(state.label, state.tone)
            if fact.overdue:
                status += " " + badge("Overdue", "late")
            url = tracking_url(spec, slug, handle, deliverable.platform.value)
            rows.append((f"{deliverable.due.isoformat()} {slug} {deliverable.id}", [
                Cell(html_text(day(deliverable.due, locale)), deliverable.due.isoformat()),
                campaign_link,
                f"{html_text(deliverable_label(deliverable))} {code(deliverable.id)}",
                status,
                # The full URL is in the campaign's section below; a table cell only has room
                # for the link itself.
                external_link(url, f"{platform_label(deliverable.platform)} link") if url else "",
                code(engagement.promo_code) if engagement.promo_code else "",
            ]))
        items: list[tuple[str, str]] = [
            ("Your status", badge(label_of(engagement.status), engagement.status.value))]
        if engagement.promo_code:
            items.append(("Promo code", code(engagement.promo_code)))
        platforms = sorted({d.platform.value for d in engagement.deliverables})
        for platform in platforms:
            url = tracking_url(spec, slug, handle, platform)
            if url:
                items.append((f"Tracking link ({platform_label(platform)})",
                              f'<span class="nk-url">{external_link(url)}</span>'))
        contracts = contract_links(ctx, slug, handle, MY_WORK)
        items.append(("Contract", " · ".join(contracts) if contracts
                      else html_text("none yet")))
        sections += [f"### {md_text(spec.title)}",
                     html_block(link(ctx.href(MY_WORK, campaign_page(slug)), "Brief and terms"),
                                "nk-links"),
                     facts(items), "**Disclosure**", disclosure_list(spec)]
        drafts = {d.deliverable: d for d in campaign.drafts if d.handle == handle}
        if drafts:
            sections += ["**Your drafts**", html_block("".join(
                _draft(drafts[ident], fact.progress.label)
                for ident in sorted(drafts)
                for fact in known.deliverables if fact.deliverable.id == ident),
                "nk-drafts")]
        if owes_payment(engagement):
            sections.append(payments_table(ctx, spec.currency, engagement, known))
    subscribe = calendar_link_values(ctx, MY_WORK)
    body = [as_of_line(ctx)]
    if subscribe:
        body.append(ctx.templates.macro("links", subscribe, " · ", "nk-links nk-subscribe"))
    body += ["## Deliverables by due date",
             table(["Due", "Campaign", "Deliverable", "Status", "Tracking link", "Code"],
                   [row for _, row in sorted(rows, key=lambda item: item[0])], nowrap=[0])
             if rows else note("No deliverables yet."),
             "## By campaign", *sections]
    return {MY_WORK: page("My work", *body)}


def _draft(draft: Draft, status: str) -> str:
    """A draft's caption as it will be posted, folded under its deliverable and status."""
    return (f'<details class="nk-draft"><summary>{code(draft.deliverable)} '
            f"{html_text(status)}</summary>"
            f"{caption_html(draft.caption)}</details>")


def calendar_link_values(ctx: SiteContext, from_src: str) -> list[object]:
    """'Subscribe' (webcal) and 'Download' links to the creator's iCalendar feed, or none.

    webcal:// needs the host, which only a configured site_url gives at build time; otherwise
    nanokit.js turns the relative link into webcal:// in the browser, and without JavaScript
    it still opens the .ics file, which calendar apps offer to import.
    """
    path = ctx.calendars.get(ctx.audience.id or "")
    if path is None:
        return []
    relative = ctx.href(from_src, path)
    site_url = ctx.program.config.site_url
    if site_url:
        parts = urlsplit(site_url.rstrip("/") + "/" + path)
        subscribe = Link(safe_url("webcal://" + parts.netloc + parts.path),
                         "Subscribe to your deadlines")
    else:
        subscribe = Link(relative, "Subscribe to your deadlines", webcal=True)
    return [[subscribe, "(iCalendar)"],
            Link(relative, "Download the calendar file", download=True)]
