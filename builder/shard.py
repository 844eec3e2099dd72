"""`--shard K/N`: a deterministic share of the audiences, so CI jobs can build one each.

Audiences are dealt round-robin in their fixed order (team, public, brands, creators, each
sorted), so the heavy team site and the many light creator sites spread evenly. Every shard
writes only its own audiences' folders (and, with the public site, the root files), so copying
the N output folders into one gives the same bytes as a single build.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")


class ShardError(ValueError):
    """A --shard value that is not K/N with 1 <= K <= N."""


@dataclass(frozen=True)
class Shard:
    index: int
    """K, counted from 1."""
    count: int
    """N."""

    @classmethod
    def parse(cls, text: str) -> Shard:
        match = re.fullmatch(r"(\d{1,4})/(\d{1,4})", text.strip())
        if not match or not 1 <= int(match[1]) <= int(match[2]):
            raise ShardError(f"--shard '{text}' is not K/N with 1 <= K <= N, e.g. 2/3")
        return cls(int(match[1]), int(match[2]))

    def share(self, items: Sequence[T]) -> list[T]:
        """This shard's items: every N-th, starting at the K-th."""
        return list(items[self.index - 1::self.count])

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"
