"""A campaign's scorecard (team and its brand): the live sheet teams keep by hand, as a page
and as a CSV download."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from builder.facts import RateCardPrice
from builder.kpi import CampaignKpis
from builder.kpi.figures import Figures
from builder.model.campaign import CampaignSpec, Engagement, EngagementStatus
from builder.model.program import Campaign
from builder.render.context import SiteContext, SiteFiles
from builder.render.format import (
    NOT_AVAILABLE,
    csv_cell,
    html_text,
    label_of,
    md_text,
    money,
    number,
)
from builder.render.pages.parts import (
    Cell,
    code,
    external_link,
    html_block,
    link,
    page,
    platform_label,
    post_links,
    table,
)
from builder.render.paths import (
    campaign_page,
    kpi_page,
    media_kit_page,
    scorecard_csv_file,
    scorecard_page,
)
from builder.schedule import round_money
from builder.tracking import tracking_urls


@dataclass(frozen=True)
class _Row:
    engagement: Engagement
    name: str
    links: dict[str, str]
    content: list[tuple[str, str, str]]
    """(deliverable id, progress label, badge tone)."""
    post_urls: tuple[str, ...]
    figures: Figures
    rate_card: RateCardPrice | None


def render_scorecard(ctx: SiteContext, slug: str, kpis: CampaignKpis) -> SiteFiles:
    """scorecard.md and scorecard.csv of one campaign; callers render it for money audiences."""
    campaign = ctx.program.campaigns[slug]
    rows = _rows(ctx, slug, kpis)
    return {scorecard_page(slug): _page(ctx, slug, campaign, rows),
            scorecard_csv_file(slug): _csv(ctx, campaign.spec, rows)}


def _rows(ctx: SiteContext, slug: str, kpis: CampaignKpis) -> list[_Row]:
    campaign = ctx.program.campaigns[slug]
    rows = []
    for engagement in campaign.spec.creators:
        if engagement.status == EngagementStatus.DECLINED:
            continue
        creator = ctx.program.creators.get(engagement.handle)
        known = ctx.engagement(slug, engagement.handle)
        content = [(f.deliverable.id, f.progress.label, f.progress.tone)
                   for f in sorted(known.deliverables,
                                   key=lambda f: (f.deliverable.due, f.deliverable.id))]
        rows.append(_Row(
            engagement=engagement,
            name=creator.profile.name if creator else engagement.handle,
            links=tracking_urls(campaign.spec, slug, engagement.handle),
            content=content,
            post_urls=known.post_urls,
            figures=kpis.creators.get(engagement.handle, Figures()),
            rate_card=known.rate_card if creator else None,
        ))
    return sorted(rows, key=lambda row: (row.name.casefold(), row.engagement.handle))


def _page(ctx: SiteContext, slug: str, campaign: Campaign, rows: list[_Row]) -> str:
    here = scorecard_page(slug)
    spec = campaign.spec
    locale = ctx.locale
    team = ctx.audience.kind == "team"
    headers = ["Creator", "Status", "Tracking link", "Promo code", "Content", "Posts", "Spend",
               "Clicks", "Conversions", "CPA", "Rating", "Notes"]
    if team:
        headers[7:7] = ["Fee", "Rate-card price"]
    csv_link = ctx.href(here, scorecard_csv_file(slug))
    body: list[list[Cell | str]] = []
    for row in rows:
        engagement = row.engagement
        links = "<br>".join(
            f'<span class="nk-url">{external_link(url, platform_label(platform))}</span>'
            for platform, url in sorted(row.links.items()))
        content = "<br>".join(
            f'{code(ident)} <span class="nk-badge nk-badge--{tone}">{html_text(label)}</span>'
            for ident, label, tone in row.content)
        posts = post_links(row.post_urls, csv_link, "<br>", numbered=True)
        cpa = row.figures.cpa
        cells: list[Cell | str] = [
            link(ctx.href(here, media_kit_page(engagement.handle)), row.name)
            if engagement.handle in ctx.program.creators else html_text(row.name),
            f'<span class="nk-badge nk-badge--{engagement.status.value}">'
            f"{html_text(label_of(engagement.status))}</span>",
            links,
            code(engagement.promo_code) if engagement.promo_code else "",
            content,
            posts,
            Cell(html_text(money(row.figures.spend, spec.currency, locale)),
                 str(row.figures.spend)),
            Cell(html_text(NOT_AVAILABLE if row.figures.clicks is None
                           else number(row.figures.clicks, locale)),
                 "" if row.figures.clicks is None else str(row.figures.clicks)),
            Cell(html_text(number(row.figures.conversions, locale)),
                 str(row.figures.conversions)),
            Cell(html_text(money(cpa, spec.currency, locale) if cpa is not None
                           else NOT_AVAILABLE), "" if cpa is None else str(cpa)),
            Cell(html_text(f"{engagement.rating}/5") if engagement.rating else "",
                 str(engagement.rating or "")),
            html_text(engagement.notes or ""),
        ]
        if team:
            cells[7:7] = [Cell(html_text(money(engagement.fee, spec.currency, locale)),
                               str(engagement.fee)),
                          _rate_card_cell(row.rate_card, locale)]
        body.append(cells)
    numeric = [6, 7, 8, 9, 10, 11, 12] if team else [6, 7, 8, 9, 10]
    intro = html_block(
        f'<a href="{html_text(csv_link)}" download>Download as CSV</a> · '
        + link(ctx.href(here, campaign_page(slug)), "Campaign page")
        + " · " + link(ctx.href(here, kpi_page(slug)), "KPIs"), "nk-links")
    notes_column = len(headers) - 1
    sections = [intro, table(headers, body, numeric=numeric, wide=[notes_column])]
    if team:
        sections.append(md_text(
            "Rate-card price: the creator's prices × deliverables, plus usage-rights months "
            "and exclusivity (days / 30) at the rate card's monthly percentages. Shown in the "
            "rate card's currency."))
    return page(f"{spec.title}: scorecard", *sections, wide=True)


def _rate_card_cell(price: RateCardPrice | None, locale: str) -> Cell:
    if price is None:
        return Cell('<span class="nk-muted">no rate card</span>', "")
    text = html_text(money(price.amount, price.currency, locale))
    if price.missing:
        text += (f'<br><span class="nk-muted">no price for '
                 f'{html_text(", ".join(price.missing))}</span>')
    return Cell(text, str(price.amount))


def _csv(ctx: SiteContext, spec: CampaignSpec, rows: list[_Row]) -> str:
    team = ctx.audience.kind == "team"
    header = ["creator", "name", "status", "tracking_links", "promo_code", "content_status",
              "post_urls", "currency", "spend", "clicks", "conversions", "cpa", "rating",
              "notes"]
    if team:
        header += ["fee", "rate_card_price", "rate_card_currency", "rate_card_missing"]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        engagement = row.engagement
        cpa = row.figures.cpa
        cells: list[object] = [
            engagement.handle, row.name, engagement.status.value,
            " ".join(url for _, url in sorted(row.links.items())),
            engagement.promo_code or "",
            "; ".join(f"{ident}: {label}" for ident, label, _ in row.content),
            " ".join(row.post_urls),
            spec.currency, round_money(row.figures.spend, spec.currency),
            "" if row.figures.clicks is None else row.figures.clicks, row.figures.conversions,
            "" if cpa is None else round_money(cpa, spec.currency),
            engagement.rating or "", engagement.notes or "",
        ]
        if team:
            price = row.rate_card
            cells += [round_money(engagement.fee, spec.currency),
                      price.amount if price else "", price.currency if price else "",
                      "; ".join(price.missing) if price else ""]
        writer.writerow([csv_cell(cell) for cell in cells])
    return buffer.getvalue()
