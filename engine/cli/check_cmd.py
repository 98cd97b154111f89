"""``zhenggai check``: check notices against the configured rule packs.

Exit codes: 0 when no violation is at or above ``--fail-on``, 1 when one is, 2 for usage or
input errors. An input error in one notice of a batch does not lose the others: every good
notice is reported, each bad one gets one line on stderr, and the exit code is 2.
"""

from __future__ import annotations

import contextlib
import datetime
import os
import sys
from collections.abc import Iterator, Sequence
from typing import Any, BinaryIO

import click

from engine.cli.rules_cmd import resolve_config
from engine.errors import EngineError, InputError, ZhenggaiError
from engine.evaluation.batch import Outcome, Progress, check_batch, iter_batch
from engine.evaluation.runner import BACKENDS, Backend, build_pack
from engine.evaluation.text_tests import PATTERN_TIMEOUT_SECONDS
from engine.inputs import STDIN, Expanded, expand_inputs
from engine.limits import NOTICE_TIMEOUT_SECONDS, Limits, parse_size
from engine.reading.formats import DEFAULT_MAX_BYTES
from engine.reports.model import Report, RuleFailure, Summary
from engine.reports.outputs import FORMATS, FormatSpecError, Output, parse_outputs, render, rule_metadata, write_file
from engine.reports.render import Lang, add_summary, report_set, text_block, text_summary
from engine.rule_language.compiler import CompiledPack
from engine.rule_language.config import Config, load_packs
from engine.rule_language.schema import SEVERITY_RANK

FAIL_ON = ("error", "warning", "info", "never")
COLOR_MODES = ("auto", "always", "never")


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
                  color: str) -> None:
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
    pack = build_pack(load_packs(config, extra), config)
    if waivers_path or baseline_path or write_baseline_path:  # imported only when used (start-up time)
        from engine.baseline import apply_baseline, load_baseline, write_baseline
        from engine.waivers import apply_waivers, load_waivers
    waivers = load_waivers(waivers_path) if waivers_path else None
    baseline = load_baseline(baseline_path) if baseline_path else None

    stdin = _read_stdin() if STDIN in paths else None
    expanded = expand_inputs(paths, stdin=stdin, stdin_name=stdin_name)
    if not quiet:
        for note in expanded.notes:
            click.echo(f"zhenggai: note: {note}", err=True)
    workers = (os.cpu_count() or 1) if jobs == 0 else jobs
    show_bar = not quiet and len(expanded.inputs) > 1 and _is_tty(sys.stderr)
    styled = use_color(color, sys.stdout)
    if (waivers is None and baseline is None and not write_baseline_path and len(outputs) == 1
            and outputs[0] == Output("text") and not (show_bar and _is_tty(sys.stdout))):
        _stream_text(expanded, pack, config, backend, workers, debug, limits, lang, quiet, styled, fail_on,
                     show_bar)
        return
    with _progress(len(expanded.inputs), show_bar) as progress:
        outcomes = check_batch(expanded.inputs, pack, config, backend, jobs=workers, progress=progress, debug=debug,
                               limits=limits, isolate=not debug)
    collected = report_set([outcome.report for outcome in outcomes if outcome.report is not None])
    if waivers is not None:
        collected = apply_waivers(collected, waivers, today=datetime.date.today()).report_set
    if baseline is not None:
        collected = apply_baseline(collected, baseline).report_set
    reports = collected.reports
    errors = _errors(expanded.errors, outcomes)
    if write_baseline_path and errors:  # a baseline without the failed notices would drop their entries
        errors.append(str(InputError("baseline not written: some notices could not be checked",
                                     path=write_baseline_path)))
    elif write_baseline_path:
        write_baseline(collected, write_baseline_path)

    rules = rule_metadata(pack, config.severity)
    root = os.getcwd()
    for item in outputs:
        text = render(item.format, reports, rules, lang, root=root, quiet=quiet,
                      color=styled and item.path is None)
        if item.path is None:
            click.echo(text, nl=False, color=styled)
        else:
            write_file(item.path, text)
    for line in errors:
        click.echo(f"zhenggai: error: {line}", err=True)
    if errors:
        sys.exit(2)
    if fails(reports, fail_on):
        sys.exit(1)  # click.Context.exit would be swallowed by standalone_mode=False


def _stream_text(expanded: Expanded, pack: CompiledPack, config: Config, backend: Backend, workers: int,
                 debug: bool, limits: Limits, lang: Lang, quiet: bool, styled: bool, fail_on: str,
                 show_bar: bool) -> None:
    """Text to stdout, written notice by notice as the outcomes arrive (in input order).

    The same bytes, error lines and exit code as rendering all reports at the end, but each report
    is dropped once written: only the summary counts and the error lines are kept, so memory stays
    flat however many notices there are. Used when nothing needs the whole set (no waivers, no
    baseline, no other format).
    """
    total = Summary()
    count = failed = 0
    failing = False
    own: dict[int, list[str]] = {}  # outcome index -> its error lines (the reports themselves are dropped)
    with _progress(len(expanded.inputs), show_bar) as progress:
        for index, outcome in enumerate(iter_batch(expanded.inputs, pack, config, backend, jobs=workers,
                                                   progress=progress, debug=debug, limits=limits, isolate=not debug)):
            report = outcome.report
            if report is not None:
                count += 1
                failed += len(report.errors)
                add_summary(total, report.summary)
                failing = failing or fails([report], fail_on)
                if not quiet:
                    click.echo("\n".join(text_block(report, lang, color=styled)) + "\n", nl=False, color=styled)
            lines = _own_errors(outcome)
            if lines:
                own[index] = lines
    click.echo(text_summary(total, count, failed, lang, color=styled) + "\n", nl=False, color=styled)
    errors = _error_lines(expanded.errors, own, len(expanded.inputs))
    for line in errors:
        click.echo(f"zhenggai: error: {line}", err=True)
    if errors:
        sys.exit(2)
    if failing:
        sys.exit(1)


def _errors(found: list[tuple[int, ZhenggaiError]], outcomes: list[Outcome]) -> list[str]:
    """Error lines in argument order: path errors where they arose, then each notice's own."""
    return _error_lines(found, dict(enumerate(_own_errors(outcome) for outcome in outcomes)), len(outcomes))


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


def _read_stdin() -> bytes:
    """All of stdin as bytes (decoding is the reading stage's job)."""
    buffer: BinaryIO | None = getattr(sys.stdin, "buffer", None)
    return buffer.read() if buffer is not None else sys.stdin.read().encode("utf-8")


def _is_tty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False
