"""A creator's "My work": every deliverable across campaigns by due date, and per campaign
what to post with (link, code, disclosure), the contract and the payment schedule."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from builder.facts import owes_payment
from builder.model.campaign import CampaignStatus, EngagementStatus
from builder.render.context import SiteContext, SiteFiles
from builder.render.format import day, label_of, platform_label, safe_url
from builder.render.pages.campaigns import (
    Disclosure,
    PaymentSchedule,
    disclosure_view,
    payment_schedule,
    sorted_campaigns,
)
from builder.render.pages.parts import (
    contract_link_values,
    deliverable_label,
)
from builder.render.paths import MY_WORK, campaign_page
from builder.render.templating import (
    Badge,
    Code,
    Column,
    Link,
    PageView,
    Sorted,
    Span,
    Table,
    external_link,
)
from builder.tracking import tracking_url


@dataclass(frozen=True)
class DraftCaption:
    """A draft's caption as it will be posted, under its deliverable and status."""

    deliverable: str
    status: str
    caption: str


@dataclass(frozen=True)
class CampaignWork:
    """One campaign of My work: what to post with, the rules, the drafts and the payments."""

    title: str
    brief: Link
    facts: list[tuple[str, object]]
    """Status, promo code, tracking links and the contract."""
    disclosure: Disclosure
    drafts: list[DraftCaption]
    schedule: PaymentSchedule | None
    """Only when the engagement is paid for."""


@dataclass(frozen=True, kw_only=True)
class MyWorkView(PageView):
    """A creator's my-work.md (pages/my-work.md.j2)."""

    as_of: str
    subscribe: list[object]
    """Links to the creator's calendar feed, when they have deliverables."""
    deliverables: Table
    """Every deliverable across campaigns by due date."""
    campaigns: list[CampaignWork]


_DELIVERABLE_COLUMNS = (Column("Due", "due", nowrap=True), Column("Campaign", "campaign"),
                        Column("Deliverable", "deliverable"), Column("Status", "status"),
                        Column("Tracking link", "link"), Column("Code", "code"))


def render_my_work(ctx: SiteContext) -> SiteFiles:
    """my-work.md for a creator build (the program holds only their engagements)."""
    return {MY_WORK: ctx.templates.render("pages/my-work.md.j2", my_work_view(ctx))}


def my_work_view(ctx: SiteContext) -> MyWorkView:
    handle = ctx.audience.id or ""
    locale = ctx.locale
    rows: list[tuple[str, dict[str, object]]] = []
    campaigns: list[CampaignWork] = []
    for slug, campaign in sorted_campaigns(ctx):
        spec = campaign.spec
        engagement = spec.engagement(handle)
        if (engagement is None or engagement.status == EngagementStatus.DECLINED
                or spec.status == CampaignStatus.CANCELLED):
            continue
        campaign_link = Link(ctx.href(MY_WORK, campaign_page(slug)), spec.title)
        known = ctx.engagement(slug, handle)
        code = Code(engagement.promo_code) if engagement.promo_code else ""
        for fact in known.deliverables:
            deliverable, state = fact.deliverable, fact.progress
            status = [Badge(state.label, state.tone)]
            if fact.overdue:
                status.append(Badge("Overdue", "late"))
            url = tracking_url(spec, slug, handle, deliverable.platform.value)
            rows.append((f"{deliverable.due.isoformat()} {slug} {deliverable.id}", {
                "due": Sorted(day(deliverable.due, locale), deliverable.due.isoformat()),
                "campaign": campaign_link,
                "deliverable": [deliverable_label(deliverable), Code(deliverable.id)],
                "status": status,
                # The full URL is in the campaign's section below; a table cell only has room
                # for the link itself.
                "link": external_link(url, f"{platform_label(deliverable.platform)} link")
                if url else "",
                "code": code,
            }))
        items: list[tuple[str, object]] = [
            ("Your status", Badge(label_of(engagement.status), engagement.status.value))]
        if engagement.promo_code:
            items.append(("Promo code", code))
        for platform in sorted({d.platform.value for d in engagement.deliverables}):
            url = tracking_url(spec, slug, handle, platform)
            if url:
                items.append((f"Tracking link ({platform_label(platform)})",
                              Span(external_link(url), "nk-url")))
        contracts = contract_link_values(ctx, slug, handle, MY_WORK)
        items.append(("Contract", contracts if contracts.items else "none yet"))
        drafts = {d.deliverable: d for d in campaign.drafts if d.handle == handle}
        campaigns.append(CampaignWork(
            title=spec.title, brief=Link(campaign_link.url, "Brief and terms"), facts=items,
            disclosure=disclosure_view(spec),
            drafts=[DraftCaption(ident, fact.progress.label, drafts[ident].caption.strip())
                    for ident in sorted(drafts)
                    for fact in known.deliverables if fact.deliverable.id == ident],
            schedule=payment_schedule(ctx, spec.currency, engagement, known)
            if owes_payment(engagement) else None))
    return MyWorkView(
        title="My work", as_of=day(ctx.facts.as_of, locale),
        subscribe=calendar_link_values(ctx, MY_WORK),
        deliverables=Table(_DELIVERABLE_COLUMNS,
                           [row for _, row in sorted(rows, key=lambda item: item[0])],
                           empty="No deliverables yet."),
        campaigns=campaigns)


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
