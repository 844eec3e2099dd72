"""Wall-clock limits on work an untrusted file can make expensive (docs/security.md).

A repository's contract template, its stylesheet and creators' Markdown are content: a pull
request can make them loop or lay out thousands of pages. The limit is a timer signal, so it
interrupts Python code (Jinja2, WeasyPrint, Python-Markdown are all Python) wherever it is. Signals
reach only a process's main thread: the command line and CI builds, and every worker process,
run there; a rebuild of `nanokit serve`, which MkDocs runs in another thread, goes without.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

CONTRACT_SECONDS = 10.0
"""Longest a contract may take, from its template's values to the PDF."""
CONTRACT_PAGES = 50
"""Most pages a contract may have; a real one has a handful."""
MARKDOWN_SECONDS = 5.0
"""Longest a creator's Markdown file may take to become HTML."""


class TimeLimitExceeded(BaseException):
    """The work under `time_limit` ran out of time.

    A BaseException, like KeyboardInterrupt: libraries that catch every Exception (WeasyPrint
    skips an image that fails to load) must not swallow it and carry on without a limit.
    """


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise TimeLimitExceeded in the body after `seconds` (in the main thread only).

    Code that swallows the error anyway (WeasyPrint skips an SVG that fails to draw) gets it
    again every second, and the body fails at its end even if it finished meanwhile.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    fired = False

    def expire(_signum: int, _frame: object) -> None:
        nonlocal fired
        fired = True
        raise TimeLimitExceeded(f"took longer than {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds, 1.0)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    if fired:
        raise TimeLimitExceeded(f"took longer than {seconds:g} s")
