"""Canonical post snapshots: any file whose header has `post_url` (SPEC §3)."""

from __future__ import annotations

import polars as pl

from builder.load.importers.base import (
    FILE_LINE,
    ColumnRule,
    ImportContext,
    Imported,
    all_true,
    complete,
    from_first_day,
    header_problem,
    iso_date,
    nonnegative,
    parse_columns,
    parse_date,
    parse_int,
    read_strings,
    read_typed,
)
from builder.load.importers.source import MetricFile
from builder.model.common import Platform
from builder.model.program import POSTS_SCHEMA

NAME = "posts snapshots"
COLUMNS = ("date", "creator", "platform", "deliverable", "post_url", "impressions", "reach",
           "likes", "comments", "shares", "saves", "video_views", "clicks")
COUNTS = COLUMNS[5:]
_PLATFORMS = [p.value for p in Platform]


def matches(header: list[str]) -> bool:
    return "post_url" in header


def read(file: MetricFile, ctx: ImportContext) -> Imported:
    rel = file.rel
    roster = list(ctx.roster()) if ctx.spec else None
    well_formed = _read_well_formed(file, roster)
    if well_formed is not None:
        return Imported(posts=well_formed)
    frame = read_strings(file.data)
    header = [c for c in frame.columns if c != "line"]
    if any(c not in header for c in COLUMNS):
        return Imported(problems=[header_problem(rel, header, ",".join(COLUMNS))])

    def text(column: str) -> pl.Expr:
        value = pl.col(column).str.strip_chars()
        return pl.when(value != "").then(value)

    platform = pl.col("platform").str.strip_chars().str.to_lowercase()
    creator = pl.col("creator").str.strip_chars()
    rules = [
        ColumnRule("date", parse_date("date"), "a date (YYYY-MM-DD)",
                   "Write a real calendar date as YYYY-MM-DD.", allow_blank=False),
        ColumnRule("creator", pl.when(creator.is_in(roster)).then(creator) if roster is not None
                   else pl.when(creator != "").then(creator),
                   f"a creator on the roster of '{ctx.slug}'" if roster is not None
                   else "a creator's handle",
                   "Use the handle of a creator in campaign.yml's `creators`.", allow_blank=False),
        ColumnRule("platform", pl.when(platform.is_in(_PLATFORMS)).then(platform), "a platform",
                   f"Use one of: {', '.join(_PLATFORMS)}.", allow_blank=False),
        ColumnRule("post_url", text("post_url"), "a post URL",
                   "Paste the public link of the post.", allow_blank=False),
        ColumnRule("deliverable", text("deliverable"), "", ""),
        *(ColumnRule(c, parse_int(c), "a whole number of zero or more",
                     "Write a whole number of zero or more without separators (blank: not "
                     "reported).")
          for c in COUNTS),
    ]
    parsed, problems = parse_columns(frame, rules, rel)
    posts = parsed.with_columns(pl.lit(rel).alias("source"))
    posts = posts.drop_nulls(["date", "creator", "platform", "post_url"])
    return Imported(posts=posts.select(list(POSTS_SCHEMA)).cast(POSTS_SCHEMA),  # type: ignore[arg-type]
                    problems=problems)


def _read_well_formed(file: MetricFile, roster: list[str] | None) -> pl.DataFrame | None:
    """The posts if every cell is valid as written (platforms in lower case), the counts parsed
    by the CSV reader (a blank cell is null: not reported); else None."""
    frame = read_typed(file.data, dict.fromkeys(COUNTS, pl.Int64()))
    if frame is None or any(c not in frame.columns for c in COLUMNS):
        return None
    posts = frame.select(
        iso_date(pl.col("date")), "creator", "platform",
        "deliverable", "post_url", *COUNTS, pl.lit(file.rel).alias("source"), FILE_LINE)
    on_roster = [pl.col("creator").is_in(roster)] if roster is not None else []
    if not (complete(posts, "date", "creator", "post_url") and from_first_day(posts["date"])
            and nonnegative(posts, COUNTS)
            and all_true(posts, pl.col("platform").is_in(_PLATFORMS), *on_roster)):
        return None
    return posts  # every column already has its POSTS_SCHEMA type
