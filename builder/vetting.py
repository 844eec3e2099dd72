"""Vetting flags (SPEC §12, team only): signs that a creator's numbers need a second look.

Each flag carries its evidence as numbers and dates; the team's vetting page words them.
Thresholds come from the plugin options (`vetting:`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from itertools import pairwise

from builder.kpi import Portfolio
from builder.kpi.figures import Figures, total
from builder.model.campaign import EngagementStatus
from builder.model.creator import Creator
from builder.model.program import Program

Evidence = int | Decimal | date | str | tuple[str, ...]


@dataclass(frozen=True)
class VettingFlag:
    handle: str
    kind: str
    """follower-jump, engagement-low, engagement-high, off-market, followers-drift, off-tier."""
    evidence: tuple[tuple[str, Evidence], ...]
    """Named numbers and dates the flag rests on (see vetting_flags for each kind's names)."""
    campaign: str = ""
    """Slug of the campaign the flag is about, when it depends on one."""

    def __getitem__(self, name: str) -> Evidence:
        return dict(self.evidence)[name]


def vetting_flags(program: Program, portfolio: Portfolio) -> list[VettingFlag]:
    """Every flag of every creator; `portfolio` gives the engagement rates.

    Evidence by kind — follower-jump: platform, growth, before, start, after, end;
    followers-drift: platform, profile, history, history_date, drift; engagement-low/-high:
    rate, engagements, followers, campaigns; off-market: platform, share, markets; off-tier:
    platform, followers, tier.
    """
    flags: list[VettingFlag] = []
    for creator in program.creators.values():
        flags += _history_flags(program, creator)
    flags += _engagement_flags(program, portfolio)
    flags += _campaign_flags(program)
    return flags


def _history_flags(program: Program, creator: Creator) -> list[VettingFlag]:
    thresholds = program.config.vetting
    flags = []
    by_platform: dict[str, list[tuple[date, int]]] = {}
    for row in sorted(creator.history, key=lambda r: (r.platform.value, r.date)):
        by_platform.setdefault(row.platform.value, []).append((row.date, row.followers))
    for platform, rows in sorted(by_platform.items()):
        for (start, before), (end, after) in pairwise(rows):
            if before <= 0:
                continue
            growth = Decimal(after - before) / Decimal(before)
            if growth > thresholds.follower_jump:
                flags.append(VettingFlag(creator.handle, "follower-jump", (
                    ("platform", platform), ("growth", growth), ("before", before),
                    ("start", start), ("after", after), ("end", end))))
        latest_day, latest = rows[-1]
        current = creator.followers_on(platform)
        if current is None or latest <= 0:
            continue
        drift = Decimal(abs(current - latest)) / Decimal(latest)
        if drift > thresholds.followers_drift:
            flags.append(VettingFlag(creator.handle, "followers-drift", (
                ("platform", platform), ("profile", current), ("history", latest),
                ("history_date", latest_day), ("drift", drift))))
    return flags


def _engagement_flags(program: Program, portfolio: Portfolio) -> list[VettingFlag]:
    """Engagement rate by followers across all of a creator's campaigns."""
    thresholds = program.config.vetting
    grouped: dict[str, list[tuple[tuple[str, ...], Figures]]] = {}
    for entry in portfolio.by_creator:
        grouped.setdefault(entry.key, []).append((entry.campaigns, entry.figures))
    flags = []
    for handle, entries in sorted(grouped.items()):
        if handle not in program.creators:
            continue
        figures = total([f for _, f in entries])
        rate = figures.engagement_rate_followers
        if rate is None:
            continue
        covered = figures.pairs["engagement_rate_followers"]
        evidence: tuple[tuple[str, Evidence], ...] = (
            ("rate", rate), ("engagements", covered.numerator),
            ("followers", covered.denominator),
            ("campaigns", tuple(sorted({slug for campaigns, _ in entries
                                        for slug in campaigns}))))
        if rate < thresholds.engagement_rate_min:
            flags.append(VettingFlag(handle, "engagement-low", evidence))
        elif rate > thresholds.engagement_rate_max:
            flags.append(VettingFlag(handle, "engagement-high", evidence))
    return flags


def _campaign_flags(program: Program) -> list[VettingFlag]:
    """Audience outside the campaign's markets; creator outside the campaign's tier."""
    thresholds = program.config.vetting
    flags = []
    for slug, campaign in sorted(program.campaigns.items()):
        spec = campaign.spec
        for engagement in spec.creators:
            creator = program.creators.get(engagement.handle)
            if creator is None or engagement.status == EngagementStatus.DECLINED:
                continue
            platforms = sorted({d.platform.value for d in engagement.deliverables}
                               or {a.platform.value for a in creator.profile.platforms})
            for account in creator.profile.platforms:
                if account.platform.value not in platforms:
                    continue
                countries = account.audience.countries if account.audience else {}
                if spec.markets and countries:
                    share = Decimal(str(sum(countries.get(m, 0.0) for m in spec.markets)))
                    if share < thresholds.market_share_min:
                        flags.append(VettingFlag(engagement.handle, "off-market", (
                            ("platform", account.platform.value), ("share", share),
                            ("markets", tuple(spec.markets))), slug))
                if spec.tier:
                    tier = program.tier_of(account.followers)
                    if tier != spec.tier.value:
                        flags.append(VettingFlag(engagement.handle, "off-tier", (
                            ("platform", account.platform.value),
                            ("followers", account.followers), ("tier", tier)), slug))
    return flags
