"""YouTube Studio `Table data.csv` (Advanced mode → Export), SPEC §3.

The export names neither the channel nor the day it was taken: it lives in
`metrics/<handle>/` and its date comes from the file or folder name. The first three columns
are fixed; the metric columns are whatever the user selected, so each is looked up by name, and
a metric the user did not select is not reported. Studio translates the headers: they are read
through `english`, which also drops the soft hyphens of German exports. Counts over a date range
are net, so they may be negative (likes removed).
"""

from __future__ import annotations

import polars as pl

from builder.load.importers.base import ImportContext, Imported
from builder.load.importers.exports import (
    CellProblems,
    left_out_problem,
    missing_columns,
    read_rows,
    snapshot_date,
)
from builder.load.importers.source import MetricFile
from builder.model.program import POSTS_SCHEMA
from builder.post_url import post_key
from builder.problems import Problem

NAME = "YouTube Studio table data"
SIGNATURE = ("Content", "Video title", "Video publish time")
WATCH_URL = "https://www.youtube.com/watch?v="
IMPRESSIONS = ("Impressions", "Thumbnail impressions")
"""Studio renamed `Impressions` to `Thumbnail impressions`; older exports have the former."""
METRICS = {"likes": "Likes", "comments": "Comments added", "shares": "Shares",
           "video_views": "Views"}
TOTAL_ROW = "Total"

TRANSLATIONS = {
    "de": {
        "Video": "Content", "Videos": "Content", "Inhalt": "Content",
        "Videotitel": "Video title",
        "Veröffentlichungszeitpunkt des Videos": "Video publish time",
        "Datum": "Date", "Gesamt": "Total", "Aufrufe": "Views",
        "Impressionen": "Impressions", "Mag ich-Bewertungen": "Likes",
        "Hinzugefügte Kommentare": "Comments added", "Geteilte Inhalte": "Shares",
        "Wiedergabezeit (Stunden)": "Watch time (hours)",
    },
    "pt": {
        "Conteúdo": "Content", "Título do vídeo": "Video title",
        "Horário de publicação do vídeo": "Video publish time",
        "Data": "Date", "Visualizações": "Views", "Impressões": "Impressions",
        "Marcações Gostei": "Likes", "Comentários adicionados": "Comments added",
        "Compartilhamentos": "Shares", "Tempo de exibição (horas)": "Watch time (hours)",
    },
}
"""Studio's header names in other interface languages -> the English ones (after `_plain`)."""
_ENGLISH = {name: english for table in TRANSLATIONS.values() for name, english in table.items()}
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\ufeff"))
_QUOTES = dict.fromkeys(map(ord, "\"„“”«»"))


def _plain(name: str) -> str:
    """A header name without soft hyphens or other invisible characters, nor quotes."""
    return " ".join(name.translate(_INVISIBLE).translate(_QUOTES).split())


def english(name: str) -> str:
    """A Studio header name (or the Total row's label) in English, whatever the language."""
    plain = _plain(name)
    return _ENGLISH.get(plain, plain)


def matches(header: list[str]) -> bool:
    return tuple(english(name) for name in header[:3]) == SIGNATURE


def read(file: MetricFile, ctx: ImportContext) -> Imported:
    rel = file.rel
    parts = rel.split("/")
    inner = parts[parts.index("metrics") + 1:-1]
    if not inner:
        return Imported(problems=[Problem(
            rel, None, None, "error", "export-folder",
            "a YouTube Studio export does not name its channel, so it must be in the folder of "
            "the creator: metrics/<handle>/",
            f"Move it to campaigns/{ctx.slug}/metrics/<handle>/.")])
    handle = inner[0]
    if ctx.spec and ctx.spec.engagement(handle) is None:
        return Imported(problems=[Problem(
            rel, None, None, "error", "not-on-roster",
            f"the folder metrics/{handle}/ names no creator on the roster of '{ctx.slug}'",
            "Name the folder after the handle of a creator in campaign.yml's `creators`.")])
    taken = snapshot_date(rel)
    if taken is None:
        return Imported(problems=[Problem(
            rel, None, None, "error", "snapshot-date",
            "neither the file name nor its folder has a date: a YouTube Studio export does not "
            "say when it was taken",
            "Rename the file with the day it was exported, e.g. 'Table data 2026-10-30.csv'.")])
    header, rows = read_rows(file, english)
    impressions = next((c for c in IMPRESSIONS if c in header), None)
    problems = missing_columns(rel, header, {**METRICS, "impressions": impressions or
                                             "Impressions"},
                               "Export again with the column selected in YouTube Studio.")
    published = {post_key(d.meta.post_url): d.deliverable for d in ctx.drafts
                 if d.meta.post_url and d.handle == handle}
    cells = CellProblems(rel)
    columns: dict[str, list[object]] = {name: [] for name in POSTS_SCHEMA}
    left_out = negative = videos = 0
    for row in rows:
        # Studio prefixes ids that start with '-' with a space, so that spreadsheets do not
        # read them as formulas; Row.get trims it.
        video = row.get("Content")
        if english(video) == TOTAL_ROW:
            continue
        if not video:
            cells.add(row.line, "Content", "a blank cell is not a video id",
                      "Export the table again from YouTube Studio.")
            continue
        videos += 1
        url = WATCH_URL + video
        deliverable = published.get(post_key(url))
        if deliverable is None and not ctx.belongs(handle, row.get("Video title")):
            left_out += 1
            continue
        counts = {name: cells.count(row, column, net=True) for name, column in METRICS.items()}
        counts["impressions"] = cells.count(row, impressions, net=True)
        negative += any(n is not None and n < 0 for n in counts.values())
        values = {
            "date": taken, "creator": handle, "platform": "youtube",
            "deliverable": deliverable, "post_url": url, "reach": None, "saves": None,
            "clicks": None, **counts, "source": rel, "line": row.line,
        }
        for name, value in values.items():
            columns[name].append(value)
    if left_out:
        problems.append(left_out_problem(rel, left_out, videos, "videos", "video", "title"))
    if negative:
        problems.append(Problem(
            rel, None, None, "notice", "net-counts",
            f"{negative} {'video has' if negative == 1 else 'videos have'} a negative count: "
            "YouTube counts what changed over the exported date range (likes removed, for "
            "instance); such counts are added as they are",
            "Export from the video's publish date (or 'Lifetime') for totals that cannot be "
            "negative."))
    return Imported(posts=pl.DataFrame(columns, schema=POSTS_SCHEMA),
                    problems=problems + cells.finish())

