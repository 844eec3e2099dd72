"""Discover the files of a program repository and load them into a Program."""

from __future__ import annotations

import csv
import gc
import io
import re
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from builder.drafts import check_drafts
from builder.load.crosscheck import check_program
from builder.load.files import read_text, read_yaml, split_front_matter
from builder.load.importers import ImportContext
from builder.load.metrics import platform_accounts, read_campaign_metrics
from builder.load.prose import check_prose
from builder.load.source import Source, WorkingTree
from builder.load.validate import explain_error, validate_model
from builder.load.yamlfile import Loc, Positions, YamlDocument
from builder.memo import Memo
from builder.model.brand import Brand
from builder.model.campaign import CampaignSpec
from builder.model.common import (
    IDENTIFIER_PATTERN,
    RESERVED_IDENTIFIERS,
    Platform,
    reserved_reason,
)
from builder.model.content import Draft, DraftMeta
from builder.model.creator import Creator, HistoryRow, PrivateData, Profile
from builder.model.program import Campaign, Program, ProgramConfig
from builder.problems import Problem, ProblemList, Severity
from builder.today import build_date

_IDENTIFIER = re.compile(IDENTIFIER_PATTERN)
_ID_HINT = "Rename it with lower-case letters, digits and hyphens (e.g. maya-runs)."
TEMPLATE_FILES = ("contract.html.j2", "contract.css")
"""The contract's; page templates are any other templates/*.j2 and templates/pages/**.j2."""


def load_program(root: Path | Source, memo: Memo | None = None,
                 today: date | None = None) -> tuple[Program, list[Problem]]:
    """Load everything under `root` (a folder on disk, or any Source such as a git revision);
    never raises on bad content.

    A live preview passes the same `memo` to every load: unchanged files give back the same
    objects without being read again (see builder.memo). `today` defaults to the build date
    (builder.today.build_date).
    """
    with _no_cyclic_collection():
        return _load(root, memo or Memo(), today)


@contextmanager
def _no_cyclic_collection() -> Iterator[None]:
    """Loading makes hundreds of thousands of small objects (YAML nodes, positions, models)
    that are not garbage: Python's cycle collector would walk the growing heap again and again
    for nothing, a third of the time it takes to parse the YAML. Reference counting still frees
    objects as usual; any cycle left is collected by the first collection after the load."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _load(root: Path | Source, memo: Memo, today: date | None) -> tuple[Program, list[Problem]]:
    source = root if isinstance(root, Source) else WorkingTree(root)
    problems = ProblemList()
    config = _load_config(source, problems, memo)
    brands = _load_brands(source, problems, memo)
    positions: dict[str, Positions] = {}
    creators = _load_creators(source, problems, positions, memo)
    campaigns = _load_campaigns(source, creators, problems, positions, memo)
    source.walk("templates")  # links and oversize images or fonts a template could use
    templates = {}
    found_templates = source.files("templates", ".j2") + source.walk("templates/pages", ".j2")
    for name in dict.fromkeys([*TEMPLATE_FILES,
                               *(rel.removeprefix("templates/") for rel in found_templates)]):
        rel = f"templates/{name}"
        if source.is_file(rel):
            text, found = read_text(source, rel)
            problems.extend(found)
            if text is not None:
                templates[name] = text
    program = Program(root=source.root, config=config, brands=brands, creators=creators,
                      campaigns=campaigns, today=build_date(today), templates=templates)
    problems.extend(check_program(program, positions, source))
    problems.extend(check_drafts(program))
    problems.extend(source.problems)
    return program, list(problems)


_SITE_KEYS = ("site_name", "site_url", "use_directory_urls")
"""Top-level MkDocs settings the pages follow, read beside the plugin's options."""


def _load_config(source: Source, problems: ProblemList, memo: Memo) -> ProgramConfig:
    if not source.is_file("mkdocs.yml"):
        return ProgramConfig()
    config, found = memo.get("config", (source.key("mkdocs.yml"),),
                             partial(_read_config, source))
    problems.extend(found)
    return config


def _read_config(source: Source) -> tuple[ProgramConfig, list[Problem]]:
    doc, found = read_yaml(source, "mkdocs.yml")
    if doc is None or not isinstance(doc.data, dict):
        return ProgramConfig(), found
    options: Any = {}
    prefix: Loc = ()
    plugins = doc.data.get("plugins")
    if isinstance(plugins, dict):  # MkDocs also takes a mapping of plugin name to options
        if "nanokit" in plugins:
            options, prefix = plugins["nanokit"] or {}, ("plugins", "nanokit")
    elif isinstance(plugins, list):
        for i, entry in enumerate(plugins):
            if isinstance(entry, dict) and "nanokit" in entry:
                options, prefix = entry["nanokit"] or {}, ("plugins", i, "nanokit")
    data = dict(options) if isinstance(options, dict) else {}
    for key in _SITE_KEYS:
        if isinstance(doc.data.get(key), str):
            data.setdefault(key, doc.data[key])
    positions = Positions({_shift(k, prefix): v for k, v in doc.positions.values.items()},
                          {_shift(k, prefix): v for k, v in doc.positions.keys.items()})
    config, invalid = validate_model(ProgramConfig, data, "mkdocs.yml", positions)
    # Only a working tree can have the docs folder `mkdocs build` needs (git stores no folders).
    root = source.root if isinstance(source, WorkingTree) else None
    return config or ProgramConfig(), found + invalid + _site_settings(doc, root)


def _site_settings(doc: YamlDocument, root: Path | None) -> list[Problem]:
    """mkdocs.yml settings that would break what the portal promises (SPEC §9): requests to
    another host, or a `mkdocs build` that stops before nanokit runs."""
    problems = []

    def at(loc: Loc, severity: Severity, code: str, message: str, hint: str) -> None:
        line, col = doc.positions.of_key(loc) if loc else (1, 1)
        problems.append(Problem("mkdocs.yml", line, col, severity, code, message, hint))

    docs_dir = doc.data.get("docs_dir", "docs")
    if root is not None and isinstance(docs_dir, str) and not (root / docs_dir).is_dir():
        at(("docs_dir",) if "docs_dir" in doc.data else (), "warning", "mkdocs-docs-dir",
           f"docs_dir '{docs_dir}' does not exist, so `mkdocs build` and `mkdocs serve` stop "
           "before nanokit runs (`nanokit build` does not need it)",
           "Create the folder with a README in it (nanokit's pages do not come from it), "
           "or point docs_dir at a folder that exists.")
    for key in ("extra_css", "extra_javascript"):
        entries = doc.data.get(key)
        for i, entry in enumerate(entries if isinstance(entries, list) else []):
            url = entry.get("path") if isinstance(entry, dict) else entry
            if isinstance(url, str) and re.match(r"^(https?:)?//", url):
                at((key, i), "error", "mkdocs-remote-asset",
                   f"{key} loads {url} from another host; portal pages fetch nothing from "
                   "another host", "Commit the file into the repository and name its path.")
    extra = doc.data.get("extra")
    if isinstance(extra, dict) and "analytics" in extra:
        at(("extra", "analytics"), "error", "mkdocs-remote-asset",
           "extra.analytics loads a tracking script from another host",
           "Remove it; measure visits in the host's own logs instead.")
    theme = doc.data.get("theme")
    if isinstance(theme, dict) and theme.get("font") not in (None, "false", "False"):
        at(("theme", "font"), "warning", "mkdocs-font",
           "theme.font would load fonts from Google; nanokit turns it off",
           "Write `font: false`; the system fonts are used.")
    return problems


def _shift(loc: Loc, prefix: Loc) -> Loc:
    """Map positions under the plugin's options (at `prefix`) to the root of the options."""
    if prefix and loc[:len(prefix)] == prefix:
        return loc[len(prefix):]
    if len(loc) == 1 and loc[0] in _SITE_KEYS:
        return loc
    return ("<mkdocs>", *loc)


def _check_identifier(name: str, rel: str, what: str, problems: ProblemList) -> bool:
    if not _IDENTIFIER.fullmatch(name):
        problems.error(rel, None, None, "invalid-identifier",
                       f"'{name}' is not a valid {what} identifier", _ID_HINT)
        return False
    reason = reserved_reason(name)
    if reason:
        problems.error(rel, None, None, "reserved-identifier", reason,
                       f"Rename it, e.g. to {name}-1; reserved: "
                       + ", ".join(sorted(RESERVED_IDENTIFIERS)) + ".")
        return False
    return True


def _stem(rel: str) -> str:
    """The file or folder name without its folder and suffix."""
    name = rel.rpartition("/")[2]
    return name.rpartition(".")[0] or name


def _load_brands(source: Source, problems: ProblemList, memo: Memo) -> dict[str, Brand]:
    brands: dict[str, Brand] = {}
    for rel in source.files("brands", ".yaml"):
        problems.error(rel, None, None, "file-name",
                       "brand files end in .yml; this one is not read",
                       f"Rename it to brands/{_stem(rel)}.yml.")
    for rel in source.files("brands", ".yml"):
        brand_id = _stem(rel)
        if not _check_identifier(brand_id, rel, "brand", problems):
            continue
        brand, found = memo.get("brand", (source.key(rel),), partial(_read_brand, source, rel))
        problems.extend(found)
        if brand is not None:
            brands[brand_id] = brand
    return brands


def _read_brand(source: Source, rel: str) -> tuple[Brand | None, list[Problem]]:
    doc, found = read_yaml(source, rel)
    if doc is None:
        return None, found
    brand, invalid = validate_model(Brand, doc.data, rel, doc.positions)
    if brand is not None:
        invalid += _blanks(doc.data, _BRAND_PARTY, rel, doc.positions)
    return brand, found + invalid


_BRAND_PARTY: tuple[Loc, ...] = (("legal_name",), ("address",), ("signatory", "name"),
                                 ("signatory", "title"), ("contact", "email"))
"""What a contract prints about the brand; a scaffold leaves them empty to be filled in."""
_CREATOR_PARTY: tuple[Loc, ...] = (("legal_name",), ("address",))


def _blanks(data: Any, keys: tuple[Loc, ...], rel: str, positions: Positions) -> list[Problem]:
    """A warning at each of `keys` whose text is empty: a contract would print nothing there."""
    problems = []
    for loc in keys:
        value = data
        for part in loc:
            value = value.get(part) if isinstance(value, dict) else None
        if isinstance(value, str) and not value.strip():
            line, col = positions.of_value(loc)
            problems.append(Problem(rel, line, col, "warning", "blank-contract-field",
                                    f"{'.'.join(map(str, loc))} is empty; contracts print it",
                                    "Fill it in before a contract is sent."))
    return problems


def _load_creators(source: Source, problems: ProblemList, positions: dict[str, Positions],
                   memo: Memo) -> dict[str, Creator]:
    creators: dict[str, Creator] = {}
    for rel in source.folders("creators"):
        handle = _stem(rel)
        if not _check_identifier(handle, rel, "creator handle", problems):
            continue
        creator, found, profile_positions = memo.get(
            "creator", source.folder_key(rel), partial(_read_creator, source, rel))
        problems.extend(found)
        if profile_positions is not None:
            positions[f"{rel}/profile.yml"] = profile_positions
        if creator is not None:
            creators[handle] = creator
    return creators


def _read_creator(source: Source, rel: str
                  ) -> tuple[Creator | None, ProblemList, Positions | None]:
    """The creator in folder `rel`, its problems, and the positions of its profile.yml."""
    handle = _stem(rel)
    problems = ProblemList()
    if not source.is_file(f"{rel}/profile.yml"):
        if source.refused(f"{rel}/profile.yml"):  # a link or too large: said at its path
            return None, problems, None
        problems.error(rel, None, None, "missing-file",
                       f"creator '{handle}' has no profile.yml",
                       f"Create {rel}/profile.yml, e.g. with `nanokit new creator {handle}`.")
        return None, problems, None
    doc, found = read_yaml(source, f"{rel}/profile.yml")
    problems.extend(found)
    if doc is None:
        return None, problems, None
    profile, found = validate_model(Profile, doc.data, f"{rel}/profile.yml", doc.positions)
    profile_positions = doc.positions
    problems.extend(found)
    private = None
    if source.is_file(f"{rel}/private.yml"):
        doc, found = read_yaml(source, f"{rel}/private.yml")
        problems.extend(found)
        if doc is not None:
            private, found = validate_model(PrivateData, doc.data, f"{rel}/private.yml",
                                            doc.positions)
            problems.extend(found)
            if private is not None:
                problems.extend(_blanks(doc.data, _CREATOR_PARTY, f"{rel}/private.yml",
                                        doc.positions))
    media_kit = None
    if source.is_file(f"{rel}/media-kit.md"):
        media_kit, found = read_text(source, f"{rel}/media-kit.md")
        problems.extend(found)
        if media_kit is not None:
            problems.extend(check_prose(media_kit, f"{rel}/media-kit.md"))
    history: tuple[HistoryRow, ...] = ()
    if source.is_file(f"{rel}/history.csv"):
        history = _read_history(source, f"{rel}/history.csv", problems)
    if profile is None:
        return None, problems, profile_positions
    creator = Creator(handle=handle, profile=profile, private=private, media_kit=media_kit,
                      history=history)
    return creator, problems, profile_positions


_HISTORY_HEADER = ["date", "platform", "followers"]
_HISTORY_HINTS = {
    "date": "Write a real calendar date as YYYY-MM-DD, e.g. 2026-03-31.",
    "platform": "Use one of: " + ", ".join(p.value for p in Platform) + ".",
    "followers": "Write a whole number of zero or more without separators, e.g. 8400.",
}


def _read_history(source: Source, rel: str, problems: ProblemList
                  ) -> tuple[HistoryRow, ...]:
    text, found = read_text(source, rel)
    problems.extend(found)
    if text is None:
        return ()
    first_line = text.partition("\n")[0]
    if first_line.count(",") > len(_HISTORY_HEADER) - 1:  # never split a header of millions
        problems.error(rel, 1, None, "csv-header", f"unrecognised header {first_line[:80]!r}",
                       "The header of history.csv is exactly `date,platform,followers`.")
        return ()
    reader = csv.reader(io.StringIO(text))
    rows = []
    try:
        header = next(reader, [])
        if [h.strip() for h in header] != _HISTORY_HEADER:
            problems.error(rel, 1, None, "csv-header",
                           f"unrecognised header {','.join(header)!r}",
                           "The header of history.csv is exactly `date,platform,followers`.")
            return ()
        for record in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in record):
                continue
            if len(record) != 3:
                problems.error(rel, line, None, "csv-row",
                               f"row has {len(record)} cells, the header has 3",
                               "Write `date,platform,followers` values on each line.")
                continue
            try:
                rows.append(HistoryRow(date=record[0].strip(), platform=record[1].strip(),
                                       followers=record[2].strip(), line=line))
            except ValidationError as exc:
                for err in exc.errors():
                    column = str(err["loc"][0])
                    problems.error(rel, line, None, "csv-value",
                                   f"column {column}: {explain_error(err)} "
                                   f"(got {err.get('input')!r})", _HISTORY_HINTS.get(column, ""))
    except csv.Error:
        problems.error(rel, reader.line_num, None, "csv-unreadable",
                       "cannot read this line as CSV (an unbalanced quote or a stray NUL byte?)",
                       "Write one `date,platform,followers` row per line.")
    return tuple(sorted(rows, key=lambda r: (r.platform, r.date)))


def _load_campaigns(source: Source, creators: dict[str, Creator], problems: ProblemList,
                    positions: dict[str, Positions], memo: Memo) -> dict[str, Campaign]:
    campaigns: dict[str, Campaign] = {}
    accounts = platform_accounts(creators)

    def with_metrics(campaign: Campaign) -> tuple[Campaign, list[Problem]]:
        ctx = ImportContext(source=source, slug=campaign.slug, spec=campaign.spec,
                            drafts=campaign.drafts, accounts=accounts)
        metrics, found = read_campaign_metrics(ctx, memo)
        return memo.get("campaign-with-metrics", (campaign, metrics),
                        lambda: replace(campaign, metrics=metrics)), found

    def without_spec(slug: str) -> list[Problem]:
        """Campaigns whose campaign.yml is missing or invalid: their metric files are still
        read, for the problems that do not need the roster (all problems in one run)."""
        return read_campaign_metrics(
            ImportContext(source=source, slug=slug, spec=None, drafts=(), accounts=accounts),
            memo)[1]

    # Polars reads CSV outside the GIL: two threads keep both cores busy on metric files, and
    # each campaign's files are read while the next campaign.yml is parsed.
    with ThreadPoolExecutor(max_workers=2) as pool:
        read: list[Future[tuple[Campaign, list[Problem]]]] = []
        unread: list[Future[list[Problem]]] = []
        for rel in source.folders("campaigns"):
            slug = _stem(rel)
            if not _check_identifier(slug, rel, "campaign slug", problems):
                continue
            inputs = tuple(source.folder_key(f"{rel}/{name}") if source.is_dir(f"{rel}/{name}")
                           else source.key(f"{rel}/{name}") for name in _CAMPAIGN_FILES)
            campaign, found, spec_positions = memo.get(
                "campaign", inputs, partial(_read_campaign, source, rel))
            problems.extend(found)
            if campaign is not None:
                campaigns[slug] = campaign
                read.append(pool.submit(with_metrics, campaign))
            else:
                unread.append(pool.submit(without_spec, slug))
            if spec_positions is not None:
                positions[f"{rel}/campaign.yml"] = spec_positions
        for done in read:
            campaign, metric_problems = done.result()
            problems.extend(metric_problems)
            campaigns[campaign.slug] = campaign
        for pending in unread:
            problems.extend(pending.result())
    return campaigns


_CAMPAIGN_FILES = ("campaign.yml", "brief.md", "content", "signed")
"""What a campaign is read from, besides its metrics."""


def _read_campaign(source: Source, rel: str
                   ) -> tuple[Campaign | None, ProblemList, Positions | None]:
    """The campaign in folder `rel` without metrics, its problems, the positions of
    campaign.yml."""
    slug = _stem(rel)
    problems = ProblemList()
    if not source.is_file(f"{rel}/campaign.yml"):
        if source.refused(f"{rel}/campaign.yml"):  # a link or too large: said at its path
            return None, problems, None
        problems.error(rel, None, None, "missing-file",
                       f"campaign '{slug}' has no campaign.yml",
                       f"Create it, e.g. with `nanokit new campaign {slug} --brand BRAND`.")
        return None, problems, None
    # Drafts are checked even when campaign.yml is broken, so that all problems show at once.
    drafts = _load_drafts(source, rel, problems)
    doc, found = read_yaml(source, f"{rel}/campaign.yml")
    problems.extend(found)
    if doc is None:
        return None, problems, None
    spec, found = validate_model(CampaignSpec, doc.data, f"{rel}/campaign.yml", doc.positions)
    problems.extend(found)
    if spec is None:
        return None, problems, None
    brief: str | None = ""
    if source.is_file(f"{rel}/brief.md"):
        brief, found = read_text(source, f"{rel}/brief.md")
        problems.extend(found)
        if brief is not None:
            problems.extend(check_prose(brief, f"{rel}/brief.md"))
    signed = {}
    for path in source.files(f"{rel}/signed", ".pdf"):
        if source.read(path)[:5] == b"%PDF-":  # a countersigned copy is published as it is
            signed[_stem(path)] = path
        else:
            problems.error(path, None, None, "not-a-pdf", "the file is not a PDF",
                           "Commit the countersigned contract as a PDF file.")
    campaign = Campaign(slug=slug, spec=spec, brief=brief or "", drafts=drafts, signed=signed)
    return campaign, problems, doc.positions


def _load_drafts(source: Source, rel: str, problems: ProblemList) -> tuple[Draft, ...]:
    drafts = []
    paths = [path for folder in source.folders(f"{rel}/content")
             for path in source.files(folder, ".md")]
    for draft_rel in paths:
        handle, deliverable = draft_rel.split("/")[-2], _stem(draft_rel)
        if not (_check_identifier(handle, draft_rel, "creator handle", problems)
                and _check_identifier(deliverable, draft_rel, "deliverable", problems)):
            continue
        text, found = read_text(source, draft_rel)
        problems.extend(found)
        if text is None:
            continue
        doc, body, body_line, found = split_front_matter(text, draft_rel)
        problems.extend(found)
        if doc is None:
            continue
        meta, found = validate_model(DraftMeta, doc.data, draft_rel, doc.positions)
        problems.extend(found)
        if meta is not None:
            drafts.append(Draft(handle=handle, deliverable=deliverable, path=draft_rel, meta=meta,
                                caption=body.strip("\n"),
                                caption_line=body_line + len(body) - len(body.lstrip("\n"))))
    return tuple(drafts)
