"""The site navigation, from the generated pages (MkDocs `nav` format, no MkDocs import).

Sections are ordered for people (home, own work, campaigns, creators, team), each opens with its
index page (Material's navigation.indexes) and is titled by that page's title.
"""

from __future__ import annotations

import json
from typing import Any

from builder.render.context import SiteFiles

_SECTION_ORDER = ("campaigns", "creators", "team")
_PAGE_ORDER = ("index.md", "kpis.md", "scorecard.md")
NAV_LIMIT = 40
"""A section with more entries lists only its index page, which links to every one: every
page carries the navigation, so a nav of 200 media kits would weigh more than the pages."""


def page_title(markdown: str) -> str | None:
    """The `title:` of a page's front matter (values are written unquoted or double-quoted)."""
    if not markdown.startswith("---\n"):
        return None
    for line in markdown[4:].split("\n"):
        if line.strip() == "---":
            return None
        if line.startswith("title:"):
            value = line[len("title:"):].strip()
            if value.startswith('"') and value.endswith('"'):
                return str(json.loads(value))
            return value.strip("'")
    return None


def build_nav(files: SiteFiles) -> list[Any]:
    pages = sorted(p for p in files if p.endswith(".md"))
    nav: list[Any] = []
    if "index.md" in pages:
        nav.append({"Home": "index.md"})
    nav += [_entry(files, p) for p in pages if "/" not in p and p != "index.md"]
    for section in _SECTION_ORDER:
        entries = _section(files, [p for p in pages if p.startswith(f"{section}/")], section)
        index = f"{section}/index.md"
        if len(entries) > NAV_LIMIT and index in files:
            entries = [_entry(files, index)]
        if entries:
            title = _title(files, f"{section}/index.md") or section.title()
            nav.append({title: entries})
    return nav


def _section(files: SiteFiles, pages: list[str], prefix: str) -> list[Any]:
    leaves: list[str] = []
    groups: dict[str, list[str]] = {}
    for page in pages:
        rest = page[len(prefix) + 1:]
        if "/" in rest:
            groups.setdefault(rest.split("/", 1)[0], []).append(page)
        else:
            leaves.append(page)
    leaves.sort(key=lambda p: (not p.endswith("/index.md"), _title(files, p) or p))
    entries: list[Any] = [_entry(files, p) for p in leaves]
    for name in sorted(groups, key=lambda g: _title(files, f"{prefix}/{g}/index.md") or g):
        group = sorted(groups[name], key=lambda p: (_rank(p), p))
        title = _title(files, f"{prefix}/{name}/index.md") or name
        entries.append({title: [_entry(files, p) for p in group]})
    return entries


def _entry(files: SiteFiles, page: str) -> Any:
    """A titled entry: with `--dirty`, MkDocs does not read unchanged pages, yet the nav of a
    changed page must still name them."""
    title = _title(files, page)
    return {title: page} if title else page


def _rank(page: str) -> int:
    name = page.rsplit("/", 1)[-1]
    return _PAGE_ORDER.index(name) if name in _PAGE_ORDER else len(_PAGE_ORDER)


def _title(files: SiteFiles, page: str) -> str | None:
    content = files.get(page)
    return page_title(content) if isinstance(content, str) else None
