"""Team dashboards (SPEC §9): pipeline, budget, payments, deadlines, usage rights, vetting,
portfolio KPIs. Only the team build has them."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from markupsafe import Markup

from builder.facts import DeliverableFact, committed_deliverables, paid_amount
from builder.kpi import Figures, Portfolio, PortfolioEntry
from builder.model.campaign import Engagement, EngagementStatus
from builder.model.program import Campaign
from builder.render.charts import bar_chart, grouped_bar_chart
from builder.render.context import SiteContext, SiteFiles
from builder.render.format import (
    NOT_AVAILABLE,
    day,
    decimal,
    label_of,
    money,
    number,
    percent,
)
from builder.render.pages.campaigns import creator_name
from builder.render.pages.parts import (
    deliverable_label,
)
from builder.render.pages.vetting import FLAG_TITLES, flag_evidence
from builder.render.paths import TEAM, campaign_page, media_kit_page, team_page
from builder.render.templating import (
    Badge,
    Code,
    Column,
    Link,
    PageView,
    Sorted,
    Span,
    Table,
)
from builder.schedule import ScheduledInstallment
from builder.vetting import VettingFlag

DEADLINE_DAYS = 14
USAGE_RIGHTS_DAYS = 30

DASHBOARDS = (
    (team_page("pipeline"), "Pipeline", "Engagements by status, per campaign."),
    (team_page("budget"), "Budget", "Budget against committed spend and payments."),
    (team_page("payments"), "Payments", "Installments due and overdue, with computed dates."),
    (team_page("deadlines"), "Deadlines", "Deliverables due soon and overdue."),
    (team_page("usage-rights"), "Usage rights", "Licences that end soon."),
    (team_page("vetting"), "Vetting flags", "Follower jumps, engagement, markets, tiers."),
    (team_page("portfolio"), "Portfolio KPIs", "KPIs by brand and by creator across campaigns."),
)

_PIPELINE_ORDER = tuple(EngagementStatus)

DeliverableDue = tuple[str, Engagement, DeliverableFact]
"""(slug, engagement, fact) of builder.facts.committed_deliverables."""


def due_within(rows: list[DeliverableDue], as_of: date | None, days: int) -> list[DeliverableDue]:
    """Not yet posted and due from `as_of` to `days` days after it, inclusive."""
    if as_of is None:
        return []
    end = as_of + timedelta(days=days)
    return [row for row in rows
            if not row[2].progress.posted and as_of <= row[2].deliverable.due <= end]


def overdue(rows: list[DeliverableDue]) -> list[DeliverableDue]:
    return [row for row in rows if row[2].overdue]


@dataclass(frozen=True)
class _Installment:
    slug: str
    campaign: Campaign
    handle: str
    installment: ScheduledInstallment
    paid: bool
    overdue: bool


def render_team(ctx: SiteContext) -> SiteFiles:
    """team/index.md and one page per dashboard."""
    program = ctx.program
    as_of = ctx.facts.as_of
    deliverables = committed_deliverables(ctx.facts, program)
    installments = installment_rows(ctx)
    flags = sorted(((flag_evidence(flag, program, ctx.locale), flag) for flag in ctx.facts.flags),
                   key=lambda item: (item[1].handle, item[1].kind, item[0], item[1].campaign))
    expiring = usage_rights_ending(ctx, as_of)
    counts = {
        team_page("deadlines"): len(due_within(deliverables, as_of, DEADLINE_DAYS))
        + len(overdue(deliverables)),
        team_page("payments"): sum(1 for i in installments if i.overdue),
        team_page("usage-rights"): len(expiring),
        team_page("vetting"): len(flags),
    }
    return {
        TEAM: ctx.templates.render("pages/dashboards.md.j2", _index(ctx, counts)),
        team_page("pipeline"): ctx.templates.render("pages/pipeline.md.j2", _pipeline(ctx)),
        team_page("budget"): ctx.templates.render("pages/budget.md.j2", _budget(ctx)),
        team_page("payments"): ctx.templates.render("pages/payments.md.j2",
                                                   payments_view(ctx, installments)),
        team_page("deadlines"): ctx.templates.render(
            "pages/deadlines.md.j2", _deadlines(ctx, deliverables, as_of)),
        team_page("usage-rights"): ctx.templates.render(
            "pages/usage-rights.md.j2", _usage_rights_page(ctx, expiring)),
        team_page("vetting"): ctx.templates.render("pages/vetting.md.j2", _vetting(ctx, flags)),
        team_page("portfolio"): ctx.templates.render(
            "pages/portfolio.md.j2", _portfolio(ctx)),
    }


@dataclass(frozen=True, kw_only=True)
class DashboardsView(PageView):
    """team/index.md (pages/dashboards.md.j2): each dashboard and whether it needs a look."""

    as_of: str
    dashboards: Table


@dataclass(frozen=True, kw_only=True)
class ChartAndTableView(PageView):
    """A dashboard of a chart over a table (pages/pipeline.md.j2)."""

    chart: Markup
    table: Table


def _index(ctx: SiteContext, counts: dict[str, int]) -> DashboardsView:
    rows: list[dict[str, object]] = []
    for path, title, what in DASHBOARDS:
        count = counts.get(path)
        rows.append({"dashboard": Link(ctx.href(TEAM, path), title), "shows": what,
                     "state": "" if count is None else Badge("All clear", "done") if count == 0
                     else Badge(f"{number(count, ctx.locale)} to look at", "late")})
    columns = (Column("Dashboard", "dashboard"), Column("Shows", "shows"),
               Column("State", "state"))
    return DashboardsView(title="Dashboards", as_of=day(ctx.facts.as_of, ctx.locale),
                          dashboards=Table(columns, rows, sortable=False))


def _pipeline(ctx: SiteContext) -> ChartAndTableView:
    here = team_page("pipeline")
    totals: Counter[str] = Counter()
    rows: list[dict[str, object]] = []
    for slug, campaign in sorted(ctx.program.campaigns.items()):
        counts = Counter(e.status.value for e in campaign.spec.creators)
        totals.update(counts)
        rows.append({"campaign": Link(ctx.href(here, campaign_page(slug)), campaign.spec.title),
                     "status": Badge(label_of(campaign.spec.status), campaign.spec.status.value),
                     **{s.value: Sorted(number(counts[s.value], ctx.locale)
                                        if counts[s.value] else "", str(counts[s.value]))
                        for s in _PIPELINE_ORDER}})
    columns = (Column("Campaign", "campaign"), Column("Campaign status", "status"),
               *(Column(label_of(s), s.value, numeric=True) for s in _PIPELINE_ORDER))
    chart = bar_chart([label_of(s) for s in _PIPELINE_ORDER],
                      [totals[s.value] for s in _PIPELINE_ORDER],
                      title="Engagements by status, all campaigns", locale=ctx.locale)
    return ChartAndTableView(title="Pipeline", chart=Markup(chart), table=Table(columns, rows))


@dataclass(frozen=True, kw_only=True)
class BudgetView(PageView):
    """team/budget.md (pages/budget.md.j2)."""

    campaigns: Table
    charts: list[tuple[str, Markup]]
    """(currency, chart) of budget, committed spend and payments per currency."""


def _budget(ctx: SiteContext) -> BudgetView:
    here = team_page("budget")
    locale = ctx.locale
    rows: list[dict[str, object]] = []
    by_currency: dict[str, list[tuple[str, Decimal, Decimal, Decimal]]] = {}
    for slug, campaign in sorted(ctx.program.campaigns.items()):
        spec = campaign.spec
        committed = spec.committed_spend
        paid = sum((paid_amount(e) for e in spec.creators), Decimal(0))
        remaining = spec.budget.amount - committed
        by_currency.setdefault(spec.currency, []).append(
            (spec.title, spec.budget.amount, committed, paid))
        left: object = money(remaining, spec.currency, locale)
        if remaining < 0:
            left = [Badge("Over budget", "late"), left]
        rows.append({"campaign": Link(ctx.href(here, campaign_page(slug)), spec.title),
                     "status": Badge(label_of(spec.status), spec.status.value),
                     **{key: Sorted(money(amount, spec.currency, locale), str(amount))
                        for key, amount in (("budget", spec.budget.amount),
                                            ("committed", committed), ("paid", paid))},
                     "remaining": Sorted(left, str(remaining))})
    columns = (Column("Campaign", "campaign"), Column("Status", "status"),
               *(Column(name, name.lower(), numeric=True)
                 for name in ("Budget", "Committed", "Paid", "Remaining")))
    charts = [(currency, Markup(grouped_bar_chart(
        [title for title, *_ in entries],
        {"Budget": [float(b) for _, b, _, _ in entries],
         "Committed": [float(c) for _, _, c, _ in entries],
         "Paid": [float(p) for _, _, _, p in entries]},
        title=f"Budget, committed spend and payments ({currency})", unit=currency,
        locale=locale))) for currency, entries in sorted(by_currency.items())]
    return BudgetView(title="Budget", campaigns=Table(columns, rows), charts=charts)


def installment_rows(ctx: SiteContext) -> list[_Installment]:
    rows = []
    for slug, campaign in ctx.program.campaigns.items():
        for engagement in campaign.spec.creators:
            for status in ctx.engagement(slug, engagement.handle).installments:
                rows.append(_Installment(slug, campaign, engagement.handle, status.installment,
                                         status.paid, status.overdue))
    return sorted(rows, key=lambda row: (row.installment.due_date or date.max, row.slug,
                                         row.handle, row.installment.due))


@dataclass(frozen=True, kw_only=True)
class PaymentsView(PageView):
    """team/payments.md (pages/payments.md.j2)."""

    as_of: str
    totals: Table
    """Overdue, still to pay and paid per currency: amounts in different currencies never
    add."""
    overdue: Table
    due: Table


_INSTALLMENT_COLUMNS = (Column("Due", "due", nowrap=True), Column("Campaign", "campaign"),
                        Column("Creator", "creator"), Column("Installment", "installment"),
                        Column("Amount", "amount", numeric=True))
_TOTAL_COLUMNS = (Column("Currency", "currency"),
                  *(Column(name, key, numeric=True) for name, key in (
                      ("Overdue", "overdue"), ("Still to pay", "open"), ("Paid", "paid"))))


def payments_view(ctx: SiteContext, installments: list[_Installment]) -> PaymentsView:
    here = team_page("payments")

    def row(item: _Installment) -> dict[str, object]:
        installment = item.installment
        currency = item.campaign.spec.currency
        due = installment.due_date
        return {
            "due": Sorted(day(due, ctx.locale), due.isoformat()) if due
            else Sorted(Span("not yet known", "nk-muted"), "9999"),
            "campaign": Link(ctx.href(here, campaign_page(item.slug)), item.campaign.spec.title),
            "creator": Link(ctx.href(here, media_kit_page(item.handle)),
                            creator_name(ctx, item.handle)),
            "installment": f"{percent(installment.percent / 100, ctx.locale, digits=0)} "
                           f"{installment.due_event}",
            "amount": Sorted(money(installment.amount, currency, ctx.locale),
                             str(installment.amount)),
        }

    totals: dict[str, list[Decimal]] = {}
    for item in installments:
        sums = totals.setdefault(item.campaign.spec.currency, [Decimal(0)] * 3)
        sums[0 if item.overdue else 2 if item.paid else 1] += item.installment.amount
    total_rows = [{"currency": currency, **{key: Sorted(money(amount, currency, ctx.locale),
                                                         str(amount))
                                             for key, amount in zip(("overdue", "open", "paid"),
                                                                    sums, strict=True)}}
                  for currency, sums in sorted(totals.items())]
    return PaymentsView(
        title="Payments", as_of=day(ctx.facts.as_of, ctx.locale),
        totals=Table(_TOTAL_COLUMNS, total_rows, sortable=False,
                     empty="No payment schedules yet."),
        overdue=Table(_INSTALLMENT_COLUMNS, [row(i) for i in installments if i.overdue],
                      empty="No payment is overdue."),
        due=Table(_INSTALLMENT_COLUMNS,
                  [row(i) for i in installments if not i.paid and not i.overdue],
                  empty="Nothing left to pay."))


def _deliverable_rows(ctx: SiteContext, here: str,
                      rows: list[DeliverableDue]) -> list[dict[str, object]]:
    return [{"due": Sorted(day(fact.deliverable.due, ctx.locale),
                           fact.deliverable.due.isoformat()),
             "campaign": Link(ctx.href(here, campaign_page(slug)),
                              ctx.program.campaigns[slug].spec.title),
             "creator": Link(ctx.href(here, media_kit_page(engagement.handle)),
                             creator_name(ctx, engagement.handle)),
             "deliverable": [deliverable_label(fact.deliverable), Code(fact.deliverable.id)],
             "status": Badge(fact.progress.label, fact.progress.tone)}
            for slug, engagement, fact in rows]


_DEADLINE_COLUMNS = (Column("Due", "due", nowrap=True), Column("Campaign", "campaign"),
                     Column("Creator", "creator"), Column("Deliverable", "deliverable"),
                     Column("Status", "status"))


@dataclass(frozen=True, kw_only=True)
class DeadlinesView(PageView):
    """team/deadlines.md (pages/deadlines.md.j2)."""

    as_of: str
    days: int
    soon: Table
    """Not posted and due in the next `days` days."""
    overdue: Table


def _deadlines(ctx: SiteContext, deliverables: list[DeliverableDue],
               as_of: date | None) -> DeadlinesView:
    here = team_page("deadlines")
    return DeadlinesView(
        title="Deadlines", as_of=day(as_of, ctx.locale), days=DEADLINE_DAYS,
        soon=Table(_DEADLINE_COLUMNS, _deliverable_rows(
            ctx, here, due_within(deliverables, as_of, DEADLINE_DAYS)),
            empty=f"Nothing is due in the next {DEADLINE_DAYS} days."),
        overdue=Table(_DEADLINE_COLUMNS, _deliverable_rows(ctx, here, overdue(deliverables)),
                      empty="No deliverable is overdue."))


def usage_rights_ending(ctx: SiteContext, as_of: date | None,
                  days: int | None = USAGE_RIGHTS_DAYS) -> list[tuple[date, str, Campaign, str]]:
    """(end, slug, campaign, handle) of licences in force at as_of that end within `days`
    (None: whenever)."""
    if as_of is None:
        return []
    horizon = as_of + timedelta(days=days) if days is not None else date.max
    ending = []
    for slug, campaign in ctx.program.campaigns.items():
        for engagement in campaign.spec.creators:
            end = ctx.engagement(slug, engagement.handle).usage_rights_end
            if end is not None and as_of <= end <= horizon:
                ending.append((end, slug, campaign, engagement.handle))
    return sorted(ending, key=lambda item: (item[0], item[1], item[3]))


@dataclass(frozen=True, kw_only=True)
class UsageRightsView(PageView):
    """team/usage-rights.md (pages/usage-rights.md.j2)."""

    as_of: str
    days: int
    ending: Table
    """Licences ending in the next `days` days."""
    in_force: Table


_LICENCE_COLUMNS = (Column("Ends", "ends", nowrap=True), Column("Campaign", "campaign"),
                    Column("Creator", "creator"), Column("Channels", "channels"))


def _usage_rights_page(ctx: SiteContext,
                       ending: list[tuple[date, str, Campaign, str]]) -> UsageRightsView:
    in_force = usage_rights_ending(ctx, ctx.facts.as_of, None)
    return UsageRightsView(
        title="Usage rights", as_of=day(ctx.facts.as_of, ctx.locale), days=USAGE_RIGHTS_DAYS,
        ending=Table(_LICENCE_COLUMNS, _licence_rows(ctx, ending),
                     empty=f"No usage rights end in the next {USAGE_RIGHTS_DAYS} days."),
        in_force=Table(_LICENCE_COLUMNS, _licence_rows(ctx, in_force),
                       empty="No usage rights are in force."))


def _licence_rows(ctx: SiteContext,
                  licences: list[tuple[date, str, Campaign, str]]) -> list[dict[str, object]]:
    here = team_page("usage-rights")
    rows: list[dict[str, object]] = []
    for end, slug, campaign, handle in licences:
        engagement = campaign.spec.engagement(handle)
        rights = campaign.spec.terms_for(engagement).usage_rights if engagement else None
        rows.append({
            "ends": Sorted(day(end, ctx.locale), end.isoformat()),
            "campaign": Link(ctx.href(here, campaign_page(slug)), campaign.spec.title),
            "creator": Link(ctx.href(here, media_kit_page(handle)), creator_name(ctx, handle)),
            "channels": ", ".join(label_of(c).lower() for c in rights.channels)
            if rights else ""})
    return rows


@dataclass(frozen=True, kw_only=True)
class VettingView(PageView):
    """team/vetting.md (pages/vetting.md.j2)."""

    thresholds: str
    """What raises a flag, in words, with the program's thresholds."""
    flags: Table


def _vetting(ctx: SiteContext, flags: list[tuple[str, VettingFlag]]) -> VettingView:
    here = team_page("vetting")
    rows: list[dict[str, object]] = []
    for evidence, flag in flags:
        campaign = ctx.program.campaigns.get(flag.campaign)
        rows.append({
            "creator": Link(ctx.href(here, media_kit_page(flag.handle)),
                            creator_name(ctx, flag.handle)),
            "flag": Badge(FLAG_TITLES[flag.kind], "late"),
            "campaign": Link(ctx.href(here, campaign_page(flag.campaign)), campaign.spec.title)
            if campaign else "",
            "evidence": evidence})
    thresholds = ctx.program.config.vetting
    explanation = (
        f"Flags: month-over-month follower growth above "
        f"{percent(thresholds.follower_jump, ctx.locale, digits=0)}; engagement rate by "
        f"followers below {percent(thresholds.engagement_rate_min, ctx.locale, digits=1)} or "
        f"above {percent(thresholds.engagement_rate_max, ctx.locale, digits=0)}; less than "
        f"{percent(thresholds.market_share_min, ctx.locale, digits=0)} of the audience in the "
        f"campaign's markets; profile followers more than "
        f"{percent(thresholds.followers_drift, ctx.locale, digits=0)} away from the latest "
        "history row; a creator outside the campaign's tier.")
    columns = (Column("Creator", "creator"), Column("Flag", "flag"),
               Column("Campaign", "campaign"), Column("Evidence", "evidence", wide=True))
    return VettingView(title="Vetting flags", thresholds=explanation,
                       flags=Table(columns, rows, empty="No vetting flags."))


@dataclass(frozen=True, kw_only=True)
class PortfolioView(PageView):
    """team/portfolio.md (pages/portfolio.md.j2)."""

    figures_as_of: str
    """'Figures up to Mar 15, 2026.', or '' without metrics."""
    by_brand: Table
    by_creator: Table


_PORTFOLIO_FIGURES = (("Currency", "currency"), ("Campaigns", "campaigns"), ("Spend", "spend"),
                      ("Impressions", "impressions"), ("Engagements", "engagements"),
                      ("Engagement rate", "engagement_rate"), ("CTR", "ctr"),
                      ("Conversions", "conversions"), ("Revenue", "revenue"), ("CPA", "cpa"),
                      ("ROAS", "roas"))


def _portfolio(ctx: SiteContext) -> PortfolioView:
    here = team_page("portfolio")
    # The team's facts come derived with it (derive(team=True)); no campaign, no figures.
    portfolio = ctx.facts.portfolio or Portfolio(as_of=None, by_brand=(), by_creator=())

    def columns(first: str) -> tuple[Column, ...]:
        return (Column(first, "name"), *(Column(name, key, numeric=key != "currency")
                                         for name, key in _PORTFOLIO_FIGURES))

    return PortfolioView(
        title="Portfolio KPIs", wide=True,
        figures_as_of=f"Figures up to {day(portfolio.as_of, ctx.locale)}."
        if portfolio.as_of is not None else "",
        by_brand=Table(columns("Brand"), [
            _portfolio_row(ctx, _brand_label(ctx, entry.key), entry)
            for entry in portfolio.by_brand]),
        by_creator=Table(columns("Creator"), [
            _portfolio_row(ctx, Link(ctx.href(here, media_kit_page(entry.key)),
                                     creator_name(ctx, entry.key)), entry)
            for entry in portfolio.by_creator]))


def _brand_label(ctx: SiteContext, brand_id: str) -> str:
    brand = ctx.program.brands.get(brand_id)
    return brand.name if brand else brand_id


def _portfolio_row(ctx: SiteContext, name: object, entry: PortfolioEntry) -> dict[str, object]:
    figures: Figures = entry.figures
    locale = ctx.locale
    currency = entry.currency

    def amount(value: Decimal | None) -> Sorted:
        return Sorted(money(value, currency, locale) if value is not None else NOT_AVAILABLE,
                      "" if value is None else str(value))

    def count(value: int | None) -> Sorted:
        return Sorted(NOT_AVAILABLE if value is None else number(value, locale),
                      "" if value is None else str(value))

    def rate(value: Decimal | None) -> Sorted:
        return Sorted(percent(value, locale), "" if value is None else str(value))

    roas = figures.roas
    return {"name": name, "currency": currency, "campaigns": count(len(entry.campaigns)),
            "spend": amount(figures.spend), "impressions": count(figures.impressions),
            "engagements": count(figures.engagements),
            "engagement_rate": rate(figures.engagement_rate), "ctr": rate(figures.ctr),
            "conversions": count(figures.conversions), "revenue": amount(figures.revenue),
            "cpa": amount(figures.cpa),
            "roas": Sorted(f"{decimal(roas, locale)}×" if roas is not None else NOT_AVAILABLE,
                           "" if roas is None else str(roas))}
