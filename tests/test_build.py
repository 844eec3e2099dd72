"""`nanokit build`: sites per audience, all-or-nothing, reproducible (SPEC §7, §13, §14)."""

from __future__ import annotations

import shutil
from pathlib import Path

import icalendar
import pytest

from builder.build import DEFAULT_MKDOCS_YML, build
from tests.conftest import PROGRAMS, REPO, run_cli
from tests.test_preview import serve_build, serve_config


@pytest.fixture(scope="module")
def team_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("team") / "site"
    result = build(REPO, site, "team")
    assert result.ok, [p.format_text() for p in result.problems]
    return site


def test_team_site_has_pages_feeds_and_downloads(team_site: Path) -> None:
    for page in ("index.html", "campaigns/glow-serum-launch/index.html",
                 "campaigns/glow-serum-launch/kpis/index.html", "creators/maya-runs/index.html",
                 "team/index.html", "calendar/all.ics", "calendar/maya-runs.ics",
                 "kpis/glow-serum-launch.json", "assets/nanokit.css", "404.html",
                 "search/search_index.json"):
        assert (team_site / page).is_file(), page


def test_calendar_has_one_event_per_deliverable_with_stable_uid(team_site: Path) -> None:
    feed = icalendar.Calendar.from_ical((team_site / "calendar/maya-runs.ics").read_bytes())
    events = {str(e["UID"]): e for e in feed.walk("VEVENT")}
    event = events["cold-brew-summer.maya-runs.ig-reel-1@nanokit"]
    assert str(event["SUMMARY"]) == "Cold Brew Concentrate Summer Trails: Instagram reel"
    assert event.decoded("DTSTART").isoformat() == "2026-06-18"
    assert "Promo code: MAYABREW" in str(event["DESCRIPTION"])
    assert "utm_content=maya-runs" in str(event["DESCRIPTION"])
    alarm = event.walk("VALARM")[0]
    assert str(alarm.decoded("TRIGGER")) == "-2 days, 0:00:00"
    assert {uid.split(".")[1] for uid in events} == {"maya-runs"}


def test_the_same_repo_builds_the_same_bytes(team_site: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    assert build(REPO, again, "team").ok
    assert _differing(again, team_site) == []


def test_a_preview_in_the_same_process_leaves_later_builds_unchanged(
        team_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # `nanokit serve` rebuilds in one process, with the plugins MkDocs keeps across rebuilds.
    preview = tmp_path / "preview"
    shutil.copytree(PROGRAMS / "portal-basic", preview)
    monkeypatch.setenv("NANOKIT_ROOT", str(preview))
    monkeypatch.delenv("NANOKIT_AUDIENCE", raising=False)
    serve_config(preview, tmp_path / "scratch", tmp_path / "served").plugins.on_startup(
        command="serve", dirty=True)
    try:
        serve_build(preview, tmp_path / "scratch", tmp_path / "served")
    finally:
        serve_config(preview, tmp_path / "scratch", tmp_path / "served").plugins.on_shutdown()
    monkeypatch.delenv("NANOKIT_ROOT")
    assert build(REPO, tmp_path / "after", "team").ok
    assert _differing(tmp_path / "after", team_site) == []


def program_with_theme_overrides(tmp_path: Path) -> Path:
    """A copy of portal-basic whose theme takes overrides/ as its custom_dir."""
    program = tmp_path / "program"
    shutil.copytree(PROGRAMS / "portal-basic", program)
    (program / "mkdocs.yml").write_text(DEFAULT_MKDOCS_YML.replace(
        "theme: {name: material,", "theme: {name: material, custom_dir: overrides,"),
        encoding="utf-8")
    (program / "overrides").mkdir()
    return program


def test_a_file_added_to_the_theme_between_two_builds_is_in_the_second(tmp_path: Path) -> None:
    program = program_with_theme_overrides(tmp_path)
    (program / "overrides/assets").mkdir()
    (program / "overrides/assets/first.txt").write_text("first\n", encoding="utf-8")
    assert build(program, tmp_path / "before", "team").ok
    (program / "overrides/assets/second.txt").write_text("second\n", encoding="utf-8")
    assert build(program, tmp_path / "after", "team").ok
    assert (tmp_path / "after/assets/first.txt").read_text(encoding="utf-8") == "first\n"
    assert (tmp_path / "after/assets/second.txt").read_text(encoding="utf-8") == "second\n"


def test_a_theme_template_edited_between_two_builds_shows_in_the_second(tmp_path: Path) -> None:
    # Theme templates are compiled once per process, by their source: an edit compiles again.
    program = program_with_theme_overrides(tmp_path)
    footer = "{% extends 'base.html' %}{% block footer %}<p>Footer {}</p>{% endblock %}"
    (program / "overrides/main.html").write_text(footer.replace("{}", "one"), encoding="utf-8")
    assert build(program, tmp_path / "before", "team").ok
    (program / "overrides/main.html").write_text(footer.replace("{}", "two"), encoding="utf-8")
    assert build(program, tmp_path / "after", "team").ok
    assert "<p>Footer one</p>" in (tmp_path / "before/index.html").read_text(encoding="utf-8")
    assert "<p>Footer two</p>" in (tmp_path / "after/index.html").read_text(encoding="utf-8")


def _differing(site: Path, reference: Path) -> list[str]:
    """Files of `site` whose bytes differ from the same file of `reference`."""
    return [str(p.relative_to(site)) for p in sorted(site.rglob("*")) if p.is_file()
            and p.read_bytes() != (reference / p.relative_to(site)).read_bytes()]


def test_docs_only_writes_markdown_pages(tmp_path: Path) -> None:
    result = run_cli("build", "--root", PROGRAMS / "portal-basic", "--out", tmp_path / "docs",
                     "--docs-only")
    assert result.exit_code == 0, result.stdout + result.stderr
    assert (tmp_path / "docs/index.md").read_text(encoding="utf-8").startswith("---\ntitle:")
    assert not list((tmp_path / "docs").rglob("*.html"))


@pytest.mark.parametrize("audience", ["team", "all"])  # all: site workers started meanwhile
def test_bad_content_stops_the_build_and_keeps_the_previous_site(tmp_path: Path,
                                                                 audience: str) -> None:
    program = tmp_path / "program"
    shutil.copytree(PROGRAMS / "portal-basic", program)
    site = tmp_path / "site"
    assert run_cli("build", "--root", program, "--out", site, "--audience", audience,
                   "--docs-only").exit_code == 0
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    campaign = next(program.glob("campaigns/*/campaign.yml"))
    campaign.write_text(campaign.read_text(encoding="utf-8").replace("status:", "statsu:", 1),
                        encoding="utf-8")
    result = run_cli("build", "--root", program, "--out", site, "--audience", audience,
                     "--docs-only")
    assert result.exit_code == 1
    assert "unknown key 'statsu'; did you mean 'status'?" in result.stderr + result.stdout
    assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["program", "site"]


def test_unknown_audience_is_a_usage_error(tmp_path: Path) -> None:
    result = run_cli("build", "--root", PROGRAMS / "portal-basic", "--out", tmp_path / "s",
                     "--audience", "creator:nobody-here")
    assert result.exit_code == 2
    assert "creator 'nobody-here' does not exist" in result.stderr


def test_all_builds_one_folder_per_audience(tmp_path: Path) -> None:
    result = run_cli("build", "--root", PROGRAMS / "portal-basic", "--out", tmp_path / "site",
                     "--audience", "all", "--docs-only")
    assert result.exit_code == 0, result.stdout + result.stderr
    fixture = PROGRAMS / "portal-basic"
    expected = {"team", "public"}
    expected |= {f"brand-{p.stem}" for p in (fixture / "brands").glob("*.yml")}
    expected |= {f"creator-{p.name}" for p in (fixture / "creators").iterdir()}
    assert {p.name for p in (tmp_path / "site").iterdir() if p.is_dir()} == expected


def test_out_may_not_be_the_program_or_a_folder_nanokit_did_not_build(tmp_path: Path) -> None:
    program = tmp_path / "program"
    shutil.copytree(PROGRAMS / "portal-basic", program)
    result = run_cli("build", "--root", program, "--out", program)
    assert result.exit_code == 2
    assert "holds the program itself" in result.stderr
    assert (program / "brands").is_dir()
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "keep.txt").write_text("mine", encoding="utf-8")
    result = run_cli("build", "--root", program, "--out", notes)
    assert result.exit_code == 2
    assert "a folder nanokit did not build" in result.stderr
    assert (notes / "keep.txt").read_text(encoding="utf-8") == "mine"


def test_a_committed_signed_copy_is_linked_in_place_of_the_generated_one(tmp_path: Path) -> None:
    program = tmp_path / "program"
    shutil.copytree(PROGRAMS / "portal-basic", program)
    (program / "campaigns/spring-bake/signed").mkdir()
    (program / "campaigns/spring-bake/signed/ana-bakes.pdf").write_bytes(b"%PDF-1.7 signed copy")
    site = tmp_path / "site"
    assert run_cli("build", "--root", program, "--out", site, "--docs-only").exit_code == 0
    assert (site / "contracts/spring-bake/signed/ana-bakes.pdf").read_bytes() == (
        b"%PDF-1.7 signed copy")
    assert (site / "contracts/spring-bake/ana-bakes.pdf").read_bytes().startswith(b"%PDF")
    page = (site / "campaigns/spring-bake/index.md").read_text(encoding="utf-8")
    assert "contracts/spring-bake/signed/ana-bakes.pdf" in page
