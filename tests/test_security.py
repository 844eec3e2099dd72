"""Untrusted contributions (docs/security.md): no link, cache entry, template or Markdown can
publish what is not theirs or stall the build. Links are made here, never committed."""

from __future__ import annotations

import os
import shutil
import signal
import threading
import time
import zipfile
from collections.abc import Callable, Iterator
from multiprocessing import resource_tracker
from pathlib import Path

import pytest

import builder.render.markdown as markdown_module
from builder.build import build
from builder.limits import KeptWorkers, WorkerFailure, run_in_workers
from builder.load.program import load_program
from builder.load.prose import check_prose
from builder.load.source import WorkingTree
from builder.problems import Problem, ProblemError
from builder.render.contracts.printing import default_cache_dir, render_contracts
from builder.render.format import csv_cell
from builder.render.markdown import render_markdown
from tests.conftest import PROGRAMS, lines, problem_lines, run_cli
from tests.workers import die, stuck, worker_id

MARKER = "NK-SECRET-7f3a9c"
"""Stands for whatever a link points at: a system file, another creator's data, a CI token."""
ANA = "creators/ana-bakes"
SPRING = "campaigns/spring-bake"
LINK_MESSAGE = "error: this is a symbolic link; nanokit never follows links"


@pytest.fixture
def program(copy_program: Callable[[str], Path], tmp_path: Path) -> Path:
    """A copy of the minimal program and, outside it, a secret only a link could reach."""
    root = copy_program("minimal")
    (tmp_path / "secret.yml").write_text(f"legal_name: {MARKER}\n", encoding="utf-8")
    (root / ".git").mkdir()
    (root / ".git" / "config").write_text(f"[http]\nextraheader = {MARKER}\n", encoding="utf-8")
    return root


def outputs(tmp_path: Path) -> Iterator[bytes]:
    """The bytes of every file under tmp_path that a build may have written."""
    for path in tmp_path.rglob("*"):
        if path.is_file() and not path.is_symlink() and "secret" not in path.name \
                and ".git" not in path.parts:
            yield path.read_bytes()


def assert_refused(root: Path, tmp_path: Path, expected: list[str]) -> None:
    """check and build both name each link and nothing of its target reaches any output."""
    checked = run_cli("check", "--root", root)
    assert checked.exit_code == 1
    assert sorted(line for line in checked.stdout.splitlines() if ": error: " in line) == sorted(
        expected)
    built = run_cli("build", "--root", root, "--out", tmp_path / "site", "--audience", "all")
    assert built.exit_code == 1
    assert not (tmp_path / "site").exists()
    for text in (checked.stdout, checked.stderr, built.stdout, built.stderr):
        assert MARKER not in text
    assert not any(MARKER.encode() in data for data in outputs(tmp_path))


# -- 1. no link leaves the program ----------------------------------------------------------------

@pytest.mark.parametrize(("rel", "consequence"), [
    (f"{ANA}/media-kit.md", None), (f"{ANA}/history.csv", None), (f"{SPRING}/brief.md", None),
    (f"{SPRING}/metrics/posts.csv", None), (f"{SPRING}/content/ana-bakes/ig-post-1.md", None),
    (f"{ANA}/private.yml", f"{SPRING}/campaign.yml:24:13: error: 'ana-bakes' is contracted but "
                           "has no legal name and address for the contract"),
    (f"{ANA}/profile.yml", f"{SPRING}/campaign.yml:20:13: error: creator 'ana-bakes' does not "
                           "exist"),
    (f"{SPRING}/campaign.yml", None),
    ("brands/acme-flour.yml", f"{SPRING}/campaign.yml:2:8: error: brand 'acme-flour' does not "
                              "exist"),
])
def test_a_file_that_is_a_link_is_refused_at_its_path(program: Path, tmp_path: Path, rel: str,
                                                      consequence: str | None) -> None:
    (program / rel).unlink()
    (program / rel).symlink_to(tmp_path / "secret.yml")
    # What the file would have given is missing, and said so where it is needed.
    expected = sorted([f"{rel}: {LINK_MESSAGE}", *([consequence] if consequence else [])])
    assert_refused(program, tmp_path, expected)


@pytest.mark.parametrize("target", ["/etc/passwd", "/proc/self/environ", "../../.git/config"])
def test_links_to_system_files_and_the_ci_token_are_refused(program: Path, tmp_path: Path,
                                                            target: str) -> None:
    (program / ANA / "media-kit.md").unlink()
    (program / ANA / "media-kit.md").symlink_to(target)
    assert_refused(program, tmp_path, [f"{ANA}/media-kit.md: {LINK_MESSAGE}"])


def test_a_linked_folder_is_refused_and_not_entered(program: Path, tmp_path: Path) -> None:
    (program / "creators" / "eve-copies").symlink_to(program / ANA)
    (program / SPRING / "signed").symlink_to(tmp_path, target_is_directory=True)
    (program / "templates").symlink_to(tmp_path, target_is_directory=True)
    (program / SPRING / "metrics" / "more").symlink_to(tmp_path, target_is_directory=True)
    assert_refused(program, tmp_path, [
        f"{SPRING}/metrics/more: {LINK_MESSAGE}",
        f"{SPRING}/signed: {LINK_MESSAGE}",
        f"creators/eve-copies: {LINK_MESSAGE}",
        f"templates: {LINK_MESSAGE}",
    ])


def test_linked_template_signed_copy_and_mkdocs_yml_are_refused(program: Path,
                                                                tmp_path: Path) -> None:
    (program / "templates").mkdir()
    (program / "templates" / "contract.html.j2").symlink_to(tmp_path / "secret.yml")
    (program / SPRING / "signed").mkdir()
    (program / SPRING / "signed" / "ana-bakes.pdf").symlink_to(tmp_path / "secret.yml")
    (program / "mkdocs.yml").symlink_to(tmp_path / "secret.yml")
    assert_refused(program, tmp_path, [
        f"{SPRING}/signed/ana-bakes.pdf: {LINK_MESSAGE}",
        f"mkdocs.yml: {LINK_MESSAGE}",
        f"templates/contract.html.j2: {LINK_MESSAGE}",
    ])


def test_oversize_files_are_refused_before_they_are_read(program: Path) -> None:
    with (program / ANA / "media-kit.md").open("ab") as handle:
        handle.truncate(2 << 20)  # 2 MiB: a sparse file, cheap to make
    (program / SPRING / "signed").mkdir()
    with (program / SPRING / "signed" / "ana-bakes.pdf").open("wb") as handle:
        handle.write(b"%PDF-1.7\n")
        handle.truncate(1 << 30)
    (program / SPRING / "metrics" / "wide.csv").write_text(
        ",".join(f"c{i}" for i in range(5_000)) + "\n", encoding="utf-8")
    _, problems = load_program(program)
    assert lines(problems) == [
        f"{SPRING}/metrics/wide.csv:1: error: the header has more than 1,000 columns",
        f"{SPRING}/signed/ana-bakes.pdf: error: the file has 1,073,741,824 bytes; a .pdf may "
        "have at most 20,971,520",
        f"{ANA}/media-kit.md: error: the file has 2,097,152 bytes; a .md may have at most "
        "1,048,576",
    ]


def test_a_metric_header_is_checked_before_the_file_is_read(
        program: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    metrics = program / SPRING / "metrics"
    for name, header in (("wide.csv", ",".join(f"c{i}" for i in range(5_000)) + "\n"),
                         ("long.csv", "c" * 300_000)):
        with (metrics / name).open("w", encoding="utf-8") as handle:
            handle.write(header)
            handle.truncate(400 << 20)  # 400 MiB, under the cap for CSV: sparse, cheap to make
    read: list[str] = []
    whole = WorkingTree.read
    monkeypatch.setattr(WorkingTree, "read", lambda self, rel: read.append(rel) or whole(
        self, rel))
    _, problems = load_program(program)
    assert lines(problems) == [
        f"{SPRING}/metrics/long.csv:1: error: the header has more than 256 KiB",
        f"{SPRING}/metrics/wide.csv:1: error: the header has more than 1,000 columns",
    ]
    assert f"{SPRING}/metrics/posts.csv" in read
    assert not [rel for rel in read if rel.endswith(("wide.csv", "long.csv"))]


def bomb_parts(book: zipfile.ZipFile, case: str) -> None:
    """The parts of a workbook that unpacks to too much (all of it zeros, which pack tightly)."""
    if case == "parts":
        for n in range(1_001):
            book.writestr(f"xl/part{n}.xml", "")
        return
    with book.open("xl/worksheets/sheet1.xml", "w") as part:
        for _ in range(65 if case == "size" else 2):
            part.write(bytes(1 << 20))


@pytest.mark.parametrize(("case", "message"), [
    ("size", "the workbook unpacks to 68,157,440 bytes; at most 67,108,864 (a zip bomb?)"),
    ("ratio", "the workbook part 'xl/worksheets/sheet1.xml' unpacks to 2,097,152 bytes from "
              "{packed:,}; at most 100 times (a zip bomb?)"),
    ("parts", "the workbook has 1,001 parts; at most 1,000"),
])
def test_an_xlsx_zip_bomb_is_refused_before_it_is_unpacked(program: Path, case: str,
                                                           message: str) -> None:
    rel = f"{SPRING}/metrics/Content 2026-03-20.xlsx"
    with zipfile.ZipFile(program / rel, "w", zipfile.ZIP_DEFLATED) as book:
        bomb_parts(book, case)
    packed = zipfile.ZipFile(program / rel).infolist()[-1].compress_size  # zlib's, a few KB
    _, problems = load_program(program)
    assert lines(problems) == [f"{rel}: error: {message.format(packed=packed)}"]


def test_a_signed_copy_must_be_a_pdf(program: Path) -> None:
    (program / SPRING / "signed").mkdir()
    (program / SPRING / "signed" / "ana-bakes.pdf").write_text(MARKER, encoding="utf-8")
    _, problems = load_program(program)
    assert lines(problems) == [f"{SPRING}/signed/ana-bakes.pdf: error: the file is not a PDF"]


# -- 2. a cache nothing can poison ----------------------------------------------------------------

def test_the_cache_lives_in_the_users_cache_folder(monkeypatch: pytest.MonkeyPatch,
                                                   tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    folder = default_cache_dir(PROGRAMS / "minimal")
    assert folder.parent == tmp_path / "xdg" / "nanokit" / "contracts"
    assert not folder.is_relative_to(PROGRAMS)


def test_a_bad_cache_entry_is_rendered_again_never_served(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    good, _ = render_contracts(load_program(PROGRAMS / "contracts")[0], cache, workers=1)
    ana, ben = (next((cache / "spring-bake").glob(f"{handle}.*.pdf"))
                for handle in ("ana-bakes", "ben-lifts"))

    def render_again() -> dict[str, bytes]:
        return render_contracts(load_program(PROGRAMS / "contracts")[0], cache, workers=1)[0]

    ana.write_bytes(ana.read_bytes()[:1000])  # truncated
    assert render_again() == good
    data = bytearray(ana.read_bytes())
    data[len(data) // 2] ^= 1  # one bit changed
    ana.write_bytes(bytes(data))
    assert render_again() == good
    shutil.copyfile(ben, ana)  # another creator's contract, with its own record
    shutil.copyfile(ben.with_suffix(".json"), ana.with_suffix(".json"))
    assert render_again() == good
    ana.unlink()
    ana.symlink_to(ben)  # a link
    assert render_again() == good
    assert not ana.is_symlink()


def test_build_takes_the_cache_folder_from_the_command_line(tmp_path: Path) -> None:
    result = run_cli("build", "--root", PROGRAMS / "minimal", "--out", tmp_path / "site",
                     "--docs-only", "--cache-dir", tmp_path / "mine")
    assert result.exit_code == 0, result.stderr
    [folder] = (tmp_path / "mine" / "contracts").glob("*/spring-bake")
    entries = sorted(p.name.replace(p.name.split(".")[1], "KEY") for p in folder.iterdir())
    assert entries == ["ana-bakes.KEY.json", "ana-bakes.KEY.pdf"]
    assert not (PROGRAMS / "minimal" / ".cache").exists()


# -- 3. everything untrusted runs within limits ---------------------------------------------------

def test_control_characters_in_a_file_name_stay_on_the_problems_line() -> None:
    # A contributor names a template so that its problem would clear the terminal, forge a
    # line of its own, or start a GitHub workflow command.
    problem = Problem("templates/x\n::error::forged\x1b[2J.j2", 3, None, "error",
                      "page-template", "page template: \x07bad\r\nline", "Fix\x85it.")
    assert problem.format_text() == ("templates/x\\x0a::error::forged\\x1b[2J.j2:3: error: "
                                     "page template: \\x07bad\\x0d\\x0aline\n"
                                     "    hint: Fix\\x85it.")
    assert problem.format_github() == (
        "::error file=templates/x%0A%3A%3Aerror%3A%3Aforged\\x1b[2J.j2,line=3,"
        "title=page-template::page template: \\x07bad%0D%0Aline Fix\\x85it.")


@pytest.mark.parametrize("mark", ["[", "<", "`", "*", "_", "&", "\\", "~"])
def test_every_inline_mark_counts_toward_a_paragraphs_weight(mark: str) -> None:
    # Python-Markdown's inline work grows with the square of a paragraph's marks, whichever
    # they are: 20,000 code spans in one paragraph take about 5 s, as 20,000 `[` take 40 s.
    intro = "My media kit.\n\n"
    assert check_prose(intro + mark * 500, "media-kit.md") == []  # weight 250,000: the limit
    [problem] = check_prose(intro + mark * 501, "media-kit.md")
    assert (problem.line, problem.code) == (3, "markdown-too-complex")
    # Spread over paragraphs, the same marks are quick: 100 × 50² = 250,000.
    assert check_prose("\n\n".join([mark * 50] * 100), "media-kit.md") == []


def test_markdown_that_would_take_minutes_is_refused_at_its_line() -> None:
    assert problem_lines("hostile-markdown") == [
        f"{SPRING}/brief.md:14:1: error: the line is indented 44 columns; at most 40 "
        "(ten levels of lists)",
        f"{SPRING}/brief.md:16:1: error: the line is quoted 12 levels deep; at most 10",
        f"{SPRING}/campaign.yml:14:1: warning: the contract for ana-bakes names no governing law",
        f"{ANA}/media-kit.md:3:1: error: too many links, HTML tags, code spans, emphasis marks, "
        "entities or escapes (in this paragraph and before it) to render quickly",
    ]


def test_a_template_that_loops_for_minutes_is_stopped(copy_program: Callable[[str], Path],
                                                      tmp_path: Path) -> None:
    root = copy_program("contracts-override")
    (root / "templates" / "contract.html.j2").write_text(
        "<p>start</p>\n{% for i in range(100000) %}{% for j in range(100000) %}"
        "{% endfor %}{% endfor %}\n", encoding="utf-8")
    before = child_processes()
    _, problems = render_contracts(load_program(root)[0], tmp_path, workers=1, seconds=0.5)
    assert {p.format_text().splitlines()[0] for p in problems} == {
        "templates/contract.html.j2:2: error: contract template: TimeLimitExceeded: "
        "took longer than 0.5 s"}
    assert child_processes() == before


def test_a_template_that_asks_for_gigabytes_runs_out_of_memory_at_its_line(
        copy_program: Callable[[str], Path], tmp_path: Path) -> None:
    root = copy_program("contracts-override")
    # No `*`, which the sandbox bounds: str.center asks for 2 GB at once, past the worker's 1 GiB.
    (root / "templates" / "contract.html.j2").write_text(
        '<p>start</p>\n{{ "x"|center(2000000000) }}\n', encoding="utf-8")
    before = child_processes()
    pdfs, problems = render_contracts(load_program(root)[0], tmp_path, workers=1)
    assert pdfs == {}
    assert {p.format_text().splitlines()[0] for p in problems} == {
        "templates/contract.html.j2:2: error: contract template: MemoryError: used more than "
        "the 1,024 MiB of memory a worker may use"}
    assert child_processes() == before


def test_check_fills_the_template_in_a_worker_too(copy_program: Callable[[str], Path]) -> None:
    root = copy_program("contracts-override")
    (root / "templates" / "contract.html.j2").write_text(
        '{{ "x"|center(2000000000) }}\n', encoding="utf-8")
    checked = run_cli("check", "--root", root)
    assert checked.exit_code == 1
    assert "templates/contract.html.j2:1: error: contract template: MemoryError: used more " \
           "than the 1,024 MiB of memory a worker may use" in checked.stdout.splitlines()


def test_a_worker_stuck_where_no_timer_reaches_is_killed_by_the_parent() -> None:
    before = child_processes()
    results = run_in_workers(stuck, [0.0, 3600.0, 0.0], workers=2, seconds=0.5)
    assert results == [0.0, WorkerFailure("took longer than 0.5 s and was stopped"), 0.0]
    assert child_processes() == before


def test_a_worker_that_dies_fails_its_item_only() -> None:
    before = child_processes()
    results = run_in_workers(die, [False, True, False], workers=1, seconds=30)
    assert results == ["lived", WorkerFailure(
        "its worker process died (SIGKILL), possibly out of the 1,024 MiB of memory it may use"),
        "lived"]
    assert child_processes() == before


def test_a_live_preview_keeps_idle_workers_and_still_stops_a_stuck_one() -> None:
    before = child_processes()
    kept = KeptWorkers()
    try:
        first = run_in_workers(worker_id, [0], workers=1, seconds=30, kept=kept)
        assert run_in_workers(worker_id, [0], workers=1, seconds=30, kept=kept) == first
        os.kill(first[0], signal.SIGKILL)  # the system ends the idle worker
        while Path(f"/proc/{first[0]}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z":
            time.sleep(0.05)
        assert run_in_workers(worker_id, [0], workers=1, seconds=30, kept=kept) != first
        assert run_in_workers(stuck, [3600.0], workers=1, seconds=0.5, kept=kept) == [
            WorkerFailure("took longer than 0.5 s and was stopped")]
    finally:
        kept.close()
    assert child_processes() == before


def test_markdown_is_stopped_off_the_main_thread_too(monkeypatch: pytest.MonkeyPatch) -> None:
    # `nanokit serve` rebuilds in MkDocs' watcher thread, which timer signals cannot reach.
    monkeypatch.setattr(markdown_module, "MARKDOWN_SECONDS", 0.5)
    raised: list[BaseException] = []

    def render() -> None:
        try:
            render_markdown("[" * 20_000, source=f"{ANA}/media-kit.md")  # ~40 s unstopped
        except ProblemError as error:
            raised.append(error)

    watcher = threading.Thread(target=render)
    watcher.start()
    watcher.join()
    assert [e.problem.format_text().splitlines()[0] for e in raised if isinstance(
        e, ProblemError)] == [f"{ANA}/media-kit.md: error: the Markdown took longer than 0.5 s "
                              "to render"]


def child_processes() -> set[int]:
    """This process's children, but multiprocessing's resource tracker (started once, kept)."""
    resource_tracker.ensure_running()
    children = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == os.getpid():
            children.add(int(stat.parent.name))
    return children


def test_a_template_may_not_build_gigabytes(copy_program: Callable[[str], Path],
                                            tmp_path: Path) -> None:
    root = copy_program("contracts-override")
    (root / "templates" / "contract.html.j2").write_text('{{ "x" * 10**9 }}\n', encoding="utf-8")
    _, problems = render_contracts(load_program(root)[0], tmp_path, workers=1)
    assert {p.format_text().splitlines()[0] for p in problems} == {
        "templates/contract.html.j2:1: error: contract template: SecurityError: a repeated "
        "string or list longer than 100,000 is not allowed"}


def test_a_contract_of_thousands_of_pages_or_an_svg_bomb_is_not_printed(
        copy_program: Callable[[str], Path], tmp_path: Path) -> None:
    root = copy_program("contracts-override")
    (root / "templates" / "contract.html.j2").write_text(
        "{% for i in range(60) %}<p>{{ i }}</p>{% endfor %}", encoding="utf-8")
    (root / "templates" / "contract.css").write_text("p { break-after: page }\n",
                                                     encoding="utf-8")
    pdfs, problems = render_contracts(load_program(root)[0], tmp_path / "a", workers=1)
    assert pdfs == {}
    assert any("the contract has 60 pages; at most 50 are allowed" in p.message
               for p in problems)
    uses = "".join(f'<g id="l{n}">' + f'<use href="#l{n - 1}"/>' * 10 + "</g>"
                   for n in range(1, 10))
    (root / "templates" / "bomb.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"><defs>'
        f'<rect id="l0" width="1" height="1"/>{uses}</defs><use href="#l9"/></svg>')
    (root / "templates" / "contract.html.j2").write_text('<img src="bomb.svg">')
    (root / "templates" / "contract.css").write_text("")
    pdfs, problems = render_contracts(load_program(root)[0], tmp_path / "b", workers=1,
                                      seconds=1.0)
    assert pdfs == {}
    assert any("TimeLimitExceeded: took longer than 1 s" in p.message for p in problems)


# -- 4. reserved identifiers, sane bounds ---------------------------------------------------------

def test_reserved_identifiers_and_absurd_numbers_are_errors_at_their_line() -> None:
    assert problem_lines("reserved-and-bounds") == [
        f"{SPRING}/campaign.yml:26:14: error: creators[0].deliverables[1].id: 'all' is reserved: "
        "the build writes a file or folder of that name; choose another name (got 'all')",
        f"{SPRING}/campaign.yml:32:10: error: creators[1].fee: must be at most 100,000,000,000 "
        "in any currency; write the amount in full, e.g. 2500 or 2500.50 (no exponent, no stray "
        "digits) (got '1e30')",
        f"{ANA}/profile.yml:10:16: error: platforms[0].followers: must be at most "
        "10,000,000,000; write the count in full, e.g. 8400 (got '20000000000')",
        "creators/index: error: 'index' is reserved: the build writes a file or folder of that "
        "name; choose another name",
    ]


@pytest.mark.parametrize(("currency", "fee", "price", "expected"), [
    ("USD", "10000001", "120", [
        f"{SPRING}/campaign.yml:21:10: error: 10,000,001 USD is more than the 10,000,000 USD an "
        "amount may be"]),
    # 10,000,000 rupiah is about 600 dollars: a fee, a budget can be more.
    ("IDR", "250000000", "2000000", []),
    # The largest cap of all is the model's own (and the JSON Schemas').
    ("IDR", "250000000000", "200000000000", [
        f"{SPRING}/campaign.yml:21:10: error: creators[0].fee: must be at most 100,000,000,000 "
        "in any currency; write the amount in full, e.g. 2500 or 2500.50 (no exponent, no stray "
        "digits) (got '250000000000')",
        f"{ANA}/profile.yml:16:48: error: rates.items[0].price: must be at most 100,000,000,000 "
        "in any currency; write the amount in full, e.g. 2500 or 2500.50 (no exponent, no stray "
        "digits) (got '200000000000')"]),
    ("JPY", "1000000000", "1000000001", [
        f"{ANA}/profile.yml:16:48: error: 1,000,000,001 JPY is more than the 1,000,000,000 JPY an "
        "amount may be"]),
])
def test_the_cap_on_money_scales_with_the_currency(
        copy_program: Callable[[str], Path], currency: str, fee: str, price: str,
        expected: list[str]) -> None:
    root = copy_program("minimal")
    for rel, old, new in (
            (f"{SPRING}/campaign.yml", "amount: 2000, currency: USD",
             f"amount: 2000000, currency: {currency}"),
            (f"{SPRING}/campaign.yml", "fee: 300", f"fee: {fee}"),
            (f"{SPRING}/campaign.yml", "value: 25.50", "value: 25"),
            (f"{ANA}/profile.yml", "currency: USD", f"currency: {currency}"),
            (f"{ANA}/profile.yml", "price: 120}", f"price: {price}}}"),
            (f"{ANA}/profile.yml", "price: 40.50", "price: 40")):
        text = (root / rel).read_text(encoding="utf-8")
        assert old in text
        (root / rel).write_text(text.replace(old, new), encoding="utf-8")
    (root / SPRING / "metrics" / "orders.csv").unlink()  # in USD, whatever the campaign's is
    _, problems = load_program(root)
    assert [line for line in lines(problems) if ": error: " in line] == expected


# -- 5. CSV cells that a spreadsheet would run ----------------------------------------------------

def test_csv_cells_are_escaped_past_spaces_controls_and_full_width_forms() -> None:
    hostile = [" =1+1", "\u00a0+1", "\n-1", "\uff1dSUM(A1)", "\u200b@x", "\r\n=x", "\t=x"]
    assert [csv_cell(v) for v in hostile] == ["'" + v for v in hostile]
    assert [csv_cell(v) for v in (" ok", "a=b", "ANA10")] == [" ok", "a=b", "ANA10"]


# -- 6. killed builds and unwritable output folders -----------------------------------------------

def test_folders_of_a_killed_build_are_removed_by_the_next(tmp_path: Path) -> None:
    site = tmp_path / "site"
    dead = 2 ** 22 + 1  # above Linux's default pid_max: no such process
    (tmp_path / f".site-{dead}-abc123").mkdir()
    (tmp_path / ".site-old").mkdir()
    assert build(PROGRAMS / "minimal", site, docs_only=True).ok
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_an_unwritable_output_folder_is_a_one_line_error(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("not a folder", encoding="utf-8")
    result = run_cli("build", "--root", PROGRAMS / "minimal", "--out", tmp_path / "file" / "site",
                     "--docs-only")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("nanokit: --out ") and "cannot be written" in result.stderr
    assert "Traceback" not in result.stderr


# -- 7. the team decides what runs ----------------------------------------------------------------

def test_the_starter_suggests_who_owns_code_that_shapes_every_page() -> None:
    owners = (Path(__file__).parents[1] / "builder" / "starter" / "CODEOWNERS").read_text()
    rules = {line.split()[0] for line in owners.splitlines()
             if line.strip() and not line.startswith("#")}
    assert {"/mkdocs.yml", "/templates/", "/.github/"} <= rules
