"""KPI pages (SPEC §9) and kpis/<slug>.json (SPEC §5) for every campaign an audience sees.

Page and JSON are made from the same published figures (`published_figures`): what a cell shows is
its JSON value formatted for people, and the cell's sort key is that JSON value itself.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import partial

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
    html_text,
    md_text,
    money,
    number,
    percent,
    platform_label,
)
from builder.render.pages.parts import (
    Cell,
    badge,
    code,
    figure,
    html_block,
    link,
    note,
    page,
    table,
)
from builder.render.paths import kpi_json_file, kpi_page, media_kit_page

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
            kpi_page(slug): _kpi_page(ctx, ctx.program.campaigns[slug], kpis, own)}


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


def _cell(name: str, value: int | Decimal | None, currency: str, locale: str) -> Cell:
    # The sort key is the JSON number, so the table sorts (and can be checked) on exact values.
    key = "" if value is None else str(value)
    return Cell(html_text(figure_text(name, value, currency, locale)), key)


def _kpi_page(ctx: SiteContext, campaign: Campaign, kpis: CampaignKpis, own: str | None) -> str:
    locale = ctx.locale
    spec = campaign.spec
    here = kpi_page(campaign.slug)
    creators = {h: f for h, f in kpis.creators.items() if own in (None, h)}
    judged = creators.get(own, Figures()) if own else kpis.totals
    sections = [_as_of(ctx, kpis, here)]
    coverage = _coverage(kpis, judged, locale)
    if coverage:
        sections.append(coverage)
    sections += ["## Against the targets" if own is None else "## Your figures against the "
                 "targets", _targets(campaign, judged, kpis.currency, locale)]
    if own is None:
        sections += ["## Totals", _totals(kpis, locale)]
    sections += ["## Per creator" if own is None else "## Your figures",
                 _creator_table(ctx, here, kpis.currency, creators),
                 "## Charts", _charts(ctx, campaign, kpis.currency, creators, own),
                 "## Where the figures come from", _sources(ctx, campaign, own)]
    return page("KPIs", *sections, heading=f"KPIs: {spec.title}", wide=True)


def _as_of(ctx: SiteContext, kpis: CampaignKpis, here: str) -> str:
    locale = ctx.locale
    download = link(ctx.href(here, kpi_json_file(kpis.slug)), f"{kpis.slug}.json")
    when = (f"Figures up to {html_text(day(kpis.as_of, locale))}" if kpis.as_of
            else "No metrics yet")
    return html_block(f"{when}; amounts in {html_text(kpis.currency)}. "
                      f"Download them as JSON: {download}.", "nk-as-of")


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
    return html_block("Not every post reports every metric: " + html_text(sentence),
                      "nk-coverage")


def _targets(campaign: Campaign, figures: Figures, currency: str, locale: str) -> str:
    results = check_targets(campaign.spec.targets, figures)
    if not results:
        return note("This campaign sets no KPI targets.")
    rows: list[list[Cell | str]] = []
    for result in results:
        verdict = (badge("Met", "done") if result.met
                   else badge("Missed", "late") if result.met is False
                   else badge("No data yet", "none"))
        better = "at most" if result.kpi in ("cpe", "cpm", "cpa") else "at least"
        target = figure_text(result.kpi, result.target, currency, locale)
        rows.append([html_text(FIGURE_LABELS[result.kpi]), html_text(f"{better} {target}"),
                     _cell(result.kpi, result.value, currency, locale), verdict])
    return table(["KPI", "Target", "Result", "Verdict"], rows, numeric=[2], sortable=False)


def _totals(kpis: CampaignKpis, locale: str) -> str:
    published = published_figures(kpis.totals, kpis.currency)
    rows: list[list[Cell | str]] = [
        [html_text(FIGURE_LABELS[name]), _cell(name, published[name], kpis.currency, locale),
         html_text(DEFINITIONS.get(name, ""))]
        for name in (*SUM_NAMES, *KPI_NAMES)]
    return table(["Figure", "Value", "How it is computed"], rows, numeric=[1], sortable=False)


def _creator_table(ctx: SiteContext, here: str, currency: str,
                   creators: dict[str, Figures]) -> str:
    locale = ctx.locale
    if not creators:
        return note("No creators on the roster.")
    names = (*SUM_NAMES, *KPI_NAMES)
    rows: list[list[Cell | str]] = []
    for handle, figures in creators.items():
        published = published_figures(figures, currency)
        rows.append([Cell(_creator_link(ctx, here, handle), handle),
                     *(_cell(name, published[name], currency, locale) for name in names)])
    return table(["Creator", *(SHORT_LABELS[n] for n in names)], rows,
                 numeric=range(1, len(names) + 1),
                 caption=f"Amounts in {currency}; n/a where a denominator is zero")


def _creator_link(ctx: SiteContext, here: str, handle: str) -> str:
    creator = ctx.program.creators.get(handle)
    name = creator.profile.name if creator else handle
    shown = f"{link(ctx.href(here, media_kit_page(handle)), name)}" if creator else html_text(name)
    return f"{shown} {code(handle)}"


def _charts(ctx: SiteContext, campaign: Campaign, currency: str, creators: dict[str, Figures],
            own: str | None) -> str:
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
    figures = [
        figure(bar_chart(labels, engagements, title="Engagements per creator", locale=locale),
                "Engagements per creator (latest snapshot of each post)"),
        figure(bar_chart(labels, spend, title=f"Spend per creator ({currency})", unit=currency,
                          locale=locale), f"Spend per creator: fee + gift value, {currency}"),
        figure(grouped_bar_chart(labels, {"Revenue": revenue, "Spend": spend},
                                  title=f"Revenue vs spend ({currency})", unit=currency,
                                  locale=locale),
                f"Revenue of attributed orders against spend, {currency}"),
    ]
    over_time = figure(line_chart(series, title="Engagements over time", locale=locale),
                        "Engagements known at each snapshot date: every post at its latest "
                        "snapshot on or before that day")
    return (html_block("".join(figures), "nk-chart-grid") + "\n\n"
            + html_block(over_time, "nk-chart-wide"))


def _short_name(program: Program, handle: str) -> str:
    creator = program.creators.get(handle)
    return creator.profile.name if creator else handle



def _sources(ctx: SiteContext, campaign: Campaign, own: str | None) -> str:
    locale = ctx.locale
    text = md_text(
        "Each post counts once, at its latest snapshot (same day: the later file, then the later "
        "line). An order counts once, when its promo code (any case) or utm_content names a "
        "creator of this roster and it is not voided, refunded or cancelled; its revenue is net "
        "of refunds and converted to the campaign currency at the configured rate. Spend is fee "
        "+ gift value of engagements contracted, delivered or paid. Rates are ratios of sums, "
        "never averages of rates, and n/a where the denominator is zero.")
    # A creator sees only files that hold their own rows: other files' names can name others.
    sources = ctx.memo.get("metric-sources", (campaign,), partial(metric_sources, campaign))
    shown = [s for s in sources if own is None or s.snapshots or s.orders]
    if not shown:
        return text + "\n\n" + note("No metric files yet.")
    rows: list[list[Cell | str]] = [_source_row(source, locale) for source in shown]
    files = table(["Metric file", "Post snapshots", "Used (latest per post)", "Orders",
                   "Counted"], rows, numeric=[1, 2, 3, 4], sortable=False)
    return text + "\n\n" + files


def _source_row(source: SourceFile, locale: str) -> list[Cell | str]:
    name = source.path.split("/metrics/", 1)[-1]
    return [code(name), *(Cell(html_text(number(n, locale)), str(n)) for n in (
        source.snapshots, source.snapshots_used, source.orders, source.orders_counted))]
