"""KPIs from committed metrics (SPEC §5): pure functions, a Program in and figures out.

The audience filter runs first and every renderer (KPI pages, campaign summaries, dashboards,
the JSON files, the PR diff) reads the same figures from here.
"""

from builder.kpi.campaign import (
    CampaignKpis,
    SourceFile,
    compute_campaign_kpis,
    compute_program_kpis,
    metric_sources,
    own_kpis,
)
from builder.kpi.export import figures_json, kpi_json, kpi_json_text
from builder.kpi.figures import (
    COST_KPIS,
    KPI_NAMES,
    RATE_DECIMALS,
    SUM_NAMES,
    Coverage,
    Figures,
    published_figures,
)
from builder.kpi.orders import order_problems
from builder.kpi.portfolio import Portfolio, PortfolioEntry, compute_portfolio
from builder.kpi.posts import engagement_history
from builder.kpi.targets import TargetResult, check_targets

__all__ = [
    "COST_KPIS", "KPI_NAMES", "RATE_DECIMALS", "SUM_NAMES", "CampaignKpis", "Coverage", "Figures",
    "Portfolio", "PortfolioEntry", "SourceFile", "TargetResult", "check_targets",
    "compute_campaign_kpis", "compute_portfolio", "compute_program_kpis", "engagement_history",
    "figures_json", "kpi_json", "kpi_json_text", "metric_sources", "order_problems",
    "own_kpis", "published_figures",
]
