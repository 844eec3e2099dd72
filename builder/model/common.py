"""Types shared by every file kind."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any

from babel.numbers import list_currencies
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
)
from pydantic_core import PydanticCustomError

IDENTIFIER_PATTERN = r"^[a-z0-9][a-z0-9-]{0,62}$"

RESERVED_IDENTIFIERS = frozenset({
    "404", "all", "assets", "calendar", "campaigns", "contracts", "creators", "index", "kpis",
    "public", "search", "sitemap", "team",
})
"""Names a build writes beside identifiers (calendar/all.ics, creators/index.md, assets/,
search/, sitemap.xml, an audience's folder): an identifier of that name would overwrite one."""


def reserved_reason(name: str) -> str | None:
    """Why `name` cannot be an identifier although it matches the pattern, if so."""
    if name in RESERVED_IDENTIFIERS:
        return (f"'{name}' is reserved: the build writes a file or folder of that name; "
                "choose another name")
    return None


def _not_reserved(value: str) -> str:
    reason = reserved_reason(value)
    if reason:
        raise ValueError(reason)
    return value


Identifier = Annotated[str, StringConstraints(pattern=IDENTIFIER_PATTERN),
                       AfterValidator(_not_reserved)]
"""A handle, slug, brand id or deliverable id; also a directory or file name."""

_WITH_TIME = re.compile(r"\s*\d{4}-\d{2}-\d{2}[T ]")


def _no_time_of_day(value: Any) -> Any:
    # Pydantic takes "2026-03-10T00:00" for a date; editors (the JSON Schemas) do not.
    if isinstance(value, str) and _WITH_TIME.match(value):
        raise PydanticCustomError("date_from_datetime_inexact",
                                  "a date is written without a time of day")
    return value


Day = Annotated[date, BeforeValidator(_no_time_of_day)]
"""A calendar date written YYYY-MM-DD, and nothing after it."""

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


MAX_AMOUNT = Decimal(10_000_000)
"""Largest amount of money in a currency worth about a US dollar or a euro: no nano-influencer
fee or budget comes near."""
CURRENCY_SCALE: dict[str, int] = {
    **dict.fromkeys(("CZK", "DOP", "EGP", "INR", "MXN", "PHP", "RUB", "THB", "TRY", "TWD",
                     "UAH", "ZAR"), 10),
    **dict.fromkeys(("AMD", "BDT", "CRC", "DZD", "HUF", "ISK", "JMD", "JPY", "KES", "KZT",
                     "LKR", "NPR", "PKR", "RSD", "XAF", "XOF"), 100),
    **dict.fromkeys(("ARS", "CLP", "COP", "KRW", "MMK", "MNT", "NGN", "PYG", "TZS", "UGX"),
                    1_000),
    **dict.fromkeys(("IDR", "IRR", "LAK", "LBP", "UZS", "VND"), 10_000),
}
"""How many times MAX_AMOUNT a currency may hold: the power of ten at or below how many of its
units make about a US dollar, so that the cap is worth one to ten million dollars in each
(10,000,000 IDR is about 600 dollars). Currencies not listed have a scale of 1."""
MAX_AMOUNT_ANY = MAX_AMOUNT * max(CURRENCY_SCALE.values())
"""The cap in the currency with the largest scale: what a model, which does not know the
currency of its amounts, checks (the loader checks each currency's own cap)."""


AMOUNT_IN_FULL = "write the amount in full, e.g. 2500 or 2500.50 (no exponent, no stray digits)"


def max_amount(currency: str) -> Decimal:
    """The largest amount of money in `currency` (docs/security.md)."""
    return MAX_AMOUNT * CURRENCY_SCALE.get(currency, 1)


def checked_amount(value: Decimal) -> Decimal:
    if not value.is_finite() or value < 0:
        raise ValueError("must be a finite amount of zero or more")
    if value > MAX_AMOUNT_ANY:
        raise ValueError(f"must be at most {MAX_AMOUNT_ANY:,} in any currency; {AMOUNT_IN_FULL}")
    return value


MAX_FOLLOWERS = 10_000_000_000
"""More followers than people on Earth is a typo."""


def checked_followers(value: int) -> int:
    if value > MAX_FOLLOWERS:
        raise ValueError(f"must be at most {MAX_FOLLOWERS:,}; write the count in full, "
                         "e.g. 8400")
    return value


Money = Annotated[Decimal, AfterValidator(checked_amount)]
"""An amount in the currency the context names; exact decimal, never a float."""

Followers = Annotated[int, Field(ge=0), AfterValidator(checked_followers)]
"""A follower count on one platform."""

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
