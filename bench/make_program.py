#!/usr/bin/env python3
"""Generate the reference LARGE nanokit program of SPEC §15, deterministically from a seed.

Usage: python bench/make_program.py OUT_DIR [--seed N] [--creators 200] [--campaigns 50]
       [--engagements 1000] [--metric-rows 1000000] [--markers]

With --markers, unique marker strings go into every private.yml field, every engagement's
notes and every promo code; the manifest is written to OUT_DIR/../markers.json.
"""

from __future__ import annotations

import argparse
import json
import random
import string
import sys
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
POSTS_HEADER = (
    "date,creator,platform,deliverable,post_url,impressions,reach,likes,comments,shares,saves,"
    "video_views,clicks\n"
)
ORDERS_HEADER = "order_id,date,code,utm_content,revenue,currency\n"
MKDOCS_YML = "site_name: Large program\nplugins: [nanokit]\ntheme: {name: material, font: false}\n"
CENT = Decimal("0.01")
FIRST_DAY = date(2025, 1, 6)

# id, name, legal suffix, address, category, hashtag stem, product, talking point, currency
BRANDS: list[tuple[str, str, str, str, str, str, str, str, str]] = [
    (
        "lumen-skin",
        "Lumen Skin",
        "Care, Inc.",
        "120 Hudson St, New York, NY 10013, USA",
        "skincare",
        "GlowWithLumen",
        "Glow serum kit",
        "vitamin C",
        "USD",
    ),
    (
        "trailhead-gear",
        "Trailhead Gear",
        "Co.",
        "88 Pearl St, Boulder, CO 80302, USA",
        "outdoor gear",
        "TrailheadReady",
        "ultralight day pack",
        "recycled nylon",
        "USD",
    ),
    (
        "brewbird-coffee",
        "Brewbird Coffee",
        "Roasters LLC",
        "410 SE Ash St, Portland, OR 97214, USA",
        "coffee",
        "BrewbirdMornings",
        "single-origin sampler",
        "small-batch roast",
        "USD",
    ),
    (
        "petal-pet",
        "Petal Pet",
        "Foods, Inc.",
        "9 Tremont St, Boston, MA 02108, USA",
        "pet food",
        "PetalPetPals",
        "grain-free treat box",
        "vet-formulated",
        "USD",
    ),
    (
        "kinfolk-kitchen",
        "Kinfolk Kitchen",
        "Goods LLC",
        "1500 Market St, Denver, CO 80202, USA",
        "cookware",
        "CookWithKinfolk",
        "cast iron skillet",
        "pre-seasoned",
        "USD",
    ),
    (
        "nova-fit",
        "Nova Fit",
        "Apparel Corp.",
        "700 Congress Ave, Austin, TX 78701, USA",
        "activewear",
        "MoveInNova",
        "training set",
        "sweat-wicking",
        "USD",
    ),
    (
        "verde-home",
        "Verde Home",
        "Plants, Inc.",
        "233 Valencia St, San Francisco, CA 94103, USA",
        "home and garden",
        "VerdeAtHome",
        "pet-safe plant bundle",
        "low-light friendly",
        "USD",
    ),
    (
        "sola-swim",
        "Sola Swim",
        "Teoranta",
        "14 Dawson St, Dublin 2, D02 X285, Ireland",
        "swimwear",
        "SolaSummer",
        "recycled swimsuit",
        "made from ocean plastic",
        "EUR",
    ),
    (
        "pixel-play",
        "Pixel Play",
        "Labs, Inc.",
        "1 Pike Pl, Seattle, WA 98101, USA",
        "gaming accessories",
        "PlayPixel",
        "wireless controller",
        "low-latency",
        "USD",
    ),
    (
        "oat-and-honey",
        "Oat & Honey",
        "Snacks LLC",
        "55 W Monroe St, Chicago, IL 60603, USA",
        "snacks",
        "OatAndHoneyBreak",
        "granola variety pack",
        "no refined sugar",
        "USD",
    ),
]
THEMES = [
    "spring-launch",
    "summer-drop",
    "back-to-school",
    "holiday-gifting",
    "new-year-reset",
    "autumn-edit",
    "weekend-ritual",
    "creator-picks",
    "fresh-start",
    "everyday-hero",
]
GOALS = ["awareness", "engagement", "conversions", "ugc"]
FIRST_NAMES = [
    "maya",
    "leo",
    "ava",
    "noah",
    "zoe",
    "eli",
    "ivy",
    "kai",
    "nora",
    "theo",
    "lila",
    "omar",
    "ruby",
    "sam",
    "jade",
    "finn",
    "ella",
    "milo",
    "iris",
    "luca",
    "nina",
    "owen",
    "tess",
    "jon",
    "aria",
    "ben",
    "cleo",
    "dev",
    "emma",
    "gus",
    "hana",
    "ian",
    "june",
    "kofi",
    "lena",
    "max",
    "nia",
    "oscar",
    "pia",
    "quinn",
    "rosa",
    "seth",
    "tara",
    "uma",
    "vic",
    "wes",
    "xena",
    "yuki",
]
LAST_NAMES = [
    "Chen",
    "Garcia",
    "Okafor",
    "Novak",
    "Rossi",
    "Schmidt",
    "Murphy",
    "Kowalski",
    "Silva",
    "Dubois",
    "Larsen",
    "Patel",
    "Kim",
    "Walsh",
    "Moreau",
    "Fischer",
    "Byrne",
    "Ortiz",
    "Haddad",
    "Nakamura",
    "Jensen",
    "Costa",
    "Mensah",
    "Reyes",
    "Tanaka",
    "Brennan",
    "Weber",
    "Santos",
]
# niche, handle suffix, hashtag
NICHES: list[tuple[str, str, str]] = [
    ("running", "runs", "trailrunning"),
    ("wellness", "well", "selfcare"),
    ("skincare", "glows", "skincareroutine"),
    ("coffee", "brews", "coffeetime"),
    ("cooking", "cooks", "homecooking"),
    ("fitness", "lifts", "fitfam"),
    ("travel", "roams", "travelgram"),
    ("gaming", "plays", "gamingsetup"),
    ("pets", "and-pets", "dogsofinstagram"),
    ("plants", "grows", "plantparent"),
    ("fashion", "styles", "ootd"),
    ("hiking", "hikes", "hikingadventures"),
    ("photography", "shoots", "photooftheday"),
    ("books", "reads", "bookstagram"),
    ("parenting", "parents", "momlife"),
    ("food", "eats", "foodie"),
]
# city, country, language, rate currency
PLACES: list[tuple[str, str, str, str]] = [
    ("Portland", "US", "en", "USD"),
    ("Austin", "US", "en", "USD"),
    ("Denver", "US", "en", "USD"),
    ("Chicago", "US", "en", "USD"),
    ("Atlanta", "US", "en", "USD"),
    ("Seattle", "US", "en", "USD"),
    ("Brooklyn", "US", "en", "USD"),
    ("Toronto", "CA", "en", "USD"),
    ("Vancouver", "CA", "en", "USD"),
    ("Dublin", "IE", "en", "EUR"),
    ("Cork", "IE", "en", "EUR"),
    ("Berlin", "DE", "de", "EUR"),
    ("Lyon", "FR", "fr", "EUR"),
    ("Madrid", "ES", "es", "EUR"),
]
PLATFORM_TYPES: dict[str, list[str]] = {
    "instagram": ["post", "reel", "story"],
    "tiktok": ["video"],
    "youtube": ["video", "short"],
}
PLATFORM_ABBR = {"instagram": "ig", "tiktok": "tt", "youtube": "yt"}
TYPE_FACTOR = {"post": 1.0, "reel": 1.4, "story": 0.4, "video": 1.3, "short": 0.9}
VIDEO_TYPES = {"reel", "video", "short"}
HOOKS = [
    "Morning miles with the {product} ({mention}!)",
    "Two weeks with the {product}: {mention} is real",
    "Packing list: the {product}, for the {mention} bit",
    "My weekend ritual: the {product}, {mention} and all",
    "Why I love the {product}: {mention}",
]
NOTES = [
    "Real questions in comments; two asked about sizes.",
    "Fast turnaround, needed one revision on the hook.",
    "Audience skews local; strong saves.",
    "Asked for an extension of three days, delivered on time after all.",
    "Great rapport with followers; wants to join the next drop.",
]
STATUS_WEIGHTS: dict[str, tuple[list[str], list[int]]] = {
    "completed": (["paid", "delivered", "declined"], [60, 35, 5]),
    "active": (
        ["contracted", "delivered", "paid", "negotiating", "invited", "declined"],
        [40, 30, 15, 7, 5, 3],
    ),
    "draft": (["invited", "negotiating", "contracted"], [40, 35, 25]),
}
PAYMENT_TERMS: list[list[dict[str, Any]]] = [
    [{"percent": 50, "due": "on_signature"}, {"percent": 50, "due": "net_30_after_posting"}],
    [{"percent": 30, "due": "on_signature"}, {"percent": 70, "due": "net_30_after_posting"}],
    [{"percent": 100, "due": "net_30_after_posting"}],
]
TERM_OVERRIDES: list[dict[str, Any]] = [
    {"kill_fee_percent": 50},
    {"revision_rounds": 3},
    {"payment": [{"percent": 100, "due": "net_30_after_posting"}]},
]
SIGNED = {"contracted", "delivered", "paid"}
POSTED = {"delivered", "paid"}


@dataclass
class Creator:
    """A generated creator, with what campaigns need to know about them."""

    handle: str
    name: str
    niche: int
    rate_currency: str
    followers: dict[str, int]
    prices: dict[tuple[str, str], int]


@dataclass
class Post:
    """One published deliverable and the final values of its cumulative metrics."""

    handle: str
    platform: str
    deliverable: str
    url: str
    day: int  # ordinal of the publication date
    finals: tuple[int, ...]  # impressions, reach, likes, comments, shares, saves, views, clicks


@dataclass
class Stats:
    """Counts reported at the end of a run."""

    counts: dict[str, int] = field(default_factory=dict)

    def add(self, kind: str, n: int = 1) -> None:
        """Add n to the count of kind."""
        self.counts[kind] = self.counts.get(kind, 0) + n


class Generator:
    """Writes one program; every random choice comes from a single seeded stream."""

    def __init__(self, out: Path, args: argparse.Namespace) -> None:
        self.out = out
        self.args = args
        self.rng = random.Random(args.seed)
        self.stats = Stats()
        self.markers: list[dict[str, str]] = []
        self.codes: set[str] = set()
        self.iso: dict[int, str] = {}
        self.creators: list[Creator] = []
        self.by_handle: dict[str, Creator] = {}

    # ----------------------------------------------------------------- helpers
    def write(self, rel: str, text: str) -> None:
        """Write text to a path relative to the program root."""
        path = self.out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)

    def write_yaml(self, rel: str, data: dict[str, Any]) -> None:
        """Dump data as block YAML with keys in the given order."""
        text = yaml.dump(
            data,
            Dumper=DUMPER,
            sort_keys=False,
            allow_unicode=True,
            width=120,
            default_flow_style=False,
        )
        self.write(rel, text)

    def day(self, ordinal: int) -> str:
        """ISO date of a day ordinal (cached: metric rows need millions of these)."""
        text = self.iso.get(ordinal)
        if text is None:
            text = self.iso[ordinal] = date.fromordinal(ordinal).isoformat()
        return text

    def marker(
        self, text: str, kind: str, fld: str, creator: str = "", campaign: str = "", brand: str = ""
    ) -> str:
        """Record a privacy marker in the manifest and return it."""
        self.markers.append(
            {
                "marker": text,
                "kind": kind,
                "field": fld,
                "creator": creator,
                "campaign": campaign,
                "brand": brand,
            }
        )
        return text

    def token(self, n: int, alphabet: str = string.ascii_letters + string.digits) -> str:
        """A random token of n characters."""
        return "".join(self.rng.choice(alphabet) for _ in range(n))

    # ------------------------------------------------------------------ brands
    def brands(self) -> None:
        """brands/<id>.yml for the ten brands."""
        for bid, name, suffix, address, _cat, _tag, _prod, _mention, _cur in BRANDS:
            domain = bid.replace("-", "")
            first, last = self.rng.choice(FIRST_NAMES).title(), self.rng.choice(LAST_NAMES)
            handle = "@" + domain
            self.write_yaml(
                f"brands/{bid}.yml",
                {
                    "name": name,
                    "legal_name": f"{name} {suffix}",
                    "address": address,
                    "signatory": {"name": f"{first} {last}", "title": "Head of Marketing"},
                    "contact": {"email": f"partners@{domain}.example"},
                    "handles": {"instagram": handle, "tiktok": handle},
                },
            )
            self.stats.add("brands")

    # ---------------------------------------------------------------- creators
    def followers(self) -> int:
        """Followers on one platform: mostly nano (1k-10k), some micro, a few emerging."""
        r = self.rng.random()
        if r < 0.85:
            return self.rng.randint(1_000, 9_999)
        if r < 0.95:
            return self.rng.randint(10_000, 40_000)
        return self.rng.randint(400, 999)

    def audience(self, country: str) -> dict[str, Any]:
        """Audience shares (two decimals, each breakdown summing to at most 1)."""
        rng = self.rng
        home = rng.randint(45, 80)
        other = rng.choice([c for c in ("US", "CA", "GB", "IE", "DE", "FR", "AU") if c != country])
        second = rng.randint(5, min(30, 95 - home))
        ages = [rng.randint(15, 35), rng.randint(30, 50), rng.randint(8, 20)]
        female = rng.randint(35, 80)
        return {
            "countries": {country: home / 100, other: second / 100},
            "ages": {"18-24": ages[0] / 100, "25-34": ages[1] / 100, "35-44": ages[2] / 100},
            "genders": {"female": female / 100, "male": (97 - female) / 100},
        }

    def creator(self, index: int, used: set[str]) -> None:
        """creators/<handle>/ with profile.yml, private.yml and optional kit and history."""
        rng = self.rng
        first = rng.choice(FIRST_NAMES)
        last = rng.choice(LAST_NAMES)
        niche = rng.randrange(len(NICHES))
        second_niche = rng.choice([n for n in range(len(NICHES)) if n != niche])
        handle = f"{first}-{NICHES[niche][1]}"
        n = 2
        while handle in used:
            handle, n = f"{first}-{NICHES[niche][1]}-{n}", n + 1
        used.add(handle)
        city, country, lang, currency = rng.choice(PLACES)
        platforms = ["instagram"] if rng.random() < 0.8 else [rng.choice(["tiktok", "youtube"])]
        if rng.random() < 0.45:
            platforms.append(rng.choice([p for p in PLATFORM_TYPES if p not in platforms]))
        social = handle.replace("-", ".")
        entries: list[dict[str, Any]] = []
        followers: dict[str, int] = {}
        prices: dict[tuple[str, str], int] = {}
        for platform in platforms:
            count = followers[platform] = self.followers()
            at = social if platform == "instagram" else social.replace(".", "")
            url = {
                "instagram": f"https://instagram.com/{at}",
                "tiktok": f"https://www.tiktok.com/@{at}",
                "youtube": f"https://www.youtube.com/@{at}",
            }[platform]
            entry: dict[str, Any] = {
                "platform": platform,
                "handle": "@" + at,
                "url": url,
                "followers": count,
            }
            if rng.random() < 0.8:
                entry["audience"] = self.audience(country)
            entries.append(entry)
            base = max(40.0, count * rng.uniform(0.012, 0.03))
            for kind in PLATFORM_TYPES[platform]:
                prices[platform, kind] = max(20, int(base * TYPE_FACTOR[kind] / 5) * 5)
        name = f"{first.title()} {last}"
        profile: dict[str, Any] = {
            "name": name,
            "location": {"city": city, "country": country},
            "languages": [lang] if lang == "en" else [lang, "en"],
            "niches": [NICHES[niche][0], NICHES[second_niche][0]],
            "bio": f"{NICHES[niche][0].title()} creator from {city} sharing honest reviews and "
            f"everyday {NICHES[second_niche][0]}.",
        }
        if rng.random() < 0.3:
            profile["github"] = f"{first}-{last.lower()}-{index}"
        profile["platforms"] = entries
        profile["rates"] = {
            "currency": currency,
            "items": [{"platform": p, "type": t, "price": v} for (p, t), v in prices.items()],
            "usage_rights_per_month_percent": rng.choice([10, 15, 20]),
            "exclusivity_per_month_percent": rng.choice([15, 20, 25]),
        }
        profile["public"] = rng.random() < 0.9
        profile["rates_public"] = rng.random() < 0.3
        self.write_yaml(f"creators/{handle}/profile.yml", profile)
        self.stats.add("profile.yml")
        self.write_yaml(f"creators/{handle}/private.yml", self.private(handle, name, city, country))
        self.stats.add("private.yml")
        if index % 2 == 0:
            self.write(f"creators/{handle}/media-kit.md", self.media_kit(name, niche, city))
            self.stats.add("media-kit.md")
        if index % 2 == 1:
            self.history(handle, followers)
        self.creators.append(Creator(handle, name, niche, currency, followers, prices))
        self.by_handle[handle] = self.creators[-1]

    def private(self, handle: str, name: str, city: str, country: str) -> dict[str, Any]:
        """private.yml content; with --markers every field carries a unique marker."""
        rng = self.rng
        digits = "".join(rng.choice(string.digits) for _ in range(4))
        street = f"{rng.randint(1, 999)} {rng.choice(LAST_NAMES)} St, {city}, {country}"
        account = f"DE{rng.randint(10, 99)} 3704 0044 0532 {rng.randint(1000, 9999)} {digits}"
        if not self.args.markers:
            return {
                "legal_name": name,
                "email": f"{handle}@example.com",
                "phone": f"+1 503 555 {digits}",
                "address": street,
                "tax_id": f"XXX-XX-{digits}",
                "payout": {"method": "bank_transfer", "account": account},
            }

        def mark(fld: str) -> str:
            return self.marker(f"MARK-PRIVATE-{handle}-{fld.upper()}", "private", fld, handle)

        return {
            "legal_name": f"{name} {mark('legal_name')}",
            "email": f"{mark('email')}@example.com",
            "phone": f"+1 503 555 {digits} {mark('phone')}",
            "address": f"{street} {mark('address')}",
            "tax_id": mark("tax_id"),
            "payout": {"method": "bank_transfer", "account": f"DE89 {mark('account')} {digits}"},
        }

    def media_kit(self, name: str, niche: int, city: str) -> str:
        """A short Markdown media kit body."""
        topic = NICHES[niche][0]
        return (
            f"## Hi, I'm {name.split()[0]}\n\n"
            f"I make {topic} content from {city} for a small, loyal audience that actually "
            "reads captions and asks questions.\n\n"
            "### What I do best\n\n"
            "- Honest first impressions and 30-day follow-ups\n"
            f"- Short tutorials around {topic}\n"
            "- Stories with polls and link stickers\n\n"
            "### Past partners\n\n"
            "Local shops and a few national brands; references on request.\n"
        )

    def history(self, handle: str, followers: dict[str, int]) -> None:
        """history.csv: twelve monthly rows per platform, a few with a suspicious jump."""
        rng = self.rng
        lines = ["date,platform,followers\n"]
        for platform, final in followers.items():
            start = final * rng.uniform(0.7, 0.9)
            jump = rng.randrange(2, 11) if rng.random() < 0.05 else -1
            values = [start + (final - start) * m / 11 for m in range(12)]
            if jump > 0:
                values = [v * (0.6 if m < jump else 1.0) for m, v in enumerate(values)]
            values[-1] = final * rng.uniform(0.97, 1.03)
            for m, value in enumerate(values):
                lines.append(f"2025-{m + 1:02d}-01,{platform},{int(value)}\n")
        self.write(f"creators/{handle}/history.csv", "".join(lines))
        self.stats.add("history.csv")
        self.stats.add("history rows", len(lines) - 1)

    # --------------------------------------------------------------- campaigns
    def promo_code(self, creator: Creator, slug: str, brand: str) -> str:
        """A promo code unique across the whole program."""
        if self.args.markers:
            alphabet = string.ascii_uppercase + string.digits
            code = "MK" + self.token(6, alphabet)
            while code in self.codes:
                code = "MK" + self.token(6, alphabet)
            self.codes.add(code)
            return self.marker(code, "promo_code", "promo_code", creator.handle, slug, brand)
        stem = creator.handle.split("-")[0].upper()
        pct = self.rng.choice([10, 15, 20])
        code, n = f"{stem}{pct}", 0
        while code in self.codes:
            n += 1
            code = f"{stem}{pct}{string.ascii_uppercase[n % 26]}{n // 26 or ''}"
        self.codes.add(code)
        return code

    def deliverables(self, creator: Creator, start: date, end: date) -> list[dict[str, Any]]:
        """Two or three deliverables on the creator's platforms, due within the period."""
        rng = self.rng
        options = sorted(creator.prices)
        picks = [rng.choice(options) for _ in range(rng.randint(2, 3))]
        span = max(1, (end - start).days - 3)
        dues = sorted(start + timedelta(days=3 + rng.randrange(span)) for _ in picks)
        seen: dict[tuple[str, str], int] = {}
        out: list[dict[str, Any]] = []
        for (platform, kind), due in zip(picks, dues, strict=True):
            n = seen[platform, kind] = seen.get((platform, kind), 0) + 1
            item: dict[str, Any] = {
                "id": f"{PLATFORM_ABBR[platform]}-{kind}-{n}",
                "platform": platform,
                "type": kind,
                "due": due,
            }
            if kind == "story" and rng.random() < 0.5:
                item["count"] = 3
            out.append(item)
        return out

    def post_url(self, platform: str, creator: Creator) -> str:
        """A plausible, unique post URL."""
        if platform == "instagram":
            return f"https://www.instagram.com/p/{self.token(11)}/"
        if platform == "tiktok":
            social = creator.handle.replace("-", "")
            return f"https://www.tiktok.com/@{social}/video/{self.rng.randrange(10**18, 10**19)}"
        return f"https://www.youtube.com/watch?v={self.token(11)}"

    def finals(self, followers: int, kind: str) -> tuple[int, ...]:
        """Final cumulative metrics of one post."""
        u = self.rng.uniform
        impressions = followers * u(0.4, 1.6) * (1.3 if kind in VIDEO_TYPES else 1.0)
        reach = impressions * u(0.6, 0.85)
        likes = reach * u(0.02, 0.07)
        views = impressions * u(0.5, 0.9) if kind in VIDEO_TYPES else 0
        return tuple(
            int(v)
            for v in (
                impressions,
                reach,
                likes,
                likes * u(0.02, 0.08),
                likes * u(0.01, 0.06),
                likes * u(0.02, 0.1),
                views,
                impressions * u(0.003, 0.02),
            )
        )

    @staticmethod
    def money(value: Decimal) -> int | float:
        """A YAML money scalar: an int when whole, else a 2-decimal number."""
        value = value.quantize(CENT)
        return int(value) if value == value.to_integral_value() else float(value)

    def payments(
        self, fee: int, terms: list[dict[str, Any]], status: str, signed: date, posted: date
    ) -> list[dict[str, Any]]:
        """What was actually paid so far: everything when paid, else the upfront installments."""
        if status == "paid":
            due = terms
        elif status == "contracted" and self.rng.random() < 0.3:
            due = []
        else:
            due = [t for t in terms if t["due"] == "on_signature"]
        out: list[dict[str, Any]] = []
        remaining = Decimal(fee)
        for i, term in enumerate(due):
            amount = (Decimal(fee) * term["percent"] / 100).quantize(CENT)
            if i == len(terms) - 1:
                amount = remaining
            remaining -= amount
            when = (
                signed + timedelta(days=1)
                if term["due"] == "on_signature"
                else (posted + timedelta(days=30))
            )
            out.append(
                {
                    "date": when,
                    "amount": self.money(amount),
                    "ref": f"INV-{self.rng.randrange(10000, 99999)}",
                }
            )
        return out

    def campaigns(self) -> None:
        """campaigns/<slug>/ for every campaign, with brief, drafts and metric files."""
        args = self.args
        count = args.campaigns
        base, extra = divmod(args.engagements, count)
        if base + (1 if extra else 0) > len(self.creators):
            sys.exit("make_program: a roster cannot hold more engagements than there are creators")
        slugs: set[str] = set()
        plans: list[tuple[str, list[Post], list[dict[str, Any]], str, int]] = []
        for i in range(count):
            brand = BRANDS[i % len(BRANDS)]
            slug = f"{brand[0].split('-')[0]}-{THEMES[(i // len(BRANDS)) % len(THEMES)]}"
            if slug in slugs:
                slug = f"{slug}-{i}"
            slugs.add(slug)
            status = "completed" if i < count * 0.6 else "active" if i < count * 0.9 else "draft"
            size = base + (1 if i < extra else 0)
            posts, roster, currency = self.campaign(i, slug, brand, status, size)
            if status != "draft":
                plans.append((slug, posts, roster, currency, i))
        self.metrics(plans)

    def campaign(
        self, i: int, slug: str, brand: tuple[str, ...], status: str, size: int
    ) -> tuple[list[Post], list[dict[str, Any]], str]:
        """One campaign.yml, brief.md and two content drafts; returns its posts and roster."""
        rng = self.rng
        bid, bname, _sfx, _addr, category, tag, product, mention, currency = brand
        start = FIRST_DAY + timedelta(days=i * 7 + rng.randrange(7))
        end = start + timedelta(days=rng.randint(30, 75))
        domain = bid.replace("-", "")
        landing = f"https://{domain}.example/{slug}"
        payment_terms = rng.choice(PAYMENT_TERMS)
        names, weights = STATUS_WEIGHTS[status]
        roster: list[dict[str, Any]] = []
        posts: list[Post] = []
        spend = 0
        for creator in rng.sample(self.creators, size):
            deliverables = self.deliverables(creator, start, end)
            price = sum(
                creator.prices[d["platform"], d["type"]] * d.get("count", 1) for d in deliverables
            )
            fee = max(50, int(price * rng.uniform(0.8, 1.15) / 5) * 5)
            eng: dict[str, Any] = {"handle": creator.handle, "fee": fee}
            if rng.random() < 0.7:
                eng["gifted"] = {"item": product.capitalize(), "value": rng.randrange(20, 95, 5)}
            eng["promo_code"] = self.promo_code(creator, slug, bid)
            eng["status"] = rng.choices(names, weights)[0]
            eng["deliverables"] = deliverables
            roster.append(eng)
        if status != "draft" and not any(e["status"] in POSTED for e in roster):
            roster[0]["status"] = "delivered"
        for eng in roster:
            st = eng["status"]
            creator = self.by_handle[eng["handle"]]
            posted = eng["deliverables"][0]["due"]
            override = rng.choice(TERM_OVERRIDES) if rng.random() < 0.1 else None
            if st in SIGNED:
                spend += eng["fee"] + eng.get("gifted", {}).get("value", 0)
                signed = start - timedelta(days=rng.randint(3, 14))
                eng["signed_on"] = signed
                terms = (override or {}).get("payment", payment_terms)
                payments = self.payments(eng["fee"], terms, st, signed, posted)
                if payments:
                    eng["payments"] = payments
            if st in POSTED:
                for d in eng["deliverables"]:
                    day = (d["due"] - timedelta(days=rng.randint(0, 2))).toordinal()
                    posts.append(
                        Post(
                            creator.handle,
                            d["platform"],
                            d["id"] if rng.random() < 0.95 else "",
                            self.post_url(d["platform"], creator),
                            max(day, start.toordinal()),
                            self.finals(creator.followers[d["platform"]], d["type"]),
                        )
                    )
                if rng.random() < 0.7:
                    eng["rating"] = rng.randint(3, 5)
            if self.args.markers:
                eng["notes"] = self.marker(
                    f"MARK-NOTES-{slug}-{creator.handle}",
                    "notes",
                    "notes",
                    creator.handle,
                    slug,
                    bid,
                )
            elif rng.random() < 0.4:
                eng["notes"] = rng.choice(NOTES)
            if override:
                eng["terms"] = override
            self.stats.add("deliverables", len(eng["deliverables"]))
        self.stats.add("engagements", len(roster))
        eur = currency == "EUR"
        doc: dict[str, Any] = {
            "title": f"{bname} {slug.split('-', 1)[1].replace('-', ' ').title()}",
            "brand": bid,
            "status": status,
            "goal": GOALS[i % len(GOALS)],
        }
        if i % 3 == 0:
            doc["tier"] = "nano"
        doc["markets"] = ["IE"] if eur else ["US", "CA"]
        doc["period"] = {"start": start, "end": end}
        doc["budget"] = {"amount": (int(spend * 1.1) // 500 + 1) * 500, "currency": currency}
        doc["targets"] = {"engagement_rate": 0.04, "ctr": 0.01, "cpa": 12.5, "roas": 3.0}
        doc["disclosure"] = {
            "rules": ["ie-asai"] if eur else ["us-ftc"],
            "required_any": ["#ad", "#sponsored"],
            "must_tag": ["@" + domain],
            "must_hashtag": ["#" + tag],
            "must_mention": [mention],
            "banned": ["cure", "guaranteed"],
        }
        doc["tracking"] = {
            "landing_url": landing,
            "utm": {
                "source": "{platform}",
                "medium": "influencer",
                "campaign": "{slug}",
                "content": "{handle}",
            },
        }
        doc["terms"] = {
            "payment": payment_terms,
            "usage_rights": {
                "channels": ["organic_social", "paid_social"],
                "months": rng.choice([1, 3, 6]),
            },
            "exclusivity": {"category": category, "days": rng.choice([14, 30, 60])},
            "revision_rounds": 2,
            "kill_fee_percent": 25,
            "governing_law": "Ireland" if eur else "State of New York, USA",
        }
        doc["creators"] = roster
        self.write_yaml(f"campaigns/{slug}/campaign.yml", doc)
        self.stats.add("campaign.yml")
        self.write(f"campaigns/{slug}/brief.md", self.brief(doc, product, mention, tag))
        self.stats.add("brief.md")
        self.drafts(slug, doc, roster, posts, product, mention)
        return posts, roster, currency

    def brief(self, doc: dict[str, Any], product: str, mention: str, tag: str) -> str:
        """The creative brief in Markdown."""
        period = doc["period"]
        return (
            f"# {doc['title']}\n\n"
            f"## Why this campaign\n\nWe want real people to try the {product} and say what they "
            f"think. Goal: **{doc['goal']}**.\n\n"
            "## Key messages\n\n"
            f"- Mention **{mention}** in your own words.\n"
            f"- Show the {product} in a real moment of your day, not a studio shot.\n"
            f"- Use **#{tag}** and tag {doc['disclosure']['must_tag'][0]}.\n\n"
            "## Do and don't\n\n"
            "- Do put **#ad** at the very start of the caption.\n"
            "- Do use your promo code and your tracking link.\n"
            "- Don't make medical or absolute claims.\n\n"
            f"## Timeline\n\n{period['start']} to {period['end']}. Drafts are due three days "
            "before each deliverable's due date.\n"
        )

    def drafts(
        self,
        slug: str,
        doc: dict[str, Any],
        roster: list[dict[str, Any]],
        posts: list[Post],
        product: str,
        mention: str,
    ) -> None:
        """Two content drafts, on Instagram deliverables where the roster has them."""
        rng = self.rng
        urls = {(p.handle, p.deliverable): p.url for p in posts if p.deliverable}
        live = [e for e in roster if e["status"] != "declined"] or roster
        insta = [e for e in live if any(d["platform"] == "instagram" for d in e["deliverables"])]
        chosen = rng.sample(insta, min(2, len(insta)))
        rest = [e for e in live if e not in chosen]
        chosen += rng.sample(rest, min(2 - len(chosen), len(rest)))
        disclosure = doc["disclosure"]
        for eng in chosen:
            handle = eng["handle"]
            dl = next(
                (d for d in eng["deliverables"] if d["platform"] == "instagram"),
                eng["deliverables"][0],
            )
            url = urls.get((handle, dl["id"]))
            status = (
                "published"
                if url
                else rng.choice(["draft", "submitted", "changes_requested", "approved"])
            )
            link = (
                f"{doc['tracking']['landing_url']}?utm_source={dl['platform']}"
                f"&utm_medium=influencer&utm_campaign={slug}&utm_content={handle}"
            )
            hook = rng.choice(HOOKS).format(product=product, mention=mention)
            niche_tag = NICHES[self.by_handle[handle].niche][2]
            text = (
                f"---\nstatus: {status}\npost_url: {url or 'null'}\n---\n"
                f"#ad {hook} {disclosure['must_tag'][0]}\n"
                f"Use {eng['promo_code']} for 15% off → {link}\n"
                f"{disclosure['must_hashtag'][0]} #{niche_tag}\n"
            )
            self.write(f"campaigns/{slug}/content/{handle}/{dl['id']}.md", text)
            self.stats.add("content drafts")

    # ----------------------------------------------------------------- metrics
    def metrics(self, plans: list[tuple[str, list[Post], list[dict[str, Any]], str, int]]) -> None:
        """Posts snapshot and orders CSVs; exactly --metric-rows data rows in all.

        Snapshot rows are shared evenly by all posts (so every post has about the same number
        of daily snapshots); order rows are shared evenly by the campaigns.
        """
        total = self.args.metric_rows
        plans = [p for p in plans if p[1]]
        if total and not plans:
            sys.exit("make_program: no campaign has published posts to attach metrics to")
        post_rows = total * 8 // 10
        order_rows = total - post_rows
        n_posts = sum(len(p[1]) for p in plans)
        seen = 0
        for k, (slug, posts, roster, currency, index) in enumerate(plans):
            files = self.rng.randint(2, 4)
            order_files = 2 if files == 4 else 1
            spans = [
                post_rows // n_posts + (1 if seen + j < post_rows % n_posts else 0)
                for j in range(len(posts))
            ]
            seen += len(posts)
            mine_orders = order_rows // len(plans) + (1 if k < order_rows % len(plans) else 0)
            self.snapshots(slug, posts, spans, files - order_files)
            self.orders(slug, posts, roster, currency, index, mine_orders, order_files)

    def snapshots(self, slug: str, posts: list[Post], spans: list[int], files: int) -> None:
        """Daily cumulative snapshots (spans[i] of them for posts[i]), split by date window."""
        active = [(p, s) for p, s in zip(posts, spans, strict=True) if s]
        if not active:
            return
        first = min(p.day for p, _ in active)
        last = max(p.day + s for p, s in active)
        bounds = [first + (last - first) * (w + 1) // files for w in range(files)]
        chunks: list[list[str]] = [[] for _ in range(files)]
        day = self.day
        for post, span in active:
            curve = [0.92 * (1 - 0.75 ** (j + 1)) + 0.08 * (j + 1) / span for j in range(span)]
            a, b, c, d, e, f, g, h = post.finals
            pre = f",{post.handle},{post.platform},{post.deliverable},{post.url},"
            o = post.day
            lines = [
                f"{day(o + j)}{pre}{int(a * x)},{int(b * x)},{int(c * x)},{int(d * x)},"
                f"{int(e * x)},{int(f * x)},{int(g * x)},{int(h * x)}\n"
                for j, x in enumerate(curve)
            ]
            lo = 0
            for w, bound in enumerate(bounds):
                hi = min(span, max(0, bound - o))
                if hi > lo:
                    chunks[w].extend(lines[lo:hi])
                    lo = hi
        for w, chunk in enumerate(chunks):
            if chunk:
                self.write(
                    f"campaigns/{slug}/metrics/posts-{w + 1:02d}.csv", POSTS_HEADER + "".join(chunk)
                )
                self.stats.add("posts files")
                self.stats.add("posts rows", len(chunk))

    def orders(
        self,
        slug: str,
        posts: list[Post],
        roster: list[dict[str, Any]],
        currency: str,
        index: int,
        rows: int,
        files: int,
    ) -> None:
        """Orders attributed by promo code and/or utm_content, sorted by date."""
        rng = self.rng
        first_post: dict[str, int] = {}
        for p in posts:
            first_post[p.handle] = min(p.day, first_post.get(p.handle, p.day))
        codes = {e["handle"]: e["promo_code"] for e in roster}
        sellers = sorted(first_post)
        weights = [rng.uniform(0.2, 1.0) for _ in sellers]
        scale = rows / sum(weights)
        counts = [int(w * scale) for w in weights]
        for j in range(rows - sum(counts)):
            counts[j % len(counts)] += 1
        out: list[tuple[int, str]] = []
        seq = 0
        for handle, n in zip(sellers, counts, strict=True):
            code, start = codes[handle], first_post[handle]
            for _ in range(n):
                seq += 1
                day = start + int(rng.random() * 90)
                r = rng.random()
                via_code, via_utm = (
                    (code, "") if r < 0.7 else ("", handle) if r < 0.9 else (code, handle)
                )
                cents = rng.randrange(1500, 15000)
                out.append(
                    (
                        day,
                        f"ord-{index + 1:03d}-{seq:06d},{self.day(day)},{via_code},"
                        f"{via_utm},{cents // 100}.{cents % 100:02d},{currency}\n",
                    )
                )
        out.sort()
        size = -(-len(out) // files) if out else 0
        for w in range(files):
            part = out[w * size : (w + 1) * size]
            if part:
                self.write(
                    f"campaigns/{slug}/metrics/orders-{w + 1:02d}.csv",
                    ORDERS_HEADER + "".join(line for _, line in part),
                )
                self.stats.add("orders files")
                self.stats.add("orders rows", len(part))

    # --------------------------------------------------------------------- run
    def run(self) -> None:
        """Generate everything, then the markers manifest when asked."""
        self.write("mkdocs.yml", MKDOCS_YML)
        self.brands()
        used: set[str] = set()
        for index in range(self.args.creators):
            self.creator(index, used)
        self.campaigns()
        if self.args.markers:
            manifest = self.out.resolve().parent / "markers.json"
            manifest.write_text(json.dumps(self.markers, indent=1) + "\n", encoding="utf-8")
            self.stats.add("markers", len(self.markers))


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path, help="where to write the program (new or empty)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--creators", type=int, default=200)
    parser.add_argument("--campaigns", type=int, default=50)
    parser.add_argument("--engagements", type=int, default=1000)
    parser.add_argument("--metric-rows", type=int, default=1_000_000)
    parser.add_argument(
        "--markers",
        action="store_true",
        help="put privacy markers in private fields, notes and promo codes",
    )
    args = parser.parse_args(argv)
    if args.creators < 1 or args.campaigns < 1 or args.engagements < args.campaigns:
        parser.error("need at least one creator, one campaign and one engagement per campaign")
    if args.metric_rows < 0:
        parser.error("--metric-rows must be >= 0")
    return args


def main(argv: list[str] | None = None) -> int:
    """Generate the program and print what was written."""
    args = parse_args(argv)
    out: Path = args.out_dir
    if out.exists() and any(out.iterdir()):
        print(f"make_program: {out} is not empty; remove it first", file=sys.stderr)
        return 2
    started = time.perf_counter()
    gen = Generator(out, args)
    gen.run()
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    for kind, n in gen.stats.counts.items():
        print(f"{kind:>16}: {n:,}")
    print(f"{'size':>16}: {size / 2**20:.1f} MiB")
    print(f"{'seconds':>16}: {time.perf_counter() - started:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
