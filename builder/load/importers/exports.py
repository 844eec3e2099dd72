"""Reading real platform exports: shared by the Shopify, Instagram, TikTok and YouTube importers.

Not an importer itself. Real exports differ from the canonical files in ways that matter here:
quoted cells span several lines (captions, order notes), so rows are read with the csv module
and located by the file line where each record starts; columns come and go between export
versions, so every cell is looked up by its header name.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from builder.load.importers.base import MAX_CELL_PROBLEMS
from builder.load.importers.source import MetricFile, resaved_problem, spreadsheet_number
from builder.problems import Problem

_ISO_DATE = re.compile(r"(?<![0-9])([0-9]{4})-([0-9]{2})-([0-9]{2})(?![0-9])")
_COUNT = re.compile(r"^[0-9]+$")
_NET_COUNT = re.compile(r"^-?[0-9]+$")


@dataclass(frozen=True)
class Row:
    """One record of an export: its cells by header name and the file line where it starts."""

    line: int
    cells: dict[str, str]

    def get(self, column: str) -> str:
        """The trimmed cell, or '' when the column is absent from this export or the row."""
        return self.cells.get(column, "").strip()


def read_rows(file: MetricFile, names: Callable[[str], str] = str.strip
              ) -> tuple[list[str], list[Row]]:
    """The header (each name through `names`, trimmed by default) and the non-blank records
    after it."""
    records = file.records()
    header = [names(name) for name in next(records, (1, []))[1]]
    rows = [Row(line, dict(zip(header, record, strict=False)))
            for line, record in records if any(cell.strip() for cell in record)]
    return header, rows


def resaved_cells(rel: str, rows: list[Row]) -> list[Problem]:
    """An error at the first cell a spreadsheet rewrote as 5,52E+12, if any: the file was
    re-saved, so its other numbers and dates cannot be trusted either."""
    for row in rows:
        for column, cell in row.cells.items():
            if spreadsheet_number(cell):
                return [resaved_problem(rel, row.line, f"column {column} holds {cell.strip()!r}")]
    return []


def missing_columns(rel: str, header: list[str], columns: dict[str, str], hint: str
                    ) -> list[Problem]:
    """A notice per metric column the export lacks (`columns`: metric -> column name): that
    metric is not reported for the file's posts, never 0 (SPEC §5)."""
    return [Problem(rel, 1, None, "notice", "csv-column",
                    f"the export has no column {column}: {metric} are not reported for its posts",
                    hint)
            for metric, column in columns.items() if column not in header]


_MONTHS = {name: number for number, name in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}
_META_DATE = re.compile(r"(?<![A-Za-z])([A-Za-z]{3})-([0-9]{1,2})-([0-9]{4})(?![0-9])")
"""Meta's own file names: `May-25-2026_Jun-21-2026_1493633672508178.csv`."""


def snapshot_date(rel: str) -> date | None:
    """The date an export was taken, from its file name or else its folders under metrics/.

    The last date in a name wins, so a range (`Content 2026-01-01_2026-03-31 Channel`, or Meta's
    `May-25-2026_Jun-21-2026_<id>.csv`) gives its end: the day the figures were read.
    """
    parts = rel.split("/")
    inner = parts[parts.index("metrics") + 1:] if "metrics" in parts else parts[-1:]
    for name in reversed(inner):
        found = [(m.start(), m.group(1), m.group(2), m.group(3)) for m in _ISO_DATE.finditer(name)]
        found += [(m.start(), m.group(3), str(_MONTHS.get(m.group(1).lower(), 0)), m.group(2))
                  for m in _META_DATE.finditer(name)]
        for _, year, month, day in sorted(found, reverse=True):
            try:
                return date(int(year), int(month), int(day))
            except ValueError:
                continue
    return None


@dataclass
class CellProblems:
    """Collects bad cells of one file, at most MAX_CELL_PROBLEMS per column."""

    rel: str
    problems: list[Problem] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    def add(self, line: int, column: str, message: str, hint: str) -> None:
        self.counts[column] = self.counts.get(column, 0) + 1
        if self.counts[column] <= MAX_CELL_PROBLEMS:
            self.problems.append(Problem(self.rel, line, None, "error", "csv-value",
                                         f"column {column}: {message}", hint))

    def count(self, row: Row, column: str | None, net: bool = False) -> int | None:
        """A whole number of zero or more (any whole number if `net`: a count over a date range
        that can go down); None when not reported: the column is absent, the cell blank or the
        platform's `undefined`. Anything else is reported as a bad cell."""
        text = row.get(column) if column else ""
        if not text or text == "undefined":
            return None
        if (_NET_COUNT if net else _COUNT).match(text):
            return int(text)
        self.add(row.line, column or "", f"{text!r} is not a whole number"
                 + ("" if net else " of zero or more"),
                 "Export the file again from the platform, or correct the cell.")
        return None

    def finish(self) -> list[Problem]:
        """The problems, with one summary line per column that had more than were shown."""
        more = [Problem(self.rel, None, None, "error", "csv-value",
                        f"column {column}: {n - MAX_CELL_PROBLEMS} more bad cells", "")
                for column, n in sorted(self.counts.items()) if n > MAX_CELL_PROBLEMS]
        return self.problems + more


def left_out_problem(rel: str, left_out: int, rows: int, what: str, link: str, text: str
                     ) -> Problem:
    """The notice of an account-wide export: how many of its rows are not the campaign's."""
    return Problem(
        rel, None, None, "notice", "rows-left-out",
        f"left out {left_out} of {rows} rows: {what} that are not part of this campaign "
        f"({link} not a draft's post_url; no promo code or must_hashtag in the {text})",
        "Nothing to do if those posts are unrelated; otherwise set the draft's post_url.")


def account_problem(rel: str, line: int, column: str, platform: str, username: str,
                    handle: str | None, slug: str) -> Problem:
    """The error for a row of an account export whose account is nobody's, or belongs to a
    creator who is not on the campaign's roster."""
    if handle is None:
        return Problem(rel, line, None, "error", "unknown-account",
                       f"column {column}: no creator has the {platform} account '@{username}'",
                       "Add the account to the creator's profile.yml `platforms`, or remove "
                       "the account's rows from the export.")
    return Problem(rel, line, None, "error", "not-on-roster",
                   f"column {column}: '@{username}' is {handle}, who is not on the roster of "
                   f"'{slug}'",
                   "Add the creator to campaign.yml's `creators`, or move the file to their "
                   "campaign.")
