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
from builder.render.format import NOT_AVAILABLE, csv_cell, label_of, money, number, platform_label
from builder.render.pages.parts import post_values
from builder.render.paths import (
    campaign_page,
    kpi_page,
    media_kit_page,
    scorecard_csv_file,
    scorecard_page,
)
from builder.render.templating import (
    Badge,
    Code,
    Column,
    Link,
    PageView,
    Sorted,
    Span,
    Stacked,
    Table,
    external_link,
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
    return {scorecard_page(slug): ctx.templates.render(
                "pages/scorecard.md.j2", scorecard_view(ctx, slug, campaign, rows)),
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


@dataclass(frozen=True, kw_only=True)
class ScorecardView(PageView):
    """campaigns/<slug>/scorecard.md (pages/scorecard.md.j2), for the team and the brand; the
    team also sees fees and rate-card prices."""

    links: list[Link]
    """The CSV download, the campaign page and the KPIs."""
    creators: Table
    team: bool


def scorecard_view(ctx: SiteContext, slug: str, campaign: Campaign,
                   rows: list[_Row]) -> ScorecardView:
    here = scorecard_page(slug)
    spec = campaign.spec
    locale = ctx.locale
    team = ctx.audience.kind == "team"
    columns = [Column("Creator", "creator"), Column("Status", "status"),
               Column("Tracking link", "links"), Column("Promo code", "code"),
               Column("Content", "content"), Column("Posts", "posts"),
               Column("Spend", "spend", numeric=True)]
    if team:
        columns += [Column("Fee", "fee", numeric=True),
                    Column("Rate-card price", "rate_card", numeric=True)]
    columns += [Column("Clicks", "clicks", numeric=True),
                Column("Conversions", "conversions", numeric=True),
                Column("CPA", "cpa", numeric=True), Column("Rating", "rating", numeric=True),
                Column("Notes", "notes", wide=True)]
    csv_link = ctx.href(here, scorecard_csv_file(slug))
    body: list[dict[str, object]] = []
    for row in rows:
        engagement = row.engagement
        figures = row.figures
        cpa = figures.cpa
        cells: dict[str, object] = {
            "creator": Link(ctx.href(here, media_kit_page(engagement.handle)), row.name)
            if engagement.handle in ctx.program.creators else row.name,
            "status": Badge(label_of(engagement.status), engagement.status.value),
            "links": Stacked([Span(external_link(url, platform_label(platform)), "nk-url")
                              for platform, url in sorted(row.links.items())]),
            "code": Code(engagement.promo_code) if engagement.promo_code else "",
            "content": Stacked([[Code(ident), Badge(label, tone)]
                                for ident, label, tone in row.content]),
            "posts": post_values(row.post_urls, csv_link, stacked=True),
            "spend": Sorted(money(figures.spend, spec.currency, locale), str(figures.spend)),
            "clicks": Sorted(NOT_AVAILABLE if figures.clicks is None
                             else number(figures.clicks, locale),
                             "" if figures.clicks is None else str(figures.clicks)),
            "conversions": Sorted(number(figures.conversions, locale),
                                  str(figures.conversions)),
            "cpa": Sorted(money(cpa, spec.currency, locale) if cpa is not None
                          else NOT_AVAILABLE, "" if cpa is None else str(cpa)),
            "rating": Sorted(f"{engagement.rating}/5" if engagement.rating else "",
                             str(engagement.rating or "")),
            "notes": engagement.notes or "",
        }
        if team:
            cells["fee"] = Sorted(money(engagement.fee, spec.currency, locale),
                                  str(engagement.fee))
            cells["rate_card"] = _rate_card_cell(row.rate_card, locale)
        body.append(cells)
    return ScorecardView(
        title=f"{spec.title}: scorecard", wide=True, team=team,
        links=[Link(csv_link, "Download as CSV", download=True),
               Link(ctx.href(here, campaign_page(slug)), "Campaign page"),
               Link(ctx.href(here, kpi_page(slug)), "KPIs")],
        creators=Table(columns, body))


def _rate_card_cell(price: RateCardPrice | None, locale: str) -> Sorted:
    if price is None:
        return Sorted(Span("no rate card", "nk-muted"), "")
    amount = money(price.amount, price.currency, locale)
    if price.missing:
        return Sorted(Stacked([amount, Span(f"no price for {', '.join(price.missing)}",
                                            "nk-muted")]), str(price.amount))
    return Sorted(amount, str(price.amount))


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
