"""Instagram content export from Meta Business Suite, SPEC §3.

The file holds every post of one or more accounts with lifetime metrics; it has no snapshot date
(its `Date` column says `Lifetime`), so the date comes from the file name: Meta's own name as
downloaded (`May-25-2026_Jun-21-2026_<id>.csv`, the range's end) or an ISO date. Only posts that
belong to the campaign count: a permalink that is a draft's `post_url`, or a description holding
the creator's promo code or one of the campaign's `must_hashtag`. The export's Views are the
post's impressions (SPEC §3); it reports neither video views nor clicks.
"""

from __future__ import annotations

import polars as pl

from builder.load.importers.base import ImportContext, Imported
from builder.load.importers.exports import (
    CellProblems,
    account_problem,
    left_out_problem,
    missing_columns,
    read_rows,
    snapshot_date,
)
from builder.load.importers.source import MetricFile
from builder.model.program import POSTS_SCHEMA
from builder.post_url import post_key
from builder.problems import Problem

NAME = "Instagram content export"
SIGNATURE = ("Post ID", "Account username", "Permalink", "Publish time")
IMPRESSIONS = ("Views", "Impressions")
"""Meta replaced `Impressions` by `Views` in April 2025; older exports have the former."""
METRICS = {"reach": "Reach", "likes": "Likes", "comments": "Comments", "shares": "Shares",
           "saves": "Saves"}


def matches(header: list[str]) -> bool:
    return all(column in header for column in SIGNATURE)


def read(file: MetricFile, ctx: ImportContext) -> Imported:
    rel = file.rel
    taken = snapshot_date(rel)
    if taken is None:
        return Imported(problems=[Problem(
            rel, None, None, "error", "snapshot-date",
            "the file name has no date: an Instagram content export has no snapshot date of its "
            "own (its Date column says Lifetime)",
            "Keep the name Meta gave the download (e.g. May-25-2026_Jun-21-2026_<id>.csv) or "
            "name it with the day it was exported, e.g. instagram-2026-03-20.csv.")])
    header, rows = read_rows(file)
    impressions = next((c for c in IMPRESSIONS if c in header), None)
    problems = missing_columns(rel, header, {"impressions": impressions or "Views",
                                             **METRICS},
                               "Export again with every metric column selected.")
    accounts = ctx.accounts.get("instagram", {})
    roster = ctx.roster()
    published = {post_key(d.meta.post_url): d for d in ctx.drafts if d.meta.post_url}
    cells = CellProblems(rel)
    reported: set[str] = set()
    columns: dict[str, list[object]] = {name: [] for name in POSTS_SCHEMA}
    left_out = 0
    for row in rows:
        username = row.get("Account username").lstrip("@")
        handle = accounts.get(username.lower())
        if handle is None or (ctx.spec and handle not in roster):
            if username.lower() not in reported:
                reported.add(username.lower())
                problems.append(account_problem(rel, row.line, "Account username", "Instagram",
                                                username, handle, ctx.slug))
            continue
        permalink = row.get("Permalink")
        if not permalink:
            cells.add(row.line, "Permalink", "a blank cell is not a post URL",
                      "Export the file again from Meta Business Suite.")
            continue
        draft = published.get(post_key(permalink))
        if draft is None and not ctx.belongs(handle, row.get("Description")):
            left_out += 1
            continue
        values = {
            "date": taken, "creator": handle, "platform": "instagram",
            "deliverable": draft.deliverable if draft and draft.handle == handle else None,
            "post_url": permalink, "impressions": cells.count(row, impressions),
            **{name: cells.count(row, column) for name, column in METRICS.items()},
            "video_views": None, "clicks": None, "source": rel, "line": row.line,
        }
        for name, value in values.items():
            columns[name].append(value)
    if left_out:
        problems.append(left_out_problem(rel, left_out, len(rows), "posts", "permalink",
                                         "description"))
    return Imported(posts=pl.DataFrame(columns, schema=POSTS_SCHEMA),
                    problems=problems + cells.finish())

