"""Checking many notices: in this process, or in a small pool of worker processes.

``check_batch`` returns one :class:`Outcome` per input, in input order, whatever ``jobs`` is:
either a report or one error line. An input error in one notice never loses the others.

The pool follows ``durable_rules.md``: one thread per process, parallelism with processes. The
workers are forked from the parent (the rule pack is compiled there and inherited, and durable
registers it in each worker on first use, where only that worker's single thread touches it).
Each worker holds at most one notice at a time, so when a worker dies (for instance a SIGSEGV
inside durable's C core) the parent knows which notice it was checking: that notice becomes an
engine error (ZG600), a fresh worker takes the worker's place, and every other result is kept.

Test-only hook: when the environment variable ``ZHENGGAI_TEST_CRASH_ON`` is set, a pool worker
checking a notice whose name contains its value kills itself with SIGSEGV (to test containment).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess

from engine.errors import EngineError, ZhenggaiError
from engine.evaluation.runner import Backend, check
from engine.inputs import NoticeInput, load_input
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
              *, debug: bool = False) -> Outcome:
    """Load and check one notice; expected errors (and, unless ``debug``, internal ones) become lines."""
    try:
        report = check(load_input(item), pack, config, backend, source=item.name)
    except ZhenggaiError as exc:
        if debug:
            raise
        return Outcome(item.name, error=str(exc))
    except Exception as exc:
        if debug:
            raise
        return Outcome(item.name, error=str(EngineError(f"internal error: {type(exc).__name__}: {exc}",
                                                        path=item.name, hint="rerun with --debug for details")))
    return Outcome(item.name, report=report)


def check_batch(inputs: Sequence[NoticeInput], pack: CompiledPack, config: Config, backend: Backend = "durable",
                *, jobs: int = 1, progress: Progress | None = None, debug: bool = False) -> list[Outcome]:
    """Outcomes of all inputs in input order; ``jobs > 1`` checks them in worker processes."""
    if jobs <= 1 or len(inputs) <= 1:
        outcomes = []
        for item in inputs:
            outcomes.append(check_one(item, pack, config, backend, debug=debug))
            if progress is not None:
                progress(1)
        return outcomes
    return _Pool(pack, config, backend, min(jobs, len(inputs))).run(inputs, progress)


def _worker(connection: Connection, pack: CompiledPack, config: Config, backend: Backend) -> None:
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
        connection.send((index, check_one(item, pack, config, backend)))


class _Worker:
    def __init__(self, process: BaseProcess, connection: Connection) -> None:
        self.process = process
        self.connection = connection
        self.task: tuple[int, NoticeInput] | None = None


class _Pool:
    """Forked workers, one notice each at a time, replaced when they die."""

    def __init__(self, pack: CompiledPack, config: Config, backend: Backend, size: int) -> None:
        self.context = multiprocessing.get_context("fork")
        self.pack = pack
        self.config = config
        self.backend = backend
        self.size = size

    def _spawn(self) -> _Worker:
        parent, child = self.context.Pipe()
        process = self.context.Process(target=_worker, args=(child, self.pack, self.config, self.backend),
                                       daemon=True)
        process.start()
        child.close()
        return _Worker(process, parent)

    def run(self, inputs: Sequence[NoticeInput], progress: Progress | None) -> list[Outcome]:
        results: dict[int, Outcome] = {}
        pending = list(reversed(list(enumerate(inputs))))  # pop() takes them in order
        workers = [self._spawn() for _ in range(self.size)]
        try:
            for worker in workers:
                _assign(worker, pending)
            while any(worker.task is not None for worker in workers):
                busy = [worker for worker in workers if worker.task is not None]
                ready = set(wait([w.connection for w in busy] + [w.process.sentinel for w in busy]))
                for position, worker in enumerate(workers):
                    if worker.task is None or not ready & {worker.connection, worker.process.sentinel}:
                        continue
                    received = _receive(worker)
                    if received is None:  # the worker died with the notice: report it, replace the worker
                        received = _death(worker)
                        if pending:
                            worker = workers[position] = self._spawn()
                    index, outcome = received
                    results[index] = outcome
                    if progress is not None:
                        progress(1)
                    _assign(worker, pending)
        finally:
            _stop(workers)
        return [results[index] for index in range(len(inputs))]


def _assign(worker: _Worker, pending: list[tuple[int, NoticeInput]]) -> None:
    """Give the worker the next notice (or nothing); a dead worker gets nothing."""
    worker.task = pending.pop() if pending and worker.process.is_alive() else None
    if worker.task is not None:
        worker.connection.send(worker.task)


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


def _death(worker: _Worker) -> tuple[int, Outcome]:
    """The engine error for the notice a dead worker held (the worker is closed and reaped)."""
    assert worker.task is not None
    index, item = worker.task
    worker.task = None
    worker.connection.close()
    worker.process.join()
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
