"""The home page: what this audience has, at a glance."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from builder.facts import committed_deliverables
from builder.model.campaign import (
    CONTRACT_STATUSES,
    CampaignStatus,
    EngagementStatus,
)
from builder.render.context import SiteContext, SiteFiles
from builder.render.format import day, day_range, html_text, label_of, md_text, money, number
from builder.render.pages.campaigns import (
    creator_name,
    sorted_campaigns,
)
from builder.render.pages.mywork import calendar_links
from builder.render.pages.parts import (
    Cell,
    as_of_line,
    badge,
    bullet_list,
    contract_links,
    deliverable_label,
    facts,
    html_block,
    link,
    note,
    page,
    table,
)
from builder.render.pages.team import (
    DASHBOARDS,
    DEADLINE_DAYS,
    USAGE_RIGHTS_DAYS,
    due_within,
    installment_rows,
    overdue,
    usage_rights_ending,
)
from builder.render.paths import (
    CAMPAIGNS,
    DIRECTORY,
    HOME,
    MY_WORK,
    campaign_page,
    kpi_page,
    media_kit_page,
    scorecard_page,
    team_page,
)

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
    as_of = ctx.facts.as_of
    statuses = Counter(c.spec.status.value for c in program.campaigns.values())
    committed = sum(1 for c in program.campaigns.values() for e in c.spec.creators
                    if e.status in CONTRACT_STATUSES)
    campaign_counts = ", ".join(f"{number(statuses[s.value], locale)} {s.value}"
                                for s in CampaignStatus if statuses[s.value]) or "none"
    overview = facts([
        ("Creators", link(ctx.href(HOME, DIRECTORY), number(len(program.creators), locale))),
        ("Brands", html_text(number(len(program.brands), locale))),
        ("Campaigns", f"{link(ctx.href(HOME, CAMPAIGNS), number(len(program.campaigns), locale))}"
                      f" ({html_text(campaign_counts)})"),
        ("Engagements under contract or negotiation", html_text(number(committed, locale))),
    ])
    deliverables = committed_deliverables(ctx.facts, program)
    soon = due_within(deliverables, as_of, DEADLINE_DAYS)
    late = overdue(deliverables)
    deadline_rows: list[list[Cell | str]] = [
        [Cell(html_text(day(fact.deliverable.due, locale)), fact.deliverable.due.isoformat()),
         link(ctx.href(HOME, campaign_page(slug)), program.campaigns[slug].spec.title),
         link(ctx.href(HOME, media_kit_page(engagement.handle)),
              creator_name(ctx, engagement.handle)),
         html_text(deliverable_label(fact.deliverable)),
         badge(fact.progress.label, fact.progress.tone)]
        for slug, engagement, fact in soon]
    dashboards = [f"{link(ctx.href(HOME, path), title)}: {html_text(what)}"
                  for path, title, what in DASHBOARDS]
    return page(
        "Home", as_of_line(ctx), "## Needs action", _team_actions(ctx, len(late)), overview,
        f"## Due in the next {DEADLINE_DAYS} days",
        table(["Due", "Campaign", "Creator", "Deliverable", "Status"], deadline_rows,
              nowrap=[0])
        if deadline_rows else note(f"Nothing is due in the next {DEADLINE_DAYS} days."),
        "## Dashboards", bullet_list(dashboards), heading=program.config.site_name)


def _team_actions(ctx: SiteContext, late: int) -> str:
    """What needs doing today, each with a link to where it is done."""
    program = ctx.program
    in_review = [(slug, e.handle) for slug, c in sorted(program.campaigns.items())
                 for e in c.spec.creators for f in ctx.engagement(slug, e.handle).deliverables
                 if f.progress.in_review]
    unsigned = sorted((slug, e.handle) for slug, c in program.campaigns.items()
                      if c.spec.status != CampaignStatus.CANCELLED for e in c.spec.creators
                      if e.status in CONTRACT_STATUSES and e.signed_on is None)
    unpaid = sum(1 for row in installment_rows(ctx) if row.overdue)
    ending = len(usage_rights_ending(ctx, ctx.facts.as_of))

    def campaigns(pairs: list[tuple[str, str]]) -> str:
        slugs = list(dict.fromkeys(slug for slug, _ in pairs))
        shown = ", ".join(link(ctx.href(HOME, campaign_page(slug)),
                               program.campaigns[slug].spec.title) for slug in slugs[:3])
        return shown + (html_text(f" and {len(slugs) - 3} more") if len(slugs) > 3 else "")

    actions = [
        (late, "deliverable is overdue", "deliverables are overdue",
         link(ctx.href(HOME, team_page("deadlines")) + "#overdue", "Deadlines")),
        (len(in_review), "draft waits for review", "drafts wait for review",
         campaigns(in_review)),
        (unpaid, "payment is overdue", "payments are overdue",
         link(ctx.href(HOME, team_page("payments")), "Payments")),
        (len(unsigned), "contract is not signed", "contracts are not signed",
         campaigns(unsigned)),
        (ending, f"licence ends in the next {USAGE_RIGHTS_DAYS} days",
         f"licences end in the next {USAGE_RIGHTS_DAYS} days",
         link(ctx.href(HOME, team_page("usage-rights")), "Usage rights")),
    ]
    items = [f"{badge(number(count, ctx.locale), 'late')} {html_text(one if count == 1 else many)}"
             f": {where}" for count, one, many, where in actions if count]
    return bullet_list(items, "nk-list nk-actions") if items else note(
        "Nothing needs action today.")


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
            link(ctx.href(HOME, campaign_page(slug)), spec.title),
            badge(label_of(spec.status), spec.status.value),
            Cell(html_text(day_range(spec.period.start, spec.period.end, locale)),
                 spec.period.start.isoformat()),
            Cell(html_text(number(working, locale)), str(working)),
            Cell(html_text(money(spec.budget.amount, spec.currency, locale)),
                 str(spec.budget.amount)),
            Cell(html_text(money(committed, spec.currency, locale)), str(committed)),
            f"{link(ctx.href(HOME, kpi_page(slug)), 'KPIs')} · "
            f"{link(ctx.href(HOME, scorecard_page(slug)), 'Scorecard')}",
        ])
    sections = [
        md_text(f"Your campaigns, their creators' media kits and rate cards, contracts and "
                f"results. {number(len(ctx.program.creators), locale)} creators work on your "
                "campaigns."),
        html_block(f"{link(ctx.href(HOME, CAMPAIGNS), 'All campaigns')} · "
                   f"{link(ctx.href(HOME, DIRECTORY), 'Creators')}", "nk-links"),
        "## Campaigns",
        table(["Campaign", "Status", "Period", "Creators", "Budget", "Committed", "Results"],
              rows, numeric=[3, 4, 5], nowrap=[2])
        if rows else note("No campaigns yet."),
    ]
    return page("Home", *sections, heading=title)


def _creator_home(ctx: SiteContext) -> str:
    locale = ctx.locale
    handle = ctx.audience.id or ""
    name = creator_name(ctx, handle)
    upcoming: list[tuple[str, list[Cell | str]]] = []
    briefs = []
    contracts: list[list[Cell | str]] = []
    owed: list[tuple[str, list[Cell | str]]] = []
    owed_totals: dict[str, Decimal] = {}
    for slug, campaign in sorted_campaigns(ctx):
        spec = campaign.spec
        engagement = spec.engagement(handle)
        if engagement is None or engagement.status == EngagementStatus.DECLINED:
            continue
        for payment in ctx.engagement(slug, handle).installments:
            if payment.paid:
                continue
            installment = payment.installment
            due = installment.due_date
            owed_totals[spec.currency] = (owed_totals.get(spec.currency, Decimal(0))
                                          + installment.amount)
            owed.append((f"{due.isoformat() if due else '9999'} {slug}", [
                link(ctx.href(HOME, campaign_page(slug)), spec.title),
                Cell(html_text(money(installment.amount, spec.currency, locale)),
                     str(installment.amount)),
                html_text(day(due, locale)) if due
                else html_text(f"{installment.due_event} (date not yet known)"),
                badge("Overdue", "late") if payment.overdue else badge("Open", "wait")]))
        if spec.status in _OPEN_CAMPAIGNS:
            briefs.append(f"{link(ctx.href(HOME, campaign_page(slug)), spec.title)} "
                          f"{badge(label_of(engagement.status), engagement.status.value)}")
        if spec.status != CampaignStatus.CANCELLED:
            for fact in ctx.engagement(slug, handle).deliverables:
                deliverable, state = fact.deliverable, fact.progress
                if state.posted or (fact.overdue and spec.status != CampaignStatus.ACTIVE):
                    continue
                status = badge(state.label, state.tone)
                if fact.overdue:
                    status += " " + badge("Overdue", "late")
                upcoming.append((f"{deliverable.due.isoformat()} {slug} {deliverable.id}", [
                    Cell(html_text(day(deliverable.due, locale)), deliverable.due.isoformat()),
                    link(ctx.href(HOME, campaign_page(slug)), spec.title),
                    html_text(deliverable_label(deliverable)), status]))
        if engagement.status in CONTRACT_STATUSES:
            links = contract_links(ctx, slug, handle, HOME)
            signed = (f"signed {day(engagement.signed_on, locale)}" if engagement.signed_on
                      else "not signed yet")
            contracts.append([link(ctx.href(HOME, campaign_page(slug)), spec.title),
                              badge(label_of(engagement.status), engagement.status.value),
                              html_text(signed), " · ".join(links)])
    subscribe = calendar_links(ctx, HOME)
    quick = [link(ctx.href(HOME, MY_WORK), "My work"),
             link(ctx.href(HOME, media_kit_page(handle)), "My media kit")]
    if subscribe:
        quick.append(subscribe)
    upcoming.sort(key=lambda item: item[0])
    owed.sort(key=lambda item: item[0])
    total_owed = " and ".join(money(amount, currency, locale)
                              for currency, amount in sorted(owed_totals.items()))
    return page(
        "Home", as_of_line(ctx), html_block(" · ".join(quick), "nk-links"),
        "## Next deadlines",
        table(["Due", "Campaign", "Deliverable", "Status"],
              [row for _, row in upcoming], nowrap=[0], sortable=False)
        if upcoming else note("Nothing to post right now."),
        "## What you are owed",
        md_text(f"In all: {total_owed}.") if owed else "",
        table(["Campaign", "Amount", "Due", "Status"], [row for _, row in owed], numeric=[1],
              sortable=False)
        if owed else note("Nothing is owed to you right now."),
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
        html_block(link(ctx.href(HOME, DIRECTORY), "Browse the creators"), "nk-links"),
    ]
    if niches:
        sections += ["## Niches", html_block("".join(
            f'<span class="nk-tag">{html_text(n)}</span>' for n in niches), "nk-tags")]
    return page("Home", *sections, heading=ctx.program.config.site_name)

