"""The `nanokit` command: each command is a few lines over the library."""

from __future__ import annotations

import re
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TextIO

import click

# Commands import what they use: a worker process (contracts, sites) imports this module again
# as multiprocessing's main, and must not pay for the program's models.
from builder.problems import format_problems, has_errors

ROOT = click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
                    show_default=True, help="Program repository to read.")
CACHE_DIR = click.option(
    "--cache-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
    help="Where rendered contracts are kept between builds  "
         "[default: $XDG_CACHE_HOME/nanokit, else ~/.cache/nanokit]")
AS_OF = click.option("--as-of", "as_of", type=click.DateTime(["%Y-%m-%d"]), default=None,
                     metavar="YYYY-MM-DD",
                     help="'Today' for overdue and due-soon  [default: SOURCE_DATE_EPOCH, else "
                          "the clock]")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="nanokit")
def main() -> None:
    """Run a nano-influencer program as code: validate, build portals, contracts and KPIs."""


@main.command()
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--example", is_flag=True,
              help="Add a brand, two creators and a campaign to learn from.")
def init(folder: Path, example: bool) -> None:
    """Start a new program repository in FOLDER (missing or empty)."""
    from builder.scaffold import init_program, nanokit_requirement, title_of

    if folder.exists() and any(p.name != ".git" for p in folder.iterdir()):
        raise click.UsageError(f"{folder} is not empty; choose a new folder")
    name = folder.resolve().name
    requirement, installs = nanokit_requirement()
    written = init_program(folder, title_of(name), _build_date(None), example, requirement)
    click.echo(f"created {len(written)} files in {folder}")
    click.echo(installs)
    click.echo(f"next: cd {folder} && git init && nanokit check && nanokit serve "
               "(README.md says what to do next)")


@main.command()
@ROOT
@click.option("--format", "fmt", type=click.Choice(["text", "github", "json"]), default="text",
              show_default=True, help="text for people, github for Actions annotations, json.")
def check(root: Path, fmt: str) -> None:
    """Validate every file of the program and print all problems at once."""
    from builder.build import check_program

    _require_root(root)
    problems = check_program(root)
    output = format_problems(problems, fmt)
    if output:
        click.echo(output)
    sys.exit(1 if has_errors(problems) else 0)


@main.command()
@ROOT
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Output folder  [default: ROOT/site]")
@click.option("--audience", default="team", show_default=True,
              help="team, public, brand:<id>, creator:<handle> or all.")
@click.option("--docs-only", is_flag=True,
              help="Write the generated Markdown pages and assets instead of HTML.")
@click.option("--shard", metavar="K/N", default=None,
              help="With --audience all: build only the K-th of N shares of the audiences.")
@CACHE_DIR
@AS_OF
def build(root: Path, out: Path | None, audience: str, docs_only: bool,
          shard: str | None, cache_dir: Path | None, as_of: datetime | None) -> None:
    """Build the portal for one audience, or every audience with --audience all.

    With NANOKIT_LINK_SECRET set, --audience all puts the public site at the root of the
    output and every other audience under its private link (see `nanokit links`).
    """
    import os

    from builder.audience import AudienceError, parse_audience
    from builder.build import OutputFolderError, terminal_progress
    from builder.build import build as build_sites
    from builder.links import LinkError, read_link_secret
    from builder.shard import Shard, ShardError

    _require_root(root)
    try:
        # One layout whatever builds it: site/<audience>/ (mkdocs build writes the same).
        out = out or root / "site" / ("" if audience == "all" else parse_audience(audience).folder)
        secret = read_link_secret(os.environ)
        result = build_sites(root, out, audience, docs_only, progress=terminal_progress(),
                             link_secret=secret, shard=Shard.parse(shard) if shard else None,
                             cache_dir=cache_dir, as_of=_build_date(as_of))
    except (AudienceError, LinkError, ShardError) as exc:
        raise click.UsageError(str(exc)) from exc
    except OutputFolderError as exc:
        click.echo(f"nanokit: {exc}", err=True)
        sys.exit(2)
    if not result.ok:
        # Notices (rows left out of exports) matter in `check`, not in a failed build.
        shown = [p for p in result.problems if p.severity != "notice"]
        click.echo(format_problems(shown, "text"), err=True)
        click.echo(f"build failed; {out} was left as it was", err=True)
        sys.exit(1)
    findings = len(result.problems)
    note = f" ({findings} warning(s)/notice(s): see `nanokit check`)" if findings else ""
    click.echo(f"built {len(result.sites)} site(s) into {out}{note}")


@main.command()
@ROOT
@click.option("--audience", default="team", show_default=True,
              help="team, public, brand:<id> or creator:<handle>.")
@click.option("--dev-addr", default="127.0.0.1:8000", show_default=True,
              help="Address to serve on.")
@CACHE_DIR
@AS_OF
def serve(root: Path, audience: str, dev_addr: str, cache_dir: Path | None,
          as_of: datetime | None) -> None:
    """Live preview: rebuilds when YAML, Markdown or CSV under the program changes."""
    import logging
    import os
    import tempfile

    from mkdocs.commands.serve import serve as mkdocs_serve

    from builder.audience import AudienceError, parse_audience
    from builder.build import mkdocs_files

    _require_root(root)
    try:
        parse_audience(audience)
    except AudienceError as exc:
        raise click.UsageError(str(exc)) from exc
    os.environ["NANOKIT_AUDIENCE"] = audience
    if as_of is not None:
        # The plugin loads the program on every change and reads "today" as any build does.
        os.environ["SOURCE_DATE_EPOCH"] = str(int(as_of.replace(tzinfo=UTC).timestamp()))
    _build_date(None)  # a malformed SOURCE_DATE_EPOCH is a usage error, not a traceback later
    os.environ["NANOKIT_ROOT"] = str(root.resolve())
    if cache_dir is not None:
        os.environ["NANOKIT_CACHE_DIR"] = str(cache_dir.resolve())
    # Dirty rebuilds render only the pages whose content changed (the plugin keeps the nav and
    # search index whole), so MkDocs' warning that a dirty build may be inaccurate is noise here.
    logging.getLogger("mkdocs.commands.build").addFilter(
        lambda record: "'dirty' build" not in record.getMessage())
    rebuilds = logging.getLogger("mkdocs.plugins.nanokit")
    rebuilds.setLevel(logging.INFO)
    rebuilds.addHandler(logging.StreamHandler(sys.stderr))
    click.echo(f"serving the {audience} portal of {root.resolve()} on http://{dev_addr}/ "
               "(Ctrl+C stops); every change rebuilds it")
    with tempfile.TemporaryDirectory(prefix="nanokit-serve-") as scratch:
        config_file, docs = mkdocs_files(root, Path(scratch))
        mkdocs_serve(config_file=str(config_file), dev_addr=dev_addr, livereload=True,
                     build_type="dirty", docs_dir=str(docs))


@main.command()
@click.argument("base")
@click.argument("head", required=False)
@ROOT
@click.option("--format", "fmt", type=click.Choice(["markdown", "json"]), default="markdown",
              show_default=True, help="markdown for a pull-request comment, json for tools.")
def diff(base: str, head: str | None, root: Path, fmt: str) -> None:
    """What changed from git revision BASE to HEAD (default: the working tree)."""
    import json

    from builder.load.source import RevisionError
    from builder.review.diff import diff_json, diff_markdown, diff_revisions

    _require_root(root)
    try:
        result = diff_revisions(root, base, head)
    except RevisionError as exc:
        raise click.UsageError(str(exc)) from exc
    if fmt == "json":
        click.echo(json.dumps(diff_json(result), indent=2, ensure_ascii=False))
    else:
        click.echo(diff_markdown(result), nl=False)


@main.command()
@click.argument("diff_file", metavar="DIFF_JSON", type=click.File("r", encoding="utf-8"))
@click.argument("reviews_file", metavar="REVIEWS_JSON", type=click.File("r", encoding="utf-8"))
@click.option("--head-sha", required=True,
              help="The pull request's last commit; only approvals of it count.")
def approvals(diff_file: TextIO, reviews_file: TextIO,
              head_sha: str) -> None:
    """Exit 0 when every creator the diff names has approved HEAD_SHA, else 1.

    DIFF_JSON is `nanokit diff --format json`; REVIEWS_JSON is GitHub's list of the pull
    request's reviews. Either may be `-` for standard input.
    """
    import json

    from builder.review.approvals import ApprovalInputError, judge_approvals

    try:
        documents = [json.load(diff_file), json.load(reviews_file)]
        verdicts = judge_approvals(documents[0], documents[1], head_sha)
    except json.JSONDecodeError as exc:
        raise click.UsageError(f"not JSON: {exc}") from exc
    except ApprovalInputError as exc:
        raise click.UsageError(str(exc)) from exc
    for verdict in verdicts:
        click.echo(verdict.line)
    waiting = [v for v in verdicts if v.state != "approved"]
    if not verdicts:
        click.echo("no creator's approval is needed")
    elif waiting:
        click.echo(f"still waiting for {len(waiting)} creator(s): "
                   + ", ".join(v.handle for v in waiting))
    sys.exit(1 if waiting else 0)


@main.command()
@ROOT
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table",
              show_default=True, help="table for people, csv for a spreadsheet, json.")
def links(root: Path, fmt: str) -> None:
    """Each audience's portal and calendar URL, and whom to send it to (never the secret)."""
    import os

    from builder.links import SECRET_VARIABLE, LinkError, format_links, program_links
    from builder.load.program import load_program

    _require_root(root)
    program, problems = load_program(root)
    if has_errors(problems):
        click.echo(format_problems(problems, "text"), err=True)
        sys.exit(1)
    if SECRET_VARIABLE not in os.environ:
        click.echo(f"{SECRET_VARIABLE} is not set: these are the plain folders, for a host "
                   "with its own access control", err=True)
    try:
        click.echo(format_links(program_links(program, os.environ), fmt), nl=False)
    except LinkError as exc:
        raise click.UsageError(str(exc)) from exc


@main.command()
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("schemas"),
              show_default=True, help="Folder for the JSON Schema files.")
def schema(out: Path) -> None:
    """Write a JSON Schema per YAML file kind, for editors and other tools."""
    from builder.schema import write_schemas

    for path in write_schemas(out):
        click.echo(f"wrote {path}")


@main.group()
def new() -> None:
    """Scaffold files that pass `nanokit check` at once."""


def _identifier(_ctx: click.Context, _param: click.Parameter, value: str) -> str:
    from builder.model.common import IDENTIFIER_PATTERN, reserved_reason

    if not re.fullmatch(IDENTIFIER_PATTERN, value):
        raise click.BadParameter("use lower-case letters, digits and hyphens, e.g. maya-runs")
    reason = reserved_reason(value)
    if reason:
        raise click.BadParameter(reason)
    return value


@new.command("brand")
@click.argument("brand_id", metavar="ID", callback=_identifier)
@ROOT
def new_brand(brand_id: str, root: Path) -> None:
    """Create brands/ID.yml."""
    from builder.scaffold import scaffold_brand

    _require_root(root)
    if (root / "brands" / f"{brand_id}.yml").exists():
        raise click.UsageError(f"brands/{brand_id}.yml already exists")
    for path in scaffold_brand(root, brand_id):
        click.echo(f"created {path}")


@new.command("creator")
@click.argument("handle", callback=_identifier)
@ROOT
def new_creator(handle: str, root: Path) -> None:
    """Create creators/HANDLE/profile.yml and private.yml."""
    from builder.scaffold import scaffold_creator

    _require_root(root)
    if (root / "creators" / handle).exists():
        raise click.UsageError(f"creators/{handle} already exists")
    for path in scaffold_creator(root, handle):
        click.echo(f"created {path}")


@new.command("campaign")
@click.argument("slug", callback=_identifier)
@click.option("--brand", required=True, callback=_identifier, help="Brand id (brands/<id>.yml).")
@ROOT
def new_campaign(slug: str, brand: str, root: Path) -> None:
    """Create campaigns/SLUG/campaign.yml and brief.md."""
    from builder.scaffold import scaffold_campaign

    _require_root(root)
    if not (root / "brands" / f"{brand}.yml").is_file():
        raise click.UsageError(f"brand '{brand}' does not exist: create brands/{brand}.yml first")
    if (root / "campaigns" / slug).exists():
        raise click.UsageError(f"campaigns/{slug} already exists")
    for path in scaffold_campaign(root, slug, brand, _build_date(None)):
        click.echo(f"created {path}")


def _build_date(as_of: datetime | None) -> date:
    from builder.today import BuildDateError, build_date

    try:
        return build_date(as_of.date() if as_of else None)
    except BuildDateError as exc:
        raise click.UsageError(str(exc)) from exc


def _require_root(root: Path) -> None:
    if not root.is_dir():
        raise click.UsageError(f"{root} is not a folder")
