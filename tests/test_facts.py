"""Derived facts (SPEC §9, §12, §13): computed once before the audience filter, cut by it, and
the same problems from `check` and `build`."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import icalendar
import pytest

from builder.audience import filter_program, parse_audience
from builder.build import build, check_program
from builder.facts import derive, filter_facts
from builder.kpi import compute_campaign_kpis, published_figures
from builder.model.program import Program
from builder.render.site import render_site
from tests.conftest import PROGRAMS, load, run_cli


@pytest.fixture(scope="module")
def calendars() -> Program:
    program, problems = load("calendars")
    assert not [p for p in problems if p.severity == "error"], problems
    return program


def _feed(program: Program, audience: str, name: str) -> list[icalendar.Event]:
    files = render_site(program, parse_audience(audience), {}, {})
    content = files[f"calendar/{name}.ics"]
    assert isinstance(content, bytes)
    return list(icalendar.Calendar.from_ical(content).walk("VEVENT"))


def test_an_invited_creator_gets_no_deadline_of_a_campaign_they_never_signed(
        calendars: Program) -> None:
    assert _feed(calendars, "creator:ben-lifts", "ben-lifts") == []
    uids = {str(e["UID"]) for e in _feed(calendars, "team", "all")}
    assert "spring-bake.ben-lifts.tt-video-1@nanokit" not in uids


def test_a_cancelled_campaigns_events_stay_with_status_cancelled(calendars: Program) -> None:
    events = {str(e["UID"]): e for e in _feed(calendars, "creator:ana-bakes", "ana-bakes")}
    assert sorted(events) == ["autumn-bake.ana-bakes.ig-post-1@nanokit",
                              "autumn-bake.ana-bakes.ig-story-1@nanokit",
                              "spring-bake.ana-bakes.ig-post-1@nanokit",
                              "spring-bake.ana-bakes.ig-story-1@nanokit"]
    assert str(events["autumn-bake.ana-bakes.ig-post-1@nanokit"]["STATUS"]) == "CANCELLED"
    assert "STATUS" not in events["spring-bake.ana-bakes.ig-post-1@nanokit"]


def test_overdue_installments_and_usage_rights_are_facts_of_the_whole_program(
        calendars: Program) -> None:
    facts = derive(calendars)
    ana = facts.engagement("spring-bake", "ana-bakes")
    # 'Today' is the latest metric date; ig-post-1 is in the metrics, the stories are not.
    assert facts.as_of == date(2026, 3, 18)
    assert [(f.deliverable.id, f.progress.posted, f.overdue) for f in ana.deliverables] == [
        ("ig-post-1", True, False), ("ig-story-1", False, True)]
    # $300 in halves: $150 on signature (paid on Feb 21), $150 30 days after the first post.
    assert [(i.installment.amount, i.installment.due_date, i.paid, i.overdue)
            for i in ana.installments] == [
        (Decimal("150.00"), date(2026, 2, 20), True, False),
        (Decimal("150.00"), date(2026, 4, 10), False, False)]
    assert ana.paid == Decimal(150)
    # ben-lifts is only invited: no schedule to keep.
    assert facts.engagement("spring-bake", "ben-lifts").installments == ()


def test_the_filter_cuts_facts_as_it_cuts_the_program(calendars: Program) -> None:
    facts = derive(calendars)
    assert facts.engagement("spring-bake", "ana-bakes").rate_card is not None
    for text, handles in (("creator:ben-lifts", ["ben-lifts"]),
                          ("brand:acme-flour", ["ana-bakes", "ben-lifts"])):
        audience = parse_audience(text)
        cut = filter_facts(facts, filter_program(calendars, audience), audience)
        assert sorted(cut.campaigns["spring-bake"].engagements) == handles
        assert all(e.rate_card is None for c in cut.campaigns.values()
                   for e in c.engagements.values())
        assert cut.flags == ()
    ben = parse_audience("creator:ben-lifts")
    creator_cut = filter_facts(facts, filter_program(calendars, ben), ben)
    assert sorted(creator_cut.campaigns) == sorted(creator_cut.kpis) == ["spring-bake"]


def test_kpis_are_derived_once_for_the_whole_program_and_cut_for_each_audience() -> None:
    program, _ = load("kpis-exports")
    facts = derive(program)
    spring = facts.kpis["spring-kit"]
    # The team and the brand see the whole campaign, dated by its latest row (Lena's TikTok
    # snapshot of Mar 25); only the team gets the portfolio.
    assert spring.as_of == date(2026, 3, 25)
    assert list(spring.creators) == ["lena-lifts", "omar-cooks", "pia-reads"]
    assert spring.unreported == {"youtube": ("reach", "clicks")}
    brand = parse_audience("brand:acme")
    brand_cut = filter_facts(facts, filter_program(program, brand), brand)
    assert brand_cut.kpis["spring-kit"] is spring
    assert facts.portfolio is not None and brand_cut.portfolio is None
    # Pia sees her own figures only, dated by her own row (her order of Mar 14), and no word
    # about Omar's YouTube posts: exactly what KPIs of her filtered program say.
    pia = parse_audience("creator:pia-reads")
    visible = filter_program(program, pia)
    own = filter_facts(facts, visible, pia).kpis["spring-kit"]
    assert list(own.creators) == ["pia-reads"] and own.creators["pia-reads"] == \
        spring.creators["pia-reads"]
    assert (own.as_of, own.unreported) == (date(2026, 3, 14), {})
    assert published_figures(own.totals, "USD") == published_figures(
        spring.creators["pia-reads"], "USD")
    assert own == compute_campaign_kpis(visible, "spring-kit")


def test_check_and_build_report_the_same_problems(tmp_path: Path) -> None:
    root = PROGRAMS / "calendars"
    checked = check_program(root)
    assert any(p.code == "contract-governing-law" for p in checked)
    for audience in ("team", "creator:ana-bakes"):
        built = build(root, tmp_path / audience.replace(":", "-"), audience, docs_only=True)
        assert built.ok
        assert [p.format_text() for p in built.problems] == [p.format_text() for p in checked]


def test_check_names_the_contract_without_governing_law() -> None:
    result = run_cli("check", "--root", str(PROGRAMS / "calendars"))
    assert result.stdout.splitlines()[:2] == [
        "campaigns/autumn-bake/campaign.yml:14:1: warning: the contract for ana-bakes names no "
        "governing law",
        "    hint: Set terms.governing_law to the law the brand's lawyers chose, e.g. "
        '"State of New York, USA" or "England and Wales".']
