"""KPI pages (SPEC §9) and kpis/<slug>.json (SPEC §5) for every campaign an audience sees.

Page and JSON are made from the same published figures (`published_figures`): what a cell shows is
its JSON value formatted for people, and the cell's sort key is that JSON value itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import partial

from markupsafe import Markup

from builder.kpi import (
    KPI_NAMES,
    SUM_NAMES,
    CampaignKpis,
    Figures,
    SourceFile,
    check_targets,
    engagement_history,
    kpi_json,
    kpi_json_text,
    metric_sources,
    published_figures,
)
from builder.model.program import Campaign, Program
from builder.render.charts import bar_chart, grouped_bar_chart, line_chart
from builder.render.context import SiteContext, SiteFiles
from builder.render.format import (
    NOT_AVAILABLE,
    day,
    decimal,
    money,
    number,
    percent,
    platform_label,
)
from builder.render.paths import kpi_json_file, kpi_page, media_kit_page
from builder.render.templating import (
    Badge,
    Chart,
    Code,
    Column,
    Link,
    PageView,
    Sorted,
    Table,
)

FIGURE_LABELS = {
    "spend": "Spend", "impressions": "Impressions", "reach": "Reach",
    "engagements": "Engagements", "clicks": "Clicks", "conversions": "Conversions",
    "revenue": "Revenue",
    "engagement_rate": "Engagement rate (by reach)",
    "engagement_rate_followers": "Engagement rate (by followers)",
    "ctr": "Click-through rate", "cvr": "Conversion rate", "cpe": "Cost per engagement",
    "cpm": "Cost per 1,000 impressions", "cpa": "Cost per acquisition",
    "roas": "Return on ad spend", "roi": "Return on investment",
}
"""Every figure of SPEC §5 named for people; rates name their denominator."""
SHORT_LABELS = {**FIGURE_LABELS, "engagement_rate": "ER (reach)",
                "engagement_rate_followers": "ER (followers)", "ctr": "CTR", "cvr": "CVR",
                "cpe": "CPE", "cpm": "CPM", "cpa": "CPA", "roas": "ROAS", "roi": "ROI"}
"""Column headers of the per-creator table."""
DEFINITIONS = {
    "spend": "fee + gift value of engagements contracted, delivered or paid",
    "impressions": "of each post's latest snapshot",
    "reach": "of each post's latest snapshot",
    "engagements": "likes + comments + shares + saves of each post's latest snapshot",
    "clicks": "of each post's latest snapshot",
    "conversions": "distinct attributed orders, not voided, refunded or cancelled",
    "revenue": "of those orders, net of refunds, in the campaign currency",
    "engagement_rate": "engagements ÷ reach",
    "engagement_rate_followers": "engagements ÷ Σ followers of the creator on the post's "
                                 "platform, per post",
    "ctr": "clicks ÷ impressions", "cvr": "conversions ÷ clicks", "cpe": "spend ÷ engagements",
    "cpm": "spend ÷ impressions × 1,000", "cpa": "spend ÷ conversions",
    "roas": "revenue ÷ spend", "roi": "(revenue − spend) ÷ spend",
}
PERCENT_FIGURES = frozenset({"engagement_rate", "engagement_rate_followers", "ctr", "cvr", "roi"})
MONEY_FIGURES = frozenset({"spend", "revenue", "cpe", "cpm", "cpa"})




def render_kpi_files(ctx: SiteContext, slug: str) -> SiteFiles:
    """The campaign's KPI page and JSON, from the program already filtered for the audience.

    `public` gets nothing; a creator gets only their own figures, without totals (SPEC §4).
    """
    if ctx.audience.kind == "public":
        return {}
    own = ctx.audience.id if ctx.audience.kind == "creator" else None
    kpis = ctx.kpis(slug)
    return {kpi_json_file(slug): kpi_json_text(kpi_json(kpis, creators_only=own)),
            kpi_page(slug): ctx.templates.render("pages/kpis.md.j2", kpi_page_view(
                ctx, ctx.program.campaigns[slug], kpis, own))}


def figure_text(name: str, value: int | Decimal | None, currency: str, locale: str) -> str:
    """A published figure for people: 2.74%, $1,860.00, 8,400, 2.40×, or n/a."""
    if value is None:
        return NOT_AVAILABLE
    if name in PERCENT_FIGURES:
        return percent(value, locale)
    if name in MONEY_FIGURES:
        return money(Decimal(value), currency, locale)
    if name == "roas":
        return f"{decimal(value, locale)}×"
    return number(value, locale)


def _cell(name: str, value: int | Decimal | None, currency: str, locale: str) -> Sorted:
    # The sort key is the JSON number, so the table sorts (and can be checked) on exact values.
    key = "" if value is None else str(value)
    return Sorted(figure_text(name, value, currency, locale), key)


@dataclass(frozen=True, kw_only=True)
class KpiPageView(PageView):
    """campaigns/<slug>/kpis.md (pages/kpis.md.j2): for a creator, only their own figures."""

    figures_as_of: str
    """'Figures up to Mar 15, 2026', or 'No metrics yet'."""
    currency: str
    json: Link
    coverage: str
    """What figures cover fewer posts or creators than there are, in words; else ''."""
    own: bool
    """A creator's page: their figures, no totals."""
    targets: Table
    totals: Table | None
    creators: Table
    charts: list[Chart]
    over_time: Chart
    sources: Table


def kpi_page_view(ctx: SiteContext, campaign: Campaign, kpis: CampaignKpis,
                  own: str | None) -> KpiPageView:
    here = kpi_page(campaign.slug)
    creators = {h: f for h, f in kpis.creators.items() if own in (None, h)}
    judged = creators.get(own, Figures()) if own else kpis.totals
    charts, over_time = _charts(ctx, campaign, kpis.currency, creators, own)
    return KpiPageView(
        title="KPIs", heading=f"KPIs: {campaign.spec.title}", wide=True,
        figures_as_of=f"Figures up to {day(kpis.as_of, ctx.locale)}" if kpis.as_of
        else "No metrics yet",
        currency=kpis.currency,
        json=Link(ctx.href(here, kpi_json_file(kpis.slug)), f"{kpis.slug}.json"),
        coverage=_coverage(kpis, judged, ctx.locale), own=own is not None,
        targets=_targets(campaign, judged, kpis.currency, ctx.locale),
        totals=_totals(kpis, ctx.locale) if own is None else None,
        creators=_creator_table(ctx, here, kpis.currency, creators),
        charts=charts, over_time=over_time, sources=_sources(ctx, campaign, own))


def _coverage(kpis: CampaignKpis, figures: Figures, locale: str) -> str:
    """In words, what each figure that covers fewer posts or creators than there are covers,
    and which platforms report no reach, impressions or clicks (SPEC §5)."""
    partial_figures = []
    for name in (*SUM_NAMES, *KPI_NAMES):
        covered = figures.coverage(name)
        if covered is not None and covered.count < covered.of:
            unit = covered.unit if covered.of != 1 else covered.unit[:-1]
            label = FIGURE_LABELS[name].replace(" (", " ").rstrip(")")
            count = number(covered.count, locale) if covered.count else "none"
            partial_figures.append(f"{label[0].lower()}{label[1:]} over {count} of "
                                   f"{number(covered.of, locale)} {unit}")
    if not partial_figures:
        return ""
    reasons = [f"{platform_label(platform)} reports no "
               + (f"{', '.join(metrics[:-1])} or {metrics[-1]}" if len(metrics) > 1
                  else metrics[0])
               for platform, metrics in kpis.unreported.items()]
    sentence = "; ".join(partial_figures) + "."
    if reasons:
        sentence += " " + "; ".join(reasons) + "."
    return sentence


def _targets(campaign: Campaign, figures: Figures, currency: str, locale: str) -> Table:
    rows: list[dict[str, object]] = []
    for result in check_targets(campaign.spec.targets, figures):
        better = "at most" if result.kpi in ("cpe", "cpm", "cpa") else "at least"
        rows.append({
            "kpi": FIGURE_LABELS[result.kpi],
            "target": f"{better} {figure_text(result.kpi, result.target, currency, locale)}",
            "result": _cell(result.kpi, result.value, currency, locale),
            "verdict": Badge("Met", "done") if result.met
            else Badge("Missed", "late") if result.met is False
            else Badge("No data yet", "none")})
    columns = (Column("KPI", "kpi"), Column("Target", "target"),
               Column("Result", "result", numeric=True), Column("Verdict", "verdict"))
    return Table(columns, rows, sortable=False, empty="This campaign sets no KPI targets.")


def _totals(kpis: CampaignKpis, locale: str) -> Table:
    published = published_figures(kpis.totals, kpis.currency)
    columns = (Column("Figure", "figure"), Column("Value", "value", numeric=True),
               Column("How it is computed", "how"))
    return Table(columns, [
        {"figure": FIGURE_LABELS[name],
         "value": _cell(name, published[name], kpis.currency, locale),
         "how": DEFINITIONS.get(name, "")}
        for name in (*SUM_NAMES, *KPI_NAMES)], sortable=False)


def _creator_table(ctx: SiteContext, here: str, currency: str,
                   creators: dict[str, Figures]) -> Table:
    names = (*SUM_NAMES, *KPI_NAMES)
    rows: list[dict[str, object]] = []
    for handle, figures in creators.items():
        published = published_figures(figures, currency)
        creator = ctx.program.creators.get(handle)
        shown: object = (Link(ctx.href(here, media_kit_page(handle)), creator.profile.name)
                         if creator else handle)
        rows.append({"creator": Sorted([shown, Code(handle)], handle),
                     **{name: _cell(name, published[name], currency, ctx.locale)
                        for name in names}})
    columns = (Column("Creator", "creator"),
               *(Column(SHORT_LABELS[n], n, numeric=True) for n in names))
    return Table(columns, rows, caption=f"Amounts in {currency}; n/a where a denominator is "
                                        "zero", empty="No creators on the roster.")


def _charts(ctx: SiteContext, campaign: Campaign, currency: str, creators: dict[str, Figures],
            own: str | None) -> tuple[list[Chart], Chart]:
    program, locale = ctx.program, ctx.locale
    labels = [_short_name(program, h) for h in creators]
    published = [published_figures(f, currency) for f in creators.values()]
    engagements = [float(p["engagements"] or 0) for p in published]
    spend = [float(p["spend"] or 0) for p in published]
    revenue = [float(p["revenue"] or 0) for p in published]
    posts = campaign.metrics.posts
    every = ctx.memo.get("engagement-history", (posts,), partial(engagement_history, posts))
    history = {h: points for h, points in every.items() if own in (None, h)}
    series: dict[str, list[tuple[date, float]]] = {
        _short_name(program, h): [(d, float(v)) for d, v in points]
        for h, points in history.items()}
    charts = [
        Chart(Markup(bar_chart(labels, engagements, title="Engagements per creator",
                               locale=locale)),
              "Engagements per creator (latest snapshot of each post)"),
        Chart(Markup(bar_chart(labels, spend, title=f"Spend per creator ({currency})",
                               unit=currency, locale=locale)),
              f"Spend per creator: fee + gift value, {currency}"),
        Chart(Markup(grouped_bar_chart(labels, {"Revenue": revenue, "Spend": spend},
                                       title=f"Revenue vs spend ({currency})", unit=currency,
                                       locale=locale)),
              f"Revenue of attributed orders against spend, {currency}"),
    ]
    over_time = Chart(Markup(line_chart(series, title="Engagements over time", locale=locale)),
                      "Engagements known at each snapshot date: every post at its latest "
                      "snapshot on or before that day")
    return charts, over_time


def _short_name(program: Program, handle: str) -> str:
    creator = program.creators.get(handle)
    return creator.profile.name if creator else handle



def _sources(ctx: SiteContext, campaign: Campaign, own: str | None) -> Table:
    # A creator sees only files that hold their own rows: other files' names can name others.
    sources = ctx.memo.get("metric-sources", (campaign,), partial(metric_sources, campaign))
    columns = (Column("Metric file", "file"),
               *(Column(name, key, numeric=True) for name, key in (
                   ("Post snapshots", "snapshots"), ("Used (latest per post)", "used"),
                   ("Orders", "orders"), ("Counted", "counted"))))
    return Table(columns, [_source_row(source, ctx.locale) for source in sources
                           if own is None or source.snapshots or source.orders],
                 sortable=False, empty="No metric files yet.")


def _source_row(source: SourceFile, locale: str) -> dict[str, object]:
    counts = (source.snapshots, source.snapshots_used, source.orders, source.orders_counted)
    return {"file": Code(source.path.split("/metrics/", 1)[-1]),
            **{key: Sorted(number(n, locale), str(n))
               for key, n in zip(("snapshots", "used", "orders", "counted"), counts,
                                 strict=True)}}
