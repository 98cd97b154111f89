"""The benchmark: generate a corpus, measure every stage, and write the figures into docs/performance.md.

Usage:
    .venv/bin/python -m bench.run --full            # the published figures (3–6 minutes on 2 cores)
    .venv/bin/python -m bench.run --smoke           # 5 notices, prints the section, writes nothing
    .venv/bin/python -m bench.run --full --json /tmp/bench.json

Only the part of docs/performance.md between ``<!-- bench:begin -->`` and ``<!-- bench:end -->`` is
rewritten; everything else in the file (analysis, the rule-evaluation memory section) is kept.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench import measure
from bench.corpus import DEFAULT_SEED, write_corpus
from bench.measure import (
    CheckResult,
    CliResult,
    ColdStartResult,
    FloorResult,
    ParseResult,
    ProfileResult,
)
from bench.scans import CoverageResult, ScanResult, measure_coverage, measure_scans
from engine.launch import SERVER_ENV

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "performance.md"
BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"
PY = ".venv/bin/python"


@dataclass
class Sizes:
    """How much each measurement does."""

    sample: int          # notices for the in-process measurements
    parse_repeats: int
    check_repeats: int
    floor_repeats: int
    profile: int         # notices under cProfile
    cli: tuple[int, ...]  # corpus sizes for the CLI runs
    cli_repeats: dict[int, int]
    cold_runs: int


FULL = Sizes(sample=300, parse_repeats=4, check_repeats=5, floor_repeats=5, profile=100, cli=(1_000, 10_000),
             cli_repeats={1_000: 3, 10_000: 1}, cold_runs=15)
SMOKE = Sizes(sample=5, parse_repeats=1, check_repeats=1, floor_repeats=1, profile=2, cli=(5,),
              cli_repeats={5: 1}, cold_runs=1)


@dataclass
class Results:
    parse: ParseResult
    floors: FloorResult
    scans: ScanResult
    coverage: CoverageResult
    check: CheckResult
    cli: list[CliResult]
    cold: ColdStartResult
    profile: ProfileResult
    corpus: dict[str, Any]
    machine: dict[str, Any]
    elapsed_s: float


def machine() -> dict[str, Any]:
    """What the figures were measured on."""
    import importlib.metadata as metadata

    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"cpus": os.cpu_count(), "cpu": model, "python": platform.python_version(),
            "durable_rules": metadata.version("durable_rules"), "load_before": os.getloadavg()[0],
            "date": dt.date.today().isoformat()}


def run(sizes: Sizes, seed: int = DEFAULT_SEED, log: bool = True) -> Results:
    """Every measurement, on corpora generated in a temporary folder."""
    started = time.perf_counter()

    def say(message: str) -> None:
        if log:
            print(f"[{time.perf_counter() - started:6.1f}s] {message}", flush=True)

    info = machine()
    corpus: dict[str, Any] = {"seed": seed}
    with tempfile.TemporaryDirectory(prefix="zhenggai-bench-") as folder:
        scratch = Path(folder)
        largest = max(sizes.cli)
        say(f"generating {largest} notices")
        paths, total = write_corpus(scratch / "corpus", largest, seed)
        sample = paths[:sizes.sample]
        corpus.update(notices=largest, megabytes=total / 1e6, mean_kb=total / largest / 1e3,
                      sample=len(sample), sample_megabytes=sum(p.stat().st_size for p in sample) / 1e6)
        say("read + parse")
        parse = measure.measure_parse(sample, sizes.parse_repeats)
        say("floors")
        floors = measure.measure_floors(sample, sizes.floor_repeats)
        say("extractor scans, alone and fused")
        scans = measure_scans(sample, sizes.floor_repeats)
        coverage = measure_coverage(sample)
        say("facts and evaluation")
        check = measure.measure_check(sample, sizes.check_repeats)
        say("profile")
        profile = measure.profile_pipeline(sample[:sizes.profile])
        say("cold start")
        cold = measure.measure_cold_start(sizes.cold_runs)
        cli: list[CliResult] = []
        for size in sizes.cli:
            target = scratch / "corpus" if size == largest else scratch / f"corpus-{size}"
            if size != largest:
                target.mkdir()
                for path in paths[:size]:
                    os.link(path, target / path.name)
            megabytes = sum(path.stat().st_size for path in paths[:size]) / 1e6
            for jobs in (1, 2):
                say(f"zhenggai check: {size} notices, --jobs {jobs}")
                cli.append(measure.measure_cli(target, size, megabytes, jobs, sizes.cli_repeats[size], scratch))
            if size == min(sizes.cli):
                say(f"zhenggai check --cache: {size} notices, --jobs 1, filling the cache, then re-checking")
                cache = scratch / "fact-cache"
                cli.append(measure.measure_cli(target, size, megabytes, 1, 1, scratch, cache))
                cli.append(measure.measure_cli(target, size, megabytes, 1, sizes.cli_repeats[size], scratch, cache))
    info["load_after"] = os.getloadavg()[0]
    return Results(parse, floors, scans, coverage, check, cli, cold, profile, corpus, info,
                   time.perf_counter() - started)


# ---------------------------------------------------------------------------------------------- report

def _pct(value: float) -> str:
    return f"{value * 100:.1f} %"


def _cli(results: Results, notices: int, jobs: int) -> CliResult | None:
    return next((c for c in results.cli if c.notices == notices and c.jobs == jobs and not c.cache), None)


def targets(results: Results) -> list[tuple[str, str, str, str]]:
    """(target, goal, measured, status) rows."""
    rows: list[tuple[str, str, str, str]] = []
    largest = max(c.notices for c in results.cli)
    smallest = min(c.notices for c in results.cli)
    one = _cli(results, largest, 1)
    two = _cli(results, largest, 2)

    def status(ok: bool, ratio: float) -> str:
        return "met" if ok else f"not met ({ratio:.2f}× of goal)" if ratio < 1 else f"not met ({ratio:.2f}× over)"

    if one is not None:
        value = one.mb_s_per_core.median
        rows.append(("1. end to end, per core", "≥ 5 MB/s", f"{value:.2f} MB/s ({largest:,} notices, --jobs 1)",
                     status(value >= 5, value / 5)))
    c = results.check
    rows.append(("2a. durable vs python evaluation", "≤ 2×", f"{c.durable_vs_python:.1f}×",
                 status(c.durable_vs_python <= 2, c.durable_vs_python / 2)))
    ratios = c.check_vs_facts_ratios
    spread = "" if ratios.n == 1 else f" ({ratios.min:.2f}–{ratios.max:.2f}× over {ratios.n} paired repeats)"
    rows.append(("2b. check stage vs building facts", "≤ 1.5×", f"{c.check_vs_facts:.2f}×{spread}",
                 status(c.check_vs_facts <= 1.5, c.check_vs_facts / 1.5)))
    if one is not None and two is not None:
        speedup = one.wall_s.median / two.wall_s.median
        rows.append((f"3. --jobs 2 vs --jobs 1 ({largest:,} notices)", "≥ 1.8×", f"{speedup:.2f}×",
                     status(speedup >= 1.8, speedup / 1.8)))
    cold = results.cold.check_ms.median
    libraries = results.cold.library_floor_ms.median
    rows.append(("4. cold `zhenggai check <seed>.txt`", "≤ 150 ms",
                 f"{cold:.0f} ms (its libraries alone: {libraries:.0f} ms; handed to a running "
                 f"`zhenggai serve`: {results.cold.served_ms.median:.0f} ms)",
                 status(cold <= 150, cold / 150)
                 + (" — the goal is below the library floor" if libraries > 150 else "")))
    peaks = {(c.notices, c.jobs): c.peak_tree_rss_mb.median for c in results.cli if not c.cache}
    worst = max(peaks.values())
    flat = all(peaks[(largest, j)] <= peaks.get((smallest, j), 0) * 1.1 for j in (1, 2) if (largest, j) in peaks)
    growth = ", ".join(f"--jobs {j}: {peaks[(smallest, j)]:.0f} → {peaks[(largest, j)]:.0f} MB"
                       for j in (1, 2) if (smallest, j) in peaks and (largest, j) in peaks)
    rows.append(("5. peak RSS < 150 MB, flat 1k → 10k", "< 150 MB, flat", f"max {worst:.0f} MB; {growth}",
                 "met" if worst < 150 and flat else "not met" + ("" if worst < 150 else " (over 150 MB)")
                 + ("" if flat else " (grows with the corpus)")))
    return rows


def render(results: Results) -> str:
    """The generated section of docs/performance.md."""
    m, corpus, p, f, c, cold = (results.machine, results.corpus, results.parse, results.floors, results.check,
                                results.cold)
    out: list[str] = []
    add = out.append
    add("## Benchmark (`bench/run.py`)")
    add("")
    add("Generated by `.venv/bin/python -m bench.run --full`; do not edit by hand (the next run rewrites it).")
    add(f"Measured {m['date']} on {m['cpus']} cores ({m['cpu']}), Python {m['python']}, "
        f"durable-rules {m['durable_rules']}; load average {m['load_before']:.1f} before and "
        f"{m['load_after']:.1f} after (the machine is shared). The whole run took "
        f"{results.elapsed_s / 60:.1f} minutes.")
    add("")
    add(f"Corpus: `bench/corpus.py`, seed {corpus['seed']}: {corpus['notices']:,} notices derived from the five "
        f"raw seeds in `fixtures/raw/` ({corpus['megabytes']:.1f} MB of UTF-8 text, {corpus['mean_kb']:.1f} kB per "
        f"notice on average). In-process figures use its first {corpus['sample']} notices "
        f"({corpus['sample_megabytes']:.2f} MB); MB are 10⁶ bytes of the source files. Each figure is the median "
        "(min–max, n = repeats); a single run is marked so.")
    add("")
    add("### Targets")
    add("")
    add("| target | goal | measured | status |")
    add("|---|---|---|---|")
    for row in targets(results):
        add("| " + " | ".join(row) + " |")
    add("")
    add("### Figures")
    add("")
    add("| stage | figure | reproduce |")
    add("|---|---|---|")
    stage = f"`{PY} -m bench.run --full` (in-process, {corpus['sample']} notices)"
    add(f"| read (read_document: bytes → decoded, normalised text) | {p.read_mb_s.fmt()} | {stage} |")
    add(f"| parse (parse_text: segmentation + extractors) | {p.parse_mb_s.fmt(2)} | {stage} |")
    add(f"| **read + parse, per core** | {p.read_parse_mb_s.fmt(2)} | {stage} |")
    add(f"| floor: open + read bytes | {f.read_bytes_mb_s.fmt(0)} | {stage} |")
    add(f"| floor: decode UTF-8 | {f.decode_mb_s.fmt(0)} | {stage} |")
    add(f"| floor: one regex pass (`{measure.FLOOR_REGEX.pattern}`) | {f.regex_mb_s.fmt(0)} | {stage} |")
    add(f"| floor: build facts without evaluating | {f.build_facts_mb_s.fmt(2)} | {stage} |")
    add(f"| build_facts, per notice ({c.facts_per_notice:.0f} facts) | {c.build_facts_ms.fmt(2)} | {stage} |")
    add(f"| prepare_facts (projection, text tests), per notice | {c.prepare_ms.fmt(2)} | {stage} |")
    add(f"| evaluate, durable, per notice ({c.rules} rules of `rules/core`; the {c.evaluated_per_notice:.0f} facts "
        f"check() hands the backend: those on which some rule's `when` holds) | {c.evaluate_durable_ms.fmt(2)} | "
        f"{stage} |")
    add(f"| evaluate, python reference, per notice | {c.evaluate_python_ms.fmt(2)} | {stage} |")
    add(f"| whole check() (facts → evaluation → report), durable | {c.check_durable_ms.fmt(2)} | {stage} |")
    add(f"| whole check(), python backend | {c.check_python_ms.fmt(2)} | {stage} |")
    for run in results.cli:
        flag = " --cache-dir DIR" if run.cache else ""
        cmd = f"`zhenggai check <corpus of {run.notices:,}> --jobs {run.jobs} --fail-on never{flag}`"
        what = {"": "end to end", "empty": "end to end with `--cache`, filling it (first run)",
                "warm": "re-check with `--cache` holding every notice (after a rule change: no parsing)"}[run.cache]
        add(f"| {what}, {run.notices:,} notices, --jobs {run.jobs}: wall | {run.wall_s.fmt(1)} | {cmd} |")
        add(f"| … throughput | {run.mb_s.fmt(2)} = {run.mb_s_per_core.median:.2f} MB/s per core, "
            f"{run.notices_s.median:.0f} notices/s | |")
        add(f"| … peak memory, whole process tree (sum of PSS, sampled every 0.1 s) | "
            f"{run.peak_tree_rss_mb.fmt(0)} | |")
        add(f"| … peak RSS, largest single process (VmHWM) | {run.max_process_rss_mb.fmt(0)} | |")
    seed = "fixtures/raw/yuzhou-2021-01-07.txt"
    add(f"| cold `zhenggai check {seed}`, wall | {cold.check_ms.fmt(0)} | `.venv/bin/zhenggai check {seed}` |")
    add(f"| … its peak RSS (VmHWM, sampled every 20 ms) | {cold.check_rss_mb.fmt(0)} | |")
    add(f"| the same, handed to a running `zhenggai serve` (`{SERVER_ENV}` set; no cold start) | "
        f"{cold.served_ms.fmt(0)} | `zhenggai serve --socket S &` then `{SERVER_ENV}=S .venv/bin/zhenggai "
        f"check {seed}` |")
    add(f"| import floor `python -c \"{measure.IMPORT_FLOOR}\"` | {cold.import_floor_ms.fmt(0)} | "
        f"`{PY} -c \"{measure.IMPORT_FLOOR}\"` |")
    add(f"| library floor: every module the cold check imports except the engine's "
        f"({cold.library_modules} modules: pydantic.main, regex, multiprocessing, importlib.metadata …) | "
        f"{cold.library_floor_ms.fmt(0)} | `{PY} -m bench.run --full` (`bench.measure.library_floor_command`) |")
    add(f"| bare interpreter `python -c pass` | {cold.python_ms.fmt(0)} | `{PY} -c pass` |")
    add("")
    add("Every in-process figure is reproduced by the one command above; the corpus alone by "
        f"`{PY} -m bench.corpus /tmp/corpus --notices 10000`, after which the CLI rows are "
        "`/usr/bin/time -v .venv/bin/zhenggai check /tmp/corpus --jobs N --fail-on never > /dev/null`.")
    add("")
    add("### Extractors (share of parse_text time, self time)")
    add("")
    add("| extractor | share of parse | ms per notice |")
    add("|---|---:|---:|")
    for name, share in sorted(p.extractor_share.items(), key=lambda item: -item[1]):
        add(f"| {name} | {_pct(share)} | {p.extractor_ms_per_notice[name]:.2f} |")
    add(f"| all extractors | {_pct(sum(p.extractor_share.values()))} | "
        f"{sum(p.extractor_ms_per_notice.values()):.2f} |")
    add("")
    add("Timed by wrapping `engine.parsing.extract.extract_*` for one pass (the wrappers' overhead stays out "
        "of the MB/s figures, which come from the other passes); the rest of parse_text is segmentation "
        "(lines, headings, blocks, header, footer, boilerplate) and the enrich dispatch.")
    add("")
    _render_scans(results, add)
    add(f"### Hot spots: read → parse → check, {results.profile.notices} notices under cProfile")
    add("")
    add("Shares of the profiled total (cProfile inflates call-heavy code). By cumulative time:")
    add("")
    add("| function | cumulative | self |")
    add("|---|---:|---:|")
    for name, cumulative, own in results.profile.by_cumulative[:18]:
        add(f"| `{name}` | {_pct(cumulative)} | {_pct(own)} |")
    add("")
    add("By self time:")
    add("")
    add("| function | self | cumulative |")
    add("|---|---:|---:|")
    for name, cumulative, own in results.profile.by_self[:15]:
        add(f"| `{name}` | {_pct(own)} | {_pct(cumulative)} |")
    add("")
    add("### Cold start")
    add("")
    add("Largest imports of a cold `zhenggai check <seed>` (`python -X importtime -m engine.cli check <seed>`; "
        "third-party packages, then engine modules by self time). The engine's bytecode is compiled before the "
        "cold-start runs, as in an installed package:")
    add("")
    add("| module | cumulative ms | self ms |")
    add("|---|---:|---:|")
    for name, cumulative, own in cold.top_imports:
        add(f"| `{name}` | {cumulative:.1f} | {own:.1f} |")
    add("")
    add("One cold `zhenggai check <seed>` under cProfile (import machinery and click left out):")
    add("")
    add("| function | cumulative | self |")
    add("|---|---:|---:|")
    for name, cumulative, own in cold.startup_profile[:15]:
        add(f"| `{name}` | {_pct(cumulative)} | {_pct(own)} |")
    add("")
    add("Time in `re.compile`/`regex.compile` during that run, by calling file (ms, under cProfile):")
    add("")
    add("| caller | ms |")
    add("|---|---:|")
    for name, ms in cold.startup_regex_compile:
        add(f"| `{name}` | {ms:.1f} |")
    return "\n".join(out)


def _render_scans(results: Results, add: Callable[[str], None]) -> None:
    """The extractors' scans of the text, each alone and fused into one pass (``bench/scans.py``)."""
    scans, read, corpus = results.scans, results.coverage.read, results.corpus
    parse_ms = corpus["sample_megabytes"] / corpus["sample"] / results.parse.parse_mb_s.median * 1000
    add("### One pass of the extractors: their scans alone and fused")
    add("")
    add(f"The regex scans the extractors run over whole slices: how much of the text each reads while the "
        f"{results.coverage.notices} sample notices are parsed (1.00× = every character once), and what each "
        f"costs run alone over the whole texts (an upper bound: some run only on slices that pass a cheaper "
        f"test first). Against them, one alternation of all of them scanned once: what a single pass of "
        f"the extractors over the text would scan before handing each its candidates. It consumes what it "
        f"matches, so it finds fewer matches than the scans ({scans.fused_matches:.0f} against "
        f"{scans.separate_matches:.0f} per notice); one that found them all would cost more. Parsing a "
        f"notice takes about {parse_ms:.1f} ms here.")
    add("")
    add("| scan | text read while parsing | ms per notice, alone over the whole text |")
    add("|---|---:|---:|")
    for label, stat in sorted(scans.separate_ms.items(), key=lambda item: -item[1].median):
        add(f"| `{label}` | {read.get(label, 0.0):.2f}× | {stat.fmt(3)} |")
    add(f"| **all of them, one after another** | | {scans.separate_total_ms.fmt(3)} |")
    add(f"| **fused into one alternation, `re`** | | {scans.fused_ms.fmt(3)} |")
    add(f"| **fused into one alternation, `regex`** | | {scans.fused_regex_ms.fmt(3)} |")
    add("")
    add(f"Reproduce: `{PY} -m bench.run --full` (`bench.scans.measure_scans`, `bench.scans.measure_coverage`).")
    add("")


def write_doc(section: str, path: Path = DOC) -> None:
    """Replace the generated section of ``path`` (or insert it before the first ``## `` heading)."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Performance\n"
    block = f"{BEGIN}\n{section}\n{END}"
    if BEGIN in text and END in text:
        head, rest = text.split(BEGIN, 1)
        text = head + block + rest.split(END, 1)[1]
    elif "\n## " in text:
        head, rest = text.split("\n## ", 1)
        text = f"{head}\n{block}\n\n## {rest}"
    else:
        text = f"{text.rstrip()}\n\n{block}\n"
    path.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    size = parser.add_mutually_exclusive_group(required=True)
    size.add_argument("--full", action="store_true", help="published sizes; rewrites docs/performance.md")
    size.add_argument("--smoke", action="store_true", help="5 notices; prints the section only")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--json", type=Path, help="also write the raw results here")
    parser.add_argument("--no-doc", action="store_true", help="do not rewrite docs/performance.md")
    args = parser.parse_args()
    results = run(FULL if args.full else SMOKE, args.seed)
    section = render(results)
    if args.json:
        args.json.write_text(json.dumps(results, default=measure.as_dict, ensure_ascii=False, indent=1))
    if args.full and not args.no_doc:
        write_doc(section)
        print(f"wrote {DOC.relative_to(ROOT)}")
    else:
        print(section)
    for row in targets(results):
        print(" | ".join(row))


if __name__ == "__main__":
    main()
