"""Markdown output for merge-request comments (GitHub / GitLab flavoured).

A summary table by severity, then per notice a table of its violations: severity, rule, location
(file:line:col and finding, or the place in words when there is no span) and message with the
quoted text; rules that could not be evaluated (``Report.errors``) are listed before the table.
Everything taken from a notice or a message is escaped so it renders as text: no table breaks,
links, HTML, emphasis or mentions.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from pathlib import PurePath

from engine.reports.formatting import (
    SEVERITIES,
    SEVERITY_LABELS,
    Lang,
    RuleInfo,
    by_severity,
    check_lang,
    failure_text,
    localized,
    location_label,
    message_of,
    one_line,
    rule_table,
    severity_counts,
    source_path,
    xml_safe,
)
from engine.reports.model import Report, ReportSet
from engine.reports.streaming import RuleTableWriter
from engine.rule_language.schema import RULE_ID_PATTERN, Severity

# ASCII punctuation with a meaning somewhere in GFM inline text (CommonMark lets any be \-escaped).
_MARKUP = re.compile(r"([\\`*_{}\[\]()#+\-.!|~:@$])")
_TEXT = {
    "zh": {"title": "zhenggai 检查结果", "severity": "严重程度", "count": "数量", "total": "合计",
           "rule": "规则", "location": "位置", "message": "说明", "clean": "未发现问题。",
           "notices": "份通报", "failed": "未能检查的规则", "none": "其余规则未发现问题。"},
    "en": {"title": "zhenggai check results", "severity": "Severity", "count": "Count", "total": "Total",
           "rule": "Rule", "location": "Location", "message": "Message", "clean": "No violations.",
           "notices": "notice(s)", "failed": "Rules not evaluated",
           "none": "No violations from the other rules."},
}


def escape_markdown(text: str) -> str:
    """Text safe in a GFM table cell: one line, markup \\-escaped, ``&<>`` as entities, controls as U+FFFD."""
    text = xml_safe(one_line(text))
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MARKUP.sub(r"\\\1", text)


def render_markdown(report_set: ReportSet, rules: Mapping[str, RuleInfo], lang: str = "zh", *,
                    root: str | PurePath | None = None) -> str:
    """The report set as Markdown for a merge-request comment."""
    language = check_lang(lang)
    table = rule_table(report_set, rules)
    violations = [violation for report in report_set.reports for violation in report.violations]
    failed = sum(len(report.errors) for report in report_set.reports)
    lines = _header(language, len(report_set.reports), severity_counts(violations), len(violations), failed)
    for report in report_set.reports:
        lines += _notice(report, table, language, root)
    return "\n".join(lines).rstrip("\n") + "\n"


def _header(language: Lang, notices: int, counts: Mapping[Severity, int], total: int, failed: int) -> list[str]:
    """The title and the table of counts by severity (and of rules not evaluated, when any)."""
    words = _TEXT[language]
    labels = SEVERITY_LABELS[language]
    lines = [f"## {words['title']}", "",
             f"{notices} {words['notices']}", "",
             f"| {words['severity']} | {words['count']} |", "| --- | ---: |"]
    lines += [f"| {labels[severity]} | {counts[severity]} |" for severity in SEVERITIES]
    lines += [f"| **{words['total']}** | **{total}** |", ""]
    if failed:
        lines += [f"**{words['failed']}: {failed}**", ""]
    return lines


def _notice(report: Report, table: Mapping[str, RuleInfo], language: Lang, root: str | PurePath | None) -> list[str]:
    """One notice: its heading, the rules not evaluated, the table of its violations (or that it has none)."""
    words = _TEXT[language]
    labels = SEVERITY_LABELS[language]
    path = source_path(report.source, root)
    heading = path or ("<标准输入>" if language == "zh" else "<stdin>")
    lines = [f"### {escape_markdown(heading)}", ""]
    if report.errors:
        lines += [f"#### {words['failed']}", ""]
        lines += [f"- {_rule_cell(failure.rule_id, '')}: {escape_markdown(failure_text(failure, language))}"
                  for failure in report.errors]
        lines.append("")
    if not report.violations:
        return [*lines, words["clean"] if not report.errors else words["none"], ""]
    lines += [f"| {words['severity']} | {words['rule']} | {words['location']} | {words['message']} |",
              "| --- | --- | --- | --- |"]
    for violation in by_severity(report.violations):
        message = escape_markdown(message_of(violation, language))
        if violation.quote:
            quoted = escape_markdown(violation.quote)
            message += f"<br>「{quoted}」" if language == "zh" else f"<br>“{quoted}”"
        location = escape_markdown(location_label(violation, path, language))
        rule = _rule_cell(violation.rule_id, localized(table[violation.rule_id].title, language))
        lines.append(f"| {labels[violation.severity]} | {rule} | {location} | {message} |")
    lines.append("")
    return lines


class MarkdownWriter(RuleTableWriter):
    """``render_markdown`` written report by report: the notices are spooled, the header (counts) is
    written at the end. The last notice is held back, since the document's trailing blank lines are
    trimmed."""

    def __init__(self, rules: Mapping[str, RuleInfo], lang: str = "zh", *, root: str | PurePath | None = None) -> None:
        super().__init__(rules, lang, root=root)
        self.counts: dict[Severity, int] = dict.fromkeys(SEVERITIES, 0)
        self.failed = 0
        self.last = ""  # the latest notice's text, not yet spooled

    def add(self, report: Report) -> None:
        super().add(report)
        for severity, count in severity_counts(report.violations).items():
            self.counts[severity] += count
        self.failed += len(report.errors)
        self.spool.write(self.last)
        self.last = "\n" + "\n".join(_notice(report, self.rules.known, self.language, self.root))

    def pieces(self) -> Iterator[str]:
        header = "\n".join(_header(self.language, self.count, self.counts, sum(self.counts.values()), self.failed))
        if not self.count:
            self.spool.close()
            yield header.rstrip("\n") + "\n"
            return
        yield header
        yield from self.spool.pieces()
        yield self.last.rstrip("\n") + "\n"  # a notice starts with its heading: the trim ends in it


def _rule_cell(rule_id: str, title: str) -> str:
    code = f"`{rule_id}`" if re.fullmatch(RULE_ID_PATTERN, rule_id) else escape_markdown(rule_id)
    return f"{code}<br>{escape_markdown(title)}" if title else code
