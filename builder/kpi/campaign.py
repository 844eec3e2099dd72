"""KPIs of one campaign: per creator on its roster, and totals (SPEC §5)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from typing import Any

import polars as pl

from builder.kpi.figures import POST_PAIRS, SPEND_PAIRS, Figures, Pair, total
from builder.kpi.orders import (
    attribute,
    counted_orders,
    counted_orders_query,
    sales_by_creator,
    sales_query,
    unique_orders,
)
from builder.kpi.posts import latest_snapshots, post_sums, post_sums_query
from builder.kpi.queries import collect_all
from builder.model.campaign import SPEND_STATUSES
from builder.model.program import Campaign, Program


@dataclass(frozen=True)
class SourceFile:
    """What one metric file contributed: where a figure came from."""

    path: str
    """Relative to the program root."""
    snapshots: int = 0
    """Post snapshot rows read from it."""
    snapshots_used: int = 0
    """Of those, the latest snapshot of a post: the rows the figures add up."""
    orders: int = 0
    orders_counted: int = 0
    """Orders of this file that count: attributed, converting, not a duplicate from a later file."""


@dataclass(frozen=True)
class CampaignKpis:
    slug: str
    brand: str
    currency: str
    as_of: date | None
    """The latest date of any metric row of the campaign; None without metrics."""
    totals: Figures
    """The sum of the creators' figures."""
    creators: Mapping[str, Figures]
    """One entry per creator on the roster, in roster order."""
    unreported: Mapping[str, tuple[str, ...]]
    """Platform -> the metrics (of impressions, reach, clicks) none of its posts in the
    campaign report: why a figure covers fewer posts than there are. Platforms sorted."""
    own_as_of: Mapping[str, date] = field(default_factory=dict)
    """Handle -> the latest date of the creator's own rows (their posts, the orders attributed
    to them): what dates a creator's own view (`own_kpis`)."""
    own_unreported: Mapping[str, Mapping[str, tuple[str, ...]]] = field(default_factory=dict)
    """Handle -> `unreported` of the creator's own posts."""


def compute_campaign_kpis(program: Program, slug: str) -> CampaignKpis:
    campaign = program.campaigns[slug]
    spec = campaign.spec
    handles = list(dict.fromkeys(e.handle for e in spec.creators))
    spend: dict[str, Decimal] = dict.fromkeys(handles, Decimal(0))
    for engagement in spec.creators:
        if engagement.status in SPEND_STATUSES:
            spend[engagement.handle] += engagement.spend
    latest = latest_snapshots(campaign.metrics.posts)
    # Each query is small: run together, they cost one round trip to polars instead of many.
    sums, counts, grouped, dated = collect_all([
        post_sums_query(latest, program.creators, handles), unreported_query(latest),
        sales_query(counted_orders_query(campaign)), own_dates_query(campaign)])
    posts = post_sums(sums)
    sales = sales_by_creator(grouped, spec.currency, program.config.exchange_rates)
    creators = {}
    for handle in handles:
        sold = sales.get(handle)
        conversions = sold.conversions if sold else 0
        figures = Figures(spend=spend[handle], conversions=conversions,
                          revenue=sold.revenue if sold else Decimal(0), creators=1)
        own = posts.get(handle)
        if own is not None:
            pairs = dict(figures.pairs)
            pairs.update({name: own.pairs[name] for name in POST_PAIRS})
            for name, metric in SPEND_PAIRS.items():
                part = own.sums[metric]
                if part.posts:
                    pairs[name] = Pair(spend[handle], Decimal(part.total), part.posts)
            clicks = own.sums["clicks"]
            if clicks.posts:
                pairs["cvr"] = Pair(Decimal(conversions), Decimal(clicks.total), 1)
            figures = replace(figures, posts=own.posts, sums=own.sums, pairs=pairs)
        creators[handle] = figures
    reports = list(counts.iter_rows(named=True))
    return CampaignKpis(slug=slug, brand=spec.brand, currency=spec.currency,
                        as_of=_as_of(campaign), totals=total(list(creators.values())),
                        creators=creators, unreported=unreported_by_platform(reports),
                        own_as_of=dict(dated.iter_rows()),
                        own_unreported={handle: unreported_by_platform(
                            [row for row in reports if row["creator"] == handle])
                            for handle in handles})


def own_kpis(kpis: CampaignKpis, handle: str) -> CampaignKpis:
    """What a creator's own build shows of the campaign (SPEC §4): their figures alone, dated
    and described by their own rows, as if the campaign held nothing else."""
    own = {handle: kpis.creators[handle]} if handle in kpis.creators else {}
    unreported = kpis.own_unreported.get(handle, {})
    as_of = kpis.own_as_of.get(handle)
    return CampaignKpis(slug=kpis.slug, brand=kpis.brand, currency=kpis.currency, as_of=as_of,
                        totals=total(list(own.values())), creators=own, unreported=unreported,
                        own_as_of={handle: as_of} if as_of else {},
                        own_unreported={handle: unreported} if own else {})


_REPORTED_BY_SOME = ("impressions", "reach", "clicks")
"""Metrics some platforms do not report at all."""


def unreported_query(latest: pl.DataFrame) -> pl.LazyFrame:
    """How many posts (latest snapshots) of each creator on each platform report each of
    _REPORTED_BY_SOME."""
    return (latest.lazy().group_by("creator", "platform")
            .agg(pl.col(m).count() for m in _REPORTED_BY_SOME).sort("creator", "platform"))


def unreported_by_platform(reports: list[dict[str, Any]]) -> dict[str, tuple[str, ...]]:
    """Platform -> the metrics none of its posts report, from rows of unreported_query."""
    reported: dict[str, dict[str, int]] = {}
    for row in reports:
        counts = reported.setdefault(row["platform"], dict.fromkeys(_REPORTED_BY_SOME, 0))
        for metric in _REPORTED_BY_SOME:
            counts[metric] += row[metric]
    unreported = {}
    for platform, counts in sorted(reported.items()):
        missing = tuple(m for m in _REPORTED_BY_SOME if counts[m] == 0)
        if missing:
            unreported[platform] = missing
    return unreported


def own_dates_query(campaign: Campaign) -> pl.LazyFrame:
    """creator, date: the latest date of each creator's posts and attributed orders."""
    metrics = campaign.metrics
    orders = attribute(unique_orders(metrics.orders).lazy(), campaign.spec)
    rows = pl.concat([metrics.posts.lazy().select("creator", "date"),
                      orders.select("creator", "date")])
    return (rows.filter(pl.col("creator").is_not_null()).group_by("creator")
            .agg(pl.col("date").max()).sort("creator"))


def compute_program_kpis(program: Program) -> dict[str, CampaignKpis]:
    """KPIs of every campaign, by slug."""
    return {slug: compute_campaign_kpis(program, slug) for slug in program.campaigns}


def _as_of(campaign: Campaign) -> date | None:
    dates = [frame["date"].max() for frame in (campaign.metrics.posts, campaign.metrics.orders)
             if frame.height]
    return max((d for d in dates if isinstance(d, date)), default=None)


def metric_sources(campaign: Campaign) -> tuple[SourceFile, ...]:
    """What each metric file of the campaign contributed, in path order."""
    metrics = campaign.metrics
    latest, counted = latest_snapshots(metrics.posts), counted_orders(campaign)
    counts: dict[str, dict[str, int]] = {path: {} for path in metrics.files}
    for name, frame in (("snapshots", metrics.posts), ("snapshots_used", latest),
                        ("orders", metrics.orders), ("orders_counted", counted)):
        for path, rows in frame.group_by("source").agg(pl.len()).iter_rows():
            counts.setdefault(path, {})[name] = rows
    return tuple(SourceFile(path, **counts[path]) for path in sorted(counts))
