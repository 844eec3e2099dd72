"""`nanokit diff` (SPEC §11): programs read straight from git, and what a reviewer is told.

Each test builds a small git repository from tests/programs/minimal (commit `base`), changes
it, and reads the Markdown lines and JSON keys the command prints.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest

from builder.load.program import load_program
from builder.load.source import Revision, RevisionError
from tests.conftest import PROGRAMS, lines, run_cli

PRIVATE_VALUES = ("Ana P. Lima", "ana@example.com", "9 Oak St", "US00 1234 5678", "11 Elm St",
                  "ana.new@example.com")
CAMPAIGN = "campaigns/spring-bake/campaign.yml"
PROFILE = "creators/ana-bakes/profile.yml"


def git(repo: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com",
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    done = subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True,
                          text=True)
    return done.stdout.strip()


def commit(repo: Path, message: str) -> str:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)
    return git(repo, "rev-parse", "HEAD")


def edit(repo: Path, rel: str, old: str, new: str) -> None:
    path = repo / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """minimal, with Ana's GitHub account, committed and tagged `base`."""
    root = tmp_path / "program"
    shutil.copytree(PROGRAMS / "minimal", root)
    edit(root, PROFILE, "bio: Sourdough every weekend.\n",
         "bio: Sourdough every weekend.\ngithub: ana-lima\n")
    git(root, "init", "-q", "-b", "main")
    commit(root, "base")
    git(root, "tag", "base")
    return root


def diff_lines(repo: Path, *args: str) -> list[str]:
    result = run_cli("diff", *args, "--root", repo)
    assert result.exit_code == 0, result.stdout + result.stderr
    return result.stdout.splitlines()


def diff_doc(repo: Path, *args: str) -> dict:
    result = run_cli("diff", *args, "--root", repo, "--format", "json")
    assert result.exit_code == 0, result.stdout + result.stderr
    return json.loads(result.stdout)


# --- reading a revision ---------------------------------------------------------------------

def test_a_revision_loads_like_the_working_tree_without_touching_it(repo: Path) -> None:
    edit(repo, CAMPAIGN, "status: active", "statsu: active")
    commit(repo, "typo")
    _, broken_on_disk = load_program(repo)
    _, broken_in_git = load_program(Revision(repo, "HEAD"))
    assert lines(broken_in_git) == lines(broken_on_disk)
    assert [p.location for p in broken_in_git] == [
        "campaigns/spring-bake/campaign.yml:1:1", "campaigns/spring-bake/campaign.yml:3:1"]
    edit(repo, CAMPAIGN, "statsu: active", "status: active")  # fixed on disk, not committed
    on_disk, disk_problems = load_program(repo)
    assert disk_problems == []
    assert lines(load_program(Revision(repo, "HEAD"))[1]) == lines(broken_on_disk)
    base, base_problems = load_program(Revision(repo, "base"))
    assert base_problems == []
    assert base.campaigns["spring-bake"].spec == on_disk.campaigns["spring-bake"].spec
    assert base.creators == on_disk.creators
    assert base.campaigns["spring-bake"].metrics.posts.equals(
        on_disk.campaigns["spring-bake"].metrics.posts)
    assert "statsu" not in (repo / CAMPAIGN).read_text(encoding="utf-8")


def test_a_program_in_a_subfolder_of_the_repository_reads_from_its_revision(
        tmp_path: Path) -> None:
    top = tmp_path / "repo"
    shutil.copytree(PROGRAMS / "minimal", top / "program")
    git(top, "init", "-q")
    commit(top, "base")
    program, problems = load_program(Revision(top / "program", "HEAD"))
    assert problems == []
    assert sorted(program.creators) == ["ana-bakes", "ben-lifts"]


def test_a_symlink_in_a_revision_is_refused_and_never_read(repo: Path) -> None:
    (repo / "creators/ana-bakes/media-kit.md").unlink()
    (repo / "creators/ana-bakes/media-kit.md").symlink_to("/etc/passwd")
    commit(repo, "link")
    program, problems = load_program(Revision(repo, "HEAD"))
    assert lines(problems) == [
        "creators/ana-bakes/media-kit.md: error: this is a symbolic link; nanokit never "
        "follows links"]
    assert program.creators["ana-bakes"].media_kit is None


def test_a_symlink_in_the_working_tree_is_refused_the_same_way(repo: Path) -> None:
    (repo / "creators/ana-bakes/private.yml").unlink()
    (repo / "creators/ana-bakes/private.yml").symlink_to("/etc/passwd")
    program, problems = load_program(repo)
    assert "creators/ana-bakes/private.yml: error: this is a symbolic link; nanokit never " \
           "follows links" in lines(problems)
    assert program.creators["ana-bakes"].private is None


def test_links_outside_what_the_loader_reads_are_none_of_its_business(repo: Path) -> None:
    (repo / "notes").symlink_to("/etc")
    (repo / "README.md").symlink_to("/etc/passwd")
    commit(repo, "links elsewhere")
    assert load_program(repo)[1] == []
    assert load_program(Revision(repo, "HEAD"))[1] == []


def test_an_oversize_file_in_a_revision_is_refused_unread(repo: Path) -> None:
    (repo / "creators/ana-bakes/media-kit.md").write_bytes(b"x" * (1024 * 1024 + 1))
    commit(repo, "huge")
    program, problems = load_program(Revision(repo, "HEAD"))
    assert lines(problems) == [
        "creators/ana-bakes/media-kit.md: error: the file has 1,048,577 bytes; a .md may have "
        "at most 1,048,576"]
    assert program.creators["ana-bakes"].media_kit is None


def test_a_non_utf8_file_in_a_revision_is_a_problem_at_its_line(repo: Path) -> None:
    (repo / "campaigns/spring-bake/brief.md").write_bytes(b"Bake\nbread \xff\n")
    commit(repo, "latin-1")
    _, problems = load_program(Revision(repo, "HEAD"))
    assert lines(problems) == [
        "campaigns/spring-bake/brief.md:2: error: file is not valid UTF-8"]
    assert diff_doc(repo, "base", "HEAD")["head_errors"] == [
        "campaigns/spring-bake/brief.md:2: error: file is not valid UTF-8"]


# --- what the diff says ---------------------------------------------------------------------

def test_a_revision_against_itself_has_no_changes(repo: Path) -> None:
    assert diff_lines(repo, "base", "base")[-1] == "No changes."
    assert diff_lines(repo, "base") == [
        f"## nanokit diff: `{git(repo, 'rev-parse', '--short=7', 'base')}` → the working tree",
        "", "HEAD is valid.", "", "No changes."]
    doc = diff_doc(repo, "base")
    assert doc["changed"] is False
    assert doc["approvals_required"] == []


def test_terms_money_dates_rates_and_kpis_as_old_new_and_difference(repo: Path) -> None:
    edit(repo, CAMPAIGN, "fee: 300", "fee: 350")
    edit(repo, CAMPAIGN, "due: 2026-03-10}", "due: 2026-03-14}")
    edit(repo, CAMPAIGN, "amount: 2000", "amount: 2500")
    edit(repo, CAMPAIGN, "terms: {kill_fee_percent: 50}", "terms: {kill_fee_percent: 40}")
    edit(repo, PROFILE, "price: 120", "price: 135")
    with (repo / "campaigns/spring-bake/metrics/orders.csv").open("a") as orders:
        orders.write("1003,2026-03-14,ANA10,,99.00,USD\n")
    assert diff_lines(repo, "base")[2:] == [
        "HEAD is valid.",
        "",
        "### Needs the creator's approval",
        "",
        "- @ana-lima (ana-bakes): fee, deliverables, kill fee",
        "",
        "### Campaign `spring-bake`: Spring Bake-Off",
        "",
        "- Budget: $2,000.00 → $2,500.00 (+$500.00)",
        "- Metric file changed: `campaigns/spring-bake/metrics/orders.csv`",
        "- KPIs:",
        "  - CVR: 9.09% → 13.64%",
        "  - CPE: $1.91 → $2.21",
        "  - CPM: $217.00 → $250.33",
        "  - CPA: $162.75 → $125.17",
        "  - ROAS: 0.19× → 0.42×",
        "  - ROI: -81.41% → -57.52%",
        "  - Spend: $325.50 → $375.50",
        "  - Conversions: 2 → 3",
        "  - Revenue: $60.50 → $159.50",
        "",
        "#### ana-bakes",
        "",
        "- Fee: $300.00 → $350.00 (+$50.00)",
        "- Deliverable ig-post-1 due: Mar 10, 2026 → Mar 14, 2026",
        "- Kill fee: 50% → 40%",
        "",
        "### Creator `ana-bakes`: Ana Lima",
        "",
        "- Rate Instagram post: $120.00 → $135.00 (+$15.00)",
    ]
    doc = diff_doc(repo, "base")
    fee = doc["campaigns"][0]["creators"]["ana-bakes"][0]
    assert fee == {"kind": "fee", "text": "Fee: $300.00 → $350.00 (+$50.00)", "old": "300",
                   "new": "350", "difference": "50", "currency": "USD"}
    roas = next(c for c in doc["campaigns"][0]["changes"] if c["kind"] == "kpi-roas")
    # The KPI code's published values: revenue ÷ spend, 60.50 ÷ 325.50 and 159.50 ÷ 375.50.
    assert (roas["old"], roas["new"]) == (str(Decimal("60.50") / Decimal("325.50")),
                                          str(Decimal("159.50") / Decimal("375.50")))
    assert sorted(doc) == ["approvals_required", "base", "base_errors", "brands", "campaigns",
                           "changed", "creators", "head", "head_errors", "head_valid",
                           "private_data_changed"]


def test_roster_status_deliverables_terms_and_disclosure(repo: Path) -> None:
    edit(repo, CAMPAIGN, "  - handle: ben-lifts\n    fee: 0\n    status: invited\n", "")
    edit(repo, CAMPAIGN, "status: active", "status: completed")
    edit(repo, CAMPAIGN, "      - {id: ig-story-1, platform: instagram, type: story, due: "
         "2026-03-12, count: 3}\n",
         "      - {id: ig-story-1, platform: instagram, type: story, due: 2026-03-12, count: 5}\n"
         "      - {id: ig-reel-1, platform: instagram, type: reel, due: 2026-03-20}\n")
    edit(repo, CAMPAIGN, "    - {percent: 50, due: on_signature}\n    - {percent: 50, due: "
         "net_30_after_posting}", "    - {percent: 100, due: on_posting}")
    edit(repo, CAMPAIGN, 'required_any: ["#ad"]', 'required_any: ["#ad", "#sponsored"]')
    commit(repo, "head")
    output = diff_lines(repo, "base", "HEAD")
    assert output[0] == (f"## nanokit diff: `{git(repo, 'rev-parse', '--short=7', 'base')}` → "
                         f"`{git(repo, 'rev-parse', '--short=7', 'HEAD')}`")
    assert output[2:] == [
        "HEAD is valid.",
        "",
        "### Needs the creator's approval",
        "",
        "- @ana-lima (ana-bakes): deliverables, payment schedule",
        "- ben-lifts: removed from the roster. No `github` account in "
        "creators/ben-lifts/profile.yml, so they cannot approve here: add it, or get their "
        "consent another way.",
        "",
        "### Campaign `spring-bake`: Spring Bake-Off",
        "",
        "- Status: Active → Completed",
        "- Disclosure required any: #ad → #ad, #sponsored",
        "- Terms for every creator: Payment schedule: 50% on signature, 50% net 30 after "
        "posting → 100% on posting",
        "",
        "#### ana-bakes",
        "",
        "- Deliverable added: ig-reel-1 (Instagram reel, due Mar 20, 2026)",
        "- Deliverable ig-story-1 count: 3 → 5",
        "",
        "#### ben-lifts",
        "",
        "- Removed from the roster (was Invited)",
    ]
    assert diff_doc(repo, "base", "HEAD")["approvals_required"] == [
        {"handle": "ana-bakes", "github": "ana-lima", "reasons": ["deliverables", "payment"]},
        {"handle": "ben-lifts", "github": None, "reasons": ["removed"]},
    ]


def test_added_removed_and_renamed_creators_brands_and_campaigns(repo: Path) -> None:
    shutil.copytree(repo / "creators/ben-lifts", repo / "creators/ben-runs")
    shutil.rmtree(repo / "creators/ben-lifts")
    edit(repo, CAMPAIGN, "handle: ben-lifts", "handle: ben-runs")
    shutil.copytree(repo / "campaigns/spring-bake", repo / "campaigns/fall-bake")
    shutil.rmtree(repo / "campaigns/fall-bake/content")
    edit(repo, "campaigns/fall-bake/campaign.yml", "title: Spring Bake-Off", "title: Fall Bake")
    edit(repo, "campaigns/fall-bake/campaign.yml", "promo_code: ANA10", "promo_code: ANA20")
    (repo / "brands/acme-flour.yml").rename(repo / "brands/acme-mills.yml")
    edit(repo, CAMPAIGN, "brand: acme-flour", "brand: acme-mills")
    edit(repo, "campaigns/fall-bake/campaign.yml", "brand: acme-flour", "brand: acme-mills")
    doc = diff_doc(repo, "base")
    assert [(s["id"], s["status"], s.get("renamed_from")) for s in doc["campaigns"]] == [
        ("fall-bake", "added", None), ("spring-bake", "changed", None)]
    assert [(s["id"], s["status"], s.get("renamed_from")) for s in doc["creators"]] == [
        ("ben-runs", "renamed", "ben-lifts")]
    assert [(s["id"], s["status"], s.get("renamed_from")) for s in doc["brands"]] == [
        ("acme-mills", "renamed", "acme-flour")]
    output = diff_lines(repo, "base")
    assert "### Campaign `fall-bake`: Fall Bake (added)" in output
    assert ("- Brand `acme-mills`, Active, Mar 1, 2026 – Apr 15, 2026, budget $2,000.00, "
            "2 creator(s) on the roster") in output
    assert "### Creator `ben-runs`: Ben Okoro (renamed from `ben-lifts`)" in output
    assert "### Brand `acme-mills`: Acme Flour (renamed from `acme-flour`)" in output
    assert "- Brand: acme-flour → acme-mills" in output


def test_drafts_with_their_check_results_and_signed_contracts(repo: Path) -> None:
    draft = repo / "campaigns/spring-bake/content/ana-bakes/ig-story-1.md"
    draft.write_text("---\nstatus: submitted\n---\nSpring loaf with @acmeflour #AcmeBakes\n",
                     encoding="utf-8")
    edit(repo, "campaigns/spring-bake/content/ana-bakes/ig-post-1.md", "status: submitted",
         "status: approved")
    (repo / "campaigns/spring-bake/signed").mkdir()
    (repo / "campaigns/spring-bake/signed/ana-bakes.pdf").write_bytes(b"%PDF-1.7\n\xff\xfe")
    output = diff_lines(repo, "base")
    added = output.index("- Draft `campaigns/spring-bake/content/ana-bakes/ig-story-1.md` "
                         "added (Submitted): 1 error(s), 1 warning(s)")
    assert output[added + 1].startswith(
        "  - campaigns/spring-bake/content/ana-bakes/ig-story-1.md:4:1: error: ")
    assert output[added + 2].startswith(
        "  - campaigns/spring-bake/content/ana-bakes/ig-story-1.md:4:1: warning: ")
    assert "- Signed contract added: `campaigns/spring-bake/signed/ana-bakes.pdf`" in output
    assert ("- Draft `campaigns/spring-bake/content/ana-bakes/ig-post-1.md` Submitted → "
            "Approved: passes the checks") in output
    assert output[2].startswith("**HEAD has 1 error(s)**")
    assert output[3].startswith("- campaigns/spring-bake/content/ana-bakes/ig-story-1.md:4:1:")


def test_gifts_and_overridden_terms_need_the_creators_approval(repo: Path) -> None:
    edit(repo, CAMPAIGN, "value: 25.50}", "value: 30}")
    edit(repo, CAMPAIGN, "terms: {kill_fee_percent: 50}",
         "terms: {kill_fee_percent: 50, usage_rights: {channels: [organic_social], months: 6}}")
    output = diff_lines(repo, "base")
    assert "- @ana-lima (ana-bakes): gifted item, usage rights" in output
    assert output[output.index("#### ana-bakes"):] == [
        "#### ana-bakes",
        "",
        "- Gifted value (Flour sampler): $25.50 → $30.00 (+$4.50)",
        "- Usage rights: none → organic_social for 6 month(s)",
    ]


def test_private_data_changes_are_named_never_shown(repo: Path) -> None:
    edit(repo, "creators/ana-bakes/private.yml", "9 Oak St", "11 Elm St")
    edit(repo, "creators/ana-bakes/private.yml", "email: ana@example.com",
         "email: [ana.new@example.com]")  # invalid: the message would quote the value
    commit(repo, "private")
    markdown = run_cli("diff", "base", "HEAD", "--root", repo).stdout
    json_text = run_cli("diff", "base", "HEAD", "--root", repo, "--format", "json").stdout
    for value in PRIVATE_VALUES:
        assert value not in markdown
        assert value not in json_text
    shown = [line for line in markdown.splitlines() if "private.yml" in line]
    assert len(shown) == 1
    assert shown[0].startswith("- creators/ana-bakes/private.yml:2:8: error: private data is "
                               "invalid (")
    assert shown[0].endswith("); run `nanokit check` locally to see it")
    assert "- Private data changed for ana-bakes" in markdown.splitlines()
    edit(repo, "creators/ana-bakes/private.yml", "email: [ana.new@example.com]",
         "email: ana.new@example.com")
    commit(repo, "valid")
    doc = diff_doc(repo, "base", "HEAD")
    assert doc["private_data_changed"] == ["ana-bakes"]
    assert doc["creators"] == [{"id": "ana-bakes", "title": "Ana Lima", "status": "changed",
                                "changes": [{"kind": "private",
                                             "text": "Private data changed for ana-bakes"}]}]
    assert "- Private data changed for ana-bakes" in diff_lines(repo, "base", "HEAD")


def test_money_and_dates_follow_the_program_locale(repo: Path) -> None:
    (repo / "mkdocs.yml").write_text("site_name: x\nplugins:\n  - nanokit:\n      locale: de\n",
                                     encoding="utf-8")
    commit(repo, "german")
    git(repo, "tag", "german")
    edit(repo, CAMPAIGN, "fee: 300", "fee: 1350")
    edit(repo, CAMPAIGN, "due: 2026-03-10}", "due: 2026-03-14}")
    output = diff_lines(repo, "german")
    assert "- Fee: 300,00\xa0$ → 1.350,00\xa0$ (+1.050,00\xa0$)" in output
    assert "- Deliverable ig-post-1 due: 10.03.2026 → 14.03.2026" in output


def test_base_with_errors_still_diffs_and_says_so(repo: Path) -> None:
    edit(repo, CAMPAIGN, "goal: conversions", "goal: sales")
    commit(repo, "broken")
    git(repo, "tag", "broken")
    edit(repo, CAMPAIGN, "goal: sales", "goal: conversions")
    edit(repo, CAMPAIGN, "fee: 300", "fee: 320")
    output = diff_lines(repo, "broken")
    assert output[2:5] == ["HEAD is valid.", "",
                           "BASE had 1 error(s): the changes below compare with what could be "
                           "read of it."]
    assert "### Campaign `spring-bake`: Spring Bake-Off (added)" in output


# --- bad input ------------------------------------------------------------------------------

def test_bad_revisions_and_folders_are_one_line_usage_errors(repo: Path, tmp_path: Path) -> None:
    result = run_cli("diff", "no-such-branch", "--root", repo)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        "Error: 'no-such-branch' is not a revision of this repository (a branch, tag or "
        "commit)")
    plain = tmp_path / "plain"
    plain.mkdir()
    result = run_cli("diff", "main", "--root", plain)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == f"Error: {plain} is not in a git repository"
    with pytest.raises(RevisionError):
        Revision(repo, "base~1")


def test_a_shallow_clone_without_base_says_to_fetch_more_history(repo: Path,
                                                                tmp_path: Path) -> None:
    edit(repo, CAMPAIGN, "fee: 300", "fee: 310")
    commit(repo, "second")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{repo}", str(clone))
    result = run_cli("diff", "base", "--root", clone)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        "Error: 'base' is not in this shallow clone; fetch more history: "
        "`git fetch --unshallow`")
