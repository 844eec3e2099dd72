"""One audience's site as files: pages, assets, feeds, JSON and PDFs."""

from __future__ import annotations

from collections.abc import Mapping
from importlib.resources import files as package_files

from builder.audience import Audience, filter_program
from builder.model.campaign import CONTRACT_STATUSES
from builder.model.program import Program
from builder.render.calendars import render_calendars
from builder.render.context import SiteContext, SiteFiles
from builder.render.contracts import contract_path
from builder.render.pages.campaigns import render_campaigns
from builder.render.pages.creators import render_creators
from builder.render.pages.home import render_home
from builder.render.pages.kpis import render_kpi_files
from builder.render.pages.mywork import render_my_work
from builder.render.pages.team import render_team

ASSETS = ("nanokit.css", "nanokit.js")


def signed_path(slug: str, handle: str) -> str:
    """Its own folder, so no handle can collide with another's signed copy."""
    return f"contracts/{slug}/signed/{handle}.pdf"


def render_site(program: Program, audience: Audience, contracts: Mapping[str, bytes],
                signed: Mapping[str, bytes]) -> SiteFiles:
    """Everything `audience` may see, from the program filtered for it.

    `contracts` holds generated PDFs by contract_path(), `signed` countersigned copies by
    their repository path; only those of engagements in the filtered program are included.
    """
    visible = filter_program(program, audience)
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
                    files[signed_path(*key)] = signed[repo_path]
                    shown[key] = signed_path(*key)
    calendars: dict[str, str] = {}
    if audience.kind in ("team", "creator"):
        handles = sorted({e.handle for c in visible.campaigns.values() for e in c.spec.creators
                          if e.deliverables})
        feeds = render_calendars(visible, handles, audience.kind == "team",
                                 visible.config.site_url or "")
        files.update(feeds)
        calendars = {path.removeprefix("calendar/").removesuffix(".ics"): path for path in feeds}
    ctx = SiteContext(program=visible, audience=audience, locale=visible.config.locale,
                      contracts=shown, generated_contracts=generated, calendars=calendars)
    files.update(render_home(ctx))
    files.update(render_creators(ctx))
    if audience.kind != "public":
        files.update(render_campaigns(ctx))
        files.update(render_kpi_files(visible, audience.kind, audience.id, ctx.locale))
    if audience.kind == "creator":
        files.update(render_my_work(ctx))
    if audience.kind == "team":
        files.update(render_team(ctx))
    assets = package_files("builder.render") / "assets"
    for name in ASSETS:
        files[f"assets/{name}"] = (assets / name).read_text(encoding="utf-8")
    return files
