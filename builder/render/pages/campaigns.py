"""Campaign pages: the list, one page per campaign, and the scorecard (page and CSV)."""

from __future__ import annotations

from decimal import Decimal

from builder.disclosure import RULE_PACKS, accepted_labels
from builder.facts import EngagementFacts, owes_payment
from builder.kpi import CampaignKpis, Figures, check_targets
from builder.model.campaign import CampaignSpec, Engagement, EngagementStatus, Terms
from builder.model.program import Campaign
from builder.render.context import SiteContext, SiteFiles
from builder.render.format import (
    NOT_AVAILABLE,
    day,
    day_range,
    decimal,
    html_text,
    label_of,
    md_text,
    money,
    number,
    percent,
)
from builder.render.markdown import prose_block
from builder.render.pages.parts import (
    Cell,
    as_of_line,
    badge,
    bullet_list,
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
    post_links,
    table,
)
from builder.render.pages.scorecard import render_scorecard
from builder.render.paths import (
    CAMPAIGNS,
    MY_WORK,
    campaign_page,
    kpi_page,
    media_kit_page,
    scorecard_csv_file,
    scorecard_page,
)
from builder.schedule import DEFAULT_PAYMENT, due_event, kill_fee
from builder.tracking import tracking_urls

GOAL_LABELS = {"awareness": "Awareness", "engagement": "Engagement",
               "conversions": "Conversions", "ugc": "User-generated content"}

KPI_LABELS = {
    "engagement_rate": "Engagement rate by reach",
    "engagement_rate_followers": "Engagement rate by followers",
    "ctr": "Click-through rate", "cvr": "Conversion rate",
    "cpe": "Cost per engagement", "cpm": "Cost per 1,000 impressions",
    "cpa": "Cost per acquisition", "roas": "Return on ad spend", "roi": "Return on investment",
}
RATE_TARGETS = frozenset({"engagement_rate", "engagement_rate_followers", "ctr", "cvr", "roi"})
MONEY_TARGETS = frozenset({"cpe", "cpm", "cpa"})




def render_campaign_list(ctx: SiteContext) -> SiteFiles:
    return {CAMPAIGNS: _campaign_list(ctx)}


def render_campaign(ctx: SiteContext, slug: str) -> SiteFiles:
    """The campaign's page and (team and brand) its scorecard with CSV."""
    kpis = ctx.kpis(slug)
    files: SiteFiles = {campaign_page(slug): _campaign_page(ctx, slug, kpis)}
    if ctx.audience.sees_money:
        files.update(render_scorecard(ctx, slug, kpis))
    return files


def sorted_campaigns(ctx: SiteContext) -> list[tuple[str, Campaign]]:
    """Newest first: what runs now matters more than what ended."""
    return sorted(ctx.program.campaigns.items(),
                  key=lambda item: (-item[1].spec.period.start.toordinal(), item[0]))


def brand_name(ctx: SiteContext, spec: CampaignSpec) -> str:
    brand = ctx.program.brands.get(spec.brand)
    return brand.name if brand else spec.brand


def creator_name(ctx: SiteContext, handle: str) -> str:
    creator = ctx.program.creators.get(handle)
    return creator.profile.name if creator else handle


def _campaign_list(ctx: SiteContext) -> str:
    campaigns = sorted_campaigns(ctx)
    if not campaigns:
        return page("Campaigns", note("No campaigns to show."))
    headers = ["Campaign", "Brand", "Status", "Period"]
    if ctx.audience.kind == "creator":
        headers.append("Your status")
    else:
        headers.append("Creators")
    if ctx.audience.sees_money:
        headers.append("Budget")
    rows: list[list[Cell | str]] = []
    for slug, campaign in campaigns:
        spec = campaign.spec
        row: list[Cell | str] = [
            link(ctx.href(CAMPAIGNS, campaign_page(slug)), spec.title),
            html_text(brand_name(ctx, spec)),
            badge(label_of(spec.status), spec.status.value),
            Cell(html_text(day_range(spec.period.start, spec.period.end, ctx.locale)),
                 spec.period.start.isoformat()),
        ]
        if ctx.audience.kind == "creator":
            own = spec.creators[0] if spec.creators else None
            row.append(badge(label_of(own.status), own.status.value) if own else "")
        else:
            active = [e for e in spec.creators if e.status != EngagementStatus.DECLINED]
            row.append(Cell(html_text(number(len(active), ctx.locale)), str(len(active))))
        if ctx.audience.sees_money:
            row.append(Cell(html_text(money(spec.budget.amount, spec.currency, ctx.locale)),
                            str(spec.budget.amount)))
        rows.append(row)
    return page("Campaigns", table(headers, rows, numeric=[5] if ctx.audience.sees_money else []))


def _campaign_page(ctx: SiteContext, slug: str, kpis: CampaignKpis) -> str:
    here = campaign_page(slug)
    campaign = ctx.program.campaigns[slug]
    spec = campaign.spec
    locale = ctx.locale
    about: list[tuple[str, str]] = [
        ("Brand", html_text(brand_name(ctx, spec))),
        ("Goal", html_text(GOAL_LABELS.get(spec.goal.value, label_of(spec.goal)))),
        ("Period", html_text(day_range(spec.period.start, spec.period.end, locale))),
        ("Status", badge(label_of(spec.status), spec.status.value)),
    ]
    if spec.markets:
        about.append(("Markets", html_text(", ".join(spec.markets))))
    if spec.tier:
        about.append(("Creator tier", html_text(label_of(spec.tier))))
    if ctx.audience.sees_money:
        about.append(("Budget", html_text(money(spec.budget.amount, spec.currency, locale))))
    links = [link(ctx.href(here, kpi_page(slug)), "KPIs")]
    if ctx.audience.sees_money:
        links.append(link(ctx.href(here, scorecard_page(slug)), "Scorecard"))
    if ctx.audience.kind == "creator":
        links.append(link(ctx.href(here, MY_WORK), "My work"))
    sections = [facts(about), html_block(" · ".join(links), "nk-links")]
    if campaign.brief.strip():
        sections += ["## Brief", prose_block(campaign.brief, heading_offset=2,
                                                  source=f"campaigns/{campaign.slug}/brief.md")]
    sections += ["## Disclosure", disclosure_list(spec)]
    engagements = sorted(spec.creators, key=lambda e: (creator_name(ctx, e.handle).casefold(),
                                                       e.handle))
    if ctx.audience.kind != "creator":
        sections += ["## Roster", _roster(ctx, here, spec, engagements)]
    working = [e for e in engagements if e.status != EngagementStatus.DECLINED]
    if working:
        sections += ["## Deliverables and links", as_of_line(ctx)]
        for engagement in working:
            sections += _engagement_section(ctx, here, slug, engagement)
    sections += ["## Terms", terms_facts(ctx, spec, spec.terms if ctx.audience.kind != "creator"
                                          or not spec.creators
                                          else spec.terms_for(spec.creators[0]))]
    sections += ["## KPIs", _targets(ctx, spec, here, slug, kpis)]
    return page(spec.title, *sections)


def disclosure_list(spec: CampaignSpec) -> str:
    """The disclosure rules in plain words (SPEC §10): packs, labels, tags, hashtags, bans."""
    disclosure = spec.disclosure
    items = []
    for pack in disclosure.rules:
        info = RULE_PACKS[pack.value]
        items.append(f"<strong>{html_text(info.name)}</strong> ({html_text(info.authority)}): "
                     f"label the post {html_text(info.placement)}.")
    labels = accepted_labels(disclosure)
    if labels:
        items.append("Use at least one of " + ", ".join(code(label) for label in labels)
                     + " in the first line, within the first 125 characters.")
    weak = sorted({w for pack in disclosure.rules for w in RULE_PACKS[pack.value].weak})
    if weak:
        items.append("Not enough on their own: " + ", ".join(code(w) for w in weak) + ".")
    for title, values in (("Tag", disclosure.must_tag), ("Include the hashtags",
                                                         disclosure.must_hashtag),
                          ("Mention", disclosure.must_mention),
                          ("Never write", disclosure.banned)):
        if values:
            items.append(f"{html_text(title)}: " + ", ".join(code(v) for v in values) + ".")
    return bullet_list(items, "nk-rules")


def terms_facts(ctx: SiteContext, spec: CampaignSpec, terms: Terms) -> str:
    """Payment schedule, usage rights, exclusivity, revisions, kill fee and law, in words."""
    items = [("Payment", html_text(payment_words(terms, ctx.locale)))]
    if terms.usage_rights is not None:
        rights = terms.usage_rights
        channels = ", ".join(label_of(c).lower() for c in rights.channels) or "no channels"
        items.append(("Usage rights", html_text(
            f"{channels}, {rights.months} month{'s' if rights.months != 1 else ''} "
            "from the first post")))
    if terms.exclusivity is not None:
        items.append(("Exclusivity", html_text(
            f"{terms.exclusivity.category}, {terms.exclusivity.days} days")))
    if terms.revision_rounds is not None:
        items.append(("Revisions", html_text(
            f"{terms.revision_rounds} round{'s' if terms.revision_rounds != 1 else ''}")))
    if terms.kill_fee_percent is not None:
        items.append(("Kill fee", html_text(
            f"{percent(terms.kill_fee_percent / 100, ctx.locale, digits=0)} of the fee")))
    if terms.governing_law:
        items.append(("Governing law", html_text(terms.governing_law)))
    return facts(items)


def payment_words(terms: Terms, locale: str) -> str:
    plan = terms.payment or DEFAULT_PAYMENT
    return "; ".join(f"{percent(step.percent / 100, locale, digits=0)} {due_event(step.due)}"
                     for step in plan)


def _override_words(engagement: Engagement) -> str:
    if engagement.terms is None:
        return ""
    names = sorted(engagement.terms.model_fields_set)
    return "Own terms for " + ", ".join(label_of(n).lower() for n in names) + " (below)."


def _roster(ctx: SiteContext, here: str, spec: CampaignSpec,
            engagements: list[Engagement]) -> str:
    headers = ["Creator", "Status", "Deliverables", "Promo code"]
    if ctx.audience.sees_money:
        headers += ["Fee", "Gift"]
    rows: list[list[Cell | str]] = []
    for engagement in engagements:
        count = sum(d.count for d in engagement.deliverables)
        row: list[Cell | str] = [
            link(ctx.href(here, media_kit_page(engagement.handle)),
                 creator_name(ctx, engagement.handle))
            if engagement.handle in ctx.program.creators
            else html_text(engagement.handle),
            badge(label_of(engagement.status), engagement.status.value),
            Cell(html_text(number(count, ctx.locale)), str(count)),
            code(engagement.promo_code) if engagement.promo_code else "",
        ]
        if ctx.audience.sees_money:
            row.append(Cell(html_text(money(engagement.fee, spec.currency, ctx.locale)),
                            str(engagement.fee)))
            gift = engagement.gifted
            row.append(html_text(f"{gift.item} ({money(gift.value, spec.currency, ctx.locale)})")
                       if gift else "")
        rows.append(row)
    return table(headers, rows, numeric=[2, 4] if ctx.audience.sees_money else [2])


def _engagement_section(ctx: SiteContext, here: str, slug: str,
                        engagement: Engagement) -> list[str]:
    spec = ctx.program.campaigns[slug].spec
    locale = ctx.locale
    known = ctx.engagement(slug, engagement.handle)
    title = ("Your part" if ctx.audience.kind == "creator"
             else creator_name(ctx, engagement.handle))
    items: list[tuple[str, str]] = [
        ("Status", badge(label_of(engagement.status), engagement.status.value))]
    if engagement.promo_code:
        items.append(("Promo code", code(engagement.promo_code)))
    links = tracking_urls(spec, slug, engagement.handle)
    for platform, url in sorted(links.items()):
        label = ("Tracking link" if len(links) == 1
                 else f"Tracking link ({platform_label(platform)})")
        items.append((label, f'<span class="nk-url">{external_link(url)}</span>'))
    own_money = ctx.audience.sees_money or ctx.audience.kind == "creator"
    if own_money:
        items.append(("Fee", html_text(money(engagement.fee, spec.currency, locale))))
        if engagement.gifted:
            items.append(("Gift", html_text(
                f"{engagement.gifted.item} "
                f"({money(engagement.gifted.value, spec.currency, locale)})")))
        terms = spec.terms_for(engagement)
        if terms.kill_fee_percent:
            items.append(("Kill fee", html_text(money(kill_fee(spec, engagement),
                                                      spec.currency, locale))))
        if known.usage_rights_end:
            items.append(("Usage rights end", html_text(day(known.usage_rights_end, locale))))
    contracts = contract_links(ctx, slug, engagement.handle, here)
    if contracts:
        items.append(("Contract", " · ".join(contracts)))
    if engagement.signed_on:
        items.append(("Signed on", html_text(day(engagement.signed_on, locale))))
    override = _override_words(engagement) if ctx.audience.kind != "creator" else ""
    section = [f"### {md_text(title)}", facts(items)]
    if override:
        section.append(md_text(override))
        section.append(terms_facts(ctx, spec, spec.terms_for(engagement)))
    section.append(deliverables_table(ctx, here, slug, known))
    if own_money and owes_payment(engagement):
        section.append(payments_table(ctx, spec.currency, engagement, known))
    return section


def deliverables_table(ctx: SiteContext, here: str, slug: str, known: EngagementFacts) -> str:
    """Deliverables by due date with their progress and post links."""
    every_url = ctx.href(here, scorecard_csv_file(slug)) if ctx.audience.sees_money else None
    rows: list[list[Cell | str]] = []
    for fact in sorted(known.deliverables, key=lambda f: (f.deliverable.due, f.deliverable.id)):
        deliverable, state = fact.deliverable, fact.progress
        status = badge(state.label, state.tone)
        if fact.overdue:
            status += " " + badge("Overdue", "late")
        posts = post_links(state.post_urls, every_url)
        what = html_text(deliverable_label(deliverable))
        if deliverable.notes:
            what += f'<br><span class="nk-muted">{html_text(deliverable.notes)}</span>'
        rows.append([what, code(deliverable.id),
                     Cell(html_text(day(deliverable.due, ctx.locale)),
                          deliverable.due.isoformat()),
                     status, posts])
    if not rows:
        return note("No deliverables yet.")
    return table(["Deliverable", "ID", "Due", "Status", "Post"], rows, nowrap=[2],
                 sortable=False)


def payments_table(ctx: SiteContext, currency: str, engagement: Engagement,
                   known: EngagementFacts) -> str:
    """The payment schedule with amounts, due dates and what is paid."""
    rows: list[list[Cell | str]] = []
    for status in known.installments:
        installment = status.installment
        state = (badge("Paid", "done") if status.paid
                 else badge("Overdue", "late") if status.overdue else badge("Open", "wait"))
        rows.append([
            html_text(percent(installment.percent / 100, ctx.locale, digits=0)),
            Cell(html_text(money(installment.amount, currency, ctx.locale)),
                 str(installment.amount)),
            html_text(installment.due_event),
            html_text(day(installment.due_date, ctx.locale)) if installment.due_date
            else '<span class="nk-muted">not yet known</span>',
            state,
        ])
    summary = md_text(f"Paid so far: {money(known.paid, currency, ctx.locale)} of "
                      f"{money(engagement.fee, currency, ctx.locale)}.")
    return table(["Share", "Amount", "When", "Due date", "Status"], rows, numeric=[1],
                 nowrap=[3], sortable=False, caption="Payment schedule") + "\n\n" + summary


def target_text(name: str, value: Decimal, currency: str, locale: str) -> str:
    """A target (or KPI) formatted by kind: rates as percentages, costs as money."""
    if name in RATE_TARGETS:
        return percent(value, locale)
    if name in MONEY_TARGETS:
        return money(value, currency, locale)
    return f"{decimal(value, locale)}×" if name == "roas" else decimal(value, locale)


def _targets(ctx: SiteContext, spec: CampaignSpec, here: str, slug: str,
             kpis: CampaignKpis) -> str:
    """The campaign's targets against its totals (a creator: against their own figures)."""
    own = ctx.audience.kind == "creator"
    figures = kpis.creators.get(ctx.audience.id or "", Figures()) if own else kpis.totals
    parts = [html_block(link(ctx.href(here, kpi_page(slug)), "Open the KPI page")
                        + " for per-creator figures, charts and the JSON download.", "nk-links")]
    results = check_targets(spec.targets, figures)
    if results:
        rows: list[list[Cell | str]] = []
        for result in results:
            verdict = (badge("Met", "done") if result.met
                       else badge("Missed", "late") if result.met is False
                       else badge("No data yet", "none"))
            value = (target_text(result.kpi, result.value, spec.currency, ctx.locale)
                     if result.value is not None else NOT_AVAILABLE)
            rows.append([html_text(KPI_LABELS[result.kpi]),
                         html_text(target_text(result.kpi, result.target, spec.currency,
                                               ctx.locale)),
                         html_text(value), verdict])
        heading = "Your results" if own else "Result"
        parts.append(table(["KPI", "Target", heading, "Verdict"], rows, numeric=[1, 2],
                           sortable=False))
        if kpis.as_of is not None:
            parts.append(md_text(f"Figures up to {day(kpis.as_of, ctx.locale)}."))
    else:
        parts.append(note("This campaign sets no KPI targets."))
    return "\n\n".join(parts)
