"""Measurement functions of the benchmark; each returns plain data (see ``bench.run`` for the report).

Every timed figure is a :class:`Stat` (median, min, max over ``n`` repeats). Nothing here edits
engine code: extractors are timed by swapping timing wrappers into the modules that hold them for
the duration of a measurement, and the CLI is run as whole processes.
"""

from __future__ import annotations

import contextlib
import cProfile
import functools
import gc
import io
import os
import pstats
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from engine.launch import SERVER_ENV

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
ZHENGGAI = VENV_BIN / "zhenggai"
COLD_SEED = ROOT / "fixtures" / "raw" / "yuzhou-2021-01-07.txt"
IMPORT_FLOOR = "import pydantic, yaml, click, durable.lang"
EXTRACTORS = ("dates", "money", "claims", "sanctions", "contacts")
FLOOR_REGEX = re.compile(r"\d+(?:\.\d+)?(?:亿元|万元|元|个|人|次|户|年|月|日)")


@dataclass
class Stat:
    """Median, min and max of repeated measurements, in ``unit``."""

    median: float
    min: float
    max: float
    n: int
    unit: str

    @classmethod
    def of(cls, values: Sequence[float], unit: str) -> Stat:
        if not values:
            raise ValueError("no values")
        return cls(statistics.median(values), min(values), max(values), len(values), unit)

    def fmt(self, digits: int = 1) -> str:
        if self.n == 1:
            return f"{self.median:.{digits}f} {self.unit} (1 run)"
        return f"{self.median:.{digits}f} {self.unit} ({self.min:.{digits}f}–{self.max:.{digits}f}, n={self.n})"


def as_dict(value: Any) -> Any:
    """Dataclasses (nested) as dicts, for JSON."""
    return asdict(value) if hasattr(value, "__dataclass_fields__") else value


# --------------------------------------------------------------------------------------------- parsing

@dataclass
class ParseResult:
    notices: int
    megabytes: float
    read_mb_s: Stat          # reading + decoding + normalising (read_document)
    parse_mb_s: Stat         # segmentation + extractors (parse_text)
    read_parse_mb_s: Stat    # both, per core
    extractor_share: dict[str, float]       # share of parse_text time, self time of each extractor
    extractor_ms_per_notice: dict[str, float]


class ExtractorTimer:
    """Self time of each extractor (nested extractor calls are charged to the inner one)."""

    def __init__(self) -> None:
        self.seconds = dict.fromkeys(EXTRACTORS, 0.0)
        self._stack: list[list[float]] = []

    def wrap(self, name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(function)
        def timed(*args: Any, **kwargs: Any) -> Any:
            frame = [0.0]  # time spent in nested extractor calls
            self._stack.append(frame)
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                elapsed = time.perf_counter() - start
                self._stack.pop()
                self.seconds[name] += elapsed - frame[0]
                if self._stack:
                    self._stack[-1][0] += elapsed

        return timed


@contextlib.contextmanager
def timed_extractors() -> Iterator[ExtractorTimer]:
    """Swap timing wrappers for ``extract_<name>`` into every loaded engine module that holds them."""
    import importlib

    from engine.parsing import enrich

    originals = {}
    for name in EXTRACTORS:
        module = importlib.import_module(f"engine.parsing.extract.{name}")
        originals[name] = getattr(module, f"extract_{name}")
    timer = ExtractorTimer()
    wrappers = {name: timer.wrap(name, function) for name, function in originals.items()}
    patched: list[tuple[Any, str, Any]] = []
    for module_name, module in list(sys.modules.items()):
        if not module_name.startswith("engine") or module is None:
            continue
        for attribute, value in list(vars(module).items()):
            for name, original in originals.items():
                if value is original:
                    patched.append((module, attribute, value))
                    setattr(module, attribute, wrappers[name])
    enrich._extractor.cache_clear()
    try:
        yield timer
    finally:
        for module, attribute, value in patched:
            setattr(module, attribute, value)
        enrich._extractor.cache_clear()


def measure_parse(paths: Sequence[Path], repeats: int = 3) -> ParseResult:
    """read_document and parse_text over ``paths``, ``repeats`` times; extractor self times on the first pass."""
    from engine.parsing import parse_text
    from engine.reading import read_document

    total_bytes = sum(path.stat().st_size for path in paths)
    megabytes = total_bytes / 1e6
    read_rates, parse_rates, both_rates = [], [], []
    shares: dict[str, float] = {}
    per_notice: dict[str, float] = {}
    for repeat in range(repeats):
        context = timed_extractors() if repeat == 0 else contextlib.nullcontext()
        with context as timer:
            read_time = parse_time = 0.0
            for path in paths:
                start = time.perf_counter()
                source = read_document(path)
                middle = time.perf_counter()
                parse_text(source.text, source, path=str(path))
                read_time += middle - start
                parse_time += time.perf_counter() - middle
        if timer is not None:
            shares = {name: seconds / parse_time for name, seconds in timer.seconds.items()}
            per_notice = {name: seconds * 1000 / len(paths) for name, seconds in timer.seconds.items()}
        else:  # the first pass carries the wrappers' overhead; rates come from the others
            read_rates.append(megabytes / read_time)
            parse_rates.append(megabytes / parse_time)
            both_rates.append(megabytes / (read_time + parse_time))
    if not read_rates:  # a single repeat: use it, wrappers included
        read_rates, parse_rates = [megabytes / read_time], [megabytes / parse_time]
        both_rates = [megabytes / (read_time + parse_time)]
    return ParseResult(len(paths), megabytes, Stat.of(read_rates, "MB/s"), Stat.of(parse_rates, "MB/s"),
                       Stat.of(both_rates, "MB/s"), shares, per_notice)


# ---------------------------------------------------------------------------------------------- floors

@dataclass
class FloorResult:
    read_bytes_mb_s: Stat     # open + read
    decode_mb_s: Stat         # bytes.decode("utf-8")
    regex_mb_s: Stat          # one finditer pass of a number-with-unit pattern
    build_facts_mb_s: Stat    # build_facts alone on parsed notices (MB of their source text)


def measure_floors(paths: Sequence[Path], repeats: int = 5) -> FloorResult:
    """The cheapest thing each stage could cost on the same texts."""
    from engine.facts.builder import build_facts
    from engine.parsing import parse_file

    megabytes = sum(path.stat().st_size for path in paths) / 1e6
    blobs = [path.read_bytes() for path in paths]
    texts = [blob.decode("utf-8") for blob in blobs]
    notices = [parse_file(path) for path in paths]
    reads, decodes, regexes, facts = [], [], [], []
    for _ in range(repeats):
        start = time.perf_counter()
        for path in paths:
            with open(path, "rb") as handle:
                handle.read()
        reads.append(megabytes / (time.perf_counter() - start))
        start = time.perf_counter()
        for blob in blobs:
            blob.decode("utf-8")
        decodes.append(megabytes / (time.perf_counter() - start))
        start = time.perf_counter()
        for text in texts:
            for _match in FLOOR_REGEX.finditer(text):
                pass
        regexes.append(megabytes / (time.perf_counter() - start))
        start = time.perf_counter()
        for notice in notices:
            build_facts(notice)
        facts.append(megabytes / (time.perf_counter() - start))
    return FloorResult(Stat.of(reads, "MB/s"), Stat.of(decodes, "MB/s"), Stat.of(regexes, "MB/s"),
                       Stat.of(facts, "MB/s"))


# ------------------------------------------------------------------------------------ facts and rules

@dataclass
class CheckResult:
    notices: int
    facts_per_notice: float
    rules: int
    build_facts_ms: Stat         # per notice
    prepare_ms: Stat             # prepare_facts (projection + text tests), shared by both backends
    evaluate_durable_ms: Stat    # evaluate_prepared, durable, on the facts check() hands the backend
    evaluate_python_ms: Stat     # evaluate_prepared, python reference, on the same facts
    check_durable_ms: Stat       # whole check(): facts -> evaluation -> report
    check_python_ms: Stat
    durable_vs_python: float     # evaluate durable / evaluate python (median of the per-repeat ratios)
    evaluated_per_notice: float  # facts handed to the backend (some rule's ``when`` holds on them)
    check_vs_facts: float        # check durable / build facts (median of the per-repeat ratios)
    same_results: bool
    check_vs_facts_ratios: Stat  # the per-repeat ratios check durable / build facts


def measure_check(paths: Sequence[Path], repeats: int = 3, packs: Sequence[str] = ("core",)) -> CheckResult:
    """Per-notice cost of fact building, preparation, evaluation (both backends) and the whole check."""
    from engine.evaluation.prepare import prepare_facts
    from engine.evaluation.runner import applicable_facts, build_pack, check, evaluate_prepared
    from engine.facts.builder import build_facts
    from engine.parsing import parse_file
    from engine.rule_language.config import Config, load_packs

    config = Config(packs=list(packs))
    pack = build_pack(load_packs(config), config)
    notices = [parse_file(path) for path in paths]
    fact_sets = [build_facts(notice) for notice in notices]
    prepared = [prepare_facts(fact_set.facts, pack) for fact_set in fact_sets]
    evaluated = [applicable_facts(facts, pack)[1] for facts in prepared]  # what check() evaluates
    same = all(evaluate_prepared(p, pack, "durable") == evaluate_prepared(p, pack, "python") for p in prepared)
    count = len(notices)
    series: dict[str, list[float]] = {key: [] for key in ("facts", "prepare", "durable", "python", "cd", "cp")}
    # The inputs of all notices are held here at once; a CLI worker holds one notice at a time
    # (and freezes what it inherits). Frozen, they are not walked by every full collection.
    gc.collect()
    gc.freeze()

    def per_notice(key: str, action: Callable[[], object]) -> None:
        # Start every series with nothing pending for the collector: otherwise the reports the
        # previous series kept until its end are promoted and the next series pays for the full
        # collection they trigger (whole check() with the python backend read 0.9 ms slower than
        # durable only because it ran second).
        gc.collect()
        start = time.perf_counter()
        action()
        series[key].append((time.perf_counter() - start) * 1000 / count)

    for _ in range(repeats):
        per_notice("facts", lambda: [build_facts(notice) for notice in notices])
        per_notice("prepare", lambda: [prepare_facts(fact_set.facts, pack) for fact_set in fact_sets])
        per_notice("durable", lambda: [evaluate_prepared(p, pack, "durable") for p in evaluated])
        per_notice("python", lambda: [evaluate_prepared(p, pack, "python") for p in evaluated])
        per_notice("cd", lambda: [check(notice, pack, config, "durable") for notice in notices])
        per_notice("cp", lambda: [check(notice, pack, config, "python") for notice in notices])
    gc.unfreeze()
    stats = {key: Stat.of(values, "ms") for key, values in series.items()}
    return CheckResult(
        notices=count, facts_per_notice=sum(len(f.facts) for f in fact_sets) / count, rules=len(pack.rules),
        build_facts_ms=stats["facts"], prepare_ms=stats["prepare"], evaluate_durable_ms=stats["durable"],
        evaluate_python_ms=stats["python"], check_durable_ms=stats["cd"], check_python_ms=stats["cp"],
        durable_vs_python=_paired_ratio(series["durable"], series["python"]).median,
        evaluated_per_notice=sum(len(facts) for facts in evaluated) / count,
        check_vs_facts=_paired_ratio(series["cd"], series["facts"]).median, same_results=same,
        check_vs_facts_ratios=_paired_ratio(series["cd"], series["facts"]))


def _paired_ratio(numerators: list[float], denominators: list[float]) -> Stat:
    """The ratio of two series timed in the same repeats, repeat by repeat: a slower hour slows both
    series of a repeat, so their quotient moves less than the quotient of the two series' medians."""
    return Stat.of([top / bottom for top, bottom in zip(numerators, denominators, strict=True)], "×")


# -------------------------------------------------------------------------------------- CLI processes

@dataclass
class ProcessRun:
    wall_s: float
    exit_code: int
    peak_tree_rss_mb: float      # sampled sum of PSS over the process and its descendants
    max_child_rss_mb: float      # largest VmHWM (peak RSS) of any single process of the tree, as sampled


def _status_kb(pid: int, field: str, name: str = "status") -> int:
    try:
        with open(f"/proc/{pid}/{name}", encoding="ascii", errors="replace") as handle:
            for line in handle:
                if line.startswith(field):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _tree(root: int) -> set[int]:
    """``root`` and every descendant (parent links read from /proc/*/stat)."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as handle:
                stat = handle.read()
        except OSError:
            continue
        parents[int(entry)] = int(stat.rsplit(")", 1)[1].split()[1])
    tree = {root}
    changed = True
    while changed:
        changed = False
        for pid, parent in parents.items():
            if parent in tree and pid not in tree:
                tree.add(pid)
                changed = True
    return tree


def _tree_rss_kb(root: int) -> tuple[int, int]:
    """(proportional set size summed over the tree, largest VmHWM of one process in it), in kB.

    PSS (from /proc/<pid>/smaps_rollup) rather than VmRSS, so that pages a forked worker shares
    with its parent are counted once.
    VmHWM is read from /proc rather than taken from wait4's ru_maxrss, because Linux carries the
    parent's high-water mark over fork into the child's ru_maxrss (the benchmark process is large).
    """
    for _ in range(5):
        pids = _tree(root)
        total = sum(_status_kb(pid, "Pss:", "smaps_rollup") for pid in pids)
        largest = max((_status_kb(pid, "VmHWM:") for pid in pids), default=0)
        # A sample that straddles a fork or an exit (a worker replaced) counts the pages the two
        # processes share once in full and once in part: keep only samples of a stable tree.
        if _tree(root) == pids:
            break
    return total, largest


def run_process(command: Sequence[str], *, cwd: Path = ROOT, stdout_path: Path | None = None,
                sample_rss: bool = True, interval: float = 0.1, env: dict[str, str] | None = None) -> ProcessRun:
    """Run a command to completion: wall time, exit code, peak RSS of its process tree."""
    stdout = open(stdout_path, "wb") if stdout_path else subprocess.DEVNULL  # noqa: SIM115
    try:
        start = time.perf_counter()
        process = subprocess.Popen(list(command), cwd=cwd, stdout=stdout, stderr=subprocess.DEVNULL, env=env)
        peak = hwm = 0
        done = threading.Event()

        def sample() -> None:
            nonlocal peak, hwm
            while not done.wait(interval):
                total, largest = _tree_rss_kb(process.pid)
                peak, hwm = max(peak, total), max(hwm, largest)

        sampler = threading.Thread(target=sample, daemon=True) if sample_rss else None
        if sampler:
            sampler.start()
        _, status, _ = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        done.set()
        if sampler:
            sampler.join()
        process.returncode = os.waitstatus_to_exitcode(status)
    finally:
        if stdout_path:
            stdout.close()  # type: ignore[union-attr]
    return ProcessRun(wall, process.returncode, peak / 1024, hwm / 1024)


@dataclass
class CliResult:
    notices: int
    megabytes: float
    jobs: int
    wall_s: Stat
    mb_s: Stat                 # MB of notice text per second, whole process
    mb_s_per_core: Stat        # mb_s / jobs
    notices_s: Stat
    peak_tree_rss_mb: Stat
    max_process_rss_mb: Stat
    exit_codes: list[int] = field(default_factory=list)
    cache: str = ""            # "": no --cache; "empty": the run that fills it; "warm": it holds every notice


def measure_cli(corpus: Path, notices: int, megabytes: float, jobs: int, repeats: int = 1,
                scratch: Path | None = None, cache: Path | None = None) -> CliResult:
    """``zhenggai check <corpus> --jobs N`` as whole processes (text report to a file); with ``cache``,
    ``--cache-dir`` that folder (each run finds it as the one before left it)."""
    command = [str(ZHENGGAI), "check", str(corpus), "--jobs", str(jobs), "--fail-on", "never"]
    state = ""
    if cache is not None:
        state = "warm" if cache.is_dir() else "empty"
        command += ["--cache-dir", str(cache)]
    runs = [run_process(command, stdout_path=(scratch / f"report-{jobs}.txt") if scratch else None)
            for _ in range(repeats)]
    walls = [run.wall_s for run in runs]
    return CliResult(
        notices=notices, megabytes=megabytes, jobs=jobs, cache=state, wall_s=Stat.of(walls, "s"),
        mb_s=Stat.of([megabytes / wall for wall in walls], "MB/s"),
        mb_s_per_core=Stat.of([megabytes / wall / jobs for wall in walls], "MB/s"),
        notices_s=Stat.of([notices / wall for wall in walls], "notices/s"),
        peak_tree_rss_mb=Stat.of([run.peak_tree_rss_mb for run in runs], "MB"),
        max_process_rss_mb=Stat.of([run.max_child_rss_mb for run in runs], "MB"),
        exit_codes=[run.exit_code for run in runs])


@dataclass
class ColdStartResult:
    check_ms: Stat
    import_floor_ms: Stat
    library_floor_ms: Stat     # importing every non-engine module the check imports, and nothing else
    library_modules: int       # how many modules that is
    served_ms: Stat            # the same command handed to a running `zhenggai serve` (ZHENGGAI_SERVER set)
    python_ms: Stat            # bare `python -c pass`
    check_rss_mb: Stat
    top_imports: list[tuple[str, float, float]]   # (module, cumulative ms, self ms) under engine.cli
    startup_profile: list[tuple[str, float, float]]  # (function, cumulative share, self share) of one cold run
    startup_regex_compile: list[tuple[str, float]]   # re.compile time (ms) in one cold run, by calling module


COLD_CHECK_SCRIPT = """
import atexit, sys
atexit.register(lambda: open(sys.argv[1], "w").write("\\n".join(sys.modules)))
from engine.cli import main
main(["check", sys.argv[2]])
"""


def cold_check_imports() -> tuple[list[tuple[str, float, float]], list[str]]:
    """A whole cold check of the seed under ``python -X importtime`` (the CLI imports sub-commands and
    parts of the engine lazily; the forked worker's imports are included).

    Returns the import rows (module, cumulative ms, self ms) in import order, and every module loaded
    by the end of the run: ``sys.modules`` of the parent (some modules, like ``pydantic.main``, are
    loaded by the importing package itself and have no ``importtime`` row) followed by what only the
    worker imported. Attempts that failed (``nt``, ``msvcrt`` …) are listed too."""
    with tempfile.TemporaryDirectory() as folder:
        listing = Path(folder) / "modules.txt"
        result = subprocess.run([sys.executable, "-X", "importtime", "-c", COLD_CHECK_SCRIPT, str(listing),
                                 str(COLD_SEED)], cwd=ROOT, capture_output=True, text=True, check=False)
        loaded = listing.read_text(encoding="utf-8").split("\n")
    rows: list[tuple[str, float, float]] = []
    for line in result.stderr.splitlines():
        match = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|(\s*)(\S+)", line)
        if match:
            rows.append((match.group(4), int(match.group(2)) / 1000, int(match.group(1)) / 1000))
    return rows, list(dict.fromkeys([*loaded, *(name for name, _, _ in rows)]))


def import_profile(rows: Sequence[tuple[str, float, float]], limit: int = 15) -> list[tuple[str, float, float]]:
    """The imports of a cold check with the largest cumulative time, then the engine's by self time."""
    top = [row for row in rows if not row[0].startswith("engine") and "." not in row[0]]
    top.sort(key=lambda row: -row[1])
    engine = sorted((row for row in rows if row[0].startswith("engine")), key=lambda row: -row[2])
    return top[:limit] + engine[:5]


def _is_engine(module: str) -> bool:
    return module in ("engine", "__main__") or module.startswith(("engine.", "__editable__"))


LIBRARY_FLOOR_SCRIPT = """
import importlib, os, sys
for name in sys.argv[1:]:
    try:
        importlib.import_module(name)
    except ImportError:  # a platform's alternative that the check tried too (nt, msvcrt, ...)
        pass
os._exit(0)  # as the program ends: no interpreter teardown (engine/cli/process.py)
"""


def library_floor_command(modules: Sequence[str]) -> list[str]:
    """A process that imports every library module a cold check imports, in the same order, and does
    nothing else: what the check costs with none of the engine's own code (its imports, pydantic
    model builds, pattern compiles, rule packs, parsing, checking). The standard library counts:
    the check needs ``multiprocessing``, ``importlib.metadata`` (pydantic's plugin loader) and so on.
    Like the program, the process ends without tearing the interpreter down."""
    return [sys.executable, "-c", LIBRARY_FLOOR_SCRIPT, *(name for name in modules if not _is_engine(name))]


def measure_cold_start(runs: int = 15) -> ColdStartResult:
    """Whole-process wall time of ``zhenggai check <seed>`` against the import floor.

    The engine's bytecode is compiled first (``compileall``), as an installed package has it: with
    ``PYTHONDONTWRITEBYTECODE`` set, an editable checkout would otherwise compile every engine
    module from source on every run (about 80 ms more).
    """
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "engine")], cwd=ROOT,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    imports, modules = cold_check_imports()
    libraries = library_floor_command(modules)
    check_runs = [run_process([str(ZHENGGAI), "check", str(COLD_SEED)], interval=0.02) for _ in range(runs)]
    floor = [run_process([sys.executable, "-c", IMPORT_FLOOR], sample_rss=False).wall_s for _ in range(runs)]
    library_floor = [run_process(libraries, sample_rss=False).wall_s for _ in range(runs)]
    bare = [run_process([sys.executable, "-c", "pass"], sample_rss=False).wall_s for _ in range(runs)]
    served = measure_served(runs)
    return ColdStartResult(
        check_ms=Stat.of([run.wall_s * 1000 for run in check_runs], "ms"),
        import_floor_ms=Stat.of([wall * 1000 for wall in floor], "ms"),
        library_floor_ms=Stat.of([wall * 1000 for wall in library_floor], "ms"),
        library_modules=len(libraries) - 3, served_ms=served,
        python_ms=Stat.of([wall * 1000 for wall in bare], "ms"),
        check_rss_mb=Stat.of([run.max_child_rss_mb for run in check_runs if run.max_child_rss_mb] or [0.0], "MB"),
        top_imports=import_profile(imports), **startup_profile())


def measure_served(runs: int = 15) -> Stat:
    """Wall time of ``zhenggai check <seed>`` handed to a ``zhenggai serve`` started for the purpose
    (the client process, the server's fork, the check and the exit code coming back)."""
    env = {key: value for key, value in os.environ.items() if key != SERVER_ENV}
    with tempfile.TemporaryDirectory() as folder:
        socket_path = Path(folder) / "serve.sock"
        log_path = Path(folder) / "serve.log"
        with open(log_path, "wb") as log:
            server = subprocess.Popen([str(ZHENGGAI), "serve", "--socket", str(socket_path)], cwd=ROOT,
                                      stdout=subprocess.DEVNULL, stderr=log, env=env)
            try:
                deadline = time.monotonic() + 120
                while b"listening on" not in log_path.read_bytes():
                    if server.poll() is not None or time.monotonic() > deadline:
                        raise RuntimeError(f"zhenggai serve did not start: {log_path.read_text(encoding='utf-8')}")
                    time.sleep(0.05)
                client_env = {**env, SERVER_ENV: str(socket_path)}
                walls = [run_process([str(ZHENGGAI), "check", str(COLD_SEED)], sample_rss=False, env=client_env).wall_s
                         for _ in range(runs)]
            finally:
                server.send_signal(signal.SIGTERM)
                server.wait(timeout=60)
        served = log_path.read_text(encoding="utf-8").count("zhenggai check")
    if served != runs:  # a run that fell back to a cold process would not measure the server
        raise RuntimeError(f"zhenggai serve ran {served} of {runs} checks")
    return Stat.of([wall * 1000 for wall in walls], "ms")


STARTUP_SCRIPT = """
import cProfile, sys
profiler = cProfile.Profile()
profiler.enable()
try:
    from engine.cli import main
    main(["check", sys.argv[2]])
except SystemExit:
    pass
profiler.disable()
profiler.dump_stats(sys.argv[1])
"""


STARTUP_SKIP = ("<string>", "<frozen", "click/", "builtins.exec", "builtins.__import__", "_handle_fromlist")


def startup_profile(limit: int = 20) -> dict[str, Any]:
    """cProfile of one whole cold ``zhenggai check <seed>`` (imports included).

    Returns ``startup_profile`` (top functions by cumulative share, import machinery left out) and
    ``startup_regex_compile`` (milliseconds spent in ``re.compile`` / ``regex.compile``, by the
    engine or library file whose code called it).
    """
    with tempfile.TemporaryDirectory() as folder:
        output = Path(folder) / "startup.prof"
        subprocess.run([sys.executable, "-c", STARTUP_SCRIPT, str(output), str(COLD_SEED)], cwd=ROOT,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        stats = pstats.Stats(str(output), stream=io.StringIO())
    entries = stats.stats  # type: ignore[attr-defined]
    by_file: dict[str, float] = {}
    for key, (_, _, _, _, callers) in entries.items():
        filename, _, name = key
        if name != "compile" or not (filename.endswith("re/__init__.py") or filename.endswith("regex/regex.py")):
            continue
        for caller, (_, _, _, cumulative) in callers.items():
            label = _label(caller).split(":")[0]
            by_file[label] = by_file.get(label, 0.0) + cumulative * 1000
    compile_rows = sorted(by_file.items(), key=lambda row: -row[1])[:12]
    return {"startup_profile": _shares(stats, limit, STARTUP_SKIP)[0], "startup_regex_compile": compile_rows}


def _shares(stats: pstats.Stats, limit: int, skip: Sequence[str]) -> tuple[list[tuple[str, float, float]],
                                                                           list[tuple[str, float, float]]]:
    """Top functions by cumulative and by self share of the profiled total."""
    entries = stats.stats  # type: ignore[attr-defined]
    total = sum(own for _, _, own, _, _ in entries.values())
    rows = [(_label(key), cumulative / total, own / total) for key, (_, _, own, cumulative, _) in entries.items()]
    rows = [row for row in rows if not any(token in row[0] for token in skip)]
    return sorted(rows, key=lambda row: -row[1])[:limit], sorted(rows, key=lambda row: -row[2])[:limit]


# ------------------------------------------------------------------------------------------- profile

@dataclass
class ProfileResult:
    notices: int
    total_s: float
    by_cumulative: list[tuple[str, float, float]]   # (function, cumulative share, self share)
    by_self: list[tuple[str, float, float]]


def _label(key: tuple[str, int, str]) -> str:
    filename, line, name = key
    path = Path(filename)
    with contextlib.suppress(ValueError):
        return f"{path.resolve().relative_to(ROOT)}:{line} {name}"
    if filename == "~":
        return name
    parts = path.parts
    short = "/".join(parts[parts.index("site-packages") + 1:]) if "site-packages" in parts else path.name
    return f"{short}:{line} {name}"


def profile_pipeline(paths: Sequence[Path], limit: int = 25) -> ProfileResult:
    """cProfile of read → parse → check (durable, core pack) over ``paths``, after a warm-up notice."""
    from engine.evaluation.runner import build_pack, check
    from engine.parsing import parse_file
    from engine.rule_language.config import Config, load_packs

    config = Config()
    pack = build_pack(load_packs(config), config)
    check(parse_file(paths[0]), pack, config)  # warm-up: lazy imports, durable registration

    def run() -> None:
        for path in paths:
            check(parse_file(path), pack, config)

    profiler = cProfile.Profile()
    start = time.perf_counter()
    profiler.runcall(run)
    total = time.perf_counter() - start
    stats = pstats.Stats(profiler, stream=io.StringIO())
    by_cumulative, by_self = _shares(stats, limit, ("bench/",))
    return ProfileResult(len(paths), total, by_cumulative, by_self)
