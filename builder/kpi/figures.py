"""Figures of a campaign, a creator or a portfolio: additive sums and the KPIs of SPEC §5.

Only sums are stored; every KPI is computed from them when asked. Adding two Figures adds their
sums, so a total or a portfolio is always a ratio of sums, never a mean of ratios.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from decimal import ROUND_HALF_EVEN, Context, Decimal

from builder.schedule import round_money

SUM_NAMES = ("spend", "impressions", "reach", "engagements", "clicks", "conversions", "revenue")
"""The additive figures published in kpis/<slug>.json, in the order of SPEC §5."""
KPI_NAMES = ("engagement_rate", "engagement_rate_followers", "ctr", "cvr", "cpe", "cpm", "cpa",
             "roas", "roi")
"""The ratios of SPEC §5, in its order."""
COST_KPIS = frozenset({"cpe", "cpm", "cpa"})
"""KPIs where lower is better: a target is met at or below it."""
MONEY_NAMES = frozenset({"spend", "revenue"})
RATE_DECIMALS = 6
"""Every KPI is published rounded half-even to this many decimals (money to its minor unit)."""

_DIVISION = Context(prec=28, rounding=ROUND_HALF_EVEN)
"""A fixed context, so results never depend on the caller's decimal settings."""
_ROUNDING = Context(prec=60, rounding=ROUND_HALF_EVEN)
"""Wide enough that quantizing a large KPI to RATE_DECIMALS never runs out of digits."""
_RATE_QUANTUM = Decimal(1).scaleb(-RATE_DECIMALS)
_THOUSAND = Decimal(1000)


def ratio(numerator: Decimal | int, denominator: Decimal | int) -> Decimal | None:
    """numerator / denominator, or None for a zero denominator (shown as n/a)."""
    if not denominator:
        return None
    return _DIVISION.divide(Decimal(numerator), Decimal(denominator))


@dataclass(frozen=True)
class Figures:
    """Sums over posts (latest snapshot each), attributed orders and engagements' spend."""

    spend: Decimal = Decimal(0)
    """Fee + gifted value of engagements contracted, delivered or paid; campaign currency."""
    impressions: int = 0
    reach: int = 0
    engagements: int = 0
    """likes + comments + shares + saves."""
    post_followers: int = 0
    """Σ over posts of the creator's followers on the post's platform (ER by followers)."""
    clicks: int = 0
    conversions: int = 0
    """Distinct attributed orders that convert."""
    revenue: Decimal = Decimal(0)
    """Exact sum of those orders' revenue, converted to the campaign currency."""

    def __add__(self, other: Figures) -> Figures:
        return Figures(**{f.name: getattr(self, f.name) + getattr(other, f.name)
                          for f in fields(self)})

    @property
    def engagement_rate(self) -> Decimal | None:
        """Engagements by reach."""
        return ratio(self.engagements, self.reach)

    @property
    def engagement_rate_followers(self) -> Decimal | None:
        """Engagements by followers."""
        return ratio(self.engagements, self.post_followers)

    @property
    def ctr(self) -> Decimal | None:
        return ratio(self.clicks, self.impressions)

    @property
    def cvr(self) -> Decimal | None:
        return ratio(self.conversions, self.clicks)

    @property
    def cpe(self) -> Decimal | None:
        return ratio(self.spend, self.engagements)

    @property
    def cpm(self) -> Decimal | None:
        return ratio(self.spend * _THOUSAND, self.impressions)

    @property
    def cpa(self) -> Decimal | None:
        return ratio(self.spend, self.conversions)

    @property
    def roas(self) -> Decimal | None:
        return ratio(self.revenue, self.spend)

    @property
    def roi(self) -> Decimal | None:
        return ratio(self.revenue - self.spend, self.spend)


def total(parts: list[Figures]) -> Figures:
    """The sum of figures (Figures() for none)."""
    result = Figures()
    for part in parts:
        result = result + part
    return result


def rounded_figures(figures: Figures, currency: str) -> dict[str, int | Decimal | None]:
    """The figures as published, in the order of SPEC §5: what the JSON and every page show.

    Money is rounded half-up to the currency's minor unit, KPIs half-even to RATE_DECIMALS;
    counts are exact. KPIs are computed from the exact sums, not from the rounded money.
    """
    values: dict[str, int | Decimal | None] = {}
    for name in SUM_NAMES:
        value = getattr(figures, name)
        values[name] = round_money(value, currency) if name in MONEY_NAMES else value
    for name in KPI_NAMES:
        values[name] = rounded_kpi(getattr(figures, name))
    return values


def rounded_kpi(value: Decimal | None) -> Decimal | None:
    """A KPI as published: half-even to RATE_DECIMALS decimals."""
    return None if value is None else _ROUNDING.quantize(value, _RATE_QUANTUM)
