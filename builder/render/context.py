"""What every page renderer receives."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import partial

from builder.audience import Audience
from builder.kpi import CampaignKpis, compute_campaign_kpis
from builder.memo import Memo
from builder.model.program import Program
from builder.render.pages.status import Activity, activity

SiteFiles = dict[str, str | bytes]
"""Output files of one audience's site by path relative to its root (docs or site)."""


@dataclass(frozen=True)
class SiteContext:
    program: Program
    """Already filtered for the audience: render everything it holds that the page is about."""
    audience: Audience
    locale: str
    contracts: Mapping[tuple[str, str], str] = field(default_factory=dict)
    """(slug, handle) -> site path of the contract this audience may open (signed copy first)."""
    generated_contracts: Mapping[tuple[str, str], str] = field(default_factory=dict)
    """(slug, handle) -> site path of the generated contract (team sees it beside the signed)."""
    calendars: Mapping[str, str] = field(default_factory=dict)
    """handle (or 'all') -> site path of the iCalendar feed."""
    memo: Memo = field(default_factory=Memo)
    """Derived facts shared by the pages of a build (and, under serve, between builds)."""

    def kpis(self, slug: str) -> CampaignKpis:
        campaign = self.program.campaigns[slug]
        # Of the creators, KPIs read only the roster's follower counts: a changed bio or media
        # kit must not make every campaign of the creator compute its figures again.
        followers = tuple(
            (e.handle, tuple((a.platform, a.followers) for a in creator.profile.platforms))
            for e in campaign.spec.creators
            if (creator := self.program.creators.get(e.handle)) is not None)
        return self.memo.get("kpis", (campaign, followers, self.program.config.exchange_rates),
                             partial(compute_campaign_kpis, self.program, slug))

    def activity(self, slug: str) -> Activity:
        campaign = self.program.campaigns[slug]
        return self.memo.get("activity", (campaign,), partial(activity, campaign))
