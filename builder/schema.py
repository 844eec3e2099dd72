"""JSON Schemas for every YAML file kind, generated from the models."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from builder.model.brand import Brand
from builder.model.campaign import CampaignSpec
from builder.model.content import DraftMeta
from builder.model.creator import PrivateData, Profile

FILE_KINDS: dict[str, tuple[type[BaseModel], str]] = {
    "brand": (Brand, "brands/*.yml"),
    "profile": (Profile, "creators/*/profile.yml"),
    "private": (PrivateData, "creators/*/private.yml"),
    "campaign": (CampaignSpec, "campaigns/*/campaign.yml"),
    "draft": (DraftMeta, "front matter of campaigns/*/content/*/*.md"),
}


def write_schemas(out: Path) -> list[Path]:
    """Write `<kind>.schema.json` for each file kind; return the paths written."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for kind, (model, pattern) in FILE_KINDS.items():
        schema = model.model_json_schema(mode="validation")
        about = f"nanokit: {pattern}. {schema.pop('description', '')}".strip()
        schema = {"$schema": "https://json-schema.org/draft/2020-12/schema",
                  "$id": f"{kind}.schema.json", "description": about, **schema}
        path = out / f"{kind}.schema.json"
        path.write_text(json.dumps(schema, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        written.append(path)
    return written
