"""`nanokit serve` / `mkdocs serve`: one line per rebuild saying what changed, and while the
program has errors every page shows them instead of a stale portal (SPEC §7)."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.test_preview import edit, serve_build, serve_config


def test_an_error_replaces_the_pages_until_it_is_fixed(
        copy_program: Callable[[str], Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    root, site, scratch = copy_program("portal-basic"), tmp_path / "served", tmp_path / "scratch"
    monkeypatch.setenv("NANOKIT_ROOT", str(root))  # as `nanokit serve` does: no mkdocs.yml here
    monkeypatch.delenv("NANOKIT_AUDIENCE", raising=False)
    caplog.set_level(logging.INFO, logger="mkdocs.plugins.nanokit")
    profile = root / "creators/ana-bakes/profile.yml"
    serve_config(root, scratch, site).plugins.on_startup(command="serve", dirty=True)
    try:
        serve_build(root, scratch, site)
        media_kit = site / "creators/ana-bakes/index.html"
        assert "to fix" not in media_kit.read_text(encoding="utf-8")

        followers = re.search(r"followers: (\d+)", profile.read_text()).group(0)  # type: ignore[union-attr]
        edit(profile, followers, "followers: lots")
        serve_build(root, scratch, site)
        for page in (media_kit, site / "index.html"):
            shown = page.read_text(encoding="utf-8")
            assert "1 error to fix" in shown
            assert "creators/ana-bakes/profile.yml:" in shown
            assert "hint: Write a whole number without separators, e.g. 8400." in shown

        edit(profile, "followers: lots", followers)
        serve_build(root, scratch, site)
        assert "to fix" not in media_kit.read_text(encoding="utf-8")
    finally:
        serve_config(root, scratch, site).plugins.on_shutdown()
    said = [re.sub(r"in [0-9.]+ s$", "in N s", message) for message in caplog.messages
            if message.startswith(("first build", "creators/"))]
    assert said[0].startswith("first build: ")
    assert said[1:] == [
        "creators/ana-bakes/profile.yml changed: the pages show 1 error(s) in N s",
        said[2],
    ]
    assert said[2].startswith("creators/ana-bakes/profile.yml changed: ")
    assert "page(s) and file(s) rendered" in said[2]
