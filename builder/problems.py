"""Problems are data: every check yields them, nothing raises them at the user."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Literal

Severity = Literal["error", "warning", "notice"]
"""Errors fail `check`; warnings and notices (informational counts) do not."""


@dataclass(frozen=True, order=True)
class Problem:
    """One finding about the content, located in a file of the program."""

    path: str
    """Path relative to the program root, with forward slashes."""
    line: int | None
    """1-based line, or None when the problem concerns a whole file."""
    col: int | None
    """1-based column, or None when only the line is known (CSV rows)."""
    severity: Severity
    code: str
    """Stable identifier of the kind of problem, e.g. ``unknown-key``."""
    message: str
    hint: str = ""

    @property
    def location(self) -> str:
        parts = [self.path]
        if self.line is not None:
            parts.append(str(self.line))
            if self.col is not None:
                parts.append(str(self.col))
        return ":".join(parts)

    def format_text(self) -> str:
        text = f"{self.location}: {self.severity}: {self.message}".translate(_CONTROLS)
        return f"{text}\n    hint: {self.hint.translate(_CONTROLS)}" if self.hint else text

    def format_github(self) -> str:
        level = self.severity  # GitHub Actions knows the same three levels
        props = [f"file={_escape_github(self.path.translate(_GITHUB_CONTROLS), in_property=True)}"]
        if self.line is not None:
            props.append(f"line={self.line}")
        if self.col is not None:
            props.append(f"col={self.col}")
        props.append(f"title={self.code}")
        body = f"{self.message} {self.hint}".strip().translate(_GITHUB_CONTROLS)
        return f"::{level} {','.join(props)}::{_escape_github(body)}"


_CONTROLS = {code: f"\\x{code:02x}" for code in (*range(0x20), 0x7F, *range(0x80, 0xA0))}
"""Control characters, written out (`\\x1b`): a file name or value from the content must not
break a problem's line, start a workflow command, or move and colour a terminal."""
_GITHUB_CONTROLS = {code: text for code, text in _CONTROLS.items() if chr(code) not in "\r\n"}
"""The same, but line breaks, which a workflow command writes as %0A (see _escape_github)."""


def _escape_github(text: str, in_property: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    # In `key=value,...` properties a comma or colon would end the value early.
    return text.replace(":", "%3A").replace(",", "%2C") if in_property else text


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Sort by path, then line and column (file-level problems first)."""
    return sorted(problems, key=lambda p: (p.path, p.line or 0, p.col or 0, p.code, p.message))


def has_errors(problems: Iterable[Problem]) -> bool:
    return any(p.severity == "error" for p in problems)


def format_problems(problems: Iterable[Problem], fmt: str) -> str:
    """Render problems as ``text``, ``github`` annotations or ``json``."""
    ordered = sort_problems(problems)
    if fmt == "json":
        return json.dumps([asdict(p) for p in ordered], indent=2, ensure_ascii=False)
    if fmt == "github":
        return "\n".join(p.format_github() for p in ordered)
    lines = [p.format_text() for p in ordered]
    errors = sum(p.severity == "error" for p in ordered)
    warnings = sum(p.severity == "warning" for p in ordered)
    notices = len(ordered) - errors - warnings
    summary = f"{errors} error(s), {warnings} warning(s)"
    lines.append(f"{summary}, {notices} notice(s)" if notices else summary)
    return "\n".join(lines)


class ProblemError(Exception):
    """A problem met where only an exception can stop the work (a file refused while it is
    read, a render over its time limit); the build reports it like any other."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem)  # the only argument, so that the error pickles across processes
        self.problem = problem

    def __str__(self) -> str:
        return self.problem.format_text()


class ProblemList(list[Problem]):
    """A list of problems with shorthands for adding one."""

    def error(self, path: str, line: int | None, col: int | None, code: str, message: str,
              hint: str = "") -> None:
        self.append(Problem(path, line, col, "error", code, message, hint))

    def warning(self, path: str, line: int | None, col: int | None, code: str, message: str,
                hint: str = "") -> None:
        self.append(Problem(path, line, col, "warning", code, message, hint))

    def notice(self, path: str, line: int | None, col: int | None, code: str, message: str,
               hint: str = "") -> None:
        self.append(Problem(path, line, col, "notice", code, message, hint))
