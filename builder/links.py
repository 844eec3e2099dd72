"""Private links (capability URLs): where each audience's site goes, and who gets which link.

With a link secret (the environment variable NANOKIT_LINK_SECRET, never in the repository),
`--audience all` puts the public site at the root of the output and every other audience under
a path nobody can guess without the secret: `t/<token>/` for the team, `b/<token>/` for a brand,
`c/<token>/` for a creator, where token = HMAC-SHA256(secret, "<audience>#<link_version>").
Raising a brand's or creator's `link_version` (or the plugin's `team_link_version`) revokes
that one link; a new secret revokes them all. Without a secret every audience keeps its
plain folder (`team/`, `brand-<id>/`, …) for hosts with their own access control.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import hmac
import io
import itertools
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass
from urllib.parse import urlsplit

from builder.audience import Audience, all_audiences
from builder.model.program import Program
from builder.render.format import csv_cell

SECRET_VARIABLE = "NANOKIT_LINK_SECRET"
MIN_SECRET_BYTES = 32
TOKEN_BYTES = 20
"""160 bits of the HMAC, written as 32 lower-case base32 characters (safe in any URL)."""
PRIVATE_PREFIXES: Mapping[str, str] = {"team": "t", "brand": "b", "creator": "c"}
SECRET_HINT = ('make one with `python3 -c "import secrets; print(secrets.token_urlsafe(32))"` '
               "and keep it in your CI's secrets")


class LinkError(ValueError):
    """A link secret, site_url or layout a build must not use (a usage error)."""


def read_link_secret(environ: Mapping[str, str]) -> bytes | None:
    """The link secret from the environment, or None when the variable is not set.

    A variable that is set but empty is an error: it is what CI passes when the repository
    secret is missing, and building without it would publish every audience in plain folders.
    """
    text = environ.get(SECRET_VARIABLE)
    if text is None:
        return None
    secret = text.strip().encode("utf-8")
    if len(secret) < MIN_SECRET_BYTES:
        state = "is empty" if not secret else f"has {len(secret)} bytes"
        raise LinkError(f"{SECRET_VARIABLE} {state}; it needs at least {MIN_SECRET_BYTES}: "
                        f"{SECRET_HINT}")
    return secret


def link_token(secret: bytes, audience: Audience, version: int) -> str:
    digest = hmac.new(secret, f"{audience}#{version}".encode(), hashlib.sha256).digest()
    return base64.b32encode(digest[:TOKEN_BYTES]).decode("ascii").lower()


def link_version(program: Program, audience: Audience) -> int:
    ident = audience.id or ""
    if audience.kind == "creator" and ident in program.creators:
        return program.creators[ident].profile.link_version
    if audience.kind == "brand" and ident in program.brands:
        return program.brands[ident].link_version
    if audience.kind == "team":
        return program.config.team_link_version
    return 0


Token = Callable[[bytes, Audience, int], str]


def site_layout(program: Program, audiences: Iterable[Audience], secret: bytes | None,
                token: Token = link_token) -> dict[Audience, str]:
    """Each audience's folder in the output of `--audience all`, relative, '' for the root.

    Raises LinkError when two audiences would share a folder or one would sit inside another's.
    """
    layout: dict[Audience, str] = {}
    for audience in audiences:
        if secret is None:
            layout[audience] = audience.folder
        elif audience.kind == "public":
            layout[audience] = ""
        else:
            layout[audience] = (f"{PRIVATE_PREFIXES[audience.kind]}/"
                                f"{token(secret, audience, link_version(program, audience))}")
    private = sorted((folder, str(a)) for a, folder in layout.items() if folder)
    for (folder, name), (other, other_name) in itertools.pairwise(private):
        if other == folder or other.startswith(folder + "/"):
            raise LinkError(f"{name} and {other_name} would share the folder {other}: "
                            "change one's link_version")
    return layout


def check_site_url(site_url: str | None) -> None:
    """Private links are only as private as the connection: site_url must be https."""
    if site_url is None:
        return
    parts = urlsplit(site_url)
    if parts.scheme != "https" or not parts.netloc:
        raise LinkError(f"site_url '{site_url}' in mkdocs.yml is not an https address; private "
                        "links must never travel in clear text: write https://…")


def portal_url(site_url: str, folder: str) -> str:
    base = site_url if site_url.endswith("/") else site_url + "/"
    return base + (folder + "/" if folder else "")


def robots_txt(site_url: str | None) -> str:
    """robots.txt for the root of a site with private links: every private prefix disallowed.

    It names the prefixes, never a token. Crawlers read it only at the root of a host, so under
    a project path (https://org.github.io/repo/) it is a courtesy; the pages' own noindex
    meta tags are what keep them out of search engines.
    """
    path = urlsplit(site_url).path.rstrip("/") if site_url else ""
    lines = ["User-agent: *",
             *(f"Disallow: {path}/{prefix}/" for prefix in sorted(PRIVATE_PREFIXES.values()))]
    if site_url:
        lines.append(f"Sitemap: {portal_url(site_url, '')}sitemap.xml")
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class Link:
    """One audience's link, as the team sends it."""

    audience: str
    send_to: str
    portal: str
    calendar: str | None


def audience_links(program: Program, layout: Mapping[Audience, str], site_url: str
                   ) -> list[Link]:
    """Per audience: whom to send it to, its portal URL and its calendar subscription URL."""
    links = []
    for audience, folder in layout.items():
        portal = portal_url(site_url, folder)
        calendar: str | None = None
        if audience.kind == "team":
            calendar = portal + "calendar/all.ics"
        elif audience.kind == "creator" and _has_deliverables(program, audience.id or ""):
            calendar = portal + f"calendar/{audience.id}.ics"
        links.append(Link(str(audience), _recipient(program, audience), portal, calendar))
    return links


def _has_deliverables(program: Program, handle: str) -> bool:
    """As render_site decides whether a creator's build has a calendar feed."""
    return any(e.deliverables for c in program.campaigns.values() for e in c.spec.creators
               if e.handle == handle)


def _recipient(program: Program, audience: Audience) -> str:
    if audience.kind == "team":
        return "the program team (keep it among yourselves)"
    if audience.kind == "public":
        return "anyone (share it freely)"
    if audience.kind == "brand":
        brand = program.brands[audience.id or ""]
        return f"{brand.name} <{brand.contact.email}>"
    creator = program.creators[audience.id or ""]
    email = creator.private.email if creator.private else None
    return f"{creator.profile.name} <{email}>" if email else creator.profile.name


def program_links(program: Program, environ: Mapping[str, str]) -> list[Link]:
    """Every audience's link as `nanokit build --audience all` lays the sites out."""
    site_url = program.config.site_url
    if site_url is None:
        raise LinkError("mkdocs.yml has no site_url: links need the address the site is "
                        "served at, e.g. `site_url: https://portal.example.org/`")
    check_site_url(site_url)
    layout = site_layout(program, all_audiences(program), read_link_secret(environ))
    return audience_links(program, layout, site_url)


LINK_COLUMNS = ("audience", "send_to", "portal", "calendar")


def format_links(links: list[Link], fmt: str) -> str:
    """table for people, csv for a spreadsheet (cells escaped), json for tools."""
    rows = [[link.audience, link.send_to, link.portal, link.calendar or ""] for link in links]
    if fmt == "json":
        return json.dumps([asdict(link) for link in links], indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(LINK_COLUMNS)
        writer.writerows([csv_cell(cell) for cell in row] for row in rows)
        return buffer.getvalue()
    widths = [max(len(row[i]) for row in [list(LINK_COLUMNS), *rows])
              for i in range(len(LINK_COLUMNS) - 1)]
    return "".join("  ".join([*(cell.ljust(w) for cell, w in zip(row, widths, strict=False)),
                              row[-1]]).rstrip() + "\n"
                   for row in [list(LINK_COLUMNS), *rows])
