"""SPEC §9 whatever mkdocs.yml says: no request to another host, a small nav in every page, one
output layout for `nanokit build` and `mkdocs build`; what cannot be enforced, `check` reports
at its mkdocs.yml line."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from builder.load.program import load_program
from tests.conftest import lines, run_cli

MINIMAL_MKDOCS_YML = "site_name: Tea\ntheme: {name: material}\nplugins: [search, nanokit]\n"


def test_mkdocs_build_with_a_minimal_config_keeps_the_promises_and_the_other_audiences(
        copy_program: Callable[[str], Path]) -> None:
    root = copy_program("portal-basic")
    (root / "mkdocs.yml").write_text(MINIMAL_MKDOCS_YML)
    (root / "docs").mkdir()
    assert run_cli("build", "--root", root, "--audience", "all", "--docs-only").exit_code == 0
    public = sorted(p.name for p in (root / "site/public").rglob("*"))
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=root, check=True)
    assert sorted(p.name for p in (root / "site/public").rglob("*")) == public
    page = (root / "site/team/creators/ana-bakes/index.html").read_text(encoding="utf-8")
    remote = re.findall(r'(?:src|href)="((?:https?:)?//[^"]+)"', page)
    assert [url for url in remote if "fonts.g" in url or url.endswith((".js", ".css"))] == []
    assert "fonts.googleapis.com" not in page and "fonts.gstatic.com" not in page
    # A pruned nav: the dashboards list their pages; a creator's page does not.
    dashboards = (root / "site/team/team/index.html").read_text(encoding="utf-8")
    assert 'href="payments/"' in dashboards
    assert "team/payments/" not in page
    assert run_cli("build", "--root", root).exit_code == 0  # team only, into site/team/
    assert sorted(p.name for p in (root / "site/public").rglob("*")) == public


def test_check_reports_mkdocs_settings_that_break_the_promises(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Tea\n"
        "docs_dir: pages\n"
        "theme:\n"
        "  name: material\n"
        "  font: {text: Roboto}\n"
        "extra_javascript:\n"
        "  - https://cdn.example.com/mathjax.js\n"
        "plugins: [search, nanokit]\n")
    _, problems = load_program(tmp_path)
    assert lines(problems) == [
        "mkdocs.yml:2:1: warning: docs_dir 'pages' does not exist, so `mkdocs build` and "
        "`mkdocs serve` stop before nanokit runs (`nanokit build` does not need it)",
        "mkdocs.yml:5:3: warning: theme.font would load fonts from Google; nanokit turns it off",
        "mkdocs.yml:7:5: error: extra_javascript loads https://cdn.example.com/mathjax.js from "
        "another host; portal pages fetch nothing from another host",
    ]
