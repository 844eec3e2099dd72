"""Turn pydantic validation errors into located problems (the one place that does it)."""

from __future__ import annotations

import difflib
import re
import types
import typing
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from builder.load.yamlfile import Loc, Positions
from builder.model.campaign import PAYMENT_DUE_PATTERN
from builder.model.common import COUNTRY_PATTERN, CURRENCY_PATTERN, IDENTIFIER_PATTERN
from builder.problems import Problem

M = TypeVar("M", bound=BaseModel)

_HINTS = {
    "missing": "Add the key; see `nanokit schema` for what it holds.",
    "date_from_datetime_parsing": "Write a real calendar date as YYYY-MM-DD, e.g. 2026-03-10.",
    "date_parsing": "Write a real calendar date as YYYY-MM-DD, e.g. 2026-03-10.",
    "date_from_datetime_inexact": "Write a date without a time, e.g. 2026-03-10.",
    "int_parsing": "Write a whole number without separators, e.g. 8400.",
    "decimal_parsing": "Write a plain number such as 250 or 12.50.",
    "bool_parsing": "Write true or false.",
    "enum": "Use one of the listed values.",
    "literal_error": "Use one of the listed values.",
    "decimal_type": "Write a plain number such as 250 or 12.50.",
    "finite_number": "Write a plain number such as 250 or 12.50.",
    "list_type": "Write a list, e.g. [a, b] or one `- item` per line.",
    "dict_type": "Write one `key: value` per line, or {key: value, ...}.",
    "model_type": "Write one `key: value` per line; `nanokit schema` lists the keys.",
    "string_type": "Write text here, not a list or mapping.",
}
_PATTERN_HINTS = {
    IDENTIFIER_PATTERN: "Use lower-case letters, digits and hyphens, e.g. maya-runs.",
    COUNTRY_PATTERN: "Write an ISO 3166-1 alpha-2 country code in capitals, e.g. US.",
    CURRENCY_PATTERN: "Write an ISO 4217 currency code in capitals, e.g. USD.",
    PAYMENT_DUE_PATTERN: "Use on_signature, on_posting, on_completion or "
                         "net_<days>_after_posting, e.g. net_30_after_posting.",
}
_PATTERN_REASONS = {
    IDENTIFIER_PATTERN: "must be lower-case letters, digits and hyphens",
    COUNTRY_PATTERN: "must be a two-letter country code in capitals",
    CURRENCY_PATTERN: "must be a three-letter currency code in capitals",
    PAYMENT_DUE_PATTERN: "must be on_signature, on_posting, on_completion or "
                         "net_<days>_after_posting",
}
_MAPPING_KINDS = ("model_type", "model_attributes_type", "dict_type")
_DATE = "expected a real calendar date as YYYY-MM-DD"
_NUMBER = "expected a plain number"
_WHOLE = "expected a whole number"
# nanokit's own words for each kind of pydantic error (pydantic's wording changes between releases);
# `{…}` takes a value from the error's context.
_REASONS = {
    "date_parsing": _DATE, "date_from_datetime_parsing": _DATE, "date_type": _DATE,
    "datetime_parsing": _DATE, "datetime_from_date_parsing": _DATE,
    "date_from_datetime_inexact": "expected a date without a time of day",
    "int_parsing": _WHOLE, "int_type": _WHOLE, "int_from_float": _WHOLE,
    "decimal_parsing": _NUMBER, "decimal_type": _NUMBER, "float_parsing": _NUMBER,
    "float_type": _NUMBER, "finite_number": "expected a finite number",
    "decimal_max_places": "expected at most {decimal_places} digits after the decimal point",
    "decimal_max_digits": "expected at most {max_digits} digits",
    "decimal_whole_digits": "expected at most {whole_digits} digits before the decimal point",
    "bool_parsing": "expected true or false", "bool_type": "expected true or false",
    "greater_than": "must be more than {gt}", "greater_than_equal": "must be {ge} or more",
    "less_than": "must be less than {lt}", "less_than_equal": "must be {le} or less",
    "string_type": "expected text, not a list or mapping",
    "string_too_short": "must be at least {min_length} characters long",
    "string_too_long": "must be at most {max_length} characters long",
    "string_pattern_mismatch": "is not written in the expected form",
    "list_type": "expected a list", "tuple_type": "expected a list",
    "too_short": "must hold at least {min_length} items",
    "too_long": "must hold at most {max_length} items",
    "url_parsing": "expected a web address such as https://example.com",
    "url_scheme": "expected a web address starting with http:// or https://",
}


def validate_model(model: type[M], data: Any, path: str,
                   positions: Positions) -> tuple[M | None, list[Problem]]:
    """Validate data against a model; every error becomes a Problem at its YAML position."""
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        return None, [_to_problem(model, err, path, positions) for err in exc.errors()]


def _to_problem(model: type[BaseModel], err: Any, path: str, positions: Positions) -> Problem:
    loc: Loc = tuple(err["loc"])
    kind: str = err["type"]
    where = _dotted(loc)
    if kind == "extra_forbidden":
        key = str(loc[-1])
        line, col = positions.of_key(loc)
        allowed = _fields_at(model, loc[:-1])
        close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
        message = f"unknown key '{key}'"
        if close:
            message += f"; did you mean '{close[0]}'?"
        hint = "Allowed keys here: " + ", ".join(allowed) + "." if allowed else "Remove the key."
        if "extra" in allowed:
            hint += " Free-form data belongs under `extra:`."
        return Problem(path, line, col, "error", "unknown-key", message, hint)
    if kind == "missing":
        line, col = positions.of_key(loc[:-1]) if len(loc) > 1 else (1 + positions.line_offset, 1)
        parent = _dotted(loc[:-1])
        message = f"missing required key '{loc[-1]}'" + (f" in {parent}" if parent else "")
        return Problem(path, line, col, "error", "missing-key", message, _HINTS["missing"])
    if loc and loc[-1] == "[key]":
        # A mapping key (e.g. a country under audience.countries) failed, not its value.
        loc = loc[:-1]
        where = _dotted(loc)
        line, col = positions.of_key(loc)
        reason = "key " + explain_error(err)
    else:
        line, col = positions.of_value(loc)
        reason = explain_error(err)
    value = err.get("input")
    shown = f" (got {value!r})" if isinstance(value, str) and value else ""
    message = f"{where}: {reason}{shown}" if where else reason
    hint = _HINTS.get(kind, "Correct the value; `nanokit schema` describes each key.")
    if value is None:
        hint = "Write a value after the colon, or remove the key."
    elif kind == "string_pattern_mismatch":
        hint = _PATTERN_HINTS.get(str(err.get("ctx", {}).get("pattern")), hint)
    return Problem(path, line, col, "error", f"invalid-{kind.replace('_', '-')}", message, hint)


def explain_error(err: Any) -> str:
    """What is wrong with a value, in nanokit's words, from one pydantic error record."""
    kind: str = err["type"]
    ctx: dict[str, Any] = err.get("ctx") or {}
    if err.get("input", "") is None and kind.endswith("_type"):
        return "has no value"
    if kind in ("value_error", "assertion_error"):
        return str(ctx.get("error", "is not accepted here"))  # our models' own messages
    if kind in _MAPPING_KINDS:
        return "expected a mapping of `key: value` lines"
    if kind in ("literal_error", "enum"):
        allowed = re.findall(r"'((?:[^'\\]|\\.)*)'", str(ctx.get("expected", "")))
        if not allowed:
            return "is not one of the values allowed here"
        return "expected one of " + ", ".join(allowed)
    if kind == "string_pattern_mismatch" and ctx.get("pattern") in _PATTERN_REASONS:
        return _PATTERN_REASONS[ctx["pattern"]]
    template = _REASONS.get(kind)
    if template is None:
        return "is not accepted here"
    try:
        return template.format(**ctx)
    except (KeyError, IndexError):
        return template.split(" {")[0]


def _dotted(loc: Loc) -> str:
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        elif part not in ("function-after",) and not str(part).startswith(("function-", "lax-")):
            text += f".{part}" if text else str(part)
    return text


def _fields_at(model: type[BaseModel], loc: Loc) -> list[str]:
    """The keys a mapping at `loc` accepts, for 'did you mean' hints."""
    current: Any = model
    for part in loc:
        current = _unwrap(current)
        if isinstance(part, int):
            args = typing.get_args(current)
            current = args[0] if args else None
        elif isinstance(current, type) and issubclass(current, BaseModel):
            info = current.model_fields.get(str(part))
            current = info.annotation if info else None
        else:
            return []
    current = _unwrap(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return sorted(current.model_fields)
    return []


def _unwrap(annotation: Any) -> Any:
    """Strip Optional/Annotated so the inner model or list type remains."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            annotation = args[0] if len(args) == 1 else annotation
            if len(args) != 1:
                return annotation
        else:
            return annotation
