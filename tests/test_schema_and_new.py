"""SPEC §7: `nanokit schema` writes a JSON Schema per YAML file kind; `nanokit new` scaffolds."""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from builder.load.program import load_program
from builder.load.validate import validate_model
from builder.load.yamlfile import parse_yaml
from builder.model.brand import Brand
from builder.model.campaign import CampaignSpec, Engagement
from builder.model.creator import PrivateData, Profile
from builder.scaffold import RELEASES, init_program, requirement_for
from builder.schema import FILE_KINDS, write_schemas
from tests.conftest import PROGRAMS, REPO, TODAY, lines, load, run_cli

KINDS = ["brand", "profile", "private", "campaign", "draft"]
STARTER = REPO / "builder/starter"
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


def test_the_committed_schemas_are_the_ones_the_models_generate(tmp_path: Path) -> None:
    # Regenerate with `nanokit schema --out schemas` after changing a model.
    fresh = {p.name: json.loads(p.read_text()) for p in write_schemas(tmp_path)}
    committed = {p.name: json.loads(p.read_text())
                 for p in (REPO / "schemas").glob("*.schema.json")}
    assert committed == fresh


def test_editors_are_wired_to_the_schemas() -> None:
    settings = json.loads((REPO / ".vscode" / "settings.json").read_text())
    assert settings["yaml.schemas"] == {
        f"./schemas/{kind}.schema.json": [glob] for kind, glob in EDITOR_GLOBS.items()}
    assert {kind: FILE_KINDS[kind][1] for kind in EDITOR_GLOBS} == EDITOR_GLOBS


class Yaml12Loader(yaml.SafeLoader):
    """YAML as editors read it (yaml-language-server: YAML 1.2 core schema): `yes` and dates
    are text, `+15035550142` and `012345678` are integers, only true/false are booleans."""


Yaml12Loader.yaml_implicit_resolvers = {}
for tag, pattern, first in [
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
    ("float", r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
              r"|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$", "-+0123456789."),
    ("null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
]:
    Yaml12Loader.add_implicit_resolver(f"tag:yaml.org,2002:{tag}", re.compile(pattern), list(first))
Yaml12Loader.add_constructor("tag:yaml.org,2002:int", lambda loader, node: int(
    node.value, 0) if node.value.startswith(("0o", "0x")) else int(node.value))


def editor_view(text: str) -> Any:
    return yaml.load(text, Loader=Yaml12Loader)  # a SafeLoader subclass


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
    failures = {str(path): [error.message for error in check.iter_errors(
        editor_view(path.read_text(encoding="utf-8")))] for path in files}
    assert {path: errors for path, errors in failures.items() if errors} == {}


def test_the_schemas_reject_a_typo_and_a_wrong_type() -> None:
    profile = editor_view(
        (PROGRAMS / "spec-examples/creators/maya-runs/profile.yml").read_text(encoding="utf-8"))
    profile["bio_text"] = profile.pop("bio")
    profile["platforms"][0]["followers"] = "many"
    messages = sorted(e.message for e in validator("profile").iter_errors(profile))
    assert [m.split(" ")[0] for m in messages] == ["'many'", "Additional"]


SPEC_EXAMPLES = PROGRAMS / "spec-examples"
MUTATIONS = [
    # (kind, file, the line as written, the line changed, check accepts it)
    ("private", "creators/maya-runs/private.yml", 'phone: "+1 503 555 0142"',
     "phone: +15035550142", True),
    ("private", "creators/maya-runs/private.yml", 'tax_id: "XXX-XX-1234"', "tax_id: 012345678",
     True),
    ("private", "creators/maya-runs/private.yml", "legal_name: Maya L. Chen", "legal_name: true",
     True),
    ("campaign", "campaigns/spring-glow/campaign.yml", "promo_code: MAYA15", "promo_code: 2026",
     True),
    ("campaign", "campaigns/spring-glow/campaign.yml", 'ref: "INV-0042"', "ref: 2291", True),
    ("campaign", "campaigns/spring-glow/campaign.yml", "fee: 250", 'fee: "250"', True),
    ("campaign", "campaigns/spring-glow/campaign.yml", "fee: 250", "fee: 250.50", True),
    ("campaign", "campaigns/spring-glow/campaign.yml", "fee: 250", "fee: 1e3", True),
    ("campaign", "campaigns/spring-glow/campaign.yml", "fee: 250", "fee: -5", False),
    ("campaign", "campaigns/spring-glow/campaign.yml", "fee: 250", 'fee: "-5"', False),
    ("campaign", "campaigns/spring-glow/campaign.yml", "fee: 250", "fee: 250 USD", False),
    ("campaign", "campaigns/spring-glow/campaign.yml", "amount: 5000", "amount: -1", False),
    ("campaign", "campaigns/spring-glow/campaign.yml", "due: 2026-03-10", "due: 2026-02-30",
     False),
    ("campaign", "campaigns/spring-glow/campaign.yml", "due: 2026-03-10", "due: 2028-02-29",
     True),
    ("campaign", "campaigns/spring-glow/campaign.yml", "due: 2026-03-10", "due: 2026-02-29",
     False),
    ("campaign", "campaigns/spring-glow/campaign.yml", "due: 2026-03-10", "due: 2026-3-10",
     False),
    ("campaign", "campaigns/spring-glow/campaign.yml", "due: 2026-03-10", "due: 2026-03-10T00:00",
     False),
    ("campaign", "campaigns/spring-glow/campaign.yml", "due: 2026-03-10",
     "due: 2026-03-10 00:00:00Z", False),
    ("campaign", "campaigns/spring-glow/campaign.yml", "kill_fee_percent: 25",
     'kill_fee_percent: "101"', False),
    ("campaign", "campaigns/spring-glow/campaign.yml", "kill_fee_percent: 25",
     'kill_fee_percent: "100.0"', True),
    ("campaign", "campaigns/spring-glow/campaign.yml", "markets: [US, CA]",
     "markets: [us, CA]", False),
    ("campaign", "campaigns/spring-glow/campaign.yml", "rating: 4", "rating: 6", False),
    ("campaign", "campaigns/spring-glow/campaign.yml", "rating: 4", 'rating: "6"', False),
    ("campaign", "campaigns/spring-glow/campaign.yml", "rating: 4", 'rating: "5"', True),
    ("campaign", "campaigns/spring-glow/campaign.yml", "kill_fee_percent: 25",
     "kill_fee_percent: 101", False),
    ("campaign", "campaigns/spring-glow/campaign.yml", "status: active", "status: Active",
     False),
    ("campaign", "campaigns/spring-glow/campaign.yml", "id: ig-reel-1,", "id: 2026,", True),
    ("campaign", "campaigns/spring-glow/campaign.yml", "id: ig-reel-1,", "id: Reel-1,", False),
    ("profile", "creators/maya-runs/profile.yml", "public: true", "public: yes", True),
    ("profile", "creators/maya-runs/profile.yml", "public: true", "public: Off", True),
    ("profile", "creators/maya-runs/profile.yml", "public: true", "public: maybe", False),
    ("profile", "creators/maya-runs/profile.yml", "followers: 8400", 'followers: "8400"', True),
    ("profile", "creators/maya-runs/profile.yml", "followers: 8400", "followers: 8,400", False),
    ("profile", "creators/maya-runs/profile.yml", "followers: 8400", "followers: -1", False),
    ("profile", "creators/maya-runs/profile.yml", "{US: 0.72, CA: 0.11}",
     "{us: 0.72, CA: 0.11}", False),
    ("profile", "creators/maya-runs/profile.yml", "{US: 0.72, CA: 0.11}",
     "{US: 1.72, CA: 0.11}", False),
    ("profile", "creators/maya-runs/profile.yml", "country: US", "country: us", False),
    ("profile", "creators/maya-runs/profile.yml", "bio: Trail runner", "bio: 2026 Trail runner",
     True),
    ("profile", "creators/maya-runs/profile.yml", "currency: USD", "currency: usd", False),
    ("brand", "brands/lumen-skin.yml", "name: Lumen Skin", "name: 2026", True),
    ("brand", "brands/lumen-skin.yml", "name: Lumen Skin", "name:", False),
]


@pytest.mark.parametrize(("kind", "rel", "before", "after", "accepted"), MUTATIONS,
                         ids=[m[3] for m in MUTATIONS])
def test_the_schemas_accept_and_reject_what_check_does(
        kind: str, rel: str, before: str, after: str, accepted: bool) -> None:
    original = (SPEC_EXAMPLES / rel).read_text(encoding="utf-8")
    assert before in original
    text = original.replace(before, after, 1)
    doc, problems = parse_yaml(text, rel)
    assert doc is not None and problems == []
    model = FILE_KINDS[kind][0]
    _, found = validate_model(model, doc.data, rel, doc.positions)
    assert (found == []) is accepted, lines(found)
    schema_errors = [e.message for e in validator(kind).iter_errors(editor_view(text))]
    assert (schema_errors == []) is accepted, schema_errors


def test_the_spec_examples_load_without_errors() -> None:
    program, problems = load("spec-examples")
    assert [p for p in problems if p.severity == "error"] == []
    engagement = program.campaigns["spring-glow"].spec.creators[0]
    assert (engagement.handle, engagement.promo_code, str(engagement.fee)) == (
        "maya-runs", "MAYA15", "250")
    terms = program.campaigns["spring-glow"].spec.terms_for(engagement)
    assert (str(terms.kill_fee_percent), terms.revision_rounds) == ("50", 2)


def test_new_creator_scaffolds_a_profile_and_private_data_that_pass_check(
        copy_program: Callable[[str], Path]) -> None:
    root = copy_program("minimal")
    result = run_cli("new", "creator", "cara-cooks", "--root", root)
    assert (result.exit_code, result.stdout.splitlines()) == (0, [
        f"created {root / 'creators/cara-cooks/profile.yml'}",
        f"created {root / 'creators/cara-cooks/private.yml'}",
    ])
    program, problems = load_program(root)
    assert lines(problems) == [
        "creators/cara-cooks/private.yml:4:13: warning: legal_name is empty; contracts print it",
        "creators/cara-cooks/private.yml:5:10: warning: address is empty; contracts print it",
    ]
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


def test_new_brand_leaves_what_contracts_print_empty_with_a_warning_at_each_line(
        copy_program: Callable[[str], Path]) -> None:
    root = copy_program("minimal")
    result = run_cli("new", "brand", "juniper-tea", "--root", root)
    assert (result.exit_code, result.stdout) == (
        0, f"created {root / 'brands/juniper-tea.yml'}\n")
    program, problems = load_program(root)
    assert program.brands["juniper-tea"].name == "Juniper Tea"
    assert lines(problems) == [
        "brands/juniper-tea.yml:4:13: warning: legal_name is empty; contracts print it",
        "brands/juniper-tea.yml:5:10: warning: address is empty; contracts print it",
        "brands/juniper-tea.yml:7:9: warning: signatory.name is empty; contracts print it",
        "brands/juniper-tea.yml:8:10: warning: signatory.title is empty; contracts print it",
        "brands/juniper-tea.yml:10:10: warning: contact.email is empty; contracts print it",
    ]
    assert run_cli("check", "--root", root).exit_code == 0
    assert run_cli("new", "brand", "juniper-tea", "--root", root).exit_code == 2


def test_a_contract_without_governing_law_is_a_warning_at_the_terms(
        copy_program: Callable[[str], Path]) -> None:
    root = copy_program("spec-examples")
    path = root / "campaigns/spring-glow/campaign.yml"
    path.write_text(path.read_text().replace('  governing_law: "State of New York, USA"\n', ""))
    _, problems = load_program(root)
    assert lines(p for p in problems if p.code == "contract-governing-law") == [
        "campaigns/spring-glow/campaign.yml:20:1: warning: the contract for maya-runs names no "
        "governing law"]


def test_the_scaffolds_show_every_field(copy_program: Callable[[str], Path]) -> None:
    root = copy_program("minimal")
    run_cli("new", "creator", "cara-cooks", "--root", root)
    run_cli("new", "campaign", "fall-bake", "--brand", "acme-flour", "--root", root)
    run_cli("new", "brand", "juniper-tea", "--root", root)
    profile = (root / "creators/cara-cooks/profile.yml").read_text()
    private = (root / "creators/cara-cooks/private.yml").read_text()
    campaign = (root / "campaigns/fall-bake/campaign.yml").read_text()
    brand = (root / "brands/juniper-tea.yml").read_text()
    for model, text in ((Profile, profile), (CampaignSpec, campaign), (Engagement, campaign),
                        (Brand, brand), (PrivateData, private)):
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


# nanokit init


def test_init_writes_a_program_that_passes_check_with_editors_wired(tmp_path: Path) -> None:
    root = tmp_path / "my-program"
    result = run_cli("init", root)
    assert result.exit_code == 0, result.stderr
    written = {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}
    # The whole starter tree is copied, so workflows and CODEOWNERS come along when added.
    starter = {str(p.relative_to(STARTER)) for p in STARTER.rglob("*") if p.is_file()}
    assert {".gitignore", ".vscode/extensions.json", ".vscode/settings.json", "README.md",
            "docs/README.md", "mkdocs.yml"} <= starter
    assert written == starter | {f"schemas/{kind}.schema.json" for kind in KINDS}
    assert "site_name: My Program\n" in (root / "mkdocs.yml").read_text()
    assert {"site/", ".cache/"} <= set((root / ".gitignore").read_text().splitlines())
    settings = json.loads((root / ".vscode/settings.json").read_text())
    assert settings["yaml.schemas"] == {
        f"./schemas/{kind}.schema.json": [glob] for kind, glob in EDITOR_GLOBS.items()}
    fresh = {p.name: p.read_text() for p in write_schemas(tmp_path / "fresh")}
    assert {p.name: p.read_text() for p in (root / "schemas").iterdir()} == fresh
    program, problems = load_program(root)
    assert (lines(problems), program.config.site_name) == ([], "My Program")


def test_init_example_checks_clean_and_builds_every_audience(tmp_path: Path) -> None:
    root = tmp_path / "tea"
    assert run_cli("init", root, "--example").exit_code == 0
    program, problems = load_program(root)
    assert lines(problems) == []
    assert (sorted(program.brands), sorted(program.creators), sorted(program.campaigns)) == (
        ["juniper-tea"], ["lena-brews", "sam-sips"], ["autumn-blend"])
    # Its dates are days from the day of init: the first reel was due five days ago.
    reel = program.campaigns["autumn-blend"].spec.creators[0].deliverables[0]
    assert (TODAY - reel.due).days == 5
    result = run_cli("build", "--root", root, "--audience", "all", "--docs-only")
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in (root / "site").iterdir() if p.is_dir()) == [
        "brand-juniper-tea", "creator-lena-brews", "creator-sam-sips", "public", "team"]


SHA = "0123456789abcdef0123456789abcdef01234567"
CLONE_DIR = '{"url": "file:///src/nanokit", "dir_info": {"editable": true}}'


@pytest.mark.parametrize(("direct_url", "origin", "requirement"), [
    (None, None, "nanokit>=0.1,<0.2"),  # from PyPI
    ('{"url": "https://github.com/acme/nanokit.git", "vcs_info": {"vcs": "git", '
     f'"commit_id": "{SHA}", "requested_revision": "v0.1.0"}}}}', None,
     f"nanokit @ git+https://github.com/acme/nanokit.git@{SHA}"),
    (CLONE_DIR, "https://github.com/acme/nanokit.git",
     f"nanokit @ git+https://github.com/acme/nanokit.git@{SHA}"),
    (CLONE_DIR, "git@github.com:acme/nanokit.git",
     f"nanokit @ git+https://github.com/acme/nanokit.git@{SHA}"),
    (CLONE_DIR, "ssh://git@gitlab.example.com/tools/nanokit.git",
     f"nanokit @ git+https://gitlab.example.com/tools/nanokit.git@{SHA}"),
    (CLONE_DIR, "/home/sam/nanokit", "nanokit>=0.1,<0.2"),  # a folder: no runner reaches it
    (CLONE_DIR, None, "nanokit>=0.1,<0.2"),  # not a clone, or no origin
])
def test_the_workflows_install_the_nanokit_that_ran_init(
        direct_url: str | None, origin: str | None, requirement: str) -> None:
    asked: list[Path] = []

    def clone_of(folder: Path) -> tuple[str, str] | None:
        asked.append(folder)
        return (origin, SHA) if origin else None

    found, said = requirement_for(direct_url, clone_of)
    assert found == requirement
    assert asked == ([Path("/src/nanokit")] if direct_url == CLONE_DIR else [])
    if direct_url == CLONE_DIR and found == RELEASES:
        assert said == ("nanokit was installed from file:///src/nanokit: the workflows install "
                        "nanokit>=0.1,<0.2 from PyPI; change that line in "
                        ".github/workflows/*.yml to the copy your team uses, e.g. "
                        "nanokit @ git+https://github.com/<you>/nanokit@<tag>")


def test_a_clone_is_read_for_its_origin_and_commit(tmp_path: Path) -> None:
    from builder.scaffold import _clone_of

    git = ["git", "-C", str(tmp_path), "-c", "user.name=t", "-c", "user.email=t@example.com"]
    subprocess.run([*git, "init", "-q"], check=True)
    assert _clone_of(tmp_path) is None  # no commit, no origin
    subprocess.run([*git, "commit", "-q", "--allow-empty", "-m", "start"], check=True)
    subprocess.run([*git, "remote", "add", "origin", "https://github.com/acme/nanokit.git"],
                   check=True)
    head = subprocess.run([*git, "rev-parse", "HEAD"], check=True, capture_output=True,
                          text=True).stdout.strip()
    assert _clone_of(tmp_path) == ("https://github.com/acme/nanokit.git", head)


def test_init_writes_the_requirement_into_every_workflow_and_the_readme(tmp_path: Path) -> None:
    requirement = f"nanokit @ git+https://github.com/acme/nanokit.git@{SHA}"
    init_program(tmp_path, "Tea", TODAY, example=False, requirement=requirement)
    installs = [line.strip() for path in sorted(tmp_path.glob(".github/workflows/*.yml"))
                for line in path.read_text(encoding="utf-8").splitlines()
                if "pip install" in line]
    assert installs == [f'- run: python -m pip install "{requirement}"'] * 4
    readme = (tmp_path / "README.md").read_text(encoding="utf-8")
    assert f'```sh\npip install "{requirement}"\n```' in readme
    assert RELEASES not in readme


def test_init_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    result = run_cli("init", tmp_path)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == f"Error: {tmp_path} is not empty; choose a new folder"
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]
