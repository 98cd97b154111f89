"""Baselines: accept the violations a notice has today, and fail only on new ones.

A baseline file lists violation fingerprints per notice path and rule id (format in
docs/waivers.md). Fingerprints come from the rule id, subject, finding number and normalised
quoted text, never from line numbers, so edits elsewhere in a notice (a blank line inserted
at the top, a paragraph added) do not bring old violations back.

``apply_baseline`` keeps baselined violations in the report, marked ``baselined``; they no
longer count toward ``--fail-on``. Waived violations stay waived, and waiver meta-violations
(``waiver-expired``, ``waiver-unused``) are never baselined.

>>> from engine.reports.model import Messages, Report, ReportSet, Violation
>>> v = Violation(rule_id="status-missing", severity="error", title="t", message=Messages(zh="z", en="e"),
...               subject="finding", fact_id="finding:1", expected="status exists", fingerprint="ab" * 32)
>>> reports = ReportSet(reports=[Report(source="notices/a.txt", violations=[v])])
>>> print(baseline_text(make_baseline(reports)), end="")
# zhenggai baseline: violations accepted as they are (fingerprints per notice and rule id).
# Regenerate with: zhenggai check ... --write-baseline FILE
version: 1
notices:
  notices/a.txt:
    status-missing:
    - abababababababababababababababababababababababababababababababab
>>> result = apply_baseline(reports, make_baseline(reports))
>>> [v.baselined for v in result.report_set.reports[0].violations], result.report_set.summary.total
([True], 0)
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from engine.errors import ConfigError
from engine.reports.model import Report, ReportSet, Violation
from engine.waivers import WAIVER_EXPIRED, WAIVER_UNUSED, refresh_summaries
from engine.yaml_source import parse_yaml_or_json, read_source_text, validation_error

HEADER = ("# zhenggai baseline: violations accepted as they are (fingerprints per notice and rule id).\n"
          "# Regenerate with: zhenggai check ... --write-baseline FILE\n")
_META_RULES = frozenset({WAIVER_EXPIRED, WAIVER_UNUSED})

Fingerprints = dict[str, dict[str, list[str]]]  # notice path -> rule id -> sorted fingerprints


class BaselineFileModel(BaseModel):
    """The baseline file as validated."""

    model_config = ConfigDict(extra="forbid")

    version: Literal[1] = 1
    notices: dict[str, dict[str, list[str]]] = Field(default_factory=dict)


@dataclass
class Baseline:
    """Accepted violation fingerprints per notice path (normalised) and rule id."""

    notices: Fingerprints = field(default_factory=dict)
    path: str | None = None

    def contains(self, source: str | None, violation: Violation) -> bool:
        """Whether ``violation`` of the notice at ``source`` is in the baseline."""
        rules = self.notices.get(notice_key(source))
        return rules is not None and violation.fingerprint in rules.get(violation.rule_id, ())

    def __len__(self) -> int:
        return sum(len(prints) for rules in self.notices.values() for prints in rules.values())


@dataclass
class BaselineResult:
    """What ``apply_baseline`` did."""

    report_set: ReportSet
    baselined: list[Violation] = field(default_factory=list)  # matched, now marked baselined
    new: list[Violation] = field(default_factory=list)  # not in the baseline (and not waived)
    fixed: list[tuple[str, str, str]] = field(default_factory=list)  # (notice, rule, fingerprint) gone


def notice_key(source: str | None) -> str:
    """A notice path as a baseline stores it: forward slashes, no ``./``, relative to the cwd if under it."""
    if source is None or source in ("", "-"):
        return "-"
    path = source.replace("\\", "/")
    if os.path.isabs(source):
        with contextlib.suppress(ValueError):  # outside the cwd: keep it absolute
            path = Path(source).resolve().relative_to(Path.cwd().resolve()).as_posix()
    return str(PurePosixPath(path))


def make_baseline(report_set: ReportSet) -> Baseline:
    """The baseline of a report set: every violation except waived ones and waiver meta-violations."""
    notices: Fingerprints = {}
    for report in report_set.reports:
        add_to_baseline(notices, report)
    return Baseline(notices=_sorted(notices))


def add_to_baseline(notices: Fingerprints, report: Report) -> None:
    """Add one report's fingerprints to ``notices`` (what ``make_baseline`` collects, report by report)."""
    for violation in report.violations:
        if violation.waived or violation.rule_id in _META_RULES or not violation.fingerprint:
            continue
        rules = notices.setdefault(notice_key(report.source), {})
        rules.setdefault(violation.rule_id, []).append(violation.fingerprint)


def baseline_text(baseline: Baseline, fmt: Literal["yaml", "json"] = "yaml") -> str:
    """The file text: sorted, deterministic, UTF-8, trailing newline."""
    data = {"version": 1, "notices": _sorted(baseline.notices)}
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=False, width=1000)
    return HEADER + body


def write_baseline(report_set: ReportSet | Fingerprints, path: str | Path) -> Baseline:
    """Write the baseline of ``report_set`` (or of the fingerprints ``add_to_baseline`` collected) to
    ``path`` (JSON for ``.json``, else YAML) and return it."""
    file = Path(path)
    baseline = make_baseline(report_set) if isinstance(report_set, ReportSet) else Baseline(_sorted(report_set))
    baseline.path = str(path)
    fmt: Literal["yaml", "json"] = "json" if file.suffix.lower() == ".json" else "yaml"
    try:
        file.write_text(baseline_text(baseline, fmt), encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot write baseline: {exc.strerror}", path=str(path)) from None
    return baseline


def load_baseline(path: str | Path) -> Baseline:
    """Read and validate a baseline file; problems are one ConfigError line with file:line [field]."""
    text = read_source_text(Path(path), ConfigError)
    return parse_baseline(text, str(path))


def parse_baseline(text: str, path: str = "<baseline>.yaml") -> Baseline:
    """Validate baseline YAML/JSON text (``path`` names it in errors)."""
    source = parse_yaml_or_json(text, path, ConfigError)
    if not isinstance(source.data, dict):
        raise ConfigError("a baseline file must be a mapping with `version` and `notices`", path=path,
                          line=1, column=1)
    try:
        model = BaselineFileModel.model_validate(source.data)
    except ValidationError as exc:
        raise validation_error(source, exc, ConfigError) from None
    notices: Fingerprints = {}
    for notice, rules in model.notices.items():
        merged = notices.setdefault(notice_key(notice), {})
        for rule_id, prints in rules.items():
            merged.setdefault(rule_id, []).extend(prints)
    return Baseline(notices=_sorted(notices), path=path)


def apply_baseline(report_set: ReportSet, baseline: Baseline) -> BaselineResult:
    """Mark violations found in the baseline as baselined (the input is not changed)."""
    result_set = report_set.model_copy(deep=True)
    result = BaselineResult(report_set=result_set)
    seen: set[tuple[str, str, str]] = set()
    for report in result_set.reports:
        baselined, new = mark_baselined(report, baseline, seen)
        result.baselined += baselined
        result.new += new
    checked = {notice_key(report.source) for report in result_set.reports}
    result.fixed = [(notice, rule_id, fingerprint)
                    for notice, rules in baseline.notices.items() if notice in checked
                    for rule_id, prints in rules.items() for fingerprint in prints
                    if (notice, rule_id, fingerprint) not in seen]
    refresh_summaries(result_set)
    return result


def mark_baselined(report: Report, baseline: Baseline,
                   seen: set[tuple[str, str, str]] | None = None) -> tuple[list[Violation], list[Violation]]:
    """Mark one report's violations found in the baseline, in place (its summary is not recounted).

    Returns the violations now baselined and the new ones (not waived); ``seen`` collects the
    (notice, rule, fingerprint) entries of the baseline that matched.
    """
    baselined: list[Violation] = []
    new: list[Violation] = []
    key = notice_key(report.source)
    for violation in report.violations:
        violation.baselined = False
        if violation.rule_id in _META_RULES:
            continue
        if baseline.contains(report.source, violation):
            if seen is not None:
                seen.add((key, violation.rule_id, violation.fingerprint))
            if not violation.waived:
                violation.baselined = True
                baselined.append(violation)
        elif not violation.waived:
            new.append(violation)
    return baselined, new


def _sorted(notices: Fingerprints) -> Fingerprints:
    return {notice: {rule_id: sorted(set(prints)) for rule_id, prints in sorted(rules.items()) if prints}
            for notice, rules in sorted(notices.items()) if any(rules.values())}


__all__ = [
    "Baseline",
    "BaselineFileModel",
    "BaselineResult",
    "add_to_baseline",
    "apply_baseline",
    "baseline_text",
    "load_baseline",
    "make_baseline",
    "mark_baselined",
    "notice_key",
    "parse_baseline",
    "write_baseline",
]
