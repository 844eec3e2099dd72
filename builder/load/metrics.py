"""Read every metric file of a campaign through the importer that recognises it."""

from __future__ import annotations

import csv
from collections.abc import Mapping
from functools import partial

import polars as pl

from builder.load.importers import (
    IMPORTERS,
    SUPPORTED_EXPORTS,
    WORKBOOK_SUFFIX,
    ImportContext,
    open_metric_file,
)
from builder.memo import Memo
from builder.model.creator import Creator
from builder.model.program import CampaignMetrics, empty_orders, empty_posts
from builder.problems import Problem

METRIC_SUFFIXES = (".csv", WORKBOOK_SUFFIX)


def platform_accounts(creators: Mapping[str, Creator]) -> dict[str, dict[str, str]]:
    """Platform -> user name (lower case, without '@') -> creator handle."""
    accounts: dict[str, dict[str, str]] = {}
    for handle, creator in creators.items():
        for account in creator.profile.platforms:
            user = account.handle.strip().lstrip("@").lower()
            accounts.setdefault(account.platform.value, {})[user] = handle
    return accounts


_FileResult = tuple[pl.DataFrame | None, pl.DataFrame | None, list[Problem], bool]
"""posts, orders, problems, and whether the file was read as metrics."""


def read_campaign_metrics(ctx: ImportContext, memo: Memo) -> tuple[CampaignMetrics, list[Problem]]:
    """Every metric file of the campaign (CSV and .xlsx anywhere under metrics/); a file is read
    again only when it or the campaign's spec, drafts or the creators' accounts changed."""
    # One string stands for every creator's accounts: cheap to compare for each file.
    accounts = repr(sorted((platform, sorted(users.items()))
                           for platform, users in ctx.accounts.items()))
    results = []
    for rel in ctx.source.walk(f"campaigns/{ctx.slug}/metrics"):
        if not rel.lower().endswith(METRIC_SUFFIXES):
            continue
        inputs = (ctx.source.key(rel), ctx.spec, ctx.drafts, accounts)
        results.append((rel, memo.get("metric-file", inputs, partial(_read_file, rel, ctx))))
    return memo.get("campaign-metrics", tuple(r for _, r in results),
                    lambda: _combine(results))


def _combine(results: list[tuple[str, _FileResult]]) -> tuple[CampaignMetrics, list[Problem]]:
    posts = [empty_posts(), *(r[0] for _, r in results if r[0] is not None)]
    orders = [empty_orders(), *(r[1] for _, r in results if r[1] is not None)]
    problems = [problem for _, r in results for problem in r[2]]
    files = tuple(rel for rel, r in results if r[3])
    return CampaignMetrics(posts=pl.concat(posts), orders=pl.concat(orders),
                           files=files), problems


MAX_COLUMNS = 1_000
"""Exports have some tens of columns; a header of millions would cost minutes and gigabytes."""
HEADER_BYTES = 256 * 1024
"""Room for the header line, read before the whole file: 1,000 names of 256 bytes."""


def _read_file(rel: str, ctx: ImportContext) -> _FileResult:
    if not rel.lower().endswith(WORKBOOK_SUFFIX):
        # The header first, from a bounded read: a file of up to 512 MiB is read only once
        # its header is known to be sane.
        line, newline, _ = ctx.source.head(rel, HEADER_BYTES).partition(b"\n")
        wide = (f"more than {MAX_COLUMNS:,} columns" if line.count(b",") >= MAX_COLUMNS
                else f"more than {HEADER_BYTES >> 10:,} KiB"
                if not newline and len(line) == HEADER_BYTES else None)
        if wide is not None:
            return None, None, [Problem(
                rel, 1, None, "error", "csv-too-wide", f"the header has {wide}",
                "Export the file again; metric files have a few dozen columns.")], False
    data = ctx.source.read(rel)
    file, problems = open_metric_file(data, rel)
    if file is None:
        return None, None, problems, False
    try:
        header = file.header()
    except csv.Error:
        return None, None, [Problem(
            rel, 1, None, "error", "csv-unreadable", "cannot read the header",
            "Save the file as CSV with a header line of column names.")], False
    if not header:
        return None, None, [Problem(rel, 1, None, "error", "csv-empty", "the file is empty",
                                    "Delete it or export the data again.")], False
    importer = next((m for m in IMPORTERS if m.matches(header)), None)
    if importer is None:
        return None, None, [Problem(rel, 1, None, "error", "csv-header",
                                    f"unrecognised header {','.join(header)!r}",
                                    "Use a canonical posts or orders header (SPEC §3) or a "
                                    f"supported export: {SUPPORTED_EXPORTS}.")], False
    try:
        imported = importer.read(file, ctx)
    except (pl.exceptions.PolarsError, csv.Error, ValueError) as exc:
        reason = (str(exc).splitlines() or [type(exc).__name__])[0]
        return None, None, [Problem(
            rel, None, None, "error", "csv-unreadable",
            f"cannot read the file as {importer.NAME}: {reason}",
            "Check that every row has as many cells as the header and that quotes are "
            "balanced.")], False
    return imported.posts, imported.orders, imported.problems, imported.counted
