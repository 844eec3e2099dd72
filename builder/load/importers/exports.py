"""Reading real platform exports: shared by the Shopify, Instagram and YouTube importers.

Not an importer itself. Real exports differ from the canonical files in ways that matter here:
quoted cells span several lines (captions, order notes), so rows are read with the csv module
and located by the file line where each record starts; columns come and go between export
versions, so every cell is looked up by its header name.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from builder.load.importers.base import MAX_CELL_PROBLEMS
from builder.problems import Problem

_ISO_DATE = re.compile(r"(?<![0-9])([0-9]{4})-([0-9]{2})-([0-9]{2})(?![0-9])")
_COUNT = re.compile(r"^[0-9]+$")


@dataclass(frozen=True)
class Row:
    """One record of an export: its cells by header name and the file line where it starts."""

    line: int
    cells: dict[str, str]

    def get(self, column: str) -> str:
        """The trimmed cell, or '' when the column is absent from this export or the row."""
        return self.cells.get(column, "").strip()


def read_rows(path: Path) -> tuple[list[str], list[Row]]:
    """The header (trimmed names) and the non-blank records after it."""
    rows = []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        header = [name.strip() for name in next(reader, [])]
        start = reader.line_num + 1
        for record in reader:
            if any(cell.strip() for cell in record):
                rows.append(Row(start, dict(zip(header, record, strict=False))))
            start = reader.line_num + 1
    return header, rows


def missing_columns(rel: str, header: list[str], columns: list[str], hint: str
                    ) -> list[Problem]:
    """A warning per metric column the export lacks: it counts as 0."""
    return [Problem(rel, 1, None, "warning", "csv-column",
                    f"the export has no column {column}; it counts as 0", hint)
            for column in columns if column not in header]


def snapshot_date(rel: str) -> date | None:
    """The date an export was taken, from its file name or else its folders under metrics/.

    The last ISO date in a name wins, so `Content 2026-01-01_2026-03-31 Channel` gives the end
    of the exported range.
    """
    parts = rel.split("/")
    inner = parts[parts.index("metrics") + 1:] if "metrics" in parts else parts[-1:]
    for name in reversed(inner):
        for found in reversed(_ISO_DATE.findall(name)):
            try:
                return date(*map(int, found))
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

    def count(self, row: Row, column: str) -> int:
        """A non-negative whole number; blank or absent counts as 0, anything else is reported."""
        text = row.get(column).replace(",", "") if column in row.cells else ""
        if not text:
            return 0
        if _COUNT.match(text):
            return int(text)
        self.add(row.line, column, f"{row.get(column)!r} is not a whole number of zero or more",
                 "Export the file again from the platform, or correct the cell.")
        return 0

    def finish(self) -> list[Problem]:
        """The problems, with one summary line per column that had more than were shown."""
        more = [Problem(self.rel, None, None, "error", "csv-value",
                        f"column {column}: {n - MAX_CELL_PROBLEMS} more bad cells", "")
                for column, n in sorted(self.counts.items()) if n > MAX_CELL_PROBLEMS]
        return self.problems + more
