"""SARIF 2.1.0 output for code-scanning UIs (GitHub code scanning, GitLab, VS Code SARIF viewer).

One run; ``tool.driver`` lists every rule given plus every violated one (sorted by id), and each
violation is one result pointing at its notice (``%SRCROOT%``-relative URI) and region, with the
finding and section as logical locations (or, for a violation without either, its place in words,
also appended to the message when there is no region) and the report fingerprint as a partial
fingerprint. Rules that could not be evaluated on a notice (``Report.errors``, e.g. a pattern
timeout) are error-level ``invocations[0].toolExecutionNotifications`` naming the rule
(``associatedRule``) and the error code (``descriptor``); ``executionSuccessful`` is then false.
Columns are Unicode code points (``run.columnKind``), as the engine counts them. ``language``
is left out on purpose: the official schema's pattern for it (``^(?i)...``) is not a valid
Python/ECMAScript regex, so validators choke on any value.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from pathlib import PurePath
from typing import Any
from urllib.parse import quote as url_quote

from engine import __version__
from engine.reports.formatting import (
    Lang,
    RuleInfo,
    check_lang,
    end_position,
    localized,
    message_of,
    place_of,
    rule_table,
    source_path,
)
from engine.reports.model import Report, ReportSet, RuleFailure, Violation
from engine.reports.streaming import RuleTableWriter, indent
from engine.rule_language.schema import Severity

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
SRCROOT = "%SRCROOT%"
FINGERPRINT_KEY = "zhenggai/v1"
LEVELS: dict[Severity, str] = {"error": "error", "warning": "warning", "info": "note"}


def render_sarif(report_set: ReportSet, rules: Mapping[str, RuleInfo], lang: str = "zh", *,
                 root: str | PurePath | None = None) -> str:
    """The report set as a SARIF 2.1.0 log (two-space indented JSON, UTF-8 text, trailing newline).

    ``root``: the directory ``%SRCROOT%`` stands for; absolute notice paths under it become
    relative, and an absolute root is recorded in ``originalUriBaseIds``. Relative notice paths
    are taken as relative to it already.
    """
    language = check_lang(lang)
    table = rule_table(report_set, rules)
    index = {rule_id: position for position, rule_id in enumerate(table)}
    results = [_result(violation, report.source, index, language, root)
               for report in report_set.reports for violation in report.violations]
    notifications = [_notification(failure, report.source, index, root)
                     for report in report_set.reports for failure in report.errors]
    return json.dumps(_log(table, notifications, results, language, root), ensure_ascii=False, indent=2) + "\n"


def _log(table: Mapping[str, RuleInfo], notifications: list[dict[str, Any]], results: list[dict[str, Any]],
         language: Lang, root: str | PurePath | None) -> dict[str, Any]:
    """The SARIF log of one run: the rules, the notifications, the results (last, as streaming relies on)."""
    run: dict[str, Any] = {
        "tool": {"driver": {
            "name": "zhenggai",
            "version": __version__,
            "semanticVersion": __version__,
            "rules": [_descriptor(rule_id, info, language) for rule_id, info in table.items()],
        }},
        "columnKind": "unicodeCodePoints",
    }
    base_uri = _directory_uri(root) if root is not None else None
    if base_uri is not None:
        run["originalUriBaseIds"] = {SRCROOT: {"uri": base_uri}}
    invocation: dict[str, Any] = {"executionSuccessful": not notifications}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    run["invocations"] = [invocation]
    run["results"] = results
    return {"$schema": SARIF_SCHEMA_URI, "version": SARIF_VERSION, "runs": [run]}


class SarifWriter(RuleTableWriter):
    """``render_sarif`` written report by report: results are spooled; the rules table and the
    notifications (rules not evaluated: few) come first in the log, so they are written at the end."""

    def __init__(self, rules: Mapping[str, RuleInfo], lang: str = "zh", *, root: str | PurePath | None = None) -> None:
        super().__init__(rules, lang, root=root)
        self.index = _index(self.rules.table())
        self.failures: list[tuple[RuleFailure, str | None]] = []
        self.written = False  # some result is spooled
        self.renumber = False  # the table changed after some result was spooled

    def add(self, report: Report) -> None:
        super().add(report)
        if self.rules.grown:  # a rule missing from the given ones: the indices after it move
            self.rules.grown = False
            self.index = _index(self.rules.table())
            self.renumber = self.renumber or self.written
        for violation in report.violations:
            result = json.dumps(_result(violation, report.source, self.index, self.language, self.root),
                                ensure_ascii=False, indent=2)
            self.spool.write(("\n" if not self.written else ",\n") + indent(result, RESULT_INDENT))
            self.written = True
        self.failures.extend((failure, report.source) for failure in report.errors)

    def pieces(self) -> Iterator[str]:
        table = self.rules.table()
        index = _index(table)
        notifications = [_notification(failure, source, index, self.root) for failure, source in self.failures]
        whole = json.dumps(_log(table, notifications, [], self.language, self.root), ensure_ascii=False,
                           indent=2) + "\n"
        if not self.written:
            self.spool.close()
            yield whole
            return
        head, _, tail = whole.rpartition('"results": []')  # the last key of the run
        yield head + '"results": ['
        if self.renumber:
            yield from _renumbered(self.spool.lines(), index)
        else:
            yield from self.spool.pieces()
        yield "\n" + " " * (RESULT_INDENT - 2) + "]" + tail


RESULT_INDENT = 8  # results[i] in {"runs": [{"results": [...]}]}
_RULE_ID_LINE = re.compile(r'^ {10}"ruleId": (".*"),$')
_RULE_INDEX_LINE = re.compile(r"^( {10}\"ruleIndex\": )\d+(,?)$")


def _index(table: Mapping[str, RuleInfo]) -> dict[str, int]:
    return {rule_id: position for position, rule_id in enumerate(table)}


def _renumbered(lines: Iterator[str], index: Mapping[str, int]) -> Iterator[str]:
    """Spooled results with each ``ruleIndex`` set from ``index`` (it follows its result's ``ruleId``)."""
    rule_id = ""
    for line in lines:
        found = _RULE_ID_LINE.match(line.rstrip("\n"))
        if found:
            rule_id = json.loads(found.group(1))
        number = _RULE_INDEX_LINE.match(line.rstrip("\n"))
        if number:
            line = f"{number.group(1)}{index[rule_id]}{number.group(2)}" + ("\n" if line.endswith("\n") else "")
        yield line


def _descriptor(rule_id: str, info: RuleInfo, lang: Lang) -> dict[str, Any]:
    title = localized(info.title, lang)
    rationale = localized(info.rationale, lang) or title
    descriptor: dict[str, Any] = {
        "id": rule_id,
        "name": _pascal(rule_id),
        "shortDescription": {"text": title},
        "fullDescription": {"text": rationale},
        "help": {"text": rationale},
        "defaultConfiguration": {"level": LEVELS[info.severity]},
    }
    tags = sorted(set(info.tags))
    if tags:
        descriptor["properties"] = {"tags": tags}
    return descriptor


def _result(violation: Violation, source: str | None, index: Mapping[str, int], lang: Lang,
            root: str | PurePath | None) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": violation.rule_id,
        "ruleIndex": index[violation.rule_id],
        "level": LEVELS[violation.severity],
        "message": {"text": _message(violation, lang)},
    }
    location: dict[str, Any] = {}
    physical = _physical_location(violation, source, root)
    if physical is not None:
        location["physicalLocation"] = physical
    logical = _logical_locations(violation, lang)
    if logical:
        location["logicalLocations"] = logical
    result["locations"] = [location] if location else []
    if violation.fingerprint:
        result["partialFingerprints"] = {FINGERPRINT_KEY: violation.fingerprint}
    properties: dict[str, Any] = {"subject": violation.subject, "factId": violation.fact_id,
                                  "expected": violation.expected}
    if violation.actual:
        properties["actual"] = {key: violation.actual[key] for key in sorted(violation.actual)}
    if violation.quote is not None:
        properties["quote"] = violation.quote
    result["properties"] = properties
    return result


def _physical_location(violation: Violation, source: str | None,
                       root: str | PurePath | None) -> dict[str, Any] | None:
    path = source_path(source, root)
    if path is None:
        return None
    physical = _artifact(path)
    span = violation.span
    if span is not None:
        region: dict[str, Any] = {"startLine": span.line, "startColumn": span.column}
        end = end_position(span, violation.quote)
        if end is not None:
            region["endLine"], region["endColumn"] = end
        region["charOffset"] = span.start
        region["charLength"] = max(span.end - span.start, 0)
        if end is not None and violation.quote:
            region["snippet"] = {"text": violation.quote}
        physical["region"] = region
    return physical


def _message(violation: Violation, lang: Lang) -> str:
    """The message; without a span, followed by the place in words (a viewer has no region to show)."""
    message = message_of(violation, lang)
    place = place_of(violation, lang)
    if violation.span is None and place:
        message += f"（{place}）" if lang == "zh" else f" ({place})"
    return message


def _notification(failure: RuleFailure, source: str | None, index: Mapping[str, int],
                  root: str | PurePath | None) -> dict[str, Any]:
    """A rule that could not be evaluated on a notice, as an error-level tool execution notification."""
    text = failure.message + (f" ({failure.hint})" if failure.hint else "")
    notification: dict[str, Any] = {"level": "error", "message": {"text": text},
                                    "descriptor": {"id": failure.code}}
    rule: dict[str, Any] = {"id": failure.rule_id}
    if failure.rule_id in index:
        rule["index"] = index[failure.rule_id]
    notification["associatedRule"] = rule
    path = source_path(source, root)
    if path is not None:
        physical = _artifact(path)
        if failure.line is not None:
            physical["region"] = {"startLine": failure.line}
        notification["locations"] = [{"physicalLocation": physical}]
    if failure.fact_id:
        notification["properties"] = {"factId": failure.fact_id}
    return notification


def _logical_locations(violation: Violation, lang: Lang) -> list[dict[str, str]]:
    locations: list[dict[str, str]] = []
    place = place_of(violation, lang)
    if place and (violation.span is None or not (violation.section_path or violation.finding_number)):
        locations.append({"name": place, "kind": "place"})
    if violation.section_path:
        locations.append({"name": violation.section_path, "kind": "section"})
    if violation.finding_number:
        finding = {"name": violation.finding_number, "kind": "finding"}
        if violation.section_path:
            finding["fullyQualifiedName"] = f"{violation.section_path} / {violation.finding_number}"
        locations.append(finding)
    return locations


def _artifact(path: str) -> dict[str, Any]:
    """A physical location naming the notice file (``%SRCROOT%``-relative unless absolute)."""
    if PurePath(path).is_absolute() or re.match(r"^[A-Za-z]:/", path):
        artifact = {"uri": _absolute_uri(path)}
    else:
        artifact = {"uri": url_quote(path, safe="/"), "uriBaseId": SRCROOT}
    return {"artifactLocation": artifact}


def _pascal(rule_id: str) -> str:
    """``finding-has-deadline`` -> ``FindingHasDeadline`` (SARIF's readable rule name)."""
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[^A-Za-z0-9]+", rule_id) if part)


def _absolute_uri(path: str) -> str:
    if re.match(r"^[A-Za-z]:/", path):
        return "file:///" + path[:2] + url_quote(path[2:], safe="/")
    return "file://" + url_quote(path, safe="/")


def _directory_uri(root: str | PurePath) -> str | None:
    """The absolute ``file:`` URI of a root directory (with a trailing slash); None if relative."""
    text = str(root).replace("\\", "/")
    if not re.match(r"^(/|[A-Za-z]:/)", text):
        return None
    return _absolute_uri(text.rstrip("/") + "/")
