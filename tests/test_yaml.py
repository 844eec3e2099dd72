"""SPEC §3 and §14: YAML is loaded safely, with positions; strings stay strings."""

from __future__ import annotations

from datetime import date

import pytest

from builder.load.yamlfile import parse_yaml
from tests.conftest import lines, load, problem_lines


def test_an_unclosed_bracket_is_reported_where_it_opens() -> None:
    assert problem_lines("yaml-syntax") == [
        "brands/lumen-skin.yml:6:10: error: the { opened here is not closed with }, or a comma "
        "is missing between its items",
    ]


# Syntax errors in nanokit's own words, at the place to fix: one case per message. The parser's
# wording never reaches the user (it changes between PyYAML releases).
SYNTAX_ERRORS = {
    "a tab indents a key": (
        "name: a\n\tage: 3\n",
        "x.yml:2:1: error: a tab indents this line; indent with spaces, not tabs"),
    "a tab indents a list item": (
        "name: a\nlist:\n  - x\n\t- y\n",
        "x.yml:4:1: error: a tab indents this line; indent with spaces, not tabs"),
    "an unclosed double quote": (
        'name: "Maya\nbio: runs\nniches: [a]\nlocation: here\n',
        'x.yml:1:7: error: the quote " opened here is never closed'),
    "an unclosed single quote": (
        "name: Maya\nbio: 'runs\nniches: [a]\nlocation: here\n",
        "x.yml:2:6: error: the quote ' opened here is never closed"),
    "an unclosed bracket": (
        "niches: [running, trail\nname: Maya\nbio: runs\n",
        "x.yml:1:9: error: the [ opened here is not closed with ], or a comma is missing "
        "between its items"),
    "a missing space after a colon": (
        "name: Maya\nbio:runs far\nlocation: here\n",
        "x.yml:2:4: error: put a space after the colon: `bio: runs far`"),
    "a missing space after a nested colon": (
        "audience:\n  age:25-34\n  gender: f\n",
        "x.yml:2:6: error: put a space after the colon: `age: 25-34`"),
    "a list item out of line": (
        "niches:\n  - running\n - trail\n",
        "x.yml:3:2: error: this list item is indented differently from the items above it"),
    "a key at the depth of list items": (
        "platforms:\n  - name: instagram\n  followers: 3\n",
        "x.yml:3:3: error: this line stands at the depth of the list items above it but is not "
        "an item"),
    "a second document": (
        "name: a\n---\nname: b\n",
        "x.yml:2:1: error: a second YAML document starts here; each file holds one"),
    "a colon inside a value": (
        "title: Launch: part 2\n",
        "x.yml:1:14: error: a value holds `: `, which YAML reads as a second key"),
    "text after a closing quote": (
        "bio: 'it's me'\n",
        "x.yml:1:10: error: text follows the closing quote of a value"),
    "an undefined alias": (
        "niches: *running\n",
        "x.yml:1:9: error: `*running` refers to an anchor `&running` that is not defined "
        "above it"),
    "a value starting with @": (
        "instagram: @maya\n",
        "x.yml:1:12: error: a value cannot start with `@` unless it is quoted"),
    "a control character": (
        "name: Maya\nbio: runs\x1b[31m far\n",
        "x.yml:2:10: error: the file holds a control character (U+001B) here"),
    "an overlong value quoted in the message": (
        "name: Maya\nbio:" + "x" * 60 + "\nz: 1\n",
        "x.yml:2:4: error: put a space after the colon: `bio: " + "x" * 39 + "…`"),
    "an indentation that fits nothing": (
        "audience:\n    age: 1\n  gender: f\n",
        "x.yml:3:3: error: this line does not fit the structure above it"),
}


@pytest.mark.parametrize("text, expected", SYNTAX_ERRORS.values(), ids=SYNTAX_ERRORS.keys())
def test_a_syntax_error_says_what_to_fix_at_its_place(text: str, expected: str) -> None:
    doc, problems = parse_yaml(text, "x.yml")
    assert doc is None
    assert lines(problems) == [expected]
    assert problems[0].hint


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


def test_null_is_written_five_ways_and_quoted_it_is_text() -> None:
    text = ("a: ~\nb: null\nc: Null\nd: NULL\ne:\nf: 'null'\ng: \"~\"\nh: nil\ni: nULL\n"
            "j: [~, '', x]\n")
    doc, problems = parse_yaml(text, "x.yml")
    assert problems == []
    assert doc is not None
    assert doc.data == {"a": None, "b": None, "c": None, "d": None, "e": None, "f": "null",
                        "g": "~", "h": "nil", "i": "nULL", "j": [None, "", "x"]}


def test_only_a_plain_double_angle_key_merges() -> None:
    text = "base: &b {x: '1'}\nm: {<<: *b, y: '2'}\nq: {'<<': z}\nr: [<<]\n"
    doc, problems = parse_yaml(text, "x.yml")
    assert problems == []
    assert doc is not None
    assert doc.data == {"base": {"x": "1"}, "m": {"x": "1", "y": "2"}, "q": {"<<": "z"},
                        "r": ["<<"]}


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
        "brands/lumen-skin.yml:1:1: error: aliases repeat more than 10,000 values",
    ]


def test_aliases_may_not_amplify_a_file_just_under_the_bomb_limit() -> None:
    # Five levels of ten aliases: 111,110 values from 300 bytes, below MAX_VALUES, used to
    # cost every later step (validation, positions, pages) a hundred thousand values.
    text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 10)}]\n" for n in range(1, 5))
    doc, problems = parse_yaml(text, "x.yml")
    assert doc is None
    assert lines(problems) == ["x.yml:1:1: error: aliases repeat more than 10,000 values"]


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


def test_a_mapping_key_must_be_text() -> None:
    _, problems = parse_yaml("? [a, b]\n: c\n", "x.yml")
    assert lines(problems) == ["x.yml:1:3: error: a mapping key must be a plain name"]


def test_front_matter_positions_are_lines_of_the_whole_file() -> None:
    _, problems = parse_yaml("status: draft\nstatus: approved\n", "d.md", line_offset=1)
    assert lines(problems) == [
        "d.md:3:1: error: duplicate key 'status' (first defined on line 2)",
    ]
