"""Portfolio KPIs: across campaigns, per brand and per creator (team dashboards, SPEC §9).

Figures of campaigns in different currencies are never added: a brand or creator with campaigns
in two currencies has one entry per currency.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from builder.kpi.campaign import CampaignKpis, compute_program_kpis
from builder.kpi.figures import Figures, total
from builder.model.program import Program


@dataclass(frozen=True)
class PortfolioEntry:
    key: str
    """Brand id or creator handle."""
    currency: str
    campaigns: tuple[str, ...]
    """Slugs whose figures are summed, sorted."""
    figures: Figures


@dataclass(frozen=True)
class Portfolio:
    as_of: date | None
    by_brand: tuple[PortfolioEntry, ...]
    """Sorted by brand id, then currency."""
    by_creator: tuple[PortfolioEntry, ...]
    """Sorted by handle, then currency."""


def compute_portfolio(program: Program,
                      kpis: Mapping[str, CampaignKpis] | None = None) -> Portfolio:
    """Sum campaign figures per brand and per creator; pass `kpis` if already computed."""
    if kpis is None:
        kpis = compute_program_kpis(program)
    brands: dict[tuple[str, str], list[tuple[str, Figures]]] = {}
    creators: dict[tuple[str, str], list[tuple[str, Figures]]] = {}
    for slug, campaign in sorted(kpis.items()):
        brands.setdefault((campaign.brand, campaign.currency), []).append(
            (slug, campaign.totals))
        for handle, figures in campaign.creators.items():
            creators.setdefault((handle, campaign.currency), []).append((slug, figures))
    dates = [k.as_of for k in kpis.values() if k.as_of is not None]
    return Portfolio(as_of=max(dates, default=None), by_brand=_entries(brands),
                     by_creator=_entries(creators))


def _entries(groups: dict[tuple[str, str], list[tuple[str, Figures]]]
             ) -> tuple[PortfolioEntry, ...]:
    entries = []
    for (key, currency), parts in sorted(groups.items()):
        entries.append(PortfolioEntry(key, currency, tuple(slug for slug, _ in parts),
                                      total([figures for _, figures in parts])))
    return tuple(entries)
