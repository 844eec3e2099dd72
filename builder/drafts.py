"""Checks of content drafts (SPEC §10): disclosure, required tags, banned words, platform limits.

Every finding points at the offending text of the caption, so that a reviewer lands on it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from urllib.parse import parse_qsl, urlsplit

from builder.disclosure import RULE_PACKS, Position, RulePackInfo
from builder.model.brand import Brand
from builder.model.campaign import CampaignSpec, Engagement
from builder.model.content import Draft
from builder.model.program import Program
from builder.problems import Problem, Severity
from builder.tracking import tracking_url

SEEN_BEFORE_MORE = 125
"""Characters of a caption shown before the "more" cut."""


@dataclass(frozen=True)
class PlatformLimits:
    name: str
    characters: int
    hashtags: int | None = None
    mentions: int | None = None
    title: int | None = None


PLATFORM_LIMITS = {
    "instagram": PlatformLimits("Instagram", 2_200, hashtags=5, mentions=20),
    "tiktok": PlatformLimits("TikTok", 4_000),
    "youtube": PlatformLimits("YouTube", 5_000, title=100),
}

CAMPAIGN_LABELS = RulePackInfo("Campaign", "campaign.yml", (), (), "")
"""Stands in for the rule packs when a campaign lists none but still requires labels."""

WHERE: dict[Position, str] = {
    "before-more": f"on the first line, within the first {SEEN_BEFORE_MORE} characters, where it "
                   "is seen without tapping 'more'",
    "start": "at the start of the caption",
}
MISPLACED: dict[Position, str] = {
    "before-more": "is hidden behind 'more'",
    "start": "is not at the start",
}

THANKS_BRAND = "thanks <brand>"
THANKS = r"(?<![\w@])thank(?:s|\s+you)(?:\s+to)?\s+"
"""'thanks <brand>' also covers 'thanks to' and 'thank you', which regulators treat alike."""

URL = re.compile(r"https?://[^\s<>\"']+")
URL_TRAILER = ".,;:!?)]}"
"""Punctuation that ends a sentence after a link rather than belonging to it."""
HASHTAG = re.compile(r"(?<![\w#&])#\w*[^\W\d_]\w*")  # platforms need a letter: "#1" is no tag
MENTION = re.compile(r"(?<![\w@])@\w(?:[\w.]*\w)?")  # the lookbehind skips e-mail addresses


@dataclass(frozen=True)
class DraftContext:
    """One draft with what its checks need to know about the campaign."""

    slug: str
    spec: CampaignSpec
    draft: Draft
    brand: Brand | None
    engagement: Engagement
    platform: str
    """The platform of the draft's deliverable."""
    without_links: str
    """The caption with every link blanked out, so that words inside URLs never count."""

    def at(self, offset: int, severity: Severity, code: str, message: str,
           hint: str = "") -> Problem:
        caption = self.draft.caption
        line = self.draft.caption_line + caption.count("\n", 0, offset)
        col = offset - caption.rfind("\n", 0, offset)
        return Problem(self.draft.path, line, col, severity, code, message, hint)


def check_drafts(program: Program) -> list[Problem]:
    """Every finding about every content draft of the program."""
    problems: list[Problem] = []
    for slug, campaign in program.campaigns.items():
        brand = program.brands.get(campaign.spec.brand)
        for draft in campaign.drafts:
            engagement = campaign.spec.engagement(draft.handle)
            deliverable = next((d for d in engagement.deliverables if d.id == draft.deliverable),
                               None) if engagement else None
            # A draft filed under no deliverable is reported by the cross-checks alone: its
            # platform, code and link are unknown until it is filed where it belongs.
            if engagement is None or deliverable is None:
                continue
            without_links = URL.sub(lambda link: " " * len(link.group()), draft.caption)
            context = DraftContext(slug, campaign.spec, draft, brand, engagement,
                                   deliverable.platform.value, without_links)
            for check in CHECKS:
                problems.extend(check(context))
    return problems


def term_pattern(term: str) -> str:
    """A word, phrase, @tag or #hashtag as a whole word; a plain word also matches as a hashtag."""
    body = r"\s+".join(re.escape(word) for word in term.split())
    first, last = term[:1], term[-1:]
    if first in ("#", "@"):
        body = r"(?<![\w#@])" + body
    elif re.match(r"\w", first):
        body = r"(?<![\w@])" + body
    if first == "@":
        body += r"(?!\w|\.\w)"  # @maya is not @maya.runs
    elif re.match(r"\w", last):
        body += r"(?!\w)"
    return body


@cache
def term_regex(term: str) -> re.Pattern[str]:
    return re.compile(term_pattern(term), re.IGNORECASE)


def find(term: str, text: str) -> re.Match[str] | None:
    return term_regex(term).search(text)


def shown(match: re.Match[str]) -> str:
    """The matched text on one line, as a message quotes it."""
    return " ".join(match.group().split())


def either(labels: list[str]) -> str:
    quoted = [f"'{label}'" if " " in label else label for label in labels]
    return quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} or {quoted[-1]}"


def placed_well(text: str, match: re.Match[str], position: Position) -> bool:
    seen = match.end() <= SEEN_BEFORE_MORE and "\n" not in text[:match.end()]
    # Emoji, brackets and spaces may precede a label "at the start"; words may not.
    return seen and (position != "start" or not any(c.isalnum() for c in text[:match.start()]))


def weak_labels(info: RulePackInfo, brand: Brand | None) -> Iterator[re.Pattern[str]]:
    """Each weak label of a pack, with 'thanks <brand>' under the brand's name or handles."""
    for label in info.weak:
        if label != THANKS_BRAND:
            yield term_regex(label)
        elif brand is not None:
            names = "|".join(term_pattern(name) for name in (brand.name, *brand.handles.values()))
            yield re.compile(f"{THANKS}(?:{names})", re.IGNORECASE)


def check_labels(ctx: DraftContext) -> Iterator[Problem]:
    disclosure = ctx.spec.disclosure
    required = [label for label in disclosure.required_any if label.strip()]
    packs = [(pack.value, RULE_PACKS[pack.value]) for pack in disclosure.rules]
    if not packs and required:
        packs = [("disclosure.required_any", CAMPAIGN_LABELS)]
    # Each market's pack is checked on its own: an FTC label tells a French audience nothing.
    for pack, info in packs:
        labels = list(dict.fromkeys((*info.labels, *required)))
        rule = f"{info.authority}, {pack}"
        found = [m for label in labels if (m := find(label, ctx.without_links))]
        first = min(found, key=lambda m: m.start(), default=None)
        if first is None:
            yield ctx.at(0, "error", "disclosure-missing",
                         f"no disclosure label: one of {either(labels)} must appear "
                         f"{WHERE[info.position]} ({rule})",
                         f"Start the caption with {labels[0]}.")
            for pattern in weak_labels(info, ctx.brand):
                if weak := pattern.search(ctx.without_links):
                    yield ctx.at(weak.start(), "warning", "disclosure-weak",
                                 f"'{shown(weak)}' is a weak disclosure label "
                                 f"that regulators do not accept on its own ({rule})",
                                 f"Add {labels[0]} at the start of the caption.")
        elif not placed_well(ctx.without_links, first, info.position):
            yield ctx.at(first.start(), "error", "disclosure-misplaced",
                         f"disclosure label '{shown(first)}' {MISPLACED[info.position]}: it must "
                         f"appear {WHERE[info.position]} ({rule})",
                         f"Move '{shown(first)}' to the start of the caption.")
        if info.media_rule:
            yield ctx.at(0, "warning", "disclosure-on-media",
                         f"{info.media_rule} ({rule}); a caption check cannot see the media",
                         "Check the image or video itself before approving the draft.")


REQUIRED_TERMS: tuple[tuple[str, Severity, str, str, str], ...] = (
    ("must_tag", "error", "missing-tag", "tag {term} is missing (disclosure.must_tag)",
     "Add {term} to the caption, ideally on the first line."),
    ("must_hashtag", "error", "missing-hashtag", "hashtag {term} is missing "
     "(disclosure.must_hashtag)", "Add {term} to the caption."),
    ("must_mention", "warning", "missing-mention", "talking point '{term}' is not mentioned "
     "(disclosure.must_mention)", "Mention {term} in your own words, if it fits the post."),
)
"""Campaign field, severity, code, message and hint of each term a caption must contain."""


def check_required_terms(ctx: DraftContext) -> Iterator[Problem]:
    for field, severity, code, message, hint in REQUIRED_TERMS:
        for term in getattr(ctx.spec.disclosure, field):
            if term.strip() and not find(term, ctx.without_links):
                yield ctx.at(0, severity, code, message.format(term=term), hint.format(term=term))


def check_banned_words(ctx: DraftContext) -> Iterator[Problem]:
    for term in ctx.spec.disclosure.banned:
        if not term.strip():
            continue
        for match in term_regex(term).finditer(ctx.without_links):
            yield ctx.at(match.start(), "error", "banned-word",
                         f"'{shown(match)}' is banned in this campaign (disclosure.banned)",
                         "Rephrase without it: the brand has ruled it out, often because it is a "
                         "claim the brand cannot prove.")


def check_promo_code(ctx: DraftContext) -> Iterator[Problem]:
    code = ctx.engagement.promo_code
    # Searched in links too: a shop's discount link carries the code.
    if code and not find(code, ctx.draft.caption):
        yield ctx.at(0, "warning", "missing-promo-code", f"promo code {code} is missing",
                     f"Add your code, e.g. 'Use {code} for …', so that orders count for you.")


def check_limits(ctx: DraftContext) -> Iterator[Problem]:
    limits = PLATFORM_LIMITS.get(ctx.platform)
    if limits is None:
        return
    caption = ctx.draft.caption
    if len(caption) > limits.characters:
        yield ctx.at(limits.characters, "error", "caption-too-long",
                     f"caption is {len(caption):,} characters; {limits.name} allows "
                     f"{limits.characters:,} and cuts it here",
                     f"Shorten it by {len(caption) - limits.characters:,} characters.")
    for kind, pattern, limit in (("hashtags", HASHTAG, limits.hashtags),
                                 ("mentions", MENTION, limits.mentions)):
        found = list(pattern.finditer(ctx.without_links))
        if limit is not None and len(found) > limit:
            yield ctx.at(found[limit].start(), "error", f"too-many-{kind}",
                         f"{len(found)} {kind}; {limits.name} allows {limit} per post",
                         f"Keep the disclosure label and the campaign's required {kind}; drop "
                         f"{len(found) - limit} of the others.")
    title = ctx.draft.meta.title
    if limits.title is not None and title is not None and len(title) > limits.title:
        # Drafts keep no positions of their front matter: point at its start.
        yield Problem(ctx.draft.path, 1, 1, "error", "title-too-long",
                      f"title is {len(title):,} characters; {limits.name} allows {limits.title}",
                      f"Shorten the `title` by {len(title) - limits.title} characters.")


def page_of(url: str) -> tuple[str, str] | None:
    """Host without 'www.' and path without a trailing slash: what makes two links one page.

    None for text that only looks like a link (e.g. a stray '[' in the host).
    """
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    return parts.netloc.lower().removeprefix("www."), parts.path.rstrip("/")


def check_tracking_links(ctx: DraftContext) -> Iterator[Problem]:
    if ctx.spec.tracking is None:
        return
    expected = tracking_url(ctx.spec, ctx.slug, ctx.draft.handle, ctx.platform) or ""
    utm = {k: v for k, v in parse_qsl(urlsplit(expected).query) if k.startswith("utm_")}
    landing = page_of(ctx.spec.tracking.landing_url)
    for match in URL.finditer(ctx.draft.caption):
        url = match.group().rstrip(URL_TRAILER)
        if landing is None or page_of(url) != landing:
            continue
        given = dict(parse_qsl(urlsplit(url).query, keep_blank_values=True))
        wrong = [f"{key}={value}" for key, value in utm.items() if given.get(key) != value]
        if wrong:
            yield ctx.at(match.start(), "warning", "untracked-link",
                         f"link to the landing page without your tracking parameters (expected "
                         f"{', '.join(wrong)}), so its clicks are not counted for you",
                         f"Use your tracking link: {expected}")


CHECKS: tuple[Callable[[DraftContext], Iterator[Problem]], ...] = (
    check_labels, check_required_terms, check_banned_words, check_promo_code, check_limits,
    check_tracking_links)
