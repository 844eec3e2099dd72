"""The creator-approval gate (SPEC §11): red until every creator whose terms a pull request
changes has approved its last commit.

Reviews are recorded responses of GitHub's `GET /repos/{owner}/{repo}/pulls/{n}/reviews`
(tests/reviews/); the required approvals come from a real `nanokit diff --format json`.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from builder.cli import main
from tests.conftest import TESTS, run_cli
from tests.test_diff import CAMPAIGN, diff_doc, edit, repo  # noqa: F401  (fixture)

REVIEWS = TESTS / "reviews"
HEAD = "9f3c2d1e4b5a69788766554433221100ffeeddcc"


@pytest.fixture
def fee_diff(repo: Path, tmp_path: Path) -> Path:  # noqa: F811
    """The diff of a fee change for ana-bakes (github: ana-lima), as JSON on disk."""
    edit(repo, CAMPAIGN, "fee: 300", "fee: 350")
    doc = diff_doc(repo, "base")
    assert doc["approvals_required"] == [
        {"handle": "ana-bakes", "github": "ana-lima", "reasons": ["fee"]}]
    path = tmp_path / "diff.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def gate(diff: Path, reviews: str) -> tuple[int, list[str]]:
    result = run_cli("approvals", diff, REVIEWS / reviews, "--head-sha", HEAD)
    return result.exit_code, result.stdout.splitlines()


def test_an_approval_of_the_last_commit_opens_the_gate(fee_diff: Path) -> None:
    # GitHub logins ignore case: Ana-Lima is ana-lima.
    assert gate(fee_diff, "approved.json") == (0, ["approved: @ana-lima (ana-bakes) at 9f3c2d1"])


def test_an_approval_of_an_earlier_commit_is_stale(fee_diff: Path) -> None:
    assert gate(fee_diff, "stale.json") == (1, [
        "stale: @ana-lima (ana-bakes) approved 1a2b3c4, before the last change 9f3c2d1: "
        "approve again",
        "still waiting for 1 creator(s): ana-bakes"])


def test_no_review_from_the_creator_keeps_it_closed(fee_diff: Path) -> None:
    # Approvals by the team or a look-alike account do not stand in for the creator's.
    for reviews in ("others-only.json", "empty.json"):
        assert gate(fee_diff, reviews) == (1, [
            "missing: @ana-lima (ana-bakes) has not approved (fee)",
            "still waiting for 1 creator(s): ana-bakes"])


def test_a_later_request_for_changes_withdraws_the_approval(fee_diff: Path) -> None:
    # The COMMENTED review after it leaves the request for changes standing.
    assert gate(fee_diff, "changes-requested.json") == (1, [
        "missing: @ana-lima (ana-bakes) requested changes or the approval was dismissed (fee)",
        "still waiting for 1 creator(s): ana-bakes"])


def test_a_creator_without_a_github_account_cannot_approve(repo: Path,  # noqa: F811
                                                          tmp_path: Path) -> None:
    edit(repo, CAMPAIGN, "  - handle: ben-lifts\n    fee: 0", "  - handle: ben-lifts\n    fee: 90")
    diff = tmp_path / "diff.json"
    diff.write_text(json.dumps(diff_doc(repo, "base")), encoding="utf-8")
    assert gate(diff, "approved.json") == (1, [
        "missing: ben-lifts (fee) has no `github` account in creators/ben-lifts/profile.yml, "
        "so no review can count",
        "still waiting for 1 creator(s): ben-lifts"])


def test_nothing_to_approve_passes(repo: Path, tmp_path: Path) -> None:  # noqa: F811
    diff = tmp_path / "diff.json"
    diff.write_text(json.dumps(diff_doc(repo, "base")), encoding="utf-8")
    assert gate(diff, "empty.json") == (0, ["no creator's approval is needed"])


def test_reviews_can_come_from_standard_input(fee_diff: Path) -> None:
    result = CliRunner().invoke(main, ["approvals", str(fee_diff), "-", "--head-sha", HEAD],
                                input=(REVIEWS / "approved.json").read_text(encoding="utf-8"))
    assert result.exit_code == 0


def test_bad_input_is_a_usage_error(fee_diff: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    result = run_cli("approvals", fee_diff, broken, "--head-sha", HEAD)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1].startswith("Error: not JSON: ")
    result = run_cli("approvals", REVIEWS / "approved.json", REVIEWS / "approved.json",
                     "--head-sha", HEAD)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        "Error: the diff has no `approvals_required` list: pass the output of "
        "`nanokit diff --format json`")
