"""The immutable Program: everything one repository holds, typed."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import polars as pl
from babel import Locale, UnknownLocaleError
from pydantic import Field, field_validator

from builder.model.brand import Brand
from builder.model.campaign import CampaignSpec
from builder.model.common import Model
from builder.model.content import Draft
from builder.model.creator import Creator

POSTS_SCHEMA: dict[str, pl.DataType] = {
    "date": pl.Date(), "creator": pl.String(), "platform": pl.String(),
    "deliverable": pl.String(), "post_url": pl.String(),
    "impressions": pl.Int64(), "reach": pl.Int64(), "likes": pl.Int64(), "comments": pl.Int64(),
    "shares": pl.Int64(), "saves": pl.Int64(), "video_views": pl.Int64(), "clicks": pl.Int64(),
    "source": pl.String(), "line": pl.Int64(),
}
"""Canonical post snapshots, whatever file they came from (`source` and `line` locate the row)."""

ORDERS_SCHEMA: dict[str, pl.DataType] = {
    "order_id": pl.String(), "date": pl.Date(), "code": pl.String(), "utm_content": pl.String(),
    "revenue": pl.Decimal(38, 6), "currency": pl.String(), "converts": pl.Boolean(),
    "source": pl.String(), "line": pl.Int64(),
}
"""Canonical orders; `converts` is false for voided, refunded or cancelled orders."""


def empty_posts() -> pl.DataFrame:
    return pl.DataFrame(schema=POSTS_SCHEMA)


def empty_orders() -> pl.DataFrame:
    return pl.DataFrame(schema=ORDERS_SCHEMA)


@dataclass(frozen=True)
class CampaignMetrics:
    """Metric rows of one campaign in canonical form (all files, before de-duplication)."""

    posts: pl.DataFrame = field(default_factory=empty_posts)
    orders: pl.DataFrame = field(default_factory=empty_orders)
    files: tuple[str, ...] = ()
    """Metric files read, relative to the program root, sorted."""


@dataclass(frozen=True)
class Campaign:
    slug: str
    spec: CampaignSpec
    brief: str = ""
    drafts: tuple[Draft, ...] = ()
    metrics: CampaignMetrics = field(default_factory=CampaignMetrics)
    signed: Mapping[str, str] = field(default_factory=dict)
    """Countersigned contracts: handle -> path of signed/<handle>.pdf relative to the root."""


class TierBand(Model):
    name: str
    min_followers: int = Field(ge=0)


DEFAULT_TIERS: tuple[TierBand, ...] = (
    TierBand(name="emerging", min_followers=0),
    TierBand(name="nano", min_followers=1_000),
    TierBand(name="micro", min_followers=10_000),
    TierBand(name="macro", min_followers=100_000),
    TierBand(name="mega", min_followers=1_000_000),
)


class VettingThresholds(Model):
    follower_jump: Decimal = Field(Decimal("0.5"), description="Month-over-month growth flagged.")
    engagement_rate_min: Decimal = Decimal("0.005")
    engagement_rate_max: Decimal = Decimal("0.20")
    market_share_min: Decimal = Decimal("0.5")
    followers_drift: Decimal = Decimal("0.10")


class ProgramConfig(Model):
    """Options of the `nanokit` plugin in mkdocs.yml."""

    audience: str = Field("team", description="Audience a plain `mkdocs build` renders.")
    locale: str = Field("en", description="Locale for money and dates, e.g. en, en_GB, de.")

    @field_validator("locale")
    @classmethod
    def _known_locale(cls, value: str) -> str:
        try:
            Locale.parse(value)
        except (ValueError, UnknownLocaleError):
            raise ValueError("not a locale for money and dates; write a language code such as "
                             "en, en_GB or de") from None
        return value
    site_name: str = "nanokit"
    site_url: str | None = Field(None, description="Public URL of the site, for feed links.")
    use_directory_urls: bool = Field(True, description="MkDocs' setting: pages served as "
                                     "`page/` (true) or `page.html` (false); links follow it.")
    team_link_version: int = Field(0, ge=0, description="Raise by one to revoke the team's "
                                                        "private link and issue a new one.")
    tiers: tuple[TierBand, ...] = Field(DEFAULT_TIERS, description="Follower bands, by minimum.")
    vetting: VettingThresholds = Field(default_factory=VettingThresholds)
    exchange_rates: dict[str, Decimal] = Field(
        default_factory=dict,
        description="Rates as 'FROM/TO': value, e.g. 'EUR/USD': 1.08, for orders in another "
                    "currency than the campaign's.")


@dataclass(frozen=True)
class Program:
    root: Path
    config: ProgramConfig
    brands: Mapping[str, Brand]
    creators: Mapping[str, Creator]
    campaigns: Mapping[str, Campaign]
    today: date
    """The build date: pages reckon "overdue", "due soon" and "expiring" from it (SPEC §7)."""
    templates: Mapping[str, str] = field(default_factory=dict)
    """Repository templates by path under templates/: contract.html.j2, contract.css and the
    page templates that replace the built-in ones (macros.j2, pages/<page>.md.j2)."""

    def tier_of(self, followers: int) -> str:
        name = self.config.tiers[0].name
        for band in sorted(self.config.tiers, key=lambda b: b.min_followers):
            if followers >= band.min_followers:
                name = band.name
        return name

    def narrowed(self, **changes: Any) -> Program:
        """dataclasses.replace(): the same program with some parts replaced, "today" kept."""
        return replace(self, **changes)

    def part(self, brands: Iterable[str], creators: Iterable[str],
             campaigns: Iterable[str]) -> Program:
        """Only the named brands, creators and campaigns; "today" stays this program's."""
        return self.narrowed(
            brands={k: self.brands[k] for k in brands if k in self.brands},
            creators={k: self.creators[k] for k in creators if k in self.creators},
            campaigns={k: self.campaigns[k] for k in campaigns if k in self.campaigns})
