"""The portal as a creator and a brand use it: a real browser on the served site."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from builder.build import build

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"]

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def served_team_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    site = tmp_path_factory.mktemp("browser") / "site"
    result = build(REPO, site, "team")
    assert result.ok, [p.format_text() for p in result.problems]
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


def test_navigate_from_home_to_a_campaign_and_find_its_promo_code(served_team_site: str) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        requested_hosts: set[str] = set()
        page.on("request", lambda request: requested_hosts.add(request.url.split("/")[2]))
        page.goto(served_team_site)
        page.get_by_role("link", name="Campaigns").first.click()
        page.get_by_role("link", name="Vitamin C Glow Serum Launch").first.click()
        page.wait_for_load_state()
        assert "/campaigns/glow-serum-launch/" in page.url
        assert page.get_by_text("PRIYA15", exact=False).first.is_visible()
        browser.close()
    # nothing is fetched from any other host when a page is viewed
    assert requested_hosts == {served_team_site.split("/")[2]}
