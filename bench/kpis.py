#!/usr/bin/env python3
"""Time KPI ingest + compute on the reference large program (median of 5 whole-process runs).

Each run is a fresh process that loads the program (YAML and every metric file), computes the
KPIs of every campaign and the portfolio, and serialises every kpis/<slug>.json in memory: what
a build does before it writes KPI files. The target (issue 6) is a median of at most 2 s and a
peak RSS of at most 1 GiB.

Usage: python bench/kpis.py            measure and print the summary (exit 1 over target)
       python bench/kpis.py --run DIR  one run on DIR (what is measured)
"""

from __future__ import annotations

import sys
from pathlib import Path

from _timing import large_program, measure

RUNS = 5
TARGET_SECONDS = 2.0
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


def main() -> int:
    if sys.argv[1:2] == ["--run"] and len(sys.argv) == 3:
        return run(Path(sys.argv[2]))
    program = large_program()
    result = measure([sys.executable, __file__, "--run", str(program)], runs=RUNS)
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
