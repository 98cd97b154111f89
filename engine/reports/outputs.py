"""Output destinations of ``zhenggai check``: ``--format FORMAT[:PATH]`` specs and rendering by name.

A spec without a path goes to stdout (or to ``--output`` when that is given); at most one format
may go there. Rendering is deterministic: the same reports give the same bytes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import PurePath

from engine.errors import InputError
from engine.reports.formatting import RuleInfo, RuleMeta
from engine.reports.model import Report
from engine.reports.render import Lang, report_set, to_json, to_text
from engine.rule_language.compiler import CompiledPack
from engine.rule_language.schema import Severity

FORMATS = ("text", "json", "sarif", "junit", "markdown", "github", "html")


class FormatSpecError(ValueError):
    """A ``--format`` value or combination that cannot be used."""


@dataclass(frozen=True)
class Output:
    """One format and where it goes (None: stdout)."""

    format: str
    path: str | None = None


def parse_outputs(specs: Sequence[str], output: str | None = None) -> list[Output]:
    """``FORMAT[:PATH]`` specs (default ``text``); ``output`` is the file of the one spec without a path."""
    outputs: list[Output] = []
    for spec in specs or ("text",):
        name, sep, path = spec.partition(":")
        name = name.strip().lower()
        if name not in FORMATS:
            raise FormatSpecError(f"unknown format {name!r} in --format {spec!r}; use one of {', '.join(FORMATS)}")
        if sep and not path:
            raise FormatSpecError(f"--format {spec!r} names no file after the colon")
        outputs.append(Output(name, path or None))
    to_stdout = [item for item in outputs if item.path is None]
    if len(to_stdout) > 1:
        raise FormatSpecError("at most one --format may go to stdout; give the others a file (FORMAT:PATH)")
    if output is not None:
        if not to_stdout:
            raise FormatSpecError("--output names the file of the format without a path, but every --format has one")
        outputs = [Output(item.format, output) if item.path is None else item for item in outputs]
    targets = [item.path for item in outputs if item.path is not None]
    if len(set(targets)) != len(targets):
        raise FormatSpecError("two --format outputs write the same file")
    return outputs


def rule_metadata(pack: CompiledPack, severity: Mapping[str, Severity] | None = None) -> dict[str, RuleInfo]:
    """Rule id -> metadata for the formatters, with configured severity overrides applied."""
    table: dict[str, RuleInfo] = {}
    for compiled in pack.rules:
        rule = compiled.rule
        table[rule.id] = RuleMeta(title=rule.title, severity=(severity or {}).get(rule.id, rule.severity),
                                  rationale=rule.rationale, tags=tuple(rule.tags))
    return table


def render(name: str, reports: Sequence[Report], rules: Mapping[str, RuleInfo], lang: Lang, *,
           root: str | PurePath | None = None, quiet: bool = False, color: bool = False) -> str:
    """The reports in one format; ``quiet`` text is only its summary line; ``color`` styles text (ANSI)."""
    if name == "text":
        text = to_text(reports, lang, color=color)
        return text.rstrip("\n").rsplit("\n", 1)[-1] + "\n" if quiet else text
    if name == "json":
        return to_json(reports)
    collected = report_set(reports)
    if name == "sarif":
        from engine.reports.sarif import render_sarif

        return render_sarif(collected, rules, lang, root=root)
    if name == "junit":
        from engine.reports.junit import render_junit

        return render_junit(collected, rules, lang, root=root)
    if name == "markdown":
        from engine.reports.markdown import render_markdown

        return render_markdown(collected, rules, lang, root=root)
    if name == "github":
        from engine.reports.github import render_github

        return render_github(collected, rules, lang, root=root)
    if name == "html":
        from engine.reports.html import render_html

        return render_html(collected, rules, lang, root=root)
    raise FormatSpecError(f"unknown format {name!r}")


def write_file(path: str, text: str | Iterable[str]) -> None:
    """Write an output file (UTF-8, newlines as given) from its text or its pieces; a failure is an
    input error naming the file."""
    try:
        with open(path, "w", encoding="utf-8", newline="") as file:
            file.writelines([text] if isinstance(text, str) else text)
    except OSError as exc:
        raise InputError(f"cannot write output: {exc.strerror or exc}", path=path) from None
