"""campaigns/<slug>/content/<handle>/<deliverable-id>.md: drafts for approval"""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from builder.model.common import Day, Model


class DraftStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    CHANGES_REQUESTED = "changes_requested"
    APPROVED = "approved"
    PUBLISHED = "published"


class DraftMeta(Model):
    """Front matter of a content draft."""

    status: DraftStatus
    post_url: str | None = Field(None, description="Set once published.")
    title: str | None = Field(None, description="Video title (YouTube).")
    published_on: Day | None = None


class Draft(Model):
    handle: str
    deliverable: str
    path: str
    meta: DraftMeta
    caption: str
    caption_line: int = Field(description="Line of the file where the caption starts.")
