"""SPEC §14: whatever the files hold, loading returns problems and never a traceback.

Random edits of real program files (lines deleted or duplicated, characters swapped, tabs,
colons, quotes, anchors inserted) and random CSV bytes are written into a copy of the minimal
program, which is then loaded. Every problem must be located in the program and say how to fix it.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builder.load.program import load_program
from builder.model.program import Program
from builder.problems import Problem, format_problems
from tests.conftest import PROGRAMS, REPO

FUZZ = settings(max_examples=150, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

# Where a mutated file goes in the minimal program, and real files of that kind to start from.
TARGETS = {
    "brands/acme-flour.yml": "brands/*.yml",
    "creators/ana-bakes/profile.yml": "creators/*/profile.yml",
    "creators/ana-bakes/private.yml": "creators/*/private.yml",
    "campaigns/spring-bake/campaign.yml": "campaigns/*/campaign.yml",
    "campaigns/spring-bake/content/ana-bakes/ig-post-1.md": "campaigns/*/content/*/*.md",
    "campaigns/spring-bake/metrics/posts.csv": "campaigns/*/metrics/posts*.csv",
    "campaigns/spring-bake/metrics/orders.csv": "campaigns/*/metrics/orders*.csv",
    "creators/ana-bakes/history.csv": "creators/*/history.csv",
    "mkdocs.yml": "mkdocs.yml",
}
SEEDS = sorted(
    (target, path.read_text(encoding="utf-8-sig"))
    for target, pattern in TARGETS.items()
    for root in (PROGRAMS / "minimal", PROGRAMS / "spec-examples", REPO)
    for path in sorted(root.glob(pattern))[:3]
)
INSERTS = ["\t", ":", ": ", '"', "'", "[", "]", "{", "}", "- ", ",", "&a ", "*a", "<<: *a\n",
           "---\n", "#", "!!python/object:os.system ", "%YAML 1.1\n", "\x00", "\ufeff", "é",
           "2026-02-30", "1e3", "NO", "010", "~", "? ", "|\n", "\r", "\\", "\n", "  ", "=cmd"]


@pytest.fixture
def program_copy() -> Iterator[Path]:
    """One copy of the minimal program per test; each example restores what it changed."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "program"
        shutil.copytree(PROGRAMS / "minimal", root)
        yield root


def load_with(root: Path, rel: str, content: str | bytes) -> tuple[Program, list[Problem]]:
    path = root / rel
    original = path.read_bytes() if path.exists() else None
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode("utf-8", "surrogatepass")
                     if isinstance(content, str) else content)
    try:
        return load_program(root)
    finally:
        if original is None:
            path.unlink()
        else:
            path.write_bytes(original)


def assert_reported_properly(program: Program, problems: list[Problem]) -> None:
    assert isinstance(program, Program)
    for problem in problems:
        assert isinstance(problem, Problem)
        assert problem.path and not problem.path.startswith("/"), problem
        assert problem.line is None or problem.line >= 1, problem
        assert problem.col is None or problem.col >= 1, problem
        assert problem.message and problem.hint, problem
    for fmt in ("text", "github"):
        format_problems(problems, fmt)
    assert len(json.loads(format_problems(problems, "json"))) == len(problems)


def mutate(text: str, edits: list[tuple[str, int, int, str]]) -> str:
    for operation, a, b, insert in edits:
        lines = text.split("\n")
        i, j = a % len(lines), b % len(lines)
        pos = a % (len(text) + 1)
        if operation == "delete line":
            del lines[i]
        elif operation == "duplicate line":
            lines.insert(i, lines[i])
        elif operation == "move line":
            lines.insert(j, lines.pop(i))
        elif operation == "indent line":
            lines[i] = " " * (b % 5) + lines[i]
        elif operation == "swap characters" and len(text) > 1:
            k = b % (len(text) - 1)
            text = text[:k] + text[k + 1] + text[k] + text[k + 2:]
        elif operation == "insert":
            text = text[:pos] + insert + text[pos:]
        elif operation == "replace character":
            text = text[:pos] + insert + text[pos + 1:]
        elif operation == "truncate":
            text = text[:pos]
        if operation.endswith("line"):
            text = "\n".join(lines)
    return text


EDITS = st.lists(st.tuples(
    st.sampled_from(["delete line", "duplicate line", "move line", "indent line",
                     "swap characters", "insert", "replace character", "truncate"]),
    st.integers(0, 100_000), st.integers(0, 100_000),
    st.sampled_from(INSERTS) | st.text(max_size=4)), min_size=1, max_size=6)


@FUZZ
@given(seed=st.sampled_from(SEEDS), edits=EDITS)
def test_mutated_program_files_give_problems_not_tracebacks(
        program_copy: Path, seed: tuple[str, str], edits: list[tuple[str, int, int, str]]) -> None:
    target, text = seed
    assert_reported_properly(*load_with(program_copy, target, mutate(text, edits)))


YAML_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12)
    | st.dates().map(str),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=10) | st.sampled_from(["name", "fee", "creators",
                                                             "platforms", "status", "extra"]),
                      children, max_size=4),
    max_leaves=20)


@FUZZ
@given(target=st.sampled_from([t for t in TARGETS if not t.endswith(".csv")]),
       value=YAML_VALUES, raw=st.text(max_size=200), use_raw=st.booleans())
def test_random_yaml_gives_problems_not_tracebacks(program_copy: Path, target: str,
                                                   value: object, raw: str,
                                                   use_raw: bool) -> None:
    import yaml

    text = raw if use_raw else yaml.safe_dump(value, allow_unicode=True)
    if target.endswith(".md"):
        text = f"---\n{text}---\ncaption\n"
    assert_reported_properly(*load_with(program_copy, target, text))


HEADERS = [
    b"date,creator,platform,deliverable,post_url,impressions,reach,likes,comments,shares,saves,"
    b"video_views,clicks\n",
    b"order_id,date,code,utm_content,revenue,currency\n",
    b"date,platform,followers\n",
    b"\xef\xbb\xbforder_id,date,code,utm_content,revenue,currency\r\n",
    b"",
]
CELLS = st.sampled_from([b"", b"ana-bakes", b"instagram", b"2026-03-11", b"2026-02-30", b"12",
                         b"-1", b"1e3", b"4.50", b"USD", b"\"", b"\"a,b\"", b"\xff", b" ", b"\n",
                         b"https://instagram.com/p/abc", b"ANA10", b"\x00"]) | st.binary(max_size=6)
ROWS = st.lists(st.lists(CELLS, max_size=14).map(b",".join), max_size=6).map(b"\n".join)


@FUZZ
@given(target=st.sampled_from([t for t in TARGETS if t.endswith(".csv")]
                              + ["campaigns/spring-bake/metrics/extra/fuzz.csv"]),
       header=st.sampled_from(HEADERS), body=ROWS | st.binary(max_size=300))
def test_random_csv_gives_problems_not_tracebacks(program_copy: Path, target: str,
                                                  header: bytes, body: bytes) -> None:
    assert_reported_properly(*load_with(program_copy, target, header + body))
