"""What every page renderer receives."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from builder.audience import Audience
from builder.model.program import Program

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
