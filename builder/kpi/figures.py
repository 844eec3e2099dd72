"""Figures of a campaign, a creator or a portfolio: additive sums and the KPIs of SPEC §5.

Only sums are stored; every KPI is computed from them when asked. Adding two Figures adds their
sums, so a total or a portfolio is always a ratio of sums, never a mean of ratios.

A metric a platform does not report is not 0 (SPEC §5): each sum says how many posts report it
(`Reported`), and each ratio keeps its own two sums over exactly the posts — or, for the ratios
of orders, the creators — that report both of its parts (`Pair`). So the engagement rate by reach
of a campaign with YouTube videos is the Instagram posts' engagements over their reach, and it
says "over 12 of 15 posts".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Context, Decimal
from typing import Literal

from builder.schedule import round_money

SUM_NAMES = ("spend", "impressions", "reach", "engagements", "clicks", "conversions", "revenue")
"""The additive figures published in kpis/<slug>.json, in the order of SPEC §5."""
POST_SUMS = ("impressions", "reach", "engagements", "clicks", "post_followers")
"""Sums over the posts that report them."""
KPI_NAMES = ("engagement_rate", "engagement_rate_followers", "ctr", "cvr", "cpe", "cpm", "cpa",
             "roas", "roi")
"""The ratios of SPEC §5, in its order."""
POST_PAIRS = {"engagement_rate": ("engagements", "reach"),
              "engagement_rate_followers": ("engagements", "post_followers"),
              "ctr": ("clicks", "impressions")}
"""Ratios of two post metrics: over the posts that report both."""
SPEND_PAIRS = {"cpe": "engagements", "cpm": "impressions"}
"""Spend over a post metric: over the posts that report it, with the spend of their creators."""
COST_KPIS = frozenset({"cpe", "cpm", "cpa"})
"""KPIs where lower is better: a target is met at or below it."""
MONEY_NAMES = frozenset({"spend", "revenue"})
RATE_DECIMALS = 6
"""Rates are rounded half-even to this many decimals where they are judged (targets)."""

Unit = Literal["posts", "creators"]

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
class Reported:
    """A sum over the posts that report the metric, and how many do."""

    total: int = 0
    posts: int = 0

    @property
    def value(self) -> int | None:
        """The sum; None (not reported) when no post reports it."""
        return self.total if self.posts else None


@dataclass(frozen=True)
class Pair:
    """The two sums of a ratio, over exactly the posts (or creators) that report both."""

    numerator: Decimal = Decimal(0)
    denominator: Decimal = Decimal(0)
    covered: int = 0
    """How many posts (or creators) the two sums cover."""

    @property
    def value(self) -> Decimal | None:
        return ratio(self.numerator, self.denominator) if self.covered else None


def _sums() -> dict[str, Reported]:
    return dict.fromkeys(POST_SUMS, Reported())


def _pairs() -> dict[str, Pair]:
    return dict.fromkeys((*POST_PAIRS, *SPEND_PAIRS, "cvr"), Pair())


@dataclass(frozen=True)
class Coverage:
    """What a figure covers: `count` of `of` posts or creators."""

    unit: Unit
    count: int
    of: int


@dataclass(frozen=True)
class Figures:
    """Sums over posts (latest snapshot each), attributed orders and engagements' spend."""

    spend: Decimal = Decimal(0)
    """Fee + gifted value of engagements contracted, delivered or paid; campaign currency."""
    conversions: int = 0
    """Distinct attributed orders that convert, inside the attribution window."""
    revenue: Decimal = Decimal(0)
    """Exact sum of those orders' revenue, converted to the campaign currency."""
    creators: int = 0
    """Creators whose figures these are (1 for one creator's)."""
    posts: int = 0
    """Posts counted (latest snapshot each)."""
    sums: dict[str, Reported] = field(default_factory=_sums)
    """Each of POST_SUMS over the posts that report it."""
    pairs: dict[str, Pair] = field(default_factory=_pairs)
    """The sums of each KPI but cpa, roas and roi (whose parts every creator reports)."""

    def __add__(self, other: Figures) -> Figures:
        return total([self, other])

    @property
    def impressions(self) -> int | None:
        return self.sums["impressions"].value

    @property
    def reach(self) -> int | None:
        return self.sums["reach"].value

    @property
    def engagements(self) -> int | None:
        """likes + comments + shares + saves, of the parts each post reports."""
        return self.sums["engagements"].value

    @property
    def post_followers(self) -> int | None:
        """Σ over posts of the creator's followers on the post's platform (ER by followers)."""
        return self.sums["post_followers"].value

    @property
    def clicks(self) -> int | None:
        return self.sums["clicks"].value

    @property
    def engagement_rate(self) -> Decimal | None:
        """Engagements by reach."""
        return self.pairs["engagement_rate"].value

    @property
    def engagement_rate_followers(self) -> Decimal | None:
        """Engagements by followers."""
        return self.pairs["engagement_rate_followers"].value

    @property
    def ctr(self) -> Decimal | None:
        return self.pairs["ctr"].value

    @property
    def cvr(self) -> Decimal | None:
        return self.pairs["cvr"].value

    @property
    def cpe(self) -> Decimal | None:
        return self.pairs["cpe"].value

    @property
    def cpm(self) -> Decimal | None:
        cpm = self.pairs["cpm"].value
        return None if cpm is None else cpm * _THOUSAND

    @property
    def cpa(self) -> Decimal | None:
        return ratio(self.spend, self.conversions)

    @property
    def roas(self) -> Decimal | None:
        return ratio(self.revenue, self.spend)

    @property
    def roi(self) -> Decimal | None:
        return ratio(self.revenue - self.spend, self.spend)

    def coverage(self, name: str) -> Coverage | None:
        """What a figure of SUM_NAMES or KPI_NAMES covers; None for spend, conversions and
        revenue, which every creator has."""
        if name in self.sums:
            return Coverage("posts", self.sums[name].posts, self.posts)
        if name == "cvr":
            return Coverage("creators", self.pairs[name].covered, self.creators)
        if name in self.pairs:
            return Coverage("posts", self.pairs[name].covered, self.posts)
        if name in ("cpa", "roas", "roi"):
            return Coverage("creators", self.creators, self.creators)
        return None


def total(parts: list[Figures]) -> Figures:
    """The sum of figures (Figures() for none), each field added up in the order of `parts`.

    In one pass: adding a portfolio's hundreds of figures two at a time built a Figures, with
    its dicts, for every step.
    """
    start = Figures()
    sums = {name: Reported(sum(p.sums[name].total for p in parts),
                           sum(p.sums[name].posts for p in parts)) for name in start.sums}
    pairs = {name: Pair(sum((p.pairs[name].numerator for p in parts), zero.numerator),
                        sum((p.pairs[name].denominator for p in parts), zero.denominator),
                        sum(p.pairs[name].covered for p in parts))
             for name, zero in start.pairs.items()}
    return Figures(spend=sum((p.spend for p in parts), start.spend),
                   conversions=sum(p.conversions for p in parts),
                   revenue=sum((p.revenue for p in parts), start.revenue),
                   creators=sum(p.creators for p in parts), posts=sum(p.posts for p in parts),
                   sums=sums, pairs=pairs)


def published_figures(figures: Figures, currency: str) -> dict[str, int | Decimal | None]:
    """The figures as published, in the order of SPEC §5: what the JSON holds and every page
    formats. Money is rounded half-up to the currency's minor unit; KPIs keep full precision
    (pages round them for people); counts are exact. KPIs are computed from the exact sums."""
    values: dict[str, int | Decimal | None] = {}
    for name in SUM_NAMES:
        value = getattr(figures, name)
        values[name] = round_money(value, currency) if name in MONEY_NAMES else value
    for name in KPI_NAMES:
        values[name] = getattr(figures, name)
    return values


def rounded_kpi(value: Decimal | None) -> Decimal | None:
    """A KPI as judged against a target: half-even to RATE_DECIMALS decimals."""
    return None if value is None else _ROUNDING.quantize(value, _RATE_QUANTUM)
