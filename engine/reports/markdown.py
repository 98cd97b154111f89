"""Markdown output for merge-request comments (GitHub / GitLab flavoured).

A summary table by severity, then per notice a table of its violations: severity, rule, location
(file:line:col, finding) and message with the quoted text. Everything taken from a notice or a
message is escaped so it renders as text: no table breaks, links, HTML, emphasis or mentions.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import PurePath

from engine.reports.formatting import (
    SEVERITIES,
    SEVERITY_LABELS,
    RuleInfo,
    by_severity,
    check_lang,
    localized,
    location_label,
    message_of,
    one_line,
    rule_table,
    severity_counts,
    source_path,
    xml_safe,
)
from engine.reports.model import ReportSet
from engine.rule_language.schema import RULE_ID_PATTERN

# ASCII punctuation with a meaning somewhere in GFM inline text (CommonMark lets any be \-escaped).
_MARKUP = re.compile(r"([\\`*_{}\[\]()#+\-.!|~:@$])")
_TEXT = {
    "zh": {"title": "zhenggai 检查结果", "severity": "严重程度", "count": "数量", "total": "合计",
           "rule": "规则", "location": "位置", "message": "说明", "clean": "未发现问题。",
           "notices": "份通报"},
    "en": {"title": "zhenggai check results", "severity": "Severity", "count": "Count", "total": "Total",
           "rule": "Rule", "location": "Location", "message": "Message", "clean": "No violations.",
           "notices": "notice(s)"},
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
    words = _TEXT[language]
    labels = SEVERITY_LABELS[language]
    table = rule_table(report_set, rules)
    violations = [violation for report in report_set.reports for violation in report.violations]
    counts = severity_counts(violations)
    lines = [f"## {words['title']}", "",
             f"{len(report_set.reports)} {words['notices']}", "",
             f"| {words['severity']} | {words['count']} |", "| --- | ---: |"]
    lines += [f"| {labels[severity]} | {counts[severity]} |" for severity in SEVERITIES]
    lines += [f"| **{words['total']}** | **{len(violations)}** |", ""]
    for report in report_set.reports:
        path = source_path(report.source, root)
        heading = path or ("<标准输入>" if language == "zh" else "<stdin>")
        lines += [f"### {escape_markdown(heading)}", ""]
        if not report.violations:
            lines += [words["clean"], ""]
            continue
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
    return "\n".join(lines).rstrip("\n") + "\n"


def _rule_cell(rule_id: str, title: str) -> str:
    code = f"`{rule_id}`" if re.fullmatch(RULE_ID_PATTERN, rule_id) else escape_markdown(rule_id)
    return f"{code}<br>{escape_markdown(title)}" if title else code
