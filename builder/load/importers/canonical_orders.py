"""Canonical orders: any file whose header has `order_id` (SPEC §3)."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from builder.load.importers.base import (
    ImportContext,
    Imported,
    cell_problems,
    header_problem,
    parse_date,
    parse_money,
    read_strings,
)
from builder.model.program import ORDERS_SCHEMA

NAME = "orders"
COLUMNS = ("order_id", "date", "code", "utm_content", "revenue", "currency")


def matches(header: list[str]) -> bool:
    return "order_id" in header


def read(path: Path, rel: str, ctx: ImportContext) -> Imported:
    frame = read_strings(path)
    header = [c for c in frame.columns if c != "line"]
    if any(c not in header for c in COLUMNS):
        return Imported(problems=[header_problem(rel, header, ",".join(COLUMNS))])
    result = Imported()
    date, result.problems = cell_problems(frame, "date", parse_date("date"), rel,
                                          "a date (YYYY-MM-DD)",
                                          "Write a real calendar date as YYYY-MM-DD.", False)
    revenue, found = cell_problems(frame, "revenue", parse_money("revenue"), rel,
                                   "an amount", "Write a plain number such as 42.50.", False)
    result.problems += found
    currency = pl.col("currency").str.strip_chars().str.to_uppercase()
    currency, found = cell_problems(frame, "currency",
                                    pl.when(currency.str.contains(r"^[A-Z]{3}$")).then(currency),
                                    rel, "an ISO 4217 currency code",
                                    "Write a three-letter code such as USD.", False)
    result.problems += found
    order_id = pl.col("order_id").str.strip_chars()
    order_id, found = cell_problems(frame, "order_id", pl.when(order_id != "").then(order_id),
                                    rel, "an order id", "Every order needs its id.", False)
    result.problems += found

    def optional(column: str) -> pl.Expr:
        value = pl.col(column).str.strip_chars()
        return pl.when(value != "").then(value)

    orders = frame.select(
        order_id.alias("order_id"), date.alias("date"), optional("code").alias("code"),
        optional("utm_content").alias("utm_content"), revenue.alias("revenue"),
        currency.alias("currency"), pl.lit(True).alias("converts"),
        pl.lit(rel).alias("source"), pl.col("line"),
    )
    result.orders = orders.drop_nulls(["order_id", "date", "revenue", "currency"]).cast(
        ORDERS_SCHEMA)  # type: ignore[arg-type]
    return result
