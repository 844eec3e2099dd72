#!/usr/bin/env python3
"""Time KPI ingest + compute on the reference large program, whole processes and in-process.

Whole process (median of 5 runs): a fresh process imports nanokit, loads the program (some
560 YAML files and every metric file, with every check), computes the KPIs of every campaign
and the portfolio, and serialises every kpis/<slug>.json in memory: what a build does before
it writes KPI files.

In-process (median of 5 runs, each in a fresh process after it loaded the program): the
metric ingest + compute of the 1,000,000 rows alone — every metric file read and checked again
(a fresh memo, two threads as the loader reads them), the orders' checks, the KPIs of every
campaign and the portfolio, serialised. Python's start, imports and YAML are not in it.

The target (issue 13) is at most 1 s for ingest + compute and a peak RSS of at most 1 GiB.
Both measures are printed with the verdict for each; the exit status follows the in-process
ingest + compute (what the target names) and the peak RSS of the whole-process runs.

Each measure has a floor: a plain Polars lazy query over the same metric files (latest
snapshot per post, sums per campaign and creator, distinct orders per code), with no
validation, no attribution rules and no YAML — as whole processes, and in the same process as
the in-process runs. nanokit's median over the floor's says what the checks and rules cost on
top of reading the numbers; the machine's load cancels out of it better than out of either
time alone. Wall and CPU time (user + system, of every thread) are both shown: on a busy
machine CPU time is the steadier one.

Usage: python bench/kpis.py               measure and print the summary
       python bench/kpis.py --run DIR     one whole-process run on DIR (what is measured)
       python bench/kpis.py --floor DIR   one whole-process run of the floor query on DIR
       python bench/kpis.py --phases DIR  one in-process measurement on DIR (prints JSON)
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from _timing import large_program, measure

if TYPE_CHECKING:
    from builder.model.program import Campaign, Program

RUNS = 5
TARGET_SECONDS = 1.0
TARGET_MIB = 1024.0


def run(root: Path) -> int:
    """Ingest and compute once; exit 1 if the program has errors (the figures would be wrong)."""
    from builder.kpi import compute_portfolio, compute_program_kpis, kpi_json, kpi_json_text
    from builder.load.program import load_program
    from builder.problems import has_errors

    program, problems = load_program(root)
    kpis = compute_program_kpis(program)
    compute_portfolio(program, kpis)
    size = sum(len(kpi_json_text(kpi_json(k))) for k in kpis.values())
    print(f"{len(kpis)} campaigns, {size:,} bytes of JSON")
    return 1 if has_errors(problems) else 0


def ingest_and_compute(root: Path, program: Program) -> int:
    """Read and check every metric file of `program` again, then compute and serialise its
    KPIs; returns the bytes of JSON."""
    from concurrent.futures import ThreadPoolExecutor
    from dataclasses import replace

    from builder.kpi import (
        compute_portfolio,
        compute_program_kpis,
        kpi_json,
        kpi_json_text,
        order_problems,
    )
    from builder.load.importers import ImportContext
    from builder.load.metrics import platform_accounts, read_campaign_metrics
    from builder.load.source import WorkingTree
    from builder.memo import Memo

    source, memo = WorkingTree(root), Memo()
    accounts = platform_accounts(program.creators)

    def ingest(campaign: Campaign) -> Campaign:
        ctx = ImportContext(source=source, slug=campaign.slug, spec=campaign.spec,
                            drafts=campaign.drafts, accounts=accounts)
        metrics, _ = read_campaign_metrics(ctx, memo)
        return replace(campaign, metrics=metrics)

    with ThreadPoolExecutor(max_workers=2) as pool:
        campaigns = list(pool.map(ingest, program.campaigns.values()))
    ingested = replace(program, campaigns={c.slug: c for c in campaigns})
    order_problems(ingested)
    kpis = compute_program_kpis(ingested)
    compute_portfolio(ingested, kpis)
    return sum(len(kpi_json_text(kpi_json(k))) for k in kpis.values())


def floor_query(root: Path) -> tuple[int, int]:
    """The same files through a plain Polars lazy aggregate: what reading the numbers costs.
    Returns how many creator sums and code sums it found."""
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
    return sums.height, sales.height


def floor(root: Path) -> int:
    sums, sales = floor_query(root)
    print(f"{sums} creator sums, {sales} code sums")
    return 0


def _timed(work: Callable[[], object]) -> tuple[float, float]:
    """Wall and CPU seconds (every thread of the process) of one call."""
    wall, cpu = time.perf_counter(), time.process_time()
    work()
    return time.perf_counter() - wall, time.process_time() - cpu


def phases(root: Path) -> int:
    """Load the program, then time ingest + compute and the floor query in this process."""
    from builder.load.program import load_program

    program, _ = load_program(root)
    wall, cpu = _timed(lambda: ingest_and_compute(root, program))
    floor_wall, floor_cpu = _timed(lambda: floor_query(root))
    print(json.dumps({"wall": wall, "cpu": cpu, "floor_wall": floor_wall,
                      "floor_cpu": floor_cpu}))
    return 0


def measure_phases(program: Path, runs: int) -> dict[str, list[float]]:
    """`runs` in-process measurements, each in a fresh process."""
    found: dict[str, list[float]] = {}
    for _ in range(runs):
        done = subprocess.run([sys.executable, __file__, "--phases", str(program)],
                              capture_output=True, text=True, check=True)
        for key, value in json.loads(done.stdout.splitlines()[-1]).items():
            found.setdefault(key, []).append(value)
    return found


def _verdict(seconds: float) -> str:
    return "meets the target" if seconds <= TARGET_SECONDS else "over the target"


def main() -> int:
    modes = {"--run": run, "--floor": floor, "--phases": phases}
    if sys.argv[1:2] and sys.argv[1] in modes and len(sys.argv) == 3:
        return modes[sys.argv[1]](Path(sys.argv[2]))
    program = large_program()
    result = measure([sys.executable, __file__, "--run", str(program)], runs=RUNS)
    base = measure([sys.executable, __file__, "--floor", str(program)], runs=RUNS)
    inner = measure_phases(program, RUNS)
    median = {key: statistics.median(values) for key, values in inner.items()}
    print("whole process: import, YAML, every metric file and check, KPIs, JSON")
    print(f"  median  {result['median_s']:.3f} s   (min {result['min_s']:.3f}, max "
          f"{result['max_s']:.3f}; CPU {result['cpu_median_s']:.3f} s) — "
          f"{_verdict(result['median_s'])} of ≤ {TARGET_SECONDS:.0f} s")
    print(f"  floor   {base['median_s']:.3f} s   (CPU {base['cpu_median_s']:.3f} s; Polars lazy "
          "aggregate of the same files)")
    print(f"  ratio   {result['median_s'] / base['median_s']:.2f}×  (CPU "
          f"{result['cpu_median_s'] / base['cpu_median_s']:.2f}×)")
    print(f"  peak    {result['peak_rss_mib']:.1f} MiB (target ≤ {TARGET_MIB:.0f} MiB)")
    print("in-process: ingest + compute of the 1,000,000 metric rows alone")
    print(f"  median  {median['wall']:.3f} s   (min {min(inner['wall']):.3f}, max "
          f"{max(inner['wall']):.3f}; CPU {median['cpu']:.3f} s) — "
          f"{_verdict(median['wall'])} of ≤ {TARGET_SECONDS:.0f} s")
    print(f"  floor   {median['floor_wall']:.3f} s   (CPU {median['floor_cpu']:.3f} s; the same "
          "query in the same process)")
    print(f"  ratio   {median['wall'] / median['floor_wall']:.2f}×  (CPU "
          f"{median['cpu'] / median['floor_cpu']:.2f}×)")
    if any(result["returncodes"]):
        print(f"bench/kpis.py: a run exited {result['returncodes']}; run "
              f"`nanokit check --root {program}` to see why", file=sys.stderr)
        return 1
    return 0 if (median["wall"] <= TARGET_SECONDS
                 and result["peak_rss_mib"] <= TARGET_MIB) else 1


if __name__ == "__main__":
    sys.exit(main())
