"""Rendering reports: JSON (versioned, sorted keys, stable order) and plain text (zh or en)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Literal

from engine.reports.model import Report, ReportSet, Summary, Violation

Lang = Literal["zh", "en"]

_SEVERITY = {"zh": {"error": "错误", "warning": "警告", "info": "提示"},
             "en": {"error": "error", "warning": "warning", "info": "info"}}


def report_set(reports: Sequence[Report]) -> ReportSet:
    """Several reports with a combined summary."""
    total = Summary()
    for report in reports:
        for name in Summary.model_fields:
            setattr(total, name, getattr(total, name) + getattr(report.summary, name))
    return ReportSet(reports=list(reports), summary=total)


def to_json(reports: Sequence[Report]) -> str:
    """Byte-stable JSON: sorted keys, two-space indent, UTF-8 text, trailing newline."""
    data = report_set(reports).model_dump(mode="json")
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def to_text(reports: Sequence[Report], lang: Lang = "zh") -> str:
    """One block per notice: location, severity, rule id, message and the quoted text."""
    lines: list[str] = []
    for report in reports:
        lines.append(report.source or "<notice>")
        if not report.violations:
            lines.append("  " + ("未发现问题" if lang == "zh" else "no violations"))
        for violation in _document_order(report.violations):
            message = violation.message.zh if lang == "zh" else violation.message.en
            lines.append(f"  {location(violation, lang)}  {_SEVERITY[lang][violation.severity]}  {violation.rule_id}  "
                         f"{message}{_suppression(violation, lang)}")
            if violation.quote:
                lines.append(f"      「{violation.quote}」" if lang == "zh" else f"      \"{violation.quote}\"")
        lines.append("")
    total = report_set(reports).summary
    if lang == "zh":
        summary = f"共 {len(reports)} 份通报：{total.error} 个错误，{total.warning} 个警告，{total.info} 个提示"
        summary += f"，{total.waived} 个已豁免" if total.waived else ""
        summary += f"，{total.baselined} 个已在基线中" if total.baselined else ""
    else:
        summary = (f"{len(reports)} notice(s): {total.error} error(s), {total.warning} warning(s), "
                   f"{total.info} info")
        summary += f", {total.waived} waived" if total.waived else ""
        summary += f", {total.baselined} baselined" if total.baselined else ""
    lines.append(summary)
    return "\n".join(lines) + "\n"


def _document_order(violations: Sequence[Violation]) -> list[Violation]:
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
