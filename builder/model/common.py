"""Types shared by every file kind."""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any

from babel.numbers import list_currencies
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

IDENTIFIER_PATTERN = r"^[a-z0-9][a-z0-9-]{0,62}$"

Identifier = Annotated[str, StringConstraints(pattern=IDENTIFIER_PATTERN)]
"""A handle, slug, brand id or deliverable id; also a directory or file name."""

COUNTRY_PATTERN = r"^[A-Z]{2}$"
CURRENCY_PATTERN = r"^[A-Z]{3}$"

CountryCode = Annotated[str, StringConstraints(pattern=COUNTRY_PATTERN)]
"""ISO 3166-1 alpha-2 country code, upper case."""

CURRENCIES = frozenset(list_currencies())
"""ISO 4217 currency codes (current and historic, as CLDR knows them)."""


def _iso_4217(value: str) -> str:
    if value not in CURRENCIES:
        raise ValueError("not an ISO 4217 currency code; write one such as USD, EUR or GBP")
    return value


CurrencyCode = Annotated[str, StringConstraints(pattern=CURRENCY_PATTERN),
                         AfterValidator(_iso_4217)]
"""ISO 4217 currency code, upper case."""


def non_negative(value: Decimal) -> Decimal:
    if not value.is_finite() or value < 0:
        raise ValueError("must be a finite amount of zero or more")
    return value


Money = Annotated[Decimal, AfterValidator(non_negative)]
"""An amount in the currency the context names; exact decimal, never a float."""

Share = Annotated[float, Field(ge=0, le=1)]
"""A share of an audience between 0 and 1."""

Percent = Annotated[Decimal, Field(ge=0, le=100)]


class Model(BaseModel):
    """Base of every file-kind model: immutable, unknown keys are errors."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


Extra = Annotated[dict[str, Any], Field(description="Free-form data nanokit ignores.")]
"""Declare as `extra: Extra = Field(default_factory=dict)` so type checkers see the default."""


class Platform(StrEnum):
    INSTAGRAM = "instagram"
    TIKTOK = "tiktok"
    YOUTUBE = "youtube"
    THREADS = "threads"
    PINTEREST = "pinterest"
    TWITCH = "twitch"
    BLOG = "blog"
    OTHER = "other"


class DeliverableType(StrEnum):
    POST = "post"
    REEL = "reel"
    STORY = "story"
    VIDEO = "video"
    SHORT = "short"
    LIVE = "live"
    BLOG = "blog"
    OTHER = "other"


class Tier(StrEnum):
    EMERGING = "emerging"
    NANO = "nano"
    MICRO = "micro"
    MID = "mid"
    MACRO = "macro"
    MEGA = "mega"
