"""What a worker process receives to print one contract, and what it sends back."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PDF_VARIANT = "pdf/ua-1"
"""Tagged PDF (PDF/UA-1), so screen readers read the clauses in order; about 5 % more time per
contract. Part of every contract's cache key: a change prints every contract again."""


@dataclass(frozen=True)
class PdfJob:
    """Everything one PDF needs, picklable for a worker process."""

    html: str
    css: str
    base_url: str
    """file:// URL relative references resolve against (the folder of the template)."""
    allowed: tuple[Path, ...]
    identifier: bytes
    """First part of the PDF /ID: fixed per contract, so the file never carries a random one."""
    metadata: dict[str, Any]
    lean_user_agent: bool = False
    """Print without the user-agent rules for list markers, footnotes and notes: for the built-in
    template and stylesheet, which use none of them (the PDF is the same, only faster)."""


@dataclass(frozen=True)
class PdfResult:
    pdf: bytes | None
    messages: list[str] = field(default_factory=list)
    """WeasyPrint's warnings and errors (unknown CSS, refused URLs), or why rendering failed."""
