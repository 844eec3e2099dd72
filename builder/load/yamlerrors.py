"""Explain a YAML syntax error in nanokit's own words, at the place a person must fix.

The parser's messages ("found character that cannot start any token") name the parser's state,
not the mistake, and change between PyYAML releases. We classify the error by the text around
the parser's marks — positions are stable, wording is not — and say what to do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

# A line that starts a mapping key glued to its value (`age:3`); URLs (`https://`) and times
# (`12:30`, the key must start with a letter) are not keys.
_KEY_WITHOUT_SPACE = re.compile(r"^(\s*(?:-\s+)?)([A-Za-z_][\w.-]*):(?=[^\s:/])")
# The line breaks YAML counts, so that line numbers agree with the parser's marks.
_LINE_BREAKS = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
_RESERVED_STARTS = {
    "@": "`@`", "`": "a backtick", "%": "`%`",
}


@dataclass(frozen=True)
class YamlSyntaxError:
    line: int
    """1-based, within the parsed text."""
    col: int
    code: str
    message: str
    hint: str


@dataclass(frozen=True)
class _Place:
    line: int  # 0-based
    col: int  # 0-based
    index: int


def explain(exc: yaml.YAMLError, text: str, max_depth: int) -> YamlSyntaxError:
    """The error a person should see for a parser exception on `text`."""
    lines = _LINE_BREAKS.split(text)
    problem = _place(getattr(exc, "problem_mark", None))
    context = _place(getattr(exc, "context_mark", None))
    if isinstance(exc, yaml.reader.ReaderError):
        before = text[:exc.position]
        line = len(_LINE_BREAKS.findall(before)) + 1
        col = len(_LINE_BREAKS.split(before)[-1]) + 1
        char = exc.character
        code = char if isinstance(char, int) else ord(str(char)[:1] or "?")
        return YamlSyntaxError(line, col, "yaml-control-character",
                               f"the file holds a control character (U+{code:04X}) here",
                               "Delete it: YAML files hold text only. It is often pasted along "
                               "with text copied from a web page or a chat.")
    if problem is None:
        return YamlSyntaxError(1, 1, "yaml-syntax", "the file is not valid YAML",
                               "Check indentation, colons and quotes.")
    start = context if context is not None and context.index <= problem.index else problem
    for explainer in (_too_deep, _tab, _unclosed_quote, _unclosed_bracket, _colon_without_space,
                      _second_document, _list_item_depth, _text_after_quote,
                      _colon_in_value, _undefined_alias, _reserved_start):
        found = explainer(lines, problem, start, max_depth)
        if found is not None:
            return found
    return YamlSyntaxError(
        problem.line + 1, problem.col + 1, "yaml-indent",
        "this line does not fit the structure above it",
        "Indent it with the same number of spaces as the keys it belongs with, and check the "
        "line above for a missing colon or quote.")


def _place(mark: yaml.Mark | None) -> _Place | None:
    return None if mark is None else _Place(mark.line, mark.column, mark.index)


def _shown(text: str, limit: int = 40) -> str:
    """Contributor text quoted in a message: printable only (no terminal escapes), and short."""
    printable = "".join(c if c.isprintable() else "?" for c in text)
    return printable if len(printable) <= limit else printable[:limit - 1] + "…"


def _line(lines: list[str], number: int) -> str:
    return lines[number] if 0 <= number < len(lines) else ""


def _char(lines: list[str], place: _Place) -> str:
    line = _line(lines, place.line)
    return line[place.col] if place.col < len(line) else ""


def _too_deep(lines: list[str], problem: _Place, start: _Place,
              max_depth: int) -> YamlSyntaxError | None:
    before = _line(lines, problem.line)[:problem.col]
    indent = len(before) - len(before.lstrip(" "))
    depth = before.count("[") + before.count("{") + before.count("- ") + indent // 2
    if depth <= max_depth:
        return None
    return too_deep_error()


def too_deep_error() -> YamlSyntaxError:
    return YamlSyntaxError(1, 1, "yaml-too-deep", "the document nests too deeply",
                           "Flatten the structure; no file kind needs this much nesting.")


def _tab(lines: list[str], problem: _Place, start: _Place, _: int) -> YamlSyntaxError | None:
    for number in range(start.line, min(problem.line, len(lines) - 1) + 1):
        line = _line(lines, number)
        indent = line[:len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            return YamlSyntaxError(
                number + 1, indent.index("\t") + 1, "yaml-tab",
                "a tab indents this line; indent with spaces, not tabs",
                "YAML does not allow tabs for indentation: replace each tab with spaces "
                "(two per level), and let your editor insert spaces for the Tab key.")
    if _char(lines, problem) == "\t":
        return YamlSyntaxError(
            problem.line + 1, problem.col + 1, "yaml-tab",
            "a tab stands where YAML expects spaces; indent with spaces, not tabs",
            "Replace the tab with spaces.")
    return None


def _unclosed_quote(lines: list[str], problem: _Place, start: _Place,
                    _: int) -> YamlSyntaxError | None:
    quote = _char(lines, start)
    if start is problem or quote not in ("'", '"'):
        return None
    return YamlSyntaxError(
        start.line + 1, start.col + 1, "yaml-unclosed-quote",
        f"the quote {quote} opened here is never closed",
        f"End the value with a matching {quote} on the same line.")


def _unclosed_bracket(lines: list[str], problem: _Place, start: _Place,
                      _: int) -> YamlSyntaxError | None:
    bracket = _char(lines, start)
    if start is problem or bracket not in ("[", "{"):
        return None
    closing = "]" if bracket == "[" else "}"
    example = "[a, b]" if bracket == "[" else "{name: Dana, title: CEO}"
    return YamlSyntaxError(
        start.line + 1, start.col + 1, "yaml-unclosed-bracket",
        f"the {bracket} opened here is not closed with {closing}, or a comma is missing "
        "between its items",
        f"Close it with {closing} and separate items with commas, e.g. {example}.")


def _colon_without_space(lines: list[str], problem: _Place, start: _Place,
                         _: int) -> YamlSyntaxError | None:
    for number in range(max(0, min(start.line, problem.line - 1)),
                        min(problem.line, len(lines) - 1) + 1):
        match = _KEY_WITHOUT_SPACE.match(_line(lines, number))
        if match:
            key = match.group(2)
            rest = _shown(_line(lines, number)[match.end():].strip())
            return YamlSyntaxError(
                number + 1, match.end(), "yaml-colon-space",
                f"put a space after the colon: `{key}: {rest}`",
                "YAML reads `key:value` as one piece of text; a key needs a colon and a space.")
    return None


def _second_document(lines: list[str], problem: _Place, start: _Place,
                     _: int) -> YamlSyntaxError | None:
    if not _line(lines, problem.line).startswith(("---", "...")):
        return None
    return YamlSyntaxError(
        problem.line + 1, 1, "yaml-two-documents",
        "a second YAML document starts here; each file holds one",
        "Remove the `---` line, or move what follows it into its own file.")


def _list_item_depth(lines: list[str], problem: _Place, start: _Place,
                     _: int) -> YamlSyntaxError | None:
    here = _line(lines, problem.line).lstrip(" ")
    if here.startswith("- ") or here == "-":
        return YamlSyntaxError(
            problem.line + 1, problem.col + 1, "yaml-list-depth",
            "this list item is indented differently from the items above it",
            "Line up its `-` with the other items of the same list.")
    above = _line(lines, start.line).lstrip(" ")
    if above.startswith("- ") and start.line != problem.line:
        return YamlSyntaxError(
            problem.line + 1, problem.col + 1, "yaml-list-depth",
            "this line stands at the depth of the list items above it but is not an item",
            "Start it with `- ` to make it an item, or indent it to belong to the item above.")
    return None


def _text_after_quote(lines: list[str], problem: _Place, start: _Place,
                      _: int) -> YamlSyntaxError | None:
    line = _line(lines, problem.line)
    if not 0 < problem.col <= len(line) or line[problem.col - 1] not in ("'", '"'):
        return None
    return YamlSyntaxError(
        problem.line + 1, problem.col + 1, "yaml-text-after-quote",
        "text follows the closing quote of a value",
        "Inside '…' write an apostrophe twice ('it''s'), or quote the whole value with \"…\".")


def _colon_in_value(lines: list[str], problem: _Place, start: _Place,
                    _: int) -> YamlSyntaxError | None:
    if _char(lines, problem) != ":":
        return None
    return YamlSyntaxError(
        problem.line + 1, problem.col + 1, "yaml-colon-in-value",
        "a value holds `: `, which YAML reads as a second key",
        'Put the whole value in quotes, e.g. title: "Launch: part 2".')


def _undefined_alias(lines: list[str], problem: _Place, start: _Place,
                     _: int) -> YamlSyntaxError | None:
    if _char(lines, problem) != "*":
        return None
    name = re.match(r"\*([^\s,\]}]*)", _line(lines, problem.line)[problem.col:])
    alias = _shown(name.group(1)) if name else ""
    return YamlSyntaxError(
        problem.line + 1, problem.col + 1, "yaml-undefined-alias",
        f"`*{alias}` refers to an anchor `&{alias}` that is not defined above it",
        f"Define `&{alias}` on a value above, or quote the text if `*` is meant literally.")


def _reserved_start(lines: list[str], problem: _Place, start: _Place,
                    _: int) -> YamlSyntaxError | None:
    char = _char(lines, problem)
    if char not in _RESERVED_STARTS:
        return None
    return YamlSyntaxError(
        problem.line + 1, problem.col + 1, "yaml-reserved-start",
        f"a value cannot start with {_RESERVED_STARTS[char]} unless it is quoted",
        'Put the value in quotes, e.g. "@lumenskin".')
