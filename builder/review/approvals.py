"""`nanokit approvals`: the gate that stays red until every creator whose terms a pull request
changes has approved it after its last change.

Input: `approvals_required` from `nanokit diff --format json`, and the pull request's reviews as
GitHub returns them for `GET /repos/{owner}/{repo}/pulls/{n}/reviews` (a list of objects with
`user.login`, `state`, `commit_id`, `submitted_at`). A review counts for the commit it was made
on: an approval of an earlier commit is stale, because the terms may have changed since.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

DECIDING_STATES = frozenset({"APPROVED", "CHANGES_REQUESTED", "DISMISSED"})
"""A COMMENTED (or PENDING) review leaves a reviewer's earlier decision as it was, as on GitHub."""


class ApprovalInputError(Exception):
    """The diff or reviews document is not what the gate reads; one line for the user."""


@dataclass(frozen=True)
class Verdict:
    handle: str
    github: str | None
    state: str
    """approved | stale | missing | changes-requested | no-account"""
    line: str


def judge_approvals(diff: Any, reviews: Any, head_sha: str) -> list[Verdict]:
    """One verdict per creator whose approval the diff requires, in the diff's order."""
    required = diff.get("approvals_required") if isinstance(diff, dict) else None
    if not isinstance(required, list):
        raise ApprovalInputError("the diff has no `approvals_required` list: pass the output "
                                 "of `nanokit diff --format json`")
    if not isinstance(reviews, list):
        raise ApprovalInputError("the reviews are not a JSON list: pass what GitHub returns "
                                 "for GET /repos/{owner}/{repo}/pulls/{n}/reviews")
    decisions = _latest_decisions(reviews)
    verdicts = []
    for entry in required:
        handle = str(entry.get("handle"))
        github = entry.get("github")
        reasons = ", ".join(entry.get("reasons") or [])
        if not github:
            verdicts.append(Verdict(handle, None, "no-account",
                                    f"missing: {handle} ({reasons}) has no `github` account in "
                                    f"creators/{handle}/profile.yml, so no review can count"))
            continue
        review = decisions.get(str(github).lower())
        who = f"@{github} ({handle})"
        if review is None:
            verdicts.append(Verdict(handle, github, "missing",
                                    f"missing: {who} has not approved ({reasons})"))
        elif review.get("state") != "APPROVED":
            verdicts.append(Verdict(handle, github, "changes-requested",
                                    f"missing: {who} requested changes or the approval was "
                                    f"dismissed ({reasons})"))
        elif str(review.get("commit_id")) != head_sha:
            verdicts.append(Verdict(handle, github, "stale",
                                    f"stale: {who} approved {str(review.get('commit_id'))[:7]}, "
                                    f"before the last change {head_sha[:7]}: approve again"))
        else:
            verdicts.append(Verdict(handle, github, "approved",
                                    f"approved: {who} at {head_sha[:7]}"))
    return verdicts


def _latest_decisions(reviews: list[Any]) -> dict[str, dict[str, Any]]:
    """Each reviewer's last deciding review, by lower-case login (logins ignore case)."""
    ordered = sorted((r for r in reviews if isinstance(r, dict)),
                     key=lambda r: str(r.get("submitted_at") or ""))
    decisions: dict[str, dict[str, Any]] = {}
    for review in ordered:
        user = review.get("user")
        login = user.get("login") if isinstance(user, dict) else None
        if isinstance(login, str) and review.get("state") in DECIDING_STATES:
            decisions[login.lower()] = review
    return decisions
