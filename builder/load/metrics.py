"""Read every metric file of a campaign through the importer that recognises it."""

from __future__ import annotations

import csv
from collections.abc import Mapping
from functools import partial
from pathlib import Path

import polars as pl

from builder.load.importers import IMPORTERS, ImportContext
from builder.memo import Memo, file_key
from builder.model.creator import Creator
from builder.model.program import CampaignMetrics, empty_orders, empty_posts
from builder.problems import Problem


def read_header(path: Path) -> list[str] | None:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return next(csv.reader(handle), None)


def encoding_problem(path: Path, rel: str) -> Problem | None:
    """The first line that is not UTF-8, if any."""
    data = path.read_bytes()
    try:
        data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return Problem(rel, data[: exc.start].count(b"\n") + 1, None, "error", "encoding",
                       "file is not valid UTF-8", "Export or save the file as UTF-8 CSV.")
    return None


def instagram_accounts(creators: Mapping[str, Creator]) -> dict[str, str]:
    """Instagram user name (lower case, without '@') -> creator handle."""
    accounts = {}
    for handle, creator in creators.items():
        for account in creator.profile.platforms:
            if account.platform == "instagram":
                accounts[account.handle.strip().lstrip("@").lower()] = handle
    return accounts


_FileResult = tuple[pl.DataFrame | None, pl.DataFrame | None, list[Problem], bool]
"""posts, orders, problems, and whether the file was read as metrics."""


def read_campaign_metrics(ctx: ImportContext, memo: Memo) -> tuple[CampaignMetrics, list[Problem]]:
    """Every metric file of the campaign; a file is read again only when it or the campaign's
    spec, drafts or the creators' Instagram accounts changed."""
    folder = ctx.root / "campaigns" / ctx.slug / "metrics"
    accounts = tuple(sorted(ctx.instagram_accounts.items()))
    results = []
    for path in sorted(p for p in folder.rglob("*.csv") if p.is_file()):
        inputs = (file_key(path), ctx.spec, ctx.drafts, accounts)
        results.append((path.relative_to(ctx.root).as_posix(),
                        memo.get("metric-file", inputs, partial(_read_file, path, ctx))))
    return memo.get("campaign-metrics", tuple(r for _, r in results),
                    lambda: _combine(results))


def _combine(results: list[tuple[str, _FileResult]]) -> tuple[CampaignMetrics, list[Problem]]:
    posts = [empty_posts(), *(r[0] for _, r in results if r[0] is not None)]
    orders = [empty_orders(), *(r[1] for _, r in results if r[1] is not None)]
    problems = [problem for _, r in results for problem in r[2]]
    files = tuple(rel for rel, r in results if r[3])
    return CampaignMetrics(posts=pl.concat(posts), orders=pl.concat(orders),
                           files=files), problems


def _read_file(path: Path, ctx: ImportContext) -> _FileResult:
    rel = path.relative_to(ctx.root).as_posix()
    try:
        header = read_header(path)
    except (UnicodeDecodeError, csv.Error):
        return None, None, [encoding_problem(path, rel) or Problem(
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
                                    "supported export: Shopify orders, Instagram content "
                                    "export, YouTube Studio table data.")], False
    try:
        imported = importer.read(path, rel, ctx)
    except (pl.exceptions.PolarsError, csv.Error, ValueError) as exc:
        reason = (str(exc).splitlines() or [type(exc).__name__])[0]
        return None, None, [encoding_problem(path, rel) or Problem(
            rel, None, None, "error", "csv-unreadable",
            f"cannot read the file as {importer.NAME}: {reason}",
            "Check that every row has as many cells as the header and that quotes are "
            "balanced.")], False
    return imported.posts, imported.orders, imported.problems, True
