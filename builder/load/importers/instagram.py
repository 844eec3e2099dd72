"""Instagram content export from Meta Business Suite, SPEC §3.

The file holds every post of one or more accounts with lifetime metrics; it has no snapshot date
(its `Date` column says `Lifetime`), so the date comes from the file name. Only posts that belong
to the campaign count: a permalink that is a draft's `post_url`, or a description holding the
creator's promo code or one of the campaign's `must_hashtag`. The export's Views are the
post's impressions (SPEC §3); it has no separate video views or clicks, so both are 0.
"""

from __future__ import annotations

import re
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
from builder.post_url import post_key
from builder.problems import Problem

NAME = "Instagram content export"
SIGNATURE = ("Post ID", "Account username", "Permalink", "Publish time")
IMPRESSIONS = ("Views", "Impressions")
"""Meta replaced `Impressions` by `Views` in April 2025; older exports have the former."""
METRICS = {"reach": "Reach", "likes": "Likes", "comments": "Comments", "shares": "Shares",
           "saves": "Saves"}


def matches(header: list[str]) -> bool:
    names = {name.strip() for name in header}
    return all(column in names for column in SIGNATURE)


def read(path: Path, rel: str, ctx: ImportContext) -> Imported:
    taken = snapshot_date(rel)
    if taken is None:
        return Imported(problems=[Problem(
            rel, None, None, "error", "snapshot-date",
            "the file name has no date: an Instagram content export has no snapshot date of its "
            "own (its Date column says Lifetime)",
            "Rename the file with the day it was exported, e.g. instagram-2026-03-20.csv.")])
    header, rows = read_rows(path)
    impressions = next((c for c in IMPRESSIONS if c in header), None)
    problems = missing_columns(rel, header, [impressions or "Views", *METRICS.values()],
                               "Export again with every metric column selected.")
    accounts = ctx.instagram_accounts
    roster = {e.handle: e for e in ctx.spec.creators}
    published = {post_key(d.meta.post_url): d for d in ctx.drafts if d.meta.post_url}
    hashtags = [tag for tag in ctx.spec.disclosure.must_hashtag if tag.strip()]
    cells = CellProblems(rel)
    reported: set[str] = set()
    columns: dict[str, list[object]] = {name: [] for name in POSTS_SCHEMA}
    left_out = 0
    for row in rows:
        username = row.get("Account username").lstrip("@")
        handle = accounts.get(username.lower())
        if handle is None or handle not in roster:
            if username.lower() not in reported:
                reported.add(username.lower())
                problems.append(_account_problem(rel, row.line, username, handle, ctx.slug))
            continue
        permalink = row.get("Permalink")
        if not permalink:
            cells.add(row.line, "Permalink", "a blank cell is not a post URL",
                      "Export the file again from Meta Business Suite.")
            continue
        draft = published.get(post_key(permalink))
        promo_code = roster[handle].promo_code
        if draft is None and not _mentions(row.get("Description"),
                                           [promo_code, *hashtags] if promo_code else hashtags):
            left_out += 1
            continue
        values = {
            "date": taken, "creator": handle, "platform": "instagram",
            "deliverable": draft.deliverable if draft and draft.handle == handle else None,
            "post_url": permalink,
            "impressions": cells.count(row, impressions) if impressions else 0,
            **{name: cells.count(row, column) for name, column in METRICS.items()},
            "video_views": 0, "clicks": 0, "source": rel, "line": row.line,
        }
        for name, value in values.items():
            columns[name].append(value)
    if left_out:
        problems.append(Problem(
            rel, None, None, "notice", "rows-left-out",
            f"left out {left_out} of {len(rows)} rows: posts that are not part of this campaign "
            "(permalink not a draft's post_url; no promo code or must_hashtag in the description)",
            "Nothing to do if those posts are unrelated; otherwise set the draft's post_url."))
    return Imported(posts=pl.DataFrame(columns, schema=POSTS_SCHEMA),
                    problems=problems + cells.finish())



def _account_problem(rel: str, line: int, username: str, handle: str | None,
                     slug: str) -> Problem:
    if handle is None:
        return Problem(rel, line, None, "error", "unknown-account",
                       f"column Account username: no creator has the Instagram account "
                       f"'@{username}'",
                       "Add the account to the creator's profile.yml `platforms`, or remove "
                       "the account's rows from the export.")
    return Problem(rel, line, None, "error", "not-on-roster",
                   f"column Account username: '@{username}' is {handle}, who is not on the "
                   f"roster of '{slug}'",
                   "Add the creator to campaign.yml's `creators`, or move the file to their "
                   "campaign.")


def _mentions(text: str, needles: list[str]) -> bool:
    """Whether any needle stands in the text as a whole word or hashtag, in any case."""
    return any(re.search(rf"(?<!\w){re.escape(needle.strip())}(?!\w)", text, re.IGNORECASE)
               for needle in needles if needle.strip())
