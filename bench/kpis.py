#!/usr/bin/env python3
"""Time KPI ingest + compute on the reference large program (median of 5 whole-process runs).

Each run is a fresh process that loads the program (YAML and every metric file), computes the
KPIs of every campaign and the portfolio, and serialises every kpis/<slug>.json in memory: what
a build does before it writes KPI files. The target (issue 13) is a median of at most 1 s and a
peak RSS of at most 1 GiB.

In the same run it times a floor: a plain Polars lazy query over the same metric files (latest
snapshot per post, sums per campaign and creator, distinct orders per code), with no validation,
no attribution rules and no YAML, also as whole processes. nanokit's median over the floor's
says what the checks and rules cost on top of reading the numbers; the machine's load cancels
out of it better than out of either time alone.

Usage: python bench/kpis.py              measure and print the summary (exit 1 over target)
       python bench/kpis.py --run DIR    one run on DIR (what is measured)
       python bench/kpis.py --floor DIR  one run of the floor query on DIR
"""

from __future__ import annotations

import sys
from pathlib import Path

from _timing import large_program, measure

RUNS = 5
TARGET_SECONDS = 1.0
TARGET_MIB = 1024.0


def run(root: Path) -> int:
    """Ingest and compute once; exit 1 if the program has errors (the figures would be wrong)."""
    from builder.kpi import compute_portfolio, compute_program_kpis, kpi_json, kpi_json_text
    from builder.load import load_program
    from builder.problems import has_errors

    program, problems = load_program(root)
    kpis = compute_program_kpis(program)
    compute_portfolio(program, kpis)
    size = sum(len(kpi_json_text(kpi_json(k))) for k in kpis.values())
    print(f"{len(kpis)} campaigns, {size:,} bytes of JSON")
    return 1 if has_errors(problems) else 0


def floor(root: Path) -> int:
    """The same files through a plain Polars lazy aggregate: what reading the numbers costs."""
    import polars as pl

    metrics = root / "campaigns" / "*" / "metrics"
    campaign = pl.col("path").str.extract(r"campaigns/([^/]+)/metrics/")
    posts = (pl.scan_csv(metrics / "posts-*.csv", include_file_paths="path")
             .with_columns(campaign.alias("campaign"))
             .group_by("campaign", "post_url")
             .agg(pl.all().sort_by("date").last())
             .group_by("campaign", "creator")
             .agg(pl.col("impressions", "reach", "likes", "comments", "shares", "saves",
                         "clicks").sum()))
    orders = (pl.scan_csv(metrics / "orders-*.csv", include_file_paths="path")
              .with_columns(campaign.alias("campaign"))
              .unique(["campaign", "order_id"], keep="last")
              .group_by("campaign", "code")
              .agg(pl.len().alias("conversions"), pl.col("revenue").sum()))
    sums, sales = pl.collect_all([posts, orders])
    print(f"{sums.height} creator sums, {sales.height} code sums")
    return 0


def main() -> int:
    if sys.argv[1:2] == ["--run"] and len(sys.argv) == 3:
        return run(Path(sys.argv[2]))
    if sys.argv[1:2] == ["--floor"] and len(sys.argv) == 3:
        return floor(Path(sys.argv[2]))
    program = large_program()
    result = measure([sys.executable, __file__, "--run", str(program)], runs=RUNS)
    base = measure([sys.executable, __file__, "--floor", str(program)], runs=RUNS)
    print(f"floor   {base['median_s']:.3f} s   (Polars lazy aggregate of the same files)")
    print(f"ratio   {result['median_s'] / base['median_s']:.2f}×  (nanokit median / floor "
          "median)")
    print(f"median  {result['median_s']:.3f} s   (target ≤ {TARGET_SECONDS:.0f} s)")
    print(f"min     {result['min_s']:.3f} s")
    print(f"max     {result['max_s']:.3f} s")
    print(f"peak    {result['peak_rss_mib']:.1f} MiB (target ≤ {TARGET_MIB:.0f} MiB)")
    if any(result["returncodes"]):
        print(f"bench/kpis.py: a run exited {result['returncodes']}; run "
              f"`nanokit check --root {program}` to see why", file=sys.stderr)
        return 1
    return 0 if (result["median_s"] <= TARGET_SECONDS
                 and result["peak_rss_mib"] <= TARGET_MIB) else 1


if __name__ == "__main__":
    sys.exit(main())
