"""Shared helpers: fixture programs under tests/programs/, problem lines, the CLI."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from pathlib import Path

import pytest
from click.testing import CliRunner

from builder.audience import filter_program, parse_audience
from builder.cli import main
from builder.facts import derive, filter_facts
from builder.load.program import load_program
from builder.model.campaign import CONTRACT_STATUSES
from builder.model.program import Program
from builder.problems import Problem, sort_problems
from builder.render.context import SiteContext

TESTS = Path(__file__).parent
PROGRAMS = TESTS / "programs"
REPO = TESTS.parent


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Builds cache contracts in the user's cache by default: keep the tests' out of it."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("xdg-cache")))
        yield


TODAY = date(2026, 3, 18)
"""'Today' of every test: pinned so that no test depends on the clock (SPEC §7)."""


@pytest.fixture(autouse=True, scope="session")
def pinned_today() -> Iterator[None]:
    """Builds and loads without --as-of take SOURCE_DATE_EPOCH, as in a reproducible CI build."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", epoch_of(TODAY))
        yield


def epoch_of(day: date) -> str:
    """SOURCE_DATE_EPOCH for midnight UTC of `day`."""
    return str(int(datetime.combine(day, time(0), tzinfo=UTC).timestamp()))


def load(scenario: str) -> tuple[Program, list[Problem]]:
    """Load tests/programs/<scenario> in place (loading never writes)."""
    return load_program(PROGRAMS / scenario)


def lines(problems: Iterable[Problem]) -> list[str]:
    """Each problem as its first output line, `PATH:LINE:COL: severity: message`, sorted."""
    return [p.format_text().splitlines()[0] for p in sort_problems(problems)]


def problem_lines(scenario: str) -> list[str]:
    """The problem lines of a fixture program; every problem must also say how to fix it."""
    _, problems = load(scenario)
    assert all(p.hint for p in problems), [p for p in problems if not p.hint]
    return lines(problems)


@pytest.fixture
def copy_program(tmp_path: Path) -> Callable[[str], Path]:
    """Copy tests/programs/<scenario> into tmp_path, for tests that write into a program."""

    def copy(scenario: str) -> Path:
        target = tmp_path / scenario
        shutil.copytree(PROGRAMS / scenario, target)
        return target

    return copy


@dataclass(frozen=True)
class CliResult:
    exit_code: int
    stdout: str
    stderr: str


def run_cli(*args: str | Path) -> CliResult:
    """Run `nanokit ARGS` in-process and capture its exit code and both streams."""
    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    return CliResult(result.exit_code, result.stdout, result.stderr)


def site_context(program: Program, audience_text: str) -> SiteContext:
    """What the build gives the pages of one audience."""
    audience = parse_audience(audience_text)
    visible = filter_program(program, audience)
    facts = filter_facts(derive(program), visible, audience)
    contracts = {(slug, e.handle): f"contracts/{slug}/{e.handle}.pdf"
                 for slug, campaign in visible.campaigns.items()
                 for e in campaign.spec.creators if e.status in CONTRACT_STATUSES}
    calendars = ({h: f"calendar/{h}.ics" for h in visible.creators}
                 if audience.kind in ("team", "creator") else {})
    ctx = SiteContext(program=visible, audience=audience, locale=visible.config.locale,
                      facts=facts, contracts=contracts, generated_contracts=contracts,
                      calendars=calendars)
    return ctx
