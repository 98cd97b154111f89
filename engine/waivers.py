"""Waivers: accountable, expiring exemptions of single violations (format in docs/waivers.md).

A waiver file is YAML (or JSON) with a ``waivers`` list. Each entry names a rule id and one
violation, by ``fingerprint`` (as in the JSON/SARIF report) or by ``finding`` number (as printed,
with ``notice`` required), plus ``reason``, ``approved_by`` and ``expires`` (all required).

``apply_waivers`` keeps matched violations in the report, marked ``waived`` with the waiver's
reason, so they no longer count toward ``--fail-on``. Waivers are linted themselves: an expired
waiver waives nothing and is an error (``waiver-expired``); a waiver that matched nothing is a
warning (``waiver-unused``). Both point at the entry's line in the waiver file, in one extra
report whose ``source`` is the waiver file.

>>> import datetime
>>> waivers = parse_waivers('''
... waivers:
...   - rule: status-missing
...     finding: "1."
...     notice: "*huainan*"
...     reason: 该通报为节选
...     approved_by: 巡察办 张三
...     expires: 2099-12-31
... ''', "waivers.yaml")
>>> waivers.entries[0].line
3
>>> result = apply_waivers(ReportSet(), waivers, today=datetime.date(2025, 1, 1))
>>> [(v.rule_id, v.severity) for v in result.meta_violations]
[('waiver-unused', 'warning')]
"""

from __future__ import annotations

import datetime
import fnmatch
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from engine.errors import ConfigError
from engine.model import Span
from engine.reports.model import (
    Messages,
    Report,
    ReportSet,
    Summary,
    Violation,
    WaiverInfo,
    assign_fingerprints,
    summarise,
)
from engine.yaml_source import LoadedSource, parse_yaml_or_json, read_source_text, validation_error

WAIVER_EXPIRED = "waiver-expired"
WAIVER_UNUSED = "waiver-unused"
_HEX = re.compile(r"[0-9a-f]{12,64}")
_NUMBER_TRIM = ".、．。:："


class WaiverEntry(BaseModel):
    """One waiver as written in the file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    rule: str = Field(min_length=1, description="Rule id of the waived violation.")
    fingerprint: str | None = Field(None, description="Violation fingerprint (full, or a prefix of 12+ hex digits).")
    finding: str | None = Field(None, description="Finding number as printed (8. / (三)); needs `notice`.")
    section: str | None = Field(None, description="Section path as in the report (一/(二)), to tell apart "
                                                  "findings numbered alike.")
    notice: str | None = Field(None, description="Glob on the notice path (the path, or any tail after a /).")
    reason: str = Field(min_length=1, description="Why the violation is accepted.")
    approved_by: str = Field(min_length=1, description="Who approved the waiver.")
    expires: datetime.date = Field(description="Last day the waiver holds (YYYY-MM-DD).")

    @field_validator("finding", "section", mode="before")
    @classmethod
    def _number_as_text(cls, value: object) -> object:
        return str(value) if isinstance(value, int) and not isinstance(value, bool) else value

    @field_validator("rule", "reason", "approved_by")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be blank")
        return value.strip()

    @field_validator("fingerprint")
    @classmethod
    def _hex(cls, value: str | None) -> str | None:
        if value is not None and not _HEX.fullmatch(value.lower()):
            raise ValueError("a fingerprint is 12 to 64 hexadecimal digits")
        return None if value is None else value.lower()

    @field_validator("expires", mode="before")
    @classmethod
    def _iso_date(cls, value: object) -> object:
        if isinstance(value, datetime.datetime):
            raise ValueError("a date without time is expected (YYYY-MM-DD)")
        if isinstance(value, datetime.date):
            return value
        if isinstance(value, str):
            try:
                return datetime.date.fromisoformat(value.strip())
            except ValueError:
                raise ValueError(f"not a date: {value!r} (use YYYY-MM-DD)") from None
        raise ValueError("a date is expected (YYYY-MM-DD)")

    @model_validator(mode="after")
    def _one_selector(self) -> WaiverEntry:
        if (self.fingerprint is None) == (self.finding is None):
            raise ValueError("give exactly one of `fingerprint` or `finding`")
        if self.finding is not None and self.notice is None:
            raise ValueError("a `finding` waiver needs `notice` (finding numbers repeat across notices)")
        if self.section is not None and self.finding is None:
            raise ValueError("`section` only goes with `finding`")
        return self

    def selector(self) -> str:
        """The entry's target, as one short text (used in messages and quotes)."""
        parts = [f"rule: {self.rule}"]
        if self.fingerprint is not None:
            parts.append(f"fingerprint: {self.fingerprint}")
        if self.section is not None:
            parts.append(f"section: {self.section}")
        if self.finding is not None:
            parts.append(f"finding: {self.finding}")
        if self.notice is not None:
            parts.append(f"notice: {self.notice}")
        return ", ".join(parts)


class WaiverFileModel(BaseModel):
    """The whole waiver file (its JSON Schema is ``WaiverFileModel.model_json_schema()``)."""

    model_config = ConfigDict(extra="forbid")

    version: Literal[1] = 1
    waivers: list[WaiverEntry] = Field(default_factory=list)


@dataclass(frozen=True)
class Waiver:
    """A validated waiver entry and where it stands in its file."""

    entry: WaiverEntry
    index: int
    span: Span | None

    @property
    def line(self) -> int | None:
        return self.span.line if self.span else None

    def matches(self, violation: Violation, source: str | None) -> bool:
        """Whether this waiver names ``violation`` of the notice at ``source``."""
        entry = self.entry
        if violation.rule_id != entry.rule:
            return False
        if entry.notice is not None and not notice_matches(entry.notice, source):
            return False
        if entry.fingerprint is not None:
            return violation.fingerprint.startswith(entry.fingerprint)
        if violation.finding_number is None or entry.finding is None:
            return False
        if _number(violation.finding_number) != _number(entry.finding):
            return False
        return entry.section is None or _section(violation.section_path or "") == _section(entry.section)

    def info(self, path: str) -> WaiverInfo:
        place = f"{path}:{self.line}" if self.line else path
        return WaiverInfo(reason=self.entry.reason, approved_by=self.entry.approved_by,
                          expires=self.entry.expires, source=place)


@dataclass(frozen=True)
class WaiverFile:
    """A loaded waiver file."""

    path: str
    entries: list[Waiver] = field(default_factory=list)


@dataclass
class WaiverResult:
    """What ``apply_waivers`` did: the new report set and the waivers by outcome."""

    report_set: ReportSet
    waived: list[Violation] = field(default_factory=list)  # violations now marked waived
    expired: list[Waiver] = field(default_factory=list)
    unused: list[Waiver] = field(default_factory=list)
    meta_violations: list[Violation] = field(default_factory=list)  # waiver-expired / waiver-unused


def load_waivers(path: str | Path) -> WaiverFile:
    """Read and validate a waiver file; every problem is one ConfigError line with file:line [field]."""
    text = read_source_text(Path(path), ConfigError)
    return parse_waivers(text, str(path))


def parse_waivers(text: str, path: str = "<waivers>.yaml") -> WaiverFile:
    """Validate waiver YAML/JSON text (``path`` names it in errors)."""
    source = parse_yaml_or_json(text, path, ConfigError)
    if source.data is None:
        return WaiverFile(path=path)
    if not isinstance(source.data, dict):
        raise ConfigError("a waiver file must be a mapping with a `waivers` list", path=path, line=1, column=1)
    try:
        model = WaiverFileModel.model_validate(source.data)
    except ValidationError as exc:
        raise validation_error(source, exc, ConfigError) from None
    spans = _entry_spans(source, len(model.waivers))
    return WaiverFile(path=path, entries=[Waiver(entry, index, spans[index])
                                          for index, entry in enumerate(model.waivers)])


def apply_waivers(report_set: ReportSet, waivers: WaiverFile, today: datetime.date) -> WaiverResult:
    """Mark violations matched by a live waiver as waived; lint the waivers (expired, unused).

    The input is not changed. A waiver is live while ``today <= expires``. The first live
    waiver (in file order) that matches a violation waives it (a later duplicate stays unused);
    an expired one waives nothing.
    Expired waivers become ``waiver-expired`` errors and unused live ones ``waiver-unused``
    warnings, in an extra report for the waiver file (added only when there is one).
    """
    result_set = report_set.model_copy(deep=True)
    result = WaiverResult(report_set=result_set)
    applier = WaiverApplier(waivers, today)
    for report in result_set.reports:
        result.waived += applier.apply(report)
    result.expired, result.unused, result.meta_violations = applier.lint()
    meta = applier.meta_report(result.meta_violations)
    if meta is not None:
        result_set.reports.append(meta)
    refresh_summaries(result_set)
    return result


class WaiverApplier:
    """``apply_waivers`` one report at a time (for reports streamed through a run): ``apply`` marks a
    report's violations in place, ``lint`` then judges the waivers by what they matched overall."""

    def __init__(self, waivers: WaiverFile, today: datetime.date) -> None:
        self.waivers = waivers
        self.today = today
        self.used: set[int] = set()  # indices of the waivers that matched something

    def apply(self, report: Report) -> list[Violation]:
        """Mark the report's violations waived or not (its summary is not recounted); returns the waived."""
        waived: list[Violation] = []
        for violation in report.violations:
            violation.waived = False
            violation.waiver = None
            matching = [waiver for waiver in self.waivers.entries if waiver.matches(violation, report.source)]
            live = next((waiver for waiver in matching if waiver.entry.expires >= self.today), None)
            self.used.update(waiver.index for waiver in matching if waiver.entry.expires < self.today)
            if live is not None:
                self.used.add(live.index)
                violation.waived = True
                violation.waiver = live.info(self.waivers.path)
                waived.append(violation)
        return waived

    def lint(self) -> tuple[list[Waiver], list[Waiver], list[Violation]]:
        """The expired waivers, the unused live ones, and their ``waiver-expired``/``waiver-unused`` violations."""
        expired: list[Waiver] = []
        unused: list[Waiver] = []
        meta: list[Violation] = []
        for waiver in self.waivers.entries:
            if waiver.entry.expires < self.today:
                expired.append(waiver)
                meta.append(_expired(waiver, self.waivers.path, self.today, waiver.index in self.used))
            elif waiver.index not in self.used:
                unused.append(waiver)
                meta.append(_unused(waiver))
        assign_fingerprints(meta)
        return expired, unused, meta

    def meta_report(self, meta_violations: list[Violation]) -> Report | None:
        """The extra report for the waiver file, when it has violations (its summary is not counted yet)."""
        return Report(source=self.waivers.path, violations=meta_violations) if meta_violations else None


def refresh_summaries(report_set: ReportSet) -> None:
    """Recount each report's violations (keeping facts, rules, passed checks) and the set's total."""
    total = Summary()
    for report in report_set.reports:
        refresh_summary(report)
        for name in Summary.model_fields:
            setattr(total, name, getattr(total, name) + getattr(report.summary, name))
    report_set.summary = total


def refresh_summary(report: Report) -> None:
    """Recount one report's violations (keeping facts, rules, passed checks)."""
    counts = summarise(report.violations)
    counts.facts = report.summary.facts
    counts.rules = report.summary.rules
    counts.passed_checks = report.summary.passed_checks
    report.summary = counts


def notice_matches(pattern: str, source: str | None) -> bool:
    """Glob ``pattern`` against a notice path, or any tail of it after a ``/`` (``*`` crosses ``/``)."""
    if source is None:
        return False
    path = source.replace("\\", "/")
    while path.startswith("./"):
        path = path[2:]
    pattern = pattern.replace("\\", "/").removeprefix("./")
    parts = path.split("/")
    return any(fnmatch.fnmatchcase("/".join(parts[start:]), pattern) for start in range(len(parts)))


def _number(text: str) -> str:
    """A finding number compared loosely: NFKC, no spaces, no trailing 。/./、 (so 8 == 8. == ８．)."""
    return "".join(unicodedata.normalize("NFKC", text).split()).rstrip(_NUMBER_TRIM)


def _section(text: str) -> str:
    return "/".join(_number(part) for part in unicodedata.normalize("NFKC", text).split("/"))


def _entry_spans(source: LoadedSource, count: int) -> list[Span | None]:
    """Spans of the entries of the ``waivers`` list (None where the node tree is unknown)."""
    spans: list[Span | None] = [None] * count
    root = source.root
    if not isinstance(root, yaml.MappingNode):
        return spans
    for key_node, value_node in root.value:
        if isinstance(key_node, yaml.ScalarNode) and key_node.value == "waivers" \
                and isinstance(value_node, yaml.SequenceNode):
            for index, node in enumerate(value_node.value[:count]):
                start, end = node.start_mark, node.end_mark
                spans[index] = Span(start=start.index, end=max(end.index, start.index), line=start.line + 1,
                                    column=start.column + 1)
    return spans


def _meta(rule_id: str, severity: Literal["error", "warning"], title: str, messages: Messages, waiver: Waiver,
          expected: str, actual: dict[str, Any]) -> Violation:
    return Violation(rule_id=rule_id, severity=severity, title=title, message=messages, subject="waiver",
                     fact_id=f"waiver:{waiver.index + 1}", span=waiver.span, quote=waiver.entry.selector(),
                     expected=expected, actual=actual)


def _expired(waiver: Waiver, path: str, today: datetime.date, matched: bool) -> Violation:
    entry = waiver.entry
    still = "所豁免的问题重新计入" if matched else "且已无匹配的问题"
    still_en = "the violations it matches count again" if matched else "it matches nothing any more"
    return _meta(
        WAIVER_EXPIRED, "error", "豁免已过期 (waiver expired)",
        Messages(zh=f"豁免已于 {entry.expires.isoformat()} 到期({entry.selector()},批准人 {entry.approved_by}),"
                    f"{still};请整改、续期或删除该豁免",
                 en=f"waiver expired on {entry.expires.isoformat()} ({entry.selector()}, approved by "
                    f"{entry.approved_by}); {still_en}: fix it, renew or remove the waiver"),
        waiver, f"expires >= {today.isoformat()}",
        {"rule": entry.rule, "expires": entry.expires.isoformat(), "approved_by": entry.approved_by},
    )


def _unused(waiver: Waiver) -> Violation:
    entry = waiver.entry
    return _meta(
        WAIVER_UNUSED, "warning", "豁免未匹配任何问题 (unused waiver)",
        Messages(zh=f"豁免未匹配任何问题({entry.selector()}),请删除或更正",
                 en=f"waiver matches no violation ({entry.selector()}); remove or correct it"),
        waiver, "the waiver matches at least one violation",
        {"rule": entry.rule, "expires": entry.expires.isoformat()},
    )


__all__ = [
    "WAIVER_EXPIRED",
    "WAIVER_UNUSED",
    "Waiver",
    "WaiverApplier",
    "WaiverEntry",
    "WaiverFile",
    "WaiverFileModel",
    "WaiverResult",
    "apply_waivers",
    "load_waivers",
    "notice_matches",
    "parse_waivers",
    "refresh_summaries",
    "refresh_summary",
]
