"""A campaign's `targets` against its totals: met or missed (SPEC §9)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from builder.kpi.figures import COST_KPIS, KPI_NAMES, Figures, rounded_kpi
from builder.model.campaign import Targets


@dataclass(frozen=True)
class TargetResult:
    kpi: str
    """A KPI name of SPEC §5, e.g. engagement_rate."""
    target: Decimal
    value: Decimal | None
    """The published (rounded) figure; None when its denominator is zero."""
    met: bool | None
    """None when there is no figure to judge yet."""


def check_targets(targets: Targets, figures: Figures) -> list[TargetResult]:
    """One result per target set, in the order of SPEC §5.

    The published figure is compared, so the page never says "5.00 % missed 5.00 %". Costs
    (cpe, cpm, cpa) are met at or below the target, every other KPI at or above it.
    """
    results = []
    for kpi in KPI_NAMES:
        target = getattr(targets, kpi)
        if target is None:
            continue
        value = rounded_kpi(getattr(figures, kpi))
        met = None if value is None else value <= target if kpi in COST_KPIS else value >= target
        results.append(TargetResult(kpi, target, value, met))
    return results
