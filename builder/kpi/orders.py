"""Which orders count for a campaign, for whom, and in which currency (SPEC §3, §5).

A store export holds every order of the shop: an order counts only when it is attributed to an
engagement of the campaign — by promo code (any case) or else by `utm_content` naming the
creator's handle — and converts (not voided, refunded or cancelled). Duplicate order ids count
once: like post snapshots, the row from the later file (by path), then the later line, wins, so
re-exporting a shop after a refund updates the order instead of adding it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TypeVar

import polars as pl

from builder.kpi.posts import last_per
from builder.kpi.queries import collect_all
from builder.model.campaign import CampaignSpec
from builder.model.program import Campaign, Program
from builder.problems import Problem

MAX_ROW_PROBLEMS = 20
"""Per file, like the importers' cap: a file broken on every row should not print a million."""
Frame = TypeVar("Frame", pl.DataFrame, pl.LazyFrame)


@dataclass(frozen=True)
class Sales:
    """What one creator's attributed orders add up to."""

    conversions: int = 0
    revenue: Decimal = Decimal(0)
    """In the campaign currency."""


def unique_orders(orders: pl.DataFrame) -> pl.DataFrame:
    """One row per order_id: the row of the later file, then the later line."""
    if orders["order_id"].n_unique() == orders.height:
        return orders
    return last_per(orders, "order_id", ["source", "line"])


def attribute(orders: Frame, spec: CampaignSpec) -> Frame:
    """The orders with a `creator` column: the engagement they are attributed to, or null.

    A promo code wins over utm_content when both name someone: the code is what the buyer typed
    at checkout, the UTM only the last link they followed.
    """
    codes = {e.promo_code.strip().upper(): e.handle for e in spec.creators if e.promo_code}
    handles = [e.handle for e in spec.creators]
    by_code = (pl.col("code").str.strip_chars().str.to_uppercase()
               .replace_strict(codes, default=None, return_dtype=pl.String)
               if codes else pl.lit(None, dtype=pl.String))
    utm = pl.col("utm_content").str.strip_chars()
    by_utm = pl.when(utm.is_in(handles)).then(utm)
    return orders.with_columns(pl.coalesce(by_code, by_utm).alias("creator"))


def in_window(spec: CampaignSpec) -> pl.Expr:
    """Whether an order's date is inside the campaign's attribution window."""
    start, end = spec.attribution_window
    return pl.col("date").is_between(start, end)


def counted_orders(campaign: Campaign) -> pl.DataFrame:
    """The orders that count for the campaign, each once, with their `creator`: attributed,
    converting and inside the attribution window."""
    return collect_all([counted_orders_query(campaign)])[0]


def counted_orders_query(campaign: Campaign) -> pl.LazyFrame:
    """counted_orders, to collect along with other queries."""
    orders = attribute(unique_orders(campaign.metrics.orders).lazy(), campaign.spec)
    return orders.filter(pl.col("creator").is_not_null() & pl.col("converts")
                         & in_window(campaign.spec))


def rate_key(currency: str, campaign_currency: str) -> str:
    """The key of ProgramConfig.exchange_rates that converts `currency` to the campaign's."""
    return f"{currency}/{campaign_currency}"


def sales_query(counted: pl.LazyFrame) -> pl.LazyFrame:
    """The `counted` orders and their exact revenue per creator and currency, for
    sales_by_creator."""
    return (counted.group_by("creator", "currency")
            .agg(pl.len().alias("orders"), pl.col("revenue").sum().alias("revenue"))
            .sort("creator", "currency"))


def sales_by_creator(grouped: pl.DataFrame, currency: str,
                     exchange_rates: Mapping[str, Decimal]) -> dict[str, Sales]:
    """Conversions and revenue per creator, in the campaign `currency`, from the rows of
    sales_query.

    Amounts are summed exactly per currency first and converted once (rate × Σ = Σ rate ×), so
    conversion adds no rounding. Orders in a currency without a rate are left out here;
    `order_problems` reports them as errors, so a build never publishes such figures.
    """
    sales: dict[str, Sales] = {}
    for handle, order_currency, orders, revenue in grouped.iter_rows():
        rate = Decimal(1) if order_currency == currency else exchange_rates.get(
            rate_key(order_currency, currency))
        if rate is None:
            continue
        known = sales.get(handle, Sales())
        sales[handle] = Sales(known.conversions + orders, known.revenue + revenue * rate)
    return sales


def order_problems(program: Program) -> list[Problem]:
    """How many orders each file left out (notices), and orders that count but cannot be
    converted to the campaign currency (errors at PATH:LINE)."""
    campaigns = [(slug, c) for slug, c in program.campaigns.items() if c.metrics.orders.height]
    queries = []
    for _, campaign in campaigns:
        attributed = attribute(campaign.metrics.orders.lazy(), campaign.spec)
        queries.append(attributed.group_by("source")
                       .agg(pl.len().alias("rows"),
                            pl.col("creator").null_count().alias("left_out"))
                       .filter(pl.col("left_out") > 0).sort("source"))
        queries.append(attributed.filter(pl.col("creator").is_not_null())
                       .group_by("source")
                       .agg(pl.len().alias("rows"),
                            (~in_window(campaign.spec)).sum().alias("out"))
                       .filter(pl.col("out") > 0).sort("source"))
    # One query for every campaign: polars runs them side by side, each is small.
    results = iter(collect_all(queries))
    problems: list[Problem] = []
    for slug, campaign in campaigns:
        left_out, outside = next(results), next(results)
        for source, rows, count in left_out.iter_rows():
            problems.append(Problem(
                source, None, None, "notice", "orders-left-out",
                f"left out {count} of {rows} orders: not attributed to an engagement of "
                f"'{slug}' (no promo code of its roster, no utm_content naming its creators)",
                "Nothing to do if the file is a whole-shop export; otherwise check the codes."))
        start, end = campaign.spec.attribution_window
        for source, rows, count in outside.iter_rows():
            problems.append(Problem(
                source, None, None, "notice", "orders-outside-window",
                f"left out {count} of {rows} attributed orders: dated outside the attribution "
                f"window of '{slug}', {start.isoformat()} to {end.isoformat()}",
                "Nothing to do if they belong to another campaign; otherwise change "
                "tracking.attribution_days or the period in campaign.yml."))
        problems.extend(_currency_problems(campaign, program.config.exchange_rates))
    return problems


def _currency_problems(campaign: Campaign, exchange_rates: Mapping[str, Decimal]
                       ) -> list[Problem]:
    currency = campaign.spec.currency
    if (campaign.metrics.orders["currency"] == currency).all():
        return []
    known = [key for key in exchange_rates if key.endswith(f"/{currency}")]
    foreign = (counted_orders(campaign)
               .filter(pl.col("currency") != currency)
               .filter(~pl.concat_str(pl.col("currency"), pl.lit(f"/{currency}")).is_in(known))
               .sort("source", "line"))
    problems = []
    for (source,), rows in foreign.group_by("source", maintain_order=True):
        for line, order_id, order_currency in (rows.head(MAX_ROW_PROBLEMS)
                                               .select("line", "order_id", "currency")
                                               .iter_rows()):
            problems.append(Problem(
                source, line, None, "error", "exchange-rate",
                f"column currency: order {order_id} is in {order_currency}, the campaign in "
                f"{currency}, and no exchange rate {rate_key(order_currency, currency)} is "
                "configured",
                f"Add it under the nanokit plugin's options in mkdocs.yml: exchange_rates: "
                f"{{'{rate_key(order_currency, currency)}': <rate>}}."))
        if rows.height > MAX_ROW_PROBLEMS:
            problems.append(Problem(
                source, None, None, "error", "exchange-rate",
                f"{rows.height - MAX_ROW_PROBLEMS} more orders in a currency without an "
                f"exchange rate to {currency}", ""))
    return problems
