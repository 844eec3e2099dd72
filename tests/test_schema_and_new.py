"""SPEC §7: `nanokit schema` writes a JSON Schema per YAML file kind; `nanokit new` scaffolds."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from builder.load import load_program
from builder.model.campaign import CampaignSpec, Engagement
from builder.model.creator import Profile
from builder.schema import FILE_KINDS, write_schemas
from tests.conftest import PROGRAMS, REPO, lines, load, run_cli

KINDS = ["brand", "profile", "private", "campaign", "draft"]
EDITOR_GLOBS = {
    "brand": "brands/*.yml",
    "profile": "creators/*/profile.yml",
    "private": "creators/*/private.yml",
    "campaign": "campaigns/*/campaign.yml",
}


def test_schema_writes_one_file_per_yaml_file_kind(tmp_path: Path) -> None:
    out = tmp_path / "schemas"
    result = run_cli("schema", "--out", out)
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [f"wrote {out / kind}.schema.json" for kind in KINDS]
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{k}.schema.json" for k in KINDS)
    brand = json.loads((out / "brand.schema.json").read_text())
    assert brand["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert brand["description"] == (
        "nanokit: brands/*.yml. A brand that runs campaigns; its legal details go into contracts.")
    assert brand["additionalProperties"] is False
    assert brand["required"] == ["name", "legal_name", "address", "signatory", "contact"]


def _shape(schema: dict[str, Any]) -> dict[str, tuple[list[str], list[str]]]:
    """Each object's properties and required keys: what a model change alters. (Exact bytes
    also vary with the pydantic release, e.g. patterns it adds to decimal strings.)"""
    objects = {"": schema, **schema.get("$defs", {})}
    return {name: (sorted(o.get("properties", {})), sorted(o.get("required", [])))
            for name, o in objects.items()}


def test_the_committed_schemas_are_the_ones_the_models_generate(tmp_path: Path) -> None:
    # Regenerate with `nanokit schema --out schemas` after changing a model.
    fresh = {p.name: _shape(json.loads(p.read_text())) for p in write_schemas(tmp_path)}
    committed = {p.name: _shape(json.loads(p.read_text()))
                 for p in (REPO / "schemas").glob("*.schema.json")}
    assert committed == fresh


def test_editors_are_wired_to_the_schemas() -> None:
    settings = json.loads((REPO / ".vscode" / "settings.json").read_text())
    assert settings["yaml.schemas"] == {
        f"./schemas/{kind}.schema.json": [glob] for kind, glob in EDITOR_GLOBS.items()}
    assert {kind: FILE_KINDS[kind][1] for kind in EDITOR_GLOBS} == EDITOR_GLOBS


def editor_view(path: Path) -> Any:
    """The file as a YAML 1.2 editor sees it: typed scalars, but dates stay ISO strings."""

    def plain(value: Any) -> Any:
        if isinstance(value, dict):
            return {str(k): plain(v) for k, v in value.items()}
        if isinstance(value, list):
            return [plain(v) for v in value]
        return value.isoformat() if isinstance(value, date) else value

    return plain(yaml.safe_load(path.read_text(encoding="utf-8")))


def validator(kind: str) -> jsonschema.Draft202012Validator:
    schema = json.loads((REPO / "schemas" / f"{kind}.schema.json").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@pytest.mark.parametrize("kind", list(EDITOR_GLOBS))
def test_the_spec_examples_and_the_sample_program_validate_against_the_schemas(
        kind: str) -> None:
    files = [path for root in (PROGRAMS / "spec-examples", PROGRAMS / "minimal", REPO)
             for path in sorted(root.glob(EDITOR_GLOBS[kind]))]
    assert files
    check = validator(kind)
    failures = {str(path): [error.message for error in check.iter_errors(editor_view(path))]
                for path in files}
    assert {path: errors for path, errors in failures.items() if errors} == {}


def test_the_schemas_reject_a_typo_and_a_wrong_type() -> None:
    profile = editor_view(PROGRAMS / "spec-examples/creators/maya-runs/profile.yml")
    profile["bio_text"] = profile.pop("bio")
    profile["platforms"][0]["followers"] = "many"
    messages = sorted(e.message for e in validator("profile").iter_errors(profile))
    assert messages == [
        "'many' is not of type 'integer'",
        "Additional properties are not allowed ('bio_text' was unexpected)",
    ]


def test_the_spec_examples_load_without_errors() -> None:
    program, problems = load("spec-examples")
    assert [p for p in problems if p.severity == "error"] == []
    engagement = program.campaigns["spring-glow"].spec.creators[0]
    assert (engagement.handle, engagement.promo_code, str(engagement.fee)) == (
        "maya-runs", "MAYA15", "250")
    terms = program.campaigns["spring-glow"].spec.terms_for(engagement)
    assert (str(terms.kill_fee_percent), terms.revision_rounds) == ("50", 2)


def test_new_creator_scaffolds_a_profile_that_passes_check(
        copy_program: Callable[[str], Path]) -> None:
    root = copy_program("minimal")
    result = run_cli("new", "creator", "cara-cooks", "--root", root)
    assert (result.exit_code, result.stdout) == (
        0, f"created {root / 'creators/cara-cooks/profile.yml'}\n")
    program, problems = load_program(root)
    assert lines(problems) == []
    profile = program.creators["cara-cooks"].profile
    assert (profile.name, profile.platforms[0].handle) == ("Cara Cooks", "@cara-cooks")
    assert run_cli("check", "--root", root).exit_code == 0


def test_new_campaign_scaffolds_a_campaign_and_brief_that_pass_check(
        copy_program: Callable[[str], Path]) -> None:
    root = copy_program("minimal")
    result = run_cli("new", "campaign", "fall-bake", "--brand", "acme-flour", "--root", root)
    assert (result.exit_code, result.stdout.splitlines()) == (0, [
        f"created {root / 'campaigns/fall-bake/campaign.yml'}",
        f"created {root / 'campaigns/fall-bake/brief.md'}",
    ])
    program, problems = load_program(root)
    assert lines(problems) == []
    campaign = program.campaigns["fall-bake"]
    assert (campaign.spec.title, campaign.spec.brand, campaign.spec.status) == (
        "Fall Bake", "acme-flour", "draft")
    assert campaign.brief.startswith("# Fall Bake\n")


def test_the_scaffolds_show_every_field(copy_program: Callable[[str], Path]) -> None:
    root = copy_program("minimal")
    run_cli("new", "creator", "cara-cooks", "--root", root)
    run_cli("new", "campaign", "fall-bake", "--brand", "acme-flour", "--root", root)
    profile = (root / "creators/cara-cooks/profile.yml").read_text()
    campaign = (root / "campaigns/fall-bake/campaign.yml").read_text()
    for model, text in ((Profile, profile), (CampaignSpec, campaign), (Engagement, campaign)):
        assert [f for f in model.model_fields if f"{f}:" not in text] == [], model.__name__


def test_the_commented_roster_example_is_valid_once_uncommented(
        copy_program: Callable[[str], Path]) -> None:
    root = copy_program("minimal")
    run_cli("new", "campaign", "fall-bake", "--brand", "acme-flour", "--root", root)
    path = root / "campaigns/fall-bake/campaign.yml"
    head, example = path.read_text().split("creators: []")
    roster = [line[1:] if line.startswith("#  ") else line[2:] for line in example.splitlines()[1:]]
    path.write_text(head + "creators:\n" + "\n".join(roster).replace("maya-runs", "ana-bakes"))
    program, problems = load_program(root)
    assert lines(problems) == []
    assert program.campaigns["fall-bake"].spec.creators[0].terms is not None


@pytest.mark.parametrize(("args", "message"), [
    (("new", "creator", "Cara_Cooks"),
     "Invalid value for 'HANDLE': use lower-case letters, digits and hyphens, e.g. maya-runs"),
    (("new", "creator", "ana-bakes"), "creators/ana-bakes already exists"),
    (("new", "campaign", "Fall", "--brand", "acme-flour"),
     "Invalid value for 'SLUG': use lower-case letters, digits and hyphens, e.g. maya-runs"),
    (("new", "campaign", "fall-bake", "--brand", "acme"),
     "brand 'acme' does not exist: create brands/acme.yml first"),
    (("new", "campaign", "spring-bake", "--brand", "acme-flour"),
     "campaigns/spring-bake already exists"),
    (("new", "campaign", "fall-bake"), "Missing option '--brand'."),
])
def test_new_refuses_bad_names_unknown_brands_and_existing_folders(
        copy_program: Callable[[str], Path], args: tuple[str, ...], message: str) -> None:
    root = copy_program("minimal")
    before = sorted(root.rglob("*"))
    result = run_cli(*args, "--root", root)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == f"Error: {message}"
    assert sorted(root.rglob("*")) == before


def test_new_refuses_a_root_that_does_not_exist(tmp_path: Path) -> None:
    result = run_cli("new", "creator", "cara-cooks", "--root", tmp_path / "nowhere")
    assert result.exit_code == 2
    assert not (tmp_path / "nowhere").exists()
