"""Checks across files: references exist, identifiers are unique, money fits its currency."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from babel.numbers import get_currency_precision

from builder.kpi.orders import order_problems
from builder.load.source import Source
from builder.load.yamlfile import Loc, Positions
from builder.model.campaign import CONTRACT_STATUSES, CampaignStatus
from builder.model.common import AMOUNT_IN_FULL, max_amount
from builder.model.creator import Creator
from builder.model.program import Program
from builder.problems import Problem


def check_program(program: Program, positions: dict[str, Positions], source: Source
                  ) -> list[Problem]:
    """Problems across files; `source` tells which files exist, valid or not."""
    problems: list[Problem] = []
    for slug in program.campaigns:
        problems.extend(_check_campaign(program, slug, positions[_campaign_file(slug)], source))
    problems.extend(_check_promo_codes(program, positions))
    problems.extend(_check_drafts(program))
    problems.extend(_check_rate_cards(program, positions))
    problems.extend(order_problems(program))
    return problems


def _campaign_file(slug: str) -> str:
    return f"campaigns/{slug}/campaign.yml"


def _lacks_contract_party(source: Source, creator: Creator) -> bool:
    """No legal name and address for a contract (an invalid private.yml is reported already)."""
    if creator.private is not None:
        return not creator.private.address
    return not source.is_file(f"creators/{creator.handle}/private.yml")


def _check_campaign(program: Program, slug: str, pos: Positions, source: Source
                    ) -> Iterator[Problem]:
    campaign = program.campaigns[slug]
    spec = campaign.spec
    rel = _campaign_file(slug)

    def at(loc: Loc, code: str, message: str, hint: str) -> Problem:
        line, col = pos.of_value(loc)
        return Problem(rel, line, col, "error", code, message, hint)

    # A file that exists but failed validation is reported already; "does not exist" would mislead.
    if spec.brand not in program.brands and not source.is_file(f"brands/{spec.brand}.yml"):
        # Identifiers that have a file, valid or not (an invalid one is reported on its own).
        known = [rel.removeprefix("brands/").removesuffix(".yml")
                 for rel in source.files("brands", ".yml")]
        yield at(("brand",), "unknown-brand", f"brand '{spec.brand}' does not exist",
                 f"Create brands/{spec.brand}.yml or use one of: "
                 f"{', '.join(known) or 'none yet'}.")
    lawless = [e.handle for e in spec.creators
               if e.status in CONTRACT_STATUSES and not spec.terms_for(e).governing_law]
    if lawless:
        line, col = pos.of_key(("terms",))
        yield Problem(rel, line, col, "warning", "contract-governing-law",
                      f"the contract for {', '.join(lawless)} names no governing law",
                      "Set terms.governing_law to the law the brand's lawyers chose, e.g. "
                      "\"State of New York, USA\" or \"England and Wales\".")
    precision = get_currency_precision(spec.currency)
    money: list[tuple[Loc, Decimal]] = [(("budget", "amount"), spec.budget.amount)]
    seen_handles: dict[str, int] = {}
    for i, engagement in enumerate(spec.creators):
        base: Loc = ("creators", i)
        if engagement.handle in seen_handles:
            yield at((*base, "handle"), "duplicate-handle",
                     f"'{engagement.handle}' is already on this roster "
                     f"(creators[{seen_handles[engagement.handle]}])",
                     "A creator has one engagement per campaign; merge the two entries.")
        seen_handles.setdefault(engagement.handle, i)
        creator = program.creators.get(engagement.handle)
        if creator is None and not source.is_file(f"creators/{engagement.handle}/profile.yml"):
            yield at((*base, "handle"), "unknown-creator",
                     f"creator '{engagement.handle}' does not exist",
                     f"Create creators/{engagement.handle}/profile.yml "
                     f"(`nanokit new creator {engagement.handle}`) or fix the handle.")
        elif (creator is not None and engagement.status in CONTRACT_STATUSES
              and _lacks_contract_party(source, creator)):
            yield at((*base, "status"), "contract-party-missing",
                     f"'{engagement.handle}' is {engagement.status} but has no legal name and "
                     "address for the contract",
                     f"Add legal_name and address to creators/{engagement.handle}/private.yml.")
        seen_ids: set[str] = set()
        for j, deliverable in enumerate(engagement.deliverables):
            if deliverable.id in seen_ids:
                yield at((*base, "deliverables", j, "id"), "duplicate-deliverable",
                         f"deliverable id '{deliverable.id}' is used twice for "
                         f"'{engagement.handle}'", "Give each deliverable its own id.")
            seen_ids.add(deliverable.id)
        money.append(((*base, "fee"), engagement.fee))
        if engagement.gifted:
            money.append(((*base, "gifted", "value"), engagement.gifted.value))
        money += [((*base, "payments", k, "amount"), p.amount)
                  for k, p in enumerate(engagement.payments)]
    for loc, amount in money:
        if amount > max_amount(spec.currency):
            yield at(loc, "money-too-large", *_too_much(amount, spec.currency))
        if decimal_places(amount) > precision:
            yield at(loc, "money-precision",
                     f"{amount} has more decimals than {spec.currency} allows ({precision})",
                     f"Round to {precision} decimal place(s).")


def _too_much(amount: Decimal, currency: str) -> tuple[str, str]:
    """Message and hint for an amount over its currency's cap."""
    return (f"{amount:,} {currency} is more than the {max_amount(currency):,} {currency} an "
            "amount may be", f"Check the digits; {AMOUNT_IN_FULL}. Every currency's cap is "
            "worth one to ten million US dollars.")


def decimal_places(amount: Decimal) -> int:
    """Digits after the point that matter (12.50 has 1), without rounding huge values."""
    _, digits, exponent = amount.as_tuple()
    significant = "".join(map(str, digits)).rstrip("0")
    if not isinstance(exponent, int) or not significant:  # NaN and infinity never pass the model
        return 0
    return max(0, -(exponent + len(digits) - len(significant)))


def _check_promo_codes(program: Program, positions: dict[str, Positions]) -> Iterator[Problem]:
    first: dict[str, str] = {}
    for slug, campaign in program.campaigns.items():
        if campaign.spec.status != CampaignStatus.ACTIVE:
            continue
        for i, engagement in enumerate(campaign.spec.creators):
            code = engagement.promo_code
            if not code:
                continue
            key = code.upper()
            if key in first:
                line, col = positions[_campaign_file(slug)].of_value(("creators", i, "promo_code"))
                yield Problem(_campaign_file(slug), line, col, "error",
                              "duplicate-promo-code",
                              f"promo code '{code}' is already used by {first[key]}",
                              "Orders are attributed by code: give each engagement of the active "
                              "campaigns its own code.")
            else:
                first[key] = f"'{engagement.handle}' in campaign '{slug}'"


def _check_drafts(program: Program) -> Iterator[Problem]:
    for slug, campaign in program.campaigns.items():
        for draft in campaign.drafts:
            engagement = campaign.spec.engagement(draft.handle)
            if engagement is None:
                yield Problem(draft.path, 1, 1, "error", "draft-unknown-creator",
                              f"'{draft.handle}' is not on the roster of '{slug}'",
                              "Move the draft under content/<handle>/ of a creator on the roster.")
            elif draft.deliverable not in {d.id for d in engagement.deliverables}:
                known = ", ".join(d.id for d in engagement.deliverables) or "none"
                yield Problem(draft.path, 1, 1, "error", "draft-unknown-deliverable",
                              f"'{draft.deliverable}' is not a deliverable of '{draft.handle}' in "
                              f"'{slug}'", f"Name the file after one of: {known}.")


def _check_rate_cards(program: Program, positions: dict[str, Positions]) -> Iterator[Problem]:
    for handle, creator in program.creators.items():
        rates = creator.profile.rates
        if rates is None:
            continue
        rel = f"creators/{handle}/profile.yml"
        precision = get_currency_precision(rates.currency)
        for i, item in enumerate(rates.items):
            if item.price > max_amount(rates.currency):
                line, col = positions[rel].of_value(("rates", "items", i, "price"))
                yield Problem(rel, line, col, "error", "money-too-large",
                              *_too_much(item.price, rates.currency))
            if decimal_places(item.price) > precision:
                line, col = positions[rel].of_value(("rates", "items", i, "price"))
                yield Problem(rel, line, col, "error",
                              "money-precision",
                              f"rate {item.price} has more decimals than {rates.currency} "
                              f"allows ({precision})",
                              f"Round to {precision} decimal place(s).")
