"""GitHub Actions workflow commands: one ``::error``/``::warning``/``::notice`` line per violation.

``::error file=F,line=L,col=C,endLine=L2,endColumn=C2,title=T::MESSAGE``; a violation without a
span names its place in the message; a rule that could not be evaluated on a notice
(``Report.errors``) is an ``::error`` titled with its code and rule id. Escaping follows
``@actions/core`` (``toCommandValue``/``escapeData``/``escapeProperty``): ``%``, CR and LF in the
message; additionally ``:`` and ``,`` in property values.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import PurePath

from engine.reports.formatting import (
    Lang,
    RuleInfo,
    check_lang,
    end_position,
    failure_text,
    localized,
    message_of,
    place_of,
    rule_table,
    source_path,
)
from engine.reports.model import Report, ReportSet, RuleFailure, Violation
from engine.reports.streaming import RuleTableWriter
from engine.rule_language.schema import Severity

COMMANDS: dict[Severity, str] = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    """A command's message: ``%`` -> ``%25``, CR -> ``%0D``, LF -> ``%0A``."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A command's property value: as :func:`escape_data`, and ``:`` -> ``%3A``, ``,`` -> ``%2C``."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(report_set: ReportSet, rules: Mapping[str, RuleInfo], lang: str = "zh", *,
                  root: str | PurePath | None = None) -> str:
    """One workflow command per violation, in report order; empty text when there is none.

    ``root``: absolute notice paths under it become relative (GitHub wants repository paths).
    """
    language = check_lang(lang)
    table = rule_table(report_set, rules)
    lines = [line for report in report_set.reports for line in _lines(report, table, language, root)]
    return "".join(line + "\n" for line in lines)


class GithubWriter(RuleTableWriter):
    """``render_github`` written report by report (the format has no header or footer)."""

    def add(self, report: Report) -> None:
        super().add(report)
        self.spool.write("".join(line + "\n" for line in _lines(report, self.rules.known, self.language, self.root)))


def _lines(report: Report, table: Mapping[str, RuleInfo], language: Lang, root: str | PurePath | None) -> list[str]:
    """The commands of one notice: its violations, then its rules not evaluated."""
    path = source_path(report.source, root)
    lines: list[str] = []
    for violation in report.violations:
        title = f"{violation.rule_id}: {localized(table[violation.rule_id].title, language)}"
        lines.append(_command(violation, path, title, language))
    for failure in report.errors:
        lines.append(_failure_command(failure, path, language))
    return lines


def _command(violation: Violation, path: str | None, title: str, lang: Lang) -> str:
    properties: list[tuple[str, str]] = []
    if path is not None:
        properties.append(("file", path))
        span = violation.span
        if span is not None:
            properties += [("line", str(span.line)), ("col", str(span.column))]
            end = end_position(span, violation.quote)
            if end is not None:
                properties += [("endLine", str(end[0])), ("endColumn", str(end[1]))]
    properties.append(("title", title))
    message = message_of(violation, lang)
    details = []
    place = place_of(violation, lang)
    if violation.span is None and place:
        details.append(place)
    elif violation.finding_number:
        details.append(("问题 " if lang == "zh" else "finding ") + violation.finding_number)
    if violation.quote:
        details.append(f"「{violation.quote}」" if lang == "zh" else f"\"{violation.quote}\"")
    if details:
        message += "\n" + " ".join(details)
    rendered = ",".join(f"{key}={escape_property(value)}" for key, value in properties)
    return f"::{COMMANDS[violation.severity]} {rendered}::{escape_data(message)}"


def _failure_command(failure: RuleFailure, path: str | None, lang: Lang) -> str:
    properties: list[tuple[str, str]] = []
    if path is not None:
        properties.append(("file", path))
        if failure.line is not None:
            properties.append(("line", str(failure.line)))
    label = "规则未能检查" if lang == "zh" else "rule not evaluated"
    properties.append(("title", f"{failure.code} {failure.rule_id}: {label}"))
    rendered = ",".join(f"{key}={escape_property(value)}" for key, value in properties)
    return f"::error {rendered}::{escape_data(failure_text(failure, lang))}"
