#!/usr/bin/env python3
"""Time `nanokit build` and `nanokit serve` on the reference large program (SPEC §15).

Usage: python bench/build.py [--runs N] [--skip-team] [--skip-all] [--skip-serve] [--root DIR]

- team site: `nanokit build --audience team` (contracts already cached by a warm-up run), its
  size and heaviest page;
- every audience: `nanokit build --audience all`;
- serve: seconds from saving a changed profile.yml until the served media kit shows the change.
"""

from __future__ import annotations

import argparse
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

from _timing import large_program, measure


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8", errors="replace"))
    except OSError:
        return ""


def _wait_for(url: str, text: str, timeout: float) -> float | None:
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if text in _fetch(url):
            return time.perf_counter() - started
        time.sleep(0.05)
    return None


Edit = Callable[[str, int], tuple[str, str]]
"""(original text, run) -> (edited text, what the page shows once it is rebuilt)."""


def edit_bio(original: str, run: int) -> tuple[str, str]:
    token = f"benchmark-edit-{run}"
    return original.replace("bio: ", f"bio: {token} ", 1), token


def edit_budget(original: str, run: int) -> tuple[str, str]:
    amount = int(re.search(r"^  amount: (\d+)$", original, re.M)[1])  # type: ignore[index]
    new = amount + run + 1
    return original.replace(f"  amount: {amount}\n", f"  amount: {new}\n", 1), f"{new:,}.00"


def time_serve(exe: str, program: Path, runs: int) -> dict[str, list[float]]:
    """Edit a creator's bio and a campaign's budget `runs` times each; how long until the
    served page shows each edit."""
    profile = sorted((program / "creators").glob("*/profile.yml"))[0]
    campaign = sorted((program / "campaigns").glob("*/campaign.yml"))[0]
    edits: dict[str, tuple[Path, Edit, str]] = {
        "profile.yml bio": (profile, edit_bio, f"creators/{profile.parent.name}/"),
        "campaign.yml budget": (campaign, edit_budget, f"campaigns/{campaign.parent.name}/"),
    }
    port = _free_port()
    server = subprocess.Popen([exe, "serve", "--root", str(program),
                               "--dev-addr", f"127.0.0.1:{port}"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    latencies: dict[str, list[float]] = {name: [] for name in edits}
    try:
        if _wait_for(f"http://127.0.0.1:{port}/", "</html>", 300) is None:
            raise RuntimeError("nanokit serve did not come up")
        for name, (path, edit, page) in edits.items():
            original = path.read_text(encoding="utf-8")
            try:
                for run in range(runs):
                    text, shown = edit(original, run)
                    path.write_text(text, encoding="utf-8")
                    seen = _wait_for(f"http://127.0.0.1:{port}/{page}", shown, 120)
                    if seen is None:
                        raise RuntimeError(f"{name}: the edit never showed up")
                    latencies[name].append(seen)
                    time.sleep(1)
            finally:
                path.write_text(original, encoding="utf-8")
                time.sleep(1)
    finally:
        server.terminate()
        server.wait(10)
    return latencies


PAGE_LIMIT = 300 * 1024
"""Bytes a page may weigh (its size follows its people, not its posts)."""


def site_size(site: Path) -> str:
    """The site's weight, its heaviest page and how many pages exceed PAGE_LIMIT."""
    files = [path for path in site.rglob("*") if path.is_file()]
    pages = sorted((path.stat().st_size, path.relative_to(site).as_posix())
                   for path in files if path.suffix == ".html")
    heaviest = pages[-1] if pages else (0, "none")
    over = sum(1 for size, _ in pages if size > PAGE_LIMIT)
    total = sum(path.stat().st_size for path in files)
    return (f"team site: {total / 1e6:.1f} MB in {len(files)} files; heaviest page "
            f"{heaviest[1]} {heaviest[0] / 1024:.0f} KB; {over} page(s) over "
            f"{PAGE_LIMIT // 1024} KB")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--root", type=Path, help="program to time (default: the large one)")
    parser.add_argument("--skip-team", action="store_true")
    parser.add_argument("--skip-all", action="store_true")
    parser.add_argument("--skip-serve", action="store_true")
    args = parser.parse_args()
    exe = shutil.which("nanokit")
    if exe is None:
        print("bench/build.py: `nanokit` is not installed; run ./setup.sh", file=sys.stderr)
        return 2
    program = args.root or large_program()
    with tempfile.TemporaryDirectory(prefix="nanokit-bench-") as scratch:
        out = str(Path(scratch) / "site")
        measure([exe, "build", "--root", str(program), "--out", out], runs=1)  # warm contracts
        if not args.skip_team:
            team = measure([exe, "build", "--root", str(program), "--out", out], runs=args.runs)
            print(f"team site: median {team['median_s']:.2f} s, "
                  f"peak {team['peak_rss_mib']:.0f} MiB")
            print(site_size(Path(out)))
        if not args.skip_all:
            every = measure([exe, "build", "--root", str(program), "--out", out,
                             "--audience", "all"], runs=args.runs)
            print(f"all audiences: median {every['median_s']:.2f} s, "
                  f"peak {every['peak_rss_mib']:.0f} MiB (largest process)")
    if not args.skip_serve:
        for name, latencies in time_serve(exe, program, args.runs).items():
            print(f"serve, {name} changed: median {statistics.median(latencies):.2f} s "
                  f"({', '.join(f'{s:.2f}' for s in latencies)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
