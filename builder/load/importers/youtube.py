"""YouTube Studio `Table data.csv` (Advanced mode → Export), SPEC §3.

The export names neither the channel nor the day it was taken: it lives in
`metrics/<handle>/` and its date comes from the file or folder name. The first four columns are
fixed; the metric columns are whatever the user selected, so each is looked up by name.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from builder.load.importers.base import ImportContext, Imported
from builder.load.importers.exports import (
    CellProblems,
    missing_columns,
    read_rows,
    snapshot_date,
)
from builder.model.program import POSTS_SCHEMA
from builder.post_url import post_key, youtube_id
from builder.problems import Problem

NAME = "YouTube Studio table data"
SIGNATURE = ("Content", "Video title", "Video publish time")
WATCH_URL = "https://www.youtube.com/watch?v="
IMPRESSIONS = ("Impressions", "Thumbnail impressions")
"""Studio renamed `Impressions` to `Thumbnail impressions`; older exports have the former."""
OPTIONAL_METRICS = {"comments": "Comments added", "shares": "Shares"}
"""Counted when the user exported them; SPEC §3 requires only views, impressions and likes."""


def matches(header: list[str]) -> bool:
    return tuple(name.strip() for name in header[:3]) == SIGNATURE


def read(path: Path, rel: str, ctx: ImportContext) -> Imported:
    parts = rel.split("/")
    inner = parts[parts.index("metrics") + 1:-1]
    if not inner:
        return Imported(problems=[Problem(
            rel, None, None, "error", "export-folder",
            "a YouTube Studio export does not name its channel, so it must be in the folder of "
            "the creator: metrics/<handle>/",
            f"Move it to campaigns/{ctx.slug}/metrics/<handle>/.")])
    handle = inner[0]
    if ctx.spec.engagement(handle) is None:
        return Imported(problems=[Problem(
            rel, None, None, "error", "not-on-roster",
            f"the folder metrics/{handle}/ names no creator on the roster of '{ctx.slug}'",
            "Name the folder after the handle of a creator in campaign.yml's `creators`.")])
    taken = snapshot_date(rel)
    if taken is None:
        return Imported(problems=[Problem(
            rel, None, None, "error", "snapshot-date",
            "neither the file name nor its folder has a date: a YouTube Studio export does not "
            "say when it was taken",
            "Rename the file with the day it was exported, e.g. 'Table data 2026-10-30.csv'.")])
    header, rows = read_rows(path)
    impressions = next((c for c in IMPRESSIONS if c in header), None)
    problems = missing_columns(rel, header, ["Views", impressions or "Impressions", "Likes"],
                               "Export again with the column selected in YouTube Studio.")
    published = {post_key(d.meta.post_url): d.deliverable for d in ctx.drafts
                 if d.meta.post_url and d.handle == handle and youtube_id(d.meta.post_url)}
    cells = CellProblems(rel)
    columns: dict[str, list[object]] = {name: [] for name in POSTS_SCHEMA}
    for row in rows:
        # Studio prefixes ids that start with '-' with a space, so spreadsheets do not read
        # them as formulas.
        video = row.get("Content")
        if video == "Total":
            continue
        if not video:
            cells.add(row.line, "Content", "a blank cell is not a video id",
                      "Export the table again from YouTube Studio.")
            continue
        url = WATCH_URL + video
        values = {
            "date": taken, "creator": handle, "platform": "youtube",
            "deliverable": published.get(post_key(url)), "post_url": url,
            "impressions": cells.count(row, impressions) if impressions else 0,
            "reach": 0, "likes": cells.count(row, "Likes"),
            **{name: cells.count(row, column) for name, column in OPTIONAL_METRICS.items()},
            "saves": 0, "video_views": cells.count(row, "Views"), "clicks": 0,
            "source": rel, "line": row.line,
        }
        for name, value in values.items():
            columns[name].append(value)
    return Imported(posts=pl.DataFrame(columns, schema=POSTS_SCHEMA),
                    problems=problems + cells.finish())
