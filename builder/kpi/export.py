"""kpis/<slug>.json: the machine-readable KPIs of a campaign in the shape of SPEC §5.

Numbers are JSON numbers: counts exact, money rounded to the currency's minor unit, KPIs rounded
to six decimals (`figures.RATE_DECIMALS`); a KPI with a zero denominator is null.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from builder.kpi.campaign import CampaignKpis
from builder.kpi.figures import Figures, rounded_figures


def figures_json(figures: Figures, currency: str) -> dict[str, int | float | None]:
    return {name: float(value) if isinstance(value, Decimal) else value
            for name, value in rounded_figures(figures, currency).items()}


def kpi_json(kpis: CampaignKpis, creators_only: str | None = None) -> dict[str, Any]:
    """The document; with `creators_only` (a creator's own build) only that creator's entry
    and no totals (SPEC §4, §5)."""
    doc: dict[str, Any] = {"campaign": kpis.slug, "currency": kpis.currency,
                           "as_of": kpis.as_of.isoformat() if kpis.as_of else None}
    if creators_only is None:
        doc["totals"] = figures_json(kpis.totals, kpis.currency)
    doc["creators"] = {handle: figures_json(figures, kpis.currency)
                       for handle, figures in kpis.creators.items()
                       if creators_only in (None, handle)}
    return doc


def kpi_json_text(doc: dict[str, Any]) -> str:
    """The document as the bytes of the file: stable key order, UTF-8, final newline."""
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
