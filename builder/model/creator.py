"""creators/<handle>/profile.yml, private.yml and history.csv"""

from __future__ import annotations

from decimal import Decimal

from pydantic import Field

from builder.model.common import (
    CountryCode,
    CurrencyCode,
    Day,
    DeliverableType,
    Extra,
    Followers,
    Model,
    Money,
    Percent,
    Platform,
    Share,
)


class Location(Model):
    city: str | None = None
    country: CountryCode = Field(description="ISO 3166-1 alpha-2, e.g. US.")


class Audience(Model):
    countries: dict[CountryCode, Share] = Field(default_factory=dict,
                                                description="Share of followers by country.")
    ages: dict[str, Share] = Field(default_factory=dict, description="Share by age band.")
    genders: dict[str, Share] = Field(default_factory=dict, description="Share by gender.")


class PlatformAccount(Model):
    platform: Platform
    handle: str = Field(description="Account name on the platform, e.g. '@maya.runs'.")
    url: str | None = Field(None, description="Profile URL.")
    followers: Followers = Field(description="Current follower count.")
    audience: Audience | None = None


class RateItem(Model):
    platform: Platform
    type: DeliverableType
    price: Money = Field(description="Price of one deliverable in the rate card's currency.")


class RateCard(Model):
    currency: CurrencyCode
    items: list[RateItem] = Field(default_factory=list)
    usage_rights_per_month_percent: Percent | None = Field(
        None, description="Add-on per month of paid usage rights, in percent of the price.")
    exclusivity_per_month_percent: Percent | None = Field(
        None, description="Add-on per month of exclusivity, in percent of the price.")


class Profile(Model):
    """The public profile of a creator."""

    name: str
    location: Location
    languages: list[str] = Field(default_factory=list)
    niches: list[str] = Field(default_factory=list)
    bio: str = ""
    github: str | None = Field(None, description="GitHub account that reviews changes to this "
                                                "creator's terms.")
    platforms: list[PlatformAccount] = Field(min_length=1)
    rates: RateCard | None = None
    public: bool = Field(False, description="Media kit appears in the public build.")
    rates_public: bool = Field(False, description="Rate card appears in the public build.")
    link_version: int = Field(0, ge=0, description="Raise by one to revoke this creator's "
                                                   "private link and issue a new one.")
    extra: Extra = Field(default_factory=dict)


class Payout(Model):
    method: str = Field(description="e.g. bank_transfer, paypal.")
    account: str = Field(description="Account identifier; the team sees only its last 4 "
                                     "characters.")


class PrivateData(Model):
    """Private data of a creator: only contracts and (masked) the team see it."""

    legal_name: str
    email: str | None = None
    phone: str | None = None
    address: str | None = None
    tax_id: str | None = None
    payout: Payout | None = None
    extra: Extra = Field(default_factory=dict)


class HistoryRow(Model):
    """One row of history.csv: followers on a platform at a date."""

    date: Day
    platform: Platform
    followers: Followers
    line: int = Field(description="Line in history.csv, for messages.")


def mask_account(account: str) -> str:
    """Keep only the last four characters visible (none of a short account)."""
    compact = account.replace(" ", "")
    return "•••• " + (compact[-4:] if len(compact) > 8 else "")


class Creator(Model):
    """Everything the repository holds about one creator."""

    handle: str
    profile: Profile
    private: PrivateData | None = None
    media_kit: str | None = Field(None, description="Markdown body of media-kit.md.")
    history: tuple[HistoryRow, ...] = ()

    def followers_on(self, platform: str) -> int | None:
        for account in self.profile.platforms:
            if account.platform == platform:
                return account.followers
        return None

    def rate_for(self, platform: str, kind: str) -> Decimal | None:
        if self.profile.rates is None:
            return None
        for item in self.profile.rates.items:
            if item.platform == platform and item.type == kind:
                return item.price
        return None
