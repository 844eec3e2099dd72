"""The MkDocs plugin `nanokit`: a thin shell that injects the generated pages.

`nanokit build` hands it ready-made files; a plain `mkdocs build` or `mkdocs serve` makes it
load the repository and render the audience named in its options.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from builder.render.context import SiteFiles
from builder.render.nav import build_nav
from builder.render.site import ASSETS
from builder.render.stash import restore_html_blocks, stash_html_blocks

WATCHED = ("brands", "creators", "campaigns", "templates")


class NanokitConfig(Config):
    audience = opt.Type(str, default="team")
    """Audience a plain `mkdocs build` renders: team, public, brand:<id> or creator:<handle>."""
    locale = opt.Type(str, default="en")
    """Locale for money and dates (Babel), e.g. en, en_GB, de."""
    tiers = opt.Type(list, default=[])
    """Follower bands as [{name, min_followers}], lowest first; empty for SPEC §6's."""
    vetting = opt.Type(dict, default={})
    """Vetting thresholds (SPEC §12)."""
    exchange_rates = opt.Type(dict, default={})
    """Rates such as 'EUR/USD': 1.08 for orders in another currency."""


class NanokitPlugin(BasePlugin[NanokitConfig]):
    """Replaces the docs folder's files by the program's pages for one audience."""

    def __init__(self) -> None:
        self.site_files: SiteFiles | None = None
        self._stash: dict[str, list[str]] = {}

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if self.site_files is None:
            self.site_files = self._render(config)
        config.nav = build_nav(self.site_files)
        for name in ASSETS:
            target = config.extra_css if name.endswith(".css") else config.extra_javascript
            if f"assets/{name}" not in [str(item) for item in target]:
                target.append(f"assets/{name}")
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        site = self.site_files or {}
        docs_dir = Path(config.docs_dir).resolve()
        # Keep the theme's assets; drop whatever docs_dir holds: pages come from the program.
        theme = [f for f in files if f.abs_src_path
                 and not Path(f.abs_src_path).resolve().is_relative_to(docs_dir)]
        return Files(theme + [File.generated(config, path, content=content)
                              for path, content in sorted(site.items())])

    def on_page_markdown(self, markdown: str, page: Page, **_: Any) -> str:
        text, self._stash[page.file.src_uri] = stash_html_blocks(markdown)
        return text

    def on_page_content(self, html: str, page: Page, **_: Any) -> str:
        return restore_html_blocks(html, self._stash.pop(page.file.src_uri, []))

    def on_serve(self, server: Any, config: MkDocsConfig, builder: Any) -> Any:
        root = self._root(config)
        for name in WATCHED:
            if (root / name).is_dir():
                server.watch(str(root / name))
        return server

    def _root(self, config: MkDocsConfig) -> Path:
        # `nanokit serve` may run a stand-in mkdocs.yml from a temporary folder.
        root = os.environ.get("NANOKIT_ROOT") or Path(config.config_file_path).parent
        return Path(root).resolve()

    def _render(self, config: MkDocsConfig) -> SiteFiles:
        from builder.audience import AudienceError, check_audience, parse_audience
        from builder.load import load_program
        from builder.problems import format_problems, has_errors
        from builder.render.contracts import default_cache_dir, render_contracts
        from builder.render.site import render_site

        root = self._root(config)
        program, problems = load_program(root)
        if has_errors(problems):
            raise PluginError("nanokit: the program has errors\n"
                              + format_problems(problems, "text"))
        try:
            # `nanokit serve --audience` overrides the option without editing mkdocs.yml.
            audience = parse_audience(os.environ.get("NANOKIT_AUDIENCE", self.config.audience))
        except AudienceError as exc:
            raise PluginError(f"nanokit: {exc}") from exc
        reason = check_audience(program, audience)
        if reason:
            raise PluginError(f"nanokit: {reason}")
        contracts: dict[str, bytes] = {}
        if audience.kind != "public":
            contracts, found = render_contracts(program, default_cache_dir(root))
            if has_errors(found):
                raise PluginError("nanokit: " + format_problems(found, "text"))
        signed = {path: (root / path).read_bytes()
                  for campaign in program.campaigns.values() for path in campaign.signed.values()}
        return render_site(program, audience, contracts, signed)
