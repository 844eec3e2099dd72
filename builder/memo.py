"""Remember results of pure functions between rebuilds of a live preview.

Everything a load produces is immutable (frozen models and dataclasses, Polars frames that are
never mutated), so an object that comes back from the memo unchanged is the same object, and a
result computed from it can be reused as long as every input is the same object again. Files
enter the memo by their Source's key (path, size, mtime and inode on disk; the blob id in git):
a changed file gives new objects, which give new results for exactly what was computed from
them.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from datetime import date
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

_VALUES = (str, bytes, int, float, bool, Decimal, date, Enum, Path, type(None))


def _key(value: object) -> Hashable:
    if isinstance(value, _VALUES):
        return value
    if isinstance(value, tuple | list):
        return ("seq", *map(_key, value))
    if isinstance(value, Mapping):
        return ("map", *((_key(k), _key(v)) for k, v in value.items()))
    return ("obj", id(value))


class Memo:
    """Results by function name and inputs: values compare by value, other objects by identity.

    The memo keeps the inputs of every entry alive, so an identity is never reused while it is
    a key. `sweep()` after each build drops what that build did not use.
    """

    def __init__(self) -> None:
        self._entries: dict[Hashable, tuple[object, object]] = {}
        self._used: set[Hashable] = set()

    def get(self, name: str, inputs: tuple[object, ...], compute: Callable[[], T]) -> T:
        key = (name, _key(inputs))
        entry = self._entries.get(key)
        if entry is None:
            entry = self._entries[key] = (inputs, compute())
        self._used.add(key)
        return entry[1]  # type: ignore[return-value]

    def sweep(self) -> None:
        self._entries = {k: v for k, v in self._entries.items() if k in self._used}
        self._used = set()

