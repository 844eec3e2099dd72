"""SPEC §2, §3 and §10: checks across files, and drafts against their campaign's roster."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from builder.load.program import load_program
from tests.conftest import lines, load, problem_lines


def test_a_directory_or_file_name_that_is_not_an_identifier_is_an_error_naming_the_path() -> None:
    assert problem_lines("bad-identifiers") == [
        "brands/Lumen_Skin.yml: error: 'Lumen_Skin' is not a valid brand identifier",
        "campaigns/Spring Glow: error: 'Spring Glow' is not a valid campaign slug identifier",
        "creators/Maya_Runs: error: 'Maya_Runs' is not a valid creator handle identifier",
    ]


def test_referenced_brands_and_creators_must_exist() -> None:
    assert problem_lines("unknown-references") == [
        "campaigns/spring-glow/campaign.yml:2:8: error: brand 'lumen' does not exist",
        "campaigns/spring-glow/campaign.yml:14:13: error: creator 'ghost-runner' does not exist",
    ]
    _, problems = load("unknown-references")
    assert [p.hint for p in problems] == [
        "Create brands/lumen.yml or use one of: lumen-skin.",
        "Create creators/ghost-runner/profile.yml (`nanokit new creator ghost-runner`) or fix "
        "the handle.",
    ]


def test_a_handle_appears_once_per_roster_and_deliverable_ids_once_per_engagement() -> None:
    assert problem_lines("duplicate-roster") == [
        "campaigns/spring-glow/campaign.yml:13:14: error: deliverable id 'ig-reel-1' is used "
        "twice for 'maya-runs'",
        "campaigns/spring-glow/campaign.yml:14:13: error: 'maya-runs' is already on this roster "
        "(creators[0])",
    ]


def test_a_promo_code_is_unique_across_active_campaigns_only() -> None:
    # MAYA15 is also used by a completed and a draft campaign; codes compare case-insensitively.
    assert problem_lines("promo-codes") == [
        "campaigns/summer-glow/campaign.yml:9:17: error: promo code 'maya15' is already used by "
        "'maya-runs' in campaign 'spring-glow'",
    ]


def test_money_has_at_most_the_currencys_minor_unit_digits() -> None:
    assert problem_lines("money-precision") == [
        "campaigns/spring-glow/campaign.yml:9:10: error: 12.345 has more decimals than USD "
        "allows (2)",
        "campaigns/tokyo-glow/campaign.yml:9:10: error: 100.5 has more decimals than JPY "
        "allows (0)",
        "creators/maya-runs/profile.yml:14:48: error: rate 219.999 has more decimals than USD "
        "allows (2)",
    ]


def test_trailing_zeros_and_huge_amounts_are_not_extra_decimals(
        copy_program: Callable[[str], Path]) -> None:
    root = copy_program("minimal")
    spec = root / "campaigns/spring-bake/campaign.yml"
    spec.write_text(spec.read_text().replace("fee: 300", "fee: 300.000")
                    .replace("amount: 2000", "amount: 1e7"))  # the largest amount allowed
    program, problems = load_program(root)
    assert problems == []
    assert str(program.campaigns["spring-bake"].spec.budget.amount) == "1E+7"


def test_an_invalid_brand_or_profile_is_not_also_reported_as_missing(
        copy_program: Callable[[str], Path]) -> None:
    root = copy_program("minimal")
    (root / "brands/acme-flour.yml").write_text("name: Acme Flour\n")
    (root / "creators/ana-bakes/profile.yml").write_text("name: Ana Lima\n")
    (root / "creators/ana-bakes/private.yml").write_text("email: ana@example.com\n")
    _, problems = load_program(root)
    assert lines(problems) == [
        "brands/acme-flour.yml:1:1: error: missing required key 'address'",
        "brands/acme-flour.yml:1:1: error: missing required key 'contact'",
        "brands/acme-flour.yml:1:1: error: missing required key 'legal_name'",
        "brands/acme-flour.yml:1:1: error: missing required key 'signatory'",
        "creators/ana-bakes/private.yml:1:1: error: missing required key 'legal_name'",
        "creators/ana-bakes/profile.yml:1:1: error: missing required key 'location'",
        "creators/ana-bakes/profile.yml:1:1: error: missing required key 'platforms'",
    ]


def test_a_contracted_creator_needs_a_legal_name_and_address_for_the_contract(
        copy_program: Callable[[str], Path]) -> None:
    root = copy_program("minimal")
    (root / "creators/ana-bakes/private.yml").unlink()
    _, problems = load_program(root)
    assert lines(problems) == [
        "campaigns/spring-bake/campaign.yml:24:13: error: 'ana-bakes' is contracted but has no "
        "legal name and address for the contract",
    ]


def test_drafts_need_front_matter_a_known_status_a_roster_handle_and_a_deliverable() -> None:
    assert problem_lines("draft-problems") == [
        "campaigns/spring-glow/content/jo-lifts/ig-reel-1.md:1:1: error: 'jo-lifts' is not on "
        "the roster of 'spring-glow'",
        "campaigns/spring-glow/content/maya-runs/ig-reel-1.md:1:1: error: the draft has no front "
        "matter",
        "campaigns/spring-glow/content/maya-runs/ig-reel-2.md:2:9: error: status: expected one of "
        "draft, submitted, changes_requested, approved, published (got 'posted')",
        "campaigns/spring-glow/content/maya-runs/ig-story-1.md:1:1: error: 'ig-story-1' is not a "
        "deliverable of 'maya-runs' in 'spring-glow'",
    ]


def test_drafts_are_checked_even_when_their_campaign_file_is_broken(
        copy_program: Callable[[str], Path]) -> None:
    root = copy_program("draft-problems")
    (root / "campaigns/spring-glow/campaign.yml").write_text("title: [\n")
    _, problems = load_program(root)
    assert [p.path.rsplit("/", 2)[-2:] for p in problems if p.path.endswith(".md")] == [
        ["maya-runs", "ig-reel-1.md"], ["maya-runs", "ig-reel-2.md"]]


def test_a_draft_is_loaded_with_its_caption_and_where_the_caption_starts() -> None:
    program, _ = load("minimal")
    (draft,) = program.campaigns["spring-bake"].drafts
    assert (draft.handle, draft.deliverable, draft.meta.status, draft.meta.post_url) == (
        "ana-bakes", "ig-post-1", "submitted", None)
    assert draft.caption == "#ad Spring loaf with @acmeflour. Code ANA10 #AcmeBakes"
    assert draft.caption_line == 5


def test_a_brand_file_ending_in_yaml_is_not_silently_ignored(
        copy_program: Callable[[str], Path]) -> None:
    root = copy_program("minimal")
    (root / "brands/acme-flour.yml").rename(root / "brands/acme-flour.yaml")
    _, problems = load_program(root)
    assert lines(problems) == [
        "brands/acme-flour.yaml: error: brand files end in .yml; this one is not read",
        "campaigns/spring-bake/campaign.yml:2:8: error: brand 'acme-flour' does not exist",
    ]
