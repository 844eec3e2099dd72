"""Contracts (SPEC §8): the PDF a brand signs, read back as text; cache, sandbox, no network."""

from __future__ import annotations

import hashlib
import io
import logging
import re
import subprocess
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfReader
from weasyprint import HTML

from builder.load.program import load_program
from builder.model.campaign import CampaignSpec, Engagement
from builder.model.program import Program
from builder.render.contracts import pdf, printing
from builder.render.contracts.job import ContractJob, ContractResult
from builder.render.contracts.pdf import ContractURLFetcher, RefusedURL
from builder.render.contracts.printing import (
    check_contract_template,
    contract_html,
    render_contracts,
)
from builder.schedule import (
    installments,
    kill_fee,
    minor_unit,
    usage_rights_end,
)
from tests.conftest import load

SPRING = "contracts/spring-bake"


def pdf_text(pdf: bytes) -> str:
    """The PDF's text as pdftotext reads it, with whitespace runs as single spaces."""
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True,
                          check=True).stdout.decode("utf-8")
    return " ".join(text.split())


def amounts(text: str, symbol: str) -> list[Decimal]:
    pattern = re.escape(symbol) + r"([\d,]+(?:\.\d+)?)"
    return [Decimal(found.replace(",", "")) for found in re.findall(pattern, text)]


@pytest.fixture(scope="module")
def program() -> Program:
    program, problems = load("contracts")
    assert [p for p in problems if p.severity == "error"] == []
    return program


@pytest.fixture(scope="module")
def rendered(program: Program, tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    pdfs, problems = render_contracts(program, tmp_path_factory.mktemp("cache"))
    # The campaign without governing law is a content problem (builder.facts), not the PDF's.
    assert problems == []
    return pdfs


def rendered_count(caplog: pytest.LogCaptureFixture) -> int:
    messages = [r.getMessage() for r in caplog.records
                if r.name == "builder.render.contracts.printing"]
    return int(messages[-1].split()[1])


# -- which contracts exist ------------------------------------------------------------------------

def test_one_contract_per_engagement_under_negotiation_or_contract(
        rendered: dict[str, bytes]) -> None:
    assert sorted(rendered) == [
        f"{SPRING}/ana-bakes.pdf",    # contracted
        f"{SPRING}/ben-lifts.pdf",    # paid
        f"{SPRING}/dev-draws.pdf",    # negotiating
        "contracts/tokyo-taste/chie-cooks.pdf",  # delivered
    ]  # invited eve-runs and declined chie-cooks on spring-bake get none


# -- what a contract says -------------------------------------------------------------------------

def test_parties_campaign_and_effective_date(rendered: dict[str, bytes]) -> None:
    text = pdf_text(rendered[f"{SPRING}/ana-bakes.pdf"])
    assert "Influencer Marketing Agreement" in text
    assert "Acme Flour Mills, LLC 12 Mill Rd, Minneapolis, MN 55401, USA represented by Jo Park, " \
           "Brand Director" in text
    assert "Ana P. Lima 9 Oak St, Austin, TX 78701, USA publishing as @ana.bakes on Instagram, " \
           "@ana.bakes on TikTok" in text
    assert "Campaign period March 1, 2026 to April 15, 2026" in text
    assert "Effective date February 20, 2026" in text
    assert "the laws of the State of Minnesota, USA" in text


def test_private_data_beyond_name_and_address_stays_out(rendered: dict[str, bytes]) -> None:
    text = pdf_text(rendered[f"{SPRING}/ana-bakes.pdf"])
    for secret in ("ana-bakes@example.com", "TAX-ana-bakes", "US00 1234 5678"):
        assert secret not in text


def test_deliverables_table(rendered: dict[str, bytes]) -> None:
    text = pdf_text(rendered[f"{SPRING}/ana-bakes.pdf"])
    assert "ID Platform Type Count" in text  # pdftotext may read "Due date" further down
    assert ("ig-post-1 Instagram Post 1 March 10, 2026 "
            "ig-story-1 Instagram Story 3 March 12, 2026 "
            "tt-video-1 TikTok Video 1 March 20, 2026") in text


def test_engagement_terms_override_the_campaign_and_installments_sum_to_the_fee(
        rendered: dict[str, bytes]) -> None:
    text = pdf_text(rendered[f"{SPRING}/ana-bakes.pdf"])
    assert "fixed fee of $333.33" in text
    schedule = text[text.index("Installment Share Amount Due"):text.index("Total 100%")]
    assert schedule == ("Installment Share Amount Due 1 34% $113.33 on signature "
                        "2 33% $110.00 on the first post 3 33% $110.00 45 days after the first "
                        "post ")
    assert sum(amounts(schedule, "$")) == Decimal("333.33")
    assert "Total 100% $333.33" in text
    assert "cancellation fee of $166.67 (50% of the Fee)" in text  # the override's 50 %, not 25 %
    assert "Flour sampler (retail value $25.50)" in text


def test_campaign_terms_apply_without_an_override(rendered: dict[str, bytes]) -> None:
    text = pdf_text(rendered[f"{SPRING}/ben-lifts.pdf"])
    assert ("1 50% $125.00 on signature 2 50% $125.00 30 days after the first post "
            "Total 100% $250.00") in text
    assert "cancellation fee of $62.50 (25% of the Fee)" in text
    assert "up to 2 rounds of revisions" in text
    assert "for 3 months from the first publication" in text
    assert "until 30 days after the publication of the last Deliverable" in text
    assert "“baking flour”" in text


def test_zero_decimal_currency(rendered: dict[str, bytes]) -> None:
    text = pdf_text(rendered["contracts/tokyo-taste/chie-cooks.pdf"])
    assert ("1 50% ¥50,001 on signature 2 50% ¥50,000 on completion of all deliverables "
            "Total 100% ¥100,001") in text
    assert "cancellation fee of ¥33,000 (33% of the Fee)" in text
    assert "Miso tasting set (retail value ¥4,500)" in text


def test_disclosure_obligations_name_labels_tags_and_the_markets_rules(
        rendered: dict[str, bytes]) -> None:
    text = pdf_text(rendered[f"{SPRING}/ana-bakes.pdf"])
    assert "one of these labels: “#ad”, “#sponsored”, “Ad:”, “Paid partnership”," in text
    assert "before the “more” cut" in text
    assert "tags @acmeflour and includes #AcmeBakes" in text
    assert "16 C.F.R. Part 255" in text
    assert "“gluten-free”" in text
    tokyo = pdf_text(rendered["contracts/tokyo-taste/chie-cooks.pdf"])
    assert "Canada: the Creator complies with the Competition Act (Canada)" in tokyo
    assert "France: the Creator complies with Article 5 of French Law No. 2023-451" in tokyo


def test_letter_paper_when_both_parties_are_in_the_us_or_canada_else_a4(
        rendered: dict[str, bytes]) -> None:
    def size(path: str) -> tuple[int, int]:
        box = PdfReader(io.BytesIO(rendered[path])).pages[0].mediabox
        return round(float(box.width)), round(float(box.height))

    # A US brand and a US creator: Letter, 8.5 × 11 in; a brand in Japan: A4, 210 × 297 mm.
    assert size(f"{SPRING}/ana-bakes.pdf") == (612, 792)
    assert size("contracts/tokyo-taste/chie-cooks.pdf") == (595, 842)


def test_footer_has_campaign_creator_and_page_x_of_y(rendered: dict[str, bytes]) -> None:
    reader = PdfReader(io.BytesIO(rendered[f"{SPRING}/ana-bakes.pdf"]))
    pages = len(reader.pages)
    assert pages >= 2
    for number, page in enumerate(reader.pages, start=1):
        text = " ".join(page.extract_text().split())
        assert f"Page {number} of {pages}" in text
        assert "Spring Bake-Off · Ana P. Lima" in text


def test_clauses_are_numbered(rendered: dict[str, bytes]) -> None:
    text = pdf_text(rendered[f"{SPRING}/ana-bakes.pdf"])
    headings = re.findall(r"\b(\d+)\. ([A-Z][a-z]+(?: [a-z]+)*)", text)
    assert [int(number) for number, _ in headings] == list(range(1, len(headings) + 1))
    assert len(headings) >= 10
    assert "4.1 The Brand pays the Creator" in text


def page_texts(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def test_draft_watermark_on_every_page_only_while_negotiating(
        rendered: dict[str, bytes]) -> None:
    draft = page_texts(rendered[f"{SPRING}/dev-draws.pdf"])
    assert all(page.startswith("DRAFT\n") for page in draft)
    assert "Draft for negotiation. Not binding until signed by both parties." in draft[0]
    assert "Effective date The date of the last signature below" in " ".join(draft[0].split())
    assert not any("DRAFT" in page for page in page_texts(rendered[f"{SPRING}/ana-bakes.pdf"]))


def test_signature_blocks_for_both_parties(rendered: dict[str, bytes]) -> None:
    text = pdf_text(rendered[f"{SPRING}/ana-bakes.pdf"])
    signatures = text[text.index("Signatures"):]
    for line in ("For the Brand: Acme Flour Mills, LLC", "Name: Jo Park", "Title: Brand Director",
                 "The Creator: Ana P. Lima", "Name: Ana P. Lima"):
        assert line in signatures
    assert signatures.count("Signature") == 3 and signatures.count("Date") == 2


def test_pdf_metadata_comes_from_the_content(rendered: dict[str, bytes]) -> None:
    reader = PdfReader(io.BytesIO(rendered[f"{SPRING}/ana-bakes.pdf"]))
    info = reader.metadata
    assert info is not None
    assert info.title == "Influencer Marketing Agreement: Spring Bake-Off — Ana P. Lima"
    assert info.author == "Acme Flour Mills, LLC"
    assert info.subject == ("Agreement between Acme Flour Mills, LLC and Ana P. Lima for the "
                            "campaign Spring Bake-Off (March 1, 2026 to April 15, 2026)")
    assert info["/Keywords"] == ("contract, influencer agreement, Acme Flour, Spring Bake-Off, "
                                 "spring-bake, ana-bakes")
    assert info["/CreationDate"] == info["/ModDate"] == "D:20260220000000Z"  # signed_on
    draft = PdfReader(io.BytesIO(rendered[f"{SPRING}/dev-draws.pdf"])).metadata
    assert draft is not None
    assert draft["/CreationDate"] == "D:20260301000000Z"  # unsigned: the campaign's start


def _is_tagged(pdf_bytes: bytes) -> tuple[bool, str | None]:
    """Whether the PDF is marked as tagged with a structure tree, and its document language."""
    catalog = PdfReader(io.BytesIO(pdf_bytes)).trailer["/Root"]
    marked = bool(catalog.get("/MarkInfo", {}).get("/Marked")) and "/StructTreeRoot" in catalog
    return marked, catalog.get("/Lang")


def test_contracts_are_tagged_pdfs_for_screen_readers(rendered: dict[str, bytes]) -> None:
    assert _is_tagged(rendered[f"{SPRING}/ana-bakes.pdf"]) == (True, "en")
    info = subprocess.run(["pdfinfo", "-"], input=rendered[f"{SPRING}/ana-bakes.pdf"],
                          capture_output=True, check=True).stdout.decode()
    assert re.search(r"^Tagged:\s+yes$", info, re.MULTILINE)


def test_a_repository_template_without_a_language_gets_the_contracts(
        copy_program: Callable[[str], Path], tmp_path: Path) -> None:
    root = copy_program("contracts-override")
    (root / "templates/contract.html.j2").write_text(
        "<!DOCTYPE html>\n<html><body><h1>{{ title }}</h1></body></html>\n")
    program, _ = load_program(root)
    pdfs, problems = render_contracts(program, tmp_path)
    assert problems == []
    assert [_is_tagged(pdf_bytes) for pdf_bytes in pdfs.values()] == [(True, "en")]


# -- reproducible, cached, parallel ---------------------------------------------------------------

def test_byte_identical_on_every_build(program: Program, rendered: dict[str, bytes],
                                       tmp_path: Path) -> None:
    again, _ = render_contracts(program, tmp_path / "fresh", workers=1)
    assert again == rendered
    # The permanent half of /ID comes from the contract's reference, never from chance.
    identifier = hashlib.sha256(b"spring-bake/ana-bakes").hexdigest()[:32].encode()
    assert b"/ID [(" + identifier + b")" in rendered[f"{SPRING}/ana-bakes.pdf"]


def test_worker_processes_give_the_same_bytes(program: Program, rendered: dict[str, bytes],
                                              tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(printing, "PARALLEL_MIN_JOBS", 1)
    parallel, _ = render_contracts(program, tmp_path, workers=2)
    assert parallel == rendered


def test_builtin_template_prints_the_same_without_unused_user_agent_rules(
        program: Program, rendered: dict[str, bytes], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    lean: list[bool] = []

    def in_process(function: Callable[[ContractJob], ContractResult], jobs: list[ContractJob],
                   **_: object) -> list[ContractResult]:
        # Here, not in a worker: the spy and the patched WeasyPrint below reach the printing.
        lean.extend(job.pdf is not None and job.pdf.lean_user_agent for job in jobs)
        return [function(job) for job in jobs]

    monkeypatch.setattr(printing, "run_in_workers", in_process)
    monkeypatch.setattr(pdf, "_LeanHTML", HTML)  # all of WeasyPrint's user-agent rules
    full, _ = render_contracts(program, tmp_path / "full", workers=1)
    assert full == rendered
    # A repository's template may use lists or footnotes: it keeps every rule.
    render_contracts(load("contracts-override")[0], tmp_path / "override", workers=1)
    assert lean[:4] == [True] * 4 and len(lean) > 4 and not any(lean[4:])


def test_unchanged_contracts_come_from_the_cache(program: Program, tmp_path: Path,
                                                 caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="builder.render.contracts")
    first, _ = render_contracts(program, tmp_path)
    assert rendered_count(caplog) == 4
    second, _ = render_contracts(program, tmp_path)
    assert rendered_count(caplog) == 0
    assert second == first


def test_one_changed_engagement_renders_one_contract(copy_program: Callable[[str], Path],
                                                     tmp_path: Path,
                                                     caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="builder.render.contracts")
    root = copy_program("contracts")
    cache = tmp_path / "cache"
    render_contracts(load_program(root)[0], cache)
    spec = root / "campaigns/spring-bake/campaign.yml"
    spec.write_text(spec.read_text().replace("fee: 250", "fee: 275"))
    pdfs, _ = render_contracts(load_program(root)[0], cache)
    assert rendered_count(caplog) == 1
    assert "fixed fee of $275.00" in pdf_text(pdfs[f"{SPRING}/ben-lifts.pdf"])
    # The stale entry is replaced, not kept beside the new one.
    assert len(list((cache / "spring-bake").glob("ben-lifts.*.pdf"))) == 1


def test_a_changed_template_renders_everything_again(copy_program: Callable[[str], Path],
                                                     tmp_path: Path,
                                                     caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="builder.render.contracts")
    root = copy_program("contracts-override")
    render_contracts(load_program(root)[0], tmp_path)
    css = root / "templates/contract.css"
    css.write_text(css.read_text() + "h2 { color: #333; }\n")
    render_contracts(load_program(root)[0], tmp_path)
    assert rendered_count(caplog) == 1
    (root / "templates/logo.svg").write_text((root / "templates/logo.svg").read_text() + " ")
    render_contracts(load_program(root)[0], tmp_path)
    assert rendered_count(caplog) == 1  # assets under templates/ are inputs too


# -- repository templates -------------------------------------------------------------------------

def test_repository_template_extends_the_builtin_one(tmp_path: Path) -> None:
    program, _ = load("contracts-override")
    pdfs, problems = render_contracts(program, tmp_path)
    assert problems == []
    text = pdf_text(pdfs[f"{SPRING}/ben-lifts.pdf"])
    assert "Creator Agreement No. spring-bake/ben" in text
    assert "House rules of Acme Flour" in text
    assert "For the Brand: Acme Flour Mills, LLC" in text  # the built-in block, via super()
    assert "p. 1/" in text  # the repository's stylesheet replaces the built-in one
    assert "ACME" in text  # templates/logo.svg was allowed


def test_broken_template_is_a_problem_with_path_and_line(tmp_path: Path) -> None:
    program, _ = load("contracts-broken-template")
    pdfs, problems = render_contracts(program, tmp_path)
    assert pdfs == {}
    assert [p.format_text().splitlines()[0] for p in problems] == [
        "templates/contract.html.j2:8: error: contract template: TemplateSyntaxError: "
        "expected token 'end of statement block', got '<'"]


def test_check_reports_a_broken_template_without_printing() -> None:
    program, _ = load("contracts-broken-template")
    assert [p.location for p in check_contract_template(program)] == [
        "templates/contract.html.j2:8"]
    assert check_contract_template(load("contracts-override")[0]) == []


def write_template(copy_program: Callable[[str], Path], body: str) -> Program:
    root = copy_program("contracts-override")
    (root / "templates/contract.css").unlink()
    (root / "templates/contract.html.j2").write_text(
        '<!DOCTYPE html>\n<html lang="en"><body>\n<h1>{{ title }}</h1>\n' + body
        + "\n</body></html>\n")
    program, _ = load_program(root)
    return program


@pytest.mark.parametrize(("body", "message"), [
    ("{{ brand.legal_nam }}", "UndefinedError: 'dict object' has no attribute 'legal_nam'"),
    ("{{ undefined_name }}", "UndefinedError: 'undefined_name' is undefined"),
    ("{{ brand.__class__.__mro__ }}", "SecurityError: access to attribute '__class__' of 'dict' "
                                      "object is unsafe."),
    ("{{ deliverables.append(1) }}", "SecurityError: access to attribute 'append' of 'list' "
                                     "object is unsafe."),
    ("{% set _ = brand.update({'legal_name': 'X'}) %}",
     "SecurityError: access to attribute 'update' of 'dict' object is unsafe."),
    ("{{ 1 / 0 }}", "ZeroDivisionError: division by zero"),
])
def test_template_errors_and_sandbox_escapes_are_problems_at_their_line(
        copy_program: Callable[[str], Path], tmp_path: Path, body: str, message: str) -> None:
    program = write_template(copy_program, body)
    pdfs, problems = render_contracts(program, tmp_path)
    assert pdfs == {}
    assert [p.format_text().splitlines()[0] for p in problems] == [
        f"templates/contract.html.j2:4: error: contract template: {message}"]


def test_values_are_html_escaped(copy_program: Callable[[str], Path]) -> None:
    root = copy_program("contracts-override")
    brand = root / "brands/acme-flour.yml"
    brand.write_text(brand.read_text().replace("Acme Flour Mills, LLC",
                                               "<script>x</script> Mills & Co"))
    html = contract_html(load_program(root)[0], "spring-bake", "ben-lifts")
    assert "&lt;script&gt;x&lt;/script&gt; Mills &amp; Co" in html
    assert "<script>" not in html


# -- no network, no files outside the templates ---------------------------------------------------

def test_url_fetcher_refuses_the_network_and_files_outside_templates(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "logo.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    (tmp_path / "private.yml").write_text("tax_id: secret")
    (templates / "escape.svg").symlink_to(tmp_path / "private.yml")
    fetcher = ContractURLFetcher((templates,))
    assert fetcher.fetch((templates / "logo.svg").as_uri()).read().startswith(b"<svg")
    for url in ("http://example.com/logo.png", "https://example.com/font.woff2",
                "ftp://example.com/x", (tmp_path / "private.yml").as_uri(),
                (templates / ".." / "private.yml").as_uri(), (templates / "escape.svg").as_uri(),
                "file:///etc/passwd"):
        with pytest.raises(RefusedURL):
            fetcher.fetch(url)


def test_a_template_reaching_out_gets_a_warning_and_no_content(
        copy_program: Callable[[str], Path], tmp_path: Path) -> None:
    program = write_template(copy_program, '<img src="http://127.0.0.1:9/track.png">'
                                           '<img src="../creators/ben-lifts/private.yml">')
    pdfs, problems = render_contracts(program, tmp_path)
    assert len(pdfs) == 1
    assert sorted((p.path, p.severity, p.message) for p in problems) == [
        ("templates/contract.html.j2", "warning",
         "contract PDF: Failed to load image at 'creators/ben-lifts/private.yml': RefusedURL: "
         "refused creators/ben-lifts/private.yml: contracts may only use files of the "
         "repository's templates/ folder"),
        ("templates/contract.html.j2", "warning",
         "contract PDF: Failed to load image at 'http://127.0.0.1:9/track.png': RefusedURL: "
         "refused http://127.0.0.1:9/track.png: contracts may not use the network"),
    ]
    assert "TAX-ben-lifts" not in pdf_text(pdfs[f"{SPRING}/ben-lifts.pdf"])


# -- the schedule behind the amounts --------------------------------------------------------------

def spring_spec() -> CampaignSpec:
    program, _ = load("contracts")
    return program.campaigns["spring-bake"].spec


def engagement(spec: CampaignSpec, handle: str) -> Engagement:
    found = spec.engagement(handle)
    assert found is not None
    return found


def test_installment_due_dates() -> None:
    spec = spring_spec()
    ana = engagement(spec, "ana-bakes")
    dates = [(s.due, s.due_event, s.due_date) for s in installments(spec, ana)]
    assert dates == [
        ("on_signature", "on signature", date(2026, 2, 20)),
        ("on_posting", "on the first post", None),
        ("net_45_after_posting", "45 days after the first post", date(2026, 5, 4)),  # last due + 45
    ]
    posted = installments(spec, ana, first_post=date(2026, 3, 9))
    assert [s.due_date for s in posted] == [date(2026, 2, 20), date(2026, 3, 9),
                                            date(2026, 4, 23)]


def test_kill_fee_and_usage_rights_end() -> None:
    spec = spring_spec()
    assert kill_fee(spec, engagement(spec, "ana-bakes")) == Decimal("166.67")
    assert kill_fee(spec, engagement(spec, "ben-lifts")) == Decimal("62.50")
    assert usage_rights_end(date(2026, 3, 10), 3) == date(2026, 6, 10)
    assert usage_rights_end(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert usage_rights_end(date(2026, 11, 30), 3) == date(2027, 2, 28)


percent_splits = st.lists(st.integers(min_value=0, max_value=100), max_size=5).map(
    lambda cuts: [b - a for a, b in zip([0, *sorted(cuts)], [*sorted(cuts), 100], strict=True)])
"""Percentages that add up to 100, zeros included: the gaps between sorted cut points."""


# Up to 10,000,000 (the largest fee) in whole units of a currency without minor units.
@given(fee_units=st.integers(min_value=0, max_value=10**7), split=percent_splits,
       currency=st.sampled_from(["USD", "JPY", "BHD", "EUR"]))
def test_installments_always_sum_to_the_fee(fee_units: int, split: list[int],
                                            currency: str) -> None:
    unit = minor_unit(currency)
    fee = fee_units * unit
    spec = CampaignSpec.model_validate({
        "title": "T", "brand": "b", "status": "active", "goal": "ugc",
        "period": {"start": "2026-01-01", "end": "2026-01-31"},
        "budget": {"amount": 1, "currency": currency},
        "terms": {"payment": [{"percent": p, "due": "on_signature"} for p in split]},
        "creators": [{"handle": "c", "fee": fee, "status": "contracted"}]})
    scheduled = installments(spec, spec.creators[0])
    assert sum(s.amount for s in scheduled) == fee
    for step in scheduled:
        assert step.amount >= 0
        assert step.amount == step.amount.quantize(unit)
        assert abs(step.amount - fee * step.percent / 100) <= unit


def test_stylesheet_mistakes_are_warnings_on_the_stylesheet(
        copy_program: Callable[[str], Path], tmp_path: Path) -> None:
    root = copy_program("contracts-override")
    (root / "templates/contract.css").write_text("h1 {\n  colr: red;\n}\n")
    pdfs, problems = render_contracts(load_program(root)[0], tmp_path)
    assert len(pdfs) == 1
    assert [p.format_text().splitlines()[0] for p in problems] == [
        "templates/contract.css:2:3: warning: contract PDF: Ignored `colr: red` at 2:3, "
        "unknown property."]
