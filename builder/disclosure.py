"""Disclosure rule packs by market (SPEC §10) and their plain-language summary."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from builder.model.campaign import Disclosure

Position = Literal["start", "before-more"]
"""Where a label must stand: first thing in the caption, or anywhere seen before "more"."""


@dataclass(frozen=True)
class RulePackInfo:
    name: str
    authority: str
    labels: tuple[str, ...]
    """Labels the regulator accepts."""
    weak: tuple[str, ...]
    """Labels that are not enough on their own."""
    placement: str
    position: Position = "before-more"
    """What the draft check enforces of `placement`."""
    media_rule: str = ""
    """What the law requires on the image or video itself, which a caption check cannot see."""


RULE_PACKS: dict[str, RulePackInfo] = {
    "us-ftc": RulePackInfo(
        "United States", "FTC Endorsement Guides",
        ("#ad", "#sponsored", "Ad:", "Paid partnership"),
        ("#sp", "#spon", "#partner", "#collab", "#ambassador", "thanks <brand>"),
        "with the endorsement, before the “more” cut, not buried in a group of hashtags"),
    "uk-asa": RulePackInfo(
        "United Kingdom", "ASA / CAP Code",
        ("Ad", "#ad", "Advert", "Advertisement"),
        ("#gifted", "#sponsored", "#affiliate"),
        "upfront, before any click or “see more”, on every device", position="start"),
    "ie-asai": RulePackInfo(
        "Ireland", "ASAI", ("#ad", "#gifted"), (), "at the start of the caption",
        position="start"),
    "de": RulePackInfo(
        "Germany", "UWG / Landesmedienanstalten", ("Werbung", "Anzeige"), ("#ad", "#sponsored"),
        "at the front of the post", position="start"),
    "fr": RulePackInfo(
        "France", "Loi n° 2023-451", ("Publicité", "Collaboration commerciale"), (),
        "in the caption and, by law, on the image or video itself for the whole promotion",
        media_rule="'Publicité' or 'Collaboration commerciale' must also be shown on the image or "
                   "video itself, clearly and for the whole promotion"),
    "ca": RulePackInfo(
        "Canada", "Ad Standards", ("#ad", "#sponsored", "#pub", "#commandité"), (),
        "upfront, in the audience's language"),
}


def accepted_labels(disclosure: Disclosure) -> list[str]:
    """Every label that satisfies the campaign, in a stable order without repeats."""
    labels: list[str] = []
    for pack in disclosure.rules:
        labels += RULE_PACKS[pack.value].labels
    labels += disclosure.required_any
    return list(dict.fromkeys(labels))


def disclosure_summary(disclosure: Disclosure) -> list[str]:
    """The campaign's disclosure obligations as short plain-English sentences."""
    lines = []
    for pack in disclosure.rules:
        info = RULE_PACKS[pack.value]
        lines.append(f"{info.name} ({info.authority}): use {', '.join(info.labels)} — "
                     f"{info.placement}.")
    if disclosure.required_any:
        lines.append(f"Use at least one of {', '.join(disclosure.required_any)} within the first "
                     "line and the first 125 characters.")
    if disclosure.must_tag:
        lines.append(f"Tag {', '.join(disclosure.must_tag)}.")
    if disclosure.must_hashtag:
        lines.append(f"Include {', '.join(disclosure.must_hashtag)}.")
    if disclosure.must_mention:
        lines.append(f"Mention {', '.join(disclosure.must_mention)}.")
    if disclosure.banned:
        lines.append(f"Never write {', '.join(disclosure.banned)}.")
    return lines
