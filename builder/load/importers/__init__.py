"""Metric file importers, one module per format, registered here in one place.

Each module has `NAME` (shown in messages), `matches(header) -> bool` and
`read(path, rel, ctx) -> Imported`. Columns are always mapped by name, never by position.
"""

from __future__ import annotations

from types import ModuleType

from builder.load.importers import canonical_orders, canonical_posts, instagram, shopify, youtube
from builder.load.importers.base import ImportContext, Imported

IMPORTERS: tuple[ModuleType, ...] = (shopify, instagram, youtube, canonical_posts, canonical_orders)

__all__ = ["IMPORTERS", "ImportContext", "Imported"]
