"""SPEC §3 and §14: YAML is loaded safely, with positions; strings stay strings."""

from __future__ import annotations

from datetime import date

from builder.load.yamlfile import MAX_VALUES, parse_yaml
from tests.conftest import lines, load, problem_lines


def test_a_syntax_error_points_at_the_place_and_says_where_the_collection_starts() -> None:
    assert problem_lines("yaml-syntax") == [
        "brands/lumen-skin.yml:7:1: error: invalid YAML: did not find expected ',' or '}' "
        "(while parsing a flow mapping that starts on line 6)",
    ]


def test_a_duplicate_key_is_an_error_at_the_second_key() -> None:
    assert problem_lines("duplicate-key") == [
        "creators/maya-runs/profile.yml:11:5: error: duplicate key 'followers' "
        "(first defined on line 10)",
    ]


def test_the_first_of_two_duplicate_keys_is_kept() -> None:
    program, _ = load("duplicate-key")
    assert program.creators["maya-runs"].profile.platforms[0].followers == 8400


def test_scalars_stay_strings_in_string_fields() -> None:
    program, problems = load("strings-stay-strings")
    assert problems == []
    profile = program.creators["maya-runs"].profile
    assert profile.name == "12:30"
    assert profile.bio == "NO"
    assert profile.niches == ["yes", "off", "1e3", "0x1F", "~no"]
    spec = program.campaigns["spring-glow"].spec
    assert spec.title == "1e3"
    assert spec.creators[0].promo_code == "010"
    assert spec.creators[0].notes == "12:30"


def test_typed_fields_are_typed_from_the_strings() -> None:
    program, _ = load("minimal")
    engagement = program.campaigns["spring-bake"].spec.creators[0]
    assert str(engagement.fee) == "300"
    assert engagement.gifted is not None and str(engagement.gifted.value) == "25.50"
    assert engagement.deliverables[1].due == date(2026, 3, 12)
    assert engagement.deliverables[1].count == 3
    assert program.creators["ana-bakes"].profile.public is True
    assert program.creators["ben-lifts"].profile.public is False


def test_anchors_aliases_and_merge_keys_are_allowed() -> None:
    program, problems = load("anchors-and-merge")
    assert problems == []
    deliverables = program.campaigns["spring-glow"].spec.creators[0].deliverables
    assert [(d.id, d.type, d.due) for d in deliverables] == [
        ("ig-reel-1", "reel", date(2026, 3, 10)),
        ("ig-reel-2", "reel", date(2026, 3, 20)),
    ]


def test_an_alias_bomb_is_rejected() -> None:
    # Nine levels of nine aliases would expand to 387 million strings; this must return quickly.
    assert problem_lines("alias-bomb") == [
        f"brands/lumen-skin.yml:1:1: error: aliases expand to more than {MAX_VALUES:,} values",
    ]


def test_a_recursive_alias_is_rejected() -> None:
    doc, problems = parse_yaml("a: &x [*x]\n", "x.yml")
    assert doc is None
    assert lines(problems) == ["x.yml:1:1: error: the document nests too deeply"]


def test_deep_nesting_is_rejected_without_crashing_the_interpreter() -> None:
    # libyaml's composer recurses in C; 100,000 levels used to end the process with SIGSEGV.
    for text in ("a: " + "[" * 100_000 + "]" * 100_000, "- " * 100_000 + "x"):
        doc, problems = parse_yaml(text, "x.yml")
        assert doc is None
        assert lines(problems) == ["x.yml:1:1: error: the document nests too deeply"]


def test_unsafe_tags_are_never_constructed() -> None:
    doc, problems = parse_yaml("name: !!python/object/apply:os.system [echo hacked]\n", "x.yml")
    assert problems == []
    assert doc is not None and doc.data == {"name": ["echo hacked"]}


def test_two_documents_in_one_file_are_an_error() -> None:
    _, problems = parse_yaml("name: a\n---\nname: b\n", "x.yml")
    assert lines(problems) == [
        "x.yml:2:1: error: invalid YAML: but found another document "
        "(expected a single document in the stream)",
    ]


def test_a_mapping_key_must_be_text() -> None:
    _, problems = parse_yaml("? [a, b]\n: c\n", "x.yml")
    assert lines(problems) == ["x.yml:1:3: error: a mapping key must be a plain name"]


def test_front_matter_positions_are_lines_of_the_whole_file() -> None:
    _, problems = parse_yaml("status: draft\nstatus: approved\n", "d.md", line_offset=1)
    assert lines(problems) == [
        "d.md:3:1: error: duplicate key 'status' (first defined on line 2)",
    ]
