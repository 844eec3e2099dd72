"""Team dashboards (SPEC §9): pipeline, budget, payments, deadlines, usage rights, vetting,
portfolio KPIs. Only the team build has them."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from builder.facts import DeliverableFact, committed_deliverables, paid_amount
from builder.kpi import (
    Figures,
    Portfolio,
    PortfolioEntry,
    compute_portfolio,
)
from builder.model.campaign import Engagement, EngagementStatus
from builder.model.program import Campaign
from builder.render.charts import bar_chart, grouped_bar_chart
from builder.render.context import SiteContext, SiteFiles
from builder.render.format import (
    NOT_AVAILABLE,
    day,
    decimal,
    html_text,
    label_of,
    md_text,
    money,
    number,
    percent,
)
from builder.render.pages.campaigns import creator_name
from builder.render.pages.parts import (
    Cell,
    as_of_line,
    badge,
    code,
    deliverable_label,
    html_block,
    link,
    note,
    page,
    table,
)
from builder.render.pages.vetting import FLAG_TITLES, flag_evidence
from builder.render.paths import TEAM, campaign_page, media_kit_page, team_page
from builder.render.templating import Column, Link, Muted, PageView, Sorted, Table
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
    kpis = {slug: ctx.kpis(slug) for slug in program.campaigns}
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
        TEAM: _index(ctx, counts),
        team_page("pipeline"): _pipeline(ctx),
        team_page("budget"): _budget(ctx),
        team_page("payments"): ctx.templates.render("pages/payments.md.j2",
                                                   payments_view(ctx, installments)),
        team_page("deadlines"): _deadlines(ctx, deliverables, as_of),
        team_page("usage-rights"): _usage_rights_page(ctx, expiring),
        team_page("vetting"): _vetting(ctx, flags),
        team_page("portfolio"): _portfolio(ctx, compute_portfolio(program, kpis)),
    }


def _index(ctx: SiteContext, counts: dict[str, int]) -> str:
    here = TEAM
    rows: list[list[Cell | str]] = []
    for path, title, what in DASHBOARDS:
        count = counts.get(path)
        flag = ("" if count is None else badge("All clear", "done") if count == 0
                else badge(f"{number(count, ctx.locale)} to look at", "late"))
        rows.append([link(ctx.href(here, path), title), html_text(what), flag])
    return page("Dashboards", as_of_line(ctx), table(["Dashboard", "Shows", "State"], rows,
                                                      sortable=False))


def _pipeline(ctx: SiteContext) -> str:
    here = team_page("pipeline")
    totals: Counter[str] = Counter()
    rows: list[list[Cell | str]] = []
    for slug, campaign in sorted(ctx.program.campaigns.items()):
        counts = Counter(e.status.value for e in campaign.spec.creators)
        totals.update(counts)
        rows.append([link(ctx.href(here, campaign_page(slug)), campaign.spec.title),
                     badge(label_of(campaign.spec.status), campaign.spec.status.value),
                     *(Cell(html_text(number(counts[s.value], ctx.locale)) if counts[s.value]
                            else "", str(counts[s.value])) for s in _PIPELINE_ORDER)])
    headers = ["Campaign", "Campaign status", *(label_of(s) for s in _PIPELINE_ORDER)]
    chart = bar_chart([label_of(s) for s in _PIPELINE_ORDER],
                      [totals[s.value] for s in _PIPELINE_ORDER],
                      title="Engagements by status, all campaigns", locale=ctx.locale)
    numeric = range(2, 2 + len(_PIPELINE_ORDER))
    return page("Pipeline", html_block(chart, "nk-chart-wide"),
                table(headers, rows, numeric=numeric))


def _budget(ctx: SiteContext) -> str:
    here = team_page("budget")
    locale = ctx.locale
    rows: list[list[Cell | str]] = []
    by_currency: dict[str, list[tuple[str, Decimal, Decimal, Decimal]]] = {}
    for slug, campaign in sorted(ctx.program.campaigns.items()):
        spec = campaign.spec
        committed = spec.committed_spend
        paid = sum((paid_amount(e) for e in spec.creators), Decimal(0))
        remaining = spec.budget.amount - committed
        by_currency.setdefault(spec.currency, []).append(
            (spec.title, spec.budget.amount, committed, paid))
        left = html_text(money(remaining, spec.currency, locale))
        if remaining < 0:
            left = f'{badge("Over budget", "late")} {left}'
        rows.append([link(ctx.href(here, campaign_page(slug)), spec.title),
                     badge(label_of(spec.status), spec.status.value),
                     *(Cell(html_text(money(amount, spec.currency, locale)), str(amount))
                       for amount in (spec.budget.amount, committed, paid)),
                     Cell(left, str(remaining))])
    sections = [md_text("Committed spend is fee + gift of engagements that are contracted, "
                        "delivered or paid; paid is what the engagements' payments record."),
                table(["Campaign", "Status", "Budget", "Committed", "Paid", "Remaining"], rows,
                      numeric=[2, 3, 4, 5])]
    for currency, entries in sorted(by_currency.items()):
        chart = grouped_bar_chart(
            [title for title, *_ in entries],
            {"Budget": [float(b) for _, b, _, _ in entries],
             "Committed": [float(c) for _, _, c, _ in entries],
             "Paid": [float(p) for _, _, _, p in entries]},
            title=f"Budget, committed spend and payments ({currency})", unit=currency,
            locale=locale)
        sections += [f"## {md_text(currency)}", html_block(chart, "nk-chart-wide")]
    return page("Budget", *sections)


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
            else Sorted(Muted("not yet known"), "9999"),
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
                      rows: list[DeliverableDue]) -> list[list[Cell | str]]:
    return [[Cell(html_text(day(fact.deliverable.due, ctx.locale)),
                  fact.deliverable.due.isoformat()),
             link(ctx.href(here, campaign_page(slug)), ctx.program.campaigns[slug].spec.title),
             link(ctx.href(here, media_kit_page(engagement.handle)),
                  creator_name(ctx, engagement.handle)),
             f"{html_text(deliverable_label(fact.deliverable))} {code(fact.deliverable.id)}",
             badge(fact.progress.label, fact.progress.tone)] for slug, engagement, fact in rows]


def _deadlines(ctx: SiteContext, deliverables: list[DeliverableDue], as_of: date | None) -> str:
    here = team_page("deadlines")
    headers = ["Due", "Campaign", "Creator", "Deliverable", "Status"]
    soon = due_within(deliverables, as_of, DEADLINE_DAYS)
    late = overdue(deliverables)
    return page(
        "Deadlines", as_of_line(ctx),
        f"## Next {DEADLINE_DAYS} days",
        table(headers, _deliverable_rows(ctx, here, soon), nowrap=[0]) if soon
        else note(f"Nothing is due in the next {DEADLINE_DAYS} days."),
        "## Overdue",
        md_text("Due date passed, no post in the metrics and no published draft."),
        table(headers, _deliverable_rows(ctx, here, late), nowrap=[0]) if late
        else note("No deliverable is overdue."))


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


def _usage_rights_page(ctx: SiteContext, ending: list[tuple[date, str, Campaign, str]]) -> str:
    in_force = usage_rights_ending(ctx, ctx.facts.as_of, None)
    headers = ["Ends", "Campaign", "Creator", "Channels"]
    return page(
        "Usage rights", as_of_line(ctx),
        f"## Ending in the next {USAGE_RIGHTS_DAYS} days",
        md_text("The first post in the metrics + the months of usage rights."),
        table(headers, _licence_rows(ctx, ending), nowrap=[0]) if ending
        else note(f"No usage rights end in the next {USAGE_RIGHTS_DAYS} days."),
        "## All licences in force",
        table(headers, _licence_rows(ctx, in_force), nowrap=[0]) if in_force
        else note("No usage rights are in force."))


def _licence_rows(ctx: SiteContext,
                  licences: list[tuple[date, str, Campaign, str]]) -> list[list[Cell | str]]:
    here = team_page("usage-rights")
    rows: list[list[Cell | str]] = []
    for end, slug, campaign, handle in licences:
        engagement = campaign.spec.engagement(handle)
        rights = campaign.spec.terms_for(engagement).usage_rights if engagement else None
        channels = ", ".join(label_of(c).lower() for c in rights.channels) if rights else ""
        rows.append([Cell(html_text(day(end, ctx.locale)), end.isoformat()),
                     link(ctx.href(here, campaign_page(slug)), campaign.spec.title),
                     link(ctx.href(here, media_kit_page(handle)), creator_name(ctx, handle)),
                     html_text(channels)])
    return rows


def _vetting(ctx: SiteContext, flags: list[tuple[str, VettingFlag]]) -> str:
    here = team_page("vetting")
    rows: list[list[Cell | str]] = []
    for evidence, flag in flags:
        campaign = ctx.program.campaigns.get(flag.campaign)
        rows.append([link(ctx.href(here, media_kit_page(flag.handle)),
                          creator_name(ctx, flag.handle)),
                     badge(FLAG_TITLES[flag.kind], "late"),
                     link(ctx.href(here, campaign_page(flag.campaign)), campaign.spec.title)
                     if campaign else "",
                     html_text(evidence)])
    thresholds = ctx.program.config.vetting
    explanation = md_text(
        f"Flags: month-over-month follower growth above "
        f"{percent(thresholds.follower_jump, ctx.locale, digits=0)}; engagement rate by "
        f"followers below {percent(thresholds.engagement_rate_min, ctx.locale, digits=1)} or "
        f"above {percent(thresholds.engagement_rate_max, ctx.locale, digits=0)}; less than "
        f"{percent(thresholds.market_share_min, ctx.locale, digits=0)} of the audience in the "
        f"campaign's markets; profile followers more than "
        f"{percent(thresholds.followers_drift, ctx.locale, digits=0)} away from the latest "
        "history row; a creator outside the campaign's tier.")
    return page("Vetting flags", explanation,
                table(["Creator", "Flag", "Campaign", "Evidence"], rows, wide=[3]) if rows
                else note("No vetting flags."))


def _portfolio(ctx: SiteContext, portfolio: Portfolio) -> str:
    here = team_page("portfolio")
    sections = [md_text("Figures are summed across campaigns per currency and the KPIs are "
                        "ratios of those sums.")]
    if portfolio.as_of is not None:
        sections.append(md_text(f"Figures up to {day(portfolio.as_of, ctx.locale)}."))
    brand_rows = [_portfolio_row(ctx, html_text(_brand_label(ctx, entry.key)), entry)
                  for entry in portfolio.by_brand]
    creator_rows = [_portfolio_row(ctx, link(ctx.href(here, media_kit_page(entry.key)),
                                             creator_name(ctx, entry.key)), entry)
                    for entry in portfolio.by_creator]
    headers = ["", "Currency", "Campaigns", "Spend", "Impressions", "Engagements",
               "Engagement rate", "CTR", "Conversions", "Revenue", "CPA", "ROAS"]
    numeric = range(2, len(headers))
    sections += ["## By brand", table(["Brand", *headers[1:]], brand_rows, numeric=numeric),
                 "## By creator", table(["Creator", *headers[1:]], creator_rows,
                                        numeric=numeric)]
    return page("Portfolio KPIs", *sections, wide=True)


def _brand_label(ctx: SiteContext, brand_id: str) -> str:
    brand = ctx.program.brands.get(brand_id)
    return brand.name if brand else brand_id


def _portfolio_row(ctx: SiteContext, name: str, entry: PortfolioEntry) -> list[Cell | str]:
    figures: Figures = entry.figures
    locale = ctx.locale
    currency = entry.currency

    def amount(value: Decimal | None) -> Cell:
        return Cell(html_text(money(value, currency, locale) if value is not None
                              else NOT_AVAILABLE), "" if value is None else str(value))

    def count(value: int | None) -> Cell:
        return Cell(html_text(NOT_AVAILABLE if value is None else number(value, locale)),
                    "" if value is None else str(value))

    def rate(value: Decimal | None) -> Cell:
        return Cell(html_text(percent(value, locale)), "" if value is None else str(value))

    roas = figures.roas
    return [name, html_text(currency), count(len(entry.campaigns)), amount(figures.spend),
            count(figures.impressions), count(figures.engagements),
            rate(figures.engagement_rate), rate(figures.ctr), count(figures.conversions),
            amount(figures.revenue), amount(figures.cpa),
            Cell(html_text(f"{decimal(roas, locale)}×" if roas is not None else NOT_AVAILABLE),
                 "" if roas is None else str(roas))]

