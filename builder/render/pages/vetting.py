"""Vetting flags in words: each names its evidence (dates, numbers) so the team can check it
without digging."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import cast

from builder.model.program import Program
from builder.render.format import day, label_of, number, percent, platform_label
from builder.vetting import VettingFlag

FLAG_TITLES = {
    "follower-jump": "Follower jump",
    "engagement-low": "Low engagement",
    "engagement-high": "Unusually high engagement",
    "off-market": "Audience outside the markets",
    "followers-drift": "Profile followers differ from history",
    "off-tier": "Outside the campaign's tier",
}


def flag_evidence(flag: VettingFlag, program: Program, locale: str) -> str:
    """The flag's evidence as a sentence, with the threshold it crossed."""
    thresholds = program.config.vetting

    def count(name: str) -> str:
        return number(cast(int, flag[name]), locale)

    def share(name: str, digits: int = 0) -> str:
        return percent(cast(Decimal, flag[name]), locale, digits=digits)

    def when(name: str) -> str:
        return day(cast(date, flag[name]), locale)

    if flag.kind == "follower-jump":
        return (f"{platform_label(str(flag['platform']))} followers rose {share('growth')} from "
                f"{count('before')} on {when('start')} to {count('after')} on {when('end')} "
                f"(more than {percent(thresholds.follower_jump, locale, digits=0)}).")
    if flag.kind == "followers-drift":
        return (f"{platform_label(str(flag['platform']))}: profile says {count('profile')} "
                f"followers, history.csv {count('history')} on {when('history_date')} "
                f"({share('drift')} apart, more than "
                f"{percent(thresholds.followers_drift, locale, digits=0)}).")
    spec = program.campaigns[flag.campaign].spec if flag.campaign else None
    if flag.kind in ("engagement-low", "engagement-high"):
        evidence = (f"Engagement rate by followers {percent(cast(Decimal, flag['rate']), locale)}"
                    f": {count('engagements')} engagements / {count('followers')} followers "
                    f"summed over posts in {', '.join(cast(tuple[str, ...], flag['campaigns']))}")
        if flag.kind == "engagement-low":
            return (f"{evidence}, below "
                    f"{percent(thresholds.engagement_rate_min, locale, digits=1)}.")
        return f"{evidence}, above {percent(thresholds.engagement_rate_max, locale, digits=0)}."
    assert spec is not None
    name = platform_label(str(flag["platform"]))
    if flag.kind == "off-market":
        return (f"{share('share')} of the {name} audience is in "
                f"{', '.join(cast(tuple[str, ...], flag['markets']))}, the markets of "
                f"{spec.title} (less than "
                f"{percent(thresholds.market_share_min, locale, digits=0)}).")
    assert spec.tier is not None
    return (f"{count('followers')} {name} followers make "
            f"{label_of(str(flag['tier'])).lower()}, but {spec.title} recruits "
            f"{label_of(spec.tier).lower()} creators.")
