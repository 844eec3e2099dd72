"""Page bodies come from Jinja2 templates a program may replace from its templates/ folder,
rendered in the contract template's sandbox."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

import builder.plugin as plugin_module
from builder.render.templating import Column, Link, PageTemplates, PageView, Sorted, Table
from tests.conftest import run_cli


def build_team_docs(root: Path, out: Path) -> tuple[int, str]:
    result = run_cli("build", "--root", root, "--out", out, "--docs-only")
    return result.exit_code, result.stdout + result.stderr


def build_with_team_home(root: Path, out: Path, template: str) -> tuple[int, str]:
    """Build the team's docs with the program's own templates/pages/team-home.md.j2."""
    (root / "templates/pages").mkdir(parents=True, exist_ok=True)
    (root / "templates/pages/team-home.md.j2").write_text(template, encoding="utf-8")
    return build_team_docs(root, out)


def write_payments_body(root: Path, body: str) -> None:
    """A templates/pages/payments.md.j2 that extends nanokit's and replaces its body."""
    (root / "templates/pages").mkdir(parents=True, exist_ok=True)
    (root / "templates/pages/payments.md.j2").write_text(
        '{% extends "nanokit/pages/payments.md.j2" %}\n'
        "{% block body %}\n"
        f"{body}"
        "{% endblock %}\n", encoding="utf-8")


def test_a_program_replaces_a_page_template_and_extends_the_builtin(
        copy_program: Callable[[str], Path], tmp_path: Path) -> None:
    root = copy_program("portal-basic")
    write_payments_body(root, "Ask Sam before paying anything.\n\n{{ super() }}")
    code, output = build_team_docs(root, tmp_path / "site")
    assert code == 0, output
    page = (tmp_path / "site/team/payments.md").read_text(encoding="utf-8")
    assert page.startswith('---\ntitle: "Payments"\n---\n\n# Payments\n\n'
                           "Ask Sam before paying anything.\n\n"
                           '<p class="nk-as-of" markdown="0">As of Mar 18, 2026')
    assert "## Overdue" in page
    # The other pages keep nanokit's templates.
    home = (tmp_path / "site/index.md").read_text(encoding="utf-8")
    assert "## Needs action" in home


def test_a_broken_page_template_is_a_problem_at_its_line(
        copy_program: Callable[[str], Path], tmp_path: Path) -> None:
    root = copy_program("portal-basic")
    assert build_team_docs(root, tmp_path / "site")[0] == 0
    previous = (tmp_path / "site/index.md").read_text(encoding="utf-8")
    # The sandbox hides Python internals: reaching for them is an error, not a leak.
    code, output = build_with_team_home(root, tmp_path / "site",
                                        "# Home\n\n{{ as_of.__class__.__mro__ }}\n")
    assert code == 1
    assert "templates/pages/team-home.md.j2:3: error: page template: SecurityError" in output
    assert (tmp_path / "site/index.md").read_text(encoding="utf-8") == previous


def test_a_page_template_that_asks_for_gigabytes_runs_out_of_memory_at_its_line(
        copy_program: Callable[[str], Path], tmp_path: Path) -> None:
    root = copy_program("portal-basic")
    # No `*`, which the sandbox bounds: str.center asks for 2 GB at once, in the build's process.
    code, output = build_with_team_home(root, tmp_path / "site",
                                        '# Home\n\n{{ "x"|center(2000000000) }}\n')
    assert code == 1
    assert "templates/pages/team-home.md.j2:3: error: page template: MemoryError: used more " \
           "than the 1,024 MiB of memory a page template may use" in output.splitlines()
    assert not (tmp_path / "site").exists()
    # The limit was the page's: the next build, with the template fixed, has all its memory.
    assert build_with_team_home(root, tmp_path / "site",
                                '# Home\n\n{{ "x"|center(20) }}\n')[0] == 0


def test_a_page_template_that_writes_megabytes_is_refused(
        copy_program: Callable[[str], Path], tmp_path: Path) -> None:
    root = copy_program("portal-basic")
    # "# Home\n" and 3,000 lines of 1,000 `[` and a line feed: 7 + 3,000 × 1,001 characters,
    # written in well under a second, which MkDocs would then read as Markdown.
    code, output = build_with_team_home(
        root, tmp_path / "site",
        '# Home\n{% for i in range(3000) %}{{ "[" * 1000 }}\n{% endfor %}')
    assert code == 1
    assert "templates/pages/team-home.md.j2: error: page template: pages/team-home.md.j2 wrote " \
           "3,003,007 characters; at most 2,097,152" in output.splitlines()


def test_a_page_template_that_writes_markdown_slow_to_convert_is_refused(
        copy_program: Callable[[str], Path], tmp_path: Path) -> None:
    root = copy_program("portal-basic")
    assert build_team_docs(root, tmp_path / "site")[0] == 0
    previous = (tmp_path / "site/index.md").read_text(encoding="utf-8")
    # 20 KB in one paragraph, far below the size cap: Python-Markdown takes about 40 s on it.
    code, output = build_with_team_home(root, tmp_path / "site",
                                        '# Home\n\n{{ "[" * 20000 }}\n')
    assert code == 1
    assert "templates/pages/team-home.md.j2: error: page template: pages/team-home.md.j2 wrote " \
           "a page that would take long to convert: too many links, HTML tags, code spans, " \
           "emphasis marks, entities or escapes (in this paragraph and before it) to render " \
           "quickly" in output.splitlines()
    assert (tmp_path / "site/index.md").read_text(encoding="utf-8") == previous


def test_a_page_that_mkdocs_takes_long_to_convert_fails_the_build_at_its_template(
        copy_program: Callable[[str], Path], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(plugin_module, "PAGE_SECONDS", 0.2)  # 10 s for real
    root = copy_program("portal-basic")
    site = tmp_path / "site"
    assert run_cli("build", "--root", root, "--out", site).exit_code == 0
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    # 20,000 headings: 360 KB with no inline mark, which Python-Markdown takes seconds on.
    (root / "templates/pages").mkdir(parents=True)
    (root / "templates/pages/team-home.md.j2").write_text(
        "# Home\n{% for i in range(20000) %}\n## Heading {{ i }}\n{% endfor %}",
        encoding="utf-8")
    result = run_cli("build", "--root", root, "--out", site)
    assert result.exit_code == 1
    assert "templates/pages/team-home.md.j2: error: page template: MkDocs took longer than " \
           "0.2 s to convert the page it wrote (index.md)" in result.stderr.splitlines()
    assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file()} == before
    # The limit was the page's: with a short page, the next build passes.
    (root / "templates/pages/team-home.md.j2").write_text(
        "# Home\n{% for i in range(3) %}\n## Heading {{ i }}\n{% endfor %}", encoding="utf-8")
    assert run_cli("build", "--root", root, "--out", site).exit_code == 0
    assert "Heading 2" in (site / "index.html").read_text(encoding="utf-8")


@dataclass(frozen=True, kw_only=True)
class SampleView(PageView):
    rows: Table


def test_values_are_escaped_and_tables_name_their_columns() -> None:
    templates = PageTemplates({
        "pages/sample.md.j2": '{% extends "page.md.j2" %}{% import "macros.j2" as ui %}'
                              "{% block body %}{{ ui.table(rows) }}\n{% endblock %}"})

    columns = (Column("Who", "who"), Column("Amount", "amount", numeric=True))
    view = SampleView(title="<T>", rows=Table(columns, [
        {"who": Link("creators/a/", "<b>A</b>"), "amount": Sorted("$1.00", "1.00")}]))
    page = templates.render("pages/sample.md.j2", view)
    assert page == (
        '---\ntitle: "T"\n---\n\n# &#60;T&#62;\n\n'
        '<div class="nk-table-wrap" markdown="0" tabindex="0"><table class="nk-table '
        'nk-sortable"><thead><tr><th scope="col">Who</th><th scope="col" class="nk-num">Amount'
        '</th></tr></thead><tbody><tr><td data-label="Who"><a href="creators/a/">&lt;b&gt;A'
        '&lt;/b&gt;</a></td><td class="nk-num" data-sort="1.00" data-label="Amount">$1.00</td>'
        "</tr></tbody></table></div>\n")


def test_check_reports_a_syntax_error_in_a_page_template_as_build_does(
        copy_program: Callable[[str], Path], tmp_path: Path) -> None:
    root = copy_program("portal-basic")
    write_payments_body(root, "{% if %}Ask Sam first.{% endif %}\n")
    where = "templates/pages/payments.md.j2:3: error: page template: TemplateSyntaxError: "
    checked = run_cli("check", "--root", root)
    assert checked.exit_code == 1
    [line] = [line for line in checked.stdout.splitlines() if line.startswith("templates/")]
    assert line.startswith(where)
    # Every build reports it, before writing anything: a creator's too, whose site has no
    # payments page.
    for audience in ("team", "creator:ana-bakes"):
        result = run_cli("build", "--root", root, "--out", tmp_path / "site", "--docs-only",
                         "--audience", audience)
        assert result.exit_code == 1
        assert line in (result.stdout + result.stderr).splitlines()
        assert not (tmp_path / "site").exists()
