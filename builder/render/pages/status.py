"""Where things stand: deliverables and installments, reckoned from 'today'.

'Today' is the build date (Program.today: `--as-of`, SOURCE_DATE_EPOCH or the clock), so the
same repository with the same as-of date always builds the same pages.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

import polars as pl

from builder.model.campaign import (
    CONTRACT_STATUSES,
    SPEND_STATUSES,
    CampaignStatus,
    Deliverable,
    Engagement,
)
from builder.model.content import Draft, DraftStatus
from builder.model.program import Campaign, Program
from builder.schedule import ScheduledInstallment, installments

if TYPE_CHECKING:
    from builder.render.context import SiteContext


@dataclass(frozen=True)
class Progress:
    """Where one deliverable stands, from its draft and the campaign's metrics."""

    label: str
    tone: str
    """Badge tone: done, ok, wait, late or none (nanokit.css colours them)."""
    posted: bool
    post_urls: tuple[str, ...]


@dataclass(frozen=True)
class InstallmentStatus:
    installment: ScheduledInstallment
    paid: bool
    """Covered by the engagement's recorded payments, taken in schedule order."""
    overdue: bool
    """Unpaid and its due date is before 'today'."""


_DRAFT_PROGRESS = {
    DraftStatus.DRAFT: ("Draft", "wait"),
    DraftStatus.SUBMITTED: ("In review", "wait"),
    DraftStatus.CHANGES_REQUESTED: ("Changes requested", "late"),
    DraftStatus.APPROVED: ("Approved", "ok"),
    DraftStatus.PUBLISHED: ("Posted", "done"),
}


def content_as_of(program: Program) -> date:
    """'Today' for deadlines and payments: the build date."""
    return program.today


@dataclass(frozen=True)
class Activity:
    """A campaign's drafts and posts, indexed once so a page asks about each deliverable
    without scanning the metrics again (a large campaign holds tens of thousands of rows)."""

    campaign: Campaign
    drafts: Mapping[tuple[str, str], Draft]
    """(handle, deliverable id) -> draft."""
    posts_of_deliverable: Mapping[tuple[str, str], frozenset[str]]
    """(handle, deliverable id) -> post URLs in the metrics."""
    posts_of_creator: Mapping[str, frozenset[str]]
    first_post: Mapping[str, date]
    """handle -> earliest snapshot date of their posts (the `first post` of payment terms)."""


def activity(campaign: Campaign) -> Activity:
    posts = campaign.metrics.posts
    by_deliverable: dict[tuple[str, str], set[str]] = {}
    by_creator: dict[str, set[str]] = {}
    first_post: dict[str, date] = {}
    if posts.height:
        grouped = (posts.group_by(["creator", "deliverable", "post_url"])
                   .agg(pl.col("date").min().alias("first"))
                   .sort(["creator", "deliverable", "post_url"], nulls_last=True))
        for creator, deliverable, url, first in grouped.iter_rows():
            by_creator.setdefault(creator, set()).add(url)
            if deliverable:
                by_deliverable.setdefault((creator, deliverable), set()).add(url)
            if creator not in first_post or first < first_post[creator]:
                first_post[creator] = first
    return Activity(
        campaign=campaign,
        drafts={(d.handle, d.deliverable): d for d in campaign.drafts},
        posts_of_deliverable={k: frozenset(v) for k, v in by_deliverable.items()},
        posts_of_creator={k: frozenset(v) for k, v in by_creator.items()},
        first_post=first_post,
    )


def progress(done: Activity, handle: str, deliverable: Deliverable) -> Progress:
    """Posted when its draft is published or a post of it is in the metrics (by deliverable id
    or by the draft's post_url); else the draft's status, or 'Not started' without a draft."""
    draft = done.drafts.get((handle, deliverable.id))
    draft_url = draft.meta.post_url if draft else None
    urls = set(done.posts_of_deliverable.get((handle, deliverable.id), ()))
    in_metrics = bool(urls) or (draft_url is not None
                                and draft_url in done.posts_of_creator.get(handle, ()))
    if draft_url:
        urls.add(draft_url)
    post_urls = tuple(sorted(urls))
    if in_metrics or (draft is not None and draft.meta.status == DraftStatus.PUBLISHED):
        return Progress("Posted", "done", True, post_urls)
    if draft is None:
        return Progress("Not started", "none", False, post_urls)
    label, tone = _DRAFT_PROGRESS[draft.meta.status]
    return Progress(label, tone, False, post_urls)


def is_overdue(deliverable: Deliverable, state: Progress, as_of: date | None) -> bool:
    return as_of is not None and deliverable.due < as_of and not state.posted


def owes_payment(engagement: Engagement) -> bool:
    """Engagements whose fee is committed (SPEND_STATUSES) have a payment schedule to keep."""
    return engagement.status in SPEND_STATUSES


def installment_statuses(campaign: Campaign, engagement: Engagement, as_of: date | None,
                         first_post: date | None) -> list[InstallmentStatus]:
    """The engagement's installments with what is paid and what is overdue.

    Payments are not tied to installments in the content, so they cover installments in
    schedule order: the first installments are paid first.
    """
    paid_total = paid_amount(engagement)
    covered = Decimal(0)
    statuses = []
    for installment in installments(campaign.spec, engagement, first_post):
        covered += installment.amount
        paid = paid_total >= covered
        overdue = (not paid and as_of is not None and installment.due_date is not None
                   and installment.due_date < as_of)
        statuses.append(InstallmentStatus(installment, paid, overdue))
    return statuses


def paid_amount(engagement: Engagement) -> Decimal:
    return sum((payment.amount for payment in engagement.payments), Decimal(0))


@dataclass(frozen=True)
class DeliverableDue:
    """One deliverable of a committed engagement, with where it stands."""

    slug: str
    campaign: Campaign
    engagement: Engagement
    deliverable: Deliverable
    state: Progress


def committed_deliverables(ctx: SiteContext) -> list[DeliverableDue]:
    """Deliverables of engagements with a contract (or one being negotiated) in campaigns that
    are not cancelled, by due date."""
    rows = []
    for slug, campaign in ctx.program.campaigns.items():
        if campaign.spec.status == CampaignStatus.CANCELLED:
            continue
        done = ctx.activity(slug)
        for engagement in campaign.spec.creators:
            if engagement.status not in CONTRACT_STATUSES:
                continue
            for deliverable in engagement.deliverables:
                rows.append(DeliverableDue(slug, campaign, engagement, deliverable,
                                           progress(done, engagement.handle, deliverable)))
    return sorted(rows, key=lambda row: (row.deliverable.due, row.slug, row.engagement.handle,
                                         row.deliverable.id))


def due_within(rows: list[DeliverableDue], as_of: date | None, days: int) -> list[DeliverableDue]:
    """Not yet posted and due from `as_of` to `days` days after it, inclusive."""
    if as_of is None:
        return []
    end = as_of + timedelta(days=days)
    return [row for row in rows if not row.state.posted and as_of <= row.deliverable.due <= end]


def overdue(rows: list[DeliverableDue], as_of: date | None) -> list[DeliverableDue]:
    return [row for row in rows if is_overdue(row.deliverable, row.state, as_of)]
