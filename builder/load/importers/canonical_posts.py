"""Canonical post snapshots: any file whose header has `post_url` (SPEC §3)."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from builder.load.importers.base import (
    ImportContext,
    Imported,
    cell_problems,
    header_problem,
    parse_date,
    parse_int,
    read_strings,
)
from builder.model.common import Platform
from builder.model.program import POSTS_SCHEMA

NAME = "posts snapshots"
COLUMNS = ("date", "creator", "platform", "deliverable", "post_url", "impressions", "reach",
           "likes", "comments", "shares", "saves", "video_views", "clicks")
COUNTS = COLUMNS[5:]
_COUNT_HINT = "Write a whole number of zero or more without separators (blank counts as 0)."


def matches(header: list[str]) -> bool:
    return "post_url" in header


def read(path: Path, rel: str, ctx: ImportContext) -> Imported:
    frame = read_strings(path)
    header = [c for c in frame.columns if c != "line"]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        return Imported(problems=[header_problem(rel, header, ",".join(COLUMNS))])
    result = Imported()
    columns: dict[str, pl.Expr] = {}
    expr, found = cell_problems(frame, "date", parse_date("date"), rel, "a date (YYYY-MM-DD)",
                                "Write a real calendar date as YYYY-MM-DD.", allow_blank=False)
    columns["date"], result.problems = expr, found
    for column in COUNTS:
        expr, found = cell_problems(frame, column, parse_int(column), rel,
                                    "a whole number of zero or more", _COUNT_HINT, True)
        columns[column] = expr.fill_null(0)
        result.problems += found
    platforms = [p.value for p in Platform]
    platform = pl.col("platform").str.strip_chars().str.to_lowercase()
    expr, found = cell_problems(frame, "platform", pl.when(platform.is_in(platforms)).then(platform),
                                rel, "a platform", f"Use one of: {', '.join(platforms)}.", False)
    columns["platform"] = expr
    result.problems += found
    roster = [e.handle for e in ctx.spec.creators]
    creator = pl.col("creator").str.strip_chars()
    expr, found = cell_problems(frame, "creator", pl.when(creator.is_in(roster)).then(creator),
                                rel, f"a creator on the roster of '{ctx.slug}'",
                                "Use the handle of a creator in campaign.yml's `creators`.", False)
    columns["creator"] = expr
    result.problems += found
    url = pl.col("post_url").str.strip_chars()
    expr, found = cell_problems(frame, "post_url", pl.when(url != "").then(url), rel,
                                "a post URL", "Paste the public link of the post.", False)
    columns["post_url"] = expr
    result.problems += found
    deliverable = pl.col("deliverable").str.strip_chars()
    columns["deliverable"] = pl.when(deliverable != "").then(deliverable)
    posts = frame.select(
        *(columns[c].alias(c) for c in COLUMNS),
        pl.lit(rel).alias("source"), pl.col("line"),
    )
    result.posts = posts.drop_nulls(["date", "creator", "platform", "post_url"]).cast(
        POSTS_SCHEMA)  # type: ignore[arg-type]
    return result
