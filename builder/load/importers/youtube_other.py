"""The other files of a YouTube Studio download, SPEC §3: `Chart data.csv` (one row per video per
day), `Totals.csv` (the channel per day) and tables grouped by something other than the video
(traffic source, subscription status …), in any interface language. None holds per-video totals,
so each is recognised and left out with a notice, and a downloaded folder can be committed as
it is."""

from __future__ import annotations

from builder.load.importers.base import ImportContext, Imported
from builder.load.importers.source import MetricFile
from builder.load.importers.youtube import english
from builder.problems import Problem

NAME = "YouTube Studio export"
WATCH_TIME = "Watch time (hours)"
"""A metric only a YouTube Studio table has (in English, see youtube.english)."""


def _kind(header: list[str]) -> str | None:
    names = [english(name) for name in header]
    if names[:3] == ["Date", "Content", "Video title"]:
        return "chart data: one row per video per day, not totals"
    if len(names) == 2 and names[0] == "Date":
        return "totals of the channel per day"
    if names and names[0] != "Content" and WATCH_TIME in names:
        return f"a table grouped by {header[0].strip()!r}, not by video"
    return None


def matches(header: list[str]) -> bool:
    return _kind(header) is not None


def read(file: MetricFile, ctx: ImportContext) -> Imported:
    return Imported(counted=False, problems=[Problem(
        file.rel, None, None, "notice", "export-file-left-out",
        f"left out: a YouTube Studio file with {_kind(file.header())}",
        "Nothing to do; the videos' figures come from the Table data file of the same "
        "download.")])
