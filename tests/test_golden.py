"""Every page, feed and download of small programs, byte for byte (tests/golden.py)."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from tests.golden import PROGRAMS, docs_tree, golden_tree


@pytest.mark.parametrize("program", PROGRAMS)
def test_docs_only_output_equals_the_golden_tree(program: str, tmp_path: Path) -> None:
    built, golden = docs_tree(program, tmp_path), golden_tree(program)
    assert sorted(built) == sorted(golden), "files differ: run .venv/bin/python -m tests.golden"
    for path, content in built.items():
        if content != golden[path]:
            diff = difflib.unified_diff(golden[path].decode().splitlines(),
                                        content.decode().splitlines(), "golden", "built",
                                        lineterm="", n=1)
            pytest.fail(f"{path} differs (regenerate: .venv/bin/python -m tests.golden):\n"
                        + "\n".join(list(diff)[:40]))
