"""Checking many notices: in this process, or in a small pool of worker processes.

``check_batch`` returns one :class:`Outcome` per input, in input order, whatever ``jobs`` is:
either a report or one error line. An input error in one notice never loses the others.
``iter_digests`` streams them instead, each passed through a caller's ``digest`` (in the worker,
so that a caller who needs only, say, a rendered text block gets that instead of a whole report).

The pool follows ``durable_rules.md``: one thread per process, parallelism with processes. The
workers are forked from the parent (the rule pack is compiled there and inherited, and durable
registers it in each worker on first use, where only that worker's single thread touches it).
A worker is handed a few notices at a time (a chunk: fewer round trips, so the parent, which
shares the cores with the workers, spends little time per notice) and sends their digests back
together. Before each notice it writes the notice's place in the chunk and its start time to a
small memory block shared with the parent, so when a worker dies (for instance a SIGSEGV inside
durable's C core) the parent knows which notice it was checking: that notice becomes an engine
error (ZG600), the rest of the chunk goes to a fresh worker, and every other result is kept.

``isolate=True`` (what ``zhenggai check`` uses unless ``--debug``) runs even a single notice in
a worker, so that a crash costs only that notice with ``--jobs 1`` too. In a worker, a notice
that takes longer than ``Limits.notice_timeout`` is stopped (the worker is killed and replaced)
and becomes a ZG620 error; in-process checking has no notice time limit.

The pack may also be given as the function that loads it (``PackLoader``: what ``zhenggai check``
does for a single notice). The workers are then forked first and import what checking needs (the
parser) while the parent loads the rules, and receive the pack (pickled) before their first
notice: on two cores the two overlap, about 20 ms of a cold check. Workers forked later, to
replace one, inherit the pack as usual. Containment is the same: a worker gets its first notice
only once it is warm and has the pack (it says so), so a notice's time limit counts none of the
warm-up, and a rule error stops the workers before any notice is checked.

Test-only hook: when the environment variable ``ZHENGGAI_TEST_CRASH_ON`` is set, a pool worker
checking a notice whose name contains its value kills itself with SIGSEGV (to test containment).
"""

from __future__ import annotations

import contextlib
import faulthandler
import gc
import mmap
import multiprocessing
import os
import signal
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from engine.errors import EngineError, NoticeTimeoutError, ZhenggaiError
from engine.evaluation.runner import Backend, check, report_for
from engine.facts.builder import build_facts
from engine.inputs import NoticeInput, load_input_text, suffix
from engine.limits import NOTICE_TIMEOUT_FLAG, Limits
from engine.reading.formats import SUFFIXES, format_for, read_file_bytes
from engine.reports.model import Report
from engine.rule_language.compiler import CompiledPack
from engine.rule_language.config import Config
from engine.vocabulary import load_vocabularies

if TYPE_CHECKING:
    from engine.fact_cache import CachedFacts, FactCache

CRASH_HOOK = "ZHENGGAI_TEST_CRASH_ON"  # test-only: see the module docstring
# What a worker started before the pack says once it is warm (then it is sent the pack) and once it
# has the pack (then it is given notices).
_WARM = "warm"
_READY = "ready"
WARM_UP_LIMIT = 30.0  # seconds the workers started before the pack may take to be ready (then replaced)
MAX_CHUNK = 8  # notices per round trip at most (about 0.1 s of work: a dead worker's chunk is redone)
# A worker is replaced by a fresh fork after this many notices. Over time a worker writes to more
# and more of the pages it shares with the parent (reference counts of inherited objects), and
# each such page is then held twice; a fresh worker shares them again, so a long run's memory stays
# what a short run's is. A fork and a warm-up cost about 10 ms, against seconds of checking.
RECYCLE_AFTER = 500

Progress = Callable[[int], None]
PackLoader = Callable[[], CompiledPack]
T = TypeVar("T")


@dataclass(frozen=True)
class Outcome:
    """The result of one input: a report, or the one-line error that stopped it."""

    name: str
    report: Report | None = None
    error: str | None = None


def check_one(item: NoticeInput, pack: CompiledPack, config: Config, backend: Backend,
              *, debug: bool = False, limits: Limits | None = None, cache: FactCache | None = None) -> Outcome:
    """Load and check one notice; expected errors (and, unless ``debug``, internal ones) become lines.

    With a ``cache``, a raw notice whose facts it holds is not decoded nor parsed again (structured
    notices are not cached: loading one is a validation, not a parse).
    """
    limits = limits or Limits()
    try:
        if cache is None or item.structured:
            notice, original = load_input_text(item, max_bytes=limits.max_bytes)
            report = check(notice, pack, config, backend, source=item.name, pattern_timeout=limits.pattern_timeout)
        else:
            entry = _cached_facts(item, cache, limits)
            original = entry.text
            report = report_for(entry.facts, pack, backend, config.severity, item.name,
                                pattern_timeout=limits.pattern_timeout)
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


def _cached_facts(item: NoticeInput, cache: FactCache, limits: Limits) -> CachedFacts:
    """The notice's facts and text from the cache, or read, parsed and stored there."""
    from engine.fact_cache import CachedFacts  # only with --cache (start-up time)

    data = item.data
    if data is None:
        format_for(item.name)  # an unsupported suffix fails before any reading, as without the cache
        data = read_file_bytes(item.name, max_bytes=limits.max_bytes)
    key = cache.key(item.name, data)
    entry = cache.load(key, data)
    if entry is None:
        notice, original = load_input_text(NoticeInput(item.name, data), max_bytes=limits.max_bytes)
        entry = CachedFacts(build_facts(notice), original)
        cache.store(key, entry, data)
    return entry


def check_batch(inputs: Sequence[NoticeInput], pack: CompiledPack, config: Config, backend: Backend = "durable",
                *, jobs: int = 1, progress: Progress | None = None, debug: bool = False,
                limits: Limits | None = None, isolate: bool = False, cache: FactCache | None = None) -> list[Outcome]:
    """Outcomes of all inputs in input order.

    ``jobs > 1`` (with several inputs) or ``isolate`` checks them in worker processes, where a
    crash or a notice over ``limits.notice_timeout`` costs only that notice.
    """
    return list(iter_batch(inputs, pack, config, backend, jobs=jobs, progress=progress, debug=debug, limits=limits,
                           isolate=isolate, cache=cache))


def iter_batch(inputs: Sequence[NoticeInput], pack: CompiledPack, config: Config, backend: Backend = "durable",
               *, jobs: int = 1, progress: Progress | None = None, debug: bool = False,
               limits: Limits | None = None, isolate: bool = False,
               cache: FactCache | None = None) -> Iterator[Outcome]:
    """``check_batch`` as a stream: each outcome in input order as soon as it and those before it are done."""
    return iter_digests(inputs, pack, config, _same, backend, jobs=jobs, progress=progress, debug=debug,
                        limits=limits, isolate=isolate, cache=cache)


def iter_digests(inputs: Sequence[NoticeInput], pack: CompiledPack | PackLoader, config: Config,
                 digest: Callable[[Outcome], T], backend: Backend = "durable", *, jobs: int = 1,
                 progress: Progress | None = None, debug: bool = False, limits: Limits | None = None,
                 isolate: bool = False, cache: FactCache | None = None) -> Iterator[T]:
    """``digest(outcome)`` of each input, in input order, each as soon as it and those before it are done.

    ``digest`` runs where the notice was checked (a worker, with ``jobs > 1`` or ``isolate``), and
    also in this process on the error outcome of a notice whose worker died or ran out of time: it
    should be a plain function of the outcome. Whatever it returns is what crosses the process
    boundary, so a small digest keeps the parent's share of the work small; dropping each digest
    once used keeps memory flat over any number of inputs.

    A ``PackLoader`` is called once, before any notice is checked (also when there is none), so
    that its errors stop the run first; with workers, after they are started. A ``cache``
    (:class:`~engine.fact_cache.FactCache`) is read and written by whichever process checks a notice.
    """
    limits = limits or Limits()
    if not inputs or (not isolate and (jobs <= 1 or len(inputs) <= 1)):
        if not isinstance(pack, CompiledPack):
            pack = pack()
        for item in inputs:
            result = digest(check_one(item, pack, config, backend, debug=debug, limits=limits, cache=cache))
            if progress is not None:
                progress(1)
            yield result
        return
    size = max(1, min(jobs, len(inputs)))
    yield from _Pool(pack, config, backend, digest, size, limits, cache).run(inputs, progress)


def _same(outcome: Outcome) -> Outcome:
    return outcome


Task = tuple[int, NoticeInput]  # (input index, input)


class _Slot:
    """Memory shared by a worker and the parent: the place in its chunk of the notice the worker is
    checking, and when it started (``time.monotonic``, the same clock in every process)."""

    def __init__(self) -> None:
        self._block = mmap.mmap(-1, 16)  # anonymous and shared: forked workers write, the parent reads
        self._values = memoryview(self._block).cast("d")

    def set(self, position: int, started: float) -> None:
        self._values[1] = started  # the start first: a reader never pairs a new place with an old start
        self._values[0] = position

    @property
    def position(self) -> int:
        return int(self._values[0])

    @property
    def started(self) -> float:
        return self._values[1]

    def close(self) -> None:
        self._values.release()
        self._block.close()


def _warm(html: bool) -> None:
    """Import and load what checking a notice does lazily (the parser, the bundled vocabularies), so
    that forked workers start warm and the notice time limit does not count it; the HTML reader only
    when an input is .html."""
    import engine.parsing
    import engine.reading.decoding

    load_vocabularies()
    if html:
        import engine.reading.html_reader  # noqa: F401


def _worker(connection: Connection, slot: _Slot, pack: CompiledPack | None, config: Config, backend: Backend,
            limits: Limits, digest: Callable[[Outcome], object], html: bool, cache: FactCache | None) -> None:
    """A worker's loop: receive a chunk of tasks, send the list of their digests; None ends it.

    A worker started before the pack was loaded (``pack`` None) warms itself up, says so, receives
    the pack and says it is ready (a pack that does not arrive whole ends it: the parent replaces
    it). Ctrl-C is the parent's to handle: it stops the workers (no traceback from each of them).
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if pack is None:
        with contextlib.suppress(Exception):  # a failed import fails again, as the error of each notice
            _warm(html)
        try:
            connection.send(_WARM)
            pack = connection.recv()
        except Exception:  # the parent is gone, or the pack did not unpickle
            return
        if pack is None:
            return
        connection.send(_READY)
    crash_on = os.environ.get(CRASH_HOOK)
    while True:
        try:
            chunk: list[Task] | None = connection.recv()
        except EOFError:
            return
        if chunk is None:
            return
        digests: list[object] = []
        try:
            for position, (_, item) in enumerate(chunk):
                slot.set(position, time.monotonic())
                if crash_on and crash_on in item.name:
                    faulthandler.disable()  # a quiet simulated crash, even under a test runner that enabled it
                    os.kill(os.getpid(), signal.SIGSEGV)
                digests.append(digest(check_one(item, pack, config, backend, limits=limits, cache=cache)))
        except Exception as exc:  # a bug in the digest: the parent raises it, as if it had run there
            try:
                connection.send(_Raised(exc))
            except Exception:  # an exception that cannot cross the pipe: its type and message can
                connection.send(_Raised(RuntimeError(f"{type(exc).__name__}: {exc}")))
            continue
        connection.send(digests)


@dataclass(frozen=True)
class _Raised:
    """An exception a worker's digest raised, sent to the parent to raise (``check_one`` raises none)."""

    error: Exception


class _Worker:
    def __init__(self, process: BaseProcess, connection: Connection, slot: _Slot) -> None:
        self.process = process
        self.connection = connection
        self.slot = slot
        self.chunk: list[Task] = []  # the tasks it holds (empty: idle)
        self.timed_out = False
        self.overdue_position: int | None = None  # the place of the notice that ran out of time
        self.checked = 0  # notices it has sent results for


class _Tasks:
    """The inputs still to check, in input order (tasks taken back from a dead worker first)."""

    def __init__(self, inputs: Sequence[NoticeInput], workers: int) -> None:
        self.inputs = inputs
        self.workers = workers
        self.next = 0  # index of the next input never handed out
        self.returned: deque[Task] = deque()

    def __bool__(self) -> bool:
        return bool(self.returned) or self.next < len(self.inputs)

    def take(self) -> list[Task]:
        """The next chunk: a few notices, fewer towards the end so that the workers finish together."""
        if self.returned:
            return [self.returned.popleft()]  # one at a time: one of them may crash a worker again
        left = len(self.inputs) - self.next
        count = max(1, min(MAX_CHUNK, left // (2 * self.workers)))
        start, self.next = self.next, self.next + min(count, left)
        return [(index, self.inputs[index]) for index in range(start, self.next)]

    def give_back(self, tasks: list[Task]) -> None:
        self.returned.extendleft(reversed(tasks))


class _Pool(Generic[T]):
    """Forked workers, one chunk of notices each at a time, replaced when they die."""

    def __init__(self, pack: CompiledPack | PackLoader, config: Config, backend: Backend,
                 digest: Callable[[Outcome], T], size: int, limits: Limits, cache: FactCache | None) -> None:
        self.context = multiprocessing.get_context("fork")
        self.pack: CompiledPack | None = pack if isinstance(pack, CompiledPack) else None
        self.load: PackLoader | None = None if isinstance(pack, CompiledPack) else pack
        self.html = False  # whether an input is .html (workers then import the HTML reader up front)
        self.config = config
        self.backend = backend
        self.digest = digest
        self.size = size
        self.limits = limits
        self.cache = cache

    def _spawn(self, replacing: bool = False) -> _Worker:
        """A new worker: forked warm with the pack, or (before the pack is loaded) to warm itself up."""
        if self.pack is not None:
            _warm(self.html)  # once: later calls find everything imported and loaded
        parent, child = self.context.Pipe()
        slot = _Slot()
        process = self.context.Process(target=_worker, daemon=True,
                                       args=(child, slot, self.pack, self.config, self.backend, self.limits,
                                             self.digest, self.html, self.cache))
        # Frozen objects are left alone by the worker's garbage collector, so it does not write to
        # (and thereby copy) every page of the parent's heap it inherits: less memory per worker.
        # In the zhenggai program (which froze its start-up objects) they stay frozen in the parent
        # too: the rule pack, modules and inputs, still freed by reference counting when dropped;
        # garbage cycles are collected first when a worker is replaced, so none is frozen for good.
        # A library caller's interpreter is left as it was (frozen for the fork only).
        program = gc.get_freeze_count() > 0
        if replacing:
            gc.collect()
        gc.freeze()
        process.start()
        if not program:
            gc.unfreeze()
        child.close()
        return _Worker(process, parent, slot)

    def run(self, inputs: Sequence[NoticeInput], progress: Progress | None) -> Iterator[T]:
        """Digests in input order, each yielded once it and all before it are in (out-of-order ones wait)."""
        results: dict[int, T] = {}
        next_index = 0
        tasks = _Tasks(inputs, self.size)
        self.html = any(SUFFIXES.get(suffix(item.name)) == "html" for item in inputs)
        if self.pack is None:  # rule packs and checking both use the bundled vocabularies: load them once
            load_vocabularies()
        workers = [self._spawn() for _ in range(self.size)]
        try:
            if self.load is not None:
                self._load_pack(workers)
            for worker in workers:
                _assign(worker, tasks)
            while any(worker.chunk for worker in workers):
                busy = [worker for worker in workers if worker.chunk]
                ready = set(wait([w.connection for w in busy] + [w.process.sentinel for w in busy],
                                 timeout=self._wait_time(busy)))
                for position, worker in enumerate(workers):
                    if not worker.chunk:
                        continue
                    digests: list[T] | None
                    if ready & {worker.connection, worker.process.sentinel}:
                        digests = _receive(worker)
                    elif (overdue := self._overdue(worker)) is not None:
                        if worker.connection.poll():  # the chunk's results came in after wait(): in time
                            digests = _receive(worker)
                        else:
                            digests = None
                            worker.overdue_position = overdue  # blame that notice, not the slot after the kill
                            _kill(worker)
                    else:
                        continue
                    if digests is None:  # the worker died with a notice: report it, redo the rest
                        received = [self._death(worker, tasks)]
                    else:
                        received = list(zip((index for index, _ in worker.chunk), digests, strict=True))
                        worker.chunk = []
                        worker.checked += len(received)
                    if tasks and (not worker.process.is_alive() or worker.checked >= RECYCLE_AFTER):
                        _stop([worker])  # replace a dead worker, or one that has checked its share
                        worker = workers[position] = self._spawn(replacing=True)
                    results.update(received)
                    if progress is not None:
                        progress(len(received))
                    _assign(worker, tasks)
                while next_index in results:  # every worker has its next chunk: hand results on meanwhile
                    yield results.pop(next_index)
                    next_index += 1
        finally:
            _stop(workers)

    def _load_pack(self, workers: list[_Worker]) -> None:
        """Load the pack while the workers warm up, send it to each once it is warm and wait until it
        is ready, so that a notice's time limit counts none of the warm-up. A worker is replaced by a
        fork that has the pack when it died, when the pack cannot be sent to it (a hand-made pack that
        cannot be serialised), or when it is not ready within ``WARM_UP_LIMIT`` seconds of the pack being
        loaded: no notice waits for a worker that is gone or hung. The pack is sent only to a worker
        that said it is warm, that is, that is reading it: a large pack never blocks the parent."""
        assert self.load is not None
        self.pack = self.load()
        deadline = time.monotonic() + WARM_UP_LIMIT
        for position, worker in enumerate(workers):
            if not (_said(worker, _WARM, deadline) and _sent(worker, self.pack) and _said(worker, _READY, deadline)):
                with contextlib.suppress(OSError):
                    worker.process.kill()  # hung, or its pack did not arrive: nothing more is wanted of it
                _stop([worker])
                workers[position] = self._spawn(replacing=True)

    def _wait_time(self, busy: list[_Worker]) -> float | None:
        """Seconds until the first busy worker's notice runs out of time (None: no notice time limit)."""
        limit = self.limits.notice_timeout
        if limit is None:
            return None
        now = time.monotonic()
        return max(0.0, min(worker.slot.started + limit - now for worker in busy))

    def _overdue(self, worker: _Worker) -> int | None:
        """The place in its chunk of the notice a worker has been checking for too long, if any.

        The place is read before the start (the worker writes them in the other order), so a worker
        moving on meanwhile pairs the old place with a fresh start: not overdue, looked at next time.
        """
        limit = self.limits.notice_timeout
        if limit is None:
            return None
        position = worker.slot.position
        return position if time.monotonic() - worker.slot.started >= limit else None

    def _death(self, worker: _Worker, tasks: _Tasks) -> tuple[int, T]:
        """The engine error for the notice a dead worker was checking; the rest of its chunk goes back
        to ``tasks`` (the worker is closed and reaped)."""
        place = worker.overdue_position if worker.overdue_position is not None else worker.slot.position
        position = min(max(place, 0), len(worker.chunk) - 1)
        index, item = worker.chunk[position]
        tasks.give_back(worker.chunk[:position] + worker.chunk[position + 1:])  # their digests died with it
        worker.chunk = []
        worker.connection.close()
        worker.process.join()
        if worker.timed_out:
            limit = self.limits.notice_timeout or 0
            timeout = NoticeTimeoutError(f"checking this notice took longer than {limit:g}s and was stopped; "
                                         "the other notices were checked", path=item.name,
                                         hint=f"raise the limit with {NOTICE_TIMEOUT_FLAG}")
            return index, self.digest(Outcome(item.name, error=str(timeout)))
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
        return index, self.digest(Outcome(item.name, error=str(error)))


def _said(worker: _Worker, word: str, deadline: float) -> bool:
    """Whether the worker sends ``word`` before the deadline (False if it sends anything else or dies)."""
    try:
        return bool(worker.connection.poll(max(0.0, deadline - time.monotonic()))) and worker.connection.recv() == word
    except (EOFError, OSError):
        return False


def _sent(worker: _Worker, pack: CompiledPack) -> bool:
    """Whether the pack could be sent to the worker (it may have died, or the pack may not serialise)."""
    try:
        worker.connection.send(pack)
    except Exception:
        return False
    return True


def _assign(worker: _Worker, tasks: _Tasks) -> None:
    """Give the worker its next chunk (or nothing); a dead worker gets nothing."""
    worker.chunk = tasks.take() if tasks and worker.process.is_alive() else []
    if worker.chunk:
        worker.slot.set(0, time.monotonic())
        with contextlib.suppress(OSError):  # died before send(): the main loop sees it and reports the notice
            worker.connection.send(worker.chunk)


def _kill(worker: _Worker) -> None:
    """Stop a worker that ran past the notice time limit (SIGKILL: it may be stuck in C code)."""
    worker.timed_out = True
    with contextlib.suppress(OSError):
        worker.process.kill()


def _receive(worker: _Worker) -> list[Any] | None:
    """The digests of the worker's chunk, or None when it died without sending them (an exception its
    digest raised is raised here)."""
    try:
        if not worker.connection.poll():
            return None
        digests: list[Any] | _Raised = worker.connection.recv()
    except (EOFError, OSError):
        return None
    if isinstance(digests, _Raised):
        raise digests.error
    return digests


def _stop(workers: list[_Worker]) -> None:
    """Ask idle workers to finish and kill busy ones (their results are no longer wanted: an error or
    Ctrl-C), then reap them."""
    for worker in workers:
        with contextlib.suppress(OSError, ValueError):
            if worker.chunk:
                worker.process.kill()
            elif worker.process.is_alive():
                worker.connection.send(None)
    for worker in workers:
        worker.process.join(timeout=5)
        if worker.process.is_alive():
            worker.process.kill()
            worker.process.join()
        worker.connection.close()
        worker.slot.close()
