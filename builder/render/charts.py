"""Inline SVG charts: made at build time, readable without JavaScript and in print.

Each chart has a fixed viewBox and scales to its container; text and axes use currentColor so
they follow the theme (light, dark, print); series colours come from `nk-series-<n>` classes in
nanokit.css, with a fill attribute as the fallback. Every bar and point also carries its value as
text, so nothing depends on telling colours apart. Coordinates are rounded to one decimal, so the
same input always gives the same bytes.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence
from datetime import date

from builder.render.format import compact, day, html_text, number, percent

SERIES_FALLBACK_COLOURS = ("#3f51b5", "#e67e22", "#16a085", "#8e44ad", "#c0392b", "#7f8c8d")
"""Used when nanokit.css is absent (e.g. the Markdown is read by another generator)."""

_WIDTH = 480
_ROW_HEIGHT = 26
_LABEL_WIDTH = 132
_VALUE_WIDTH = 72
_LABEL_CHARS = 17
"""Longest label shown in full beside a bar (about 7 units a character at font size 12)."""
_SHARE_WIDTH = 320
"""Share bars sit two or three to a row on a media kit, so they get a narrower canvas and keep
their text readable when scaled down."""
_SHARE_LABEL_WIDTH = 112


def bar_chart(labels: Sequence[str], values: Sequence[float], *, title: str, unit: str = "",
              locale: str = "en") -> str:
    """Horizontal bars, one per label, each followed by its value (and unit)."""
    rows = [(label, value, _with_unit(number(_rounded(value), locale), unit))
            for label, value in zip(labels, values, strict=True)]
    desc = "; ".join(f"{label}: {text}" for label, _, text in rows)
    return _horizontal_bars(rows, title=title, desc=desc or "No data.")


def share_bars(shares: dict[str, float], *, title: str, locale: str = "en") -> str:
    """Horizontal bars for shares of an audience (0–1), labelled as percentages.

    Bars keep the caller's order, so age bands can stay in age order.
    """
    rows = [(label, share, percent(share, locale, digits=0)) for label, share in shares.items()]
    desc = "; ".join(f"{label}: {text}" for label, _, text in rows)
    return _horizontal_bars(rows, title=title, desc=desc or "No data.", maximum=1.0,
                            width=_SHARE_WIDTH, label_width=_SHARE_LABEL_WIDTH)


def grouped_bar_chart(labels: Sequence[str], series: dict[str, list[float]], *, title: str,
                      unit: str = "", locale: str = "en") -> str:
    """Horizontal bars grouped by label, one bar per series, with a legend."""
    names = list(series)
    for name in names:
        if len(series[name]) != len(labels):
            raise ValueError(f"series '{name}' has {len(series[name])} values for "
                             f"{len(labels)} labels")
    maximum = max((v for values in series.values() for v in values), default=0.0)
    bar_height = 14
    group_height = bar_height * max(len(names), 1) + 12
    legend_height = 24
    height = legend_height + group_height * len(labels) + 8
    chart_id = _chart_id(title, labels, *(f"{n}={v}" for n, vs in series.items() for v in vs))
    desc = "; ".join(
        f"{label}: " + ", ".join(
            f"{name} {_with_unit(number(_rounded(series[name][i]), locale), unit)}"
            for name in names)
        for i, label in enumerate(labels))
    parts = [_open_svg(chart_id, title, desc or "No data.", height)]
    parts.append(_legend(names, y=4))
    bar_space = _WIDTH - _LABEL_WIDTH - _VALUE_WIDTH
    for i, label in enumerate(labels):
        top = legend_height + i * group_height
        parts.append(_label(label, x=_LABEL_WIDTH - 8,
                            y=top + group_height / 2 - 2, anchor="end"))
        for j, name in enumerate(names):
            value = series[name][i]
            y = top + j * bar_height
            width = _scaled(value, maximum, bar_space)
            parts.append(
                f'<rect class="nk-series-{j % len(SERIES_FALLBACK_COLOURS)}" '
                f'fill="{SERIES_FALLBACK_COLOURS[j % len(SERIES_FALLBACK_COLOURS)]}" '
                f'x="{_LABEL_WIDTH}" y="{_fmt(y)}" width="{_fmt(width)}" '
                f'height="{bar_height - 3}"><title>{html_text(name)}: '
                f'{html_text(_with_unit(number(_rounded(value), locale), unit))}</title></rect>')
            parts.append(
                f'<text x="{_fmt(_LABEL_WIDTH + width + 4)}" y="{_fmt(y + bar_height - 5)}" '
                f'font-size="10">{html_text(compact(round(value), locale))}</text>')
    parts.append("</svg>")
    return "".join(parts)


_LINE_POINTS = 120
"""More points than this per line add bytes, not information, at the chart's width."""
_DESC_POINTS = 6
_MARKED_POINTS = 30


def _thin(values: list[tuple[date, float]], limit: int = _LINE_POINTS
          ) -> list[tuple[date, float]]:
    """At most `limit` evenly spaced points of a sorted series, always keeping the last."""
    if len(values) <= limit:
        return values
    step = (len(values) - 1) / (limit - 1)
    return [values[round(i * step)] for i in range(limit)]


def line_chart(series: dict[str, list[tuple[date, float]]], *, title: str,
               locale: str = "en") -> str:
    """Lines over time, one per series, on a shared date axis with a legend when several."""
    series = {name: _thin(sorted(values)) for name, values in series.items()}
    points = [(d, v) for values in series.values() for d, v in values]
    names = list(series)
    chart_id = _chart_id(title, *(f"{n}={d}:{v}" for n, vs in series.items() for d, v in vs))
    desc = "; ".join(
        f"{name}: " + ", ".join(f"{day(d, locale)} {number(_rounded(v), locale)}"
                                for d, v in _thin(series[name], _DESC_POINTS))
        for name in names)
    height = 240
    left, right, top, bottom = 56, 16, 28 if len(names) > 1 else 12, 28
    parts = [_open_svg(chart_id, title, desc or "No data.", height)]
    if not points:
        parts.append(_label("No data", x=_WIDTH / 2, y=height / 2, anchor="middle"))
        parts.append("</svg>")
        return "".join(parts)
    if len(names) > 1:
        parts.append(_legend(names, y=4))
    first = min(d for d, _ in points).toordinal()
    last = max(d for d, _ in points).toordinal()
    low, high, ticks = _nice_axis(min(v for _, v in points), max(v for _, v in points))
    plot_width = _WIDTH - left - right
    plot_height = height - top - bottom

    def x_of(d: date) -> float:
        span = last - first
        return left + (plot_width * (d.toordinal() - first) / span if span else plot_width / 2)

    def y_of(v: float) -> float:
        return top + plot_height * (1 - (v - low) / (high - low))

    for tick in ticks:
        y = y_of(tick)
        parts.append(f'<line class="nk-grid" x1="{left}" x2="{_WIDTH - right}" y1="{_fmt(y)}" '
                     f'y2="{_fmt(y)}" stroke="currentColor" stroke-opacity="0.15"/>')
        parts.append(_label(compact(round(tick), locale), x=left - 6, y=y + 4, anchor="end"))
    start_day, end_day = date.fromordinal(first), date.fromordinal(last)
    parts.append(_label(day(start_day, locale), x=left, y=height - 8, anchor="start"))
    if last != first:
        parts.append(_label(day(end_day, locale), x=_WIDTH - right, y=height - 8, anchor="end"))
    # The series of a chart share their dates (a campaign's snapshot days): each date's x is
    # worked out and written once.
    x_text = {d: _fmt(x_of(d)) for d, _ in points}
    for j, name in enumerate(names):
        colour_class = f"nk-series-{j % len(SERIES_FALLBACK_COLOURS)}"
        colour = SERIES_FALLBACK_COLOURS[j % len(SERIES_FALLBACK_COLOURS)]
        ordered = sorted(series[name])
        path = " ".join([f"{x_text[d]},{_fmt(y_of(v))}" for d, v in ordered])
        parts.append(f'<polyline class="{colour_class}-stroke" fill="none" stroke="{colour}" '
                     f'stroke-width="2" points="{path}"/>')
        # Point markers with tooltips help on short series; on long ones they only add bytes.
        for d, v in ordered if len(ordered) <= _MARKED_POINTS else ():
            parts.append(
                f'<circle class="{colour_class}" fill="{colour}" cx="{_fmt(x_of(d))}" '
                f'cy="{_fmt(y_of(v))}" r="2.5"><title>{html_text(name)}, '
                f'{html_text(day(d, locale))}: {html_text(number(_rounded(v), locale))}'
                f'</title></circle>')
    parts.append("</svg>")
    return "".join(parts)


def _horizontal_bars(rows: Sequence[tuple[str, float, str]], *, title: str, desc: str,
                     maximum: float | None = None, width: int = _WIDTH,
                     label_width: int = _LABEL_WIDTH) -> str:
    chart_id = _chart_id(title, *(f"{label}={value}" for label, value, _ in rows))
    height = max(len(rows), 1) * _ROW_HEIGHT + 8
    top = max((value for _, value, _ in rows), default=0.0) if maximum is None else maximum
    bar_space = width - label_width - _VALUE_WIDTH
    parts = [_open_svg(chart_id, title, desc, height, width)]
    if not rows:
        parts.append(_label("No data", x=width / 2, y=height / 2 + 4, anchor="middle"))
    for i, (label, value, text) in enumerate(rows):
        y = 4 + i * _ROW_HEIGHT
        length = _scaled(value, top, bar_space)
        parts.append(_label(label, x=label_width - 8, y=y + 15, anchor="end",
                            chars=label_width // 7))
        parts.append(f'<rect class="nk-series-0" fill="{SERIES_FALLBACK_COLOURS[0]}" '
                     f'x="{label_width}" y="{y + 3}" width="{_fmt(length)}" '
                     f'height="{_ROW_HEIGHT - 8}" rx="2"/>')
        parts.append(_label(text, x=label_width + length + 6, y=y + 15, anchor="start"))
    parts.append("</svg>")
    return "".join(parts)


def _open_svg(chart_id: str, title: str, desc: str, height: float, width: int = _WIDTH) -> str:
    return (f'<svg class="nk-chart" xmlns="http://www.w3.org/2000/svg" role="img" '
            f'viewBox="0 0 {width} {_fmt(height)}" width="{width}" height="{_fmt(height)}" '
            f'aria-labelledby="{chart_id}-title {chart_id}-desc" fill="currentColor" '
            f'font-family="inherit" font-size="12">'
            f'<title id="{chart_id}-title">{html_text(title)}</title>'
            f'<desc id="{chart_id}-desc">{html_text(desc)}</desc>')


def _legend(names: Sequence[str], *, y: float) -> str:
    parts = []
    x = 8.0
    for j, name in enumerate(names):
        colour_class = f"nk-series-{j % len(SERIES_FALLBACK_COLOURS)}"
        colour = SERIES_FALLBACK_COLOURS[j % len(SERIES_FALLBACK_COLOURS)]
        parts.append(f'<rect class="{colour_class}" fill="{colour}" x="{_fmt(x)}" '
                     f'y="{_fmt(y + 2)}" width="10" height="10"/>')
        parts.append(_label(name, x=x + 14, y=y + 11, anchor="start"))
        x += 14 + 7 * min(len(name), _LABEL_CHARS) + 16
    return "".join(parts)


def _label(text: str, *, x: float, y: float, anchor: str, chars: int = _LABEL_CHARS) -> str:
    shown = text if len(text) <= chars else text[:chars - 1] + "…"
    full = "" if shown == text else f"<title>{html_text(text)}</title>"
    return (f'<text x="{_fmt(x)}" y="{_fmt(y)}" text-anchor="{anchor}">'
            f'{full}{html_text(shown)}</text>')


def _scaled(value: float, maximum: float, space: float) -> float:
    if maximum <= 0 or value <= 0:
        return 0.0
    return space * min(value / maximum, 1.0)


def _nice_axis(low: float, high: float) -> tuple[float, float, list[float]]:
    """Axis bounds on round numbers around the data, with 3–6 evenly spaced ticks."""
    if high == low:
        pad = abs(high) * 0.1 or 1.0
        low, high = low - pad, high + pad
    raw_step = (high - low) / 4
    magnitude = 10 ** math.floor(math.log10(raw_step))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw_step)
    start = math.floor(low / step) * step
    end = math.ceil(high / step) * step
    count = round((end - start) / step)
    return start, end, [start + i * step for i in range(count + 1)]


def _chart_id(title: str, *content: object) -> str:
    """An element id that is stable for the same chart and distinct for different ones."""
    digest = hashlib.sha256("\x1f".join([title, *map(str, content)]).encode()).hexdigest()
    return "nk-chart-" + digest[:10]


def _rounded(value: float) -> float | int:
    return int(value) if float(value).is_integer() else round(value, 2)


def _with_unit(text: str, unit: str) -> str:
    return f"{text} {unit}" if unit else text


def _fmt(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")
