"""Who may see what (SPEC §4): parse an audience and cut the program down to its part.

Every renderer receives only the filtered program, so what an audience may not see never
reaches its output folder.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import partial
from typing import Literal

import polars as pl

from builder.kpi.orders import attribute, unique_orders
from builder.memo import Memo
from builder.model.campaign import CampaignSpec, Engagement
from builder.model.common import IDENTIFIER_PATTERN
from builder.model.creator import Creator, Payout, PrivateData, mask_account
from builder.model.program import Campaign, CampaignMetrics, Program

AudienceKind = Literal["team", "public", "brand", "creator"]


@dataclass(frozen=True, order=True)
class Audience:
    kind: AudienceKind
    id: str | None = None

    def __str__(self) -> str:
        return f"{self.kind}:{self.id}" if self.id else self.kind

    @property
    def folder(self) -> str:
        """Folder name under site/ for `--audience all` (':' becomes '-')."""
        return str(self).replace(":", "-")

    @property
    def sees_money(self) -> bool:
        """Fees, rosters with fees, budgets: team and brand only."""
        return self.kind in ("team", "brand")


class AudienceError(ValueError):
    pass


def parse_audience(text: str) -> Audience:
    if text in ("team", "public"):
        return Audience(text)  # type: ignore[arg-type]
    kind, _, ident = text.partition(":")
    if kind in ("brand", "creator") and re.fullmatch(IDENTIFIER_PATTERN, ident):
        return Audience(kind, ident)  # type: ignore[arg-type]
    raise AudienceError(f"'{text}' is not an audience: use team, public, brand:<id> or "
                        "creator:<handle>")


def all_audiences(program: Program) -> list[Audience]:
    return ([Audience("team"), Audience("public")]
            + [Audience("brand", b) for b in sorted(program.brands)]
            + [Audience("creator", h) for h in sorted(program.creators)])


def check_audience(program: Program, audience: Audience) -> str | None:
    """Why the audience does not exist in this program, or None."""
    if audience.kind == "brand" and audience.id not in program.brands:
        return f"brand '{audience.id}' does not exist"
    if audience.kind == "creator" and audience.id not in program.creators:
        return f"creator '{audience.id}' does not exist"
    return None


def filter_program(program: Program, audience: Audience, memo: Memo | None = None) -> Program:
    """The part of the program `audience` may see.

    "Today" (Program.today, the build date) stays the program's: a creator's
    deadlines and overdue payments must read the same as in the team's build. With a `memo`,
    an unchanged creator or campaign filters to the same object as last time.
    """
    return _filter(program, audience, memo or Memo())


def _filter(program: Program, audience: Audience, memo: Memo) -> Program:
    def each(what: Callable[[Creator], Creator], creator: Creator) -> Creator:
        return memo.get(what.__name__, (creator,), partial(what, creator))

    if audience.kind == "team":
        return program.narrowed(creators={h: each(_for_team, c)
                                          for h, c in program.creators.items()})
    if audience.kind == "public":
        creators = {h: each(_public, c) for h, c in program.creators.items()
                    if c.profile.public}
        return program.narrowed(brands={}, creators=creators, campaigns={})
    if audience.kind == "brand":
        campaigns = {s: c for s, c in program.campaigns.items() if c.spec.brand == audience.id}
        handles = {e.handle for c in campaigns.values() for e in c.spec.creators}
        creators = {h: each(_for_contract, c) for h, c in program.creators.items()
                    if h in handles}
        brands = {b: v for b, v in program.brands.items() if b == audience.id}
        return program.narrowed(brands=brands, creators=creators, campaigns=campaigns)
    handle = audience.id or ""
    campaigns = {s: memo.get("for-creator", (c, handle), partial(_for_creator, c, handle))
                 for s, c in program.campaigns.items() if c.spec.engagement(handle) is not None}
    brand_ids = {c.spec.brand for c in campaigns.values()}
    creators = ({handle: each(_for_contract, program.creators[handle])}
                if handle in program.creators else {})
    brands = {b: v for b, v in program.brands.items() if b in brand_ids}
    return program.narrowed(brands=brands, creators=creators, campaigns=campaigns)


def _for_team(creator: Creator) -> Creator:
    private = creator.private
    if private is None:
        return creator
    payout = private.payout
    masked = Payout(method=payout.method, account=mask_account(payout.account)) if payout else None
    return creator.model_copy(update={"private": private.model_copy(
        update={"payout": masked, "tax_id": None})})


def _for_contract(creator: Creator) -> Creator:
    """Only what a contract prints: legal name and address."""
    private = creator.private
    kept = (PrivateData(legal_name=private.legal_name, address=private.address)
            if private else None)
    return creator.model_copy(update={"private": kept})


def _public(creator: Creator) -> Creator:
    update: dict[str, object] = {"private": None}
    if not creator.profile.rates_public:
        update["profile"] = creator.profile.model_copy(update={"rates": None})
    return creator.model_copy(update=update)


def _for_creator(campaign: Campaign, handle: str) -> Campaign:
    """A creator sees their own engagement only; no budget, no other creators' rows."""
    spec: CampaignSpec = campaign.spec
    own: list[Engagement] = [e for e in spec.creators if e.handle == handle]
    spec = spec.model_copy(update={
        "creators": own,
        "budget": spec.budget.model_copy(update={"amount": Decimal(0)}),
    })
    metrics = campaign.metrics
    # Attribute against the whole roster first, so an order counts for the same creator here
    # as in the team's figures (a code wins over another creator's utm_content).
    orders = attribute(unique_orders(metrics.orders), campaign.spec)
    metrics = CampaignMetrics(
        posts=metrics.posts.filter(pl.col("creator") == handle),
        orders=orders.filter(pl.col("creator") == handle).drop("creator"),
        files=metrics.files,
    )
    return replace(campaign, spec=spec, metrics=metrics,
                   drafts=tuple(d for d in campaign.drafts if d.handle == handle),
                   signed={h: p for h, p in campaign.signed.items() if h == handle})
