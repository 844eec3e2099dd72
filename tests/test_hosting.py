"""Hosting (SPEC §15): private links on any static host, `nanokit links`, `--shard K/N`.

The fixture program tests/programs/private-links serves at https://portal.example.org/northwind/;
its brand ironworks-gym has link_version 1 and its creator ben-lifts link_version 2.
Expected tokens are computed here from the definition, HMAC-SHA256(secret, "<audience>#<version>"),
not by the code under test.
"""

from __future__ import annotations

import base64
import csv
import gzip
import hashlib
import hmac
import io
import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from builder.audience import Audience
from builder.build import build
from builder.links import LinkError, site_layout
from builder.shard import Shard
from tests.conftest import PROGRAMS, REPO, load, run_cli

SECRET = "correct-horse-battery-staple-0123456789"
URL = "https://portal.example.org/northwind/"
PRIVATE_META = ('<meta name="robots" content="noindex, nofollow">'
                '<meta name="referrer" content="no-referrer">')


def token(audience: str, version: int = 0) -> str:
    digest = hmac.new(SECRET.encode(), f"{audience}#{version}".encode(), hashlib.sha256).digest()
    return base64.b32encode(digest[:20]).decode().lower()


FOLDERS = {
    "team": f"t/{token('team')}",
    "brand:acme-flour": f"b/{token('brand:acme-flour')}",
    "brand:ironworks-gym": f"b/{token('brand:ironworks-gym', 1)}",
    "creator:ana-bakes": f"c/{token('creator:ana-bakes')}",
    "creator:ben-lifts": f"c/{token('creator:ben-lifts', 2)}",
}
TOKENS = [folder.split("/")[1] for folder in FOLDERS.values()]


@pytest.fixture(scope="module")
def program_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    program = tmp_path_factory.mktemp("hosting") / "program"
    shutil.copytree(PROGRAMS / "private-links", program)
    return program


@pytest.fixture(scope="module")
def site(program_copy: Path) -> Path:
    out = program_copy.parent / "site"
    result = build(program_copy, out, "all", link_secret=SECRET.encode())
    assert result.ok, [p.format_text() for p in result.problems]
    return out


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _public_files(site: Path) -> dict[str, bytes]:
    return {rel: data for rel, data in _files(site).items() if rel.split("/")[0] not in "cbt"}


def test_tokens_are_160_bits_of_url_safe_text() -> None:
    assert all(re.fullmatch(r"[a-z2-7]{32}", t) for t in TOKENS)  # 32 × 5 bits
    assert len(set(TOKENS)) == len(TOKENS)


def test_public_site_at_the_root_every_other_audience_under_its_private_link(site: Path) -> None:
    assert (site / "index.html").is_file()
    assert (site / "creators/ana-bakes/index.html").is_file()  # public: true
    assert not (site / "creators/ben-lifts").exists()
    for folder in FOLDERS.values():
        assert (site / folder / "index.html").is_file(), folder
    assert (site / FOLDERS["team"] / "team/index.html").is_file()
    assert (site / FOLDERS["creator:ana-bakes"] / "my-work/index.html").is_file()
    private = {f"{prefix.name}/{t.name}" for prefix in site.iterdir()
               if prefix.name in ("c", "b", "t") for t in prefix.iterdir()}
    assert private == set(FOLDERS.values())


def test_link_version_changes_only_that_audiences_link(site: Path) -> None:
    assert not (site / "c" / token("creator:ben-lifts")).exists()  # version 0 is revoked
    assert not (site / "b" / token("brand:ironworks-gym")).exists()
    assert (site / "c" / token("creator:ana-bakes")).is_dir()


def test_no_token_and_no_private_path_anywhere_in_the_public_site(site: Path) -> None:
    public = _public_files(site)
    assert {"index.html", "404.html", "robots.txt", "sitemap.xml", "sitemap.xml.gz",
            "search/search_index.json"} <= set(public)
    public["sitemap.xml.gz (unpacked)"] = gzip.decompress(public["sitemap.xml.gz"])
    for rel, data in public.items():
        for secret_part in [*TOKENS, SECRET]:
            assert secret_part.encode() not in data, rel
        for prefix in ("c", "b", "t"):
            assert f"/northwind/{prefix}/".encode() not in data or rel == "robots.txt", rel
    sitemap = public["sitemap.xml"].decode()
    assert sorted(re.findall(r"<loc>([^<]+)</loc>", sitemap)) == [
        f"{URL}", f"{URL}creators/", f"{URL}creators/ana-bakes/"]


def test_robots_txt_disallows_every_private_prefix_and_names_no_token(site: Path) -> None:
    assert (site / "robots.txt").read_text(encoding="utf-8") == (
        "User-agent: *\n"
        "Disallow: /northwind/b/\n"
        "Disallow: /northwind/c/\n"
        "Disallow: /northwind/t/\n"
        f"Sitemap: {URL}sitemap.xml\n")


def test_every_private_page_asks_for_noindex_and_no_referrer(site: Path) -> None:
    for folder in FOLDERS.values():
        pages = sorted((site / folder).rglob("*.html"))
        assert len(pages) > 3
        for page in pages:
            head = page.read_text(encoding="utf-8").split("</head>")[0]
            assert PRIVATE_META in head, page
    for rel, data in _public_files(site).items():
        assert b'name="robots"' not in data, rel


def test_private_sites_hold_their_own_search_and_assets_and_no_sitemap(site: Path) -> None:
    for folder in FOLDERS.values():
        root = (site / folder).resolve()
        assert (root / "search/search_index.json").is_file()
        assert not (root / "sitemap.xml").exists() and not (root / "sitemap.xml.gz").exists()
        for page in root.rglob("*.html"):
            html = page.read_text(encoding="utf-8")
            for ref in re.findall(r'(?:href|src)="([^"#?]+)', html):
                if ref.startswith(("https://", "http://", "mailto:", "webcal://", "data:")):
                    address = ref.split("://", 1)[1]
                    assert "/northwind/" not in address or address.startswith(
                        f"portal.example.org/northwind/{folder}/"), (page, ref)
                    continue
                target = (page.parent / ref).resolve() if not ref.startswith("/") else (
                    Path(str(root).split(f"/{folder}")[0]) / ref.removeprefix("/northwind/"))
                assert target.is_relative_to(root), (page, ref)
                assert target.exists(), (page, ref)


def test_a_creators_calendar_and_links_point_at_their_private_portal(site: Path) -> None:
    portal = URL + FOLDERS["creator:ana-bakes"] + "/"
    my_work = (site / FOLDERS["creator:ana-bakes"] / "my-work/index.html").read_text(
        encoding="utf-8")
    assert f'href="webcal://portal.example.org/northwind/{FOLDERS["creator:ana-bakes"]}/' \
           'calendar/ana-bakes.ics"' in my_work
    feed = (site / FOLDERS["creator:ana-bakes"] / "calendar/ana-bakes.ics").read_bytes()
    assert f"Brief: {portal}campaigns/spring-bake/".encode() in feed.replace(b"\r\n ", b"")
    canonical = f'<link rel="canonical" href="{portal}my-work/">'
    assert canonical in my_work


def test_without_a_secret_the_layout_is_one_plain_folder_per_audience(
        program_copy: Path, tmp_path: Path) -> None:
    assert build(program_copy, tmp_path / "site", "all", docs_only=True, workers=1).ok
    assert sorted(p.name for p in (tmp_path / "site").iterdir()) == [
        ".nanokit-site", "brand-acme-flour", "brand-ironworks-gym", "creator-ana-bakes",
        "creator-ben-lifts", "public", "team"]


def _cli_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, secret: str | None,
               *extra: str, program: Path | None = None) -> tuple[int, str]:
    if program is None:
        program = tmp_path / "program"
        shutil.copytree(PROGRAMS / "private-links", program)
    if secret is not None:
        monkeypatch.setenv("NANOKIT_LINK_SECRET", secret)
    result = run_cli("build", "--root", program, "--out", tmp_path / "site", "--audience", "all",
                     *extra)
    return result.exit_code, result.stderr


@pytest.mark.parametrize(("secret", "message"), [
    ("too-short-31-bytes-secret-value", "NANOKIT_LINK_SECRET has 31 bytes; it needs at least 32"),
    ("", "NANOKIT_LINK_SECRET is empty; it needs at least 32"),
])
def test_a_short_or_empty_secret_is_a_usage_error_and_nothing_is_written(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, secret: str, message: str) -> None:
    code, stderr = _cli_build(tmp_path, monkeypatch, secret)
    assert code == 2
    assert message in stderr
    assert secret not in stderr or not secret
    assert sorted(p.name for p in tmp_path.iterdir()) == ["program"]


def test_a_site_url_that_is_not_https_is_a_usage_error(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    program = tmp_path / "program"
    shutil.copytree(PROGRAMS / "private-links", program)
    config = program / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("https://", "http://"),
                      encoding="utf-8")
    code, stderr = _cli_build(tmp_path, monkeypatch, SECRET, program=program)
    assert code == 2
    assert "site_url 'http://portal.example.org/northwind/' in mkdocs.yml is not an https " \
           "address" in stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["program"]
    assert "Traceback" not in stderr


def test_two_audiences_on_one_path_is_an_error() -> None:
    program, _ = load("private-links")
    with pytest.raises(LinkError, match="brand:acme-flour and brand:ironworks-gym would share "
                                        "the folder b/same"):
        site_layout(program, [Audience("public"), Audience("brand", "acme-flour"),
                              Audience("brand", "ironworks-gym")],
                    SECRET.encode(), token=lambda *_: "same")


def test_links_lists_portal_and_calendar_per_audience_and_whom_to_send_it_to(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NANOKIT_LINK_SECRET", SECRET)
    result = run_cli("links", "--root", PROGRAMS / "private-links", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == [
        {"audience": "team", "send_to": "the program team (keep it among yourselves)",
         "portal": f"{URL}{FOLDERS['team']}/",
         "calendar": f"{URL}{FOLDERS['team']}/calendar/all.ics"},
        {"audience": "public", "send_to": "anyone (share it freely)", "portal": URL,
         "calendar": None},
        {"audience": "brand:acme-flour", "send_to": "Acme Flour <creators@acmeflour.example>",
         "portal": f"{URL}{FOLDERS['brand:acme-flour']}/", "calendar": None},
        {"audience": "brand:ironworks-gym",
         "send_to": "Ironworks Gym <partners@ironworks.example>",
         "portal": f"{URL}{FOLDERS['brand:ironworks-gym']}/", "calendar": None},
        {"audience": "creator:ana-bakes",
         "send_to": "Ana <b>Lima</b> *Bakes* <ana-private@example.com>",
         "portal": f"{URL}{FOLDERS['creator:ana-bakes']}/",
         "calendar": f"{URL}{FOLDERS['creator:ana-bakes']}/calendar/ana-bakes.ics"},
        {"audience": "creator:ben-lifts", "send_to": "Ben Okoro <ben-private@example.com>",
         "portal": f"{URL}{FOLDERS['creator:ben-lifts']}/",
         "calendar": f"{URL}{FOLDERS['creator:ben-lifts']}/calendar/ben-lifts.ics"},
    ]
    assert SECRET not in result.stdout + result.stderr


def test_links_as_csv_and_table(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NANOKIT_LINK_SECRET", SECRET)
    table = run_cli("links", "--root", PROGRAMS / "private-links").stdout.splitlines()
    assert table[0].split() == ["audience", "send_to", "portal", "calendar"]
    assert table[2].split() == ["public", "anyone", "(share", "it", "freely)", URL]
    rows = list(csv.reader(io.StringIO(
        run_cli("links", "--root", PROGRAMS / "private-links", "--format", "csv").stdout)))
    assert rows[0] == ["audience", "send_to", "portal", "calendar"]
    assert rows[5] == ["creator:ana-bakes", "Ana <b>Lima</b> *Bakes* <ana-private@example.com>",
                       f"{URL}{FOLDERS['creator:ana-bakes']}/",
                       f"{URL}{FOLDERS['creator:ana-bakes']}/calendar/ana-bakes.ics"]
    assert len(rows) == 7


def test_links_without_site_url_is_a_usage_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NANOKIT_LINK_SECRET", SECRET)
    result = run_cli("links", "--root", PROGRAMS / "portal-basic")
    assert result.exit_code == 2
    assert "mkdocs.yml has no site_url" in result.stderr


def test_shards_deal_audiences_round_robin() -> None:
    audiences = ["team", "public", "brand:a", "brand:b", "creator:a", "creator:b", "creator:c"]
    assert [Shard.parse(f"{k}/3").share(audiences) for k in (1, 2, 3)] == [
        ["team", "brand:b", "creator:c"], ["public", "creator:a"], ["brand:a", "creator:b"]]


def test_three_shards_merged_are_the_same_bytes_as_one_build(program_copy: Path,
                                                             site: Path) -> None:
    merged = program_copy.parent / "merged"
    printed = []
    for k in (1, 2, 3):
        shard = program_copy.parent / f"shard-{k}"
        result = build(program_copy, shard, "all", link_secret=SECRET.encode(),
                       shard=Shard(k, 3), workers=1)
        assert result.ok
        assert len(result.sites) == 2
        printed.append({"/".join(p.parts[-2:]) for p in shard.rglob("contracts/*/*.pdf")})
        shutil.copytree(shard, merged, dirs_exist_ok=True)
    # Each contract is printed by one shard only, into every folder that shows it.
    assert printed == [{"spring-bake/ana-bakes.pdf"}, {"spring-bake/ben-lifts.pdf"},
                       {"winter-lift/ben-lifts.pdf"}]
    whole, parts = _files(site), _files(merged)
    assert sorted(parts) == sorted(whole)
    assert [rel for rel in whole if whole[rel] != parts[rel]] == []


@pytest.mark.parametrize(("args", "message"), [
    (("--shard", "4/3"), "--shard '4/3' is not K/N with 1 <= K <= N"),
    (("--shard", "0/3"), "--shard '0/3' is not K/N"),
])
def test_a_bad_shard_is_a_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                      args: tuple[str, ...], message: str) -> None:
    code, stderr = _cli_build(tmp_path, monkeypatch, None, *args)
    assert code == 2
    assert message in stderr


def test_a_shard_of_one_audience_is_a_usage_error(tmp_path: Path) -> None:
    result = run_cli("build", "--root", PROGRAMS / "portal-basic", "--out", tmp_path / "site",
                     "--shard", "1/2")
    assert result.exit_code == 2
    assert "--shard splits the audiences of --audience all" in result.stderr


@pytest.mark.parametrize("workflow", [REPO / ".github/workflows/deploy.yml",
                                      REPO / "builder/starter/.github/workflows/deploy.yml"])
def test_the_deploy_workflow_builds_every_audience_with_the_secret_and_least_privilege(
        workflow: Path) -> None:
    doc = yaml.safe_load(workflow.read_text(encoding="utf-8"))
    assert doc[True]["push"] == {"branches": ["main"]}  # YAML 1.1 reads the key `on` as True
    assert "schedule" in doc[True]
    assert doc["permissions"] == {"contents": "read"}
    jobs = doc["jobs"]
    assert "permissions" not in jobs["build"]
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    uses = [step["uses"] for job in jobs.values() for step in job["steps"] if "uses" in step]
    assert all(re.fullmatch(r"actions/[a-z-]+@v\d+", use) for use in uses), uses
    assert "actions/deploy-pages@v4" in uses
    build_steps = [s for s in jobs["build"]["steps"] if "nanokit build" in s.get("run", "")]
    assert len(build_steps) == 1
    assert "--audience all" in build_steps[0]["run"]
    assert build_steps[0]["env"] == {
        "NANOKIT_LINK_SECRET": "${{ secrets.NANOKIT_LINK_SECRET }}"}
    secret_uses = [s for job in jobs.values() for s in job["steps"] if "secrets." in str(s)]
    assert secret_uses == build_steps
