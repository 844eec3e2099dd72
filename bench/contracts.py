#!/usr/bin/env python3
"""Time contract rendering on the reference large program (SPEC §15, issue 5).

Usage: python bench/contracts.py [--workers 2] [--cache DIR]

Measures, in one process after loading the program: a cold render of every contract into an
empty cache (target ≤ 60 s on 2 cores), a rebuild with every contract cached, and a rebuild after
one engagement's fee changed (exactly one contract must be rendered again). Then, as whole
processes (median of 3): loading the program alone, and loading it and rendering contracts when
one is missing from the cache, i.e. what contracts add to a rebuild with one change (target
≤ 3 s). Exit 1 if a rebuild renders the wrong number of contracts.
"""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
import time
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

from _timing import large_program, measure

from builder.load.program import load_program
from builder.model.program import Program
from builder.render.contracts.printing import render_contracts

COLD_TARGET_S = 60.0


class RenderCount(logging.Handler):
    """Reads "contracts: N rendered, M from the cache" from render_contracts' log."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.rendered = -1

    def emit(self, record: logging.LogRecord) -> None:
        self.rendered = int(record.getMessage().split()[1])


def with_one_fee_changed(program: Program) -> tuple[Program, str]:
    """The program with the first contracted engagement's fee raised by 1."""
    for slug in sorted(program.campaigns):
        campaign = program.campaigns[slug]
        for index, engagement in enumerate(campaign.spec.creators):
            if engagement.status.value in ("contracted", "delivered", "paid"):
                creators = list(campaign.spec.creators)
                creators[index] = engagement.model_copy(update={"fee": engagement.fee + Decimal(1)})
                spec = campaign.spec.model_copy(update={"creators": creators})
                campaigns = {**program.campaigns, slug: replace(campaign, spec=spec)}
                return replace(program, campaigns=campaigns), f"{slug}/{engagement.handle}"
    raise SystemExit("bench/contracts.py: the large program has no signed engagement")


def timed_render(program: Program, cache: Path, workers: int,
                 counter: RenderCount) -> tuple[float, int, int]:
    started = time.perf_counter()
    pdfs, problems = render_contracts(program, cache, workers=workers)
    elapsed = time.perf_counter() - started
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise SystemExit(f"bench/contracts.py: {errors[0].format_text()}")
    return elapsed, counter.rendered, len(pdfs)


def child(mode: str, root: Path, cache: Path) -> int:
    """One whole-process step for `measure`: load only, or render with one contract uncached."""
    program, _ = load_program(root)
    if mode == "one-missing":
        slug, handle = with_one_fee_changed(program)[1].split("/")
        # Dropping the cache entry costs the same as changing the engagement: one render.
        for entry in (cache / slug).glob(f"{handle}.*.pdf"):
            entry.unlink()
        render_contracts(program, cache)
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--cache", type=Path, default=None,
                        help="keep the contract cache in this folder between runs: the cold "
                             "figure is then that of the contracts it lacks")
    parser.add_argument("--child", nargs=3, metavar=("MODE", "ROOT", "CACHE"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args(sys.argv[2:] if sys.argv[0] == "-c" else None)
    if args.child:
        mode, root, cache = args.child
        return child(mode, Path(root), Path(cache))
    counter = RenderCount()
    logging.getLogger("builder.render.contracts").addHandler(counter)
    logging.getLogger("builder.render.contracts").setLevel(logging.INFO)

    root = large_program()
    started = time.perf_counter()
    program, _ = load_program(root)
    print(f"load        {time.perf_counter() - started:7.2f} s")
    ok = True
    with tempfile.TemporaryDirectory(prefix="nanokit-contracts-") as cache_dir:
        cache = args.cache or Path(cache_dir)
        cold, rendered, total = timed_render(program, cache, args.workers, counter)
        verdict = ("met" if cold <= COLD_TARGET_S else "MISSED") if rendered == total \
            else "not comparable: the others were cached"
        print(f"cold        {cold:7.2f} s  {rendered} of {total} contracts rendered, "
              f"{cold / max(rendered, 1) * 1000:.0f} ms each with {args.workers} workers "
              f"(target ≤ {COLD_TARGET_S:.0f} s: {verdict})")
        warm, rendered, total = timed_render(program, cache, args.workers, counter)
        print(f"cached      {warm:7.2f} s  {rendered} of {total} rendered")
        ok &= rendered == 0
        changed, which = with_one_fee_changed(program)
        one, rendered, total = timed_render(changed, cache, args.workers, counter)
        print(f"one change  {one:7.2f} s  {rendered} of {total} rendered ({which})")
        ok &= rendered == 1
        # Run as `python -c`, like the `nanokit` command whose main module imports little: a
        # worker process imports the main module again, and this file's imports are heavy.
        script = [sys.executable, "-c", "import sys; sys.path.insert(0, sys.argv[1]); "
                  "import contracts; sys.exit(contracts.main())",
                  str(Path(__file__).resolve().parent), "--child"]
        load_only = measure([*script, "load", str(root), str(cache)], runs=3)
        one_missing = measure([*script, "one-missing", str(root), str(cache)], runs=3)
        extra = one_missing["median_s"] - load_only["median_s"]
        print(f"rebuild     {extra:7.2f} s  added by contracts to a whole-process rebuild with one "
              f"change (target ≤ 3 s: {'met' if extra <= 3 else 'MISSED'})")
    if not ok:
        print("bench/contracts.py: a rebuild rendered the wrong number of contracts",
              file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
