"""campaigns/<slug>/campaign.yml"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import Annotated

from pydantic import Field, StringConstraints, field_validator, model_validator

from builder.model.common import (
    CountryCode,
    CurrencyCode,
    Day,
    DeliverableType,
    Extra,
    Identifier,
    Model,
    Money,
    Percent,
    Platform,
    Tier,
)


class CampaignStatus(StrEnum):
    DRAFT = "draft"
    ACTIVE = "active"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


class Goal(StrEnum):
    AWARENESS = "awareness"
    ENGAGEMENT = "engagement"
    CONVERSIONS = "conversions"
    UGC = "ugc"


class EngagementStatus(StrEnum):
    INVITED = "invited"
    NEGOTIATING = "negotiating"
    CONTRACTED = "contracted"
    DELIVERED = "delivered"
    PAID = "paid"
    DECLINED = "declined"


CONTRACT_STATUSES = frozenset({EngagementStatus.NEGOTIATING, EngagementStatus.CONTRACTED,
                               EngagementStatus.DELIVERED, EngagementStatus.PAID})
"""Engagements that get a contract (§8)."""
SPEND_STATUSES = frozenset({EngagementStatus.CONTRACTED, EngagementStatus.DELIVERED,
                            EngagementStatus.PAID})
"""Engagements whose fee and gift count as spend (§5)."""

PAYMENT_DUE_PATTERN = r"^(on_signature|on_posting|on_completion|net_[0-9]{1,3}_after_posting)$"
PaymentDue = Annotated[str, StringConstraints(pattern=PAYMENT_DUE_PATTERN)]


class Period(Model):
    start: Day
    end: Day

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.end < self.start:
            raise ValueError(f"end {self.end} is before start {self.start}")
        return self


class Budget(Model):
    amount: Money
    currency: CurrencyCode = Field(description="Currency of the budget, fees and gifts.")


class Targets(Model):
    """Goals for any KPI of §5; rates as fractions (0.05 = 5 %), money in the budget currency."""

    engagement_rate: Decimal | None = None
    engagement_rate_followers: Decimal | None = None
    ctr: Decimal | None = None
    cvr: Decimal | None = None
    cpe: Decimal | None = None
    cpm: Decimal | None = None
    cpa: Decimal | None = None
    roas: Decimal | None = None
    roi: Decimal | None = None


class RulePack(StrEnum):
    US_FTC = "us-ftc"
    UK_ASA = "uk-asa"
    IE_ASAI = "ie-asai"
    DE = "de"
    FR = "fr"
    CA = "ca"


class Disclosure(Model):
    rules: list[RulePack] = Field(default_factory=lambda: [RulePack.US_FTC],
                                  description="Market rule packs whose labels are accepted.")
    required_any: list[str] = Field(default_factory=list,
                                    description="Extra accepted labels; one must appear.")
    must_tag: list[str] = Field(default_factory=list)
    must_hashtag: list[str] = Field(default_factory=list)
    must_mention: list[str] = Field(default_factory=list,
                                    description="Talking points; a missing one is a warning.")
    banned: list[str] = Field(default_factory=list)


DEFAULT_ATTRIBUTION_DAYS = 30


class Tracking(Model):
    landing_url: str
    utm: dict[str, str] = Field(default_factory=dict, description="UTM parameters without the "
                                "utm_ prefix; {platform}, {slug} and {handle} are filled in.")
    attribution_days: int = Field(DEFAULT_ATTRIBUTION_DAYS, ge=0, le=3650, description=(
        "Orders count from period.start until period.end plus this many days."))


class Installment(Model):
    percent: Percent
    due: PaymentDue = Field(description="on_signature, on_posting, on_completion or "
                                        "net_<days>_after_posting.")


class UsageRights(Model):
    channels: list[str] = Field(default_factory=list)
    months: int = Field(ge=0)


class Exclusivity(Model):
    category: str
    days: int = Field(ge=0)


class Terms(Model):
    """Contract terms; every key is optional so an engagement can override any of them."""

    payment: list[Installment] | None = None
    usage_rights: UsageRights | None = None
    exclusivity: Exclusivity | None = None
    revision_rounds: int | None = Field(None, ge=0)
    kill_fee_percent: Percent | None = None
    governing_law: str | None = None

    @field_validator("payment")
    @classmethod
    def _payment_sums_to_100(cls, payment: list[Installment] | None) -> list[Installment] | None:
        total = sum(i.percent for i in payment or ())
        if payment is not None and total != 100:
            raise ValueError(f"installments add up to {total} percent, not 100")
        return payment

    def merged(self, override: Terms | None) -> Terms:
        """These terms with every key the override sets replaced."""
        if override is None:
            return self
        return self.model_copy(update={k: getattr(override, k) for k in override.model_fields_set})


class Gift(Model):
    item: str
    value: Money = Field(description="Value in the campaign currency; counts as spend.")


class Deliverable(Model):
    id: Identifier
    platform: Platform
    type: DeliverableType
    due: Day
    count: int = Field(1, ge=1)
    notes: str | None = None


class Payment(Model):
    date: Day
    amount: Money
    ref: str | None = None


class Engagement(Model):
    """One creator on a campaign's roster."""

    handle: Identifier
    fee: Money = Decimal(0)
    gifted: Gift | None = None
    promo_code: str | None = None
    status: EngagementStatus
    deliverables: list[Deliverable] = Field(default_factory=list)
    signed_on: Day | None = None
    payments: list[Payment] = Field(default_factory=list)
    rating: int | None = Field(None, ge=1, le=5)
    notes: str | None = None
    terms: Terms | None = None
    extra: Extra = Field(default_factory=dict)

    @property
    def spend(self) -> Decimal:
        return self.fee + (self.gifted.value if self.gifted else Decimal(0))


class CampaignSpec(Model):
    """The content of campaign.yml."""

    title: str
    brand: Identifier
    status: CampaignStatus
    goal: Goal
    tier: Tier | None = None
    markets: list[CountryCode] = Field(default_factory=list)
    period: Period
    budget: Budget
    targets: Targets = Field(default_factory=Targets)
    disclosure: Disclosure = Field(default_factory=Disclosure)
    tracking: Tracking | None = None
    terms: Terms = Field(default_factory=Terms)
    creators: list[Engagement] = Field(default_factory=list)
    extra: Extra = Field(default_factory=dict)

    @property
    def currency(self) -> str:
        return self.budget.currency

    @property
    def attribution_window(self) -> tuple[date, date]:
        """The first and last day an order counts for the campaign (SPEC §5)."""
        days = self.tracking.attribution_days if self.tracking else DEFAULT_ATTRIBUTION_DAYS
        return self.period.start, self.period.end + timedelta(days=days)

    @property
    def committed_spend(self) -> Decimal:
        """Fees and gift values of the engagements that count as spend (§5)."""
        return sum((e.spend for e in self.creators if e.status in SPEND_STATUSES), Decimal(0))

    def engagement(self, handle: str) -> Engagement | None:
        return next((e for e in self.creators if e.handle == handle), None)

    def terms_for(self, engagement: Engagement) -> Terms:
        return self.terms.merged(engagement.terms)
