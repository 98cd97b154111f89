"""Rendering reports: JSON (versioned, sorted keys, stable order) and text for reviewers (zh or en)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, Literal

import click

from engine.reports.excerpt import WINDOW, excerpt
from engine.reports.model import Report, ReportSet, RuleFailure, Summary, Violation

Lang = Literal["zh", "en"]

_SEVERITY = {"zh": {"error": "错误", "warning": "警告", "info": "提示"},
             "en": {"error": "error", "warning": "warning", "info": "info"}}


def report_set(reports: Sequence[Report]) -> ReportSet:
    """Several reports with a combined summary."""
    total = Summary()
    for report in reports:
        add_summary(total, report.summary)
    return ReportSet(reports=list(reports), summary=total)


def add_summary(total: Summary, other: Summary) -> None:
    """Add ``other``'s counts to ``total`` (in place)."""
    for name in Summary.model_fields:
        setattr(total, name, getattr(total, name) + getattr(other, name))


def to_json(reports: Sequence[Report]) -> str:
    """Byte-stable JSON: sorted keys, two-space indent, UTF-8 text, trailing newline."""
    data = report_set(reports).model_dump(mode="json")
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def to_text(reports: Sequence[Report], lang: Lang = "zh", *, color: bool = False, width: int = WINDOW) -> str:
    """One block per notice: location, severity, rule id, message, then the source line with the span marked.

    When the report carries its notice's text (``Report.source_text``), the line a violation's
    span starts in is shown under it (cut to ``width`` display columns around the span) with
    ``^`` under the span; otherwise the quoted text. Rules that could not be evaluated
    (``Report.errors``) get one line each. ``color`` adds ANSI styles (severity colours, dim
    locations); without it the text has no escape codes.
    """
    lines: list[str] = []
    for report in reports:
        lines.extend(text_block(report, lang, color=color, width=width))
    failed = sum(len(report.errors) for report in reports)
    lines.append(text_summary(report_set(reports).summary, len(reports), failed, lang, color=color))
    return "\n".join(lines) + "\n"


def text_block(report: Report, lang: Lang = "zh", *, color: bool = False, width: int = WINDOW) -> list[str]:
    """The lines ``to_text`` shows for one report (its last line is empty)."""
    lines = [_style(report.source or "<notice>", color, bold=True)]
    if not report.violations and not report.errors:
        lines.append("  " + ("未发现问题" if lang == "zh" else "no violations"))
    for violation in document_order(report.violations):
        message = violation.message.zh if lang == "zh" else violation.message.en
        severity = _style(_SEVERITY[lang][violation.severity], color, **_SEVERITY_STYLE[violation.severity])
        lines.append(f"  {_style(location(violation, lang), color, dim=True)}  {severity}  "
                     f"{_style(violation.rule_id, color, bold=True)}  {message}{_suppression(violation, lang)}")
        shown = _excerpt_lines(report.source_text, violation, lang, color, width)
        if shown:
            lines.extend(shown)
        elif violation.quote:
            lines.append(f"      「{violation.quote}」" if lang == "zh" else f"      \"{violation.quote}\"")
    for failure in report.errors:
        lines.append(_failure_line(failure, lang, color))
    lines.append("")
    return lines


def text_summary(total: Summary, count: int, failed: int, lang: Lang = "zh", *, color: bool = False) -> str:
    """The summary line ``to_text`` ends with: ``count`` reports, their summed ``total``, ``failed`` rule errors."""
    if lang == "zh":
        summary = f"共 {count} 份通报：{total.error} 个错误，{total.warning} 个警告，{total.info} 个提示"
        summary += f"，{total.waived} 个已豁免" if total.waived else ""
        summary += f"，{total.baselined} 个已在基线中" if total.baselined else ""
        summary += f"，{failed} 项规则未能检查" if failed else ""
    else:
        summary = (f"{count} notice(s): {total.error} error(s), {total.warning} warning(s), "
                   f"{total.info} info")
        summary += f", {total.waived} waived" if total.waived else ""
        summary += f", {total.baselined} baselined" if total.baselined else ""
        summary += f", {failed} rule(s) not evaluated" if failed else ""
    return _style(summary, color, bold=True)


_SEVERITY_STYLE: dict[str, dict[str, Any]] = {
    "error": {"fg": "red", "bold": True},
    "warning": {"fg": "yellow", "bold": True},
    "info": {"fg": "cyan"},
}


def _style(text: str, color: bool, **styles: Any) -> str:
    return click.style(text, **styles) if color and text else text


def _excerpt_lines(original: str | None, violation: Violation, lang: Lang, color: bool, width: int) -> list[str]:
    """The source line under a violation and the marker line, or nothing when the text is unknown."""
    if original is None or violation.span is None:
        return []
    shown = excerpt(original, violation.span, width)
    if shown is None:
        return []
    number = str(shown.line)
    gutter = " " * 6
    marker = _style(shown.marker(), color, **_SEVERITY_STYLE[violation.severity])
    if shown.lines > 1:
        spans = f" （跨 {shown.lines} 行）" if lang == "zh" else f" (spans {shown.lines} lines)"
        marker += _style(spans, color, dim=True)
    return [f"{gutter}{_style(number + ' |', color, dim=True)} {shown.text}".rstrip(),
            f"{gutter}{_style(' ' * len(number) + ' |', color, dim=True)} {marker}"]


def _failure_line(failure: RuleFailure, lang: Lang, color: bool) -> str:
    """A rule that could not be evaluated on the notice: one line with its code, message and hint."""
    where = f"{failure.line}" if failure.line is not None else ("通报" if lang == "zh" else "notice")
    label = _style("未检查" if lang == "zh" else "not evaluated", color, fg="magenta", bold=True)
    text = f"{failure.code} {failure.message}"
    if failure.hint:
        text += f"（{failure.hint}）" if lang == "zh" else f" ({failure.hint})"
    return f"  {_style(where, color, dim=True)}  {label}  {_style(failure.rule_id, color, bold=True)}  {text}"


def document_order(violations: Sequence[Violation]) -> list[Violation]:
    """As a reviewer reads: violations without a place in the text first (as given), then by line and column."""
    return sorted(violations, key=lambda v: (v.span.line, v.span.column) if v.span else (0, 0))


_SUBJECTS = {"zh": {"notice": "通报", "section": "标题", "finding": "问题", "contact": "联系方式"},
             "en": {"notice": "notice", "section": "heading", "finding": "finding", "contact": "contacts"}}


def location(violation: Violation, lang: Lang = "zh") -> str:
    """Where a violation stands, once: line:column when the text was read, then the place in words.

    The place is the violation's ``place`` (一/(二) 第8个问题（编号8.）, 通报头部); a violation made
    without one falls back to its section path and finding number, never to a fact id.
    """
    parts: list[str] = []
    if violation.span is not None:
        parts.append(f"{violation.span.line}:{violation.span.column}")
    if violation.place is not None:
        parts.append(violation.place.zh if lang == "zh" else violation.place.en)
    else:
        where = [part for part in (violation.section_path, violation.finding_number) if part]
        if where:
            parts.append(" ".join(where))
        elif violation.span is None:
            parts.append(_SUBJECTS[lang].get(violation.subject, "通报" if lang == "zh" else "notice"))
    return " ".join(parts)


def _suppression(violation: Violation, lang: Lang) -> str:
    """A marker for a waived or baselined violation (it does not count toward --fail-on)."""
    if violation.waived:
        reason = violation.waiver.reason if violation.waiver else ""
        return f"  (已豁免: {reason})" if lang == "zh" else f"  (waived: {reason})"
    if violation.baselined:
        return "  (基线)" if lang == "zh" else "  (baselined)"
    return ""
