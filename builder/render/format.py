"""Locale-aware formatting (Babel) and escaping of values for Markdown and HTML pages.

Every value that reaches a page goes through one of these: names, captions and notes are
written by people and may hold Markdown or HTML that must show as text.
"""

from __future__ import annotations

import html
import json
import unicodedata
from datetime import date
from decimal import Decimal
from functools import lru_cache

from babel import Locale
from babel.dates import format_date, format_interval
from babel.numbers import (
    format_compact_decimal,
    format_currency,
    format_decimal,
    format_percent,
)

NOT_AVAILABLE = "n/a"
"""Shown for a figure whose denominator is zero (SPEC §5)."""

_MARKDOWN_SPECIALS = frozenset("\\`*_{}[]()#+-.!|~^=:<>&\"'$%")
"""Characters that Python-Markdown or a pymdownx extension may read as syntax in inline text."""


@lru_cache(maxsize=64)
def _locale(identifier: str) -> Locale:
    """Parsed once: Babel re-parses a locale string on every call, which dominates large
    builds."""
    return Locale.parse(identifier)


@lru_cache(maxsize=8192)
def money(amount: Decimal, currency: str, locale: str) -> str:
    """An amount with its currency symbol, rounded to the currency's minor unit: '$1,860.00'."""
    # Cached: equal amounts (300 and 300.00) print the same, as both round to the minor unit.
    return format_currency(amount, currency, locale=_locale(locale))


# Figures repeat across a site's pages (the same follower count, fee or rate on the directory,
# the media kit and every campaign), and Babel's formatting is a large share of a build: each
# formatter is cached. `typed` keeps 3 and 3.0 apart; equal Decimals (3 and 3.00) print the same.
@lru_cache(maxsize=16384, typed=True)
def percent(value: Decimal | float | None, locale: str, digits: int = 2) -> str:
    """A fraction as a percentage with `digits` decimals ('2.74%' in en, '2,74 %' in de)."""
    if value is None:
        return NOT_AVAILABLE
    pattern = _percent_pattern(locale)
    # The locale's pattern decides where the sign goes and whether a space precedes it; only the
    # number of decimals is ours.
    if digits > 0:
        pattern = pattern.replace("0", "0." + "0" * digits, 1)
    return format_percent(value, format=pattern, locale=_locale(locale))


@lru_cache(maxsize=64)
def _percent_pattern(locale: str) -> str:
    return str(_locale(locale).percent_formats[None].pattern)


@lru_cache(maxsize=16384, typed=True)
def number(value: int | Decimal | float, locale: str) -> str:
    """A count or plain figure with the locale's grouping: '8,400'."""
    return format_decimal(value, locale=_locale(locale))


@lru_cache(maxsize=16384, typed=True)
def decimal(value: Decimal | float | None, locale: str, digits: int = 2) -> str:
    """A ratio such as ROAS with a fixed number of decimals: '2.40'; 'n/a' for None."""
    if value is None:
        return NOT_AVAILABLE
    pattern = "#,##0." + "0" * digits if digits > 0 else "#,##0"
    return format_decimal(value, format=pattern, locale=_locale(locale))


@lru_cache(maxsize=16384, typed=True)
def compact(value: int, locale: str) -> str:
    """A follower count in short form: '8.4K'."""
    return format_compact_decimal(value, format_type="short", locale=_locale(locale),
                                  fraction_digits=1)


@lru_cache(maxsize=4096)
def day(value: date, locale: str, length: str = "medium") -> str:
    """A date in the locale's medium form: 'Mar 10, 2026' (or "long": 'March 10, 2026')."""
    return format_date(value, format=length, locale=_locale(locale))


def day_range(start: date, end: date, locale: str) -> str:
    """A period with the shared parts said once: 'Mar 1 – Apr 15, 2026'."""
    return format_interval(start, end, skeleton="yMMMd", locale=_locale(locale))


def country(code: str, locale: str) -> str:
    """A country's name in the locale: 'United States' for US; the code when unknown."""
    return str(_locale(locale).territories.get(code, code))


def language(code: str, locale: str) -> str:
    """A language's name in the locale: 'English' for en; the code when unknown."""
    return str(_locale(locale).languages.get(code, code))


def html_text(value: object) -> str:
    """A value as HTML text or attribute content (quotes escaped too)."""
    return html.escape(str(value), quote=True)


def md_text(value: object) -> str:
    """A value as literal text inside Markdown (headings, list items, table cells).

    Specials become numeric character references rather than backslash escapes: Python-Markdown
    only honours backslashes before its own specials, while references pass every extension
    untouched and the browser shows the character.
    """
    text = " ".join(str(value).split())
    return "".join(f"&#{ord(ch)};" if ch in _MARKDOWN_SPECIALS else ch for ch in text)


def url_attr(url: str) -> str:
    """A URL for an href attribute; anything but http(s), mailto, webcal or a relative path
    becomes '#'.

    Tracking, landing and post URLs come from content files, so a `javascript:` URL must not
    become a link.
    """
    return html_text(safe_url(url))


def safe_url(url: str) -> str:
    """url_attr() before escaping: the URL, or '#' for any scheme but http(s), mailto and
    webcal (templates escape it)."""
    candidate = url.strip()
    scheme, colon, _ = candidate.partition(":")
    if colon and "/" not in scheme and scheme.lower() not in ("http", "https", "mailto", "webcal"):
        return "#"
    return candidate


def front_matter(title: str, **extra: object) -> str:
    """YAML front matter with a page title that is safe wherever the theme puts it.

    `extra` keys (e.g. Material's `hide`) are written as JSON, which is valid YAML.
    Material inserts the title unescaped into the nav and, after `striptags`, into <title>,
    which turns `&lt;` back into `<`; so angle brackets are dropped rather than escaped.
    """
    safe_title = html.escape(title.replace("<", "").replace(">", ""), quote=False)
    lines = ["---", f"title: {json.dumps(safe_title, ensure_ascii=False)}"]
    lines += [f"{key}: {json.dumps(value, ensure_ascii=False)}"
              for key, value in sorted(extra.items())]
    return "\n".join([*lines, "---", ""]) + "\n"


def csv_cell(value: object) -> str:
    """A cell for a spreadsheet export: text starting with = + - @ would run as a formula, so
    it gets a leading apostrophe; numbers stay numbers.

    Spreadsheets trim spaces and line breaks on import and some fold full-width forms (＝), so
    the test looks past leading whitespace and control characters of the NFKC-normalised text.
    """
    if value is None:
        return ""
    if isinstance(value, int | Decimal | float) and not isinstance(value, bool):
        return str(value)
    text = str(value)
    start = next((ch for ch in unicodedata.normalize("NFKC", text)
                  if not (ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf"))), "")
    if start in ("=", "+", "-", "@") or text[:1] in ("\t", "\r"):
        return "'" + text
    return text


PLATFORM_LABELS = {
    "instagram": "Instagram", "tiktok": "TikTok", "youtube": "YouTube", "threads": "Threads",
    "pinterest": "Pinterest", "twitch": "Twitch", "blog": "Blog", "other": "Other",
}

def label_of(value: str) -> str:
    """An enum value as words: 'changes_requested' -> 'Changes requested'."""
    return value.replace("_", " ").replace("-", " ").capitalize()


def platform_label(platform: str) -> str:
    """'TikTok', 'YouTube': a platform as people write it."""
    return PLATFORM_LABELS.get(platform, label_of(platform))
