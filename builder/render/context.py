"""What every page renderer receives."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from builder.audience import Audience
from builder.facts import EngagementFacts, Facts
from builder.kpi import CampaignKpis
from builder.memo import Memo
from builder.model.program import Program
from builder.render.paths import Paths
from builder.render.templating import PageTemplates, page_templates

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
    facts: Facts = field(default_factory=lambda: Facts(as_of=date.min))
    """Derived before the filter and cut by it (builder.facts.filter_facts); render_site gives
    them."""
    memo: Memo = field(default_factory=Memo)
    """Derived facts shared by the pages of a build (and, under serve, between builds)."""
    paths: Paths = field(default_factory=Paths)
    """How the site's URLs look (MkDocs' use_directory_urls): every link comes from it."""

    templates: PageTemplates = field(default_factory=lambda: page_templates({}))
    """The program's page templates, compiled once (builder.render.templating)."""

    def href(self, from_src: str, to_src: str) -> str:
        """A relative link from the page `from_src` to the page or file `to_src`."""
        return self.paths.href(from_src, to_src)

    def kpis(self, slug: str) -> CampaignKpis:
        return self.facts.kpis[slug]

    def engagement(self, slug: str, handle: str) -> EngagementFacts:
        return self.facts.engagement(slug, handle)
