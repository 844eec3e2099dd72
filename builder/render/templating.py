"""Page bodies from Jinja2 templates: nanokit's own, or the program's from its templates/ folder.

The built-in templates live in builder/render/templates/: `page.md.j2` (front matter and
heading), `macros.j2` (tables with named columns, facts, badges, links) and one
`pages/<page>.md.j2` per page. A program replaces any of them with a file of the same path
under its templates/ folder; `{% extends "nanokit/pages/payments.md.j2" %}` reaches the
built-in one, to override single blocks. Every template runs in the immutable sandbox of the
contract template (autoescaped, strict about undefined values) and sees only its page's view
model: values already formatted for the reader, links already made by the paths module.
Templates are compiled once per build (and once per change under `nanokit serve`).
"""

from __future__ import annotations

import re
import traceback
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from functools import lru_cache
from importlib.resources import files
from numbers import Number
from typing import ClassVar

from jinja2 import DictLoader, Environment, StrictUndefined, TemplateError, TemplateSyntaxError
from markupsafe import Markup, escape

from builder.limits import WORKER_MEMORY, TimeLimitExceeded, memory_limit, time_limit
from builder.load.prose import slow_markdown
from builder.problems import Problem, ProblemError
from builder.render.contracts.template import sandbox_environment
from builder.render.format import front_matter, md_text, safe_url
from builder.render.stash import stash_html_blocks

BUILTIN = "nanokit/"
"""Name prefix under which a program's template reaches nanokit's own."""
REPO_FOLDER = "templates"
PAGE_SECONDS = 10.0
"""Longest one page's template may take (a program's template is content, like its YAML)."""
PAGE_MEMORY = WORKER_MEMORY
"""Most memory one page's template may take, on top of what the build holds."""
PAGE_CHARACTERS = 2 * 1024 * 1024
"""Longest page a program's template may write: nanokit's largest, a 200-creator team's
portfolio, is about 260,000 characters."""
_CONTRACT_FILES = frozenset({"contract.html.j2", "contract.css"})


class TemplatePage(str):
    """A page written while the program had templates of its own: MkDocs converts it within
    PAGE_SECONDS (see NanokitPlugin), and what goes wrong there is the template's."""

    template: str
    """The repository path of the template to blame (see PageTemplates.render)."""

    @classmethod
    def of(cls, page: str, template: str) -> TemplatePage:
        written = cls(page)
        written.template = template
        return written


# The view model's pieces: plain values that print themselves as HTML (`__html__`, which
# Jinja2's escaping calls), so that a table cell costs a function call and not a macro call: a
# large team site prints some 57,000 of them.


def html_value(value: object) -> Markup:
    """One value of a view model as HTML: text escaped, a piece as it prints itself, a list
    side by side. The `value` filter of page templates (and macros.j2's `value`)."""
    return Markup(_value_html(value))


def _value_html(value: object) -> str:
    """html_value(value) as a plain string, as table cells print it."""
    if type(value) is str:  # most cells: tested first
        return _escaped(value)
    if hasattr(value, "__html__"):
        return str(value.__html__())
    if isinstance(value, str | Number) or not isinstance(value, Iterable):
        return str(escape(value))
    return " ".join(_value_html(part) for part in value)


_HTML_SPECIALS = re.compile("[&<>'\"]")


def _escaped(text: str) -> str:
    """escape(text) as a plain string, for the pieces' HTML: most texts of a table (figures,
    names, handles) hold nothing to escape, and skipping a Markup object for each of them
    makes a large site's tables a third cheaper."""
    if type(text) is str and _HTML_SPECIALS.search(text) is None:
        return text
    return str(escape(text))


@dataclass(frozen=True)
class Link:
    """A link inside the site (`url` from SiteContext.href) or, `external`, to another host
    (made with external_link, which refuses unsafe schemes)."""

    url: str
    text: str
    external: bool = False
    """Tracking, landing, post and profile URLs: rel="nofollow noopener"."""
    download: bool = False
    webcal: bool = False
    """nanokit.js turns the link into webcal:// in the browser (see calendar links)."""
    kind: ClassVar[str] = "link"

    def __html__(self) -> str:
        return (f'<a href="{_escaped(self.url)}"'
                + (' rel="nofollow noopener"' if self.external else "")
                + (" data-nk-webcal" if self.webcal else "")
                + (" download" if self.download else "") + f">{_escaped(self.text)}</a>")


def external_link(url: str, text: str | None = None) -> Link:
    """A link to a URL from the content: a `javascript:` URL must not become a link."""
    return Link(safe_url(url), url if text is None else text, external=True)


@dataclass(frozen=True)
class Badge:
    """A status word in colour: `tone` is done, late, soon, neutral or a status value."""

    text: str
    tone: str
    kind: ClassVar[str] = "badge"

    def __html__(self) -> str:
        return (f'<span class="nk-badge nk-badge--{_escaped(self.tone)}">'
                f"{_escaped(self.text)}</span>")


@dataclass(frozen=True)
class Span:
    """A value in a styled span: `css` is e.g. nk-muted (quieter text) or nk-url (a URL that
    may break anywhere)."""

    value: object
    css: str
    kind: ClassVar[str] = "span"

    def __html__(self) -> str:
        return f'<span class="{escape(self.css)}">{html_value(self.value)}</span>'


@dataclass(frozen=True)
class Code:
    """A promo code, deliverable id or label, shown as written."""

    text: str
    kind: ClassVar[str] = "code"

    def __html__(self) -> str:
        return f"<code>{_escaped(self.text)}</code>"


@dataclass(frozen=True)
class Stacked:
    """Values one under the other, e.g. a deliverable over its notes."""

    items: Sequence[object]
    kind: ClassVar[str] = "stacked"

    def __html__(self) -> str:
        return Markup("<br>").join(html_value(part) for part in self.items)


@dataclass(frozen=True)
class Sorted:
    """A cell whose text would sort wrongly (dates, amounts), with the key it sorts by."""

    value: object
    sort: str
    kind: ClassVar[str] = "sorted"

    def __html__(self) -> str:
        return html_value(self.value)


@dataclass(frozen=True)
class Joined:
    """Values in a row with a separator between them, e.g. links joined by ' · '."""

    items: Sequence[object]
    separator: str
    kind: ClassVar[str] = "joined"

    def __html__(self) -> str:
        return escape(self.separator).join(html_value(part) for part in self.items)


@dataclass(frozen=True)
class Chart:
    """A chart (geometry drawn in Python, as SVG) with its caption."""

    svg: Markup
    caption: str


@dataclass(frozen=True)
class Column:
    """A table column: its header, the row key it shows and how its cells sit."""

    name: str
    key: str
    numeric: bool = False
    """Right-aligned figures."""
    nowrap: bool = False
    """Kept to one line (dates)."""
    wide: bool = False
    """Given room instead of squeezing the row tall (notes, evidence)."""

    @property
    def css(self) -> str:
        """The cells' class: nk-num, nk-nowrap, nk-wide or none."""
        return ("nk-num" if self.numeric else "nk-nowrap" if self.nowrap
                else "nk-wide" if self.wide else "")


@dataclass(frozen=True, kw_only=True)
class PageView:
    """What every page template gets: its title, and its heading when it differs."""

    title: str
    heading: str | None = None
    wide: bool = False
    """A big table: Material's table of contents is hidden to give it the width."""


@dataclass(frozen=True, kw_only=True)
class ProblemsView(PageView):
    """What every page shows under `nanokit serve` while the program has errors
    (pages/problems.md.j2)."""

    listing: str
    """The problems as `PATH:LINE:COL: severity: message` lines with their hints."""


@dataclass(frozen=True)
class Table:
    """Rows are mappings of column key to a value: text, Link, Badge, Span, Code, Sorted,
    Joined, Stacked, or a list of those shown side by side."""

    columns: Sequence[Column]
    rows: Sequence[Mapping[str, object]]
    sortable: bool = True
    caption: str = ""
    empty: str = ""
    """What the page says instead of an empty table."""


def table_body(table: Table) -> Markup:
    """The rows of `table` as HTML (the `table_body` filter macros.j2's `table` prints inside
    <tbody>): each cell with its column's class and name (data-label), a Sorted cell with its
    sort key. Made in Python: a large team site has a quarter of a million cells, and a
    template spends several look-ups and escapes on each."""
    columns = [(c.key, f' class="{escape(c.css)}"' if c.css else "",
                f' data-label="{escape(c.name)}"' if c.name else "") for c in table.columns]
    parts = []
    for row in table.rows:
        parts.append("<tr>")
        for key, css, label in columns:
            cell = row[key]
            if isinstance(cell, Sorted):
                parts.append(f'<td{css} data-sort="{_escaped(cell.sort)}"{label}>'
                             f"{_value_html(cell.value)}</td>")
            else:
                parts.append(f"<td{css}{label}>{_value_html(cell)}</td>")
        parts.append("</tr>")
    return Markup("".join(parts))


class PageTemplates:
    """The templates of one build: nanokit's, with the program's in their place."""

    def __init__(self, overrides: Mapping[str, str]) -> None:
        """`overrides` are Program.templates (the contract's files are not page templates)."""
        builtin = builtin_templates()
        sources = {BUILTIN + name: text for name, text in builtin.items()}
        sources.update(builtin)
        self.overrides = {name: text for name, text in overrides.items()
                          if name not in _CONTRACT_FILES}
        sources.update(self.overrides)
        # A program's templates are content, like its YAML: they run in the contract
        # template's sandbox, and so does every page once the program has any (its macros.j2
        # or page.md.j2 may be imported by nanokit's). nanokit's own templates alone are
        # trusted code: the sandbox's check of every attribute would double a large build.
        environment = (sandbox_environment(sources) if self.overrides
                       else _trusted_environment(sources))
        environment.filters["md"] = lambda value: Markup(md_text(value))
        environment.filters["value"] = html_value
        environment.filters["table_body"] = table_body
        environment.globals["front_matter"] = lambda title, wide=False: Markup(
            front_matter(title, hide=["toc"]) if wide else front_matter(title))
        self._environment = environment

    def render(self, name: str, view: object) -> str:
        """The page template `name` (e.g. "pages/payments.md.j2") rendered with the fields of
        `view`, a dataclass (a page's view model)."""
        values = {f.name: getattr(view, f.name) for f in fields(view)}  # type: ignore[arg-type]
        try:
            template = self._environment.get_template(name)
            if not self.overrides:
                return template.render(values)
            with time_limit(PAGE_SECONDS), memory_limit(PAGE_MEMORY):
                page = template.render(values)
        except (Exception, TimeLimitExceeded) as error:
            if not any(n in self.overrides for n in _names(error)):
                raise  # nanokit's own template failed: a bug, not content
            raise ProblemError(_problem(error, self.overrides)) from None
        # MkDocs turns the page into HTML next, outside the template's limits: the page must be
        # short, and its Markdown (what the plugin leaves of it, see stash) quick to convert.
        blamed = f"{REPO_FOLDER}/{name if name in self.overrides else min(self.overrides)}"
        if len(page) > PAGE_CHARACTERS:
            raise ProblemError(Problem(
                blamed, None, None, "error", "page-template",
                f"page template: {name} wrote {len(page):,} characters; at most "
                f"{PAGE_CHARACTERS:,}", "Make the page shorter: summarise, or link to a CSV."))
        slow = slow_markdown(stash_html_blocks(page)[0], blamed)
        if slow:
            raise ProblemError(Problem(
                blamed, None, None, "error", "page-template",
                f"page template: {name} wrote a page that would take long to convert: "
                f"{slow[0].message}",
                f"{slow[0].hint} Put HTML in an element marked markdown=\"0\", as macros.j2 does."))
        return TemplatePage.of(page, blamed)

    def problems(self) -> list[Problem]:
        """The syntax errors of the program's page templates, each at its PATH:LINE, as a
        build would meet them rendering its pages: `nanokit check` reports them, and a build
        before it renders anything (a template its audience never renders included)."""
        found = []
        for name in sorted(self.overrides):
            try:
                self._environment.get_template(name)
            except TemplateSyntaxError as error:
                found.append(_problem(error, self.overrides))
        return found

    def macro(self, name: str, *args: object) -> str:
        """One macro of macros.j2 (the program's, if it has one) as HTML: the pieces a page
        not yet made from a template shares with those that are."""
        macros = self._environment.get_template("macros.j2").module
        return str(getattr(macros, name)(*args))


def _trusted_environment(sources: Mapping[str, str]) -> Environment:
    """nanokit's own templates, with the sandbox's settings but without its checks."""
    return Environment(loader=DictLoader(dict(sources)), autoescape=True,
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def page_templates(overrides: Mapping[str, str]) -> PageTemplates:
    """The program's page templates, compiled once per process for as long as they stay the
    same: every site of a build (a worker builds many) and every rebuild under serve."""
    return _compiled(tuple(sorted((name, text) for name, text in overrides.items()
                                  if name not in _CONTRACT_FILES)))


@lru_cache(maxsize=4)
def _compiled(overrides: tuple[tuple[str, str], ...]) -> PageTemplates:
    return PageTemplates(dict(overrides))


def builtin_templates() -> dict[str, str]:
    """nanokit's templates by name: macros.j2, page.md.j2, pages/<page>.md.j2."""
    folder = files("builder.render") / "templates"
    found = {}
    for entry in folder.iterdir():
        if entry.name.endswith(".j2"):
            found[entry.name] = entry.read_text(encoding="utf-8")
    for entry in (folder / "pages").iterdir():
        if entry.name.endswith(".j2"):
            found[f"pages/{entry.name}"] = entry.read_text(encoding="utf-8")
    return found


def _frames(error: BaseException) -> list[tuple[str, int | None]]:
    """(template name, line) of the error, innermost first: where a syntax error is, or the
    template lines of the traceback (Jinja2 maps them back to the template's)."""
    frames: list[tuple[str, int | None]] = [
        (frame.filename, frame.lineno) for frame in traceback.extract_tb(error.__traceback__)]
    filename = getattr(error, "filename", None)
    return [*([(filename, getattr(error, "lineno", None))] if filename else []),
            *reversed(frames)]


def _names(error: BaseException) -> list[str]:
    return [name for name, _ in _frames(error)]


def _problem(error: BaseException, overrides: Mapping[str, str]) -> Problem:
    name, line = next((frame for frame in _frames(error) if frame[0] in overrides),
                      (next(iter(overrides)), None))
    message = ((error.message or "") if isinstance(error, TemplateError)
               else f"used more than the {PAGE_MEMORY >> 20:,} MiB of memory a page template may "
                    "use" if isinstance(error, MemoryError) else str(error))
    return Problem(f"{REPO_FOLDER}/{name}", line, None, "error", "page-template",
                   f"page template: {type(error).__name__}: {message}",
                   "Fix the template; it sees only its page's documented values, and the "
                   "sandbox forbids changing them or reaching Python internals.")
