"""Campaign pages: the list, one page per campaign, and the scorecard (page and CSV)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from markupsafe import Markup

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
    label_of,
    money,
    number,
    percent,
    platform_label,
)
from builder.render.markdown import prose_block
from builder.render.pages.parts import (
    contract_link_values,
    deliverable_label,
    post_values,
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
from builder.render.templating import (
    Badge,
    Code,
    Column,
    Link,
    PageView,
    Sorted,
    Span,
    Stacked,
    Table,
    external_link,
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
    return {CAMPAIGNS: ctx.templates.render("pages/campaigns.md.j2", campaign_list_view(ctx))}


def render_campaign(ctx: SiteContext, slug: str) -> SiteFiles:
    """The campaign's page and (team and brand) its scorecard with CSV."""
    kpis = ctx.kpis(slug)
    files: SiteFiles = {campaign_page(slug): ctx.templates.render(
        "pages/campaign.md.j2", campaign_view(ctx, slug, kpis))}
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


@dataclass(frozen=True, kw_only=True)
class CampaignListView(PageView):
    """campaigns/index.md (pages/campaigns.md.j2): newest first; a creator sees their own
    status, who may see money the budget."""

    campaigns: Table


def campaign_list_view(ctx: SiteContext) -> CampaignListView:
    creator = ctx.audience.kind == "creator"
    columns = [Column("Campaign", "campaign"), Column("Brand", "brand"),
               Column("Status", "status"), Column("Period", "period"),
               Column("Your status", "own") if creator
               else Column("Creators", "creators")]
    if ctx.audience.sees_money:
        columns.append(Column("Budget", "budget", numeric=True))
    rows: list[dict[str, object]] = []
    for slug, campaign in sorted_campaigns(ctx):
        spec = campaign.spec
        row: dict[str, object] = {
            "campaign": Link(ctx.href(CAMPAIGNS, campaign_page(slug)), spec.title),
            "brand": brand_name(ctx, spec),
            "status": Badge(label_of(spec.status), spec.status.value),
            "period": Sorted(day_range(spec.period.start, spec.period.end, ctx.locale),
                             spec.period.start.isoformat()),
        }
        if creator:
            own = spec.creators[0] if spec.creators else None
            row["own"] = Badge(label_of(own.status), own.status.value) if own else ""
        else:
            active = [e for e in spec.creators if e.status != EngagementStatus.DECLINED]
            row["creators"] = Sorted(number(len(active), ctx.locale), str(len(active)))
        if ctx.audience.sees_money:
            row["budget"] = Sorted(money(spec.budget.amount, spec.currency, ctx.locale),
                                   str(spec.budget.amount))
        rows.append(row)
    return CampaignListView(title="Campaigns",
                            campaigns=Table(columns, rows, empty="No campaigns to show."))


@dataclass(frozen=True)
class EngagementPart:
    """One creator's part of a campaign page: what they post with, their deliverables and
    (for who may see money) fee and payments."""

    title: str
    facts: list[tuple[str, object]]
    own_terms: str
    """'Own terms for usage rights (below).' when the engagement overrides terms; else ''."""
    terms: list[tuple[str, object]]
    """Those terms, when it does."""
    deliverables: Table
    schedule: PaymentSchedule | None


@dataclass(frozen=True, kw_only=True)
class CampaignView(PageView):
    """campaigns/<slug>/index.md (pages/campaign.md.j2), for the team, a brand or a creator
    (who sees only their own part)."""

    about: list[tuple[str, object]]
    links: list[Link]
    brief: Markup | None
    """The brief as sanitised HTML."""
    disclosure: Disclosure
    roster: Table | None
    """Every engagement (not for a creator)."""
    as_of: str
    engagements: list[EngagementPart]
    terms: list[tuple[str, object]]
    kpi_page: Link
    targets: Table
    figures_as_of: str
    """'Figures up to Mar 15, 2026.' when the campaign has metrics and targets."""


def campaign_view(ctx: SiteContext, slug: str, kpis: CampaignKpis) -> CampaignView:
    here = campaign_page(slug)
    campaign = ctx.program.campaigns[slug]
    spec = campaign.spec
    locale = ctx.locale
    about: list[tuple[str, object]] = [
        ("Brand", brand_name(ctx, spec)),
        ("Goal", GOAL_LABELS.get(spec.goal.value, label_of(spec.goal))),
        ("Period", day_range(spec.period.start, spec.period.end, locale)),
        ("Status", Badge(label_of(spec.status), spec.status.value)),
    ]
    if spec.markets:
        about.append(("Markets", ", ".join(spec.markets)))
    if spec.tier:
        about.append(("Creator tier", label_of(spec.tier)))
    if ctx.audience.sees_money:
        about.append(("Budget", money(spec.budget.amount, spec.currency, locale)))
    links = [Link(ctx.href(here, kpi_page(slug)), "KPIs")]
    if ctx.audience.sees_money:
        links.append(Link(ctx.href(here, scorecard_page(slug)), "Scorecard"))
    if ctx.audience.kind == "creator":
        links.append(Link(ctx.href(here, MY_WORK), "My work"))
    engagements = sorted(spec.creators, key=lambda e: (creator_name(ctx, e.handle).casefold(),
                                                       e.handle))
    working = [e for e in engagements if e.status != EngagementStatus.DECLINED]
    terms = (spec.terms if ctx.audience.kind != "creator" or not spec.creators
             else spec.terms_for(spec.creators[0]))
    targets, figures_as_of = _targets(ctx, spec, kpis)
    return CampaignView(
        title=spec.title, about=about, links=links,
        brief=Markup(prose_block(campaign.brief, heading_offset=2,
                                 source=f"campaigns/{campaign.slug}/brief.md").strip("\n"))
        if campaign.brief.strip() else None,
        disclosure=disclosure_view(spec),
        roster=_roster(ctx, here, spec, engagements) if ctx.audience.kind != "creator" else None,
        as_of=day(ctx.facts.as_of, locale),
        engagements=[_engagement_part(ctx, here, slug, e) for e in working],
        terms=terms_facts(ctx, terms), kpi_page=Link(ctx.href(here, kpi_page(slug)),
                                                     "Open the KPI page"),
        targets=targets, figures_as_of=figures_as_of)


def terms_facts(ctx: SiteContext, terms: Terms) -> list[tuple[str, object]]:
    """Payment schedule, usage rights, exclusivity, revisions, kill fee and law, in words."""
    items: list[tuple[str, object]] = [("Payment", payment_words(terms, ctx.locale))]
    if terms.usage_rights is not None:
        rights = terms.usage_rights
        channels = ", ".join(label_of(c).lower() for c in rights.channels) or "no channels"
        items.append(("Usage rights", f"{channels}, {rights.months} "
                      f"month{'s' if rights.months != 1 else ''} from the first post"))
    if terms.exclusivity is not None:
        items.append(("Exclusivity",
                      f"{terms.exclusivity.category}, {terms.exclusivity.days} days"))
    if terms.revision_rounds is not None:
        items.append(("Revisions", f"{terms.revision_rounds} "
                      f"round{'s' if terms.revision_rounds != 1 else ''}"))
    if terms.kill_fee_percent is not None:
        items.append(("Kill fee", f"{percent(terms.kill_fee_percent / 100, ctx.locale, digits=0)}"
                      " of the fee"))
    if terms.governing_law:
        items.append(("Governing law", terms.governing_law))
    return items


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
            engagements: list[Engagement]) -> Table:
    columns = [Column("Creator", "creator"), Column("Status", "status"),
               Column("Deliverables", "deliverables", numeric=True),
               Column("Promo code", "code")]
    if ctx.audience.sees_money:
        columns += [Column("Fee", "fee", numeric=True), Column("Gift", "gift")]
    rows: list[dict[str, object]] = []
    for engagement in engagements:
        count = sum(d.count for d in engagement.deliverables)
        row: dict[str, object] = {
            "creator": Link(ctx.href(here, media_kit_page(engagement.handle)),
                            creator_name(ctx, engagement.handle))
            if engagement.handle in ctx.program.creators else engagement.handle,
            "status": Badge(label_of(engagement.status), engagement.status.value),
            "deliverables": Sorted(number(count, ctx.locale), str(count)),
            "code": Code(engagement.promo_code) if engagement.promo_code else "",
        }
        if ctx.audience.sees_money:
            gift = engagement.gifted
            row["fee"] = Sorted(money(engagement.fee, spec.currency, ctx.locale),
                                str(engagement.fee))
            row["gift"] = (f"{gift.item} ({money(gift.value, spec.currency, ctx.locale)})"
                           if gift else "")
        rows.append(row)
    return Table(columns, rows)


def _engagement_part(ctx: SiteContext, here: str, slug: str,
                     engagement: Engagement) -> EngagementPart:
    spec = ctx.program.campaigns[slug].spec
    locale = ctx.locale
    known = ctx.engagement(slug, engagement.handle)
    items: list[tuple[str, object]] = [
        ("Status", Badge(label_of(engagement.status), engagement.status.value))]
    if engagement.promo_code:
        items.append(("Promo code", Code(engagement.promo_code)))
    links = tracking_urls(spec, slug, engagement.handle)
    for platform, url in sorted(links.items()):
        label = ("Tracking link" if len(links) == 1
                 else f"Tracking link ({platform_label(platform)})")
        items.append((label, Span(external_link(url), "nk-url")))
    own_money = ctx.audience.sees_money or ctx.audience.kind == "creator"
    if own_money:
        items.append(("Fee", money(engagement.fee, spec.currency, locale)))
        if engagement.gifted:
            items.append(("Gift", f"{engagement.gifted.item} "
                                  f"({money(engagement.gifted.value, spec.currency, locale)})"))
        terms = spec.terms_for(engagement)
        if terms.kill_fee_percent:
            items.append(("Kill fee", money(kill_fee(spec, engagement), spec.currency, locale)))
        if known.usage_rights_end:
            items.append(("Usage rights end", day(known.usage_rights_end, locale)))
    contracts = contract_link_values(ctx, slug, engagement.handle, here)
    if contracts.items:
        items.append(("Contract", contracts))
    if engagement.signed_on:
        items.append(("Signed on", day(engagement.signed_on, locale)))
    override = _override_words(engagement) if ctx.audience.kind != "creator" else ""
    return EngagementPart(
        title="Your part" if ctx.audience.kind == "creator"
        else creator_name(ctx, engagement.handle),
        facts=items, own_terms=override,
        terms=terms_facts(ctx, spec.terms_for(engagement)) if override else [],
        deliverables=_deliverables(ctx, here, slug, known),
        schedule=payment_schedule(ctx, spec.currency, engagement, known)
        if own_money and owes_payment(engagement) else None)


_DELIVERABLE_COLUMNS = (Column("Deliverable", "what"), Column("ID", "id"),
                        Column("Due", "due", nowrap=True), Column("Status", "status"),
                        Column("Post", "posts"))


def _deliverables(ctx: SiteContext, here: str, slug: str, known: EngagementFacts) -> Table:
    """Deliverables by due date with their progress and post links."""
    every_url = ctx.href(here, scorecard_csv_file(slug)) if ctx.audience.sees_money else None
    rows: list[dict[str, object]] = []
    for fact in sorted(known.deliverables, key=lambda f: (f.deliverable.due, f.deliverable.id)):
        deliverable, state = fact.deliverable, fact.progress
        status = [Badge(state.label, state.tone)]
        if fact.overdue:
            status.append(Badge("Overdue", "late"))
        label = deliverable_label(deliverable)
        rows.append({
            "what": Stacked([label, Span(deliverable.notes, "nk-muted")])
            if deliverable.notes else label,
            "id": Code(deliverable.id),
            "due": Sorted(day(deliverable.due, ctx.locale), deliverable.due.isoformat()),
            "status": status,
            "posts": post_values(state.post_urls, every_url)})
    return Table(_DELIVERABLE_COLUMNS, rows, sortable=False, empty="No deliverables yet.")


@dataclass(frozen=True)
class Disclosure:
    """The disclosure rules in plain words (SPEC §10)."""

    packs: list[tuple[str, str, str]]
    """Each rule pack's name, authority and where the label goes."""
    labels: list[str]
    """Labels that disclose, one of which the first line must hold."""
    weak: list[str]
    """Words that do not disclose on their own."""
    lists: list[tuple[str, list[str]]]
    """What to tag, which hashtags, what to mention, what never to write."""


def disclosure_view(spec: CampaignSpec) -> Disclosure:
    disclosure = spec.disclosure
    packs = [RULE_PACKS[pack.value] for pack in disclosure.rules]
    return Disclosure(
        packs=[(info.name, info.authority, info.placement) for info in packs],
        labels=list(accepted_labels(disclosure)),
        weak=sorted({w for info in packs for w in info.weak}),
        lists=[(title, list(values)) for title, values in (
            ("Tag", disclosure.must_tag), ("Include the hashtags", disclosure.must_hashtag),
            ("Mention", disclosure.must_mention), ("Never write", disclosure.banned))
            if values])


@dataclass(frozen=True)
class PaymentSchedule:
    """An engagement's installments with amounts, due dates and what is paid."""

    installments: Table
    paid_so_far: str
    """'Paid so far: $150.00 of $300.00.'"""


_SCHEDULE_COLUMNS = (Column("Share", "share"), Column("Amount", "amount", numeric=True),
                     Column("When", "when"), Column("Due date", "due", nowrap=True),
                     Column("Status", "status"))


def payment_schedule(ctx: SiteContext, currency: str, engagement: Engagement,
                     known: EngagementFacts) -> PaymentSchedule:
    rows = []
    for status in known.installments:
        installment = status.installment
        rows.append({
            "share": percent(installment.percent / 100, ctx.locale, digits=0),
            "amount": Sorted(money(installment.amount, currency, ctx.locale),
                             str(installment.amount)),
            "when": installment.due_event,
            "due": day(installment.due_date, ctx.locale) if installment.due_date
            else Span("not yet known", "nk-muted"),
            "status": Badge("Paid", "done") if status.paid
            else Badge("Overdue", "late") if status.overdue else Badge("Open", "wait"),
        })
    return PaymentSchedule(
        Table(_SCHEDULE_COLUMNS, rows, sortable=False, caption="Payment schedule"),
        f"Paid so far: {money(known.paid, currency, ctx.locale)} of "
        f"{money(engagement.fee, currency, ctx.locale)}.")


def target_text(name: str, value: Decimal, currency: str, locale: str) -> str:
    """A target (or KPI) formatted by kind: rates as percentages, costs as money."""
    if name in RATE_TARGETS:
        return percent(value, locale)
    if name in MONEY_TARGETS:
        return money(value, currency, locale)
    return f"{decimal(value, locale)}×" if name == "roas" else decimal(value, locale)


def _targets(ctx: SiteContext, spec: CampaignSpec, kpis: CampaignKpis) -> tuple[Table, str]:
    """The campaign's targets against its totals (a creator: against their own figures), and
    up to when the figures go."""
    own = ctx.audience.kind == "creator"
    figures = kpis.creators.get(ctx.audience.id or "", Figures()) if own else kpis.totals
    rows: list[dict[str, object]] = []
    for result in check_targets(spec.targets, figures):
        rows.append({
            "kpi": KPI_LABELS[result.kpi],
            "target": target_text(result.kpi, result.target, spec.currency, ctx.locale),
            "result": target_text(result.kpi, result.value, spec.currency, ctx.locale)
            if result.value is not None else NOT_AVAILABLE,
            "verdict": Badge("Met", "done") if result.met
            else Badge("Missed", "late") if result.met is False
            else Badge("No data yet", "none")})
    columns = (Column("KPI", "kpi"), Column("Target", "target", numeric=True),
               Column("Your results" if own else "Result", "result", numeric=True),
               Column("Verdict", "verdict"))
    as_of = (f"Figures up to {day(kpis.as_of, ctx.locale)}." if rows and kpis.as_of
             else "")
    return Table(columns, rows, sortable=False,
                 empty="This campaign sets no KPI targets."), as_of
