"""Limits on work an untrusted file can make expensive (docs/security.md).

A repository's contract template, its stylesheet and creators' Markdown are content: a pull
request can make them loop, lay out thousands of pages or ask for gigabytes. Two tools bound it:

- `time_limit` interrupts Python code (Jinja2, WeasyPrint, Python-Markdown are all Python) in
  any thread: with a timer signal in a process's main thread, else with an exception a timer
  thread raises in the working thread (a rebuild of `nanokit serve` runs in MkDocs' watcher
  thread, which signals cannot reach). Neither reaches code stuck in C.
- `run_in_workers` runs each item in a worker process with a memory limit, and the parent kills a
  worker whose item outlives its time: nothing the item does in C escapes that.

`memory_limit` bounds what content that runs in the process itself (a program's page templates)
may allocate.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import resource
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Any, Generic, TypeVar

CONTRACT_SECONDS = 10.0
"""Longest a contract's template may take to fill in, and then its PDF to print."""
CONTRACT_PAGES = 50
"""Most pages a contract may have; a real one has a handful."""
MARKDOWN_SECONDS = 5.0
"""Longest a creator's Markdown file may take to become HTML."""
WORKER_MEMORY = 1 << 30
"""Memory (the data segment: heap and private mappings) a worker process may use."""
KILL_GRACE = 1.0
"""How long a worker told to stop (SIGTERM) has before it is killed (SIGKILL)."""
STARTUP_SECONDS = 120.0
"""Longest a worker may take to start (import and warm up) before it is given work."""


class TimeLimitExceeded(BaseException):
    """The work under `time_limit` ran out of time.

    A BaseException, like KeyboardInterrupt: libraries that catch every Exception (WeasyPrint
    skips an image that fails to load) must not swallow it and carry on without a limit.
    """

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "took too long"


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise TimeLimitExceeded in the body after `seconds`, in whichever thread runs it."""
    if threading.current_thread() is threading.main_thread():
        with _signal_limit(seconds):
            yield
    else:
        with _thread_limit(seconds):
            yield


class SpanLimit:
    """`time_limit` over a span that begins in one call and ends in another: MkDocs converts a
    page between two plugin events."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._running: ExitStack | None = None

    def start(self) -> None:
        self._running = ExitStack()
        self._running.enter_context(time_limit(self.seconds))

    def stop(self) -> None:
        """End the span; raises TimeLimitExceeded if its time ran out meanwhile."""
        running, self._running = self._running, None
        if running is not None:
            running.close()

    def abandon(self) -> None:
        """End the span, whatever happened in it: after an error, which is reported already."""
        with suppress(TimeLimitExceeded):
            self.stop()


@contextmanager
def memory_limit(extra: int = WORKER_MEMORY) -> Iterator[None]:
    """Allocations in the body fail with MemoryError once the process holds `extra` bytes of data
    (heap and private mappings) more than when the body began.

    The limit is the process's (RLIMIT_DATA, as in a worker), so it holds for code stuck in C,
    such as `str.center(2000000000)`, and other threads share it while the body runs. Where
    the process's data size cannot be read (no /proc), the body runs without it.
    """
    held = _data_size()
    if held is None:
        yield
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_DATA)
    limit = min((value for value in (soft, hard) if value != resource.RLIM_INFINITY),
                default=held + extra)
    resource.setrlimit(resource.RLIMIT_DATA, (min(held + extra, limit), hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_DATA, (soft, hard))


def _data_size() -> int | None:
    """The process's data size in bytes, as RLIMIT_DATA counts it (VmData)."""
    try:
        with open("/proc/self/status", "rb") as status:
            for line in status:
                if line.startswith(b"VmData:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return None


def _message(seconds: float) -> str:
    return f"took longer than {seconds:g} s"


@contextmanager
def _signal_limit(seconds: float) -> Iterator[None]:
    """A timer signal. Code that swallows the error anyway (WeasyPrint skips an SVG that fails
    to draw) gets it again every second, and the body fails at its end even if it finished
    meanwhile."""
    fired = False

    def expire(_signum: int, _frame: object) -> None:
        nonlocal fired
        fired = True
        raise TimeLimitExceeded(_message(seconds))

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds, 1.0)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    if fired:
        raise TimeLimitExceeded(_message(seconds))


@contextmanager
def _thread_limit(seconds: float) -> Iterator[None]:
    """A timer thread that raises the error once in this thread, between two bytecodes.

    Once only: raised again later, it could land after the body, in the caller's code. Off
    the main thread nanokit renders only Markdown this way, and Python-Markdown does not
    swallow it; WeasyPrint, which does, runs in worker processes (`run_in_workers`).
    """
    target = threading.get_ident()
    lock = threading.Lock()
    running, fired = True, False

    def expire() -> None:
        nonlocal fired
        with lock:
            if running:
                fired = True
                _raise_in(target, TimeLimitExceeded)

    timer = threading.Timer(seconds, expire)
    timer.daemon = True
    timer.start()
    try:
        yield
    except TimeLimitExceeded as error:
        if not error.args:  # raised by the timer thread, which cannot give it a message
            error.args = (_message(seconds),)
        raise
    finally:
        with lock:
            running = False
            timer.cancel()
            if fired:  # the body may have ended before the error reached it: drop it
                _raise_in(target, None)
    if fired:
        raise TimeLimitExceeded(_message(seconds))


def _raise_in(thread_id: int, error: type[BaseException] | None) -> None:
    """Have the thread raise `error` at its next bytecode (None: forget a pending one)."""
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id),
                                               ctypes.py_object(error) if error else None)


@dataclass(frozen=True)
class WorkerFailure:
    """Why an item of `run_in_workers` has no result: its worker was stopped or died."""

    reason: str


Item = TypeVar("Item")
Result = TypeVar("Result")


def run_in_workers(function: Callable[[Item], Result], items: Sequence[Item], *, workers: int,
                   seconds: float, initializer: Callable[[], None] | None = None,
                   memory: int = WORKER_MEMORY, kept: KeptWorkers | None = None
                   ) -> list[Result | WorkerFailure]:
    """`function` of each item, in order, each run in a worker process (spawned).

    A worker may use `memory` bytes; one whose item runs longer than `seconds` is stopped
    (SIGTERM, then SIGKILL after KILL_GRACE) and the item gets a WorkerFailure, as does an item
    whose worker dies. When this returns or raises, every worker it started has ended, but
    idle ones it may leave in `kept` for the next call.
    `function` and `initializer` must be importable by name (module-level functions).
    """
    pool: _Pool[Item, Result] = (kept.pool(function, initializer, memory) if kept is not None
                                 else _Pool(function, initializer, memory))
    todo = deque(enumerate(items))
    results: list[Result | WorkerFailure | None] = [None] * len(items)
    try:
        while todo or pool.busy():
            pool.staff(min(workers, len(todo) + len(pool.busy())))
            for worker in pool.idle():
                if todo:
                    index, item = todo.popleft()
                    try:
                        worker.give(index, item, seconds)
                    except OSError:  # a kept worker died while idle: another takes the item
                        todo.appendleft((index, item))
                        pool.drop(worker)
                elif kept is None:
                    pool.retire(worker)
            for index, outcome in pool.wait():
                results[index] = outcome
    finally:
        if kept is None:
            pool.close()
        else:
            pool.stop_busy()  # only if this raised: a kept worker is an idle one
    assert all(result is not None for result in results)
    return results  # type: ignore[return-value]  # every item has its result now


class KeptWorkers:
    """Idle workers kept from one `run_in_workers` to the next, until `close`.

    For a process that renders again and again (the live preview of `nanokit serve`): a worker
    starts and warms up once, not for every rebuild. Each keeps its limits.
    """

    def __init__(self) -> None:
        self._pools: dict[tuple[object, ...], _Pool[Any, Any]] = {}

    def pool(self, function: Callable[[Item], Result], initializer: Callable[[], None] | None,
             memory: int) -> _Pool[Item, Result]:
        return self._pools.setdefault((function, initializer, memory),
                                      _Pool(function, initializer, memory))

    def start(self, function: Callable[[Item], Result], initializer: Callable[[], None] | None,
              memory: int = WORKER_MEMORY) -> None:
        """Start a worker ahead of the first item, so that it loads while the caller prepares
        the items."""
        self.pool(function, initializer, memory).staff(1)

    def close(self) -> None:
        for pool in self._pools.values():
            pool.close()
        self._pools.clear()


class _Worker(Generic[Item]):
    def __init__(self, process: BaseProcess, connection: Connection) -> None:
        self.process = process
        self.connection = connection
        self.ready = False
        self.job: int | None = None
        self.deadline = time.monotonic() + STARTUP_SECONDS
        self.seconds = STARTUP_SECONDS

    def give(self, index: int, item: Item, seconds: float) -> None:
        self.connection.send(item)
        self.job, self.seconds = index, seconds
        self.deadline = time.monotonic() + seconds

    def stop(self) -> None:
        """End the process: it is asked (SIGTERM) and then made to (SIGKILL)."""
        if self.process.is_alive():
            self.process.terminate()
            self.process.join(KILL_GRACE)
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.connection.close()


class _Pool(Generic[Item, Result]):
    def __init__(self, function: Callable[[Item], Result], initializer: Callable[[], None] | None,
                 memory: int) -> None:
        self.arguments = (function, initializer, memory)
        self.workers: list[_Worker[Item]] = []
        # Spawned, not forked: the parent runs polars' thread pool, which a fork can deadlock.
        self.context = multiprocessing.get_context("spawn")

    def busy(self) -> list[_Worker[Item]]:
        return [w for w in self.workers if w.job is not None]

    def idle(self) -> list[_Worker[Item]]:
        return [w for w in self.workers if w.ready and w.job is None]

    def staff(self, wanted: int) -> None:
        while len(self.workers) < wanted:
            ours, theirs = self.context.Pipe()
            process = self.context.Process(target=_serve, args=(theirs, *self.arguments),
                                           daemon=True)
            process.start()
            theirs.close()  # the parent holds only its end: the child's death reads as EOF
            self.workers.append(_Worker(process, ours))

    def retire(self, worker: _Worker[Item]) -> None:
        with suppress(OSError):  # it may have died meanwhile
            worker.connection.send(None)
        self.workers.remove(worker)
        worker.process.join(KILL_GRACE)
        worker.stop()

    def wait(self) -> Iterator[tuple[int, Result | WorkerFailure]]:
        """Results as they come, and failures of workers that died or ran out of time."""
        if not self.workers:  # all dropped: the next round starts others
            return
        deadline = min(w.deadline for w in self.workers)
        ready = wait([w.connection for w in self.workers],
                     max(deadline - time.monotonic(), 0.0))
        for worker in list(self.workers):
            if worker.connection in ready:
                try:
                    message = worker.connection.recv()
                except (EOFError, OSError):
                    yield from self._end(worker, None)
                    continue
                if not worker.ready:
                    worker.ready = True
                elif worker.job is not None:
                    index, worker.job = worker.job, None
                    yield index, message
            elif worker.deadline <= time.monotonic():
                yield from self._end(worker, _message(worker.seconds) + " and was stopped")

    def _end(self, worker: _Worker[Item], overtime: str | None
             ) -> Iterator[tuple[int, WorkerFailure]]:
        self.workers.remove(worker)
        worker.stop()
        if not worker.ready:
            raise RuntimeError(f"a worker process could not start (exit code "
                               f"{worker.process.exitcode}, {overtime or 'died'})")
        if worker.job is not None:
            reason = overtime or _death(worker.process.exitcode)
            yield worker.job, WorkerFailure(reason)

    def drop(self, worker: _Worker[Item]) -> None:
        self.workers.remove(worker)
        worker.stop()

    def stop_busy(self) -> None:
        for worker in self.busy():
            self.drop(worker)

    def close(self) -> None:
        for worker in self.workers:
            if worker.job is None:
                with suppress(OSError):  # it may have died meanwhile
                    worker.connection.send(None)
        for worker in self.workers:
            worker.process.join(KILL_GRACE if worker.job is None else 0)
            worker.stop()
        self.workers.clear()


def _death(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        name = signal.Signals(-exitcode).name
        return (f"its worker process died ({name}), possibly out of the "
                f"{WORKER_MEMORY >> 20:,} MiB of memory it may use")
    return f"its worker process died (exit code {exitcode})"


def _serve(connection: Connection, function: Callable[[Any], Any],
           initializer: Callable[[], None] | None, memory: int) -> None:
    """A worker: set its limits, start, then run items until told to stop (None)."""
    resource.setrlimit(resource.RLIMIT_DATA, (memory, memory))
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the parent, which stops us
    if initializer is not None:
        initializer()
    connection.send("ready")
    while True:
        try:
            item = connection.recv()
        except EOFError:  # the parent is gone: so is this worker
            return
        if item is None:
            return
        try:
            result = function(item)
        except (Exception, TimeLimitExceeded) as error:  # `function` should return its errors
            result = WorkerFailure(describe(error))
        connection.send(result)


MEMORY_MESSAGE = f"used more than the {WORKER_MEMORY >> 20:,} MiB of memory a worker may use"


def describe(error: BaseException) -> str:
    """An error as a problem message names it: `Kind: what happened`."""
    if isinstance(error, MemoryError):
        return f"MemoryError: {MEMORY_MESSAGE}"
    return f"{type(error).__name__}: {error}"
