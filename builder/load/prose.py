"""Limits on Markdown that becomes HTML (media-kit.md, brief.md), checked before any rendering.

Python-Markdown takes time that grows faster than the text for some inputs: 5,000 `[` in one
paragraph take close to a minute, a list nested 1,000 deep about as long. These checks refuse
such files at their line in linear time; the renderer's time limit (builder.limits) catches
whatever they miss.
"""

from __future__ import annotations

from builder.problems import Problem

MAX_PROSE_BYTES = 256 * 1024
"""A media kit or brief is a few KB; this is a short book."""
MAX_INDENT = 40
"""Ten levels of nested lists at four columns each."""
MAX_QUOTE_DEPTH = 10
MAX_BRACKET_WEIGHT = 250_000
"""Sum over paragraphs of (their count of MARKS) squared: one paragraph of 500, or a hundred of
50; a real text with a few links per paragraph stays below 1 % of it."""
MARKS = "[<`*_&\\~"
"""What starts a link, HTML, code, emphasis, an entity, an escape or a strikethrough: each
paragraph's inline Markdown takes time that grows with the square of their number (20,000
code spans in one paragraph take about 5 s, 20,000 `[` about 40 s)."""


def check_prose(text: str, rel: str) -> list[Problem]:
    """Problems that would make `text` slow to render, each at its line."""
    size = len(text.encode("utf-8"))
    if size > MAX_PROSE_BYTES:
        return [Problem(rel, None, None, "error", "markdown-too-large",
                        f"the text has {size:,} bytes; at most {MAX_PROSE_BYTES:,}",
                        "Shorten it; link to longer documents instead.")]
    return slow_markdown(text, rel)


def slow_markdown(text: str, rel: str) -> list[Problem]:
    """Problems of nesting and brackets that would make `text` slow to render, at their lines
    (whatever its size: for pages whose length is bounded elsewhere)."""
    problems: dict[str, Problem] = {}  # the first line of each kind is enough
    weight = 0
    paragraph_start, paragraph_brackets = 1, 0
    for number, line in enumerate(text.split("\n"), 1):
        body = line.expandtabs(4)
        indent = len(body) - len(body.lstrip(" "))
        if indent > MAX_INDENT and body.strip():
            problems.setdefault("indent", Problem(
                rel, number, 1, "error", "markdown-too-deep",
                f"the line is indented {indent} columns; at most {MAX_INDENT} (ten levels of "
                "lists)", "Nest lists less deeply."))
        quotes = body[:len(body) - len(body.lstrip(" >"))].count(">")
        if quotes > MAX_QUOTE_DEPTH:
            problems.setdefault("quote", Problem(
                rel, number, 1, "error", "markdown-too-deep",
                f"the line is quoted {quotes} levels deep; at most {MAX_QUOTE_DEPTH}",
                "Nest quotes less deeply."))
        if not body.strip():
            weight += paragraph_brackets ** 2
            paragraph_start, paragraph_brackets = number + 1, 0
        else:
            paragraph_brackets += sum(map(line.count, MARKS))
        if weight + paragraph_brackets ** 2 > MAX_BRACKET_WEIGHT:
            problems.setdefault("brackets", Problem(
                rel, paragraph_start, 1, "error", "markdown-too-complex",
                "too many links, HTML tags, code spans, emphasis marks, entities or escapes (in "
                "this paragraph and before it) to render quickly",
                "Use fewer per paragraph, or separate paragraphs with blank lines."))
            break
    return list(problems.values())
