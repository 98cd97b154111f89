"""Checking many notices: in this process, or in a small pool of worker processes.

``check_batch`` returns one :class:`Outcome` per input, in input order, whatever ``jobs`` is:
either a report or one error line. An input error in one notice never loses the others.

The pool follows ``durable_rules.md``: one thread per process, parallelism with processes. The
workers are forked from the parent (the rule pack is compiled there and inherited, and durable
registers it in each worker on first use, where only that worker's single thread touches it).
Each worker holds at most one notice at a time, so when a worker dies (for instance a SIGSEGV
inside durable's C core) the parent knows which notice it was checking: that notice becomes an
engine error (ZG600), a fresh worker takes the worker's place, and every other result is kept.

``isolate=True`` (what ``zhenggai check`` uses unless ``--debug``) runs even a single notice in
a worker, so that a crash costs only that notice with ``--jobs 1`` too. In a worker, a notice
that takes longer than ``Limits.notice_timeout`` is stopped (the worker is killed and replaced)
and becomes a ZG620 error; in-process checking has no notice time limit.

Test-only hook: when the environment variable ``ZHENGGAI_TEST_CRASH_ON`` is set, a pool worker
checking a notice whose name contains its value kills itself with SIGSEGV (to test containment).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess

from engine.errors import EngineError, NoticeTimeoutError, ZhenggaiError
from engine.evaluation.runner import Backend, check
from engine.inputs import NoticeInput, load_input_text
from engine.limits import NOTICE_TIMEOUT_FLAG, Limits
from engine.reports.model import Report
from engine.rule_language.compiler import CompiledPack
from engine.rule_language.config import Config

CRASH_HOOK = "ZHENGGAI_TEST_CRASH_ON"  # test-only: see the module docstring

Progress = Callable[[int], None]


@dataclass(frozen=True)
class Outcome:
    """The result of one input: a report, or the one-line error that stopped it."""

    name: str
    report: Report | None = None
    error: str | None = None


def check_one(item: NoticeInput, pack: CompiledPack, config: Config, backend: Backend,
              *, debug: bool = False, limits: Limits | None = None) -> Outcome:
    """Load and check one notice; expected errors (and, unless ``debug``, internal ones) become lines."""
    limits = limits or Limits()
    try:
        notice, original = load_input_text(item, max_bytes=limits.max_bytes)
        report = check(notice, pack, config, backend, source=item.name, pattern_timeout=limits.pattern_timeout)
        report.attach_source_text(original)  # for excerpts under each violation (text, html)
    except ZhenggaiError as exc:
        if debug:
            raise
        return Outcome(item.name, error=str(exc))
    except (Exception, RecursionError) as exc:
        if debug:
            raise
        return Outcome(item.name, error=str(EngineError(f"internal error: {type(exc).__name__}: {exc}",
                                                        path=item.name, hint="rerun with --debug for details")))
    return Outcome(item.name, report=report)


def check_batch(inputs: Sequence[NoticeInput], pack: CompiledPack, config: Config, backend: Backend = "durable",
                *, jobs: int = 1, progress: Progress | None = None, debug: bool = False,
                limits: Limits | None = None, isolate: bool = False) -> list[Outcome]:
    """Outcomes of all inputs in input order.

    ``jobs > 1`` (with several inputs) or ``isolate`` checks them in worker processes, where a
    crash or a notice over ``limits.notice_timeout`` costs only that notice.
    """
    return list(iter_batch(inputs, pack, config, backend, jobs=jobs, progress=progress, debug=debug, limits=limits,
                           isolate=isolate))


def iter_batch(inputs: Sequence[NoticeInput], pack: CompiledPack, config: Config, backend: Backend = "durable",
               *, jobs: int = 1, progress: Progress | None = None, debug: bool = False,
               limits: Limits | None = None, isolate: bool = False) -> Iterator[Outcome]:
    """``check_batch`` as a stream: each outcome in input order as soon as it and those before it are done,
    so that a caller can write and drop reports one by one (memory stays flat over any number of inputs)."""
    limits = limits or Limits()
    if not inputs or (not isolate and (jobs <= 1 or len(inputs) <= 1)):
        for item in inputs:
            outcome = check_one(item, pack, config, backend, debug=debug, limits=limits)
            if progress is not None:
                progress(1)
            yield outcome
        return
    size = max(1, min(jobs, len(inputs)))
    yield from _Pool(pack, config, backend, size, limits).run(inputs, progress)


def _worker(connection: Connection, pack: CompiledPack, config: Config, backend: Backend, limits: Limits) -> None:
    """A worker's loop: receive (index, input), send (index, outcome); None ends it.

    Ctrl-C is the parent's to handle: it stops the workers (no traceback from each of them).
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    crash_on = os.environ.get(CRASH_HOOK)
    while True:
        try:
            task = connection.recv()
        except EOFError:
            return
        if task is None:
            return
        index, item = task
        if crash_on and crash_on in item.name:
            os.kill(os.getpid(), signal.SIGSEGV)
        connection.send((index, check_one(item, pack, config, backend, limits=limits)))


class _Worker:
    def __init__(self, process: BaseProcess, connection: Connection) -> None:
        self.process = process
        self.connection = connection
        self.task: tuple[int, NoticeInput] | None = None
        self.started = 0.0  # time.monotonic() when the task was sent
        self.timed_out = False


class _Pool:
    """Forked workers, one notice each at a time, replaced when they die."""

    def __init__(self, pack: CompiledPack, config: Config, backend: Backend, size: int, limits: Limits) -> None:
        self.context = multiprocessing.get_context("fork")
        self.pack = pack
        self.config = config
        self.backend = backend
        self.size = size
        self.limits = limits

    def _warm(self) -> None:
        """Import what checking a notice imports lazily, once, so forked workers start warm (and the
        notice time limit does not count import time)."""
        import engine.parsing
        import engine.reading.decoding
        import engine.reading.html_reader  # noqa: F401

    def _spawn(self) -> _Worker:
        parent, child = self.context.Pipe()
        process = self.context.Process(target=_worker, args=(child, self.pack, self.config, self.backend, self.limits),
                                       daemon=True)
        process.start()
        child.close()
        return _Worker(process, parent)

    def run(self, inputs: Sequence[NoticeInput], progress: Progress | None) -> Iterator[Outcome]:
        """Outcomes in input order, each yielded once it and all before it are in (out-of-order ones wait)."""
        results: dict[int, Outcome] = {}
        next_index = 0
        pending = list(reversed(list(enumerate(inputs))))  # pop() takes them in order
        self._warm()
        workers = [self._spawn() for _ in range(self.size)]
        try:
            for worker in workers:
                _assign(worker, pending)
            while any(worker.task is not None for worker in workers):
                busy = [worker for worker in workers if worker.task is not None]
                ready = set(wait([w.connection for w in busy] + [w.process.sentinel for w in busy],
                                 timeout=self._wait_time(busy)))
                for position, worker in enumerate(workers):
                    if worker.task is None:
                        continue
                    if ready & {worker.connection, worker.process.sentinel}:
                        received = _receive(worker)
                    elif self._overdue(worker):
                        received = None
                        _kill(worker)
                    else:
                        continue
                    if received is None:  # the worker died with the notice: report it
                        received = _death(worker, self.limits.notice_timeout)
                    if pending and not worker.process.is_alive():  # replace a dead worker
                        worker.connection.close()
                        worker = workers[position] = self._spawn()
                    index, outcome = received
                    results[index] = outcome
                    if progress is not None:
                        progress(1)
                    _assign(worker, pending)
                while next_index in results:  # every worker has its next task: hand results on meanwhile
                    yield results.pop(next_index)
                    next_index += 1
        finally:
            _stop(workers)

    def _wait_time(self, busy: list[_Worker]) -> float | None:
        """Seconds until the first busy worker runs out of time (None: no notice time limit)."""
        limit = self.limits.notice_timeout
        if limit is None:
            return None
        now = time.monotonic()
        return max(0.0, min(worker.started + limit - now for worker in busy))

    def _overdue(self, worker: _Worker) -> bool:
        limit = self.limits.notice_timeout
        return limit is not None and time.monotonic() - worker.started >= limit


def _assign(worker: _Worker, pending: list[tuple[int, NoticeInput]]) -> None:
    """Give the worker the next notice (or nothing); a dead worker gets nothing."""
    worker.task = pending.pop() if pending and worker.process.is_alive() else None
    if worker.task is not None:
        worker.started = time.monotonic()
        with contextlib.suppress(OSError):  # died before send(): the main loop sees it and reports the notice
            worker.connection.send(worker.task)


def _kill(worker: _Worker) -> None:
    """Stop a worker that ran past the notice time limit (SIGKILL: it may be stuck in C code)."""
    worker.timed_out = True
    with contextlib.suppress(OSError):
        worker.process.kill()


def _receive(worker: _Worker) -> tuple[int, Outcome] | None:
    """The worker's result, or None when it died without sending one."""
    try:
        if not worker.connection.poll():
            return None
        index, outcome = worker.connection.recv()
    except (EOFError, OSError):
        return None
    worker.task = None
    return int(index), outcome


def _death(worker: _Worker, limit: float | None) -> tuple[int, Outcome]:
    """The engine error for the notice a dead worker held (the worker is closed and reaped)."""
    assert worker.task is not None
    index, item = worker.task
    worker.task = None
    worker.connection.close()
    worker.process.join()
    if worker.timed_out:
        timeout = NoticeTimeoutError(f"checking this notice took longer than {limit:g}s and was stopped; "
                                     "the other notices were checked", path=item.name,
                                     hint=f"raise the limit with {NOTICE_TIMEOUT_FLAG}")
        return index, Outcome(item.name, error=str(timeout))
    code = worker.process.exitcode
    if code is not None and code < 0:
        try:
            cause = f"killed by {signal.Signals(-code).name}"
        except ValueError:
            cause = f"killed by signal {-code}"
    else:
        cause = f"exit code {code}"
    error = EngineError(f"the engine process died while checking this notice ({cause}); "
                        "the other notices were checked", path=item.name)
    return index, Outcome(item.name, error=str(error))


def _stop(workers: list[_Worker]) -> None:
    """Ask live workers to finish, then reap them (killing any that hang)."""
    for worker in workers:
        with contextlib.suppress(OSError, ValueError):
            if worker.process.is_alive():
                worker.connection.send(None)
    for worker in workers:
        worker.process.join(timeout=5)
        if worker.process.is_alive():
            worker.process.kill()
            worker.process.join()
        worker.connection.close()
