"""Read every metric file of a campaign through the importer that recognises it."""

from __future__ import annotations

import csv
from collections.abc import Mapping
from pathlib import Path

import polars as pl

from builder.load.importers import IMPORTERS, ImportContext
from builder.model.campaign import CampaignSpec
from builder.model.content import Draft
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


def read_campaign_metrics(root: Path, slug: str, spec: CampaignSpec,
                          creators: Mapping[str, Creator], drafts: tuple[Draft, ...]
                          ) -> tuple[CampaignMetrics, list[Problem]]:
    folder = root / "campaigns" / slug / "metrics"
    problems: list[Problem] = []
    posts = [empty_posts()]
    orders = [empty_orders()]
    files = []
    ctx = ImportContext(root=root, slug=slug, spec=spec, creators=creators, drafts=drafts)
    for path in sorted(p for p in folder.rglob("*.csv") if p.is_file()):
        rel = path.relative_to(root).as_posix()
        try:
            header = read_header(path)
        except (UnicodeDecodeError, csv.Error):
            problems.append(encoding_problem(path, rel) or Problem(
                rel, 1, None, "error", "csv-unreadable", "cannot read the header",
                "Save the file as CSV with a header line of column names."))
            continue
        if not header:
            problems.append(Problem(rel, 1, None, "error", "csv-empty", "the file is empty",
                                    "Delete it or export the data again."))
            continue
        importer = next((m for m in IMPORTERS if m.matches(header)), None)
        if importer is None:
            problems.append(Problem(rel, 1, None, "error", "csv-header",
                                    f"unrecognised header {','.join(header)!r}",
                                    "Use a canonical posts or orders header (SPEC §3) or a "
                                    "supported export: Shopify orders, Instagram content "
                                    "export, YouTube Studio table data."))
            continue
        try:
            imported = importer.read(path, rel, ctx)
        except (pl.exceptions.PolarsError, csv.Error, ValueError) as exc:
            reason = (str(exc).splitlines() or [type(exc).__name__])[0]
            problems.append(encoding_problem(path, rel) or Problem(
                rel, None, None, "error", "csv-unreadable",
                f"cannot read the file as {importer.NAME}: {reason}",
                "Check that every row has as many cells as the header and that quotes are "
                "balanced."))
            continue
        problems.extend(imported.problems)
        files.append(rel)
        if imported.posts is not None:
            posts.append(imported.posts)
        if imported.orders is not None:
            orders.append(imported.orders)
    return CampaignMetrics(posts=pl.concat(posts), orders=pl.concat(orders),
                           files=tuple(files)), problems
