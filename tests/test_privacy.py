"""Privacy by construction (SPEC §4): no audience's output holds a byte it may not see.

A generated program carries unique marker strings in every private field, engagement note and
promo code; every audience is built and every output file is searched for every marker
(PDFs by their extracted text and metadata, everything else by its bytes).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from builder.build import build
from builder.load.program import load_program

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def marked_sites(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict[str, str]]]:
    base = tmp_path_factory.mktemp("marked")
    program = base / "program"
    subprocess.run([sys.executable, str(REPO / "bench" / "make_program.py"), str(program),
                    "--creators", "12", "--campaigns", "4", "--engagements", "24",
                    "--metric-rows", "4000", "--markers", "--seed", "7"],
                   check=True, capture_output=True)
    result = build(program, base / "site", "all")
    assert result.ok, [p.format_text() for p in result.problems]
    markers = json.loads((base / "markers.json").read_text(encoding="utf-8"))
    return base / "site", markers


def _texts(site: Path) -> dict[str, str]:
    """Every file of one site as text; PDFs as their text plus metadata."""
    texts = {}
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        rel = path.relative_to(site).as_posix()
        if path.suffix == ".pdf":
            reader = PdfReader(path)
            meta = " ".join(str(v) for v in (reader.metadata or {}).values())
            texts[rel] = meta + "\n" + "\n".join(page.extract_text() for page in reader.pages)
        else:
            texts[rel] = path.read_bytes().decode("utf-8", errors="replace")
    return texts


def _campaign_brand(markers: list[dict[str, str]]) -> dict[str, str]:
    return {m["campaign"]: m["brand"] for m in markers if m["campaign"] and m["brand"]}


def _creator_campaign_brands(markers: list[dict[str, str]]) -> dict[str, set[str]]:
    brands: dict[str, set[str]] = {}
    for m in markers:
        if m["kind"] == "notes":
            brands.setdefault(m["creator"], set()).add(m["brand"])
    return brands


def _allowed(marker: dict[str, str], audience: str, rel: str,
             creator_brands: dict[str, set[str]]) -> bool:
    """May `audience` see `marker` in file `rel`? (SPEC §4 and §8)"""
    kind, field, creator = marker["kind"], marker["field"], marker["creator"]
    in_contract = rel.startswith("contracts/") and rel.endswith(".pdf")
    if kind == "private":
        if field in ("tax_id", "account"):
            return False  # never, not even for the team (payout is masked to 4 characters)
        if audience == "team":
            return True
        if field in ("legal_name", "address") and in_contract:
            return (audience == f"creator-{creator}"
                    or audience.removeprefix("brand-") in creator_brands.get(creator, set()))
        return False
    if kind == "notes":
        return audience in ("team", f"brand-{marker['brand']}")
    if kind == "promo_code":
        return audience in ("team", f"brand-{marker['brand']}", f"creator-{creator}")
    raise AssertionError(f"unknown marker kind {kind}")


def test_every_audience_is_built(marked_sites: tuple[Path, list[dict[str, str]]]) -> None:
    site, markers = marked_sites
    creators = {m["creator"] for m in markers}
    brands = set(_campaign_brand(markers).values())
    folders = {p.name for p in site.iterdir() if p.is_dir()}
    assert {"team", "public"} <= folders
    assert {f"creator-{c}" for c in creators} <= folders
    assert {f"brand-{b}" for b in brands} <= folders


def test_no_marker_reaches_an_audience_that_may_not_see_it(
        marked_sites: tuple[Path, list[dict[str, str]]]) -> None:
    site, markers = marked_sites
    creator_brands = _creator_campaign_brands(markers)
    leaks = []
    for folder in sorted(p for p in site.iterdir() if p.is_dir()):
        for rel, text in _texts(folder).items():
            for marker in markers:
                if marker["marker"] in text and not _allowed(marker, folder.name, rel,
                                                             creator_brands):
                    leaks.append(f"{folder.name}/{rel}: {marker['marker']}")
    assert leaks == []


def test_markers_do_reach_those_who_may_see_them(
        marked_sites: tuple[Path, list[dict[str, str]]]) -> None:
    """The search above would pass on empty sites; prove the markers are really rendered."""
    site, markers = marked_sites
    program, _ = load_program(site.parent / "program")
    declined = {(slug, e.handle) for slug, c in program.campaigns.items()
                for e in c.spec.creators if e.status == "declined"}
    team = "\n".join(_texts(site / "team").values())
    codes = [m for m in markers if m["kind"] == "promo_code"]
    notes = [m for m in markers if m["kind"] == "notes"
             and (m["campaign"], m["creator"]) not in declined]
    assert codes and notes
    assert [m["marker"] for m in codes + notes if m["marker"] not in team] == []
    one = codes[0]
    own = "\n".join(_texts(site / f"creator-{one['creator']}").values())
    assert one["marker"] in own
    legal = next(m for m in markers if m["field"] == "legal_name"
                 and m["creator"] == one["creator"])
    assert legal["marker"] in own  # in the creator's own contract


def test_a_creator_never_receives_another_creators_tracking_link_or_figures(
        marked_sites: tuple[Path, list[dict[str, str]]]) -> None:
    site, markers = marked_sites
    handles = sorted({m["creator"] for m in markers})
    leaks = []
    own_links = 0
    for handle in handles:
        folder = site / f"creator-{handle}"
        for rel, text in _texts(folder).items():
            own_links += f"utm_content={handle}" in text
            leaks += [f"{folder.name}/{rel}: utm_content={other}" for other in handles
                      if other != handle and f"utm_content={other}" in text]
        for path in folder.glob("kpis/*.json"):
            document = json.loads(path.read_text(encoding="utf-8"))
            assert "totals" not in document
            assert set(document["creators"]) <= {handle}
    assert own_links > 0  # the search above really looks at pages that carry tracking links
    assert leaks == []
