"""The user documentation lives in the repository and covers every key a file may hold."""

from __future__ import annotations

import re
import typing

from pydantic import BaseModel

from builder.model.program import ProgramConfig
from builder.schema import FILE_KINDS
from tests.conftest import REPO


def _models() -> list[type[BaseModel]]:
    found: list[type[BaseModel]] = []

    def walk(model: type[BaseModel]) -> None:
        if model in found:
            return
        found.append(model)
        for info in model.model_fields.values():
            pending = [info.annotation]
            while pending:
                kind = pending.pop()
                pending += typing.get_args(kind)
                if isinstance(kind, type) and issubclass(kind, BaseModel):
                    walk(kind)

    for model, _ in FILE_KINDS.values():
        walk(model)
    walk(ProgramConfig)
    return found


def test_every_key_of_every_file_is_documented() -> None:
    text = (REPO / "docs/formats.md").read_text(encoding="utf-8")
    undocumented = [f"{model.__name__}.{name}" for model in _models()
                    for name in model.model_fields if f"`{name}`" not in text]
    assert undocumented == []


def test_readme_and_docs_link_only_to_files_in_the_repository() -> None:
    pages = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
    broken = []
    for page in pages:
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", page.read_text(encoding="utf-8")):
            if not target.startswith(("http://", "https://")) and not (
                    page.parent / target).exists():
                broken.append(f"{page.relative_to(REPO)} -> {target}")
    assert broken == []
    assert [p.name for p in pages if "../shared" in p.read_text(encoding="utf-8")] == []
