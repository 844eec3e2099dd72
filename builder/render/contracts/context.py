"""What a contract template receives: the engagement's terms as plain, pre-formatted values.

The context holds only strings, numbers, booleans, lists and dicts. That keeps a repository's
template (rendered in a sandbox) away from the models, and it makes the context its own cache key:
whatever reaches the PDF is in it. Its keys are the template's API: title, reference, status,
draft, effective_date (None until signed), footer, brand, creator, campaign, deliverables,
compensation (fee, gifted, installments, total, promo_code), usage_rights, exclusivity,
revision_rounds, kill_fee, disclosure (labels, must_tag, must_hashtag, banned, markets),
governing_law and metadata; money and dates come formatted for the program's locale.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Any

from babel.numbers import format_decimal

from builder import __version__
from builder.disclosure import RULE_PACKS, accepted_labels
from builder.model.brand import Brand
from builder.model.campaign import Engagement, EngagementStatus
from builder.model.creator import Creator
from builder.model.program import Campaign, Program
from builder.render.format import day as format_day
from builder.render.format import money as format_money
from builder.render.format import platform_label
from builder.schedule import installments, kill_fee, round_money

Context = dict[str, Any]

MISSING = "[to be completed]"
"""Printed where the repository lacks a party's detail (`check` reports it): never a blank."""

MARKET_LAW: dict[str, str] = {
    "us-ftc": "the Federal Trade Commission’s Guides Concerning the Use of Endorsements and "
              "Testimonials in Advertising (16 C.F.R. Part 255) and Section 5 of the FTC Act",
    "uk-asa": "the UK Code of Non-broadcast Advertising and Direct & Promotional Marketing "
              "(CAP Code) as applied by the Advertising Standards Authority, and UK consumer "
              "protection law as enforced by the Competition and Markets Authority",
    "ie-asai": "the ASAI Code of Standards for Advertising and Marketing Communications in "
               "Ireland and the ASAI’s guidance on influencer marketing",
    "de": "section 5a(4) of the German Act against Unfair Competition (UWG) and section 22 of "
          "the German Interstate Media Treaty (Medienstaatsvertrag)",
    "fr": "Article 5 of French Law No. 2023-451 of 9 June 2023 on commercial influence, which "
          "also requires the label on the image or video itself for the whole promotion, and "
          "\u201cImages retouchées\u201d or \u201cImages virtuelles\u201d on retouched or "
          "AI-generated faces and silhouettes",
    "ca": "the Competition Act (Canada) and the Ad Standards Influencer Marketing Disclosure "
          "Guidelines, in the language of the audience",
}
"""The legal instruments behind each rule pack, named as counsel would cite them."""

_NEEDS_ARTICLE = ("State of", "Commonwealth of", "Province of", "Republic of", "Kingdom of",
                  "Canton of", "Federal Republic of", "Grand Duchy of", "District of", "United ",
                  "Netherlands")


CHANNEL_NAMES = {
    "organic_social": "the Brand’s own social media accounts (organic posts)",
    "paid_social": "paid social media advertising, including from the Creator’s account "
                   "where the platform allows it",
    "website": "the Brand’s website",
    "email": "the Brand’s email newsletters",
    "ecommerce": "the Brand’s online shops and product pages",
    "print": "printed materials",
    "ooh": "out-of-home advertising",
}


def contract_context(program: Program, campaign: Campaign, engagement: Engagement,
                     brand: Brand) -> Context:
    """Every value the contract of one engagement shows, formatted for the program's locale."""
    locale = program.config.locale
    spec = campaign.spec
    terms = spec.terms_for(engagement)
    currency = spec.currency

    def money(amount: Decimal) -> str:
        return format_money(amount, currency, locale)

    def day(value: date) -> str:
        return format_day(value, locale, "long")

    creator = program.creators.get(engagement.handle)
    private = creator.private if creator else None

    accounts = {a.platform.value: a.handle for a in creator.profile.platforms} if creator else {}
    deliverables = sorted(engagement.deliverables, key=lambda d: (d.due, d.id))
    used_platforms = list(dict.fromkeys(d.platform.value for d in deliverables))
    fee = round_money(engagement.fee, currency)
    schedule = installments(spec, engagement)
    scheduled_total = sum((step.amount for step in schedule), Decimal(0))
    cancellation = kill_fee(spec, engagement)
    dated = engagement.signed_on or spec.period.start
    creator_name = private.legal_name if private else MISSING
    title = "Influencer Marketing Agreement"
    footer = f"{spec.title} \u00b7 {creator_name}"

    context: Context = {
        "title": title,
        "reference": f"{campaign.slug}/{engagement.handle}",
        "status": engagement.status.value,
        "draft": engagement.status == EngagementStatus.NEGOTIATING,
        "effective_date": day(engagement.signed_on) if engagement.signed_on else None,
        "footer": footer,
        "brand": {
            "name": brand.name,
            "legal_name": brand.legal_name,
            "address": brand.address,
            "signatory": {"name": brand.signatory.name, "title": brand.signatory.title},
            "email": brand.contact.email,
        },
        "creator": {
            "handle": engagement.handle,
            "name": creator.profile.name if creator else engagement.handle,
            "legal_name": creator_name,
            "address": (private.address if private else None) or MISSING,
            "accounts": [{"platform": platform_label(p), "handle": accounts.get(p, MISSING)}
                         for p in used_platforms],
        },
        "campaign": {
            "slug": campaign.slug,
            "title": spec.title,
            "start": day(spec.period.start),
            "end": day(spec.period.end),
        },
        "deliverables": [{
            "id": d.id,
            "platform": platform_label(d.platform.value),
            "type": d.type.value.capitalize(),
            "count": d.count,
            "due": day(d.due),
            "notes": d.notes,
        } for d in deliverables],
        "compensation": {
            "currency": currency,
            "fee": money(fee),
            "fee_amount": str(fee),
            "gifted": {"item": engagement.gifted.item,
                       "value": money(round_money(engagement.gifted.value, currency))}
                      if engagement.gifted else None,
            "installments": [{
                "number": index,
                "percent": _percent(step.percent, locale),
                "amount": money(step.amount),
                "amount_value": str(step.amount),
                "due_event": step.due_event,
            } for index, step in enumerate(schedule, start=1)],
            "total": money(scheduled_total),
            "promo_code": engagement.promo_code,
        },
        "usage_rights": {
            "channels": [CHANNEL_NAMES.get(c, c.replace("_", " ")) for c in
                         terms.usage_rights.channels],
            "months": terms.usage_rights.months,
        } if terms.usage_rights and terms.usage_rights.months else None,
        "exclusivity": {
            "category": terms.exclusivity.category,
            "days": terms.exclusivity.days,
        } if terms.exclusivity else None,
        "revision_rounds": terms.revision_rounds,
        "kill_fee": {
            "percent": _percent(terms.kill_fee_percent, locale),
            "amount": money(cancellation),
        } if terms.kill_fee_percent else None,
        "disclosure": _disclosure(campaign),
        "governing_law": _jurisdiction(terms.governing_law) if terms.governing_law else None,
        "paper": paper_size(brand, creator),
        "metadata": {
            "title": f"{title}: {spec.title} \u2014 {creator_name}",
            "author": brand.legal_name,
            "subject": f"Agreement between {brand.legal_name} and {creator_name} for the "
                       f"campaign {spec.title} ({day(spec.period.start)} to "
                       f"{day(spec.period.end)})",
            "keywords": ["contract", "influencer agreement", brand.name, spec.title,
                         campaign.slug, engagement.handle],
            "date": dated.isoformat(),
            "generator": f"nanokit {__version__}",
            "language": "en",
        },
    }
    return context


LETTER_COUNTRIES = frozenset({"US", "CA"})
_COUNTRY_NAMES = {"US": "US", "USA": "US", "U.S.A.": "US", "U.S.": "US", "UNITED STATES": "US",
                  "UNITED STATES OF AMERICA": "US", "CANADA": "CA"}


def paper_size(brand: Brand, creator: Creator | None) -> str:
    """'letter' when both parties are in the US or Canada, where Letter is the paper in every
    printer; 'a4' elsewhere. The brand's country is the last part of its address."""
    brand_country = _COUNTRY_NAMES.get(brand.address.rsplit(",", 1)[-1].strip().upper())
    creator_country = creator.profile.location.country if creator else None
    both = {brand_country, creator_country}
    return "letter" if both <= LETTER_COUNTRIES else "a4"


def _jurisdiction(law: str) -> str:
    """The law as it reads after "the laws of": 'the State of New York', 'England and Wales'."""
    return f"the {law}" if law.startswith(_NEEDS_ARTICLE) else law


@lru_cache(maxsize=1024)
def _percent(value: Decimal, locale: str) -> str:
    return format_decimal(value, format="#,##0.##", locale=locale) + "%"


def _disclosure(campaign: Campaign) -> Context:
    disclosure = campaign.spec.disclosure
    return {
        "labels": accepted_labels(disclosure),
        "must_tag": list(disclosure.must_tag),
        "must_hashtag": list(disclosure.must_hashtag),
        "banned": list(disclosure.banned),
        "markets": [{
            "market": RULE_PACKS[pack.value].name,
            "law": MARKET_LAW[pack.value],
            "labels": list(RULE_PACKS[pack.value].labels),
            "placement": RULE_PACKS[pack.value].placement,
        } for pack in disclosure.rules],
    }
