"""TikTok Studio's account-level files, SPEC §3: `Overview.csv`, `Viewers.csv` and the
`Follower*.csv` files of the same download as `Content.csv`. They describe the whole account,
not videos, so they are recognised and left out with a notice."""

from __future__ import annotations

from builder.load.importers.base import ImportContext, Imported
from builder.load.importers.source import MetricFile
from builder.problems import Problem

NAME = "TikTok Studio account-level export"
KINDS = {
    ("Date", "Video Views", "Profile Views"): "the account's overview per day",
    ("Date", "Total Viewers"): "the account's viewers per day",
    ("Date", "Followers", "Difference in followers from previous day"):
        "the account's followers per day",
    ("Date", "Hour", "Active followers"): "when the account's followers are active",
    ("Gender", "Distribution"): "the followers' genders",
    ("Top territories", "Distribution"): "the followers' territories",
}
"""The first columns of each file -> what it describes."""


def _kind(header: list[str]) -> str | None:
    return next((what for start, what in KINDS.items()
                 if tuple(header[:len(start)]) == start), None)


def matches(header: list[str]) -> bool:
    return _kind(header) is not None


def read(file: MetricFile, ctx: ImportContext) -> Imported:
    return Imported(counted=False, problems=[Problem(
        file.rel, None, None, "notice", "account-file",
        f"left out: a TikTok Studio account-level export ({_kind(file.header())}), not figures "
        "of videos",
        "Nothing to do; the videos' figures come from Content.csv of the same download.")])
