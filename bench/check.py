#!/usr/bin/env python3
"""Time `nanokit check` on the reference large program (median of 5 whole-process runs).

Usage: python bench/check.py   (exit 2 if nanokit is not installed, 1 if check fails)
"""

from __future__ import annotations

import shutil
import sys

from _timing import large_program, measure

RUNS = 5


def main() -> int:
    """Generate the program if needed, time the check, print the summary."""
    exe = shutil.which("nanokit")
    if exe is None:
        print(
            "bench/check.py: `nanokit` is not installed (no `nanokit` on PATH); "
            "install the project first, e.g. `pip install -e .`",
            file=sys.stderr,
        )
        return 2
    program = large_program()
    result = measure([exe, "check", "--root", str(program)], runs=RUNS)
    print(f"median  {result['median_s']:.3f} s")
    print(f"min     {result['min_s']:.3f} s")
    print(f"max     {result['max_s']:.3f} s")
    print(f"peak    {result['peak_rss_mib']:.1f} MiB")
    if any(result["returncodes"]):
        print(
            f"bench/check.py: nanokit check exited {result['returncodes']}; "
            f"run `nanokit check --root {program}` to see why",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
