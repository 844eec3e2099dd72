"""HTML to PDF with WeasyPrint: no network, only allowed files, no clock, same bytes every time.

Only this module imports WeasyPrint, and the build imports it only when a contract is not in the
cache: a rebuild with every contract cached does not pay for loading it.
"""

from __future__ import annotations

import functools
import logging
import mimetypes
import os
import re
from importlib.resources import files
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from urllib.request import url2pathname

import pydyf
import weasyprint.css
from weasyprint import CSS, HTML
from weasyprint.css.counters import CounterStyle
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from builder.limits import CONTRACT_PAGES, TimeLimitExceeded, describe, time_limit
from builder.load.files import UnsafeFile, read_bytes
from builder.render.contracts.job import PDF_VARIANT, PdfJob, PdfResult

_weasyprint_log = logging.getLogger("weasyprint")
_UNIVERSAL_PSEUDO_RULES = re.compile(
    r"^::(?:marker|footnote-call|footnote-marker|note-call|note-marker|note-callback)\b.*\n",
    re.MULTILINE)


class RefusedURL(ValueError):
    """A contract asked for a resource it may not read."""


class ContractURLFetcher(URLFetcher):
    """Serves files under the allowed folders and `data:` URLs; refuses everything else.

    A repository template must not read the network or other files of the repository: it could
    copy one creator's private.yml into another creator's contract.
    """

    def __init__(self, allowed: tuple[Path, ...]) -> None:
        super().__init__(allowed_protocols=("file", "data"), allow_redirects=False)
        self.allowed = tuple(Path(os.path.normpath(folder)) for folder in allowed)

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        scheme = url.partition(":")[0].lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme != "file":
            raise RefusedURL(f"refused {url}: contracts may not use the network")
        # `..` is folded away first; read_bytes then refuses any link on the way.
        path = Path(os.path.normpath(url2pathname(urlsplit(url).path)))
        folder = next((f for f in self.allowed if path.is_relative_to(f)), None)
        if folder is None:
            raise RefusedURL(f"refused {url}: contracts may only use files of the "
                             "repository's templates/ folder")
        media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        rel = path.relative_to(folder).as_posix()
        try:
            data = read_bytes(folder, rel)
        except UnsafeFile as unsafe:
            raise RefusedURL(f"refused {url}: {rel} {unsafe.problem.message}") from None
        return URLFetcherResponse(path.as_uri(), data, {"Content-Type": media_type})


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def render_pdf(job: PdfJob) -> PdfResult:
    """Render one contract; never raises."""
    collect = _Collect()
    _weasyprint_log.addHandler(collect)
    try:
        with time_limit(job.seconds):
            stylesheet, css_messages = _stylesheet(job.css, job.base_url, job.allowed)
            options = {"stylesheets": [stylesheet], "pdf_identifier": job.identifier,
                       "pdf_variant": PDF_VARIANT}
            document = (_LeanHTML if job.lean_user_agent else HTML)(
                string=job.html, base_url=job.base_url,
                url_fetcher=ContractURLFetcher(job.allowed),
            ).render(font_config=_font_config(), **options)
            if len(document.pages) > CONTRACT_PAGES:
                return PdfResult(None, [f"the contract has {len(document.pages):,} pages; "
                                        f"at most {CONTRACT_PAGES} are allowed"])
            pdf = document.write_pdf(
                finisher=lambda _document, pdf: _set_metadata(pdf, job.metadata), **options)
    # A bad repository template or stylesheet must not stop the build.
    except (Exception, TimeLimitExceeded) as error:
        return PdfResult(None, [*collect.messages, describe(error)])
    finally:
        _weasyprint_log.removeHandler(collect)
    return PdfResult(pdf, [*css_messages, *collect.messages])


class _LeanHTML(HTML):
    """A document printed without the user-agent rules for list markers, footnotes and notes.

    Those rules select pseudo-elements of every element (`::marker`, `::footnote-call`, ...), so
    WeasyPrint computes six more styles per element, about 6 % of a contract's time, and uses
    them only for list items, footnotes and notes.
    """

    def _ua_stylesheets(self, forms: bool = False) -> list[CSS]:
        return [_lean_ua_stylesheet(), *super()._ua_stylesheets(forms)[1:]]


@functools.cache
def _lean_ua_stylesheet() -> CSS:
    ua = (files(weasyprint.css) / "html5_ua.css").read_text("utf-8")
    # Documents take their counter styles from WeasyPrint's own user-agent sheet, not this one.
    return CSS(string=_UNIVERSAL_PSEUDO_RULES.sub("", ua), counter_style=CounterStyle())


@functools.cache
def _font_config() -> FontConfiguration:
    """One per process: fonts Pango has loaded for one contract serve the next (~15 % faster)."""
    return FontConfiguration()


@functools.lru_cache(maxsize=4)
def _stylesheet(css: str, base_url: str, allowed: tuple[Path, ...]) -> tuple[CSS, tuple[str, ...]]:
    """The parsed stylesheet, shared by every contract, with what WeasyPrint said about it."""
    collect = _Collect()
    _weasyprint_log.addHandler(collect)
    try:
        stylesheet = CSS(string=css, base_url=base_url, url_fetcher=ContractURLFetcher(allowed),
                         font_config=_font_config())
    finally:
        _weasyprint_log.removeHandler(collect)
    return stylesheet, tuple(collect.messages)


def _set_metadata(pdf: pydyf.PDF, metadata: dict[str, Any]) -> None:
    """Document info from the contract's content, whatever the template's <head> says."""
    stamp = "D:" + metadata["date"].replace("-", "") + "000000Z"
    pdf.info["Title"] = pydyf.String(metadata["title"])
    pdf.info["Author"] = pydyf.String(metadata["author"])
    pdf.info["Subject"] = pydyf.String(metadata["subject"])
    pdf.info["Keywords"] = pydyf.String(", ".join(metadata["keywords"]))
    pdf.info["Creator"] = pydyf.String(metadata["generator"])
    pdf.info["CreationDate"] = pydyf.String(stamp)
    pdf.info["ModDate"] = pydyf.String(stamp)


def warm_up() -> None:
    """Load fonts and WeasyPrint's caches once per worker process, before the first contract."""
    HTML(string="<p>nanokit</p>").write_pdf(font_config=_font_config())
