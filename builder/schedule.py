"""Payment dates, kill fees and usage-rights ends: pure functions of the campaign's terms.

Contracts, the payments dashboard and a creator's payment schedule all read amounts from here, so
every place shows the same split of a fee down to the last cent.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from babel.numbers import get_currency_precision

from builder.model.campaign import CampaignSpec, Engagement, Installment

DEFAULT_PAYMENT = (Installment(percent=Decimal(100), due="on_completion"),)
"""Schedule when neither the campaign nor the engagement sets `terms.payment`."""

_NET_DAYS = re.compile(r"^net_([0-9]+)_after_posting$")
_HUNDRED = Decimal(100)


@dataclass(frozen=True)
class ScheduledInstallment:
    """One installment of an engagement's fee."""

    percent: Decimal
    amount: Decimal
    """Exact amount in the campaign currency; the installments of a fee sum to the fee."""
    due: str
    """The event code of the terms: on_signature, on_posting, on_completion, net_N_after_posting."""
    due_event: str
    """The event in plain English: 'on signature', '30 days after the first post'."""
    due_date: date | None
    """When it falls due, if the content tells: None until the event's date is known."""


def minor_unit(currency: str) -> Decimal:
    """The smallest amount of a currency: Decimal('0.01') for USD, Decimal('1') for JPY."""
    return Decimal(1).scaleb(-get_currency_precision(currency))


def round_money(amount: Decimal, currency: str) -> Decimal:
    """An amount rounded half-up to the currency's minor unit."""
    return amount.quantize(minor_unit(currency), rounding=ROUND_HALF_UP)


def net_days(due: str) -> int | None:
    """N of a `net_N_after_posting` code, else None."""
    match = _NET_DAYS.match(due)
    return int(match.group(1)) if match else None


def due_event(due: str) -> str:
    """An installment's due code in plain English."""
    days = net_days(due)
    if days is not None:
        return f"{days} day{'s' if days != 1 else ''} after the first post"
    return {
        "on_signature": "on signature",
        "on_posting": "on the first post",
        "on_completion": "on completion of all deliverables",
    }[due]


def installments(spec: CampaignSpec, engagement: Engagement,
                 first_post: date | None = None) -> list[ScheduledInstallment]:
    """The engagement's fee split by its payment terms, with the due dates the content gives.

    `first_post` is the date of the creator's first post in the campaign's metrics, if any.
    """
    terms = spec.terms_for(engagement)
    plan = terms.payment or DEFAULT_PAYMENT
    quantum = minor_unit(spec.currency)
    fee = round_money(engagement.fee, spec.currency)
    dues = [d.due for d in engagement.deliverables]
    last_due = max(dues) if dues else None
    scheduled = []
    allotted = Decimal(0)
    cumulative_percent = Decimal(0)
    for index, step in enumerate(plan):
        if index == len(plan) - 1:
            amount = fee - allotted
        else:
            # Rounding the running total rather than each share keeps every amount within one
            # minor unit of its exact share and never negative, so the last one takes only
            # the rounding remainder.
            cumulative_percent += step.percent
            running = (fee * cumulative_percent / _HUNDRED).quantize(quantum, ROUND_HALF_UP)
            amount = running - allotted
            allotted = running
        scheduled.append(ScheduledInstallment(
            percent=step.percent, amount=amount, due=step.due, due_event=due_event(step.due),
            due_date=_due_date(step.due, engagement.signed_on, first_post, last_due)))
    return scheduled


def _due_date(due: str, signed_on: date | None, first_post: date | None,
              last_due: date | None) -> date | None:
    days = net_days(due)
    if days is not None:
        posted = first_post or last_due
        return posted + timedelta(days=days) if posted else None
    if due == "on_signature":
        return signed_on
    if due == "on_posting":
        return first_post
    return last_due


def kill_fee(spec: CampaignSpec, engagement: Engagement) -> Decimal:
    """What the brand owes if it cancels: `kill_fee_percent` of the fee (0 when not set)."""
    percent = spec.terms_for(engagement).kill_fee_percent or Decimal(0)
    return round_money(engagement.fee * percent / _HUNDRED, spec.currency)


def usage_rights_end(first_post: date, months: int) -> date:
    """The day the usage licence ends: `months` calendar months after the first post.

    A first post on the 31st ends on the last day of a shorter month (Jan 31 + 1 → Feb 28).
    """
    month_index = first_post.month - 1 + months
    year, month = first_post.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(first_post.day, calendar.monthrange(year, month)[1]))
