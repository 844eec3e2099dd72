"""`nanokit diff`: what a pull request changes in the program, for the people who review it.

Both revisions are loaded through the same loader (a git revision straight from the object
database, or the working tree) and compared as typed models, never as text. The result is a
`ProgramDiff`: sections per campaign (with the roster's creators inside), creator and brand,
each a list of `Change` with a sentence for people and the values for tools; the Markdown and
the JSON are two renderings of it.

Nothing of a creator's private.yml is ever compared for display: only whether it changed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from contextlib import ExitStack, closing
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import polars as pl
from pydantic import BaseModel

from builder.kpi import KPI_NAMES, SUM_NAMES, compute_campaign_kpis, published_figures
from builder.load.program import load_program
from builder.load.source import Revision, Source, WorkingTree
from builder.memo import Memo
from builder.model.campaign import Deliverable, Engagement, Terms
from builder.model.creator import Creator
from builder.model.program import Campaign, Program
from builder.problems import Problem, sort_problems
from builder.render.format import day, label_of, money, platform_label
from builder.render.pages.kpis import SHORT_LABELS, figure_text

APPROVAL_REASONS = {
    "added": "added to the roster", "removed": "removed from the roster", "fee": "fee",
    "gifted": "gifted item", "deliverables": "deliverables", "usage_rights": "usage rights",
    "exclusivity": "exclusivity", "kill_fee": "kill fee", "payment": "payment schedule",
}
"""What needs the creator's consent (terms never change behind a creator's back), in order."""
_TERM_REASONS = {"usage_rights": "usage_rights", "exclusivity": "exclusivity",
                 "kill_fee_percent": "kill_fee", "payment": "payment"}
_TERM_LABELS = {"payment": "Payment schedule", "usage_rights": "Usage rights",
                "exclusivity": "Exclusivity", "revision_rounds": "Revision rounds",
                "kill_fee_percent": "Kill fee", "governing_law": "Governing law"}
MAX_PROBLEM_LINES = 50
"""HEAD's validation errors shown in a comment; the rest are counted (all are in `check`)."""


@dataclass(frozen=True)
class Change:
    """One change, as a sentence for people and as values for tools."""

    kind: str
    """Stable name of what changed, e.g. `fee`, `deliverable-due`, `kpi`."""
    text: str
    old: Any = None
    new: Any = None
    difference: Any = None
    currency: str | None = None
    details: tuple[str, ...] = ()
    """Lines shown under the sentence (a draft's check results)."""

    def as_json(self) -> dict[str, Any]:
        doc: dict[str, Any] = {"kind": self.kind, "text": self.text}
        for name in ("old", "new", "difference", "currency"):
            value = getattr(self, name)
            if value is not None:
                doc[name] = _plain(value)
        if self.details:
            doc["details"] = list(self.details)
        return doc


@dataclass(frozen=True)
class Section:
    """A campaign, creator or brand that was added, removed, renamed or changed."""

    kind: str
    """campaign | creator | brand"""
    id: str
    title: str
    status: str
    """added | removed | renamed | changed"""
    changes: tuple[Change, ...] = ()
    members: tuple[tuple[str, tuple[Change, ...]], ...] = ()
    """A campaign's roster changes, per creator handle in handle order."""
    renamed_from: str | None = None


@dataclass(frozen=True)
class Approval:
    handle: str
    github: str | None
    reasons: tuple[str, ...]
    """Keys of APPROVAL_REASONS."""


@dataclass(frozen=True)
class ProgramDiff:
    base: str
    head: str
    head_problems: tuple[Problem, ...]
    """HEAD's errors, sorted."""
    base_errors: int
    sections: tuple[Section, ...]
    private_changed: tuple[str, ...]
    approvals: tuple[Approval, ...]

    @property
    def changed(self) -> bool:
        return bool(self.sections or self.private_changed)


def diff_revisions(root: Path, base: str, head: str | None) -> ProgramDiff:
    """Load BASE and HEAD (None: the working tree) of the program at `root` and compare them.

    One memo serves both loads and keys files by content, so every file HEAD did not change is
    parsed once.
    """
    memo = Memo()
    with ExitStack() as repositories:  # each Revision keeps git processes until closed
        base_source = repositories.enter_context(closing(Revision(root, base)))
        head_source: Source = (WorkingTree(root, content_keys=True) if head is None
                               else repositories.enter_context(closing(Revision(root, head))))
        old, old_problems = load_program(base_source, memo)
        new, new_problems = load_program(head_source, memo)
    return compare_programs(old, new, old_problems, new_problems,
                            base_source.name, head_source.name)


def compare_programs(old: Program, new: Program, old_problems: Iterable[Problem],
                     new_problems: Iterable[Problem], base: str, head: str) -> ProgramDiff:
    locale = new.config.locale
    head_problems = tuple(sort_problems(p for p in new_problems if p.severity == "error"))
    creator_renames = _renames(old.creators, new.creators, _same_creator)
    sections: list[Section] = []
    approvals: dict[str, set[str]] = {}
    campaign_renames = _renames(old.campaigns, new.campaigns, _same_campaign)
    for slug in _ids(old.campaigns, new.campaigns, campaign_renames):
        section = _campaign_section(old, new, slug, campaign_renames, creator_renames, locale,
                                    new_problems, approvals)
        if section is not None:
            sections.append(section)
    for handle in _ids(old.creators, new.creators, creator_renames):
        section = _creator_section(old, new, handle, creator_renames, locale)
        if section is not None:
            sections.append(section)
    brand_renames = _renames(old.brands, new.brands, lambda a, b: a == b)
    for brand_id in _ids(old.brands, new.brands, brand_renames):
        section = _plain_section("brand", brand_id, old.brands, new.brands, brand_renames,
                                 lambda b: b.name)
        if section is not None:
            sections.append(section)
    private = tuple(sorted(
        handle for handle in set(old.creators) | set(new.creators)
        if _private(old, creator_renames.get(handle, handle)) != _private(new, handle)))
    return ProgramDiff(
        base=base, head=head, head_problems=head_problems,
        base_errors=sum(p.severity == "error" for p in old_problems),
        sections=tuple(sections), private_changed=private,
        approvals=tuple(Approval(handle, _github(new, old, handle, creator_renames),
                                 tuple(r for r in APPROVAL_REASONS if r in reasons))
                        for handle, reasons in sorted(approvals.items())))


# --- identity across revisions ---------------------------------------------------------------

def _renames(old: Mapping[str, Any], new: Mapping[str, Any],
             same: Callable[[Any, Any], bool]) -> dict[str, str]:
    """new id -> old id, for an id that disappeared while one with the same content appeared."""
    removed = [k for k in old if k not in new]
    renames: dict[str, str] = {}
    for key in sorted(k for k in new if k not in old):
        match = next((r for r in removed if r not in renames.values() and same(old[r], new[key])),
                     None)
        if match is not None:
            renames[key] = match
    return renames


def _same_creator(a: Creator, b: Creator) -> bool:
    return (a.profile, a.private, a.media_kit, a.history) == (b.profile, b.private, b.media_kit,
                                                              b.history)


def _same_campaign(a: Campaign, b: Campaign) -> bool:
    return a.spec == b.spec and a.brief == b.brief


def _ids(old: Mapping[str, Any], new: Mapping[str, Any], renames: Mapping[str, str]) -> list[str]:
    """Every id of either revision once (a renamed one under its new id), sorted."""
    return sorted((set(old) - set(renames.values())) | set(new))


def _private(program: Program, handle: str) -> object:
    creator = program.creators.get(handle)
    return None if creator is None else creator.private


def _github(new: Program, old: Program, handle: str, renames: Mapping[str, str]) -> str | None:
    creator = new.creators.get(handle) or old.creators.get(renames.get(handle, handle))
    account = creator.profile.github if creator else None
    return (account.strip().lstrip("@") or None) if account else None


# --- campaigns ------------------------------------------------------------------------------

def _campaign_section(old: Program, new: Program, slug: str, campaign_renames: dict[str, str],
                      creator_renames: dict[str, str], locale: str,
                      new_problems: Iterable[Problem],
                      approvals: dict[str, set[str]]) -> Section | None:
    before = old.campaigns.get(campaign_renames.get(slug, slug))
    after = new.campaigns.get(slug)
    if after is None:
        assert before is not None
        for engagement in before.spec.creators:
            approvals.setdefault(engagement.handle, set()).add("removed")
        return Section("campaign", slug, before.spec.title, "removed")
    if before is None:
        for engagement in after.spec.creators:
            approvals.setdefault(engagement.handle, set()).add("added")
        return Section("campaign", slug, after.spec.title, "added",
                       _new_campaign(after, locale))
    roster_unchanged = old.config == new.config and all(
        old.creators.get(e.handle) is new.creators.get(e.handle) for e in after.spec.creators)
    if before is after and roster_unchanged and slug not in campaign_renames:
        return None  # the memo gave back the same campaign: none of its files changed
    currency = after.spec.currency
    changes = list(_spec_changes(before, after, locale))
    members: list[tuple[str, tuple[Change, ...]]] = []
    # A renamed creator keeps their engagement: match the old handle to the new one.
    old_roster = {}
    for engagement in before.spec.creators:
        renamed = next((n for n, o in creator_renames.items() if o == engagement.handle), None)
        old_roster[renamed or engagement.handle] = engagement
    new_roster = {e.handle: e for e in after.spec.creators}
    for handle in sorted(set(old_roster) | set(new_roster)):
        reasons: set[str] = set()
        found = _engagement_changes(before, after, old_roster.get(handle),
                                    new_roster.get(handle), currency, locale, reasons)
        if reasons:
            approvals.setdefault(handle, set()).update(reasons)
        if found:
            members.append((handle, tuple(found)))
    same_metrics = _same_metrics(before, after)
    if not same_metrics:
        changes += _metric_changes(before, after)
    if not (same_metrics and before.spec == after.spec and old.config == new.config
            and all(old.creators.get(h) == new.creators.get(h) for h in new_roster)):
        changes += _kpi_changes(old, new, before, slug, locale)
    changes += _draft_changes(before, after, new_problems)
    changes += [Change("signed-added", f"Signed contract added: `{after.signed[h]}`", new=h)
                for h in sorted(set(after.signed) - set(before.signed))]
    changes += [Change("signed-removed", f"Signed contract removed: `{before.signed[h]}`", old=h)
                for h in sorted(set(before.signed) - set(after.signed))]
    renamed_from = campaign_renames.get(slug)
    if not (changes or members or renamed_from):
        return None
    return Section("campaign", slug, after.spec.title, "renamed" if renamed_from else "changed",
                   tuple(changes), tuple(members), renamed_from)


def _new_campaign(campaign: Campaign, locale: str) -> tuple[Change, ...]:
    spec = campaign.spec
    return (Change("summary", f"Brand `{spec.brand}`, {label_of(spec.status)}, "
                              f"{day(spec.period.start, locale)} – {day(spec.period.end, locale)}, "
                              f"budget {money(spec.budget.amount, spec.currency, locale)}, "
                              f"{len(spec.creators)} creator(s) on the roster"),)


def _spec_changes(before: Campaign, after: Campaign, locale: str) -> Iterable[Change]:
    old, new = before.spec, after.spec
    if old.budget != new.budget:
        yield _money_change("budget", "Budget", old.budget.amount, new.budget.amount,
                            old.budget.currency, new.budget.currency, locale)
    if old.status != new.status:
        yield Change("status", f"Status: {label_of(old.status)} → {label_of(new.status)}",
                     old.status.value, new.status.value)
    if old.period != new.period:
        yield Change("period", "Period: "
                     f"{day(old.period.start, locale)} – {day(old.period.end, locale)} → "
                     f"{day(new.period.start, locale)} – {day(new.period.end, locale)}",
                     old.period, new.period)
    for name in ("title", "brand", "goal", "tier", "markets", "targets", "tracking"):
        before_value, after_value = getattr(old, name), getattr(new, name)
        if before_value != after_value:
            yield Change(name, f"{label_of(name)}: {_words(before_value)} → "
                               f"{_words(after_value)}", before_value, after_value)
    for name in type(old.disclosure).model_fields:
        before_value, after_value = getattr(old.disclosure, name), getattr(new.disclosure, name)
        if before_value != after_value:
            yield Change("disclosure", f"Disclosure {name.replace('_', ' ')}: "
                                       f"{_words(before_value)} → {_words(after_value)}",
                         before_value, after_value)
    for change in _terms_changes(old.terms, new.terms, locale):
        yield Change(change.kind, f"Terms for every creator: {change.text}", change.old,
                     change.new)
    if before.brief != after.brief:
        yield Change("brief", "Brief changed")


def _engagement_changes(before: Campaign, after: Campaign, old: Engagement | None,
                        new: Engagement | None, currency: str, locale: str,
                        reasons: set[str]) -> list[Change]:
    if old is None and new is not None:
        reasons.add("added")
        return [Change("roster-added", f"Added to the roster: {label_of(new.status)}, fee "
                                       f"{money(new.fee, currency, locale)}",
                       new=new.status.value)]
    if new is None and old is not None:
        reasons.add("removed")
        return [Change("roster-removed", f"Removed from the roster (was {label_of(old.status)})",
                       old=old.status.value)]
    assert old is not None and new is not None
    changes: list[Change] = []
    if old.status != new.status:
        changes.append(Change("status", f"Status: {label_of(old.status)} → "
                                        f"{label_of(new.status)}",
                              old.status.value, new.status.value))
    if old.fee != new.fee:
        reasons.add("fee")
        changes.append(_money_change("fee", "Fee", old.fee, new.fee, before.spec.currency,
                                     currency, locale))
    if old.gifted != new.gifted:
        reasons.add("gifted")
        if old.gifted and new.gifted and old.gifted.item == new.gifted.item:
            changes.append(_money_change("gifted", f"Gifted value ({new.gifted.item})",
                                         old.gifted.value, new.gifted.value,
                                         before.spec.currency, currency, locale))
        else:
            changes.append(Change("gifted", f"Gifted: {_gift(old, before.spec.currency, locale)}"
                                            f" → {_gift(new, currency, locale)}",
                                  old.gifted, new.gifted))
    changes += _deliverable_changes(old.deliverables, new.deliverables, locale, reasons)
    old_terms, new_terms = before.spec.terms_for(old), after.spec.terms_for(new)
    for change in _terms_changes(old_terms, new_terms, locale):
        reasons.update(r for k, r in _TERM_REASONS.items() if change.kind == f"terms-{k}")
        if old.terms != new.terms:  # the campaign's own section says what all creators got
            changes.append(change)
    for name in ("promo_code", "signed_on", "payments", "rating", "notes", "extra"):
        if getattr(old, name) != getattr(new, name):
            changes.append(Change(name, f"{label_of(name)} changed",
                                  None if name in ("notes", "extra") else getattr(old, name),
                                  None if name in ("notes", "extra") else getattr(new, name)))
    return changes


def _deliverable_changes(old: list[Deliverable], new: list[Deliverable], locale: str,
                         reasons: set[str]) -> list[Change]:
    changes = []
    before, after = {d.id: d for d in old}, {d.id: d for d in new}
    for key in sorted(set(before) | set(after)):
        was, now = before.get(key), after.get(key)
        if was == now:
            continue
        reasons.add("deliverables")
        if was is None and now is not None:
            changes.append(Change("deliverable-added", f"Deliverable added: {key} "
                                  f"({_deliverable(now, locale)})", new=key))
        elif now is None and was is not None:
            changes.append(Change("deliverable-removed", f"Deliverable removed: {key} "
                                  f"({_deliverable(was, locale)})", old=key))
        elif was is not None and now is not None:
            if was.due != now.due:
                changes.append(Change("deliverable-due", f"Deliverable {key} due: "
                                      f"{day(was.due, locale)} → {day(now.due, locale)}",
                                      was.due, now.due, (now.due - was.due).days))
            if was.count != now.count:
                changes.append(Change("deliverable-count", f"Deliverable {key} count: "
                                      f"{was.count} → {now.count}", was.count, now.count))
            if (was.platform, was.type) != (now.platform, now.type):
                changes.append(Change("deliverable-kind", f"Deliverable {key}: "
                                      f"{_kind(was)} → {_kind(now)}",
                                      f"{was.platform}/{was.type}", f"{now.platform}/{now.type}"))
            if was.notes != now.notes:
                changes.append(Change("deliverable-notes", f"Deliverable {key}: notes changed"))
    return changes


def _terms_changes(old: Terms, new: Terms, locale: str) -> Iterable[Change]:
    for name, label in _TERM_LABELS.items():
        before, after = getattr(old, name), getattr(new, name)
        if before != after:
            yield Change(f"terms-{name}", f"{label}: {_term(name, before)} → "
                                          f"{_term(name, after)}", before, after)


def _term(name: str, value: Any) -> str:
    if value is None:
        return "none"
    if name == "payment":
        return ", ".join(f"{i.percent}% {i.due.replace('_', ' ')}" for i in value)
    if name == "usage_rights":
        return f"{', '.join(value.channels) or 'no channels'} for {value.months} month(s)"
    if name == "exclusivity":
        return f"{value.category} for {value.days} day(s)"
    if name == "kill_fee_percent":
        return f"{value}%"
    return str(value)


def _same_metrics(before: Campaign, after: Campaign) -> bool:
    old, new = before.metrics, after.metrics
    # Unchanged files give back the very same frames from the memo.
    return old is new or (old.files == new.files and old.posts.equals(new.posts)
                          and old.orders.equals(new.orders))


def _metric_changes(before: Campaign, after: Campaign) -> list[Change]:
    old, new = before.metrics, after.metrics
    changes = []
    for path in sorted(set(old.files) | set(new.files)):
        if path not in old.files:
            changes.append(Change("metrics-added", f"Metric file added: `{path}`", new=path))
        elif path not in new.files:
            changes.append(Change("metrics-removed", f"Metric file removed: `{path}`", old=path))
        elif not all(_rows(o, path).equals(_rows(n, path))
                     for o, n in ((old.posts, new.posts), (old.orders, new.orders))):
            changes.append(Change("metrics-changed", f"Metric file changed: `{path}`",
                                  old=path, new=path))
    return changes


def _rows(frame: pl.DataFrame, path: str) -> pl.DataFrame:
    return frame.filter(pl.col("source") == path)


def _kpi_changes(old: Program, new: Program, before: Campaign, slug: str, locale: str
                 ) -> list[Change]:
    """The campaign's published figures that differ, as the KPI code computes them."""
    old_kpis = compute_campaign_kpis(old, slug if slug in old.campaigns else
                                     next(k for k, v in old.campaigns.items() if v is before))
    new_kpis = compute_campaign_kpis(new, slug)
    if old_kpis.currency != new_kpis.currency:
        return []
    currency = new_kpis.currency
    was = published_figures(old_kpis.totals, currency)
    now = published_figures(new_kpis.totals, currency)
    changes = []
    for name in (*KPI_NAMES, *SUM_NAMES):
        before_text = figure_text(name, was[name], currency, locale)
        after_text = figure_text(name, now[name], currency, locale)
        if before_text != after_text:
            changes.append(Change(f"kpi-{name}", f"{SHORT_LABELS[name]}: {before_text} → "
                                                 f"{after_text}", was[name], now[name],
                                  currency=currency if name in ("spend", "revenue") else None))
    return changes


def _draft_changes(before: Campaign, after: Campaign,
                   new_problems: Iterable[Problem]) -> list[Change]:
    old_drafts = {d.path: d for d in before.drafts}
    problems = sort_problems(new_problems)
    changes = []
    for draft in after.drafts:
        was = old_drafts.get(draft.path)
        if was == draft:
            continue
        found = [p for p in problems if p.path == draft.path]
        errors = sum(p.severity == "error" for p in found)
        warnings = sum(p.severity == "warning" for p in found)
        verdict = ("passes the checks" if not found
                   else f"{errors} error(s), {warnings} warning(s)")
        state = (f"{'added' if was is None else 'changed'} ({label_of(draft.meta.status)})"
                 if was is None or was.meta.status == draft.meta.status
                 else f"{label_of(was.meta.status)} → {label_of(draft.meta.status)}")
        changes.append(Change(f"draft-{'added' if was is None else 'changed'}",
                              f"Draft `{draft.path}` {state}: {verdict}",
                              was.meta.status.value if was else None, draft.meta.status.value,
                              details=tuple(_problem_line(p) for p in found)))
    for path in sorted(set(old_drafts) - {d.path for d in after.drafts}):
        changes.append(Change("draft-removed", f"Draft `{path}` removed", old=path))
    return changes


# --- creators and brands ---------------------------------------------------------------------

def _creator_section(old: Program, new: Program, handle: str, renames: dict[str, str],
                     locale: str) -> Section | None:
    before = old.creators.get(renames.get(handle, handle))
    after = new.creators.get(handle)
    if after is None:
        assert before is not None
        return Section("creator", handle, before.profile.name, "removed")
    if before is None:
        return Section("creator", handle, after.profile.name, "added")
    changes = list(_rate_changes(before, after, locale))
    for name in type(after.profile).model_fields:
        if name != "rates" and getattr(before.profile, name) != getattr(after.profile, name):
            changes.append(Change(f"profile-{name}", f"Profile {name.replace('_', ' ')} changed"))
    if before.media_kit != after.media_kit:
        changes.append(Change("media-kit", "Media kit changed"))
    if before.history != after.history:
        changes.append(Change("history", "Follower history changed"))
    if before.private != after.private:
        changes.append(Change("private", f"Private data changed for {handle}"))
    renamed_from = renames.get(handle)
    if not (changes or renamed_from):
        return None
    return Section("creator", handle, after.profile.name,
                   "renamed" if renamed_from else "changed", tuple(changes), (), renamed_from)


def _rate_changes(before: Creator, after: Creator, locale: str) -> Iterable[Change]:
    old, new = before.profile.rates, after.profile.rates
    if old == new:
        return
    old_items = {(i.platform, i.type): i.price for i in old.items} if old else {}
    new_items = {(i.platform, i.type): i.price for i in new.items} if new else {}
    old_currency = old.currency if old else None
    new_currency = new.currency if new else None
    for key in sorted(set(old_items) | set(new_items)):
        label = f"Rate {platform_label(key[0])} {key[1]}"
        was, now = old_items.get(key), new_items.get(key)
        if was is None and now is not None and new_currency:
            yield Change("rate-added", f"{label} added: {money(now, new_currency, locale)}",
                         new=now, currency=new_currency)
        elif now is None and was is not None and old_currency:
            yield Change("rate-removed", f"{label} removed (was "
                                         f"{money(was, old_currency, locale)})",
                         old=was, currency=old_currency)
        elif was != now or old_currency != new_currency:
            assert was is not None and now is not None and old_currency and new_currency
            yield _money_change("rate", label, was, now, old_currency, new_currency, locale)
    for name in ("usage_rights_per_month_percent", "exclusivity_per_month_percent"):
        was_pct, now_pct = getattr(old, name, None), getattr(new, name, None)
        if was_pct != now_pct:
            yield Change("rate-" + name, f"{label_of(name)}: {_words(was_pct)} → "
                                         f"{_words(now_pct)}", was_pct, now_pct)


def _plain_section(kind: str, key: str, old: Mapping[str, Any], new: Mapping[str, Any],
                   renames: dict[str, str], title: Callable[[Any], str]) -> Section | None:
    before, after = old.get(renames.get(key, key)), new.get(key)
    if after is None:
        return Section(kind, key, title(before), "removed")
    if before is None:
        return Section(kind, key, title(after), "added")
    changes = [Change(name, f"{label_of(name)} changed") for name in type(after).model_fields
               if getattr(before, name) != getattr(after, name)]
    renamed_from = renames.get(key)
    if not (changes or renamed_from):
        return None
    return Section(kind, key, title(after), "renamed" if renamed_from else "changed",
                   tuple(changes), (), renamed_from)


# --- words ----------------------------------------------------------------------------------

def _money_change(kind: str, label: str, old: Decimal, new: Decimal, old_currency: str,
                  currency: str, locale: str) -> Change:
    if old_currency != currency:
        return Change(kind, f"{label}: {money(old, old_currency, locale)} → "
                            f"{money(new, currency, locale)}", old, new, None, currency)
    difference = new - old
    sign = "+" if difference > 0 else "−" if difference < 0 else "±"
    return Change(kind, f"{label}: {money(old, currency, locale)} → {money(new, currency, locale)}"
                        f" ({sign}{money(abs(difference), currency, locale)})",
                  old, new, difference, currency)


def _gift(engagement: Engagement, currency: str, locale: str) -> str:
    gift = engagement.gifted
    return "none" if gift is None else f"{gift.item} ({money(gift.value, currency, locale)})"


def _deliverable(deliverable: Deliverable, locale: str) -> str:
    count = f" ×{deliverable.count}" if deliverable.count > 1 else ""
    return f"{_kind(deliverable)}{count}, due {day(deliverable.due, locale)}"


def _kind(deliverable: Deliverable) -> str:
    return f"{platform_label(deliverable.platform)} {deliverable.type}"


def _words(value: Any) -> str:
    if value is None or value == [] or value == {}:
        return "none"
    if isinstance(value, BaseModel):
        data = value.model_dump(exclude_none=True)
        return ", ".join(f"{k.replace('_', ' ')} {_words(v)}" for k, v in data.items()) or "none"
    if isinstance(value, list | tuple):
        return ", ".join(_words(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k} {_words(v)}" for k, v in value.items())
    return str(getattr(value, "value", value))


def _plain(value: Any) -> Any:
    """A value as JSON: decimals as strings (exact), dates ISO, models as dicts."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", exclude_none=True)
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return getattr(value, "value", value)


def _problem_line(problem: Problem) -> str:
    """A problem for the comment; a private.yml problem shows where, never what (its message
    may quote a value)."""
    if problem.path.endswith("/private.yml"):
        return (f"{problem.location}: {problem.severity}: private data is invalid "
                f"({problem.code}); run `nanokit check` locally to see it")
    return f"{problem.location}: {problem.severity}: {problem.message}"


# --- rendering ------------------------------------------------------------------------------

_STATUS_WORDS = {"added": "added", "removed": "removed", "renamed": "renamed", "changed": ""}


def diff_markdown(diff: ProgramDiff) -> str:
    """The diff as a pull-request comment: validation first, then what needs consent, then the
    changes by campaign (with its creators), creator and brand."""
    head = "the working tree" if diff.head == "the working tree" else f"`{diff.head}`"
    lines = [f"## nanokit diff: `{diff.base}` → {head}", ""]
    if diff.head_problems:
        lines.append(f"**HEAD has {len(diff.head_problems)} error(s)** (`nanokit check` says "
                     "how to fix each):")
        lines += [f"- {_problem_line(p)}" for p in diff.head_problems[:MAX_PROBLEM_LINES]]
        if len(diff.head_problems) > MAX_PROBLEM_LINES:
            lines.append(f"- … and {len(diff.head_problems) - MAX_PROBLEM_LINES} more")
    else:
        lines.append("HEAD is valid.")
    if diff.base_errors:
        lines += ["", f"BASE had {diff.base_errors} error(s): the changes below compare with "
                      "what could be read of it."]
    if not diff.changed:
        return "\n".join([*lines, "", "No changes."]) + "\n"
    if diff.approvals:
        lines += ["", "### Needs the creator's approval", ""]
        for approval in diff.approvals:
            reasons = ", ".join(APPROVAL_REASONS[r] for r in approval.reasons)
            if approval.github:
                lines.append(f"- @{approval.github} ({approval.handle}): {reasons}")
            else:
                lines.append(f"- {approval.handle}: {reasons}. No `github` account in "
                             f"creators/{approval.handle}/profile.yml, so they cannot approve "
                             "here: add it, or get their consent another way.")
    for kind, heading in (("campaign", "Campaign"), ("creator", "Creator"), ("brand", "Brand")):
        for section in (s for s in diff.sections if s.kind == kind):
            lines += ["", _heading(heading, section), ""]
            lines += _change_lines(section.changes)
            for handle, changes in section.members:
                lines += ["", f"#### {handle}", ""]
                lines += _change_lines(changes)
            if kind == "creator" and section.id in diff.private_changed and not any(
                    c.kind == "private" for c in section.changes):
                lines.append(f"- Private data changed for {section.id}")
    shown = {s.id for s in diff.sections if s.kind == "creator"}
    for handle in diff.private_changed:
        if handle not in shown:
            lines += ["", f"### Creator `{handle}`", "", f"- Private data changed for {handle}"]
    return "\n".join(lines) + "\n"


def _heading(kind: str, section: Section) -> str:
    status = _STATUS_WORDS[section.status]
    if section.renamed_from:
        status = f"renamed from `{section.renamed_from}`"
    return f"### {kind} `{section.id}`: {section.title}" + (f" ({status})" if status else "")


def _change_lines(changes: tuple[Change, ...]) -> list[str]:
    """A bullet per change (KPIs together under one), details nested under their change."""
    lines: list[str] = []
    kpis = [c for c in changes if c.kind.startswith("kpi-")]
    for change in changes:
        if change.kind.startswith("kpi-"):
            if change is kpis[0]:
                lines.append("- KPIs:")
                lines += [f"  - {kpi.text}" for kpi in kpis]
            continue
        lines.append(f"- {change.text}")
        lines += [f"  - {detail}" for detail in change.details]
    return lines


def diff_json(diff: ProgramDiff) -> dict[str, Any]:
    """The same content for tools; `approvals_required` feeds `nanokit approvals`."""
    def section_json(section: Section) -> dict[str, Any]:
        doc: dict[str, Any] = {"id": section.id, "title": section.title,
                               "status": section.status,
                               "changes": [c.as_json() for c in section.changes]}
        if section.renamed_from:
            doc["renamed_from"] = section.renamed_from
        if section.kind == "campaign":
            doc["creators"] = {handle: [c.as_json() for c in changes]
                               for handle, changes in section.members}
        return doc

    return {
        "base": diff.base, "head": diff.head,
        "head_valid": not diff.head_problems,
        "head_errors": [_problem_line(p) for p in diff.head_problems],
        "base_errors": diff.base_errors,
        "changed": diff.changed,
        "campaigns": [section_json(s) for s in diff.sections if s.kind == "campaign"],
        "creators": [section_json(s) for s in diff.sections if s.kind == "creator"],
        "brands": [section_json(s) for s in diff.sections if s.kind == "brand"],
        "private_data_changed": list(diff.private_changed),
        "approvals_required": [{"handle": a.handle, "github": a.github,
                                "reasons": list(a.reasons)} for a in diff.approvals],
    }
