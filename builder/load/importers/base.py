"""What an importer receives and returns, and column checks shared by importers."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import cast

import polars as pl

from builder.load.source import Source
from builder.model.campaign import CampaignSpec, Engagement
from builder.model.content import Draft
from builder.problems import Problem

MAX_CELL_PROBLEMS = 20
"""Per file and column; a file broken on every row should not print a million lines."""
SUPPORTED_EXPORTS = ("Shopify orders, Instagram content export from Meta Business Suite, "
                     "TikTok Studio Content.csv or .xlsx, YouTube Studio table data")
"""The platform exports an importer reads, for messages about files none recognises."""


@dataclass(frozen=True)
class ImportContext:
    source: Source
    slug: str
    spec: CampaignSpec | None
    """None when campaign.yml is invalid: the files are still read, for their own problems
    (bad cells, unknown headers), but nothing that needs the roster is checked or kept."""
    drafts: tuple[Draft, ...]
    accounts: Mapping[str, Mapping[str, str]]
    """Platform -> user name (lower case, without '@') -> creator handle, for every creator."""

    def roster(self) -> dict[str, Engagement]:
        """The campaign's engagements by handle ({} without a valid campaign.yml)."""
        return {e.handle: e for e in self.spec.creators} if self.spec else {}

    def belongs(self, handle: str, text: str) -> bool:
        """Whether a caption or title marks a post as the campaign's: it holds the creator's
        promo code or one of the campaign's `must_hashtag`, as a whole word in any case."""
        if self.spec is None:
            return True
        engagement = self.spec.engagement(handle)
        code = engagement.promo_code if engagement else None
        needles = [n.strip() for n in (code or "", *self.spec.disclosure.must_hashtag)]
        return any(re.search(rf"(?<!\w){re.escape(n)}(?!\w)", text, re.IGNORECASE)
                   for n in needles if n)


@dataclass
class Imported:
    posts: pl.DataFrame | None = None
    orders: pl.DataFrame | None = None
    problems: list[Problem] = field(default_factory=list)
    counted: bool = True
    """False for a file recognised and left out (an account-level export, say)."""


def read_strings(data: bytes) -> pl.DataFrame:
    """Every cell as a string (never inferred), with the file line of each row in `line`.

    Assumes one row per line, which holds for the canonical formats.
    """
    frame = pl.read_csv(data, infer_schema=False, truncate_ragged_lines=False)
    frame = frame.with_row_index("line", offset=2).with_columns(pl.col("line").cast(pl.Int64))
    # Blank lines (a trailing one is common in hand-edited files) come back as all-null rows.
    return frame.filter(~pl.all_horizontal(pl.exclude("line").is_null()))


FILE_LINE = pl.int_range(2, pl.len() + 2, dtype=pl.Int64).alias("line")
"""The file line of each row of read_typed's frame, for the select that types it: a column
added on its own costs a tenth of reading the file."""


def read_typed(data: bytes, types: Mapping[str, pl.DataType]) -> pl.DataFrame | None:
    """The file with the `types` columns parsed by the CSV reader itself and every other column
    a string as read_strings + parse_columns see it (trimmed, blank = null), one row per line
    from line 2 on (FILE_LINE numbers them); None if a cell does not parse or the rows are not
    one per line.

    The fast path for well-formed canonical files: numbers parsed while reading cost a fraction
    of validating strings cell by cell (a million rows must ingest in well under a second). On
    None, or when the caller's checks fail, it reads the file again with read_strings and
    parse_columns, which say where each problem is.
    """
    try:
        frame = pl.read_csv(data, infer_schema=False, schema_overrides=types)
    except pl.exceptions.PolarsError:
        return None
    # Without a quote every line is a row (a blank one too, of nulls); a quoted cell may span
    # lines, and only then are the lines worth counting.
    if b'"' in data and frame.height != data.count(b"\n") - data.endswith(b"\n"):
        return None
    if not _without_whitespace(data):
        frame = frame.with_columns(
            pl.when(pl.col(c).str.strip_chars() != "").then(pl.col(c).str.strip_chars()).alias(c)
            for c, dtype in frame.schema.items() if dtype == pl.String())
    return frame


def _without_whitespace(data: bytes) -> bool:
    """Whether no cell can need trimming: plain ASCII without spaces, tabs or carriage returns.

    Canonical files written by tools usually are; scanning the bytes is far cheaper than
    trimming every cell of a million rows.
    """
    return data.isascii() and not any(space in data for space in (b" ", b"\t", b"\r", b"\x0b",
                                                                   b"\x0c"))


def all_true(frame: pl.DataFrame, *checks: pl.Expr) -> bool:
    """Whether every check holds on every row (a null counts as failing)."""
    return bool(frame.select(pl.all_horizontal(c.fill_null(False).all() for c in checks)).item())


def complete(frame: pl.DataFrame, *columns: str) -> bool:
    """Whether no cell of `columns` is null; each column knows its count of nulls, so no row
    is looked at."""
    return not any(frame[c].null_count() for c in columns)


def nonnegative(frame: pl.DataFrame, columns: Iterable[str]) -> bool:
    """Whether no cell of the integer `columns` is below zero (nulls aside): a column's minimum
    costs a fraction of an expression over every row."""
    return all((cast("int | None", frame[c].min()) or 0) >= 0 for c in columns)


@dataclass(frozen=True)
class ColumnRule:
    """How to parse one column, and what to say about a cell it cannot parse."""

    column: str
    parsed: pl.Expr
    """Null where the cell is invalid."""
    what: str
    """Completes "… is not <what>"."""
    hint: str
    allow_blank: bool = True


def parse_columns(frame: pl.DataFrame, rules: list[ColumnRule], rel: str
                  ) -> tuple[pl.DataFrame, list[Problem]]:
    """Parse every rule's column in one pass; report invalid cells as PATH:LINE problems.

    Returns the parsed columns (named after the rules) plus `line`.
    """
    flags = []
    for rule in rules:
        raw = pl.col(rule.column).str.strip_chars()
        blank = raw.is_null() | (raw == "")
        bad = (~blank & rule.parsed.is_null()) if rule.allow_blank else rule.parsed.is_null()
        flags.append(bad.alias(f"bad:{rule.column}"))
    parsed = frame.select(pl.col("line"), *(r.parsed.alias(r.column) for r in rules), *flags)
    flag_names = [f"bad:{r.column}" for r in rules]
    if not parsed.select(pl.any_horizontal(flag_names).any()).item():
        return parsed.drop(flag_names), []
    problems = []
    for rule in rules:
        lines = parsed.filter(pl.col(f"bad:{rule.column}"))["line"]
        values = frame.filter(pl.col("line").is_in(lines.head(MAX_CELL_PROBLEMS).implode()))
        for line, value in values.select("line", rule.column).iter_rows():
            shown = "a blank cell" if value is None or not value.strip() else repr(value)
            problems.append(Problem(rel, line, None, "error", "csv-value",
                                    f"column {rule.column}: {shown} is not {rule.what}",
                                    rule.hint))
        if len(lines) > MAX_CELL_PROBLEMS:
            problems.append(Problem(rel, None, None, "error", "csv-value",
                                    f"column {rule.column}: {len(lines) - MAX_CELL_PROBLEMS} more "
                                    f"rows are not {rule.what}", rule.hint))
    return parsed.drop(flag_names), problems


def parse_int(column: str) -> pl.Expr:
    value = pl.col(column).str.strip_chars().cast(pl.Int64, strict=False)
    return pl.when(value >= 0).then(value)


def iso_date(text: pl.Expr) -> pl.Expr:
    """A YYYY-MM-DD text as a date; null where it is not one. The parser also reads a year 99
    from `99-01-01`, a year 0 from `0000-…` and a negative year from a leading minus:
    from_first_day finds those."""
    # Without polars' cache of parsed values: filling it costs as much as the parse it saves.
    return text.str.to_date("%Y-%m-%d", strict=False, cache=False)


_FIRST_DAY = (date(1900, 1, 1) - date(1970, 1, 1)).days
"""The earliest metric date, 1900-01-01, as polars' day number (from 1970-01-01). Before it are
two-digit years (`99-01-01`, a spreadsheet's doing) and years no Python date can hold."""


def from_first_day(dates: pl.Series) -> bool:
    """Whether no date is before 1900-01-01 (see _FIRST_DAY)."""
    # As day numbers: a date before year 1 cannot become a Python date.
    earliest = cast("int | None", dates.cast(pl.Int32).min())
    return earliest is None or earliest >= _FIRST_DAY


def parse_date(column: str) -> pl.Expr:
    parsed = iso_date(pl.col(column).str.strip_chars())
    return pl.when(parsed.cast(pl.Int32) >= _FIRST_DAY).then(parsed)


def money(text: pl.Expr) -> pl.Expr:
    """A plain amount (42.50, -3) as an exact decimal; null where the text is not one."""
    return pl.when(text.str.contains(r"^-?[0-9]+(\.[0-9]+)?$")).then(
        text.cast(pl.Decimal(38, 6), strict=False))


def parse_money(column: str) -> pl.Expr:
    return money(pl.col(column).str.strip_chars())


def header_problem(rel: str, header: list[str], expected: str) -> Problem:
    return Problem(rel, 1, None, "error", "csv-header",
                   f"unrecognised header {','.join(header)!r}",
                   f"Use the canonical header `{expected}` or a supported platform export "
                   f"({SUPPORTED_EXPORTS}).")
