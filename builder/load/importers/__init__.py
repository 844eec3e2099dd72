"""Metric file importers, one module per format, registered here in one place.

Each module has `NAME` (shown in messages), `matches(header) -> bool` (the first record's
names, trimmed) and `read(file, ctx) -> Imported`. Columns are always mapped by name, never by
position. The first module whose `matches` holds reads the file, so the more specific come
first; a file no module matches is an error naming its header.
"""

from __future__ import annotations

from types import ModuleType

from builder.load.importers import (
    canonical_orders,
    canonical_posts,
    instagram,
    meta_account,
    resaved,
    shopify,
    tiktok,
    tiktok_account,
    youtube,
    youtube_other,
)
from builder.load.importers.base import SUPPORTED_EXPORTS, ImportContext, Imported
from builder.load.importers.source import WORKBOOK_SUFFIX, MetricFile, open_metric_file

IMPORTERS: tuple[ModuleType, ...] = (
    resaved, meta_account, tiktok_account, shopify, instagram, tiktok, youtube, youtube_other,
    canonical_posts, canonical_orders)

__all__ = ["IMPORTERS", "SUPPORTED_EXPORTS", "WORKBOOK_SUFFIX", "ImportContext", "Imported",
           "MetricFile", "open_metric_file"]
