"""Derived facts (SPEC §9, §12, §13): computed once per build from the whole program, before any
audience filter, so that every page, feed and audience reads the same answer.

KPIs (and the team's portfolio), deliverable status (one definition of "overdue"),
installments with their dates and what is paid, usage-rights ends, rate-card prices, calendar
events and vetting flags. Pages format these values; they do not compute them again. The
audience filter (`filter_facts`) cuts facts as `filter_program` cuts the program.

'Today' is the build's (`Program.today`: --as-of, SOURCE_DATE_EPOCH or the clock), so the same
repository and the same as-of date build the same pages.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time
from decimal import Decimal
from functools import partial

import polars as pl

from builder.audience import Audience
from builder.disclosure import disclosure_summary
from builder.kpi import (
    CampaignKpis,
    Portfolio,
    compute_campaign_kpis,
    compute_portfolio,
    own_kpis,
)
from builder.memo import Memo
from builder.model.campaign import (
    CONTRACT_STATUSES,
    SPEND_STATUSES,
    CampaignSpec,
    CampaignStatus,
    Deliverable,
    Engagement,
)
from builder.model.content import Draft, DraftStatus
from builder.model.creator import Creator
from builder.model.program import Campaign, Program
from builder.render.format import platform_label
from builder.schedule import ScheduledInstallment, installments, round_money, usage_rights_end
from builder.tracking import tracking_url
from builder.vetting import VettingFlag, vetting_flags

_DAYS_PER_MONTH = Decimal(30)
_HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Progress:
    """Where one deliverable stands, from its draft and the campaign's metrics."""

    label: str
    tone: str
    """Badge tone: done, ok, wait, late or none (nanokit.css colours them)."""
    posted: bool
    post_urls: tuple[str, ...]
    in_review: bool = False
    """A draft is submitted and waits for the team's review."""


@dataclass(frozen=True)
class DeliverableFact:
    deliverable: Deliverable
    progress: Progress
    overdue: bool
    """The one definition: due before 'today' and not posted (no post in the metrics, no
    published draft)."""


@dataclass(frozen=True)
class InstallmentFact:
    installment: ScheduledInstallment
    paid: bool
    """Covered by the engagement's recorded payments, taken in schedule order."""
    overdue: bool
    """Unpaid and its due date is before 'today'."""


@dataclass(frozen=True)
class RateCardPrice:
    """What the creator's rate card asks for an engagement's deliverables and terms."""

    amount: Decimal
    currency: str
    missing: tuple[str, ...]
    """Deliverables the rate card has no price for ('tiktok video'); the amount leaves them out."""


@dataclass(frozen=True)
class CalendarEvent:
    """One all-day event of a deliverable under contract (SPEC §13)."""

    uid: str
    handle: str
    due: date
    stamp: datetime
    """From the content (the later of the campaign start and the signature), not the clock."""
    summary: str
    description: str
    url: str | None
    reminder: str
    cancelled: bool
    """The campaign is cancelled: subscribed calendars drop the event (STATUS:CANCELLED)."""


@dataclass(frozen=True)
class EngagementFacts:
    handle: str
    deliverables: tuple[DeliverableFact, ...]
    """In the order of the engagement's deliverables."""
    installments: tuple[InstallmentFact, ...]
    """Empty unless the fee is committed (contracted, delivered, paid)."""
    paid: Decimal
    first_post: date | None
    """Earliest snapshot date of the creator's posts in the campaign's metrics."""
    usage_rights_end: date | None
    post_urls: tuple[str, ...]
    """Every post URL of the creator in the campaign's metrics and drafts."""
    events: tuple[CalendarEvent, ...]
    rate_card: RateCardPrice | None = None
    """Team only: the filter removes it for every other audience."""


@dataclass(frozen=True)
class CampaignFacts:
    slug: str
    engagements: Mapping[str, EngagementFacts]
    """By handle, every engagement of the roster."""


@dataclass(frozen=True)
class Facts:
    as_of: date
    """'Today' of the build (`Program.today`): what is overdue, due soon or paid late."""
    campaigns: Mapping[str, CampaignFacts] = field(default_factory=dict)
    kpis: Mapping[str, CampaignKpis] = field(default_factory=dict)
    """By slug, every campaign's KPIs (SPEC §5); a creator's cut holds their own figures only."""
    portfolio: Portfolio | None = None
    """Team only: figures across campaigns, per brand and per creator."""
    flags: tuple[VettingFlag, ...] = ()
    """Team only."""

    def engagement(self, slug: str, handle: str) -> EngagementFacts:
        return self.campaigns[slug].engagements[handle]


def derive(program: Program, team: bool = True, memo: Memo | None = None) -> Facts:
    """Every fact of the whole program. `team` adds what only the team's site shows: the
    portfolio and the vetting flags; a build without the team's site skips them."""
    memo = memo or Memo()
    kpis = {slug: campaign_kpis(program, slug, memo) for slug in program.campaigns}
    portfolio: Portfolio | None = None
    flags: tuple[VettingFlag, ...] = ()
    if team:
        portfolio = memo.get("portfolio", (kpis,), partial(compute_portfolio, program, kpis))
        flags = tuple(vetting_flags(program, portfolio))
    return Facts(as_of=program.today, campaigns=engagement_facts(program, memo), kpis=kpis,
                 portfolio=portfolio, flags=flags)


def engagement_facts(program: Program, memo: Memo | None = None) -> dict[str, CampaignFacts]:
    """The facts of every campaign's engagements: the part of `derive` that depends on the
    site's URL (calendar events link the brief)."""
    memo = memo or Memo()
    as_of = program.today
    site_url = program.config.site_url or ""
    campaigns = {}
    for slug, campaign in program.campaigns.items():
        roster = tuple(program.creators.get(e.handle) for e in campaign.spec.creators)
        # Of the creators, facts read only the rate cards: a changed bio must not make every
        # page about the creator's campaigns render again.
        rates = tuple(c.profile.rates.model_dump_json() if c and c.profile.rates else None
                      for c in roster)
        campaigns[slug] = memo.get("campaign-facts", (campaign, rates, as_of, site_url),
                                   partial(_campaign_facts, slug, campaign, roster, as_of,
                                           site_url))
    return campaigns


def campaign_kpis(program: Program, slug: str, memo: Memo) -> CampaignKpis:
    """The campaign's KPIs (SPEC §5), computed again only when what they read changed."""
    campaign = program.campaigns[slug]
    # Of the creators, KPIs read only the roster's follower counts: a changed bio or media
    # kit must not make every campaign of the creator compute its figures again.
    followers = tuple(
        (e.handle, tuple((a.platform, a.followers) for a in creator.profile.platforms))
        for e in campaign.spec.creators
        if (creator := program.creators.get(e.handle)) is not None)
    return memo.get("kpis", (campaign, followers, program.config.exchange_rates),
                    partial(compute_campaign_kpis, program, slug))


def filter_facts(facts: Facts, visible: Program, audience: Audience,
                 memo: Memo | None = None) -> Facts:
    """The facts of what `visible` (the program filtered for `audience`) holds, as the filter
    cut it: only the engagements left on each visible campaign's roster; a creator's own KPI
    figures, without anyone else's; rate-card prices, the portfolio and vetting flags for the
    team only. With a `memo`, unchanged facts filter to the same objects as last time."""
    memo = memo or Memo()
    team = audience.kind == "team"
    campaigns, kpis = {}, {}
    for slug, campaign in visible.campaigns.items():
        handles = tuple(e.handle for e in campaign.spec.creators)
        campaigns[slug] = memo.get("facts-for", (facts.campaigns[slug], handles, team),
                                   partial(_cut, facts.campaigns[slug], handles, team))
        kpis[slug] = (memo.get("kpis-for", (facts.kpis[slug], audience.id),
                               partial(own_kpis, facts.kpis[slug], audience.id or ""))
                      if audience.kind == "creator" else facts.kpis[slug])
    return replace(facts, campaigns=campaigns, kpis=kpis,
                   portfolio=facts.portfolio if team else None,
                   flags=facts.flags if team else ())


def _cut(facts: CampaignFacts, handles: tuple[str, ...], team: bool) -> CampaignFacts:
    if team:
        return facts
    return CampaignFacts(facts.slug, {h: replace(facts.engagements[h], rate_card=None)
                                      for h in handles})


def committed_deliverables(facts: Facts, program: Program
                           ) -> list[tuple[str, Engagement, DeliverableFact]]:
    """(slug, engagement, fact) of deliverables of engagements with a contract (or one being
    negotiated) in campaigns that are not cancelled, by due date."""
    rows = []
    for slug, campaign in program.campaigns.items():
        if campaign.spec.status == CampaignStatus.CANCELLED:
            continue
        for engagement in campaign.spec.creators:
            if engagement.status not in CONTRACT_STATUSES:
                continue
            for fact in facts.engagement(slug, engagement.handle).deliverables:
                rows.append((slug, engagement, fact))
    return sorted(rows, key=lambda row: (row[2].deliverable.due, row[0], row[1].handle,
                                         row[2].deliverable.id))


def owes_payment(engagement: Engagement) -> bool:
    """Engagements whose fee is committed (SPEND_STATUSES) have a payment schedule to keep."""
    return engagement.status in SPEND_STATUSES


def paid_amount(engagement: Engagement) -> Decimal:
    return sum((payment.amount for payment in engagement.payments), Decimal(0))


def rate_card_price(creator: Creator, spec: CampaignSpec,
                    engagement: Engagement) -> RateCardPrice | None:
    """Σ deliverables × rate-card price × count, plus the add-ons the terms call for.

    Usage rights add `months × usage_rights_per_month_percent` and exclusivity
    `(days / 30) × exclusivity_per_month_percent`, both in percent of that sum. None when the
    creator has no rate card.
    """
    rates = creator.profile.rates
    if rates is None:
        return None
    base = Decimal(0)
    missing = []
    for deliverable in engagement.deliverables:
        price = creator.rate_for(deliverable.platform, deliverable.type)
        if price is None:
            missing.append(f"{deliverable.platform.value} {deliverable.type.value}")
        else:
            base += price * deliverable.count
    terms = spec.terms_for(engagement)
    add_on = Decimal(0)
    if terms.usage_rights and rates.usage_rights_per_month_percent:
        add_on += terms.usage_rights.months * rates.usage_rights_per_month_percent
    if terms.exclusivity and rates.exclusivity_per_month_percent:
        add_on += (Decimal(terms.exclusivity.days) / _DAYS_PER_MONTH
                   * rates.exclusivity_per_month_percent)
    amount = round_money(base + base * add_on / _HUNDRED, rates.currency)
    return RateCardPrice(amount, rates.currency, tuple(sorted(set(missing))))


_DRAFT_PROGRESS = {
    DraftStatus.DRAFT: ("Draft", "wait"),
    DraftStatus.SUBMITTED: ("In review", "wait"),
    DraftStatus.CHANGES_REQUESTED: ("Changes requested", "late"),
    DraftStatus.APPROVED: ("Approved", "ok"),
    DraftStatus.PUBLISHED: ("Posted", "done"),
}


@dataclass(frozen=True)
class _Activity:
    """A campaign's drafts and posts, indexed once (a large campaign holds tens of thousands of
    metric rows)."""

    drafts: Mapping[tuple[str, str], Draft]
    posts_of_deliverable: Mapping[tuple[str, str], frozenset[str]]
    posts_of_creator: Mapping[str, frozenset[str]]
    first_post: Mapping[str, date]


def _activity(campaign: Campaign) -> _Activity:
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
    return _Activity(
        drafts={(d.handle, d.deliverable): d for d in campaign.drafts},
        posts_of_deliverable={k: frozenset(v) for k, v in by_deliverable.items()},
        posts_of_creator={k: frozenset(v) for k, v in by_creator.items()},
        first_post=first_post,
    )


def _progress(done: _Activity, handle: str, deliverable: Deliverable) -> Progress:
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
    return Progress(label, tone, False, post_urls,
                    in_review=draft.meta.status == DraftStatus.SUBMITTED)


def _campaign_facts(slug: str, campaign: Campaign, roster: tuple[Creator | None, ...],
                    as_of: date | None, site_url: str) -> CampaignFacts:
    done = _activity(campaign)
    spec = campaign.spec
    engagements = {}
    for engagement, creator in zip(spec.creators, roster, strict=True):
        handle = engagement.handle
        first_post = done.first_post.get(handle)
        deliverables = []
        urls = set(done.posts_of_creator.get(handle, ()))
        for deliverable in engagement.deliverables:
            state = _progress(done, handle, deliverable)
            urls.update(state.post_urls)
            deliverables.append(DeliverableFact(
                deliverable, state,
                overdue=as_of is not None and deliverable.due < as_of and not state.posted))
        rights = spec.terms_for(engagement).usage_rights
        engagements[handle] = EngagementFacts(
            handle=handle,
            deliverables=tuple(deliverables),
            installments=(_installments(campaign, engagement, as_of, first_post)
                          if owes_payment(engagement) else ()),
            paid=paid_amount(engagement),
            first_post=first_post,
            usage_rights_end=(usage_rights_end(first_post, rights.months)
                              if rights and rights.months and first_post else None),
            post_urls=tuple(sorted(urls)),
            events=_events(slug, spec, engagement, site_url),
            rate_card=rate_card_price(creator, spec, engagement) if creator else None,
        )
    return CampaignFacts(slug, engagements)


def _installments(campaign: Campaign, engagement: Engagement, as_of: date | None,
                  first_post: date | None) -> tuple[InstallmentFact, ...]:
    """Payments are not tied to installments in the content, so they cover installments in
    schedule order: the first installments are paid first."""
    paid_total = paid_amount(engagement)
    covered = Decimal(0)
    facts = []
    for installment in installments(campaign.spec, engagement, first_post):
        covered += installment.amount
        paid = paid_total >= covered
        overdue = (not paid and as_of is not None and installment.due_date is not None
                   and installment.due_date < as_of)
        facts.append(InstallmentFact(installment, paid, overdue))
    return tuple(facts)


def _events(slug: str, spec: CampaignSpec, engagement: Engagement,
            site_url: str) -> tuple[CalendarEvent, ...]:
    """An event per deliverable of an engagement under contract (contracted, delivered, paid):
    an invited creator gets no deadline of a campaign they never signed."""
    if engagement.status not in SPEND_STATUSES:
        return ()
    brief = f"{site_url.rstrip('/')}/campaigns/{slug}/" if site_url else f"campaigns/{slug}/"
    rules = disclosure_summary(spec.disclosure)
    # DTSTAMP must not come from the clock: the latest content date of the engagement.
    stamp_day = max([spec.period.start, *([engagement.signed_on]
                                           if engagement.signed_on else [])])
    stamp = datetime.combine(stamp_day, time(0), tzinfo=UTC)
    events = []
    for deliverable in engagement.deliverables:
        count = f"{deliverable.count}× " if deliverable.count > 1 else ""
        platform = platform_label(deliverable.platform.value)
        lines = [f"Brief: {brief}"]
        if engagement.promo_code:
            lines.append(f"Promo code: {engagement.promo_code}")
        link = tracking_url(spec, slug, engagement.handle, deliverable.platform.value)
        if link:
            lines.append(f"Tracking link: {link}")
        lines += ["Disclosure:", *(f"- {rule}" for rule in rules)]
        events.append(CalendarEvent(
            uid=f"{slug}.{engagement.handle}.{deliverable.id}@nanokit",
            handle=engagement.handle, due=deliverable.due, stamp=stamp,
            summary=f"{spec.title}: {count}{platform} {deliverable.type.value}",
            description="\n".join(lines), url=brief if site_url else None,
            reminder=f"Due in 2 days: {spec.title}",
            cancelled=spec.status == CampaignStatus.CANCELLED))
    return tuple(events)

