"""`nanokit init` and `nanokit new`: files that pass `nanokit check` and show every field.

A scaffold holds no value that would print nonsense in a contract: what must be filled in is
left empty, and `check` warns at its line until it is.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from datetime import date, timedelta
from importlib import metadata
from importlib.resources import as_file, files
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from builder.schema import write_schemas

BRAND = """\
# yaml-language-server: $schema=../schemas/brand.schema.json
# Brand {brand_id}. Contracts print the empty lines: `nanokit check` warns until they are filled.
name: "{title}"                     # display name on the portal
legal_name: ""                      # legal entity that signs, e.g. "Acme Foods, Inc."
address: ""                         # registered address on one line, with the country
signatory:                          # who signs contracts for the brand
  name: ""
  title: ""                         # job title, printed under the signature line
contact:
  email: ""                         # where creators write about campaigns
  # name: ""                        # contact person, if not the signatory
  # phone: ""
handles: {{}}                         # e.g. {{instagram: "@acme", tiktok: "@acme"}}
# website: https://example.com
# link_version: 1                   # raise by one to revoke the brand's private portal link
# extra: {{}}                         # free-form data nanokit ignores
"""

CREATOR_PRIVATE = """\
# yaml-language-server: $schema=../../schemas/private.schema.json
# Private data of {handle}: printed only in their contracts; the team sees the payout account
# masked to its last 4 characters. Contracts print the empty lines: fill them in.
legal_name: ""                       # full legal name
address: ""                          # postal address on one line, with the country
# email: name@example.com
# phone: "+1 503 555 0142"
# tax_id: ""
# payout: {{method: bank_transfer, account: ""}}
# extra: {{}}                          # free-form data nanokit ignores
"""

CREATOR_PROFILE = """\
# yaml-language-server: $schema=../../schemas/profile.schema.json
# Public profile of {handle}. Every key is described in schemas/profile.schema.json.
name: "{title}"                      # display name
location: {{city: "", country: US}}   # country: ISO 3166-1 alpha-2 code
languages: [en]
niches: []                           # e.g. [running, wellness]
bio: ""                              # one or two sentences for the media kit
# github: account-name               # reviews pull requests touching this creator's terms
platforms:                           # one entry per account
  - platform: instagram              # instagram|tiktok|youtube|threads|pinterest|twitch|blog|other
    handle: "@{handle}"
    url: https://instagram.com/{handle}
    followers: 1000
    # audience:                      # optional shares between 0 and 1
    #   countries: {{US: 0.7}}
    #   ages: {{"18-24": 0.3, "25-34": 0.5}}
    #   genders: {{female: 0.6, male: 0.4}}
rates:
  currency: USD                      # ISO 4217
  items:                             # type: post|reel|story|video|short|live|blog|other
    - {{platform: instagram, type: post, price: 100}}
  usage_rights_per_month_percent: 15 # add-on per month of paid usage rights
  exclusivity_per_month_percent: 20  # add-on per month of exclusivity
public: false                        # media kit in the public build
rates_public: false                  # rate card in the public build
link_version: 0                      # raise by one to revoke this creator's private link
# extra: {{}}                          # free-form data nanokit ignores
"""

CAMPAIGN = """\
# yaml-language-server: $schema=../../schemas/campaign.schema.json
# Campaign {slug}. Every key is described in schemas/campaign.schema.json.
title: "{title}"
brand: {brand}
status: draft                  # draft | active | completed | cancelled
goal: conversions              # awareness | engagement | conversions | ugc
# tier: nano                   # follower band this campaign recruits from
markets: [US]                  # where the buyers are (ISO 3166-1)
period: {{start: {start}, end: {end}}}
budget: {{amount: 5000, currency: USD}}
# targets: any KPI of engagement_rate, engagement_rate_followers, ctr, cvr, cpe, cpm, cpa, roas, roi
targets: {{engagement_rate: 0.04, ctr: 0.01, roas: 2.0}}
disclosure:
  rules: [us-ftc]              # us-ftc | uk-asa | ie-asai | de | fr | ca
  required_any: ["#ad"]        # at least one must appear before "more"
  must_tag: []                 # e.g. ["@brand"]
  must_hashtag: []             # e.g. ["#BrandLaunch"]
  must_mention: []             # talking points; a missing one is a warning
  banned: []                   # words that must not appear
tracking:
  landing_url: https://example.com/{slug}
  utm: {{source: "{{platform}}", medium: influencer, campaign: "{{slug}}", content: "{{handle}}"}}
terms:                         # defaults; an engagement may override any key under `terms:`
  payment:
    - {{percent: 50, due: on_signature}}
    - {{percent: 50, due: net_30_after_posting}}
  usage_rights: {{channels: [organic_social], months: 3}}
  # exclusivity: {{category: skincare, days: 30}}   # no competitor's content for that long
  revision_rounds: 2
  kill_fee_percent: 25
  # governing_law: "State of New York, USA"   # check warns until set, once a contract exists
creators: []                   # the roster, e.g.
#  - handle: maya-runs
#    fee: 250
#    gifted: {{item: Starter kit, value: 60}}
#    promo_code: MAYA15
#    status: invited           # invited | negotiating | contracted | delivered | paid | declined
#    deliverables:             # count: how many of this deliverable (default 1)
#      - {{id: ig-reel-1, platform: instagram, type: reel, due: {start}, count: 1}}
#    signed_on: {today}     # set when the countersigned PDF is committed
#    payments:                 # what was actually paid, for the payments dashboard
#      - {{date: {today}, amount: 125, ref: "INV-0001"}}
#    rating: 4                 # content quality 1-5 (team and brand only)
#    notes: ""                 # team and brand only
#    terms: {{kill_fee_percent: 50}}   # overrides any key of `terms` for this creator
#    extra: {{}}                 # free-form data nanokit ignores
# extra: {{}}                    # free-form data nanokit ignores
"""

BRIEF = """\
# {title}

## Background

## Objective

## Key messages

## Do's and don'ts

## Mandatory elements

## Timeline
"""


def title_of(identifier: str) -> str:
    return identifier.replace("-", " ").title()


def scaffold_brand(root: Path, brand_id: str) -> list[Path]:
    path = root / "brands" / f"{brand_id}.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(BRAND.format(brand_id=brand_id, title=title_of(brand_id)), encoding="utf-8")
    return [path]


def scaffold_creator(root: Path, handle: str) -> list[Path]:
    folder = root / "creators" / handle
    folder.mkdir(parents=True)
    profile = folder / "profile.yml"
    profile.write_text(CREATOR_PROFILE.format(handle=handle, title=title_of(handle)),
                       encoding="utf-8")
    private = folder / "private.yml"
    private.write_text(CREATOR_PRIVATE.format(handle=handle), encoding="utf-8")
    return [profile, private]


def scaffold_campaign(root: Path, slug: str, brand: str, today: date) -> list[Path]:
    folder = root / "campaigns" / slug
    folder.mkdir(parents=True)
    start = today + timedelta(days=30)
    spec = folder / "campaign.yml"
    spec.write_text(CAMPAIGN.format(slug=slug, title=title_of(slug), brand=brand, start=start,
                                    end=start + timedelta(days=45), today=today),
                    encoding="utf-8")
    brief = folder / "brief.md"
    brief.write_text(BRIEF.format(title=title_of(slug)), encoding="utf-8")
    return [spec, brief]


STARTER = files("builder") / "starter"
"""The files of a new program: mkdocs.yml, .gitignore, editor settings, workflows, README."""
EXAMPLE = files("builder") / "example"
"""One brand, two creators and a campaign to learn from (`nanokit init --example`)."""
_DAY = re.compile(r"@DAY([+-][0-9]+)@")
"""A date in the example, in days from the day of `init`, so its deadlines are near."""


RELEASES = "nanokit>=0.1,<0.2"
"""What the starter's workflows and README install when nanokit came from a package index."""
_HOSTED = re.compile(r"(?:https?|ssh|git)://|[\w.-]+@[\w.-]+:")
"""A git remote a CI runner can reach (not a folder on this machine)."""


def nanokit_requirement() -> tuple[str, str]:
    """What a new program's workflows install, and a line that says so for `nanokit init`."""
    direct_url = metadata.distribution("nanokit").read_text("direct_url.json")
    return requirement_for(direct_url, _clone_of)


def requirement_for(direct_url: str | None, clone_of: Callable[[Path], tuple[str, str] | None]
                    ) -> tuple[str, str]:
    """The requirement for the nanokit installed here, so that CI runs the same one.

    `direct_url` is the installation's direct_url.json (PEP 610; none from a package index).
    From an index: the release series. From a git URL: that URL at the installed commit. From
    a folder: its clone's `origin` at its commit (`clone_of` gives both), if a CI runner can
    reach it. Otherwise the release series, and the line says which line to change.
    """
    if direct_url is None:
        return RELEASES, f"the workflows install {RELEASES} from PyPI"
    origin = json.loads(direct_url)
    url = str(origin.get("url", ""))
    vcs = origin.get("vcs_info") or {}
    if vcs.get("vcs") == "git" and _HOSTED.match(url):
        return (f"nanokit @ git+{url}@{vcs['commit_id']}",
                f"the workflows install nanokit from {url} at {vcs['commit_id'][:12]}")
    clone = clone_of(Path(url2pathname(urlsplit(url).path))) if url.startswith("file:") else None
    if clone is not None and _HOSTED.match(clone[0]):
        remote = _https(clone[0])
        return (f"nanokit @ git+{remote}@{clone[1]}",
                f"the workflows install nanokit from {remote} at {clone[1][:12]}: push that "
                "commit there if it is not yet")
    return RELEASES, (
        f"nanokit was installed from {url or 'a place CI cannot reach'}: the workflows install "
        f"{RELEASES} from PyPI; change that line in .github/workflows/*.yml to the copy your "
        "team uses, e.g. nanokit @ git+https://github.com/<you>/nanokit@<tag>")


def _https(remote: str) -> str:
    """An SSH remote (git@host:owner/repo.git) as the HTTPS URL a CI runner clones without a
    key; other remotes as they are."""
    scp = re.fullmatch(r"[\w.-]+@([\w.-]+):(.+)", remote)
    if scp:
        return f"https://{scp[1]}/{scp[2]}"
    ssh = re.fullmatch(r"ssh://[\w.-]+@([\w.-]+)/(.+)", remote)
    return f"https://{ssh[1]}/{ssh[2]}" if ssh else remote


def _clone_of(folder: Path) -> tuple[str, str] | None:
    """(origin's URL, checked-out commit) of the git clone at `folder`, if it is one."""
    import git

    try:
        repo = git.Repo(folder)
        return repo.remote("origin").url, repo.head.commit.hexsha
    except (git.GitError, ValueError):  # not a clone, no origin, or no commit yet
        return None


def init_program(target: Path, site_name: str, today: date, example: bool,
                 requirement: str = RELEASES) -> list[Path]:
    """Write a new program repository into `target` (missing or empty) whose workflows
    install `requirement` (see nanokit_requirement); return the files."""
    target.mkdir(parents=True, exist_ok=True)
    with as_file(STARTER) as starter:
        shutil.copytree(starter, target, dirs_exist_ok=True)
    filled = {"__SITE_NAME__": site_name, f'"{RELEASES}"': f'"{requirement}"'}
    for path in (target / "mkdocs.yml", target / "README.md",
                 *sorted((target / ".github" / "workflows").glob("*.yml"))):
        text = path.read_text(encoding="utf-8")
        for placeholder, value in filled.items():
            text = text.replace(placeholder, value)
        path.write_text(text, encoding="utf-8")
    write_schemas(target / "schemas")
    if example:
        with as_file(EXAMPLE) as source:
            for path in sorted(p for p in source.rglob("*") if p.is_file()):
                written = target / path.relative_to(source)
                written.parent.mkdir(parents=True, exist_ok=True)
                text = _DAY.sub(lambda m: (today + timedelta(days=int(m[1]))).isoformat(),
                                path.read_text(encoding="utf-8"))
                written.write_text(text, encoding="utf-8")
    return sorted(p for p in target.rglob("*")
                  if p.is_file() and p.relative_to(target).parts[0] != ".git")
