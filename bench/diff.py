#!/usr/bin/env python3
"""Time `nanokit diff` on the reference large program (median of 5 whole-process runs).

A git repository under bench/.large/diff-repo holds the large program as commit `base` and a
typical pull request on top as `head` (one engagement's fee and a due date changed, one metric
file re-exported with more rows). Each run is a fresh `nanokit diff base head`: both revisions
are read straight from git and compared, KPIs included. The target (issue 12) is a median of at
most 5 s. Also timed: `nanokit diff base` against the working tree (a person previewing their
change), which reads HEAD from disk.

Usage: python bench/diff.py   (exit 2 if nanokit is not installed, 1 over target)
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from _timing import large_program, measure

RUNS = 5
TARGET_SECONDS = 5.0
GIT_ENV = {**os.environ, "GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@example.com",
           "GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "bench@example.com"}


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, env=GIT_ENV, check=True,
                   stdout=subprocess.DEVNULL)


def diff_repository(program: Path) -> Path:
    """bench/.large/diff-repo with commits `base` and `head`; made once per large program."""
    repo = program.parent / "diff-repo"
    stamp = program.parent / "stamp"
    if (repo / ".git").is_dir() and (repo / ".stamp").read_text() == stamp.read_text():
        return repo
    shutil.rmtree(repo, ignore_errors=True)
    shutil.copytree(program, repo)
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "base")
    _git(repo, "tag", "base")
    campaign = sorted((repo / "campaigns").iterdir())[0]
    spec = campaign / "campaign.yml"
    text = spec.read_text(encoding="utf-8")
    fee = text.index("fee: ")
    end = text.index("\n", fee)
    text = text[:fee] + "fee: 999" + text[end:]
    due = text.index("due: 2")
    text = text[:due + 5] + "2026-12-31" + text[text.index("\n", due):]
    spec.write_text(text, encoding="utf-8")
    metrics = sorted((campaign / "metrics").glob("*.csv"))[0]
    rows = metrics.read_text(encoding="utf-8").splitlines(keepends=True)
    metrics.write_text("".join(rows + rows[1:101]), encoding="utf-8")
    _git(repo, "commit", "-q", "-am", "head")
    _git(repo, "tag", "head")
    _git(repo, "checkout", "-q", "base")
    (repo / ".stamp").write_text(stamp.read_text())
    return repo


def main() -> int:
    exe = shutil.which("nanokit")
    if exe is None:
        print("bench/diff.py: `nanokit` is not installed; install the project first, "
              "e.g. `pip install -e .`", file=sys.stderr)
        return 2
    repo = diff_repository(large_program())
    revisions = measure([exe, "diff", "base", "head", "--root", str(repo)], runs=RUNS)
    working = measure([exe, "diff", "base", "--root", str(repo)], runs=RUNS)
    print(f"base..head     median {revisions['median_s']:.3f} s   "
          f"(target ≤ {TARGET_SECONDS:.0f} s)")
    print(f"base..on disk  median {working['median_s']:.3f} s")
    if any(revisions["returncodes"] + working["returncodes"]):
        print("bench/diff.py: a run failed; run it by hand to see why", file=sys.stderr)
        return 1
    return 0 if revisions["median_s"] <= TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
