"""The creators directory (cards with filters) and one media kit page per creator."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from builder.model.creator import Creator, PlatformAccount
from builder.render.charts import line_chart, share_bars
from builder.render.context import SiteContext, SiteFiles
from builder.render.format import (
    compact,
    country,
    html_text,
    label_of,
    language,
    md_text,
    money,
    number,
    percent,
)
from builder.render.markdown import prose_block
from builder.render.pages.parts import (
    Cell,
    badge,
    external_link,
    facts,
    figure,
    html_block,
    link,
    note,
    page,
    platform_label,
    table,
)
from builder.render.paths import DIRECTORY, campaign_page, media_kit_page

_FILTERS = (("niche", "Niche"), ("tier", "Tier"), ("country", "Country"),
            ("platform", "Platform"))



def render_directory(ctx: SiteContext) -> SiteFiles:
    """creators/index.md: every creator the audience may see, with filters."""
    return {DIRECTORY: _directory(ctx)}


def render_media_kit(ctx: SiteContext, handle: str) -> SiteFiles:
    return {media_kit_page(handle): _media_kit(ctx, ctx.program.creators[handle])}


def main_account(creator: Creator) -> PlatformAccount:
    """The platform with the most followers (first listed on a tie): the card's headline."""
    return max(creator.profile.platforms, key=lambda account: account.followers)


def _directory(ctx: SiteContext) -> str:
    creators = sorted(ctx.program.creators.values(),
                      key=lambda c: (c.profile.name.casefold(), c.handle))
    if not creators:
        return page("Creators", note("No creators to show."))
    options: dict[str, dict[str, str]] = {key: {} for key, _ in _FILTERS}
    cards = []
    for creator in creators:
        values = _filter_values(ctx, creator)
        for key, pairs in values.items():
            options[key].update(pairs)
        cards.append(_card(ctx, creator, values))
    controls = ['<form class="nk-filters" data-nk-filters hidden>']
    for key, label in _FILTERS:
        choices = sorted(options[key].items(), key=lambda item: (item[1].casefold(), item[0]))
        rendered = "".join(f'<option value="{html_text(value)}">{html_text(text)}</option>'
                           for value, text in choices)
        controls.append(f'<label>{html_text(label)} <select data-nk-filter="{key}">'
                        f'<option value="">All</option>{rendered}</select></label>')
    controls.append('<button type="reset">Clear</button>'
                    '<output class="nk-muted" data-nk-count></output></form>')
    count = (f"{number(len(creators), ctx.locale)} creator"
             f"{'s' if len(creators) != 1 else ''}.")
    return page("Creators",
                f"{md_text(count)} Open a card for the media kit.",
                html_block("".join(controls), "nk-filter-bar"),
                html_block("".join(cards), "nk-cards"))


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


def _card(ctx: SiteContext, creator: Creator, values: dict[str, dict[str, str]]) -> str:
    profile = creator.profile
    # Values are wrapped in '|' so the script can match whole values, spaces included.
    data = "".join(f' data-{key}="|{html_text("|".join(sorted(values[key])))}|"'
                   for key, _ in _FILTERS)
    main = main_account(creator)
    place = ", ".join(p for p in (profile.location.city,
                                  country(profile.location.country, ctx.locale)) if p)
    platforms = "".join(
        f"<li>{html_text(platform_label(a.platform))} "
        f'<span class="nk-followers" title="{html_text(number(a.followers, ctx.locale))} '
        f'followers">{html_text(compact(a.followers, ctx.locale))}</span></li>'
        for a in profile.platforms)
    niches = "".join(f'<span class="nk-tag">{html_text(n)}</span>' for n in profile.niches)
    url = ctx.href(DIRECTORY, media_kit_page(creator.handle))
    return (f'<article class="nk-card"{data}>'
            f'<h2 class="nk-card__title"><a href="{html_text(url)}">'
            f"{html_text(profile.name)}</a></h2>"
            f'<p class="nk-card__place">{html_text(place)}</p>'
            f'<p class="nk-card__tags">{niches}</p>'
            f'<ul class="nk-card__platforms">{platforms}</ul>'
            f'<p class="nk-card__tier">'
            f"{badge(label_of(ctx.program.tier_of(main.followers)), 'tier')} "
            f'<span class="nk-muted">on {html_text(platform_label(main.platform))}</span></p>'
            "</article>")


def _media_kit(ctx: SiteContext, creator: Creator) -> str:
    here = media_kit_page(creator.handle)
    profile = creator.profile
    locale = ctx.locale
    place = ", ".join(p for p in (profile.location.city,
                                  country(profile.location.country, locale)) if p)
    about = [("Location", html_text(place))]
    if profile.languages:
        about.append(("Languages", html_text(", ".join(language(code, locale)
                                                         for code in profile.languages))))
    if profile.niches:
        about.append(("Niches", "".join(f'<span class="nk-tag">{html_text(n)}</span>'
                                        for n in profile.niches)))
    sections = [html_block(link(ctx.href(here, DIRECTORY), "All creators"), "nk-links")]
    if profile.bio:
        sections.append(f'\n<p class="nk-lead" markdown="0">{html_text(profile.bio)}</p>\n')
    sections.append(facts(about))
    sections += ["## Platforms", _platforms_table(ctx, profile.platforms)]
    audience_charts = _audience_section(ctx, profile.platforms)
    if audience_charts:
        sections += ["## Audience", *audience_charts]
    if creator.media_kit and creator.media_kit.strip():
        sections += ["## About", prose_block(
            creator.media_kit, heading_offset=1, source=f"creators/{creator.handle}/media-kit.md")]
    if profile.rates is not None:
        sections += ["## Rates", *_rate_card(ctx, creator)]
    if creator.history:
        sections += ["## Follower history", _history_chart(ctx, creator)]
    campaigns = _campaigns_of(ctx, creator, here)
    if campaigns:
        sections += ["## Campaigns", campaigns]
    if ctx.audience.kind == "team" and creator.private is not None:
        sections += ["## Contact and payout (team only)", _private_facts(creator)]
    return page(profile.name, *sections)


def _platforms_table(ctx: SiteContext, accounts: Sequence[PlatformAccount]) -> str:
    rows: list[list[Cell | str]] = []
    for account in accounts:
        tier = ctx.program.tier_of(account.followers)
        shown = (external_link(account.url, account.handle) if account.url
                 else html_text(account.handle))
        rows.append([html_text(platform_label(account.platform)), shown,
                     Cell(html_text(number(account.followers, ctx.locale)),
                          str(account.followers)),
                     badge(label_of(tier), "tier")])
    return table(["Platform", "Account", "Followers", "Tier"], rows, numeric=[2],
                 sortable=False)


def _audience_section(ctx: SiteContext, accounts: Sequence[PlatformAccount]) -> list[str]:
    sections = []
    for account in accounts:
        audience = account.audience
        if audience is None:
            continue
        name = platform_label(account.platform)
        charts = []
        if audience.countries:
            by_share = sorted(audience.countries.items(), key=lambda item: (-item[1], item[0]))
            charts.append(figure(share_bars(
                {country(code, ctx.locale): share for code, share in by_share},
                title=f"{name} audience by country", locale=ctx.locale), "Countries"))
        if audience.ages:
            charts.append(figure(share_bars(dict(sorted(audience.ages.items())),
                                             title=f"{name} audience by age",
                                             locale=ctx.locale), "Ages"))
        if audience.genders:
            by_share = sorted(audience.genders.items(), key=lambda item: (-item[1], item[0]))
            charts.append(figure(share_bars({label_of(g): s for g, s in by_share},
                                             title=f"{name} audience by gender",
                                             locale=ctx.locale), "Genders"))
        if charts:
            sections += [f"### {md_text(name)}", html_block("".join(charts), "nk-chart-grid")]
    return sections



def _rate_card(ctx: SiteContext, creator: Creator) -> list[str]:
    rates = creator.profile.rates
    if rates is None:
        return []
    rows: list[list[Cell | str]] = [
            [html_text(platform_label(item.platform)), html_text(label_of(item.type)),
             Cell(html_text(money(item.price, rates.currency, ctx.locale)), str(item.price))]
            for item in rates.items]
    parts = [table(["Platform", "Deliverable", "Price"], rows, numeric=[2], sortable=False)]
    add_ons = []
    for name, per_month in (("Paid usage rights", rates.usage_rights_per_month_percent),
                            ("Exclusivity", rates.exclusivity_per_month_percent)):
        if per_month is not None:
            share = percent(per_month / 100, ctx.locale, digits=0)
            add_ons.append(f"{name}: +{share} of the price per month.")
    if add_ons:
        parts.append("\n".join(f"- {md_text(line)}" for line in add_ons))
    parts.append(md_text(f"Prices in {rates.currency}."))
    return parts


def _history_chart(ctx: SiteContext, creator: Creator) -> str:
    series: dict[str, list[tuple[date, float]]] = {}
    for row in sorted(creator.history, key=lambda r: (r.platform.value, r.date)):
        series.setdefault(platform_label(row.platform), []).append((row.date, row.followers))
    chart = line_chart(series, title=f"Followers of {creator.profile.name} over time",
                       locale=ctx.locale)
    return html_block(figure(chart, "Followers at each history date"), "nk-chart-wide")


def _campaigns_of(ctx: SiteContext, creator: Creator, here: str) -> str:
    items: list[list[Cell | str]] = []
    for slug, campaign in sorted(ctx.program.campaigns.items(),
                                 key=lambda item: (item[1].spec.period.start, item[0])):
        engagement = campaign.spec.engagement(creator.handle)
        if engagement is None:
            continue
        url = ctx.href(here, campaign_page(slug))
        items.append([link(url, campaign.spec.title),
                      html_text(label_of(campaign.spec.status)),
                      badge(label_of(engagement.status), engagement.status.value)])
    if not items:
        return ""
    return table(["Campaign", "Campaign status", "Engagement"], items, sortable=False)


def _private_facts(creator: Creator) -> str:
    private = creator.private
    if private is None:
        return ""
    items = [("Legal name", html_text(private.legal_name))]
    if private.email:
        items.append(("Email", html_text(private.email)))
    if private.phone:
        items.append(("Phone", html_text(private.phone)))
    if private.address:
        items.append(("Address", html_text(private.address)))
    if private.payout:
        items.append(("Payout", html_text(f"{label_of(private.payout.method)}, "
                                          f"{private.payout.account}")))
    return facts(items)
