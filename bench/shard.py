#!/usr/bin/env python3
"""Audiences per minute of `nanokit build --audience all` with private links, whole and sharded.

Usage: python bench/shard.py [--runs N] [--shards N] [--root DIR] [--warm]

Times, as whole processes with contracts already cached by a warm-up build:
- the whole build (every audience, NANOKIT_LINK_SECRET set);
- each shard K/N in turn, as one CI job of a matrix would run it.
Prints audiences per minute of wall time, and the CPU seconds (user + system, the process and
its workers) each took: on a machine shared with other work the wall time says little, while
CPU seconds / 2 is what the build takes on 2 idle cores. docs/hosting.md's advice uses these.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping
from pathlib import Path

from _timing import large_program

from builder.audience import all_audiences
from builder.load.program import load_program
from builder.shard import Shard

BENCH_SECRET = "bench-secret-not-for-any-real-site-0123456789"


def measure(cmd: list[str], runs: int, env: Mapping[str, str]) -> tuple[float, float]:
    """Median wall seconds and median CPU seconds of `runs` whole-process runs of `cmd`."""
    walls, cpus = [], []
    for _ in range(runs):
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        walls.append(time.perf_counter() - started)
        # A child's usage includes that of the workers it waited for.
        cpus.append(usage.ru_utime + usage.ru_stime)
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"{' '.join(cmd)} failed; run it by hand to see why")
    return statistics.median(walls), statistics.median(cpus)


def _rate(count: int, seconds: float) -> str:
    return f"{count / seconds * 60:.0f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--shards", type=int, default=4)
    parser.add_argument("--root", type=Path, help="program to time (default: the large one)")
    parser.add_argument("--warm", action="store_true",
                        help="the contract cache is warm already: skip the warm-up build")
    args = parser.parse_args()
    exe = shutil.which("nanokit")
    if exe is None:
        print("bench/shard.py: `nanokit` is not installed; run ./setup.sh", file=sys.stderr)
        return 2
    program = args.root or large_program()
    audiences = all_audiences(load_program(program)[0])
    env = {**os.environ, "NANOKIT_LINK_SECRET": BENCH_SECRET}
    with tempfile.TemporaryDirectory(prefix="nanokit-bench-") as scratch:
        out = str(Path(scratch) / "site")
        build = [exe, "build", "--root", str(program), "--out", out, "--audience", "all"]
        if not args.warm:
            measure(build, runs=1, env=env)  # fill the contract cache
        wall, cpu = measure(build, args.runs, env)
        print(f"whole build: {len(audiences)} audiences in {wall:.1f} s wall, {cpu:.1f} s CPU: "
              f"{_rate(len(audiences), wall)} audiences/min as measured, "
              f"{_rate(len(audiences), cpu / 2)} on 2 idle cores")
        for k in range(1, args.shards + 1):
            shard = Shard(k, args.shards)
            count = len(shard.share(audiences))
            wall, cpu = measure([*build, "--shard", str(shard)], args.runs, env)
            print(f"shard {shard}: {count} audiences in {wall:.1f} s wall, {cpu:.1f} s CPU: "
                  f"{_rate(count, wall)} audiences/min as measured, "
                  f"{_rate(count, cpu / 2)} on 2 idle cores")
    return 0


if __name__ == "__main__":
    sys.exit(main())
