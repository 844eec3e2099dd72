"""Reading text files of the program: UTF-8 (BOM tolerated), Markdown front matter."""

from __future__ import annotations

from builder.load.source import Source
from builder.load.yamlfile import YamlDocument, parse_yaml
from builder.problems import Problem


def read_text(source: Source, rel: str) -> tuple[str | None, list[Problem]]:
    data = source.read(rel)
    try:
        return data.decode("utf-8-sig").replace("\r\n", "\n"), []
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return None, [Problem(rel, line, None, "error", "encoding",
                              "file is not valid UTF-8",
                              "Save the file as UTF-8 (most editors offer it under 'Save as').")]


def read_yaml(source: Source, rel: str) -> tuple[YamlDocument | None, list[Problem]]:
    text, problems = read_text(source, rel)
    if text is None:
        return None, problems
    return parse_yaml(text, rel)


def split_front_matter(text: str, rel: str
                       ) -> tuple[YamlDocument | None, str, int, list[Problem]]:
    """Split `---` front matter from a Markdown body.

    Returns the front matter document, the body, the 1-based line where the body starts,
    and problems.
    """
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return None, text, 1, [Problem(rel, 1, 1, "error", "front-matter-missing",
                                       "the draft has no front matter",
                                       "Start the file with `---`, `status: draft`, `---`, "
                                       "then the caption.")]
    for index in range(1, len(lines)):
        if lines[index].strip() in ("---", "..."):
            header = "\n".join(lines[1:index])
            doc, problems = parse_yaml(header, rel, line_offset=1)
            body = "\n".join(lines[index + 1:])
            return doc, body, index + 2, problems
    return None, text, 1, [Problem(rel, 1, 1, "error", "front-matter-unclosed",
                                   "the front matter is never closed",
                                   "Add a line `---` after the last front matter key.")]
