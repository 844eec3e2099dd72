"""The MkDocs plugin `nanokit`: a thin shell that injects the generated pages."""

from __future__ import annotations

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config
from mkdocs.plugins import BasePlugin


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
    """Renders the program's pages for one audience into the MkDocs build."""
