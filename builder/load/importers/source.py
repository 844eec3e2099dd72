"""A metric file as committed, made ready for the importers: decoded, and its cells reachable.

Platforms hand files over in several encodings: UTF-8 with or without a byte order mark
(Shopify, Instagram, TikTok, YouTube), UTF-16 with a byte order mark (Meta's one-metric-per-file
exports), or as an `.xlsx` workbook (TikTok Studio). They are all turned into UTF-8 here, so
an importer never cares which it was. Any other encoding is an error naming the likely one:
guessing silently would misread names and captions.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

from python_calamine import CalamineError, CalamineWorkbook

from builder.problems import Problem

WORKBOOK_SUFFIX = ".xlsx"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_UTF8_BOM = b"\xef\xbb\xbf"
_SPREADSHEET_NUMBER = re.compile(r"^-?[0-9]+,[0-9]+E[+-]?[0-9]+$", re.IGNORECASE)
"""How a spreadsheet with decimal commas shows a long number it re-saved: 5,52E+12."""
RESAVED_HINT = ("Download the file again from the platform and commit it exactly as downloaded, "
                "without opening and saving it in a spreadsheet (or export it from the "
                "spreadsheet as 'CSV UTF-8, comma-separated' with a full stop as decimal mark).")


@dataclass(frozen=True)
class MetricFile:
    """One committed metric file, decoded."""

    rel: str
    """Relative to the program root, with '/'."""
    data: bytes
    """The file as UTF-8 without a byte order mark ('' for a workbook)."""
    sheet: tuple[tuple[str, ...], ...] | None = None
    """A workbook's first sheet, every cell as text; None for a CSV file."""

    @property
    def name(self) -> str:
        return self.rel.rpartition("/")[2]

    def records(self) -> Iterator[tuple[int, list[str]]]:
        """(line where the record starts, its cells) of every record, the header first.

        Quoted cells may span lines (captions, notes): the line is the file's real line.
        """
        if self.sheet is not None:
            for index, row in enumerate(self.sheet):
                yield index + 1, list(row)
            return
        # Decoded as it is read: the header of a large file costs no more than a small one's.
        reader = csv.reader(io.TextIOWrapper(io.BytesIO(self.data), encoding="utf-8",
                                             newline=""))
        start = 1
        for record in reader:
            yield start, record
            start = reader.line_num + 1

    def header(self) -> list[str]:
        """The first record's names, trimmed ([] for an empty file)."""
        for _, record in self.records():
            return [name.strip() for name in record]
        return []


def open_metric_file(raw: bytes, rel: str) -> tuple[MetricFile | None, list[Problem]]:
    """The file `rel` with these bytes decoded, or None and the problem that says why it
    cannot be."""
    if rel.lower().endswith(WORKBOOK_SUFFIX):
        return _open_workbook(rel, raw)
    if raw.startswith(_UTF8_BOM):
        raw = raw[len(_UTF8_BOM):]
    elif raw.startswith(_UTF16_BOMS):
        try:
            return MetricFile(rel, raw.decode("utf-16").encode("utf-8")), []
        except UnicodeDecodeError:
            return None, [_encoding_problem(rel, 1, "UTF-16 with a damaged byte order mark")]
    try:
        if not raw.isascii():  # far cheaper to test, and true of most metric files
            raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [_encoding_problem(rel, line, likely_encoding(raw))]
    return MetricFile(rel, raw), []


def likely_encoding(raw: bytes) -> str:
    """A guess, for the message only: what a file that is not UTF-8 most likely is."""
    if raw.count(b"\x00") * 4 >= len(raw):
        return "UTF-16 without a byte order mark"
    if any(0x80 <= byte <= 0x9F for byte in raw):
        return "Windows-1252 (what Excel on Windows saves as 'CSV')"
    return "ISO-8859-1 (Latin-1) or Windows-1252"


def _encoding_problem(rel: str, line: int, likely: str) -> Problem:
    return Problem(rel, line, None, "error", "encoding",
                   f"file is not UTF-8; it looks like {likely}",
                   "Export the file again as UTF-8 CSV, or re-save it as 'CSV UTF-8'.")


MAX_WORKBOOK_BYTES = 64 << 20
"""Most a workbook may unpack to: TikTok's export of a thousand videos is a few hundred KB."""
MAX_WORKBOOK_PARTS = 1_000
"""An .xlsx holds a dozen parts (sheets, styles, strings)."""
MAX_PART_RATIO = 100
"""How many times its packed size a part (of over 1 MiB) may unpack to; XML packs some 10x."""


def _open_workbook(rel: str, raw: bytes) -> tuple[MetricFile | None, list[Problem]]:
    """The first sheet of an .xlsx workbook, every cell as text (TikTok stores them as text)."""
    bomb = _zip_bomb(raw)
    if bomb is not None:
        return None, [Problem(rel, None, None, "error", "xlsx-too-large",
                              f"the workbook {bomb}",
                              "Download the file again from the platform; an export of "
                              "videos unpacks to a few MB at most.")]
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(raw))
        rows = book.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except (CalamineError, ValueError, IndexError) as exc:
        reason = (str(exc).splitlines() or [type(exc).__name__])[0]
        return None, [Problem(rel, None, None, "error", "xlsx-unreadable",
                              f"cannot read the file as an .xlsx workbook: {reason}",
                              "Download the file again from the platform.")]
    return MetricFile(rel, b"", tuple(tuple(_cell_text(c) for c in row)
                                            for row in rows)), []


def _zip_bomb(raw: bytes) -> str | None:
    """What makes an .xlsx (a zip archive) too costly to unpack, from its directory alone."""
    try:
        parts = zipfile.ZipFile(io.BytesIO(raw)).infolist()
    except (zipfile.BadZipFile, ValueError):
        return None  # not a zip: calamine says what is wrong with it
    if len(parts) > MAX_WORKBOOK_PARTS:
        return f"has {len(parts):,} parts; at most {MAX_WORKBOOK_PARTS:,}"
    unpacked = sum(part.file_size for part in parts)
    if unpacked > MAX_WORKBOOK_BYTES:
        return (f"unpacks to {unpacked:,} bytes; at most {MAX_WORKBOOK_BYTES:,} "
                "(a zip bomb?)")
    for part in parts:
        if part.file_size > 1 << 20 and part.file_size > MAX_PART_RATIO * part.compress_size:
            return (f"part {part.filename!r} unpacks to {part.file_size:,} bytes from "
                    f"{part.compress_size:,}; at most {MAX_PART_RATIO} times (a zip bomb?)")
    return None


def _cell_text(value: object) -> str:
    """A workbook cell as the text a CSV export would hold."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value)


def semicolon_separated(header: list[str]) -> bool:
    """Whether a header read as comma-separated is really a semicolon-separated one: what a
    spreadsheet with decimal commas writes when it re-saves a CSV."""
    return len(header) == 1 and header[0].count(";") >= 1


def resaved_problem(rel: str, line: int, what: str) -> Problem:
    return Problem(rel, line, None, "error", "spreadsheet-resaved",
                   f"this file was re-saved by a spreadsheet ({what}), which changes how "
                   "numbers and dates are written; it cannot be read reliably", RESAVED_HINT)


def spreadsheet_number(cell: str) -> bool:
    """Whether a cell is a long number a spreadsheet rewrote as 5,52E+12."""
    return bool(_SPREADSHEET_NUMBER.match(cell.strip()))
