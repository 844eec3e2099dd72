"""The home page: what this audience has, at a glance."""

from __future__ import annotations

from collections import Counter

from builder.model.campaign import (
    CONTRACT_STATUSES,
    CampaignStatus,
    EngagementStatus,
)
from builder.render.context import SiteContext, SiteFiles
from builder.render.format import day, day_range, html_text, label_of, md_text, money, number
from builder.render.pages.campaigns import (
    CAMPAIGNS,
    campaign_path,
    creator_name,
    scorecard_path,
    sorted_campaigns,
)
from builder.render.pages.creators import DIRECTORY, media_kit_path
from builder.render.pages.kpis import kpi_page_path
from builder.render.pages.mywork import MY_WORK, calendar_links
from builder.render.pages.parts import (
    Cell,
    as_of_line,
    badge,
    bullet_list,
    contract_links,
    deliverable_label,
    facts,
    href,
    html_block,
    link,
    note,
    page,
    table,
)
from builder.render.pages.status import (
    committed_deliverables,
    content_as_of,
    due_within,
    overdue,
    progress,
)
from builder.render.pages.team import DASHBOARDS, DEADLINE_DAYS

HOME = "index.md"

_OPEN_CAMPAIGNS = frozenset({CampaignStatus.DRAFT, CampaignStatus.ACTIVE})


def render_home(ctx: SiteContext) -> SiteFiles:
    """index.md for the audience."""
    kind = ctx.audience.kind
    if kind == "team":
        return {HOME: _team_home(ctx)}
    if kind == "brand":
        return {HOME: _brand_home(ctx)}
    if kind == "creator":
        return {HOME: _creator_home(ctx)}
    return {HOME: _public_home(ctx)}


def _team_home(ctx: SiteContext) -> str:
    program = ctx.program
    locale = ctx.locale
    as_of = content_as_of(program)
    statuses = Counter(c.spec.status.value for c in program.campaigns.values())
    committed = sum(1 for c in program.campaigns.values() for e in c.spec.creators
                    if e.status in CONTRACT_STATUSES)
    campaign_counts = ", ".join(f"{number(statuses[s.value], locale)} {s.value}"
                                for s in CampaignStatus if statuses[s.value]) or "none"
    overview = facts([
        ("Creators", link(href(HOME, DIRECTORY), number(len(program.creators), locale))),
        ("Brands", html_text(number(len(program.brands), locale))),
        ("Campaigns", f"{link(href(HOME, CAMPAIGNS), number(len(program.campaigns), locale))}"
                      f" ({html_text(campaign_counts)})"),
        ("Engagements under contract or negotiation", html_text(number(committed, locale))),
    ])
    deliverables = committed_deliverables(ctx)
    soon = due_within(deliverables, as_of, DEADLINE_DAYS)
    late = overdue(deliverables, as_of)
    deadline_rows: list[list[Cell | str]] = [
        [Cell(html_text(day(row.deliverable.due, locale)), row.deliverable.due.isoformat()),
         link(href(HOME, campaign_path(row.slug)), row.campaign.spec.title),
         link(href(HOME, media_kit_path(row.engagement.handle)),
              creator_name(ctx, row.engagement.handle)),
         html_text(deliverable_label(row.deliverable)),
         badge(row.state.label, row.state.tone)]
        for row in soon]
    dashboards = [f"{link(href(HOME, path), title)}: {html_text(what)}"
                  for path, title, what in DASHBOARDS]
    late_line = (f"{number(len(late), locale)} deliverable{'s are' if len(late) != 1 else ' is'}"
                 " overdue: see the deadlines dashboard." if late else "")
    return page(
        "Home", as_of_line(ctx), overview,
        f"## Due in the next {DEADLINE_DAYS} days",
        table(["Due", "Campaign", "Creator", "Deliverable", "Status"], deadline_rows,
              nowrap=[0])
        if deadline_rows else note(f"Nothing is due in the next {DEADLINE_DAYS} days."),
        md_text(late_line) if late_line else "",
        "## Dashboards", bullet_list(dashboards), heading=program.config.site_name)


def _brand_home(ctx: SiteContext) -> str:
    locale = ctx.locale
    brand = next(iter(ctx.program.brands.values()), None)
    title = brand.name if brand else ctx.program.config.site_name
    rows: list[list[Cell | str]] = []
    for slug, campaign in sorted_campaigns(ctx):
        spec = campaign.spec
        working = sum(1 for e in spec.creators if e.status != EngagementStatus.DECLINED)
        committed = spec.committed_spend
        rows.append([
            link(href(HOME, campaign_path(slug)), spec.title),
            badge(label_of(spec.status), spec.status.value),
            Cell(html_text(day_range(spec.period.start, spec.period.end, locale)),
                 spec.period.start.isoformat()),
            Cell(html_text(number(working, locale)), str(working)),
            Cell(html_text(money(spec.budget.amount, spec.currency, locale)),
                 str(spec.budget.amount)),
            Cell(html_text(money(committed, spec.currency, locale)), str(committed)),
            f"{link(href(HOME, kpi_page_path(slug)), 'KPIs')} · "
            f"{link(href(HOME, scorecard_path(slug)), 'Scorecard')}",
        ])
    sections = [
        md_text(f"Your campaigns, their creators' media kits and rate cards, contracts and "
                f"results. {number(len(ctx.program.creators), locale)} creators work on your "
                "campaigns."),
        html_block(f"{link(href(HOME, CAMPAIGNS), 'All campaigns')} · "
                   f"{link(href(HOME, DIRECTORY), 'Creators')}", "nk-links"),
        "## Campaigns",
        table(["Campaign", "Status", "Period", "Creators", "Budget", "Committed", "Results"],
              rows, numeric=[3, 4, 5], nowrap=[2])
        if rows else note("No campaigns yet."),
    ]
    return page("Home", *sections, heading=title)


def _creator_home(ctx: SiteContext) -> str:
    program = ctx.program
    locale = ctx.locale
    handle = ctx.audience.id or ""
    as_of = content_as_of(program)
    name = creator_name(ctx, handle)
    upcoming: list[tuple[str, list[Cell | str]]] = []
    briefs = []
    contracts: list[list[Cell | str]] = []
    for slug, campaign in sorted_campaigns(ctx):
        spec = campaign.spec
        engagement = spec.engagement(handle)
        if engagement is None or engagement.status == EngagementStatus.DECLINED:
            continue
        if spec.status in _OPEN_CAMPAIGNS:
            briefs.append(f"{link(href(HOME, campaign_path(slug)), spec.title)} "
                          f"{badge(label_of(engagement.status), engagement.status.value)}")
        if spec.status != CampaignStatus.CANCELLED:
            done = ctx.activity(slug)
            for deliverable in engagement.deliverables:
                state = progress(done, handle, deliverable)
                if state.posted or (as_of is not None and deliverable.due < as_of
                                    and spec.status != CampaignStatus.ACTIVE):
                    continue
                status = badge(state.label, state.tone)
                if as_of is not None and deliverable.due < as_of:
                    status += " " + badge("Overdue", "late")
                upcoming.append((f"{deliverable.due.isoformat()} {slug} {deliverable.id}", [
                    Cell(html_text(day(deliverable.due, locale)), deliverable.due.isoformat()),
                    link(href(HOME, campaign_path(slug)), spec.title),
                    html_text(deliverable_label(deliverable)), status]))
        if engagement.status in CONTRACT_STATUSES:
            links = contract_links(ctx, slug, handle, HOME)
            signed = (f"signed {day(engagement.signed_on, locale)}" if engagement.signed_on
                      else "not signed yet")
            contracts.append([link(href(HOME, campaign_path(slug)), spec.title),
                              badge(label_of(engagement.status), engagement.status.value),
                              html_text(signed), " · ".join(links)])
    subscribe = calendar_links(ctx, HOME)
    quick = [link(href(HOME, MY_WORK), "My work"),
             link(href(HOME, media_kit_path(handle)), "My media kit")]
    if subscribe:
        quick.append(subscribe)
    return page(
        "Home", as_of_line(ctx), html_block(" · ".join(quick), "nk-links"),
        "## Next deadlines",
        table(["Due", "Campaign", "Deliverable", "Status"],
              [row for _, row in sorted(upcoming, key=lambda item: item[0])], nowrap=[0],
              sortable=False)
        if upcoming else note("Nothing to post right now."),
        "## Open briefs",
        bullet_list(briefs) if briefs else note("No open briefs."),
        "## Contracts",
        table(["Campaign", "Status", "Signature", "Contract"], contracts, sortable=False)
        if contracts else note("No contracts yet."), heading=f"Hi, {name}")


def _public_home(ctx: SiteContext) -> str:
    creators = ctx.program.creators
    niches = sorted({n for c in creators.values() for n in c.profile.niches}, key=str.casefold)
    count = number(len(creators), ctx.locale)
    sections = [
        md_text(f"Media kits of the {count} creators in our program: their platforms, "
                "audiences and content."),
        html_block(link(href(HOME, DIRECTORY), "Browse the creators"), "nk-links"),
    ]
    if niches:
        sections += ["## Niches", html_block("".join(
            f'<span class="nk-tag">{html_text(n)}</span>' for n in niches), "nk-tags")]
    return page("Home", *sections, heading=ctx.program.config.site_name)

