"""PDF contracts (SPEC §8): one per engagement under negotiation or contract, cached by content.

`render_contracts` gathers every contract's context first, takes unchanged ones from the cache,
and makes the rest in worker processes (Jinja2, then WeasyPrint), within the limits of
builder.limits: a repository's template and stylesheet are content, and may misbehave.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import tempfile
from collections.abc import Callable, Collection, Iterator
from functools import partial
from importlib.metadata import version
from pathlib import Path

from builder import __version__
from builder.limits import CONTRACT_SECONDS, KeptWorkers, WorkerFailure, run_in_workers
from builder.load.files import UnsafeFile, is_regular_file, read_bytes, walk_files
from builder.memo import Memo
from builder.model.brand import Brand
from builder.model.campaign import CONTRACT_STATUSES, Engagement
from builder.model.program import Campaign, Program
from builder.problems import Problem, sort_problems
from builder.render.contracts.context import Context, contract_context
from builder.render.contracts.job import (
    PDF_VARIANT,
    ContractJob,
    ContractResult,
    PdfJob,
    make_contract,
    start_worker,
)
from builder.render.contracts.template import (
    REPO_TEMPLATE,
    ContractTemplate,
    load_template,
    render_html,
)

__all__ = ["check_contract_template", "contract_html", "contract_path", "default_cache_dir",
           "render_contracts"]

log = logging.getLogger(__name__)

PACKAGE_DIR = Path(__file__).resolve().parent
_CSS_POSITION = re.compile(r" at (\d+):(\d+)\b")
PARALLEL_MIN_JOBS = 8
"""Below this many PDFs, starting a second worker process costs more than it saves."""
KILL_MARGIN = 2.0
"""How long past its own time limit a worker gets before the parent stops it: the limit in the
worker names the template's line; the parent's catches what that limit cannot interrupt."""


def contract_path(slug: str, handle: str) -> str:
    """Where an engagement's contract goes in a site."""
    return f"contracts/{slug}/{handle}.pdf"


def default_cache_dir(root: Path, base: Path | None = None) -> Path:
    """<base>/contracts/<program>, base being --cache-dir or else the user's cache
    ($XDG_CACHE_HOME, else ~/.cache)/nanokit.

    Never inside the repository: a pull request could commit a poisoned entry there. One folder
    per program (by the hash of its path), so that two programs do not evict each other's.
    """
    if base is None:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "nanokit"
    program = hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:16]
    return base / "contracts" / program


def render_contracts(program: Program, cache_dir: Path, workers: int = 2,
                     memo: Memo | None = None, only: Collection[str] | None = None,
                     seconds: float = CONTRACT_SECONDS, kept: KeptWorkers | None = None
                     ) -> tuple[dict[str, bytes], list[Problem]]:
    """The PDF of every engagement with a contract status (or of those in `only`), by
    contract_path.

    Each contract is made in a worker process within the limits of builder.limits: `seconds`
    to fill in its template and as long to print it. A live preview passes the same `kept`
    to every call, so that its workers start once.

    Contracts whose inputs, template and stylesheet are unchanged come from `cache_dir`. A
    live preview passes the same `memo` to every call: the values of an unchanged contract
    are not formatted again and its PDF is not read again.
    """
    memo = memo or Memo()
    contract_template, found = load_template(program.templates)
    problems = list(found)
    if contract_template is None:
        return {}, problems
    salt = _salt(program, contract_template)
    pool = kept or KeptWorkers()
    try:
        # The first contract to print starts its worker, which loads WeasyPrint while the
        # other contracts' values are gathered.
        pdfs, missing = _from_cache(program, cache_dir, salt, memo, only,
                                    partial(pool.start, make_contract, start_worker))
        jobs = [_job(program, contract_template, context, seconds) for _, _, context in missing]
        results = _make_all(jobs, workers, seconds, pool)
    finally:
        if kept is None:
            pool.close()
    broken: set[Problem] = set()
    for (path, entry, _), result in zip(missing, results, strict=True):
        if isinstance(result, WorkerFailure):
            broken.add(_stopped(contract_template, path, result))
            continue
        if result.problem is not None:
            broken.add(result.problem)
            continue
        assert result.pdf is not None
        if result.pdf.pdf is None:
            broken.add(Problem(contract_template.template_path, None, None, "error",
                               "contract-pdf", f"{path} could not be printed: "
                               + "; ".join(result.pdf.messages).replace(
                                   program.root.as_uri() + "/", ""),
                               "Check the template's HTML and the stylesheet."))
            continue
        # The same stylesheet gives the same warning for every contract: report it once.
        broken.update(_warning(message, contract_template, program.root)
                      for message in result.pdf.messages)
        pdfs[path] = result.pdf.pdf
        problems.extend(_store(entry, result.pdf.pdf))
    problems.extend(broken)
    log.info("contracts: %d rendered, %d from the cache", len(missing), len(pdfs) - len(missing))
    return dict(sorted(pdfs.items())), sort_problems(problems)


def _from_cache(program: Program, cache_dir: Path, salt: bytes, memo: Memo,
                only: Collection[str] | None, first_missing: Callable[[], None]
                ) -> tuple[dict[str, bytes], list[tuple[str, Path, Context]]]:
    """The cached PDFs by contract_path, and (path, cache entry, values) of the others."""
    pdfs: dict[str, bytes] = {}
    missing: list[tuple[str, Path, Context]] = []
    for campaign, engagement in _contract_engagements(program):
        if only is not None and contract_path(campaign.slug, engagement.handle) not in only:
            continue
        brand = program.brands.get(campaign.spec.brand)
        if brand is None:
            continue  # the loader already reports the unknown brand
        # A contract reads the campaign, its brand, the creator and the locale, nothing else.
        inputs = (campaign, engagement.handle, brand, program.creators.get(engagement.handle),
                  program.config.locale, salt)
        context, key = memo.get("contract", inputs, partial(
            _contract_values, program, campaign, engagement, brand, salt))
        entry = _cache_entry(cache_dir, campaign.slug, engagement.handle, key)
        path = contract_path(campaign.slug, engagement.handle)
        cached = (memo.get("contract-pdf", (str(entry),), partial(_cached_pdf, entry))
                  if is_regular_file(entry) else None)
        if cached is not None:
            pdfs[path] = cached
            continue
        if not missing:
            first_missing()
        missing.append((path, entry, context))
    return pdfs, missing


def _contract_values(program: Program, campaign: Campaign, engagement: Engagement, brand: Brand,
                     salt: bytes) -> tuple[Context, str]:
    context = contract_context(program, campaign, engagement, brand)
    return context, _cache_key(context, salt)


def check_contract_template(program: Program) -> list[Problem]:
    """Problems of the repository's contract template, for `nanokit check`.

    Compiles the template and fills it with the first contract's values (a repository's
    template in a worker process, like a build); prints no PDF.
    """
    contract_template, problems = load_template(program.templates)
    if contract_template is None:
        return problems
    for campaign, engagement in _contract_engagements(program):
        brand = program.brands.get(campaign.spec.brand)
        if brand is not None:
            problem = _filled(program, contract_template, campaign, engagement, brand)[1]
            return [problem] if problem is not None else []
    return []


def contract_html(program: Program, slug: str, handle: str) -> str:
    """The HTML the PDF of one contract is printed from (raises on a broken template)."""
    campaign = program.campaigns[slug]
    engagement = campaign.spec.engagement(handle)
    if engagement is None or engagement.status not in CONTRACT_STATUSES:
        raise LookupError(f"{slug} has no contract for {handle}")
    contract_template, problems = load_template(program.templates)
    if contract_template is None:
        raise ValueError(problems[0].format_text())
    html, problem = _filled(program, contract_template, campaign, engagement,
                            program.brands[campaign.spec.brand])
    if problem is not None:
        raise ValueError(problem.format_text())
    assert html is not None
    return html


def _filled(program: Program, contract_template: ContractTemplate, campaign: Campaign,
            engagement: Engagement, brand: Brand) -> tuple[str | None, Problem | None]:
    """One contract's HTML, or what stopped its template: from a worker process when the
    template is the repository's (nanokit's own is trusted code, filled in here)."""
    context = contract_context(program, campaign, engagement, brand)
    if contract_template.template_path != REPO_TEMPLATE:
        return render_html(contract_template, context)
    job = ContractJob(_templates(program), dict(context), CONTRACT_SECONDS, None)
    [result] = run_in_workers(make_contract, [job], workers=1,
                              seconds=CONTRACT_SECONDS + KILL_MARGIN)
    if isinstance(result, WorkerFailure):
        return None, _stopped(contract_template, contract_path(campaign.slug, engagement.handle),
                              result)
    return result.html, result.problem


def _contract_engagements(program: Program) -> Iterator[tuple[Campaign, Engagement]]:
    for slug in sorted(program.campaigns):
        campaign = program.campaigns[slug]
        for engagement in campaign.spec.creators:
            if engagement.status in CONTRACT_STATUSES:
                yield campaign, engagement


def _salt(program: Program, contract_template: ContractTemplate) -> bytes:
    """What every contract's cache key shares: code versions, template, stylesheet, assets."""
    digest = hashlib.sha256()
    for part in (__version__, version("weasyprint"), PDF_VARIANT, *contract_template.sources):
        digest.update(part.encode("utf-8") + b"\0")
    # A repository template may use images and fonts from templates/, so they are inputs too.
    assets = program.root / "templates"
    for asset in walk_files(assets, ""):
        rel = asset.relative_to(program.root).as_posix()
        digest.update(rel.encode() + b"\0")
        digest.update(hashlib.sha256(read_bytes(program.root, rel)).digest())
    return digest.digest()


def _cache_key(context: Context, salt: bytes) -> str:
    # The context holds every value the PDF shows, already formatted (its reference names the
    # campaign and creator), so it stands for the engagement, brand, creator and campaign inputs.
    data = json.dumps(context, sort_keys=True, ensure_ascii=False).encode("utf-8")
    return hashlib.sha256(salt + data).hexdigest()


def _cached_pdf(entry: Path) -> bytes | None:
    """The entry's PDF if its record vouches for it: this key and the PDF's own hash.

    Anything else (missing, truncated, corrupted, another contract's PDF, a link) is rendered
    again, never served.
    """
    try:
        record = json.loads(read_bytes(entry.parent, _record(entry).name, 4096))
        pdf = read_bytes(entry.parent, entry.name)
    except (OSError, UnsafeFile, ValueError):
        return None
    if not isinstance(record, dict) or record.get("key") != _entry_key(entry) \
            or record.get("sha256") != hashlib.sha256(pdf).hexdigest():
        return None
    return pdf


def _entry_key(entry: Path) -> str:
    return entry.name.split(".")[1]  # entries are <handle>.<key>.pdf (see _cache_entry)


def _record(entry: Path) -> Path:
    """What vouches for a cache entry: its key and the SHA-256 of the PDF."""
    return entry.with_suffix(".json")


def _cache_entry(cache_dir: Path, slug: str, handle: str, key: str) -> Path:
    # Handles and slugs are identifiers (no dots, no slashes), so `<handle>.*.pdf` matches
    # only this contract's entries.
    return cache_dir / slug / f"{handle}.{key}.pdf"


def _store(entry: Path, pdf: bytes) -> list[Problem]:
    """Write a cache entry and its record atomically and drop the contract's older entries."""
    record = json.dumps({"key": _entry_key(entry), "sha256": hashlib.sha256(pdf).hexdigest()})
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        for target, data in ((entry, pdf), (_record(entry), record.encode())):
            with tempfile.NamedTemporaryFile(dir=entry.parent, suffix=".tmp",
                                             delete=False) as tmp:
                tmp.write(data)
            os.replace(tmp.name, target)
        handle = entry.name.split(".", 1)[0]
        for stale in entry.parent.glob(f"{handle}.*"):
            if stale not in (entry, _record(entry)):
                stale.unlink(missing_ok=True)
    except OSError as error:
        return [Problem(str(entry), None, None, "warning", "contract-cache",
                        f"could not cache the contract: {error}",
                        "Check that the cache folder is writable; the build goes on without it.")]
    return []


def _job(program: Program, contract_template: ContractTemplate, context: Context,
         seconds: float) -> ContractJob:
    templates_dir = program.root / "templates"
    base = templates_dir if contract_template.from_repository else PACKAGE_DIR
    return ContractJob(_templates(program), dict(context), seconds, PdfJob(
        html="",
        css=contract_template.css,
        base_url=base.as_uri() + "/",
        allowed=(templates_dir, PACKAGE_DIR),
        identifier=hashlib.sha256(context["reference"].encode()).hexdigest()[:32].encode(),
        metadata=context["metadata"],
        lean_user_agent=not contract_template.from_repository,
    ))


def _templates(program: Program) -> tuple[tuple[str, str], ...]:
    return tuple(sorted(program.templates.items()))


def _make_all(jobs: list[ContractJob], workers: int, seconds: float,
              kept: KeptWorkers) -> list[ContractResult | WorkerFailure]:
    """The result of each job, in order, from worker processes."""
    if not jobs:
        return []
    return run_in_workers(make_contract, jobs, seconds=2 * seconds + KILL_MARGIN,
                          workers=workers if len(jobs) >= PARALLEL_MIN_JOBS else 1,
                          initializer=start_worker, kept=kept)


def _stopped(contract_template: ContractTemplate, path: str, failure: WorkerFailure) -> Problem:
    """A contract whose worker was stopped or died: at the template, which made it so."""
    return Problem(contract_template.template_path, None, None, "error", "contract-limit",
                   f"{path} could not be made: {failure.reason}",
                   "Simplify the template and the stylesheet: fewer loops, pages and images.")


def _warning(message: str, contract_template: ContractTemplate, root: Path) -> Problem:
    """A WeasyPrint complaint, on the stylesheet's line when it is about CSS ("at 2:3")."""
    # Paths relative to the root, like every other problem, and the same on every machine.
    message = message.replace(root.as_uri() + "/", "")
    at = _CSS_POSITION.search(message)
    if at is not None:
        return Problem(contract_template.css_path, int(at[1]), int(at[2]), "warning",
                       "contract-pdf", f"contract PDF: {message}",
                       "WeasyPrint skipped this declaration; fix the stylesheet.")
    return Problem(contract_template.template_path, None, None, "warning", "contract-pdf",
                   f"contract PDF: {message}", "WeasyPrint skipped this; fix the template.")
