"""Keep the pages' raw HTML blocks away from Python-Markdown's HTML parser.

Pages carry their tables, charts and cards as raw HTML blocks marked `markdown="0"`.
Python-Markdown would only pass them through, but finding where each one ends costs most of a
large site's build; so the plugin swaps each whole block for a placeholder paragraph before
conversion and puts it back after. The Markdown files themselves stay standard.
"""

from __future__ import annotations

import re

_OPENING = re.compile(r"<([a-z][a-z0-9]*)\b[^>]*\bmarkdown=\"0\"[^>]*>")
_PLACEHOLDER = "NKHTMLBLOCK{}X"
_RESTORE = re.compile(r"<p>NKHTMLBLOCK(\d+)X</p>")


def stash_html_blocks(markdown: str) -> tuple[str, list[str]]:
    """Replace each self-contained `markdown="0"` block by a placeholder paragraph."""
    blocks: list[str] = []
    out = []
    for chunk in markdown.split("\n\n"):
        stripped = chunk.strip("\n")
        opening = _OPENING.match(stripped)
        if opening and _closed(stripped, opening.group(1)):
            out.append(_PLACEHOLDER.format(len(blocks)))
            blocks.append(stripped.replace(' markdown="0"', ""))
        else:
            out.append(chunk)
    return "\n\n".join(out), blocks


def _closed(block: str, tag: str) -> bool:
    """The block ends with the element it opens (so a blank line inside never splits one)."""
    return (block.endswith(f"</{tag}>")
            and len(re.findall(rf"<{tag}\b", block)) == block.count(f"</{tag}>"))


def restore_html_blocks(html: str, blocks: list[str]) -> str:
    if not blocks:
        return html
    return _RESTORE.sub(lambda match: blocks[int(match.group(1))], html)
