"""Every link nanokit writes works with either MkDocs `use_directory_urls` (SPEC §9)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from builder.build import build
from builder.render.paths import Paths
from tests.conftest import PROGRAMS, REPO, run_cli

_LINK = re.compile(r'\s(?:href|src)="([^"]*)"')
SAMPLE_PARTS = ("brands", "creators", "campaigns", "templates", "docs", "mkdocs.yml")


def test_paths_serve_pages_as_folders_or_as_html_files() -> None:
    folders, files = Paths(directory_urls=True), Paths(directory_urls=False)
    assert folders.href("index.md", "creators/maya-runs.md") == "creators/maya-runs/"
    assert files.href("index.md", "creators/maya-runs.md") == "creators/maya-runs.html"
    assert folders.href("campaigns/spring/index.md", "creators/maya-runs.md") == (
        "../../creators/maya-runs/")
    assert files.href("campaigns/spring/index.md", "creators/maya-runs.md") == (
        "../../creators/maya-runs.html")
    assert folders.href("campaigns/spring/index.md", "campaigns/spring/kpis.md") == "kpis/"
    assert files.href("campaigns/spring/index.md", "campaigns/spring/kpis.md") == "kpis.html"
    assert folders.href("campaigns/spring/scorecard.md", "campaigns/spring/scorecard.csv") == (
        "../scorecard.csv")
    assert files.href("campaigns/spring/scorecard.md", "campaigns/spring/scorecard.csv") == (
        "scorecard.csv")
    assert folders.href("my-work.md", "calendar/ana.ics") == "../calendar/ana.ics"
    assert files.href("my-work.md", "calendar/ana.ics") == "calendar/ana.ics"
    assert folders.href("creators/ana.md", "creators/index.md") == "../"
    assert files.href("creators/ana.md", "creators/index.md") == "index.html"
    assert folders.href("creators/index.md", "creators/index.md") == "./"
    assert files.href("creators/index.md", "creators/index.md") == "index.html"
    assert folders.href("team/payments.md", "index.md") == "../../"
    assert files.href("team/payments.md", "index.md") == "../index.html"


def broken_links(site: Path, directory_urls: bool) -> list[str]:
    """Links inside `site` that do not reach a file of it, as 'PAGE -> LINK'.

    A link to a folder works only when the server serves its index.html, that is with
    directory URLs; opened from the file system, a folder shows no page. MkDocs writes 404.html
    with links from the host's root, as a server shows it at any missing path.
    """
    broken = []
    for page in sorted(set(site.rglob("*.html")) - {site / "404.html"}):
        for link in _LINK.findall(page.read_text(encoding="utf-8")):
            parts = urlsplit(link.replace("&amp;", "&"))
            if parts.scheme or parts.netloc or not parts.path:
                continue  # another host, mailto:, or an anchor in the same page
            target = (page.parent / unquote(parts.path)).resolve()
            if target.is_dir() and directory_urls:
                target = target / "index.html"
            if not target.is_file() or not target.is_relative_to(site.resolve()):
                broken.append(f"{page.relative_to(site)} -> {link}")
    return broken


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("sample")
    for name in SAMPLE_PARTS:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, root / name)
        elif source.is_file():
            shutil.copy(source, root / name)
    return root


@pytest.mark.parametrize("directory_urls", [True, False])
@pytest.mark.parametrize("audience", ["team", "creator:maya-runs"])
def test_every_internal_link_reaches_a_file(sample: Path, tmp_path: Path, audience: str,
                                            directory_urls: bool) -> None:
    config = (sample / "mkdocs.yml").read_text(encoding="utf-8")
    (sample / "mkdocs.yml").write_text(
        f"use_directory_urls: {str(directory_urls).lower()}\n{config}", encoding="utf-8")
    try:
        result = build(sample, tmp_path / "site", audience)
    finally:
        (sample / "mkdocs.yml").write_text(config, encoding="utf-8")
    assert result.ok, [p.format_text() for p in result.problems]
    site = tmp_path / "site"
    pages = list(site.rglob("*.html"))
    assert len(pages) > 10
    if not directory_urls:
        assert (site / "creators/maya-runs.html").is_file()
    assert broken_links(site, directory_urls) == []


def test_pages_hold_no_markdown_link_for_mkdocs_to_guess(tmp_path: Path) -> None:
    """Links are written as served, in raw HTML: a Markdown link to a folder ('../') is one
    MkDocs cannot check and reports on every build."""
    assert run_cli("build", "--root", PROGRAMS / "portal-basic", "--out", tmp_path,
                   "--audience", "all", "--docs-only").exit_code == 0
    markdown_links = [f"{page.relative_to(tmp_path)}: {target}"
                      for page in sorted(tmp_path.rglob("*.md"))
                      for target in re.findall(r"\]\(([^)]*)\)", page.read_text("utf-8"))]
    assert markdown_links == []
