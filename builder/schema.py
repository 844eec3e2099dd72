"""JSON Schemas for every YAML file kind, generated from the models.

The schemas judge a file as an editor sees it, and must agree with `nanokit check`. An editor
reads YAML 1.2, where `+15035550142` and `012345678` are numbers, `yes` is text and
`2026-03-10` is text; nanokit reads every scalar as text and lets the model type it. So a text
field also takes numbers and booleans, a number also takes its digits written as text, a yes/no
field takes every word `check` takes, and dates, money and codes carry the patterns that
`check` applies (a calendar date, an amount of zero or more, upper-case country codes).
Amounts are bounded by the largest cap of any currency: the precise cap of each currency needs
the currency, which a schema cannot look up, so only `check` applies it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

from builder.model.brand import Brand
from builder.model.campaign import CampaignSpec
from builder.model.common import (
    MAX_AMOUNT_ANY,
    MAX_FOLLOWERS,
    checked_amount,
    checked_followers,
)
from builder.model.content import DraftMeta
from builder.model.creator import PrivateData, Profile

FILE_KINDS: dict[str, tuple[type[BaseModel], str]] = {
    "brand": (Brand, "brands/*.yml"),
    "profile": (Profile, "creators/*/profile.yml"),
    "private": (PrivateData, "creators/*/private.yml"),
    "campaign": (CampaignSpec, "campaigns/*/campaign.yml"),
    "draft": (DraftMeta, "front matter of campaigns/*/content/*/*.md"),
}

_DIGITS = r"[0-9](_?[0-9])*"
_DECIMAL = rf"({_DIGITS}(\.([0-9](_?[0-9])*)?)?|\.{_DIGITS})([eE][-+]?{_DIGITS})?"
_SPACE = r"[ \t]*"
_DAY_OF_MONTH = (r"((0[13578]|1[02])-(0[1-9]|[12][0-9]|3[01])|(0[469]|11)-(0[1-9]|[12][0-9]|30)"
                 r"|02-(0[1-9]|1[0-9]|2[0-8]))")
_LEAP_YEAR = r"([0-9]{2}(0[48]|[2468][048]|[13579][26])|([02468][048]|[13579][26])00)"
CALENDAR_DATE_PATTERN = rf"^([0-9]{{4}}-{_DAY_OF_MONTH}|{_LEAP_YEAR}-02-29)$"
"""YYYY-MM-DD of a day that exists (2026-02-30 does not; 2028-02-29 does)."""
_TRUE_OR_FALSE = ("true", "false", "yes", "no", "on", "off", "t", "f", "y", "n", "1", "0")
"""What pydantic takes as a boolean when written as text, in any case."""

_BOUNDS_OF_VALIDATOR: dict[Callable[..., Any], dict[str, Decimal]] = {
    # The cap of the currency with the largest scale: a schema cannot look up the currency of
    # an amount, so `check` applies each currency's own cap (CURRENCY_SCALE).
    checked_amount: {"ge": Decimal(0), "le": MAX_AMOUNT_ANY},
    checked_followers: {"le": Decimal(MAX_FOLLOWERS)},
}
"""Validators whose rule is a bound the schema can state."""


_SMALL_POWERS_OF_TEN = (1, 10, 100, 1000)


def _any_case(word: str) -> str:
    return "".join(f"[{c.lower()}{c.upper()}]" if c.isalpha() else c for c in word)


def _number_text(bounds: dict[str, Any], integer: bool) -> str:
    """A pattern for a number written as text, as pydantic parses it: without a minus sign
    when the number may not be negative, and a whole number of a short range spelled out."""
    ge, gt, le = bounds.get("ge"), bounds.get("gt"), bounds.get("le")
    sign = "[+]?" if (ge is not None and ge >= 0) or (gt is not None and gt >= 0) else "[-+]?"
    body = _DECIMAL
    if integer and ge is not None and ge >= 0 and le is not None and le - ge <= 20:
        body = "0*(" + "|".join(str(n) for n in range(int(ge), int(le) + 1)) + r")(\.0*)?"
    elif integer:
        body = rf"{_DIGITS}(\.0*)?"
    elif ge is not None and ge >= 0 and le in _SMALL_POWERS_OF_TEN:
        # A share or a percentage: below the bound with any decimals, or the bound itself.
        digits = len(str(int(le))) - 1
        whole = f"[0-9]{{1,{digits}}}" if digits else "0"
        body = rf"0*({whole}(\.[0-9]*)?|\.[0-9]+|{int(le)}(\.0*)?)"
    return rf"^{_SPACE}{sign}{body}{_SPACE}$"


def _bounds(schema: Any) -> dict[str, Any]:
    return {k: schema[k] for k in ("ge", "gt", "le", "lt") if k in schema}


class EditorJsonSchema(GenerateJsonSchema):
    """Pydantic's schema generator, with scalars as YAML 1.2 editors see them."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._bounds: dict[str, Decimal] = {}

    def str_schema(self, schema: core_schema.StringSchema) -> JsonSchemaValue:
        text = super().str_schema(schema)
        pattern = schema.get("pattern")
        if pattern is None:
            return {"anyOf": [text, {"type": ["number", "boolean"]}]}
        if re.search(pattern, "2026"):  # identifiers may be all digits, e.g. `ref: 2291`
            return {"anyOf": [text, {"type": "integer", "minimum": 0}]}
        return text

    def int_schema(self, schema: core_schema.IntSchema) -> JsonSchemaValue:
        return {"anyOf": [super().int_schema(schema),
                          {"type": "string", "pattern": _number_text(_bounds(schema), True)}]}

    def float_schema(self, schema: core_schema.FloatSchema) -> JsonSchemaValue:
        return {"anyOf": [super().float_schema(schema),
                          {"type": "string", "pattern": _number_text(_bounds(schema), False)}]}

    def decimal_schema(self, schema: core_schema.DecimalSchema) -> JsonSchemaValue:
        bounds = _bounds(schema) | self._bounds
        number: JsonSchemaValue = {"type": "number"}
        names = {"ge": "minimum", "gt": "exclusiveMinimum", "le": "maximum",
                 "lt": "exclusiveMaximum"}
        number |= {names[k]: int(v) if v == int(v) else float(v) for k, v in bounds.items()}
        return {"anyOf": [number,
                          {"type": "string", "pattern": _number_text(bounds, False)}]}

    def bool_schema(self, schema: core_schema.BoolSchema) -> JsonSchemaValue:
        words = "|".join(_any_case(word) for word in _TRUE_OR_FALSE)
        return {"anyOf": [{"type": "boolean"},
                          {"type": "string", "pattern": rf"^{_SPACE}({words}){_SPACE}$"},
                          {"enum": [0, 1]}]}

    def date_schema(self, schema: core_schema.DateSchema) -> JsonSchemaValue:
        return {"type": "string", "format": "date", "pattern": CALENDAR_DATE_PATTERN}

    def dict_schema(self, schema: core_schema.DictSchema) -> JsonSchemaValue:
        mapping = super().dict_schema(schema)
        patterns = mapping.pop("patternProperties", None)
        if patterns:  # keys with a pattern: say that every key must match it
            ((pattern, value),) = patterns.items()
            mapping |= {"propertyNames": {"pattern": pattern}, "additionalProperties": value}
        return mapping

    def function_after_schema(
            self, schema: core_schema.AfterValidatorFunctionSchema) -> JsonSchemaValue:
        bounds = _BOUNDS_OF_VALIDATOR.get(schema["function"]["function"], {})
        outer, self._bounds = self._bounds, bounds
        try:
            return super().function_after_schema(schema)
        finally:
            self._bounds = outer


def json_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema of one file kind (a key of FILE_KINDS)."""
    model, pattern = FILE_KINDS[kind]
    schema = model.model_json_schema(mode="validation", schema_generator=EditorJsonSchema)
    about = f"nanokit: {pattern}. {schema.pop('description', '')}".strip()
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": f"{kind}.schema.json", "description": about, **schema}


def write_schemas(out: Path) -> list[Path]:
    """Write `<kind>.schema.json` for each file kind; return the paths written."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in FILE_KINDS:
        path = out / f"{kind}.schema.json"
        path.write_text(json.dumps(json_schema(kind), indent=2, sort_keys=True) + "\n",
                        encoding="utf-8")
        written.append(path)
    return written
