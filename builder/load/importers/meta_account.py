"""Meta's account-level exports (Instagram and Facebook, one metric per file), SPEC §3.

`Reach.csv`, `Views.csv`, `Follows.csv`, `Audience.csv` …: UTF-16 with a `sep=,` first line,
then the metric's title, then `"Date","Primary"`. They describe the whole account day by day,
not posts, so they are recognised and left out with a notice: people commit them beside the
content export they downloaded with.
"""

from __future__ import annotations

from builder.load.importers.base import ImportContext, Imported
from builder.load.importers.source import MetricFile
from builder.problems import Problem

NAME = "Meta account-level export"


def matches(header: list[str]) -> bool:
    # `sep=,` read as CSV is the cells 'sep=' and ''
    return bool(header) and header[0].lower().startswith("sep=") and not any(header[1:2])


def read(file: MetricFile, ctx: ImportContext) -> Imported:
    records = file.records()
    next(records, None)
    title = next((" ".join(cells).strip() for _, cells in records if any(cells)), "")
    what = f"'{title}'" if title else "one metric"
    return Imported(counted=False, problems=[Problem(
        file.rel, None, None, "notice", "account-file",
        f"left out: a Meta account-level export ({what} of the whole account, day by day), "
        "not figures of posts",
        "Nothing to do; the posts' figures come from the content export (Insights → Content "
        "→ Export).")])
