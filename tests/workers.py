"""Items for worker processes in tests: a module of its own, so that a worker imports little."""

from __future__ import annotations

import os
import signal
import time


def stuck(seconds: float) -> float:
    """Sleeps in C (a worker's item that no timer signal interrupts: there is none here)."""
    time.sleep(seconds)
    return seconds


def worker_id(_: int) -> int:
    return os.getpid()


def die(now: bool) -> str:
    """Dies as the kernel kills a process out of memory."""
    if now:
        os.kill(os.getpid(), signal.SIGKILL)
    return "lived"
