"""A metric file that a spreadsheet re-saved with semicolons (SPEC §3): recognised by its
header, so the user learns what happened and how to export again instead of reading
"unrecognised header". Whatever it was, its numbers and dates can no longer be trusted."""

from __future__ import annotations

from builder.load.importers.base import ImportContext, Imported
from builder.load.importers.source import MetricFile, resaved_problem, semicolon_separated

NAME = "spreadsheet re-save"


def matches(header: list[str]) -> bool:
    return semicolon_separated(header)


def read(file: MetricFile, ctx: ImportContext) -> Imported:
    return Imported(counted=False, problems=[resaved_problem(
        file.rel, 1, "its cells are separated by semicolons, as a spreadsheet with decimal "
        "commas writes them")])
