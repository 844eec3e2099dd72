"""What a worker process receives to make one contract, what it does, and what it sends back.

The whole contract is made in the worker, from its template's values to the PDF: a repository's
template and stylesheet are content, so they run where the parent can stop them (builder.limits).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from builder.limits import CONTRACT_SECONDS
from builder.problems import Problem
from builder.render.contracts.template import ContractTemplate, load_template, render_html

PDF_VARIANT = "pdf/ua-1"
"""Tagged PDF (PDF/UA-1), so screen readers read the clauses in order; about 5 % more time per
contract. Part of every contract's cache key: a change prints every contract again."""
_HTML_OPENING = re.compile(r"(<html)\b[^>]*>", re.IGNORECASE)
_DOCTYPE = re.compile(r"\s*<!doctype[^>]*>", re.IGNORECASE)
_LANG = re.compile(r"\slang\s*=", re.IGNORECASE)


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
    seconds: float = CONTRACT_SECONDS
    """Longest the printing may take."""


@dataclass(frozen=True)
class PdfResult:
    pdf: bytes | None
    messages: list[str] = field(default_factory=list)
    """WeasyPrint's warnings and errors (unknown CSS, refused URLs), or why rendering failed."""


@dataclass(frozen=True)
class ContractJob:
    """One contract: the repository's templates (Program.templates), the values, how to print."""

    templates: tuple[tuple[str, str], ...]
    context: dict[str, Any]
    seconds: float
    """Longest filling the template may take; printing has as long again."""
    pdf: PdfJob | None
    """How to print the HTML (its `html` is filled in here), or None for the HTML alone."""


@dataclass(frozen=True)
class ContractResult:
    problem: Problem | None
    """What stopped the template, at its line."""
    html: str | None = None
    pdf: PdfResult | None = None


def make_contract(job: ContractJob) -> ContractResult:
    """Fill in the template, then print it if asked; never raises (run in a worker)."""
    contract_template = _template(job.templates)
    html, problem = render_html(contract_template, job.context, job.seconds)
    if problem is not None or job.pdf is None:
        return ContractResult(problem, html)
    from builder.render.contracts.pdf import render_pdf  # loads WeasyPrint: only to print

    assert html is not None
    html = _with_language(html, job.context["metadata"]["language"])
    return ContractResult(None, html, render_pdf(replace(job.pdf, html=html,
                                                          seconds=job.seconds)))


def start_worker() -> None:
    """A worker's initializer: WeasyPrint and its fonts load before the first contract. The
    parent names this function without loading WeasyPrint itself, which would cost it a second."""
    from builder.render.contracts.pdf import warm_up

    warm_up()


@functools.lru_cache(maxsize=2)
def _template(templates: tuple[tuple[str, str], ...]) -> ContractTemplate:
    """The compiled template, once per worker (the parent reported any syntax error)."""
    contract_template, problems = load_template(dict(templates))
    if contract_template is None:
        raise ValueError(problems[0].format_text())
    return contract_template


def _with_language(html: str, language: str) -> str:
    """The document with a language on its root, as a tagged PDF must have: a repository
    template that leaves `lang` out gets the contract's."""
    opening = _HTML_OPENING.search(html)
    if opening is None:
        doctype = _DOCTYPE.match(html)
        at = doctype.end() if doctype else 0
        return f'{html[:at]}<html lang="{language}">{html[at:]}'
    if _LANG.search(opening.group()):
        return html
    return f'{html[:opening.end(1)]} lang="{language}"{html[opening.end(1):]}'
