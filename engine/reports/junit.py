"""JUnit XML output for CI test tabs (GitLab, Jenkins, GitHub test reporters).

One ``<testsuite>`` per notice; one ``<testcase>`` per rule that ran on it (``classname`` = the
notice path, ``name`` = the rule id); one ``<failure>`` per violation (``type`` = severity,
``message`` = the violation message, body = location and quoted text). Rules that ran without a
violation are passing test cases. ``failures`` counts failed test cases (as JUnit defines it), so
a rule violated three times in one notice is one failed test case with three ``<failure>``
elements. A rule that could not be evaluated on a notice (``Report.errors``, e.g. a pattern
timeout) is a test case with an ``<error>`` (``type`` = the error code), counted in ``errors``;
``skipped`` is always 0.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator, Mapping
from pathlib import PurePath

from engine.reports.formatting import (
    Lang,
    RuleInfo,
    check_lang,
    failure_text,
    localized,
    location_label,
    message_of,
    rule_table,
    rules_run,
    source_path,
    xml_safe,
)
from engine.reports.model import Report, ReportSet, RuleFailure, Violation
from engine.reports.streaming import RuleTableWriter

XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'


def render_junit(report_set: ReportSet, rules: Mapping[str, RuleInfo], lang: str = "zh", *,
                 root: str | PurePath | None = None) -> str:
    """The report set as JUnit XML (UTF-8 text with declaration, two-space indent, trailing newline)."""
    language = check_lang(lang)
    table = rule_table(report_set, rules)
    suites = ET.Element("testsuites", {"name": "zhenggai"})
    totals = {"tests": 0, "failures": 0, "errors": 0}
    for report in report_set.reports:
        suite = _suite(report, table, language, root)
        suites.append(suite)
        for key in totals:
            totals[key] += int(suite.get(key, "0"))
    suites.set("tests", str(totals["tests"]))
    suites.set("failures", str(totals["failures"]))
    suites.set("errors", str(totals["errors"]))
    ET.indent(suites, space="  ")
    return XML_DECLARATION + ET.tostring(suites, encoding="unicode") + "\n"


class JunitWriter(RuleTableWriter):
    """``render_junit`` written report by report: each ``<testsuite>`` is spooled as it comes; the root
    element, whose attributes count all of them, is written at the end."""

    def __init__(self, rules: Mapping[str, RuleInfo], lang: str = "zh", *, root: str | PurePath | None = None) -> None:
        super().__init__(rules, lang, root=root)
        self.totals = {"tests": 0, "failures": 0, "errors": 0}

    def add(self, report: Report) -> None:
        super().add(report)
        suite = _suite(report, self.rules.known, self.language, self.root)
        for key in self.totals:
            self.totals[key] += int(suite.get(key, "0"))
        ET.indent(suite, space="  ", level=1)  # as ET.indent of the whole tree indents it
        self.spool.write("\n  " + ET.tostring(suite, encoding="unicode"))

    def pieces(self) -> Iterator[str]:
        suites = ET.Element("testsuites", {"name": "zhenggai"})
        for key, total in self.totals.items():
            suites.set(key, str(total))
        if not self.count:
            self.spool.close()
            yield XML_DECLARATION + ET.tostring(suites, encoding="unicode") + "\n"
            return
        suites.text = "-"
        start_tag = ET.tostring(suites, encoding="unicode").removesuffix("-</testsuites>")
        yield XML_DECLARATION + start_tag
        yield from self.spool.pieces()
        yield "\n</testsuites>\n"


def _suite(report: Report, table: Mapping[str, RuleInfo], lang: Lang, root: str | PurePath | None) -> ET.Element:
    path = source_path(report.source, root)
    name = path or "-"
    by_rule: dict[str, list[Violation]] = {}
    for violation in report.violations:
        by_rule.setdefault(violation.rule_id, []).append(violation)
    by_failure: dict[str, list[RuleFailure]] = {}
    for rule_failure in report.errors:
        by_failure.setdefault(rule_failure.rule_id, []).append(rule_failure)
    rule_ids = sorted(set(rules_run(report)) | set(by_failure))
    failed = sum(1 for rule_id in rule_ids if by_rule.get(rule_id))
    suite = ET.Element("testsuite", {
        "name": xml_safe(name),
        "tests": str(len(rule_ids)),
        "failures": str(failed),
        "errors": str(len(by_failure)),
        "skipped": "0",
    })
    for rule_id in rule_ids:
        case = ET.SubElement(suite, "testcase", {"classname": xml_safe(name), "name": rule_id})
        for broken in by_failure.get(rule_id, []):
            element = ET.SubElement(case, "error", {"message": xml_safe(broken.message), "type": broken.code})
            element.text = xml_safe(f"{name}  {rule_id}: {failure_text(broken, lang)}")
        for violation in by_rule.get(rule_id, []):
            failure = ET.SubElement(case, "failure", {
                "message": xml_safe(message_of(violation, lang)),
                "type": violation.severity,
            })
            failure.text = xml_safe(_body(violation, table[rule_id], path, lang))
    return suite


def _body(violation: Violation, info: RuleInfo, path: str | None, lang: Lang) -> str:
    lines = [f"{location_label(violation, path, lang)}  {violation.rule_id}: {localized(info.title, lang)}"]
    if violation.section_path:
        lines.append(("章节: " if lang == "zh" else "section: ") + violation.section_path)
    if violation.quote:
        lines.append(("原文: " if lang == "zh" else "quote: ") + violation.quote)
    lines.append(("应为: " if lang == "zh" else "expected: ") + violation.expected)
    return "\n".join(lines)
