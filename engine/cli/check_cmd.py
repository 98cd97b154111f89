"""``zhenggai check``: check notices against the configured rule packs.

Exit codes: 0 when no violation is at or above ``--fail-on``, 1 when one is, 2 for usage or
input errors. An input error in one notice of a batch does not lose the others: every good
notice is reported, each bad one gets one line on stderr, and the exit code is 2.
"""

from __future__ import annotations

import contextlib
import datetime
import functools
import os
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, BinaryIO

import click

from engine.cli.rules_cmd import resolve_config
from engine.errors import EngineError, InputError, ZhenggaiError
from engine.evaluation.batch import Outcome, PackLoader, Progress, iter_digests
from engine.evaluation.runner import BACKENDS, Backend, build_pack
from engine.evaluation.text_tests import PATTERN_TIMEOUT_SECONDS
from engine.inputs import STDIN, Expanded, expand_inputs
from engine.limits import NOTICE_TIMEOUT_SECONDS, Limits, parse_size
from engine.reading.formats import DEFAULT_MAX_BYTES
from engine.reports.model import Report, RuleFailure, Summary
from engine.reports.outputs import FORMATS, FormatSpecError, Output, parse_outputs, rule_metadata, write_file
from engine.reports.render import Lang, add_summary, text_block, text_summary
from engine.rule_language.compiler import CompiledPack
from engine.rule_language.config import Config, load_packs
from engine.rule_language.schema import SEVERITY_RANK

if TYPE_CHECKING:
    from engine.baseline import Baseline, Fingerprints
    from engine.fact_cache import FactCache
    from engine.reports.streaming import ReportWriter
    from engine.waivers import WaiverApplier, WaiverFile

FAIL_ON = ("error", "warning", "info", "never")
COLOR_MODES = ("auto", "always", "never")
DEFAULT_CACHE_DIR = ".zhenggai_cache"


def _split(values: tuple[str, ...]) -> list[str]:
    return [item.strip() for value in values for item in value.split(",") if item.strip()]


def fails(reports: Sequence[Report], fail_on: str) -> bool:
    """Whether any violation that is neither waived nor baselined is at or above ``--fail-on``."""
    if fail_on == "never":
        return False
    threshold = SEVERITY_RANK[fail_on]
    return any(SEVERITY_RANK[v.severity] >= threshold and not v.suppressed
               for report in reports for v in report.violations)


@contextlib.contextmanager
def _progress(total: int, show: bool) -> Iterator[Progress | None]:
    """A progress bar on stderr (only when asked for); yields its update function."""
    if not show:
        yield None
        return
    with click.progressbar(length=total, label="checking", file=sys.stderr) as bar:
        yield bar.update


@click.command("check")
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "formats", multiple=True, metavar="FORMAT[:PATH]",
              help=f"Output format ({', '.join(FORMATS)}), optionally with a file; repeatable. "
                   "Default: text to stdout.")
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="File for the format given without a path.")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True, help="Message language.")
@click.option("--fail-on", type=click.Choice(FAIL_ON), default="error", show_default=True,
              help="Lowest severity that makes the exit code 1.")
@click.option("--quiet", "-q", is_flag=True, help="Text output: only the summary line; stderr: only errors.")
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=1, show_default=True,
              help="Worker processes (0: one per CPU). Output is identical for any value.")
@click.option("--stdin-name", metavar="NAME", help="Name shown for '-' (stdin); a .yaml/.json name reads YAML/JSON.")
@click.option("--waivers", "waivers_path", type=click.Path(dir_okay=False), metavar="FILE",
              help="Waiver file: listed violations are reported as waived and do not fail the run.")
@click.option("--baseline", "baseline_path", type=click.Path(dir_okay=False), metavar="FILE",
              help="Baseline file: violations in it are reported as baselined; only new ones fail the run.")
@click.option("--write-baseline", "write_baseline_path", type=click.Path(dir_okay=False), metavar="FILE",
              help="Write the current (unwaived) violations to FILE as a baseline.")
@click.option("--backend", type=click.Choice(list(BACKENDS)), default="durable", show_default=True,
              help="Rule evaluation backend.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="zhenggai.toml or pyproject.toml.")
@click.option("--select", multiple=True, help="Only these rule ids (comma-separated; repeatable).")
@click.option("--ignore", multiple=True, help="Skip these rule ids (comma-separated; repeatable).")
@click.option("--rules", "extra", multiple=True, type=click.Path(), help="An extra rule pack folder or file.")
@click.option("--max-bytes", "max_bytes", default=str(DEFAULT_MAX_BYTES), show_default="20M", metavar="SIZE",
              help="Largest input file read (bytes, or with a K/M/G suffix: 50M).")
@click.option("--pattern-timeout", type=click.FloatRange(min=0, min_open=True), default=PATTERN_TIMEOUT_SECONDS,
              show_default=True, metavar="SECONDS",
              help="Time one rule pattern may run on one fact; past it that rule is reported as an error.")
@click.option("--notice-timeout", type=click.FloatRange(min=0), default=NOTICE_TIMEOUT_SECONDS, show_default=True,
              metavar="SECONDS", help="Time one notice may take (checked in a worker process); 0: no limit.")
@click.option("--cache", "use_cache", is_flag=True,
              help=f"Keep each notice's facts in {DEFAULT_CACHE_DIR}/ and reuse them while the notice and the "
                   "engine are unchanged: re-checking after a rule change skips parsing. Output is identical.")
@click.option("--cache-dir", type=click.Path(file_okay=False), metavar="DIR",
              help=f"The folder of --cache (implies it; default {DEFAULT_CACHE_DIR} in the current folder).")
@click.option("--color", "color", type=click.Choice(COLOR_MODES), default="auto", show_default=True,
              help="Colour text output on stdout: auto (a terminal and NO_COLOR unset), always, never. "
                   "Files are never coloured.")
@click.pass_context
def check_command(ctx: click.Context, paths: tuple[str, ...], formats: tuple[str, ...], output: str | None,
                  lang: Lang, fail_on: str, quiet: bool, jobs: int, stdin_name: str | None,
                  waivers_path: str | None, baseline_path: str | None, write_baseline_path: str | None,
                  backend: Backend,
                  config_path: str | None, select: tuple[str, ...], ignore: tuple[str, ...],
                  extra: tuple[str, ...], max_bytes: str, pattern_timeout: float, notice_timeout: float,
                  use_cache: bool, cache_dir: str | None, color: str) -> None:
    """Check notices: raw texts (.txt, .docx, .html) or structured ones (.yaml, .yml, .json).

    PATHS are files, folders (searched recursively), glob patterns, or '-' for stdin.

    \b
    Examples:
      zhenggai check fixtures/raw/yuzhou-2021-01-07.txt
      zhenggai check fixtures/raw/ fixtures/structured/ --jobs 4
      zhenggai check 'notices/**/*.docx' --fail-on warning --lang en
      zhenggai check drafts/ --format text --format sarif:zhenggai.sarif --format junit:report.xml
      zhenggai check notice.yaml --format json --output report.json
      cat notice.txt | zhenggai check - --stdin-name notice.txt
      zhenggai check notices/ --waivers waivers.yaml --baseline zhenggai-baseline.yaml
      zhenggai check archive/ --jobs 0 --cache
    \b
    Exit codes: 0 clean, 1 violations at or above --fail-on, 2 usage or input errors, or a notice or
    rule that could not be checked (engine errors); the other notices are still reported.
    """
    try:
        outputs = parse_outputs(formats, output)
    except FormatSpecError as exc:
        raise click.UsageError(str(exc)) from None
    try:
        limits = Limits(max_bytes=parse_size(max_bytes), pattern_timeout=pattern_timeout,
                        notice_timeout=notice_timeout or None)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--max-bytes") from None
    debug = bool((ctx.find_root().obj or {}).get("debug"))
    config = resolve_config(config_path, extra)
    if select:
        config.select = _split(select)
    config.ignore = [*config.ignore, *_split(ignore)]
    cache = None
    if use_cache or cache_dir:
        from engine.fact_cache import FactCache

        cache = FactCache(cache_dir or DEFAULT_CACHE_DIR)
    plain_text = (not waivers_path and not baseline_path and not write_baseline_path and len(outputs) == 1
                  and outputs[0] == Output("text"))

    def load_rules() -> CompiledPack:
        return build_pack(load_packs(config, extra), config)

    pack: CompiledPack | None = None
    waivers = baseline = None
    if STDIN in paths or not plain_text:  # the rule, waiver and baseline errors come before waiting for stdin
        pack = load_rules()
        waivers, baseline = _suppression_files(waivers_path, baseline_path)
    stdin = _read_stdin() if STDIN in paths else None
    expanded = expand_inputs(paths, stdin=stdin, stdin_name=stdin_name)
    workers = (os.cpu_count() or 1) if jobs == 0 else jobs
    show_bar = not quiet and len(expanded.inputs) > 1 and _is_tty(sys.stderr)
    styled = use_color(color, sys.stdout)
    notes = [] if quiet else [f"zhenggai: note: {note}" for note in expanded.notes]

    if pack is None and plain_text and len(expanded.inputs) == 1:
        # One notice from a file: its worker is started first and imports the parser while this
        # process loads the rules (start-up time); the notes follow the rules, as on every path (a
        # rule error stops the run before them). A batch loads the rules first, so that its workers
        # share the parser's pages with this process (memory) and a progress bar is drawn only once
        # the rules are valid.
        def load_pack() -> CompiledPack:
            loaded = load_rules()
            _echo_lines(notes)
            return loaded

        _stream_text(expanded, load_pack, config, backend, workers, debug, limits, cache, lang, quiet, styled,
                     fail_on, show_bar)
        return
    if pack is None:
        pack = load_rules()
    _echo_lines(notes)
    if plain_text and not (show_bar and _is_tty(sys.stdout)):
        _stream_text(expanded, pack, config, backend, workers, debug, limits, cache, lang, quiet, styled, fail_on,
                     show_bar)
        return
    from engine.reports.streaming import open_writer  # not needed by the plain text path (start-up time)

    writers = [open_writer(item.format, rule_metadata(pack, config.severity), lang, root=os.getcwd(), quiet=quiet,
                           color=styled and item.path is None) for item in outputs]
    try:
        _write_outputs(expanded, pack, config, backend, workers, debug, limits, cache, show_bar, fail_on, outputs,
                       writers, Suppressions(waivers, baseline, write_baseline_path), styled)
    finally:
        for writer in writers:
            writer.close()


@dataclass
class Suppressions:
    """What ``--waivers``, ``--baseline`` and ``--write-baseline`` do to each report, one at a time."""

    waivers: WaiverFile | None = None
    baseline: Baseline | None = None
    write_path: str | None = None
    fingerprints: Fingerprints = field(default_factory=dict)  # for --write-baseline

    def __post_init__(self) -> None:
        self.applier: WaiverApplier | None = None
        if self.waivers is not None:
            from engine.waivers import WaiverApplier

            self.applier = WaiverApplier(self.waivers, datetime.date.today())

    def apply(self, report: Report, *, waive: bool = True) -> None:
        """Mark the report's waived and baselined violations, recount it, collect it for the baseline.

        ``waive=False`` for the waiver file's own report: waivers never apply to what is said of them.
        """
        if self.applier is not None and waive:
            self.applier.apply(report)
        if self.baseline is not None:
            from engine.baseline import mark_baselined

            mark_baselined(report, self.baseline)
        if self.applier is not None or self.baseline is not None:
            from engine.waivers import refresh_summary

            refresh_summary(report)
        if self.write_path:
            from engine.baseline import add_to_baseline

            add_to_baseline(self.fingerprints, report)

    def waiver_report(self) -> Report | None:
        """The report of the waiver file itself (expired and unused waivers), when it has violations."""
        if self.applier is None:
            return None
        return self.applier.meta_report(self.applier.lint()[2])


def _write_outputs(expanded: Expanded, pack: CompiledPack, config: Config, backend: Backend, workers: int,
                   debug: bool, limits: Limits, cache: FactCache | None, show_bar: bool, fail_on: str,
                   outputs: list[Output],
                   writers: list[ReportWriter], suppressions: Suppressions, styled: bool) -> None:
    """Every output, each report handed to the writers as it arrives (in input order) and then dropped.

    The same bytes, error lines and exit code as collecting all reports and rendering them at the
    end: waivers and baselines are applied report by report, the waiver file's own report comes
    last, and each writer spools what it renders until the figures of its header are known.
    """
    failing = False
    own: dict[int, list[str]] = {}  # outcome index -> its error lines
    keep_text = any(item.format in ("text", "html") for item in outputs)  # excerpts and highlighted text

    def take(report: Report, waive: bool = True) -> None:
        nonlocal failing
        suppressions.apply(report, waive=waive)
        failing = failing or fails([report], fail_on)
        for writer in writers:
            writer.add(report)

    with _progress(len(expanded.inputs), show_bar) as progress:
        for index, outcome in enumerate(iter_digests(expanded.inputs, pack, config,
                                                     functools.partial(_slim, keep_text=keep_text), backend,
                                                     jobs=workers, progress=progress, debug=debug, limits=limits,
                                                     isolate=not debug, cache=cache)):
            if outcome.report is not None:
                take(outcome.report)
            lines = _own_errors(outcome)
            if lines:
                own[index] = lines
    waiver_report = suppressions.waiver_report()
    if waiver_report is not None:
        take(waiver_report, waive=False)
    errors = _error_lines(expanded.errors, own, len(expanded.inputs))
    if suppressions.write_path and errors:  # a baseline without the failed notices would drop their entries
        errors.append(str(InputError("baseline not written: some notices could not be checked",
                                     path=suppressions.write_path)))
    elif suppressions.write_path:
        from engine.baseline import write_baseline

        write_baseline(suppressions.fingerprints, suppressions.write_path)
    for item, writer in zip(outputs, writers, strict=True):
        if item.path is None:
            for piece in writer.pieces():
                click.echo(piece, nl=False, color=styled)
        else:
            write_file(item.path, writer.pieces())
    for line in errors:
        click.echo(f"zhenggai: error: {line}", err=True)
    if errors:
        sys.exit(2)
    if failing:
        sys.exit(1)  # click.Context.exit would be swallowed by standalone_mode=False


def _slim(outcome: Outcome, *, keep_text: bool) -> Outcome:
    """The outcome as the parent needs it (made in the worker): without the notice's text unless an
    output shows it, so that less crosses the pipe and less is held."""
    if outcome.report is not None and not keep_text:
        outcome.report.attach_source_text(None)
    return outcome


def _stream_text(expanded: Expanded, pack: CompiledPack | PackLoader, config: Config, backend: Backend, workers: int,
                 debug: bool, limits: Limits, cache: FactCache | None, lang: Lang, quiet: bool, styled: bool,
                 fail_on: str, show_bar: bool) -> None:
    """Text to stdout, written notice by notice as the outcomes arrive (in input order).

    The same bytes, error lines and exit code as rendering all reports at the end, but each notice
    is rendered where it was checked (a worker) and only its text block and counts come back
    (:class:`TextDigest`); each block is dropped once written, so memory stays flat however many
    notices there are. Used when nothing needs the whole set (no waivers, no baseline, no other format).
    """
    total = Summary()
    count = failed = 0
    failing = False
    own: dict[int, list[str]] = {}  # outcome index -> its error lines (the reports themselves are dropped)
    digest = functools.partial(text_digest, lang=lang, quiet=quiet, color=styled, fail_on=fail_on)
    with _progress(len(expanded.inputs), show_bar) as progress:
        for index, item in enumerate(iter_digests(expanded.inputs, pack, config, digest, backend, jobs=workers,
                                                  progress=progress, debug=debug, limits=limits,
                                                  isolate=not debug, cache=cache)):
            if item.summary is not None:
                count += 1
                failed += item.failed
                add_summary(total, item.summary)
                failing = failing or item.failing
            if item.block:
                click.echo(item.block, nl=False, color=styled)
            if item.errors:
                own[index] = item.errors
    click.echo(text_summary(total, count, failed, lang, color=styled) + "\n", nl=False, color=styled)
    errors = _error_lines(expanded.errors, own, len(expanded.inputs))
    for line in errors:
        click.echo(f"zhenggai: error: {line}", err=True)
    if errors:
        sys.exit(2)
    if failing:
        sys.exit(1)


@dataclass(frozen=True)
class TextDigest:
    """What text output needs of one notice: its rendered block (empty when quiet or without a report),
    its summary (None without a report), its count of rules not evaluated, whether it fails the run,
    and its error lines."""

    block: str
    summary: Summary | None
    failed: int
    failing: bool
    errors: list[str]


def text_digest(outcome: Outcome, *, lang: Lang, quiet: bool, color: bool, fail_on: str) -> TextDigest:
    """One notice's :class:`TextDigest` (made in the worker that checked it)."""
    report = outcome.report
    if report is None:
        return TextDigest("", None, 0, False, _own_errors(outcome))
    block = "" if quiet else "\n".join(text_block(report, lang, color=color)) + "\n"
    return TextDigest(block, report.summary, len(report.errors), fails([report], fail_on), _own_errors(outcome))


def _own_errors(outcome: Outcome) -> list[str]:
    """A notice's own error lines: what stopped it, or the rules that could not be evaluated on it."""
    lines = [outcome.error] if outcome.error is not None else []
    if outcome.report is not None:
        lines.extend(str(failure_error(outcome.report.source, failure)) for failure in outcome.report.errors)
    return lines


def _error_lines(found: list[tuple[int, ZhenggaiError]], own: dict[int, list[str]], count: int) -> list[str]:
    """Path errors (``found``: (outcome index, error)) where they arose, merged with the error lines of
    ``count`` outcomes (``own``: outcome index -> its lines; outcomes without any may be left out)."""
    lines: list[str] = []
    position = 0
    for index in range(count + 1):
        while position < len(found) and found[position][0] <= index:
            lines.append(str(found[position][1]))
            position += 1
        lines.extend(own.get(index, ()))
    return lines


def failure_error(source: str | None, failure: RuleFailure) -> EngineError:
    """A rule that could not be evaluated on a notice, as the one-line error the CLI prints."""
    error = EngineError(failure.message, path=source, line=failure.line, where=failure.rule_id, hint=failure.hint)
    error.code = failure.code
    return error


def use_color(mode: str, stream: Any) -> bool:
    """``--color``: always, never, or (auto) when ``stream`` is a terminal and NO_COLOR is unset or empty."""
    if mode == "always":
        return True
    if mode == "never":
        return False
    return not os.environ.get("NO_COLOR") and _is_tty(stream)


def _suppression_files(waivers_path: str | None,
                       baseline_path: str | None) -> tuple[WaiverFile | None, Baseline | None]:
    """The waivers and the baseline, each loaded when given (None otherwise)."""
    if not waivers_path and not baseline_path:
        return None, None
    from engine.baseline import load_baseline  # imported only when used (start-up time)
    from engine.waivers import load_waivers

    return (load_waivers(waivers_path) if waivers_path else None,
            load_baseline(baseline_path) if baseline_path else None)


def _echo_lines(lines: list[str]) -> None:
    """Lines to stderr (the notes about the inputs)."""
    for line in lines:
        click.echo(line, err=True)


def _read_stdin() -> bytes:
    """All of stdin as bytes (decoding is the reading stage's job)."""
    buffer: BinaryIO | None = getattr(sys.stdin, "buffer", None)
    return buffer.read() if buffer is not None else sys.stdin.read().encode("utf-8")


def _is_tty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False
