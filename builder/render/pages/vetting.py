"""Vetting flags (SPEC §12, team only): signs that a creator's numbers need a second look.

Each flag names its evidence (dates, numbers) so the team can check it without digging.
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
from builder.render.format import day, label_of, number, percent
from builder.render.pages.parts import platform_label


@dataclass(frozen=True, order=True)
class VettingFlag:
    handle: str
    kind: str
    """follower-jump, engagement-low, engagement-high, off-market, followers-drift, off-tier."""
    evidence: str
    campaign: str = ""
    """Slug of the campaign the flag is about, when it depends on one."""


FLAG_TITLES = {
    "follower-jump": "Follower jump",
    "engagement-low": "Low engagement",
    "engagement-high": "Unusually high engagement",
    "off-market": "Audience outside the markets",
    "followers-drift": "Profile followers differ from history",
    "off-tier": "Outside the campaign's tier",
}


def vetting_flags(program: Program, locale: str, portfolio: Portfolio) -> list[VettingFlag]:
    """Every flag of every creator, sorted by creator, kind and evidence; `portfolio` gives
    the engagement rates."""
    flags: list[VettingFlag] = []
    for creator in program.creators.values():
        flags += _history_flags(program, creator, locale)
    flags += _engagement_flags(program, locale, portfolio)
    flags += _campaign_flags(program, locale)
    return sorted(flags)


def _history_flags(program: Program, creator: Creator, locale: str) -> list[VettingFlag]:
    thresholds = program.config.vetting
    flags = []
    by_platform: dict[str, list[tuple[date, int]]] = {}
    for row in sorted(creator.history, key=lambda r: (r.platform.value, r.date)):
        by_platform.setdefault(row.platform.value, []).append((row.date, row.followers))
    for platform, rows in sorted(by_platform.items()):
        name = platform_label(platform)
        for (start, before), (end, after) in pairwise(rows):
            if before <= 0:
                continue
            growth = Decimal(after - before) / Decimal(before)
            if growth > thresholds.follower_jump:
                flags.append(VettingFlag(creator.handle, "follower-jump", (
                    f"{name} followers rose {percent(growth, locale, digits=0)} from "
                    f"{number(before, locale)} on {day(start, locale)} "
                    f"to {number(after, locale)} on {day(end, locale)} "
                    f"(more than {percent(thresholds.follower_jump, locale, digits=0)}).")))
        latest_day, latest = rows[-1]
        current = creator.followers_on(platform)
        if current is None or latest <= 0:
            continue
        drift = Decimal(abs(current - latest)) / Decimal(latest)
        if drift > thresholds.followers_drift:
            flags.append(VettingFlag(creator.handle, "followers-drift", (
                f"{name}: profile says {number(current, locale)} followers, history.csv "
                f"{number(latest, locale)} on {day(latest_day, locale)} "
                f"({percent(drift, locale, digits=0)} apart, more than "
                f"{percent(thresholds.followers_drift, locale, digits=0)}).")))
    return flags


def _engagement_flags(program: Program, locale: str, portfolio: Portfolio) -> list[VettingFlag]:
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
        slugs = sorted({slug for campaigns, _ in entries for slug in campaigns})
        covered = figures.pairs["engagement_rate_followers"]
        evidence = (f"Engagement rate by followers {percent(rate, locale)}: "
                    f"{number(covered.numerator, locale)} engagements / "
                    f"{number(covered.denominator, locale)} followers summed over posts "
                    f"in {', '.join(slugs)}")
        if rate < thresholds.engagement_rate_min:
            flags.append(VettingFlag(handle, "engagement-low", (
                f"{evidence}, below "
                f"{percent(thresholds.engagement_rate_min, locale, digits=1)}.")))
        elif rate > thresholds.engagement_rate_max:
            flags.append(VettingFlag(handle, "engagement-high", (
                f"{evidence}, above "
                f"{percent(thresholds.engagement_rate_max, locale, digits=0)}.")))
    return flags


def _campaign_flags(program: Program, locale: str) -> list[VettingFlag]:
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
                name = platform_label(account.platform)
                countries = account.audience.countries if account.audience else {}
                if spec.markets and countries:
                    share = Decimal(str(sum(countries.get(m, 0.0) for m in spec.markets)))
                    if share < thresholds.market_share_min:
                        flags.append(VettingFlag(engagement.handle, "off-market", (
                            f"{percent(share, locale, digits=0)} of the {name} audience is in "
                            f"{', '.join(spec.markets)}, the markets of {spec.title} (less than "
                            f"{percent(thresholds.market_share_min, locale, digits=0)})."),
                            slug))
                if spec.tier:
                    tier = program.tier_of(account.followers)
                    if tier != spec.tier.value:
                        flags.append(VettingFlag(engagement.handle, "off-tier", (
                            f"{number(account.followers, locale)} {name} followers make "
                            f"{label_of(tier).lower()}, but {spec.title} recruits "
                            f"{label_of(spec.tier).lower()} creators."), slug))
    return flags
