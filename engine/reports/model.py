"""The report model: violations with their place in the notice, evidence of passed checks, claims.

The JSON form (``Report.to_json``) is versioned and deterministic: keys sorted, violations in
document order then rule id, fingerprints independent of line numbers.
"""

from __future__ import annotations

import datetime
import hashlib
import unicodedata
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, SerializerFunctionWrapHandler, model_serializer

from engine.compact_json import json_encoder
from engine.field_defaults import empty_list
from engine.model import Span
from engine.rule_language.schema import Severity

REPORT_VERSION: Literal["1"] = "1"

ScalarValue = bool | int | float | str | None


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


def _drop_defaults(data: dict[str, Any], defaults: dict[str, Any]) -> dict[str, Any]:
    """Leave out optional suppression fields at their defaults, so older report JSON stays byte-identical."""
    return {key: value for key, value in data.items() if key not in defaults or value != defaults[key]}


class WaiverInfo(_Model):
    """Why a violation is waived: the waiver entry that matched it (see docs/waivers.md)."""

    reason: str
    approved_by: str
    expires: datetime.date
    source: str | None = None  # waiver file:line


class Messages(_Model):
    zh: str
    en: str


class Violation(_Model):
    """One rule violated by one subject fact."""

    rule_id: str
    severity: Severity
    title: str
    message: Messages
    subject: str
    fact_id: str
    finding_number: str | None = None
    section_path: str | None = None
    span: Span | None = None
    place: Messages | None = None  # where it stands, for humans: 一/(二) 第8个问题（编号8.）, 通报头部
    quote: str | None = None
    expected: str
    actual: dict[str, ScalarValue] = Field(default_factory=dict)
    fingerprint: str = ""
    waived: bool = False  # matched by a waiver that has not expired (engine.waivers)
    waiver: WaiverInfo | None = None
    baselined: bool = False  # present in the baseline file (engine.baseline)

    @property
    def suppressed(self) -> bool:
        """Waived or baselined: still listed, but not counted toward ``--fail-on``."""
        return self.waived or self.baselined

    @model_serializer(mode="wrap")
    def _serialise(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        data: dict[str, Any] = handler(self)
        return _drop_defaults(data, {"waived": False, "waiver": None, "baselined": False, "place": None})


class ClaimEvaluation(_Model):
    """A claim the notice makes about its own numbers, and the verdict."""

    fact_id: str
    kind: str
    target: str
    text: str
    claimed: str
    actual: str | None = None
    delta: str | None = None
    checkable: bool
    matches: bool
    reason: str | None = None


class Summary(_Model):
    error: int = 0
    warning: int = 0
    info: int = 0
    total: int = 0
    facts: int = 0
    rules: int = 0
    passed_checks: int = 0
    waived: int = 0  # suppressed violations, not in error/warning/info/total
    baselined: int = 0

    @model_serializer(mode="wrap")
    def _serialise(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        data: dict[str, Any] = handler(self)
        return _drop_defaults(data, {"waived": 0, "baselined": 0})


class RuleFailure(_Model):
    """A rule that could not be evaluated on this notice (for instance its pattern timed out).

    The rule has neither violations nor passed checks in the report; the other rules are complete.
    ``code`` is the error code (ZG610 for a pattern timeout), ``line`` where the fact stands.
    """

    rule_id: str
    code: str
    message: str
    fact_id: str | None = None
    line: int | None = None
    hint: str | None = None


class Report(_Model):
    """The result of checking one notice.

    ``errors`` (left out of the JSON when empty) lists rules that could not be evaluated; a
    report with errors makes ``zhenggai check`` exit 2.

    ``source_text`` is the decoded original text of the notice (what span offsets index), kept
    in memory when the notice was read from a raw file (``check_one`` sets it) so the text and
    HTML formats can show each span in its line. It is never part of the JSON; copies and
    pickles (worker processes) keep it.
    """

    version: Literal["1"] = REPORT_VERSION
    source: str | None = None
    violations: list[Violation] = Field(default_factory=empty_list)
    passed: dict[str, list[str]] = Field(default_factory=dict)  # rule id -> fact ids checked and passed
    claims: list[ClaimEvaluation] = Field(default_factory=empty_list)
    summary: Summary = Field(default_factory=Summary)
    errors: list[RuleFailure] = Field(default_factory=empty_list)
    _source_text: str | None = PrivateAttr(default=None)

    @property
    def source_text(self) -> str | None:
        """The decoded original text of the notice, when it is known (not in the JSON)."""
        return self._source_text

    def attach_source_text(self, text: str | None) -> Report:
        """Keep the notice's original text with the report (for excerpts and HTML); returns self."""
        self._source_text = text
        return self

    @model_serializer(mode="wrap")
    def _serialise(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        data: dict[str, Any] = handler(self)
        return _drop_defaults(data, {"errors": []})


class ReportSet(_Model):
    """Reports of several notices (what ``zhenggai check --format json`` prints)."""

    version: Literal["1"] = REPORT_VERSION
    reports: list[Report] = Field(default_factory=empty_list)
    summary: Summary = Field(default_factory=Summary)


def normalise(text: str) -> str:
    """NFKC, whitespace collapsed: what a fingerprint sees of quoted text."""
    # A character may be replaced by its NFKC decomposition before normalising without changing the
    # result. Quotes cut short end with "…" (NFKC: "..."): replaced first, the usual quote (Chinese
    # text and punctuation) takes unicodedata's quick "already normalised" path instead of a full
    # normalisation (about 5 µs).
    return " ".join(unicodedata.normalize("NFKC", text.replace("…", "...")).split())


_FINGERPRINT_JSON = json_encoder(sort_keys=True)  # json.dumps(value, sort_keys=True, ensure_ascii=False)


def fingerprint_of(rule_id: str, subject: str, fact_id: str, finding_number: str | None, quote: str | None,
                   actual: dict[str, ScalarValue]) -> str:
    """sha256 of rule id, subject reference and normalised quoted values (never line numbers).

    The fingerprint of a violation with these fields (``fingerprint``), from plain values: the
    runner computes it before the Violation is made.
    """
    subject_ref = finding_number or ""
    quoted = normalise(quote or "")
    if not quoted and not subject_ref:
        subject_ref = fact_id
    values = {key: normalise(value) if isinstance(value, str) else value for key, value in actual.items()}
    payload = _FINGERPRINT_JSON([rule_id, subject, subject_ref, quoted, values])
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def fingerprint(violation: Violation) -> str:
    """sha256 of rule id, subject reference and normalised quoted values (never line numbers)."""
    return fingerprint_of(violation.rule_id, violation.subject, violation.fact_id, violation.finding_number,
                          violation.quote, violation.actual)


def distinct_fingerprints(bases: list[str]) -> list[str]:
    """The fingerprints of a report's violations, in order: equal ones get an occurrence number folded
    in, so all are distinct."""
    counts: dict[str, int] = {}
    result = []
    for base in bases:
        seen = counts.get(base, 0)
        counts[base] = seen + 1
        result.append(base if seen == 0 else hashlib.sha256(f"{base}:{seen}".encode()).hexdigest())
    return result


def assign_fingerprints(violations: list[Violation]) -> None:
    """Set fingerprints; equal ones get an occurrence number folded in, so all are distinct."""
    for violation, value in zip(violations, distinct_fingerprints([fingerprint(v) for v in violations]), strict=True):
        violation.fingerprint = value


def summarise(violations: list[Violation]) -> Summary:
    """Counts per severity of the violations that count; waived and baselined ones are tallied apart."""
    # counted in plain ints and set once: each assignment to a model field goes through pydantic
    counts = {"error": 0, "warning": 0, "info": 0}
    waived = baselined = 0
    for violation in violations:
        if violation.waived:
            waived += 1
        elif violation.baselined:
            baselined += 1
        else:
            counts[violation.severity] += 1
    return Summary(error=counts["error"], warning=counts["warning"], info=counts["info"],
                   total=sum(counts.values()), waived=waived, baselined=baselined)
