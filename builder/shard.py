"""`--shard K/N`: a deterministic share of the audiences and contracts, so CI jobs can build
one share each.

Audiences are dealt round-robin in their fixed order (team, public, brands, creators, each
sorted), and so are contracts in the order of their paths. A shard builds its audiences' sites
and prints its contracts into every folder that shows them (the team's, the brand's, the
creator's, whichever shard builds that site), so each contract is printed once. Copying the N
output folders into one gives the same bytes as a single build.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

from builder.audience import Audience
from builder.model.campaign import CONTRACT_STATUSES
from builder.model.program import Program

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


def contract_audiences(program: Program) -> dict[str, list[Audience]]:
    """Every generated contract, by its path in a site, and the audiences whose sites show it."""
    from builder.render.contracts.printing import contract_path

    return {contract_path(slug, e.handle): [Audience("team"), Audience("brand", c.spec.brand),
                                            Audience("creator", e.handle)]
            for slug, c in sorted(program.campaigns.items()) for e in c.spec.creators
            if e.status in CONTRACT_STATUSES}
