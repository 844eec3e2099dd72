"""Canonical orders: any file whose header has `order_id` (SPEC §3)."""

from __future__ import annotations

import polars as pl

from builder.load.importers.base import (
    FILE_LINE,
    ColumnRule,
    ImportContext,
    Imported,
    all_true,
    complete,
    from_first_day,
    header_problem,
    iso_date,
    money,
    parse_columns,
    parse_date,
    parse_money,
    read_strings,
    read_typed,
)
from builder.load.importers.source import MetricFile
from builder.model.common import CURRENCIES
from builder.model.program import ORDERS_SCHEMA

NAME = "orders"
COLUMNS = ("order_id", "date", "code", "utm_content", "revenue", "currency")


def matches(header: list[str]) -> bool:
    return "order_id" in header


def read(file: MetricFile, ctx: ImportContext) -> Imported:
    rel = file.rel
    well_formed = _read_well_formed(file)
    if well_formed is not None:
        return Imported(orders=well_formed)
    frame = read_strings(file.data)
    header = [c for c in frame.columns if c != "line"]
    if any(c not in header for c in COLUMNS):
        return Imported(problems=[header_problem(rel, header, ",".join(COLUMNS))])

    def text(column: str) -> pl.Expr:
        value = pl.col(column).str.strip_chars()
        return pl.when(value != "").then(value)

    currency = pl.col("currency").str.strip_chars().str.to_uppercase()
    rules = [
        ColumnRule("order_id", text("order_id"), "an order id", "Every order needs its id.",
                   allow_blank=False),
        ColumnRule("date", parse_date("date"), "a date (YYYY-MM-DD)",
                   "Write a real calendar date as YYYY-MM-DD.", allow_blank=False),
        ColumnRule("code", text("code"), "", ""),
        ColumnRule("utm_content", text("utm_content"), "", ""),
        ColumnRule("revenue", parse_money("revenue"), "an amount",
                   "Write a plain number such as 42.50.", allow_blank=False),
        ColumnRule("currency", pl.when(currency.is_in(list(CURRENCIES))).then(currency),
                   "an ISO 4217 currency code", "Write a three-letter code such as USD.",
                   allow_blank=False),
    ]
    parsed, problems = parse_columns(frame, rules, rel)
    orders = parsed.with_columns(pl.lit(True).alias("converts"), pl.lit(rel).alias("source"))
    orders = orders.drop_nulls(["order_id", "date", "revenue", "currency"])
    return Imported(orders=orders.select(list(ORDERS_SCHEMA)).cast(ORDERS_SCHEMA),  # type: ignore[arg-type]
                    problems=problems)


def _read_well_formed(file: MetricFile) -> pl.DataFrame | None:
    """The orders if every cell is valid as written (currencies in upper case); else None
    (then the checked path says what is not)."""
    frame = read_typed(file.data, {})
    if frame is None or any(c not in frame.columns for c in COLUMNS):
        return None
    orders = frame.select(
        "order_id", iso_date(pl.col("date")), "code", "utm_content",
        money(pl.col("revenue")), "currency", pl.lit(True).alias("converts"),
        pl.lit(file.rel).alias("source"), FILE_LINE)
    if not (complete(orders, "order_id", "date", "revenue") and from_first_day(orders["date"])
            and all_true(orders, pl.col("currency").is_in(list(CURRENCIES)))):
        return None
    return orders  # every column already has its ORDERS_SCHEMA type
