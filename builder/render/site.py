"""One audience's site as files: pages, assets, feeds, JSON and PDFs."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from functools import partial
from importlib.resources import files as package_files

from builder.audience import Audience, filter_program
from builder.facts import Facts, derive, filter_facts
from builder.memo import Memo
from builder.model.campaign import CONTRACT_STATUSES
from builder.model.program import Program
from builder.render.calendars import render_calendars
from builder.render.context import SiteContext, SiteFiles
from builder.render.contracts.printing import contract_path
from builder.render.pages.campaigns import render_campaign, render_campaign_list
from builder.render.pages.creators import render_directory, render_media_kit
from builder.render.pages.home import render_home
from builder.render.pages.kpis import render_kpi_files
from builder.render.pages.mywork import render_my_work
from builder.render.pages.team import render_team
from builder.render.paths import Paths, signed_contract_file
from builder.render.templating import page_templates

ASSETS = ("nanokit.css", "nanokit.js")


def render_site(program: Program, audience: Audience, contracts: Mapping[str, bytes],
                signed: Mapping[str, bytes], memo: Memo | None = None,
                facts: Facts | None = None) -> SiteFiles:
    """Everything `audience` may see, from the program and its facts filtered for it.

    `contracts` holds generated PDFs by contract_path(), `signed` countersigned copies by
    their repository path; only those of engagements in the filtered program are included.
    `facts` are the whole program's (derived here when not given). A live preview passes the
    same `memo` to every render, so that only pages whose inputs changed are rendered again.
    """
    memo = memo or Memo()
    if facts is None:
        facts = derive(program, team=audience.kind == "team", memo=memo)
    visible = filter_program(program, audience, memo)
    visible_facts = filter_facts(facts, visible, audience, memo)
    files: SiteFiles = {}
    shown: dict[tuple[str, str], str] = {}
    generated: dict[tuple[str, str], str] = {}
    if audience.kind != "public":
        for slug, campaign in visible.campaigns.items():
            for engagement in campaign.spec.creators:
                if engagement.status not in CONTRACT_STATUSES:
                    continue
                key = (slug, engagement.handle)
                path = contract_path(*key)
                if path in contracts:
                    files[path] = contracts[path]
                    generated[key] = shown[key] = path
                repo_path = campaign.signed.get(engagement.handle)
                if repo_path and repo_path in signed:
                    files[signed_contract_file(*key)] = signed[repo_path]
                    shown[key] = signed_contract_file(*key)
    calendars: dict[str, str] = {}
    if audience.kind in ("team", "creator"):
        handles = sorted({e.handle for c in visible.campaigns.values() for e in c.spec.creators
                          if e.deliverables})
        feeds = render_calendars(visible, visible_facts, handles, audience.kind == "team", memo)
        files.update(feeds)
        calendars = {path.removeprefix("calendar/").removesuffix(".ics"): path for path in feeds}
    ctx = SiteContext(program=visible, audience=audience, locale=visible.config.locale,
                      facts=visible_facts, contracts=shown, generated_contracts=generated,
                      calendars=calendars, memo=memo,
                      paths=Paths(visible.config.use_directory_urls),
                      templates=page_templates(program.templates))
    # Pages about everything are rendered every time; pages about one campaign or creator
    # only when what they are rendered from changed (see _part).
    files.update(render_home(ctx))
    files.update(render_directory(ctx))
    for handle in sorted(visible.creators):
        part = _part(ctx, visible.part(
            brands=[], creators=[handle],
            campaigns=[s for s, c in visible.campaigns.items() if c.spec.engagement(handle)]))
        files.update(memo.get("media-kit", _inputs(part), partial(render_media_kit, part, handle)))
    if audience.kind != "public":
        files.update(render_campaign_list(ctx))
        for slug, campaign in sorted(visible.campaigns.items()):
            part = _part(ctx, visible.part(brands=[campaign.spec.brand],
                                           creators=[e.handle for e in campaign.spec.creators],
                                           campaigns=[slug]))
            files.update(memo.get("campaign", _inputs(part), partial(_campaign_files, part, slug)))
    if audience.kind == "creator":
        files.update(render_my_work(ctx))
    if audience.kind == "team":
        files.update(render_team(ctx))
    assets = package_files("builder.render") / "assets"
    for name in ASSETS:
        files[f"assets/{name}"] = (assets / name).read_text(encoding="utf-8")
    return files


def _part(ctx: SiteContext, program: Program) -> SiteContext:
    """The context narrowed to `program`, a part of ctx.program: a page rendered from it
    cannot depend on anything outside it, so its inputs (_inputs) say when it changes."""
    handles = set(program.creators) | {"all"}
    facts = replace(ctx.facts, campaigns={s: f for s, f in ctx.facts.campaigns.items()
                                          if s in program.campaigns},
                    kpis={s: k for s, k in ctx.facts.kpis.items() if s in program.campaigns})
    return replace(ctx, program=program, facts=facts,
                   contracts={k: v for k, v in ctx.contracts.items() if k[0] in program.campaigns},
                   generated_contracts={k: v for k, v in ctx.generated_contracts.items()
                                        if k[0] in program.campaigns},
                   calendars={k: v for k, v in ctx.calendars.items() if k in handles})


def _inputs(ctx: SiteContext) -> tuple[object, ...]:
    program = ctx.program
    return (str(ctx.audience), ctx.locale, ctx.facts.as_of, ctx.facts.campaigns, ctx.facts.kpis,
            ctx.contracts, ctx.generated_contracts, ctx.calendars,
            program.root, program.config, program.today, program.templates, program.brands,
            program.creators, program.campaigns)


def _campaign_files(ctx: SiteContext, slug: str) -> SiteFiles:
    return {**render_campaign(ctx, slug), **render_kpi_files(ctx, slug)}
