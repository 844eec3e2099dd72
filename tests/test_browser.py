"""The portal as a creator and a brand use it: a real browser on the served site."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import axe_playwright_python
import pytest

from builder.build import build

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = next(filter(None, map(shutil.which, ("chromium", "chromium-browser", "google-chrome"))),
                "/usr/bin/chromium")
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


# Phone-first and accessible (issue: pages people use) ---------------------------------------

AXE = Path(axe_playwright_python.__file__).parent / "axe.min.js"
PAGES = {"team home": "team/", "campaign": "team/campaigns/glow-serum-launch/",
         "KPIs": "team/campaigns/glow-serum-launch/kpis/",
         "media kit": "team/creators/maya-runs/", "payments": "team/team/payments/",
         "creators": "team/creators/", "creator home": "creator-maya-runs/",
         "my work": "creator-maya-runs/my-work/",
         "creator's campaign": "creator-maya-runs/campaigns/holiday-gift-guide/"}
THEME_FINDINGS = {
    # Material for MkDocs' own markup, left to the theme:
    ("aria-dialog-name", ".md-search"),  # the search dialog has no accessible name
    ("color-contrast", ".md-copyright"),  # "Made with Material for MkDocs" footer
    ("landmark-unique", 'nav[data-md-level="1"]'),  # nested navigation sections
}


@pytest.fixture(scope="module")
def served_sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The team's site and a creator's, side by side as `--audience all` lays them out."""
    site = tmp_path_factory.mktemp("phone")
    for audience in ("team", "creator:maya-runs"):
        result = build(REPO, site / audience.replace(":", "-"), audience)
        assert result.ok, [p.format_text() for p in result.problems]
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


def test_no_page_of_a_creators_site_scrolls_sideways_on_a_phone(served_sites: str) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        page = browser.new_page(viewport={"width": 390, "height": 900})
        page.goto(served_sites + "creator-maya-runs/")
        paths = sorted({href.split("#")[0] for href in page.eval_on_selector_all(
            "a[href]", "links => links.map(a => a.href)")
            if href.startswith(served_sites + "creator-maya-runs/") and href.endswith("/")})
        assert len(paths) >= 5, paths
        wide = {}
        for url in paths:
            page.goto(url)
            overflow = page.evaluate("document.documentElement.scrollWidth - innerWidth")
            if overflow > 0:
                wide[url] = overflow
        browser.close()
    assert wide == {}


def test_axe_finds_nothing_in_nanokits_markup_at_phone_and_desktop_width(
        served_sites: str) -> None:
    from playwright.sync_api import sync_playwright

    findings = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        for width in (390, 1280):
            page = browser.new_page(viewport={"width": width, "height": 900})
            for name, path in PAGES.items():
                page.goto(served_sites + path)
                page.add_script_tag(path=str(AXE))
                result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
                findings += [(width, name, violation["id"], " ".join(node["target"]))
                             for violation in result["violations"] for node in violation["nodes"]
                             if (violation["id"], " ".join(node["target"]))
                             not in THEME_FINDINGS]
            page.close()
        browser.close()
    assert findings == []
