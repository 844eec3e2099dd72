"""Where each page and file of a site lives, and every link nanokit writes between them.

Pages are named by their Markdown source (`campaigns/spring/index.md`), other files by their
path in the site (`kpis/spring.json`). MkDocs serves a page source at a URL that depends on
its `use_directory_urls` setting: `campaigns/spring/kpis/` when true (the default),
`campaigns/spring/kpis.html` when false. Links inside raw HTML blocks are not rewritten by
MkDocs, so nanokit writes them as served, relative to the page that holds them: a site then
works from any folder of any host, and from the file system when directory URLs are off.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from functools import lru_cache

HOME = "index.md"
MY_WORK = "my-work.md"
CAMPAIGNS = "campaigns/index.md"
DIRECTORY = "creators/index.md"
TEAM = "team/index.md"


def campaign_page(slug: str) -> str:
    return f"campaigns/{slug}/index.md"


def kpi_page(slug: str) -> str:
    return f"campaigns/{slug}/kpis.md"


def scorecard_page(slug: str) -> str:
    return f"campaigns/{slug}/scorecard.md"


def scorecard_csv_file(slug: str) -> str:
    return f"campaigns/{slug}/scorecard.csv"


def kpi_json_file(slug: str) -> str:
    return f"kpis/{slug}.json"


def media_kit_page(handle: str) -> str:
    return f"creators/{handle}.md"


def team_page(name: str) -> str:
    """A team dashboard: pipeline, budget, payments, deadlines, usage-rights, vetting,
    portfolio."""
    return f"team/{name}.md"


def calendar_feed(name: str) -> str:
    """A creator's iCalendar feed by handle, or the team's of every deliverable ('all')."""
    return f"calendar/{name}.ics"


def signed_contract_file(slug: str, handle: str) -> str:
    """Its own folder, so no handle can collide with another's signed copy."""
    return f"contracts/{slug}/signed/{handle}.pdf"


@dataclass(frozen=True)
class Paths:
    """URLs of one site, as MkDocs serves them with its `use_directory_urls` setting."""

    directory_urls: bool = True

    def url(self, src: str) -> str:
        """The URL path (from the site's root, no leading slash) at which `src` is served."""
        return _url(src, self.directory_urls)

    def href(self, from_src: str, to_src: str) -> str:
        """A relative link from the page `from_src` to the page or file `to_src`."""
        return _href(from_src, to_src, self.directory_urls)


def _url(src: str, directory_urls: bool) -> str:
    if not src.endswith(".md"):
        return src
    if not directory_urls:
        return src[: -len(".md")] + ".html"
    if src == HOME:
        return ""
    if src.endswith("/" + HOME):
        return src[: -len(HOME)]
    return src[: -len(".md")] + "/"


@lru_cache(maxsize=1 << 16)  # the same pairs come up on every page of a large program
def _href(from_src: str, to_src: str, directory_urls: bool) -> str:
    here = _url(from_src, directory_urls)
    folder = here.rstrip("/") if here.endswith("/") or here == "" else posixpath.dirname(here)
    target = _url(to_src, directory_urls)
    relative = posixpath.relpath(target.rstrip("/") or ".", folder or ".")
    if target.endswith("/") or target == "":
        return "./" if relative == "." else relative + "/"
    return relative
