"""TikTok Studio `Content.csv` (Analytics → Download data), as CSV or `.xlsx`, SPEC §3.

One row per video with its totals so far. Its dates have no year (`"February 28"`), so the
snapshot date comes from the file or folder name. The creator is the account in the video
link (`https://www.tiktok.com/@<account>/video/<id>`). Like an Instagram account export it holds
every video of the account: only those whose link is a draft's `post_url`, or whose title holds
the creator's promo code or a `must_hashtag`, count. TikTok reports no reach, impressions, saves
or clicks; a cell may say `undefined`: not reported either.
"""

from __future__ import annotations

import re

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

NAME = "TikTok Studio content export"
SIGNATURE = ("Video link", "Total likes", "Total views")
METRICS = {"likes": "Total likes", "comments": "Total comments", "shares": "Total shares",
           "video_views": "Total views"}
_ACCOUNT = re.compile(r"tiktok\.com/@([^/?#]+)", re.IGNORECASE)


def matches(header: list[str]) -> bool:
    return all(column in header for column in SIGNATURE)


def read(file: MetricFile, ctx: ImportContext) -> Imported:
    rel = file.rel
    taken = snapshot_date(rel)
    if taken is None:
        return Imported(problems=[Problem(
            rel, None, None, "error", "snapshot-date",
            "neither the file name nor its folder has a date: TikTok's dates have no year, so "
            "a TikTok Studio export cannot say when it was taken",
            "Rename the file or its folder with the day it was downloaded, e.g. "
            "'Content 2026-03-20.csv'.")])
    header, rows = read_rows(file)
    problems = missing_columns(rel, header, METRICS,
                               "Download the data again from TikTok Studio.")
    accounts = ctx.accounts.get("tiktok", {})
    roster = ctx.roster()
    published = {post_key(d.meta.post_url): d for d in ctx.drafts if d.meta.post_url}
    cells = CellProblems(rel)
    reported: set[str] = set()
    columns: dict[str, list[object]] = {name: [] for name in POSTS_SCHEMA}
    left_out = 0
    for row in rows:
        link = row.get("Video link")
        account = _ACCOUNT.search(link)
        if account is None:
            cells.add(row.line, "Video link", f"{link!r} is not a TikTok video link" if link
                      else "a blank cell is not a TikTok video link",
                      "Download the data again from TikTok Studio.")
            continue
        username = account.group(1).lower()
        handle = accounts.get(username)
        if handle is None or (ctx.spec and handle not in roster):
            if username not in reported:
                reported.add(username)
                problems.append(account_problem(rel, row.line, "Video link", "TikTok",
                                                username, handle, ctx.slug))
            continue
        draft = published.get(post_key(link))
        if draft is None and not ctx.belongs(handle, row.get("Video title")):
            left_out += 1
            continue
        values = {
            "date": taken, "creator": handle, "platform": "tiktok",
            "deliverable": draft.deliverable if draft and draft.handle == handle else None,
            "post_url": link, "impressions": None, "reach": None,
            **{name: cells.count(row, column) for name, column in METRICS.items()},
            "saves": None, "clicks": None, "source": rel, "line": row.line,
        }
        for name, value in values.items():
            columns[name].append(value)
    if left_out:
        problems.append(left_out_problem(rel, left_out, len(rows), "videos", "link", "title"))
    return Imported(posts=pl.DataFrame(columns, schema=POSTS_SCHEMA),
                    problems=problems + cells.finish())

