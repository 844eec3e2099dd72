"""kpis/<slug>.json: the machine-readable KPIs of a campaign in the shape of SPEC §5.

Numbers are JSON numbers: counts exact, money exact to the currency's minor unit, KPIs at full
precision (pages round them for people); a figure nothing reports, or a KPI with a zero
denominator, is null. `coverage` says how many posts (or creators) each figure covers.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from builder.kpi.campaign import CampaignKpis
from builder.kpi.figures import KPI_NAMES, SUM_NAMES, Figures, published_figures


def figures_json(figures: Figures, currency: str) -> dict[str, int | float | None]:
    return {name: float(value) if isinstance(value, Decimal) else value
            for name, value in published_figures(figures, currency).items()}


def coverage_json(figures: Figures) -> dict[str, dict[str, int]]:
    """{"engagement_rate": {"posts": 12, "of": 15}, "cvr": {"creators": 2, "of": 3}, …}"""
    doc = {}
    for name in (*SUM_NAMES, *KPI_NAMES):
        covered = figures.coverage(name)
        if covered is not None:
            doc[name] = {covered.unit: covered.count, "of": covered.of}
    return doc


def kpi_json(kpis: CampaignKpis, creators_only: str | None = None) -> dict[str, Any]:
    """The document; with `creators_only` (a creator's own build) only that creator's entry
    and no totals (SPEC §4, §5)."""
    doc: dict[str, Any] = {"campaign": kpis.slug, "currency": kpis.currency,
                           "as_of": kpis.as_of.isoformat() if kpis.as_of else None}
    shown = {handle: figures for handle, figures in kpis.creators.items()
             if creators_only in (None, handle)}
    if creators_only is None:
        doc["totals"] = figures_json(kpis.totals, kpis.currency)
        doc["coverage"] = coverage_json(kpis.totals)
    doc["creators"] = {handle: figures_json(figures, kpis.currency)
                       for handle, figures in shown.items()}
    doc["creators_coverage"] = {handle: coverage_json(figures)
                                for handle, figures in shown.items()}
    return doc


def kpi_json_text(doc: dict[str, Any]) -> str:
    """The document as the bytes of the file: stable key order, UTF-8, final newline.

    The outer levels are indented and each set of figures stays on one line: as readable in a
    diff as a fully indented file, and written by json's C encoder, which does not indent (a
    large program's figures run to megabytes, and the indenting encoder is pure Python).
    """
    lines = []
    for key, value in doc.items():
        name = _dumps(key)
        if isinstance(value, dict) and value and all(isinstance(v, dict) for v in value.values()):
            inner = ",\n".join(f"    {_dumps(k)}: {_dumps(v)}" for k, v in value.items())
            lines.append(f"  {name}: {{\n{inner}\n  }}")
        else:
            lines.append(f"  {name}: {_dumps(value)}")
    return "{\n" + ",\n".join(lines) + "\n}\n"


_dumps = json.JSONEncoder(ensure_ascii=False).encode
"""json.dumps(value, ensure_ascii=False) without building an encoder for each of the
thousands of values of a large program."""
