"""The pipeline: load → validate → render per audience → swap into the output folder.

Nothing is written unless the whole program is valid; the output folder is replaced only
when every site has been built, so a failed build leaves the previous site intact.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import queue
import shutil
import subprocess
import sys
import tempfile
import threading
from collections import deque
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time
from multiprocessing.queues import SimpleQueue
from pathlib import Path

from builder.audience import Audience, AudienceError, all_audiences, check_audience, parse_audience
from builder.facts import Facts, derive, engagement_facts
from builder.limits import TimeLimitExceeded
from builder.links import check_site_url, portal_url, robots_txt, site_layout
from builder.load.files import read_signed_pdfs
from builder.load.program import load_program
from builder.model.program import Program
from builder.problems import Problem, ProblemError, has_errors, sort_problems
from builder.render.context import SiteFiles
from builder.render.site import render_site
from builder.render.templating import page_templates
from builder.shard import Shard, ShardError, contract_audiences
from builder.today import build_date

Progress = Callable[[str], None]


@dataclass
class BuildResult:
    problems: list[Problem] = field(default_factory=list)
    sites: list[Audience] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not has_errors(self.problems)


def build(root: Path, out: Path, audience: str = "team", docs_only: bool = False,
          workers: int = 2, progress: Progress | None = None, link_secret: bytes | None = None,
          shard: Shard | None = None, cache_dir: Path | None = None,
          as_of: date | None = None) -> BuildResult:
    """Build one audience's site (or every audience's, with "all") into `out`, reckoning
    "today" from `as_of` (default: builder.today.build_date).

    Contracts are cached under `cache_dir` (default: the user's cache, see default_cache_dir).

    With `link_secret`, "all" puts the public site at the root of `out` and every other
    audience under its private link (see builder.links); `shard` builds only a share of "all".
    Raises AudienceError for an audience that is malformed or not in the program,
    OutputFolderError for an `out` that a build must not replace, LinkError for a secret,
    site_url or layout that private links cannot use and ShardError for a shard of one audience.
    """
    today = build_date(as_of)
    # Several sites: worker processes load the program while this one derives and prints;
    # then this one builds sites beside them.
    pool = SiteWorkers(root, today, workers - 1) if audience == "all" and workers > 1 else None
    try:
        return _build(root, out, audience, docs_only, progress, link_secret, shard, cache_dir,
                      today, workers, pool)
    finally:
        if pool is not None:
            pool.close()


def _build(root: Path, out: Path, audience: str, docs_only: bool, progress: Progress | None,
           link_secret: bytes | None, shard: Shard | None, cache_dir: Path | None, today: date,
           workers: int, pool: SiteWorkers | None) -> BuildResult:
    program, problems = load_program(root, today=today)
    problems += page_templates(program.templates).problems()
    if has_errors(problems):
        return BuildResult(problems)
    audiences = _audiences(program, audience)
    # Every fact once, before any audience filter; each site's renderer cuts them down.
    facts = derive(program, team=any(a.kind == "team" for a in audiences))
    out = out.resolve()
    check_output_folder(program.root, out)
    if link_secret is not None:
        check_site_url(program.config.site_url)
    if shard is not None and audience != "all":
        raise ShardError("--shard splits the audiences of --audience all; use both")
    layout = (site_layout(program, audiences, link_secret) if audience == "all"
              else {audiences[0]: ""})
    whole = layout
    if shard is not None:
        layout = {a: whole[a] for a in shard.share(audiences)}
    shown_by = contract_audiences(program)
    printed = (set(shard.share(sorted(shown_by))) if shard is not None
               else {path for path, seen in shown_by.items() if any(a in layout for a in seen)})
    contracts: dict[str, bytes] = {}
    if printed:
        from builder.render.contracts.printing import default_cache_dir, render_contracts

        contracts, found = render_contracts(program, default_cache_dir(root, cache_dir),
                                            workers, only=printed)
        problems += found
        if has_errors(found):
            return BuildResult(problems)
    # A shard's sites link every contract they show; those other shards print stand in empty.
    elsewhere = {path: b"" for path in shown_by if path not in contracts} if shard else {}
    try:
        signed = read_signed_pdfs(program)
        staging = _staging_folder(out)
    except ProblemError as error:  # a file refused while it was read
        return BuildResult([*problems, error.problem])
    try:
        # Each site in a folder of its own first: MkDocs empties the folder it builds into.
        (staging / ".parts").mkdir()
        parts = {a: staging / ".parts" / str(i) for i, a in enumerate(layout)}
        targets = [(a, parts[a], _site_url(program, folder)) for a, folder in layout.items()]
        _build_sites(program, facts, targets, {**contracts, **elsewhere}, signed, docs_only,
                     pool, progress)
        for site, folder in layout.items():
            for path in elsewhere:
                (parts[site] / path).unlink(missing_ok=True)
            _move_into(parts[site], staging, folder)
        (staging / ".parts").rmdir()
        if shard is not None:
            _add_contracts(staging, contracts, {a: whole[a] for a in whole if a not in layout},
                           shown_by)
        if link_secret is not None and Audience("public") in layout:
            (staging / "robots.txt").write_text(robots_txt(program.config.site_url),
                                                encoding="utf-8")
        (staging / OUTPUT_MARKER).write_text("Built by nanokit; replaced by every build.\n",
                                             encoding="utf-8")
        _swap(staging, out)
    except ProblemError as error:  # a render over its limit
        return BuildResult([*problems, error.problem])
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return BuildResult(problems, list(layout))


def check_program(root: Path) -> list[Problem]:
    """What `nanokit check` reports: the problems a build reports, short of printing PDFs."""
    from builder.render.contracts.printing import check_contract_template

    program, problems = load_program(root)
    return sort_problems([*problems, *check_contract_template(program),
                          *page_templates(program.templates).problems()])


OUTPUT_MARKER = ".nanokit-site"
"""Marks a folder a build made, and so may replace."""
_SOURCE_FOLDERS = ("brands", "creators", "campaigns", "templates")


class OutputFolderError(ValueError):
    """--out names a folder a build must not replace."""


def check_output_folder(root: Path, out: Path) -> None:
    """Refuse to replace the repository, its sources or a folder nanokit did not build."""
    if root.is_relative_to(out):
        raise OutputFolderError(f"--out {out} holds the program itself; choose e.g. {root}/site")
    for name in _SOURCE_FOLDERS:
        if out.is_relative_to(root / name):
            raise OutputFolderError(f"--out {out} is inside the program's {name}/ folder")
    if out.is_dir() and any(out.iterdir()) and not _built_before(out) and not all(
            _built_before(folder) for folder in out.iterdir()):
        raise OutputFolderError(f"--out {out} is a folder nanokit did not build; empty it or "
                                "choose another one (every build replaces the whole folder)")


def _staging_folder(out: Path) -> Path:
    """A new folder beside `out` (a rename into place needs the same file system).

    Its name holds this process's id, so that the folders of builds that were killed are
    recognised and removed here, and a build running meanwhile keeps its own.
    """
    if out.exists() and not os.access(out, os.W_OK):
        raise OutputFolderError(f"--out {out} is not writable")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        for left in out.parent.glob(f".{out.name}-*"):
            pid = left.name.removeprefix(f".{out.name}-").split("-")[0]
            if left.is_dir() and not left.is_symlink() and (pid == "old" or (
                    pid.isdigit() and not _running(int(pid)))):
                shutil.rmtree(left, ignore_errors=True)
        return Path(tempfile.mkdtemp(prefix=f".{out.name}-{os.getpid()}-", dir=out.parent))
    except OSError as error:
        raise OutputFolderError(f"--out {out} cannot be written: "
                                f"{error.strerror or error}") from None


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def _built_before(folder: Path) -> bool:
    """A site that nanokit build or mkdocs build wrote: a plain `mkdocs build` leaves no
    marker, but its 404 page (or a public sitemap) shows it."""
    return any((folder / name).exists() for name in (OUTPUT_MARKER, "sitemap.xml", "404.html"))


def _audiences(program: Program, audience: str) -> list[Audience]:
    if audience == "all":
        return all_audiences(program)
    parsed = parse_audience(audience)
    reason = check_audience(program, parsed)
    if reason:
        raise AudienceError(reason)
    return [parsed]


def _site_url(program: Program, folder: str) -> str | None:
    """Where a site in `folder` of the output is served: its canonical and feed links."""
    site_url = program.config.site_url
    return portal_url(site_url, folder) if site_url else None


def _add_contracts(staging: Path, contracts: Mapping[str, bytes],
                   other_sites: Mapping[Audience, str], shown_by: Mapping[str, list[Audience]]
                   ) -> None:
    """Put a shard's contracts into the folders of sites other shards build."""
    for path, pdf in contracts.items():
        for site in shown_by[path]:
            if site in other_sites:
                target = staging / other_sites[site] / path
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(pdf)


def _move_into(part: Path, staging: Path, folder: str) -> None:
    """Move a built site to `folder` of `staging`; a site at the root moves file by file."""
    if folder:
        (staging / folder).parent.mkdir(parents=True, exist_ok=True)
        part.rename(staging / folder)
        return
    for child in part.iterdir():
        child.rename(staging / child.name)
    part.rmdir()


def _swap(staging: Path, out: Path) -> None:
    """Replace `out` by `staging` with two renames, so readers never see half a site."""
    old = out.with_name(f".{out.name}-old")
    shutil.rmtree(old, ignore_errors=True)
    if out.exists():
        out.rename(old)
    staging.rename(out)
    if old.exists():
        _remove_detached(old)


def _remove_detached(folder: Path) -> None:
    """Delete `folder` in a process of its own, which outlives this one.

    Deleting a large site waits on the disk (a second or more for the large program's team
    site) and nothing needs to wait for it; if it is cut short, the next build removes the rest.
    """
    subprocess.Popen([sys.executable, "-c", "import shutil, sys; shutil.rmtree(sys.argv[1], True)",
                      str(folder)], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                     stderr=subprocess.DEVNULL, start_new_session=True)


# Each worker process holds the program once; set by _start_worker (or directly when serial).
_SHARED: dict[str, object] = {}


Target = tuple[Audience, Path, str | None]
"""An audience, the folder its site is built in, and the URL it is served at."""


class SiteWorkers:
    """Worker processes that build sites beside this one, each holding the program once.

    They start (and load the program) at once, and wait for the facts, contracts and signed
    copies, which this process makes meanwhile; then this process builds sites too, since it
    holds the program already.
    """

    def __init__(self, root: Path, today: date, workers: int) -> None:
        # spawn, not fork: Polars' thread pool does not survive a fork. Each worker loads the
        # (validated by then) program itself, which is cheaper than pickling it; the facts are
        # small and come derived.
        context = multiprocessing.get_context("spawn")
        self._shared: SimpleQueue[tuple[object, ...]] = context.SimpleQueue()
        self._workers = workers
        self._pool = context.Pool(workers, initializer=_start_worker,
                                  initargs=(root, today, self._shared))

    def build(self, targets: list[Target], shared: tuple[object, ...]) -> Iterator[str]:
        """Build `targets` in the workers and in this process (whose _SHARED holds `shared`),
        yielding each audience's name as its site is done.

        Each takes the next site in `targets` when it is done with one, so the longest site
        should come first: started last, it would keep one process busy while the others idle.
        """
        for _ in range(self._workers):
            self._shared.put(shared)
        pending = deque(targets)
        taking = threading.Lock()
        finished: queue.SimpleQueue[str | BaseException] = queue.SimpleQueue()

        def take() -> Target | None:
            with taking:
                return pending.popleft() if pending else None

        def hand_out() -> None:
            # Under the lock: once the build stopped (pending cleared), no site goes out to a
            # pool that is closing.
            with taking:
                if pending:
                    self._pool.apply_async(_build_one, (pending.popleft(),), callback=done,
                                           error_callback=finished.put)

        def done(audience: str) -> None:  # in the pool's result thread
            finished.put(audience)
            hand_out()  # not after an error: the build stops at the first one

        for _ in range(self._workers):
            hand_out()
        outstanding = len(targets)
        try:
            while outstanding:
                target = take()
                if target is not None:
                    yield _build_one(target)
                    outstanding -= 1
                # The workers' sites done meanwhile; once none is left to take, all of them.
                while outstanding and (target is None or not finished.empty()):
                    result = finished.get()
                    if isinstance(result, BaseException):
                        raise result
                    outstanding -= 1
                    yield result
        finally:
            with taking:
                pending.clear()

    def close(self) -> None:
        self._pool.terminate()
        self._pool.join()


def _build_sites(program: Program, facts: Facts, targets: list[Target],
                 contracts: Mapping[str, bytes], signed: Mapping[str, bytes], docs_only: bool,
                 pool: SiteWorkers | None, progress: Progress | None) -> None:
    shared = (facts, contracts, signed, docs_only)
    _SHARED.update(program=program, facts=facts, contracts=contracts, signed=signed,
                   docs_only=docs_only)
    try:
        built = pool.build(targets, shared) if pool else map(_build_one, targets)
        for done, _ in enumerate(built, 1):
            if progress and len(targets) > 1:
                progress(f"built {done}/{len(targets)} sites")
    finally:
        _SHARED.clear()
        from builder.plugin import forget_theme_files  # MkDocs loads only when a site needs it

        forget_theme_files()  # worker processes end with their build


def _start_worker(root: Path, today: date, shared: SimpleQueue[tuple[object, ...]]) -> None:
    program, _ = load_program(root, today=today)
    facts, contracts, signed, docs_only = shared.get()
    _SHARED.update(program=program, facts=facts, contracts=contracts, signed=signed,
                   docs_only=docs_only)


def _build_one(target: Target) -> str:
    audience, folder, site_url = target
    program = _SHARED["program"]
    assert isinstance(program, Program)
    facts = _SHARED["facts"]
    assert isinstance(facts, Facts)
    if site_url != program.config.site_url:
        program = program.narrowed(config=program.config.model_copy(
            update={"site_url": site_url}))
        # Feeds link the site at its own URL: its engagements' facts are derived for it.
        facts = replace(facts, campaigns=engagement_facts(program))
    files = render_site(program, audience, _SHARED["contracts"],  # type: ignore[arg-type]
                        _SHARED["signed"], facts=facts)  # type: ignore[arg-type]
    if _SHARED["docs_only"]:
        write_files(files, folder)
    else:
        render_mkdocs(program.root, files, folder, program.today, site_url,
                      private=audience.kind != "public")
    return str(audience)


def write_files(files: SiteFiles, folder: Path) -> None:
    folder = folder.resolve()
    for rel, content in sorted(files.items()):
        path = (folder / rel).resolve()
        if not path.is_relative_to(folder):  # identifiers are validated; this is a last guard
            raise ValueError(f"refusing to write outside the output folder: {rel}")
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


DEFAULT_MKDOCS_YML = """\
site_name: nanokit
theme: {name: material, font: false, features: [navigation.indexes, navigation.prune]}
plugins: [search, nanokit]
markdown_extensions: [attr_list, md_in_html, tables, admonition, {toc: {permalink: true}}]
"""
"""Used when the repository has no mkdocs.yml of its own."""


def mkdocs_files(root: Path, scratch: Path) -> tuple[Path, Path]:
    """The repository's mkdocs.yml (or a stand-in) and an empty docs folder in `scratch`.

    Pages come from the program, so the repository's docs folder may be missing or empty.
    """
    config_file = root / "mkdocs.yml"
    if not config_file.is_file():
        config_file = scratch / "mkdocs.yml"
        config_file.write_text(DEFAULT_MKDOCS_YML, encoding="utf-8")
    empty_docs = scratch / "docs"
    empty_docs.mkdir()
    return config_file, empty_docs


def render_mkdocs(root: Path, files: SiteFiles, site_dir: Path, today: date,
                  site_url: str | None = None, private: bool = False) -> None:
    """Render `files` with the repository's mkdocs.yml through the nanokit plugin.

    `site_url` replaces mkdocs.yml's; a `private` site's pages ask search engines and
    browsers to keep them to themselves (see NanokitPlugin.on_post_page).
    """
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    # MkDocs stamps the sitemap with the clock's time unless told otherwise: use the build date.
    epoch = datetime.combine(today, time(0), tzinfo=UTC).timestamp()
    previous_epoch = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(int(epoch))
    try:
        _render_with_mkdocs(root, files, site_dir, site_url, private)
    finally:
        if previous_epoch is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous_epoch


def _render_with_mkdocs(root: Path, files: SiteFiles, site_dir: Path, site_url: str | None,
                        private: bool) -> None:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    from builder.plugin import NanokitPlugin

    with tempfile.TemporaryDirectory(prefix="nanokit-docs-") as scratch:
        config_file, empty_docs = mkdocs_files(root, Path(scratch))
        with _new_plugin_instances():
            config = load_config(str(config_file), site_dir=str(site_dir),
                                 docs_dir=str(empty_docs), site_url=site_url)
        plugin = config.plugins.get("nanokit")
        if not isinstance(plugin, NanokitPlugin):
            raise RuntimeError("mkdocs.yml does not enable the nanokit plugin: add "
                               "`plugins: [search, nanokit]`")
        plugin.site_files, plugin.private = files, private
        try:
            mkdocs_build(config)
        except TimeLimitExceeded:
            overtime = plugin.overtime()
            if overtime is None:
                raise
            raise ProblemError(overtime) from None
        finally:
            plugin.end_conversion()


@contextmanager
def _new_plugin_instances() -> Iterator[None]:
    """Configs loaded meanwhile get plugin instances of their own.

    MkDocs keeps one instance of each plugin that has an on_startup hook for the whole process,
    so that `mkdocs serve` carries their state across rebuilds. A preview in the same process
    would leave its state in them: Material's search plugin, told once that builds are dirty,
    merges every later search index into the one before. A build from scratch starts clean.
    """
    from mkdocs.config.config_options import Plugins
    from mkdocs.config.defaults import MkDocsConfig

    option = MkDocsConfig.plugins
    assert isinstance(option, Plugins)
    kept, option.plugin_cache = option.plugin_cache, {}
    try:
        yield
    finally:
        option.plugin_cache = kept


def terminal_progress() -> Progress | None:
    """Progress lines on a terminal; nothing in CI or when piped."""
    if not sys.stderr.isatty() or os.environ.get("CI"):
        return None
    return lambda message: print(f"\r{message}", end="", file=sys.stderr, flush=True)
