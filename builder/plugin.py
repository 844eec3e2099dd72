"""The MkDocs plugin `nanokit`: a thin shell that injects the generated pages.

`nanokit build` hands it ready-made files; a plain `mkdocs build` or `mkdocs serve` makes it
load the repository and render the audience named in its options.
"""

from __future__ import annotations

import logging
import os
import re
import time
from pathlib import Path
from types import CodeType
from typing import Any

from jinja2 import BytecodeCache, Environment, FileSystemLoader
from jinja2.bccache import Bucket
from mkdocs.config import config_options as opt
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.theme import Theme

from builder.audience import Audience
from builder.limits import KeptWorkers, SpanLimit
from builder.memo import Memo
from builder.problems import Problem
from builder.render.context import SiteFiles
from builder.render.nav import build_nav
from builder.render.paths import Paths
from builder.render.site import ASSETS
from builder.render.stash import restore_html_blocks, stash_html_blocks
from builder.render.templating import PAGE_SECONDS, TemplatePage

WATCHED = ("brands", "creators", "campaigns", "templates")
log = logging.getLogger("mkdocs.plugins.nanokit")
"""Under serve: one line per rebuild (MkDocs shows its plugins' INFO lines; so does
`nanokit serve`)."""


class NanokitConfig(Config):
    audience = opt.Type(str, default="team")
    """Audience a plain `mkdocs build` renders: team, public, brand:<id> or creator:<handle>."""
    locale = opt.Type(str, default="en")
    """Locale for money and dates (Babel), e.g. en, en_GB, de."""
    tiers = opt.Type(list, default=[])
    """Follower bands as [{name, min_followers}], lowest first; empty for SPEC §6's."""
    vetting = opt.Type(dict, default={})
    """Vetting thresholds (SPEC §12)."""
    exchange_rates = opt.Type(dict, default={})
    """Rates such as 'EUR/USD': 1.08 for orders in another currency."""
    team_link_version = opt.Type(int, default=0)
    """Raise by one to revoke the team's private link (see docs/hosting.md)."""


class GeneratedFile(File):
    """A generated page or asset that knows whether it differs from the previous build's.

    MkDocs takes every in-memory file as modified; with `--dirty` only modified ones are
    rendered again, which is what makes `nanokit serve` fast on a large program.
    """

    modified = True

    @classmethod
    def of(cls, config: MkDocsConfig, path: str, content: str | bytes,
           modified: bool) -> GeneratedFile:
        file = cls.generated(config, path, content=content)
        assert isinstance(file, GeneratedFile)
        file.modified = modified
        return file

    def is_modified(self) -> bool:
        return self.modified


class _TemplateCache(BytecodeCache):
    """Compiled theme templates in memory, by template name and source checksum.

    Kept as code objects, not as bytecode: unmarshalling it again was half the cost of loading
    the theme's templates, which each site of `--audience all` does."""

    def __init__(self) -> None:
        self._code: dict[str, tuple[str, CodeType]] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        kept = self._code.get(bucket.key)
        if kept is not None and kept[0] == bucket.checksum:
            bucket.code = kept[1]

    def dump_bytecode(self, bucket: Bucket) -> None:
        if bucket.code is not None:
            self._code[bucket.key] = (bucket.checksum, bucket.code)


_THEME_TEMPLATES = _TemplateCache()


class _ListedOnce(FileSystemLoader):
    """A theme's templates, whose file names are listed once per `nanokit build`.

    On each build MkDocs lists every file of the theme to find its static assets, and drops
    the names in hidden folders: Material's 14,000 icons in `.icons/` made that a fifth of
    each small site of `--audience all`, whose sites all use one theme that does not change
    meanwhile (see forget_theme_files).
    """

    def list_templates(self) -> list[str]:
        key = tuple(self.searchpath)
        if key not in _THEME_FILE_NAMES:
            # The same names MkDocs' own filter drops ('.*' and '*/.*').
            _THEME_FILE_NAMES[key] = [name for name in super().list_templates()
                                      if not name.startswith(".") and "/." not in name]
        return _THEME_FILE_NAMES[key]


_THEME_FILE_NAMES: dict[tuple[str, ...], list[str]] = {}


def forget_theme_files() -> None:
    """The next build lists the theme's files again: a theme folder may change between builds
    of one process."""
    _THEME_FILE_NAMES.clear()


def list_theme_files_once(theme: Theme) -> None:
    """Give the environments `theme` makes a loader that lists the theme's files once."""
    make_env = theme.get_env

    def get_env() -> Environment:
        env = make_env()
        env.loader = _ListedOnce(theme.dirs)
        return env

    # MkDocs makes the environment and lists the theme's files before any plugin event but
    # on_config: the theme's factory is the one place to reach them.
    theme.get_env = get_env  # type: ignore[method-assign]


class NanokitPlugin(BasePlugin[NanokitConfig]):
    """Replaces the docs folder's files by the program's pages for one audience."""

    def __init__(self) -> None:
        self.site_files: SiteFiles | None = None
        """Set by `nanokit build` before a build; otherwise the plugin renders the program."""
        self.private = False
        """Whether the site is for anyone but the public; set with site_files or by _render."""
        self._files: SiteFiles = {}
        self._stash: dict[str, list[str]] = {}
        # Under serve, what the previous build used and made (see on_startup).
        self._memo: Memo | None = None
        self._workers: KeptWorkers | None = None
        """Under serve: the contract workers, started once for every rebuild."""
        self._previous: SiteFiles = {}
        self._previous_nav: list[Any] | None = None
        self._changed: set[str] = set()
        self._command: str | None = None
        """The mkdocs command that runs; None when `nanokit build` drives MkDocs."""
        self._started = 0.0
        self._sources: dict[str, int] = {}
        """Under serve: each source file's modification time at the previous build."""
        self._edited: list[str] = []
        self._failed = 0
        """Under serve: how many errors the pages of this build show instead of the portal."""
        self._timed = False
        """Whether MkDocs converts a program template's page within PAGE_SECONDS."""
        self._conversion = SpanLimit(PAGE_SECONDS)
        self._converting: tuple[str, str] | None = None
        """The page MkDocs converts under the limit, and the template to blame for it."""

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup makes MkDocs keep this instance across serve's rebuilds.
        self.on_shutdown()
        self._command = command
        if command == "serve":
            self._memo = Memo()
            self._workers = KeptWorkers()

    def on_shutdown(self) -> None:
        if self._workers is not None:
            self._workers.close()
        self._memo, self._workers, self._previous, self._previous_nav = None, None, {}, None
        self._sources = {}

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self._started = time.perf_counter()
        # `nanokit build`, as CI runs it. Under serve, whose rebuilds run in a thread that
        # MkDocs' watcher keeps only while they raise an Exception, a slow page is just slow.
        self._timed = self.site_files is not None
        if self.site_files is None and self._command == "build":
            # One layout for every build: site/<audience>/, as `nanokit build` writes it, so
            # `mkdocs build` replaces its own audience's folder and leaves the others.
            config.site_dir = str(Path(config.site_dir) / self._audience().folder)
        if self.site_files is not None:  # `nanokit build`: one theme for many sites
            list_theme_files_once(config.theme)
        self._files = self.site_files if self.site_files is not None else self._render(config)
        self.site_files = None
        guarantee_local_pages(config)
        nav = build_nav(self._files)
        config.nav = nav
        # A page whose nav entry changed shows on every page's nav: then all are modified.
        if nav == self._previous_nav:
            self._changed = {path for path, content in self._files.items()
                             if self._previous.get(path) != content}
        else:
            self._changed = set(self._files)
        for name in ASSETS:
            target = config.extra_css if name.endswith(".css") else config.extra_javascript
            if f"assets/{name}" not in [str(item) for item in target]:
                target.append(f"assets/{name}")
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        docs_dir = Path(config.docs_dir).resolve()
        # Keep the theme's assets; drop whatever docs_dir holds: pages come from the program.
        theme = [f for f in files if f.abs_src_path
                 and not Path(f.abs_src_path).resolve().is_relative_to(docs_dir)]
        generated: list[File] = []
        for path, content in sorted(self._files.items()):
            generated.append(GeneratedFile.of(config, path, content, path in self._changed))
        for path in sorted(set(self._previous) - set(self._files)):
            # Gone since the previous build (a dirty build does not clean the site folder).
            Path(GeneratedFile.generated(config, path, content="").abs_dest_path).unlink(
                missing_ok=True)
        return Files(theme + generated)

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        # Every build loads the theme afresh (each site of `--audience all`, each rebuild under
        # serve); its templates are compiled once per process.
        env.bytecode_cache = _THEME_TEMPLATES
        return env

    def on_page_markdown(self, markdown: str, page: Page, **_: Any) -> str:
        text, self._stash[page.file.src_uri] = stash_html_blocks(markdown)
        written = self._files.get(page.file.src_uri)
        if self._timed and isinstance(written, TemplatePage):
            # A program's template wrote it: Python-Markdown's work on it is content's, which
            # a template can make cost minutes (headings, table rows, line breaks by the
            # hundred thousand) within the page's size cap.
            self._converting = (page.file.src_uri, written.template)
            self._conversion.start()
        return text

    def on_page_content(self, html: str, page: Page, **_: Any) -> str:
        if self._converting is not None:
            self._conversion.stop()
            self._converting = None
        return restore_html_blocks(html, self._stash.pop(page.file.src_uri, []))

    def overtime(self) -> Problem | None:
        """After a build stopped by TimeLimitExceeded: the page whose conversion took too long,
        as a problem at its template; None if no page was converting."""
        if self._converting is None:
            return None
        page, template = self._converting
        return Problem(template, None, None, "error", "page-template",
                       f"page template: MkDocs took longer than {PAGE_SECONDS:g} s to convert the "
                       f"page it wrote ({page})",
                       "Make the page shorter: fewer headings, table rows and line breaks; "
                       "summarise, or link to a CSV. Put HTML in an element marked "
                       'markdown="0", as macros.j2 does.')

    def end_conversion(self) -> None:
        """Lift the limit of a conversion that an error ended."""
        self._conversion.abandon()
        self._converting = None

    def on_post_page(self, output: str, page: Page, **_: Any) -> str:
        return with_private_meta(output) if self.private else output

    def on_post_template(self, output_content: str, *, template_name: str,
                         config: MkDocsConfig) -> str:
        if not self.private:
            return output_content
        if template_name == "sitemap.xml":
            return ""  # MkDocs writes no empty template: a private site offers no page list
        return with_private_meta(output_content) if template_name.endswith(".html") else (
            output_content)

    @event_priority(50)  # before the search plugin writes its index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self._memo is not None:
            paths = Paths(config.use_directory_urls)
            keep_search_entries(config, {paths.url(path) for path in set(self._files)
                                         - self._changed if path.endswith(".md")})
            self._previous, self._previous_nav = self._files, config.nav
            log.info(rebuild_line(self._edited, len(self._changed), self._failed,
                                  time.perf_counter() - self._started))
        self._files = {}

    def on_serve(self, server: Any, config: MkDocsConfig, builder: Any) -> Any:
        root = self._root(config)
        for name in WATCHED:
            if (root / name).is_dir():
                server.watch(str(root / name))
        return server

    def _audience(self) -> Audience:
        from builder.audience import AudienceError, parse_audience

        try:
            # `nanokit serve --audience` overrides the option without editing mkdocs.yml.
            return parse_audience(os.environ.get("NANOKIT_AUDIENCE", self.config.audience))
        except AudienceError as exc:
            raise PluginError(f"nanokit: {exc}") from exc

    def _root(self, config: MkDocsConfig) -> Path:
        # `nanokit serve` may run a stand-in mkdocs.yml from a temporary folder.
        root = os.environ.get("NANOKIT_ROOT") or Path(config.config_file_path).parent
        return Path(root).resolve()

    def _render(self, config: MkDocsConfig) -> SiteFiles:
        from builder.audience import check_audience
        from builder.load.files import read_signed_pdfs
        from builder.load.program import load_program
        from builder.problems import ProblemError, has_errors
        from builder.render.contracts.printing import default_cache_dir, render_contracts
        from builder.render.site import render_site

        root = self._root(config)
        if self._memo is not None:
            sources = source_times(root)
            self._edited = sorted(path for path in set(sources) | set(self._sources)
                                  if sources.get(path) != self._sources.get(path)
                                  ) if self._sources else []
            self._sources, self._failed = sources, 0
        program, problems = load_program(root, self._memo)
        if has_errors(problems):
            return self._problem_pages(problems)
        if program.config.use_directory_urls != config.use_directory_urls:
            # `nanokit serve` may run a stand-in mkdocs.yml: links follow the one MkDocs runs.
            program = program.narrowed(config=program.config.model_copy(
                update={"use_directory_urls": config.use_directory_urls}))
        audience = self._audience()
        reason = check_audience(program, audience)
        if reason:
            raise PluginError(f"nanokit: {reason}")
        self.private = audience.kind != "public"
        contracts: dict[str, bytes] = {}
        if audience.kind != "public":
            cache_dir = os.environ.get("NANOKIT_CACHE_DIR")  # set by `nanokit serve --cache-dir`
            contracts, found = render_contracts(
                program, default_cache_dir(root, Path(cache_dir) if cache_dir else None),
                memo=self._memo, kept=self._workers)
            if has_errors(found):
                return self._problem_pages(found)
        try:
            signed = read_signed_pdfs(program)
            files = render_site(program, audience, contracts, signed, self._memo)
        except ProblemError as error:  # a file refused while read, or a render over its limit
            return self._problem_pages([error.problem])
        if self._memo is not None:
            self._memo.sweep()
        return files


    def _problem_pages(self, problems: list[Problem]) -> SiteFiles:
        """Under serve, every page the browser may be on shows the problems instead of a stale
        portal; a plain build stops with them."""
        from builder.problems import format_problems, has_errors

        errors = [p for p in problems if p.severity == "error"]
        if self._memo is None or not has_errors(problems):
            raise PluginError("nanokit: the program has errors\n"
                              + format_problems(problems, "text"))
        self._failed = len(errors)
        shown = problems_page(errors)
        return {path: shown for path in {"index.md", *self._previous} if path.endswith(".md")}


def problems_page(problems: list[Problem]) -> str:
    """A page listing each problem as PATH:LINE:COL with its hint."""
    from builder.problems import format_problems
    from builder.render.templating import ProblemsView, page_templates

    # nanokit's own template: a program with errors may have broken its templates too.
    return page_templates({}).render("pages/problems.md.j2", ProblemsView(
        title="Problems", heading=f"{len(problems)} error{'' if len(problems) == 1 else 's'} "
        "to fix", listing=format_problems(problems, "text")))


def source_times(root: Path) -> dict[str, int]:
    """Modification time of each file a build reads, by path relative to the root."""
    times = {}
    for name in (*WATCHED, "mkdocs.yml"):
        top = root / name
        for path in [top] if top.is_file() else sorted(top.rglob("*")):
            if path.is_file():
                times[path.relative_to(root).as_posix()] = path.stat().st_mtime_ns
    return times


def rebuild_line(edited: list[str], pages: int, errors: int, seconds: float) -> str:
    """What a rebuild under serve says: what changed, how long it took, what it shows."""
    what = (", ".join(edited[:3]) + (f" and {len(edited) - 3} more" if len(edited) > 3 else "")
            + " changed" if edited else "first build")
    shown = (f"the pages show {errors} error(s)" if errors
             else f"{pages} page(s) and file(s) rendered")
    return f"{what}: {shown} in {seconds:.1f} s"


def guarantee_local_pages(config: MkDocsConfig) -> None:
    """What SPEC §9 promises whatever mkdocs.yml says: Material loads no font from Google, and
    each page carries only its part of the nav (the full nav of 200 creators in every page
    makes a build two to three times slower)."""
    if config.theme.name != "material":
        return
    config.theme["font"] = False
    features = config.theme.get("features") or []
    if "navigation.prune" not in features:
        config.theme["features"] = [*features, "navigation.prune"]


PRIVATE_META = ('<meta name="robots" content="noindex, nofollow">'
                '<meta name="referrer" content="no-referrer">')
"""Search engines keep the page out of their index; browsers send no Referer from it, so a
click on an outbound (tracking) link does not hand the private path to another host."""
_HEAD = re.compile(r"<head\b[^>]*>", re.IGNORECASE)


def with_private_meta(html: str) -> str:
    """`html` with PRIVATE_META first in its head, before anything that could fetch."""
    head = _HEAD.search(html)
    if head is None:
        raise PluginError("nanokit: a private page has no <head> for its robots and referrer "
                          "meta tags; does the theme override main.html without one?")
    return html[:head.end()] + PRIVATE_META + html[head.end():]


def keep_search_entries(config: MkDocsConfig, unchanged: set[str]) -> None:
    """Carry the previous search entries of pages a dirty build did not render again.

    Material's search plugin indexes only the pages it sees, and its own merge of a dirty
    build's entries assumes that exactly one page changed. Other search plugins are left alone.
    """
    for plugin in config.plugins.values():
        entries = getattr(getattr(plugin, "search_index", None), "entries", None)
        previous = getattr(getattr(plugin, "search_index_prev", None), "entries", None)
        if not (isinstance(entries, list) and isinstance(previous, list)):
            continue
        entries[:0] = [entry for entry in previous
                       if str(entry.get("location", "")).split("#")[0] in unchanged]
        plugin.search_index_prev = None  # the merge is done
