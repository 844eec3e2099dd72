"""The home page: what this audience has, at a glance."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from builder.facts import committed_deliverables
from builder.model.campaign import (
    CONTRACT_STATUSES,
    CampaignStatus,
    EngagementStatus,
)
from builder.render.context import SiteContext, SiteFiles
from builder.render.format import day, day_range, label_of, money, number
from builder.render.pages.campaigns import (
    creator_name,
    sorted_campaigns,
)
from builder.render.pages.kpis import FIGURE_LABELS, figure_text
from builder.render.pages.mywork import calendar_link_values
from builder.render.pages.parts import contract_link_values, deliverable_label
from builder.render.pages.team import (
    DASHBOARDS,
    DEADLINE_DAYS,
    USAGE_RIGHTS_DAYS,
    due_within,
    installment_rows,
    overdue,
    usage_rights_ending,
)
from builder.render.paths import (
    CAMPAIGNS,
    DIRECTORY,
    HOME,
    MY_WORK,
    campaign_page,
    kpi_page,
    media_kit_page,
    scorecard_page,
    team_page,
)
from builder.render.templating import Badge, Column, Link, PageView, Sorted, Table

_OPEN_CAMPAIGNS = frozenset({CampaignStatus.DRAFT, CampaignStatus.ACTIVE})


def render_home(ctx: SiteContext) -> SiteFiles:
    """index.md for the audience."""
    kind = ctx.audience.kind
    if kind == "team":
        return {HOME: ctx.templates.render("pages/team-home.md.j2", team_home_view(ctx))}
    if kind == "brand":
        return {HOME: ctx.templates.render("pages/brand-home.md.j2", brand_home_view(ctx))}
    if kind == "creator":
        return {HOME: ctx.templates.render("pages/creator-home.md.j2", creator_home_view(ctx))}
    return {HOME: ctx.templates.render("pages/public-home.md.j2", public_home_view(ctx))}


@dataclass(frozen=True)
class Action:
    """Something that needs doing today: how many, in words, and where it is done."""

    count: str
    text: str
    links: list[Link]
    more: str = ""
    """' and 2 more' when more places need it than are linked."""


@dataclass(frozen=True)
class Dashboard:
    link: Link
    what: str


@dataclass(frozen=True, kw_only=True)
class TeamHomeView(PageView):
    """The team's index.md (pages/team-home.md.j2)."""

    as_of: str
    actions: list[Action]
    """Overdue deliverables, drafts waiting for review, overdue payments, unsigned contracts,
    usage rights ending; only those that are not zero."""
    overview: list[tuple[str, object]]
    deadline_days: int
    due_soon: Table
    dashboards: list[Dashboard]


def team_home_view(ctx: SiteContext) -> TeamHomeView:
    program = ctx.program
    locale = ctx.locale
    as_of = ctx.facts.as_of
    statuses = Counter(c.spec.status.value for c in program.campaigns.values())
    committed = sum(1 for c in program.campaigns.values() for e in c.spec.creators
                    if e.status in CONTRACT_STATUSES)
    campaign_counts = ", ".join(f"{number(statuses[s.value], locale)} {s.value}"
                                for s in CampaignStatus if statuses[s.value]) or "none"
    overview: list[tuple[str, object]] = [
        ("Creators", Link(ctx.href(HOME, DIRECTORY), number(len(program.creators), locale))),
        ("Brands", number(len(program.brands), locale)),
        ("Campaigns", [Link(ctx.href(HOME, CAMPAIGNS), number(len(program.campaigns), locale)),
                       f"({campaign_counts})"]),
        ("Engagements under contract or negotiation", number(committed, locale)),
    ]
    deliverables = committed_deliverables(ctx.facts, program)
    soon = due_within(deliverables, as_of, DEADLINE_DAYS)
    rows = [{"due": Sorted(day(fact.deliverable.due, locale), fact.deliverable.due.isoformat()),
             "campaign": Link(ctx.href(HOME, campaign_page(slug)),
                              program.campaigns[slug].spec.title),
             "creator": Link(ctx.href(HOME, media_kit_page(engagement.handle)),
                             creator_name(ctx, engagement.handle)),
             "deliverable": deliverable_label(fact.deliverable),
             "status": Badge(fact.progress.label, fact.progress.tone)}
            for slug, engagement, fact in soon]
    return TeamHomeView(
        title="Home", heading=program.config.site_name, as_of=day(as_of, locale),
        actions=_team_actions(ctx, len(overdue(deliverables))), overview=overview,
        deadline_days=DEADLINE_DAYS,
        due_soon=Table(_DEADLINE_COLUMNS, rows,
                       empty=f"Nothing is due in the next {DEADLINE_DAYS} days."),
        dashboards=[Dashboard(Link(ctx.href(HOME, path), title), what)
                    for path, title, what in DASHBOARDS])


_DEADLINE_COLUMNS = (Column("Due", "due", nowrap=True), Column("Campaign", "campaign"),
                     Column("Creator", "creator"), Column("Deliverable", "deliverable"),
                     Column("Status", "status"))


def _team_actions(ctx: SiteContext, late: int) -> list[Action]:
    """What needs doing today, each with a link to where it is done."""
    program = ctx.program
    in_review = [(slug, e.handle) for slug, c in sorted(program.campaigns.items())
                 for e in c.spec.creators for f in ctx.engagement(slug, e.handle).deliverables
                 if f.progress.in_review]
    unsigned = sorted((slug, e.handle) for slug, c in program.campaigns.items()
                      if c.spec.status != CampaignStatus.CANCELLED for e in c.spec.creators
                      if e.status in CONTRACT_STATUSES and e.signed_on is None)
    unpaid = sum(1 for row in installment_rows(ctx) if row.overdue)
    ending = len(usage_rights_ending(ctx, ctx.facts.as_of))

    def campaigns(pairs: list[tuple[str, str]]) -> tuple[list[Link], str]:
        slugs = list(dict.fromkeys(slug for slug, _ in pairs))
        links = [Link(ctx.href(HOME, campaign_page(slug)), program.campaigns[slug].spec.title)
                 for slug in slugs[:3]]
        return links, f" and {len(slugs) - 3} more" if len(slugs) > 3 else ""

    def page_link(name: str, text: str, anchor: str = "") -> tuple[list[Link], str]:
        return [Link(ctx.href(HOME, team_page(name)) + anchor, text)], ""

    actions = [
        (late, "deliverable is overdue", "deliverables are overdue",
         page_link("deadlines", "Deadlines", "#overdue")),
        (len(in_review), "draft waits for review", "drafts wait for review",
         campaigns(in_review)),
        (unpaid, "payment is overdue", "payments are overdue", page_link("payments", "Payments")),
        (len(unsigned), "contract is not signed", "contracts are not signed",
         campaigns(unsigned)),
        (ending, f"licence ends in the next {USAGE_RIGHTS_DAYS} days",
         f"licences end in the next {USAGE_RIGHTS_DAYS} days",
         page_link("usage-rights", "Usage rights")),
    ]
    return [Action(number(count, ctx.locale), one if count == 1 else many, *where)
            for count, one, many, where in actions if count]


@dataclass(frozen=True)
class CampaignState:
    """Where one of the brand's campaigns stands."""

    link: Link
    status: Badge
    period: str
    creators: str
    deliverables: str
    """'3 of 5 posted', or 'none yet'."""
    overdue: int
    next_deadline: str
    """The next deliverable due and not posted: 'Mar 20, 2026: 3 × Instagram story (Ana)'."""
    figures_as_of: str
    """'Figures up to Mar 15, 2026', or 'No metrics yet'."""
    kpis: list[tuple[str, str]]
    """Headline KPIs as (label, value for people)."""
    budget: str
    committed: str
    links: list[Link]
    """The campaign page, its KPIs and its scorecard."""


@dataclass(frozen=True, kw_only=True)
class BrandHomeView(PageView):
    """A brand's index.md (pages/brand-home.md.j2): its campaigns and where each stands."""

    creators: str
    links: list[Link]
    campaigns: list[CampaignState]


_HEADLINE_KPIS = ("impressions", "engagement_rate", "conversions", "roas")


def brand_home_view(ctx: SiteContext) -> BrandHomeView:
    locale = ctx.locale
    program = ctx.program
    brand = next(iter(program.brands.values()), None)
    deliverables = committed_deliverables(ctx.facts, program)
    states = []
    for slug, campaign in sorted_campaigns(ctx):
        spec = campaign.spec
        working = sum(1 for e in spec.creators if e.status != EngagementStatus.DECLINED)
        own = [(engagement, fact) for s, engagement, fact in deliverables if s == slug]
        posted = sum(1 for _, fact in own if fact.progress.posted)
        upcoming = [(e, f) for e, f in own if not f.progress.posted and not f.overdue]
        next_deadline = "none"
        if upcoming:
            engagement, fact = upcoming[0]
            next_deadline = (f"{day(fact.deliverable.due, locale)}: "
                             f"{deliverable_label(fact.deliverable)} "
                             f"({creator_name(ctx, engagement.handle)})")
        kpis = ctx.kpis(slug)
        states.append(CampaignState(
            link=Link(ctx.href(HOME, campaign_page(slug)), spec.title),
            status=Badge(label_of(spec.status), spec.status.value),
            period=day_range(spec.period.start, spec.period.end, locale),
            creators=number(working, locale),
            deliverables=f"{number(posted, locale)} of {number(len(own), locale)} posted"
            if own else "none yet",
            overdue=sum(1 for _, fact in own if fact.overdue),
            next_deadline=next_deadline,
            figures_as_of=f"Figures up to {day(kpis.as_of, locale)}" if kpis.as_of
            else "No metrics yet",
            kpis=[(FIGURE_LABELS[name], figure_text(name, getattr(kpis.totals, name),
                                                    kpis.currency, locale))
                  for name in _HEADLINE_KPIS] if kpis.as_of else [],
            budget=money(spec.budget.amount, spec.currency, locale),
            committed=money(spec.committed_spend, spec.currency, locale),
            links=[Link(ctx.href(HOME, campaign_page(slug)), "Campaign page"),
                   Link(ctx.href(HOME, kpi_page(slug)), "KPIs"),
                     Link(ctx.href(HOME, scorecard_page(slug)), "Scorecard")]))
    return BrandHomeView(
        title="Home", heading=brand.name if brand else program.config.site_name,
        creators=number(len(program.creators), locale),
        links=[Link(ctx.href(HOME, CAMPAIGNS), "All campaigns"),
               Link(ctx.href(HOME, DIRECTORY), "Creators")],
        campaigns=states)


@dataclass(frozen=True, kw_only=True)
class CreatorHomeView(PageView):
    """A creator's index.md (pages/creator-home.md.j2)."""

    as_of: str
    links: list[object]
    """My work, my media kit and the calendar feed."""
    deadlines: Table
    owed_total: str
    """What is owed in all, per currency ('$500.00 and £200.00'); '' when nothing is."""
    owed: Table
    briefs: list[list[object]]
    """Open briefs: a link to the campaign and the engagement's status."""
    contracts: Table


_NEXT_COLUMNS = (Column("Due", "due", nowrap=True), Column("Campaign", "campaign"),
                 Column("Deliverable", "deliverable"), Column("Status", "status"))
_OWED_COLUMNS = (Column("Campaign", "campaign"), Column("Amount", "amount", numeric=True),
                 Column("Due", "due"), Column("Status", "status"))
_CONTRACT_COLUMNS = (Column("Campaign", "campaign"), Column("Status", "status"),
                     Column("Signature", "signature"), Column("Contract", "contract"))


def creator_home_view(ctx: SiteContext) -> CreatorHomeView:
    locale = ctx.locale
    handle = ctx.audience.id or ""
    upcoming: list[tuple[str, dict[str, object]]] = []
    briefs: list[list[object]] = []
    contracts: list[dict[str, object]] = []
    owed: list[tuple[str, dict[str, object]]] = []
    owed_totals: dict[str, Decimal] = {}
    for slug, campaign in sorted_campaigns(ctx):
        spec = campaign.spec
        engagement = spec.engagement(handle)
        if engagement is None or engagement.status == EngagementStatus.DECLINED:
            continue
        campaign_link = Link(ctx.href(HOME, campaign_page(slug)), spec.title)
        for payment in ctx.engagement(slug, handle).installments:
            if payment.paid:
                continue
            installment = payment.installment
            due = installment.due_date
            owed_totals[spec.currency] = (owed_totals.get(spec.currency, Decimal(0))
                                          + installment.amount)
            owed.append((f"{due.isoformat() if due else '9999'} {slug}", {
                "campaign": campaign_link,
                "amount": Sorted(money(installment.amount, spec.currency, locale),
                                 str(installment.amount)),
                "due": day(due, locale) if due
                else f"{installment.due_event} (date not yet known)",
                "status": Badge("Overdue", "late") if payment.overdue else Badge("Open", "wait")}))
        if spec.status in _OPEN_CAMPAIGNS:
            briefs.append([campaign_link,
                           Badge(label_of(engagement.status), engagement.status.value)])
        if spec.status != CampaignStatus.CANCELLED:
            for fact in ctx.engagement(slug, handle).deliverables:
                deliverable, state = fact.deliverable, fact.progress
                if state.posted or (fact.overdue and spec.status != CampaignStatus.ACTIVE):
                    continue
                status = [Badge(state.label, state.tone)]
                if fact.overdue:
                    status.append(Badge("Overdue", "late"))
                upcoming.append((f"{deliverable.due.isoformat()} {slug} {deliverable.id}", {
                    "due": Sorted(day(deliverable.due, locale), deliverable.due.isoformat()),
                    "campaign": campaign_link,
                    "deliverable": deliverable_label(deliverable), "status": status}))
        if engagement.status in CONTRACT_STATUSES:
            contracts.append({
                "campaign": campaign_link,
                "status": Badge(label_of(engagement.status), engagement.status.value),
                "signature": f"signed {day(engagement.signed_on, locale)}"
                if engagement.signed_on else "not signed yet",
                "contract": contract_link_values(ctx, slug, handle, HOME)})
    upcoming.sort(key=lambda item: item[0])
    owed.sort(key=lambda item: item[0])
    return CreatorHomeView(
        title="Home", heading=f"Hi, {creator_name(ctx, handle)}",
        as_of=day(ctx.facts.as_of, locale),
        links=[Link(ctx.href(HOME, MY_WORK), "My work"),
               Link(ctx.href(HOME, media_kit_page(handle)), "My media kit"),
               *calendar_link_values(ctx, HOME)],
        deadlines=Table(_NEXT_COLUMNS, [row for _, row in upcoming], sortable=False,
                        empty="Nothing to post right now."),
        owed_total=" and ".join(money(amount, currency, locale)
                                for currency, amount in sorted(owed_totals.items())),
        owed=Table(_OWED_COLUMNS, [row for _, row in owed], sortable=False,
                   empty="Nothing is owed to you right now."),
        briefs=briefs,
        contracts=Table(_CONTRACT_COLUMNS, contracts, sortable=False,
                        empty="No contracts yet."))


@dataclass(frozen=True, kw_only=True)
class PublicHomeView(PageView):
    """The public index.md (pages/public-home.md.j2)."""

    creators: str
    directory: Link
    niches: list[str]


def public_home_view(ctx: SiteContext) -> PublicHomeView:
    creators = ctx.program.creators
    return PublicHomeView(
        title="Home", heading=ctx.program.config.site_name,
        creators=number(len(creators), ctx.locale),
        directory=Link(ctx.href(HOME, DIRECTORY), "Browse the creators"),
        niches=sorted({n for c in creators.values() for n in c.profile.niches},
                      key=str.casefold))
