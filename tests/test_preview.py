"""`nanokit serve`: a change shows after rendering only what it touches, with a fresh build's bytes.

A preview keeps a Memo between rebuilds: unchanged files give back the same objects, and pages
whose inputs are the same objects are not rendered again. A missed input would show a stale
page, so every kind of change is checked against a build from scratch, for three audiences.
"""

from __future__ import annotations

import json
import logging
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

import builder.render.site as site_module
from builder.audience import parse_audience
from builder.build import mkdocs_files
from builder.load.program import load_program
from builder.memo import Memo
from builder.render.context import SiteFiles
from builder.render.contracts.printing import render_contracts
from builder.render.site import render_site
from tests.conftest import REPO

PROGRAM_PARTS = ("mkdocs.yml", "brands", "creators", "campaigns")


@pytest.fixture
def program_root(tmp_path: Path) -> Path:
    """A copy of the sample program, to edit."""
    root = tmp_path / "program"
    root.mkdir()
    for name in PROGRAM_PARTS:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, root / name)
        else:
            shutil.copy2(source, root / name)
    return root


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def append(path: Path, line: str) -> None:
    with path.open("a", encoding="utf-8") as handle:
        handle.write(line + "\n")


CHANGES: dict[str, Callable[[Path], None]] = {
    "bio": lambda root: edit(root / "creators/maya-runs/profile.yml",
                             "bio: Trail runner", "bio: Fell runner"),
    "followers": lambda root: edit(root / "creators/maya-runs/profile.yml",
                                   "followers: 8420", "followers: 9420"),
    "private address": lambda root: edit(root / "creators/maya-runs/private.yml",
                                         "55 SE Alder St", "57 SE Alder St"),
    "media kit": lambda root: append(root / "creators/maya-runs/media-kit.md",
                                     "\nNew: a second marathon finish."),
    "brand name": lambda root: edit(root / "brands/trailhead-coffee.yml",
                                    "name: Trailhead", "name: Trailhead Roasters"),
    "campaign title": lambda root: edit(root / "campaigns/cold-brew-summer/campaign.yml",
                                        "title: Cold Brew Concentrate Summer Trails",
                                        "title: Cold Brew Summer Trails"),
    "fee": lambda root: edit(root / "campaigns/cold-brew-summer/campaign.yml",
                             "fee: 300", "fee: 350"),
    "brief": lambda root: append(root / "campaigns/cold-brew-summer/brief.md",
                                 "\nBring a reusable cup to every shoot."),
    "metric row": lambda root: append(
        root / "campaigns/cold-brew-summer/metrics/posts-2026-08-15.csv",
        "2026-08-16,maya-runs,instagram,ig-reel-1,https://www.instagram.com/reel/DK9tFa1vQ2m/,"
        "11900,7400,380,50,40,75,11900,260"),
    "metric file removed": lambda root: (
        root / "campaigns/cold-brew-summer/metrics/posts-2026-08-15.csv").unlink(),
    "draft status": lambda root: edit(
        root / "campaigns/autumn-fell-series/content/aoife-runs/ig-post-1.md",
        "status: submitted", "status: changes_requested"),
    "creator added": lambda root: add_creator(root, "mia-runs"),
}


def add_creator(root: Path, handle: str) -> None:
    shutil.copytree(root / "creators/maya-runs", root / "creators" / handle)
    edit(root / "creators" / handle / "profile.yml", "name: Maya Chen", "name: Mia Chen")


def rendered(root: Path, audience: str, memo: Memo) -> SiteFiles:
    program, problems = load_program(root, memo)
    assert not [p for p in problems if p.severity == "error"], problems
    files = render_site(program, parse_audience(audience), {}, {}, memo)
    memo.sweep()
    return files


@pytest.mark.parametrize("change", sorted(CHANGES))
@pytest.mark.parametrize("audience", ["team", "brand:trailhead-coffee", "creator:maya-runs"])
def test_a_rebuild_gives_the_bytes_of_a_fresh_build(program_root: Path, audience: str,
                                                    change: str) -> None:
    memo = Memo()
    before = rendered(program_root, audience, memo)
    CHANGES[change](program_root)
    again = rendered(program_root, audience, memo)
    fresh = rendered(program_root, audience, Memo())
    assert again == fresh
    assert again != before or audience != "team"  # every change shows somewhere in the team's


def test_a_changed_bio_renders_again_only_that_creators_pages(
        program_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    memo = Memo()
    rendered(program_root, "team", memo)
    first, _ = load_program(program_root, memo)
    calls: dict[str, list[str]] = {"media kits": [], "campaigns": []}

    def counting(name: str, render: Callable[..., SiteFiles]) -> Callable[..., SiteFiles]:
        def wrapper(ctx: Any, key: str) -> SiteFiles:
            calls[name].append(key)
            return render(ctx, key)
        return wrapper

    monkeypatch.setattr(site_module, "render_media_kit",
                        counting("media kits", site_module.render_media_kit))
    monkeypatch.setattr(site_module, "_campaign_files",
                        counting("campaigns", site_module._campaign_files))
    CHANGES["bio"](program_root)
    files = rendered(program_root, "team", memo)
    second, _ = load_program(program_root, memo)

    assert "Fell runner" in str(files["creators/maya-runs.md"])
    assert calls == {"media kits": ["maya-runs"],
                     "campaigns": ["cold-brew-summer", "holiday-gift-guide", "pdx-popup-weekend"]}
    assert second.creators["maya-runs"] is not first.creators["maya-runs"]
    assert all(second.creators[h] is first.creators[h] for h in first.creators if h != "maya-runs")
    assert all(second.campaigns[s] is first.campaigns[s] for s in first.campaigns)


# ---- the MkDocs side: dirty rebuilds under serve ----------------------------------------------

def serve_config(root: Path, scratch: Path, site: Path) -> MkDocsConfig:
    scratch.mkdir(exist_ok=True)
    config_file, docs = mkdocs_files(root, Path(tempfile.mkdtemp(dir=scratch)))
    return load_config(str(config_file), site_dir=str(site), docs_dir=str(docs))


def serve_build(root: Path, scratch: Path, site: Path) -> None:
    """What `mkdocs serve` does on each change: load the config afresh, build with --dirty."""
    mkdocs_build(serve_config(root, scratch, site), serve_url="http://127.0.0.1:8000/",
                 dirty=True)


def search_locations(site: Path) -> list[str]:
    index = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    return sorted(entry["location"] for entry in index["docs"])


def test_serve_writes_only_changed_pages_and_keeps_nav_and_search_whole(
        program_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NANOKIT_ROOT", raising=False)
    monkeypatch.delenv("NANOKIT_AUDIENCE", raising=False)
    site = tmp_path / "served"
    add_creator(program_root, "mia-runs")
    serve_config(program_root, tmp_path / "scratch", site).plugins.on_startup(
        command="serve", dirty=True)
    try:
        serve_build(program_root, tmp_path / "scratch", site)
        media_kit = site / "creators/maya-runs/index.html"
        other = site / "creators/aoife-runs/index.html"
        removed = site / "creators/mia-runs/index.html"
        assert removed.exists()
        stamps = {path: path.stat().st_mtime_ns for path in (media_kit, other)}
        locations = search_locations(site)

        CHANGES["bio"](program_root)
        serve_build(program_root, tmp_path / "scratch", site)
        assert "Fell runner" in media_kit.read_text(encoding="utf-8")
        assert media_kit.stat().st_mtime_ns != stamps[media_kit]
        assert other.stat().st_mtime_ns == stamps[other]
        assert search_locations(site) == locations  # every page once, none lost
        assert "Fell runner" in (site / "search/search_index.json").read_text(encoding="utf-8")

        shutil.rmtree(program_root / "creators/mia-runs")
        serve_build(program_root, tmp_path / "scratch", site)
        assert not removed.exists()
        # The nav lost an entry, so every page was written again with the new nav.
        assert other.stat().st_mtime_ns != stamps[other]
        assert "mia-runs" not in other.read_text(encoding="utf-8")
        assert not [loc for loc in search_locations(site) if "mia-runs" in loc]
    finally:
        serve_config(program_root, tmp_path / "scratch", site).plugins.on_shutdown()


def test_a_preview_renders_again_only_the_contract_that_changed(
        copy_program: Callable[[str], Path], tmp_path: Path,
        caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="builder.render.contracts")
    root, memo = copy_program("contracts"), Memo()
    render_contracts(load_program(root, memo)[0], tmp_path / "cache", workers=1, memo=memo)
    edit(root / "campaigns/spring-bake/campaign.yml", "fee: 250", "fee: 275")
    caplog.clear()
    again, _ = render_contracts(load_program(root, memo)[0], tmp_path / "cache", workers=1,
                                memo=memo)
    assert caplog.messages == ["contracts: 1 rendered, 3 from the cache"]
    fresh, _ = render_contracts(load_program(root)[0], tmp_path / "fresh", workers=1)
    assert again == fresh
