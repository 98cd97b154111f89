"""A standalone HTML report for reviewers: one file per run, inline CSS, no scripts, no external resources.

Per notice: a summary table, the list of violations (each linking to its place in the text), the
rules that could not be evaluated, and the notice's text with every violation span highlighted
as a ``<mark>`` (tooltip: rule id and message; anchor ``n<notice>-v<number>``; a small number
linking back to the list). Overlapping spans are nested marks, closed and reopened at every
boundary so the markup stays well formed. The text is shown when the report carries it
(``Report.source_text``: raw notices checked by ``zhenggai check``); structured inputs have none.

Everything taken from a notice, a message or a rule is HTML-escaped. Output is deterministic.
"""

from __future__ import annotations

import html
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import PurePath

from engine.reports.formatting import (
    SEVERITIES,
    SEVERITY_LABELS,
    Lang,
    RuleInfo,
    check_lang,
    localized,
    message_of,
    rule_table,
    severity_counts,
    source_path,
    xml_safe,
)
from engine.reports.model import Report, ReportSet, Violation
from engine.reports.render import document_order, location
from engine.reports.streaming import RuleTableWriter, Spool
from engine.rule_language.schema import Severity

_TEXT = {
    "zh": {"title": "zhenggai 检查报告", "notices": "份通报", "severity": "严重程度", "count": "数量",
           "total": "合计", "waived": "已豁免", "baselined": "已在基线中", "failed": "未能检查的规则",
           "violations": "问题列表", "text": "通报原文", "clean": "未发现问题。", "no_text":
           "原文不可用（结构化输入或未读取原文），问题位置见列表。", "rule": "规则", "stdin": "<标准输入>",
           "quote": "原文", "expected": "应为", "not_evaluated": "未检查", "line": "第 {line} 行"},
    "en": {"title": "zhenggai check report", "notices": "notice(s)", "severity": "Severity", "count": "Count",
           "total": "Total", "waived": "Waived", "baselined": "Baselined", "failed": "Rules not evaluated",
           "violations": "Violations", "text": "Notice text", "clean": "No violations.", "no_text":
           "The text is not available (structured input, or the text was not read); see the list for places.",
           "rule": "Rule", "stdin": "<stdin>", "quote": "quote", "expected": "expected",
           "not_evaluated": "not evaluated", "line": "line {line}"},
}

_CSS = """\
body{font-family:system-ui,-apple-system,"Segoe UI","PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;
margin:0 auto;max-width:72rem;padding:1rem 1.5rem;color:#1f2328;line-height:1.6}
h1{font-size:1.5rem}h2{font-size:1.25rem;border-bottom:1px solid #d0d7de;padding-bottom:.25rem;margin-top:2.5rem}
h3{font-size:1.05rem;margin-top:1.5rem}
table.summary{border-collapse:collapse;margin:.5rem 0}
table.summary th,table.summary td{border:1px solid #d0d7de;padding:.2rem .8rem;text-align:left}
table.summary td.n{text-align:right;font-variant-numeric:tabular-nums}
ol.violations li{margin:.35rem 0}
.sev{display:inline-block;min-width:3em;font-weight:600}
.error .sev,.sev.error{color:#cf222e}.warning .sev,.sev.warning{color:#9a6700}.info .sev,.sev.info{color:#0969da}
.where{color:#57606a}.quote{color:#57606a}.suppressed{opacity:.65}
code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.9em}
pre.text{white-space:pre-wrap;word-break:break-all;background:#f6f8fa;border:1px solid #d0d7de;
padding:1rem;font-family:inherit;font-size:1rem;line-height:1.9}
mark{padding:0;border-radius:2px}
mark.error{background:#ffd8d3}mark.warning{background:#fff1b8}mark.info{background:#dbeafe}
mark mark{box-shadow:inset 0 -2px 0 #1f2328}
mark:target,mark.empty:target{outline:2px solid #0969da}
mark.empty{display:inline-block;min-width:.5em}
a.ref{font-size:.7em;vertical-align:super;text-decoration:none;color:#0969da;margin-right:.1em}
"""


def escape(text: str) -> str:
    """Text safe in HTML content and quoted attributes (``& < > " '`` as entities, controls as U+FFFD)."""
    return html.escape(xml_safe(text), quote=True)


@dataclass(frozen=True)
class _Mark:
    number: int
    anchor: str
    start: int
    end: int
    violation: Violation


def render_html(report_set: ReportSet, rules: Mapping[str, RuleInfo], lang: str = "zh", *,
                root: str | PurePath | None = None) -> str:
    """The report set as one standalone HTML page (UTF-8 text, trailing newline)."""
    language = check_lang(lang)
    table = rule_table(report_set, rules)
    counts = severity_counts(v for report in report_set.reports for v in report.violations if not v.suppressed)
    out = _head(language, len(report_set.reports), counts)
    if len(report_set.reports) > 1:
        out.append("<ol>")
        out += [_toc_item(report, f"n{index}", root, language) for index, report in enumerate(report_set.reports, 1)]
        out.append("</ol>")
    for index, report in enumerate(report_set.reports, 1):
        out.extend(_notice(report, f"n{index}", table, language, root))
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"


def _head(language: Lang, notices: int, counts: Mapping[Severity, int]) -> list[str]:
    """The page up to its first notice: head, title, counts by severity."""
    words = _TEXT[language]
    return ["<!DOCTYPE html>", f'<html lang="{"zh-CN" if language == "zh" else "en"}">', "<head>",
            '<meta charset="utf-8">', '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{escape(words['title'])}</title>", f"<style>\n{_CSS}</style>", "</head>", "<body>",
            f"<h1>{escape(words['title'])}</h1>",
            f"<p>{notices} {escape(words['notices'])}: "
            + ", ".join(f'<span class="sev {severity}">{escape(SEVERITY_LABELS[language][severity])}</span> '
                        f"{counts[severity]}" for severity in SEVERITIES) + "</p>"]


def _toc_item(report: Report, anchor: str, root: str | PurePath | None, language: Lang) -> str:
    return f'<li><a href="#{anchor}">{escape(_name(report, root, language))}</a></li>'


class HtmlWriter(RuleTableWriter):
    """``render_html`` written report by report: the notices and the table of contents are spooled
    apart; the head (counts) is written at the end, then the contents (for more than one notice),
    then the notices."""

    def __init__(self, rules: Mapping[str, RuleInfo], lang: str = "zh", *, root: str | PurePath | None = None) -> None:
        super().__init__(rules, lang, root=root)
        self.counts: dict[Severity, int] = dict.fromkeys(SEVERITIES, 0)
        self.contents = Spool()

    def add(self, report: Report) -> None:
        super().add(report)
        for severity, count in severity_counts(v for v in report.violations if not v.suppressed).items():
            self.counts[severity] += count
        anchor = f"n{self.count}"
        self.contents.write("\n" + _toc_item(report, anchor, self.root, self.language))
        self.spool.write("\n" + "\n".join(_notice(report, anchor, self.rules.known, self.language, self.root)))

    def pieces(self) -> Iterator[str]:
        yield "\n".join(_head(self.language, self.count, self.counts))
        if self.count > 1:
            yield "\n<ol>"
            yield from self.contents.pieces()
            yield "\n</ol>"
        else:
            self.contents.close()
        yield from self.spool.pieces()
        yield "\n</body>\n</html>\n"

    def close(self) -> None:
        super().close()
        self.contents.close()


def _name(report: Report, root: str | PurePath | None, lang: Lang) -> str:
    return source_path(report.source, root) or _TEXT[lang]["stdin"]


def _notice(report: Report, anchor: str, table: Mapping[str, RuleInfo], lang: Lang,
            root: str | PurePath | None) -> list[str]:
    words = _TEXT[lang]
    labels = SEVERITY_LABELS[lang]
    out = [f'<section class="notice" id="{anchor}">', f"<h2>{escape(_name(report, root, lang))}</h2>"]
    counts = severity_counts(v for v in report.violations if not v.suppressed)
    rows = [(f'<span class="sev {severity}">{escape(labels[severity])}</span>', counts[severity])
            for severity in SEVERITIES]
    rows.append((f"<strong>{escape(words['total'])}</strong>", sum(counts.values())))
    if report.summary.waived:
        rows.append((escape(words["waived"]), report.summary.waived))
    if report.summary.baselined:
        rows.append((escape(words["baselined"]), report.summary.baselined))
    if report.errors:
        rows.append((escape(words["failed"]), len(report.errors)))
    out += ['<table class="summary">',
            f"<thead><tr><th>{escape(words['severity'])}</th><th>{escape(words['count'])}</th></tr></thead>",
            "<tbody>"]
    out += [f'<tr><td>{label}</td><td class="n">{count}</td></tr>' for label, count in rows]
    out += ["</tbody>", "</table>"]

    ordered = document_order(report.violations)
    marks = [_Mark(number, f"{anchor}-v{number}", *_bounds(violation, report.source_text), violation)
             for number, violation in enumerate(ordered, 1)]
    out.append(f"<h3>{escape(words['violations'])}</h3>")
    if not marks:
        out.append(f"<p>{escape(words['clean'])}</p>")
    else:
        out.append('<ol class="violations">')
        out += [_item(mark, table, lang, report.source_text is not None) for mark in marks]
        out.append("</ol>")
    if report.errors:
        out += [f"<h3>{escape(words['failed'])}</h3>", '<ul class="failed">']
        for failure in report.errors:
            where = words["line"].format(line=failure.line) if failure.line is not None else ""
            hint = f" ({escape(failure.hint)})" if failure.hint else ""
            out.append(f'<li class="error"><span class="sev error">{escape(words["not_evaluated"])}</span> '
                       f"<code>{escape(failure.rule_id)}</code> <code>{escape(failure.code)}</code> "
                       f'<span class="where">{escape(where)}</span> {escape(failure.message)}{hint}</li>')
        out.append("</ul>")
    out.append(f"<h3>{escape(words['text'])}</h3>")
    if report.source_text is None:
        out.append(f"<p>{escape(words['no_text'])}</p>")
    else:
        out.append('<pre class="text">' + _highlight(report.source_text, marks, lang) + "</pre>")
    out.append("</section>")
    return out


def _bounds(violation: Violation, text: str | None) -> tuple[int, int]:
    """The span's offsets clipped to the text; (-1, -1) when there is no span or no text."""
    if violation.span is None or text is None or violation.span.start > len(text):
        return -1, -1
    start = violation.span.start
    return start, max(start, min(violation.span.end, len(text)))


def _item(mark: _Mark, table: Mapping[str, RuleInfo], lang: Lang, has_text: bool) -> str:
    violation = mark.violation
    words = _TEXT[lang]
    where = escape(location(violation, lang))
    if mark.start >= 0:
        where = f'<a href="#{mark.anchor}">{where}</a>'
    title = localized(table[violation.rule_id].title, lang) if violation.rule_id in table else violation.title
    classes = violation.severity + (" suppressed" if violation.suppressed else "")
    parts = [f'<li id="{mark.anchor}-item" class="{classes}">',
             f'<span class="sev">{escape(SEVERITY_LABELS[lang][violation.severity])}</span> ',
             f'<span class="where">{where}</span> ',
             f'<code title="{escape(title)}">{escape(violation.rule_id)}</code> ',
             escape(message_of(violation, lang))]
    if violation.suppressed:
        note = words["waived"] if violation.waived else words["baselined"]
        reason = f": {violation.waiver.reason}" if violation.waived and violation.waiver else ""
        parts.append(f" <em>({escape(note + reason)})</em>")
    if violation.quote and (mark.start < 0 or not has_text):
        parts.append(f'<br><span class="quote">{escape(words["quote"])}: {escape(violation.quote)}</span>')
    parts.append("</li>")
    return "".join(parts)


def _highlight(text: str, marks: Sequence[_Mark], lang: Lang) -> str:
    """The text with nested ``<mark>`` elements; every mark is closed at each boundary and reopened."""
    placed = [mark for mark in marks if mark.start >= 0]
    bounds = sorted({0, len(text), *(m.start for m in placed), *(m.end for m in placed)})
    out: list[str] = []
    for position, stop in zip(bounds, [*bounds[1:], None], strict=True):
        for mark in placed:  # empty spans: an anchor where the thing is missing
            if mark.start == mark.end == position:
                out.append(f'<mark id="{mark.anchor}" class="{mark.violation.severity} empty" '
                           f'title="{escape(_tooltip(mark.violation, lang))}">{_ref(mark)}</mark>')
        if stop is None:
            break
        active = sorted((m for m in placed if m.start <= position < m.end), key=lambda m: (m.start, -m.end, m.number))
        opened = []
        for mark in active:
            first = mark.start == position
            anchor = f' id="{mark.anchor}"' if first else ""
            opened.append(f'<mark{anchor} class="{mark.violation.severity}" '
                          f'title="{escape(_tooltip(mark.violation, lang))}">' + (_ref(mark) if first else ""))
        out.append("".join(opened) + escape(text[position:stop]) + "</mark>" * len(active))
    return "".join(out)


def _ref(mark: _Mark) -> str:
    return f'<a class="ref" href="#{mark.anchor}-item">{mark.number}</a>'


def _tooltip(violation: Violation, lang: Lang) -> str:
    return f"{violation.rule_id}: {message_of(violation, lang)}"
