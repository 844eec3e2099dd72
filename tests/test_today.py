"""SPEC §7 "Today": pages reckon overdue and due soon from the build date, which --as-of or
SOURCE_DATE_EPOCH fixes; the KPI figures keep their own date, the latest metric date."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from builder.load.program import load_program
from tests.conftest import PROGRAMS, TODAY, epoch_of, run_cli


def _deadlines(site: Path) -> tuple[str, str]:
    page = (site / "team/deadlines.md").read_text(encoding="utf-8")
    soon, late = page.split("## Overdue")
    return soon, late


def test_deadlines_are_reckoned_from_the_as_of_date(tmp_path: Path) -> None:
    early, late = tmp_path / "early", tmp_path / "late"
    for out, day in ((early, "2026-03-04"), (late, "2026-03-18")):
        result = run_cli("build", "--root", PROGRAMS / "portal-basic", "--out", out,
                         "--docs-only", "--as-of", day)
        assert result.exit_code == 0, result.stderr
    # tt-video-1 is due on Mar 5: due soon on Mar 4, overdue on Mar 18.
    soon, overdue = _deadlines(early)
    assert "<code>tt-video-1</code>" in soon and "<code>tt-video-1</code>" not in overdue
    soon, overdue = _deadlines(late)
    assert "<code>tt-video-1</code>" in overdue and "<code>tt-video-1</code>" not in soon
    assert ('<p class="nk-as-of" markdown="0">As of Mar 4, 2026, the day this site was '
            "built.</p>") in (early / "team/deadlines.md").read_text(encoding="utf-8")


def test_the_kpi_figures_keep_the_latest_metric_date(tmp_path: Path) -> None:
    out = tmp_path / "site"
    run_cli("build", "--root", PROGRAMS / "portal-basic", "--out", out, "--docs-only",
            "--as-of", "2026-12-03")
    kpis = (out / "campaigns/spring-bake/kpis.md").read_text(encoding="utf-8")
    assert "Figures up to Mar 18, 2026;" in kpis
    home = (out / "index.md").read_text(encoding="utf-8")
    assert "As of Dec 3, 2026, the day this site was built." in home


def test_without_as_of_today_is_source_date_epoch_then_the_clock(
        monkeypatch: pytest.MonkeyPatch) -> None:
    root = PROGRAMS / "minimal"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch_of(date(2027, 1, 2)))
    assert load_program(root)[0].today == date(2027, 1, 2)
    assert load_program(root, today=TODAY)[0].today == TODAY
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    before = date.today()
    today = load_program(root)[0].today
    assert before <= today <= date.today()


def test_a_malformed_source_date_epoch_is_a_usage_error(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    result = run_cli("build", "--root", PROGRAMS / "minimal", "--out", tmp_path / "site")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        "Error: SOURCE_DATE_EPOCH='yesterday' is not a number of seconds since 1970-01-01; "
        "unset it or use --as-of YYYY-MM-DD")
    assert not (tmp_path / "site").exists()


def test_as_of_must_be_an_iso_date() -> None:
    result = run_cli("build", "--root", PROGRAMS / "minimal", "--as-of", "03/04/2026")
    assert result.exit_code == 2
    assert "--as-of" in result.stderr.splitlines()[-1]
