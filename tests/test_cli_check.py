"""SPEC §7 and §14: `nanokit check` reports every problem at once; exit 0, 1 or 2."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import click
import pytest

from builder.cli import main
from builder.load.program import load_program
from builder.problems import Problem, format_problems, has_errors
from tests.conftest import PROGRAMS, REPO, run_cli

MANY_PROBLEMS = """\
brands/lumen-skin.yml:1:1: error: missing required key 'legal_name'
    hint: Add the key; see `nanokit schema` for what it holds.
campaigns/spring-glow/campaign.yml:10:5: error: duplicate key 'fee' (first defined on line 9)
    hint: Remove one of the two; YAML would silently keep only the last.
campaigns/summer-glow/campaign.yml:2:8: error: brand 'lumen' does not exist
    hint: Create brands/lumen.yml or use one of: lumen-skin.
campaigns/summer-glow/campaign.yml:10:17: error: promo code 'MAYA15' is already used by \
'maya-runs' in campaign 'spring-glow'
    hint: Orders are attributed by code: give each engagement of the active campaigns its own \
code.
campaigns/summer-glow/metrics/posts.csv:2: error: column impressions: 'x' is not a whole number \
of zero or more
    hint: Write a whole number of zero or more without separators (blank: not reported).
creators/maya-runs/history.csv:2: error: column followers: expected a whole number (got 'many')
    hint: Write a whole number of zero or more without separators, e.g. 8400.
creators/maya-runs/profile.yml:5:1: error: unknown key 'boi'; did you mean 'bio'?
    hint: Allowed keys here: bio, extra, github, languages, link_version, location, name, niches, \
platforms, public, rates, rates_public. Free-form data belongs under `extra:`.
creators/maya-runs/profile.yml:10:16: error: platforms[0].followers: expected a whole number \
(got 'lots')
    hint: Write a whole number without separators, e.g. 8400.
8 error(s), 0 warning(s)
"""


def test_every_problem_of_every_file_is_reported_at_once_sorted_by_path_and_line() -> None:
    result = run_cli("check", "--root", PROGRAMS / "many-problems")
    assert result.exit_code == 1
    assert result.stdout == MANY_PROBLEMS


def test_a_clean_program_exits_0() -> None:
    result = run_cli("check", "--root", PROGRAMS / "minimal")
    assert (result.exit_code, result.stdout) == (0, "0 error(s), 0 warning(s)\n")


def test_root_defaults_to_the_current_directory(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(PROGRAMS / "minimal")
    assert run_cli("check").exit_code == 0
    monkeypatch.chdir(PROGRAMS / "many-problems")
    assert run_cli("check").exit_code == 1


def test_the_sample_program_checks_clean() -> None:
    program, problems = load_program(REPO)
    assert [p.format_text() for p in problems if p.severity == "error"] == []
    assert len(program.brands) >= 3 and len(program.creators) >= 12
    assert len(program.campaigns) >= 4


@pytest.mark.parametrize("args", [
    ("check", "--root", "does/not/exist"),
    ("check", "--root", str(PROGRAMS / "minimal/brands/acme-flour.yml")),
    ("check", "--format", "xml"),
    ("check", "--no-such-option"),
])
def test_usage_errors_exit_2(args: tuple[str, ...]) -> None:
    result = run_cli(*args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "Error:" in result.stderr


def test_github_format_prints_one_annotation_per_problem() -> None:
    result = run_cli("check", "--root", PROGRAMS / "many-problems", "--format", "github")
    assert result.exit_code == 1
    annotations = result.stdout.splitlines()
    assert len(annotations) == 8
    assert annotations[0] == (
        "::error file=brands/lumen-skin.yml,line=1,col=1,title=missing-key::missing required key "
        "'legal_name' Add the key; see `nanokit schema` for what it holds.")
    assert annotations[4] == (
        "::error file=campaigns/summer-glow/metrics/posts.csv,line=2,title=csv-value::column "
        "impressions: 'x' is not a whole number of zero or more Write a whole number of zero or "
        "more without separators (blank: not reported).")


def test_github_annotations_escape_what_would_end_a_property_or_the_message() -> None:
    problem = Problem("metrics/Table data, 2026.csv", 3, None, "warning", "x", "50% off\nnow")
    assert format_problems([problem], "github") == (
        "::warning file=metrics/Table data%2C 2026.csv,line=3,title=x::50%25 off%0Anow")


def test_json_format_is_a_list_of_problem_records() -> None:
    result = run_cli("check", "--root", PROGRAMS / "many-problems", "--format", "json")
    assert result.exit_code == 1
    records = json.loads(result.stdout)
    assert len(records) == 8
    assert records[4] == {
        "path": "campaigns/summer-glow/metrics/posts.csv", "line": 2, "col": None,
        "severity": "error", "code": "csv-value",
        "message": "column impressions: 'x' is not a whole number of zero or more",
        "hint": "Write a whole number of zero or more without separators (blank: not reported).",
    }


def test_json_of_a_clean_program_is_an_empty_list() -> None:
    result = run_cli("check", "--root", PROGRAMS / "minimal", "--format", "json")
    assert (result.exit_code, json.loads(result.stdout)) == (0, [])


def test_warnings_are_printed_but_do_not_fail_the_check() -> None:
    problem = Problem("a.md", 1, 1, "warning", "w", "promo code missing", "Add it.")
    assert format_problems([problem], "text") == (
        "a.md:1:1: warning: promo code missing\n    hint: Add it.\n0 error(s), 1 warning(s)")
    assert not has_errors([problem])
    # The sample program has one deliberate warning (a missing talking point) and no error.
    result = run_cli("check", "--root", REPO)
    assert result.exit_code == 0
    assert ("campaigns/glow-serum-launch/content/noor-hassan/ig-post-1.md:5:1: warning: "
            "talking point 'vitamin C' is not mentioned") in result.stdout


def test_every_command_has_help_text() -> None:
    def walk(group: click.Group, prefix: tuple[str, ...]) -> list[tuple[str, ...]]:
        found = []
        for name, command in group.commands.items():
            assert command.help, name
            found.append((*prefix, name))
            if isinstance(command, click.Group):
                found += walk(command, (*prefix, name))
        return found

    paths = walk(main, ())
    assert {("check",), ("schema",), ("new", "creator"), ("new", "campaign")} <= set(paths)
    for path in paths:
        assert run_cli(*path, "--help").exit_code == 0, path


def test_an_unknown_locale_is_a_problem_in_mkdocs_yml_not_a_traceback(
        copy_program: Callable[[str], Path]) -> None:
    root = copy_program("minimal")
    (root / "mkdocs.yml").write_text("site_name: Demo\nplugins:\n  - search\n"
                                     "  - nanokit:\n      locale: '12'\n", encoding="utf-8")
    result = run_cli("check", "--root", root)
    assert result.exit_code == 1
    assert ("mkdocs.yml:5:15: error: locale: not a locale for money and dates; write a language "
            "code such as en, en_GB or de (got '12')") in result.stdout
