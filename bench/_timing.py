"""Shared helpers for bench/ scripts: whole-process timing and the cached large program."""

from __future__ import annotations

import hashlib
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
MAKE_PROGRAM = BENCH / "make_program.py"


def measure(
    cmd: list[str],
    runs: int = 5,
    cwd: str | os.PathLike[str] | None = None,
    env: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """Run cmd as a whole process `runs` times; return wall-time stats and peak RSS.

    Output of the command is discarded. The result has median_s, min_s, max_s,
    cpu_median_s (user + system time of the process and its threads, which a busy machine
    distorts less than wall time), peak_rss_mib (largest ru_maxrss of any run, from os.wait4),
    times, cpu_times and returncodes.
    """
    times: list[float] = []
    cpu_times: list[float] = []
    codes: list[int] = []
    peak_kib = 0
    for _ in range(runs):
        started = time.perf_counter()
        proc = subprocess.Popen(
            cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        _, status, usage = os.wait4(proc.pid, 0)
        times.append(time.perf_counter() - started)
        cpu_times.append(usage.ru_utime + usage.ru_stime)
        proc.returncode = os.waitstatus_to_exitcode(status)
        codes.append(proc.returncode)
        peak_kib = max(peak_kib, usage.ru_maxrss)  # KiB on Linux
    result: dict[str, Any] = {
        "cmd": cmd,
        "runs": runs,
        "median_s": statistics.median(times),
        "min_s": min(times),
        "max_s": max(times),
        "cpu_median_s": statistics.median(cpu_times),
        "peak_rss_mib": peak_kib / 1024,
        "times": times,
        "cpu_times": cpu_times,
        "returncodes": codes,
    }
    failed = sum(1 for c in codes if c != 0)
    print(
        f"{' '.join(cmd)}: median {result['median_s']:.3f}s (min {result['min_s']:.3f}s, "
        f"max {result['max_s']:.3f}s; CPU {result['cpu_median_s']:.3f}s) over {runs} runs, "
        f"peak RSS {result['peak_rss_mib']:.1f} MiB"
        + (f", {failed} run(s) exited non-zero {sorted(set(codes))}" if failed else "")
    )
    return result


def large_program(path: str | os.PathLike[str] = "bench/.large") -> Path:
    """Return <path>/program, generating it with make_program.py defaults if missing or stale.

    A relative path is taken from the repository root. The cache is keyed by the generator's
    source, so editing make_program.py regenerates it.
    """
    base = Path(path)
    if not base.is_absolute():
        base = ROOT / base
    program = base / "program"
    stamp = base / "stamp"
    key = hashlib.sha256(MAKE_PROGRAM.read_bytes()).hexdigest()
    if program.is_dir() and stamp.is_file() and stamp.read_text().strip() == key:
        return program
    print(f"generating the large program into {program} ...", file=sys.stderr)
    shutil.rmtree(program, ignore_errors=True)
    stamp.unlink(missing_ok=True)
    tmp = base / "program.tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    base.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [sys.executable, str(MAKE_PROGRAM), str(tmp)], check=True, stdout=subprocess.DEVNULL
    )
    tmp.rename(program)
    stamp.write_text(key + "\n")
    return program
