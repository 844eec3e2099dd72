"""Shopify orders export (Admin → Orders → Export), SPEC §3.

One row per line item; order-level fields are filled on the first row of an order only, so rows
are grouped by `Name` and the order-level fields are taken from the first row that has them.
Shopify has no UTM column: these orders are attributed by discount code only. A buyer may
combine codes (`FREESHIP, MAYA15`): the order's code is the one roster code in the cell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

import polars as pl

from builder.load.importers.base import ImportContext, Imported
from builder.load.importers.exports import CellProblems, Row, read_rows, resaved_cells
from builder.load.importers.source import RESAVED_HINT, MetricFile
from builder.model.common import CURRENCIES
from builder.model.program import ORDERS_SCHEMA
from builder.problems import Problem

NAME = "Shopify orders export"
SIGNATURE = ("Name", "Financial Status", "Discount Code", "Total", "Created at")
REQUIRED = (*SIGNATURE, "Currency")
NOT_CONVERTING = frozenset({"voided", "refunded"})
"""Financial statuses of orders that are not conversions (a cancelled order is not one either)."""

_AMOUNT = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")
_DECIMAL_COMMA = re.compile(r"^-?[0-9]+,[0-9]{1,2}$")
"""59,90: how a spreadsheet with decimal commas writes an amount it re-saved."""
_HINT = "Export the orders again from Shopify (Orders → Export), or correct the cell."


def matches(header: list[str]) -> bool:
    names = {name.strip() for name in header}
    return all(column in names for column in SIGNATURE)


@dataclass
class _Order:
    """An order as its rows accumulate: the first row that carries order-level fields wins."""

    name: str
    line: int
    first: Row | None = None


def read(file: MetricFile, ctx: ImportContext) -> Imported:
    rel = file.rel
    header, rows = read_rows(file)
    missing = [column for column in REQUIRED if column not in header]
    if missing:
        return Imported(problems=[Problem(
            rel, 1, None, "error", "csv-header",
            f"the Shopify orders export has no column {', '.join(missing)}",
            "Export the orders again from Shopify (Orders → Export → all columns).")])
    resaved = resaved_cells(rel, rows)
    if resaved:
        return Imported(problems=resaved)
    cells = CellProblems(rel)
    codes = {e.promo_code.strip().upper(): e.handle for e in ctx.roster().values()
             if e.promo_code}
    orders: dict[str, _Order] = {}
    for row in rows:
        name = row.get("Name")
        if not name:
            cells.add(row.line, "Name", "a blank cell is not an order name",
                      "Every line item row of the export names its order.")
            continue
        order = orders.setdefault(name, _Order(name, row.line))
        if order.first is None and row.get("Created at"):
            order.first = row
    columns: dict[str, list[object]] = {name: [] for name in ORDERS_SCHEMA}
    for order in orders.values():
        parsed = _parse_order(order, cells, codes)
        if parsed is None:
            continue
        for column, value in zip(ORDERS_SCHEMA, (*parsed, rel, order.line), strict=True):
            columns[column].append(value)
    frame = pl.DataFrame(columns, schema=ORDERS_SCHEMA)
    return Imported(orders=frame, problems=cells.finish())


def _parse_order(order: _Order, cells: CellProblems, codes: dict[str, str]
                 ) -> tuple[str, date, str | None, None, Decimal, str, bool] | None:
    """order_id, date, code, utm_content, revenue, currency, converts; None if unusable.

    `codes`: the roster's promo codes (upper case) -> handle.
    """
    row = order.first
    if row is None:
        cells.add(order.line, "Created at", f"order {order.name} has no row with its creation "
                  "date", "Keep the order's first row: it carries the order-level fields.")
        return None
    created = row.get("Created at")
    day = _date_part(created)
    if day is None:
        cells.add(row.line, "Created at", f"{created!r} is not a date and time "
                  "(YYYY-MM-DD HH:MM:SS ±HHMM)",
                  RESAVED_HINT if "/" in created else _HINT)
    total = _amount(row, "Total", cells, blank_is_zero=False)
    refunded = _amount(row, "Refunded Amount", cells, blank_is_zero=True)
    currency = row.get("Currency").upper()
    if currency not in CURRENCIES:
        cells.add(row.line, "Currency", f"{row.get('Currency')!r} is not an ISO 4217 currency "
                  "code", _HINT)
        return None
    if day is None or total is None or refunded is None:
        return None
    status = row.get("Financial Status").lower()
    converts = status not in NOT_CONVERTING and not row.get("Cancelled at")
    code = _roster_code(order, row, codes, cells)
    return order.name, day, code, None, total - refunded, currency, converts


def _roster_code(order: _Order, row: Row, codes: dict[str, str], cells: CellProblems
                 ) -> str | None:
    """The order's code: of codes combined in one cell (`FREESHIP, MAYA15`), the one on the
    roster; the cell as it is when none is. Two roster codes are an error: the order cannot
    be given to one creator."""
    cell = row.get("Discount Code")
    if "," not in cell:
        return cell or None
    on_roster = [c.strip() for c in cell.split(",") if c.strip().upper() in codes]
    if len(on_roster) > 1:
        creators = " and ".join(f"{codes[c.upper()]} ({c})" for c in on_roster)
        cells.add(row.line, "Discount Code", f"order {order.name} combines the codes of "
                  f"{creators}; it cannot count for both",
                  "Decide whose order it is and keep only that creator's code in the order's "
                  "Discount Code cell.")
        return None
    return on_roster[0] if on_roster else cell


def _date_part(value: str) -> date | None:
    """The calendar date as written, before the time and offset: the shop's local day."""
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _amount(row: Row, column: str, cells: CellProblems, blank_is_zero: bool) -> Decimal | None:
    text = row.get(column)
    if not text and blank_is_zero:
        return Decimal(0)
    if _AMOUNT.match(text):
        try:
            return Decimal(text)
        except InvalidOperation:
            pass
    if _DECIMAL_COMMA.match(text):
        cells.add(row.line, column, f"{text!r} has a decimal comma: the file was re-saved by a "
                  "spreadsheet", RESAVED_HINT)
        return None
    shown = "a blank cell" if not text else repr(text)
    cells.add(row.line, column, f"{shown} is not an amount", _HINT)
    return None
