"""SPEC §3: every value is validated against a typed model; errors name PATH:LINE:COL."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import BaseModel

from builder.load.validate import validate_model
from builder.load.yamlfile import parse_yaml
from builder.model.brand import Brand
from builder.model.campaign import CampaignSpec
from builder.model.creator import Profile
from builder.problems import Problem
from tests.conftest import lines, load, problem_lines


def validate(model: type[BaseModel], text: str) -> tuple[Any, list[Problem]]:
    doc, problems = parse_yaml(text, "x.yml")
    assert doc is not None and problems == []
    return validate_model(model, doc.data, "x.yml", doc.positions)


def test_an_unknown_key_says_did_you_mean() -> None:
    assert problem_lines("unknown-key") == [
        "campaigns/spring-glow/campaign.yml:9:5: error: unknown key 'fe'; did you mean 'fee'?",
    ]
    _, problems = load("unknown-key")
    assert problems[0].code == "unknown-key"
    assert problems[0].hint == (
        "Allowed keys here: deliverables, extra, fee, gifted, handle, notes, payments, "
        "promo_code, rating, signed_on, status, terms. Free-form data belongs under `extra:`.")


def test_an_unknown_key_without_a_close_name_lists_the_allowed_keys() -> None:
    _, problems = validate(Brand, "name: A\nlegal_name: A\naddress: B\nsignatory: {name: C, "
                                  "title: D}\ncontact: {email: e@x.example, twitter: x}\n")
    assert lines(problems) == ["x.yml:5:31: error: unknown key 'twitter'"]
    assert problems[0].hint == "Allowed keys here: email, name, phone."


def test_free_form_data_is_allowed_under_extra() -> None:
    brand, problems = validate(Brand, "name: A\nlegal_name: A\naddress: B\nsignatory: {name: C, "
                                      "title: D}\ncontact: {email: e@x.example}\n"
                                      "extra: {crm_id: 42, tags: [vip]}\n")
    assert problems == []
    assert brand.extra == {"crm_id": "42", "tags": ["vip"]}


def test_a_wrong_type_names_the_key_and_the_value() -> None:
    assert problem_lines("wrong-type") == [
        "creators/maya-runs/profile.yml:1:7: error: name: expected text, not a list or mapping",
        "creators/maya-runs/profile.yml:3:12: error: languages: expected a list (got 'en')",
        "creators/maya-runs/profile.yml:10:16: error: platforms[0].followers: expected a whole "
        "number (got 'many')",
    ]


def test_a_missing_key_points_at_the_mapping_that_lacks_it() -> None:
    assert problem_lines("missing-key") == [
        "brands/lumen-skin.yml:1:1: error: missing required key 'legal_name'",
        "brands/lumen-skin.yml:3:1: error: missing required key 'title' in signatory",
    ]


def test_an_impossible_date_is_an_error() -> None:
    assert problem_lines("invalid-date") == [
        "campaigns/spring-glow/campaign.yml:5:34: error: period.end: expected a real "
        "calendar date as YYYY-MM-DD (got '15/04/2026')",
        "campaigns/spring-glow/campaign.yml:13:63: error: creators[0].deliverables[0].due: "
        "expected a real calendar date as YYYY-MM-DD (got '2026-02-30')",
    ]
    _, problems = load("invalid-date")
    assert {p.hint for p in problems} == {
        "Write a real calendar date as YYYY-MM-DD, e.g. 2026-03-10."}


def test_payment_installments_must_add_up_to_100_percent() -> None:
    assert problem_lines("payment-percents") == [
        "campaigns/spring-glow/campaign.yml:9:5: error: terms.payment: installments add up to 90 "
        "percent, not 100",
        "campaigns/spring-glow/campaign.yml:17:16: error: creators[0].terms.payment: "
        "installments add up to 110 percent, not 100",
    ]


def test_a_period_must_not_end_before_it_starts() -> None:
    assert problem_lines("period-order") == [
        "campaigns/spring-glow/campaign.yml:5:9: error: period: end 2026-02-15 is before start "
        "2026-03-01",
    ]


def test_a_file_that_is_not_a_mapping_is_an_error() -> None:
    _, problems = validate(Brand, "- name: Lumen\n")
    assert lines(problems) == ["x.yml:1:1: error: expected a mapping of `key: value` lines"]


def test_an_empty_value_says_to_write_one() -> None:
    _, problems = validate(Profile, "name:\nlocation: {country: US}\nplatforms:\n"
                                    "  - {platform: tiktok, handle: '@m', followers: 10}\n")
    assert lines(problems) == ["x.yml:1:6: error: name: has no value"]
    assert problems[0].hint == "Write a value after the colon, or remove the key."


@pytest.mark.parametrize(("line", "message", "hint"), [
    ("location: {country: us}",
     "x.yml:2:21: error: location.country: must be a two-letter country code in capitals "
     "(got 'us')",
     "Write an ISO 3166-1 alpha-2 country code in capitals, e.g. US."),
    ("location: {country: US}\nrates: {currency: usd}",
     "x.yml:3:19: error: rates.currency: must be a three-letter currency code in capitals "
     "(got 'usd')",
     "Write an ISO 4217 currency code in capitals, e.g. USD."),
])
def test_a_code_in_the_wrong_form_gets_a_hint_for_that_code(line: str, message: str,
                                                            hint: str) -> None:
    _, problems = validate(Profile, f"name: Maya\n{line}\nplatforms:\n"
                                    "  - {platform: tiktok, handle: '@m', followers: 10}\n")
    assert lines(problems) == [message]
    assert problems[0].hint == hint


def test_a_bad_mapping_key_is_located_at_the_key() -> None:
    _, problems = validate(Profile, "name: Maya\nlocation: {country: US}\nplatforms:\n"
                                    "  - platform: tiktok\n    handle: '@m'\n    followers: 10\n"
                                    "    audience: {countries: {us: 0.5}}\n")
    assert lines(problems) == [
        "x.yml:7:28: error: platforms[0].audience.countries.us: key must be a two-letter "
        "country code in capitals (got 'us')",
    ]


def test_money_is_exact_and_never_negative() -> None:
    base = ("title: T\nbrand: b\nstatus: draft\ngoal: ugc\nperiod: {start: 2026-01-01, "
            "end: 2026-01-02}\n")
    spec, problems = validate(CampaignSpec, base + "budget: {amount: 0.1, currency: USD}\n")
    assert problems == [] and str(spec.budget.amount) == "0.1"
    _, problems = validate(CampaignSpec, base + "budget: {amount: -5, currency: USD}\n")
    assert lines(problems) == [
        "x.yml:6:18: error: budget.amount: must be a finite amount of zero or more (got '-5')",
    ]
    _, problems = validate(CampaignSpec, base + "budget: {amount: NaN, currency: USD}\n")
    assert lines(problems) == [
        "x.yml:6:18: error: budget.amount: expected a finite number (got 'NaN')",
    ]
