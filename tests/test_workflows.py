"""The GitHub Actions workflows of the repository and of the starter a new program gets
(SPEC §11): they pass actionlint, pin actions by major version, ask for no more permissions
than they use, cache pip and ~/.cache/nanokit, and the starter's say what the repository's say.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import REPO

WORKFLOWS = REPO / ".github/workflows"
STARTER = REPO / "builder/starter/.github/workflows"
ALL = sorted([*WORKFLOWS.glob("*.yml"), *STARTER.glob("*.yml")])
OURS = sorted([*(WORKFLOWS / name for name in ("ci.yml", "deploy.yml", "pr.yml")),
               *STARTER.glob("*.yml")])
"""The workflows that install nanokit (drift.yml checks dependency releases without caches)."""
USES = re.compile(r"^[a-z0-9-]+/[a-z0-9-]+@v[0-9]+$")


def workflow(path: Path) -> dict[Any, Any]:
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(doc, dict)
    return doc


def steps(path: Path) -> list[dict[str, Any]]:
    return [step for job in workflow(path)["jobs"].values() for step in job["steps"]]


def test_workflows_pass_actionlint() -> None:
    actionlint = shutil.which("actionlint") or shutil.which(
        "actionlint", path=str(Path(sys.executable).parent))
    if actionlint is None:
        pytest.skip("actionlint is not installed (its wheel is for Linux x86_64 only)")
    result = subprocess.run([actionlint, "-no-color", *map(str, ALL)], capture_output=True,
                            text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("path", ALL, ids=lambda p: str(p.relative_to(REPO)))
def test_actions_are_pinned_by_major_version_and_permissions_are_least(path: Path) -> None:
    uses = [step["uses"] for step in steps(path) if "uses" in step]
    assert uses and all(USES.fullmatch(u) for u in uses), uses
    doc = workflow(path)
    assert doc["permissions"] == {"contents": "read"}
    for name, job in doc["jobs"].items():
        granted = job.get("permissions", {})
        writes = {scope for scope, level in granted.items() if level == "write"}
        allowed = {"diff": {"pull-requests"}, "deploy": {"pages", "id-token"}}.get(name, set())
        assert writes <= allowed, (name, granted)


@pytest.mark.parametrize("path", OURS, ids=lambda p: str(p.relative_to(REPO)))
def test_every_job_caches_pip_and_the_nanokit_cache(path: Path) -> None:
    for job in workflow(path)["jobs"].values():
        python = [s for s in job["steps"] if s.get("uses", "").startswith("actions/setup-python")]
        caches = [s for s in job["steps"] if s.get("uses", "").startswith("actions/cache@")]
        if not python and "deploy-pages" in str(job["steps"]):
            continue  # publishes what the build job made; installs nothing
        assert [s["with"]["cache"] for s in python] == ["pip"]
        assert [s["with"]["path"] for s in caches] == ["~/.cache/nanokit"]


def test_pull_requests_check_comment_once_and_gate_on_approvals() -> None:
    jobs = workflow(WORKFLOWS / "pr.yml")["jobs"]
    runs = {name: "\n".join(s.get("run", "") for s in job["steps"]) for name, job in jobs.items()}
    assert "nanokit check --format github" in runs["check"]
    assert "nanokit diff HEAD^1 HEAD" in runs["diff"]
    script = next(s for s in jobs["diff"]["steps"] if "github-script" in s.get("uses", ""))
    assert 'const marker = "<!-- nanokit-diff -->";' in script["with"]["script"]
    assert "updateComment" in script["with"]["script"]
    assert "nanokit approvals" in runs["approvals"]
    assert "if" not in jobs["approvals"]  # also runs when a review is submitted


def test_the_starter_workflows_are_the_repositorys_with_nanokit_from_pypi() -> None:
    assert sorted(p.name for p in STARTER.glob("*.yml")) == ["deploy.yml", "pr.yml"]
    for path in STARTER.glob("*.yml"):
        starter = path.read_text(encoding="utf-8")
        assert starter.count('python -m pip install "nanokit>=0.1,<0.2"') >= 1
        expected = (WORKFLOWS / path.name).read_text(encoding="utf-8").replace(
            "cache-dependency-path: constraints.txt\n",
            "cache-dependency-path: .github/workflows/*.yml\n",
        ).replace("python -m pip install -c constraints.txt -e .\n",
                  'python -m pip install "nanokit>=0.1,<0.2"\n')
        assert starter == expected


def test_the_starter_workflows_ship_in_the_package(tmp_path: Path) -> None:
    # Built from a copy: setuptools leaves a build/ folder where it builds.
    source = tmp_path / "source"
    for name in ("pyproject.toml", "README.md"):
        (source / name).parent.mkdir(exist_ok=True)
        shutil.copy(REPO / name, source / name)
    shutil.copytree(REPO / "builder", source / "builder",
                    ignore=shutil.ignore_patterns("__pycache__"))
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w",
                    str(tmp_path), str(source)], check=True, capture_output=True)
    wheel = next(tmp_path.glob("nanokit-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "builder/starter/.github/workflows/pr.yml" in names
    assert "builder/starter/.github/workflows/deploy.yml" in names
