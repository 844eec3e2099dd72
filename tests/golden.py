"""Golden trees: the `--docs-only` output of small fixture programs, committed under
tests/golden/ and compared by tests/test_golden.py.

After an intended change of the pages, regenerate them and review the diff:

    .venv/bin/python -m tests.golden
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from builder.build import build
from tests.conftest import TODAY

TESTS = Path(__file__).resolve().parent
GOLDEN = TESTS / "golden"
PROGRAMS = ("calendars", "portal-basic")
COMPARED = (".md", ".ics", ".json", ".csv")
"""Pages, feeds and downloads; PDFs and the copied assets are tested elsewhere."""


def docs_tree(program: str, scratch: Path) -> dict[str, bytes]:
    """Every audience's --docs-only output of tests/programs/<program>, by relative path."""
    out = scratch / program
    result = build(TESTS / "programs" / program, out, "all", docs_only=True, as_of=TODAY)
    assert result.ok, [p.format_text() for p in result.problems]
    return {path.relative_to(out).as_posix(): path.read_bytes()
            for path in sorted(out.rglob("*")) if path.suffix in COMPARED}


def golden_tree(program: str) -> dict[str, bytes]:
    folder = GOLDEN / program
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        for program in PROGRAMS:
            tree = docs_tree(program, Path(scratch))
            shutil.rmtree(GOLDEN / program, ignore_errors=True)
            for relative, content in tree.items():
                path = GOLDEN / program / relative
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(content)
            print(f"tests/golden/{program}: {len(tree)} files")


if __name__ == "__main__":
    main()
