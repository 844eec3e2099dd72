"""The creators directory (cards with filters) and one media kit page per creator."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from markupsafe import Markup

from builder.model.creator import Creator, PlatformAccount
from builder.render.charts import line_chart, share_bars
from builder.render.context import SiteContext, SiteFiles
from builder.render.format import (
    compact,
    country,
    label_of,
    language,
    money,
    number,
    percent,
    platform_label,
)
from builder.render.markdown import prose_block
from builder.render.paths import DIRECTORY, campaign_page, media_kit_page
from builder.render.templating import (
    Badge,
    Chart,
    Column,
    Joined,
    Link,
    PageView,
    Sorted,
    Span,
    Table,
    external_link,
)

_FILTERS = (("niche", "Niche"), ("tier", "Tier"), ("country", "Country"),
            ("platform", "Platform"))



def render_directory(ctx: SiteContext) -> SiteFiles:
    """creators/index.md: every creator the audience may see, with filters."""
    return {DIRECTORY: ctx.templates.render("pages/creators.md.j2", directory_view(ctx))}


def render_media_kit(ctx: SiteContext, handle: str) -> SiteFiles:
    return {media_kit_page(handle): ctx.templates.render(
        "pages/media-kit.md.j2", media_kit_view(ctx, ctx.program.creators[handle]))}


def main_account(creator: Creator) -> PlatformAccount:
    """The platform with the most followers (first listed on a tie): the card's headline."""
    return max(creator.profile.platforms, key=lambda account: account.followers)


@dataclass(frozen=True)
class Filter:
    """One filter of the directory: its key (a card's data-<key>), label and choices."""

    key: str
    label: str
    choices: list[tuple[str, str]]
    """(value, shown text), by text."""


@dataclass(frozen=True)
class CreatorCard:
    url: str
    name: str
    filters: list[tuple[str, str]]
    """(key, '|value|value|'): values wrapped in '|' so the script can match whole values,
    spaces included."""
    place: str
    niches: list[str]
    platforms: list[tuple[str, str, str]]
    """(platform, followers in full, followers in short: 4.2K)."""
    tier: str
    main_platform: str


@dataclass(frozen=True, kw_only=True)
class DirectoryView(PageView):
    """creators/index.md (pages/creators.md.j2): a card per creator, with filters."""

    count: str
    """'2 creators.'"""
    filters: list[Filter]
    cards: list[CreatorCard]


def directory_view(ctx: SiteContext) -> DirectoryView:
    creators = sorted(ctx.program.creators.values(),
                      key=lambda c: (c.profile.name.casefold(), c.handle))
    options: dict[str, dict[str, str]] = {key: {} for key, _ in _FILTERS}
    cards = []
    for creator in creators:
        values = _filter_values(ctx, creator)
        for key, pairs in values.items():
            options[key].update(pairs)
        cards.append(_card(ctx, creator, values))
    return DirectoryView(
        title="Creators",
        count=f"{number(len(creators), ctx.locale)} creator{'s' if len(creators) != 1 else ''}.",
        filters=[Filter(key, label, sorted(options[key].items(),
                                           key=lambda item: (item[1].casefold(), item[0])))
                 for key, label in _FILTERS],
        cards=cards)


def _filter_values(ctx: SiteContext, creator: Creator) -> dict[str, dict[str, str]]:
    """Filter key -> {attribute value: shown text} for one creator."""
    profile = creator.profile
    country_code = profile.location.country
    return {
        "niche": {n.casefold(): n for n in profile.niches},
        "tier": {t: label_of(t) for t in
                 (ctx.program.tier_of(a.followers) for a in profile.platforms)},
        "country": {country_code: country(country_code, ctx.locale)},
        "platform": {a.platform.value: platform_label(a.platform) for a in profile.platforms},
    }


def _card(ctx: SiteContext, creator: Creator, values: dict[str, dict[str, str]]) -> CreatorCard:
    profile = creator.profile
    main = main_account(creator)
    return CreatorCard(
        url=ctx.href(DIRECTORY, media_kit_page(creator.handle)), name=profile.name,
        filters=[(key, f"|{'|'.join(sorted(values[key]))}|") for key, _ in _FILTERS],
        place=_place(ctx, creator), niches=list(profile.niches),
        platforms=[(platform_label(a.platform), number(a.followers, ctx.locale),
                    compact(a.followers, ctx.locale)) for a in profile.platforms],
        tier=label_of(ctx.program.tier_of(main.followers)),
        main_platform=platform_label(main.platform))


def _place(ctx: SiteContext, creator: Creator) -> str:
    location = creator.profile.location
    return ", ".join(p for p in (location.city, country(location.country, ctx.locale)) if p)


@dataclass(frozen=True, kw_only=True)
class MediaKitView(PageView):
    """creators/<handle>.md (pages/media-kit.md.j2). Only the team sees `private`."""

    directory: Link
    bio: str
    about: list[tuple[str, object]]
    platforms: Table
    audience: list[tuple[str, list[Chart]]]
    """(platform, charts of its audience by country, age and gender)."""
    media_kit: Markup | None
    """The creator's media-kit.md as sanitised HTML."""
    rates: Table | None
    add_ons: list[str]
    """'Paid usage rights: +10% of the price per month.'"""
    rates_currency: str
    history: Chart | None
    campaigns: Table
    private: list[tuple[str, object]]


def media_kit_view(ctx: SiteContext, creator: Creator) -> MediaKitView:
    here = media_kit_page(creator.handle)
    profile = creator.profile
    locale = ctx.locale
    about: list[tuple[str, object]] = [("Location", _place(ctx, creator))]
    if profile.languages:
        about.append(("Languages", ", ".join(language(code, locale)
                                             for code in profile.languages)))
    if profile.niches:
        about.append(("Niches", Joined([Span(n, "nk-tag") for n in profile.niches], "")))
    rates, add_ons = _rate_card(ctx, creator)
    return MediaKitView(
        title=profile.name, directory=Link(ctx.href(here, DIRECTORY), "All creators"),
        bio=profile.bio or "", about=about, platforms=_platforms_table(ctx, profile.platforms),
        audience=_audience_section(ctx, profile.platforms),
        media_kit=Markup(prose_block(creator.media_kit, heading_offset=1,
                                     source=f"creators/{creator.handle}/media-kit.md"
                                     ).strip("\n"))
        if creator.media_kit and creator.media_kit.strip() else None,
        rates=rates, add_ons=add_ons,
        rates_currency=profile.rates.currency if profile.rates else "",
        history=_history_chart(ctx, creator) if creator.history else None,
        campaigns=_campaigns_of(ctx, creator, here),
        private=_private_facts(creator) if ctx.audience.kind == "team" else [])


def _platforms_table(ctx: SiteContext, accounts: Sequence[PlatformAccount]) -> Table:
    rows: list[dict[str, object]] = []
    for account in accounts:
        tier = ctx.program.tier_of(account.followers)
        rows.append({
            "platform": platform_label(account.platform),
            "account": external_link(account.url, account.handle) if account.url
            else account.handle,
            "followers": Sorted(number(account.followers, ctx.locale), str(account.followers)),
            "tier": Badge(label_of(tier), "tier")})
    columns = (Column("Platform", "platform"), Column("Account", "account"),
               Column("Followers", "followers", numeric=True), Column("Tier", "tier"))
    return Table(columns, rows, sortable=False)


def _audience_section(ctx: SiteContext,
                      accounts: Sequence[PlatformAccount]) -> list[tuple[str, list[Chart]]]:
    sections = []
    for account in accounts:
        audience = account.audience
        if audience is None:
            continue
        name = platform_label(account.platform)
        charts = []
        if audience.countries:
            by_share = sorted(audience.countries.items(), key=lambda item: (-item[1], item[0]))
            charts.append(Chart(Markup(share_bars(
                {country(code, ctx.locale): share for code, share in by_share},
                title=f"{name} audience by country", locale=ctx.locale)), "Countries"))
        if audience.ages:
            charts.append(Chart(Markup(share_bars(dict(sorted(audience.ages.items())),
                                                  title=f"{name} audience by age",
                                                  locale=ctx.locale)), "Ages"))
        if audience.genders:
            by_share = sorted(audience.genders.items(), key=lambda item: (-item[1], item[0]))
            charts.append(Chart(Markup(share_bars({label_of(g): s for g, s in by_share},
                                                  title=f"{name} audience by gender",
                                                  locale=ctx.locale)), "Genders"))
        if charts:
            sections.append((name, charts))
    return sections


def _rate_card(ctx: SiteContext, creator: Creator) -> tuple[Table | None, list[str]]:
    rates = creator.profile.rates
    if rates is None:
        return None, []
    columns = (Column("Platform", "platform"), Column("Deliverable", "type"),
               Column("Price", "price", numeric=True))
    rows: list[dict[str, object]] = [
        {"platform": platform_label(item.platform), "type": label_of(item.type),
         "price": Sorted(money(item.price, rates.currency, ctx.locale), str(item.price))}
        for item in rates.items]
    add_ons = []
    for name, per_month in (("Paid usage rights", rates.usage_rights_per_month_percent),
                            ("Exclusivity", rates.exclusivity_per_month_percent)):
        if per_month is not None:
            share = percent(per_month / 100, ctx.locale, digits=0)
            add_ons.append(f"{name}: +{share} of the price per month.")
    return Table(columns, rows, sortable=False), add_ons


def _history_chart(ctx: SiteContext, creator: Creator) -> Chart:
    series: dict[str, list[tuple[date, float]]] = {}
    for row in sorted(creator.history, key=lambda r: (r.platform.value, r.date)):
        series.setdefault(platform_label(row.platform), []).append((row.date, row.followers))
    chart = line_chart(series, title=f"Followers of {creator.profile.name} over time",
                       locale=ctx.locale)
    return Chart(Markup(chart), "Followers at each history date")


def _campaigns_of(ctx: SiteContext, creator: Creator, here: str) -> Table:
    rows: list[dict[str, object]] = []
    for slug, campaign in sorted(ctx.program.campaigns.items(),
                                 key=lambda item: (item[1].spec.period.start, item[0])):
        engagement = campaign.spec.engagement(creator.handle)
        if engagement is None:
            continue
        rows.append({"campaign": Link(ctx.href(here, campaign_page(slug)), campaign.spec.title),
                     "status": label_of(campaign.spec.status),
                     "engagement": Badge(label_of(engagement.status),
                                         engagement.status.value)})
    columns = (Column("Campaign", "campaign"), Column("Campaign status", "status"),
               Column("Engagement", "engagement"))
    return Table(columns, rows, sortable=False)


def _private_facts(creator: Creator) -> list[tuple[str, object]]:
    private = creator.private
    if private is None:
        return []
    items: list[tuple[str, object]] = [("Legal name", private.legal_name)]
    if private.email:
        items.append(("Email", private.email))
    if private.phone:
        items.append(("Phone", private.phone))
    if private.address:
        items.append(("Address", private.address))
    if private.payout:
        items.append(("Payout", f"{label_of(private.payout.method)}, {private.payout.account}"))
    return items
