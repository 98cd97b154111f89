"""What the report formatters share: rule metadata, language, paths, positions, text clean-up.

The formatters (``sarif``, ``junit``, ``markdown``, ``github``) take rule metadata as a mapping of
rule id to any object with ``title``, ``severity``, ``rationale`` and ``tags``: a
``engine.rule_language.schema.Rule`` fits, and so does :class:`RuleMeta`. Title and rationale may
also be ``{"zh": ..., "en": ...}`` mappings.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import PurePath, PurePosixPath, PureWindowsPath
from typing import Literal, Protocol

from engine.model import Span
from engine.reports.model import Report, ReportSet, RuleFailure, Violation
from engine.rule_language.schema import SEVERITY_RANK, Severity

Lang = Literal["zh", "en"]
LocalText = str | Mapping[str, str]

SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")
SEVERITY_LABELS: dict[Lang, dict[Severity, str]] = {
    "zh": {"error": "错误", "warning": "警告", "info": "提示"},
    "en": {"error": "error", "warning": "warning", "info": "info"},
}

# Characters XML 1.0 cannot carry (C0 controls except tab, LF, CR; surrogates; U+FFFE/U+FFFF).
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


class RuleInfo(Protocol):
    """The rule metadata the formatters read."""

    @property
    def title(self) -> LocalText: ...

    @property
    def severity(self) -> Severity: ...

    @property
    def rationale(self) -> LocalText: ...

    @property
    def tags(self) -> Sequence[str]: ...


@dataclass(frozen=True)
class RuleMeta:
    """Plain rule metadata (satisfies :class:`RuleInfo`)."""

    title: LocalText
    severity: Severity
    rationale: LocalText = ""
    tags: Sequence[str] = ()


def check_lang(lang: str) -> Lang:
    """``"zh"`` or ``"en"``; anything else is a ValueError."""
    if lang == "zh":
        return "zh"
    if lang == "en":
        return "en"
    raise ValueError(f"unknown language {lang!r}: use 'zh' or 'en'")


def localized(text: LocalText, lang: Lang) -> str:
    """A plain string as is; of a ``{zh, en}`` mapping the chosen language (else the other one)."""
    if isinstance(text, str):
        return text
    other: Lang = "en" if lang == "zh" else "zh"
    return text.get(lang) or text.get(other) or ""


def message_of(violation: Violation, lang: Lang) -> str:
    return violation.message.zh if lang == "zh" else violation.message.en


def rule_table(report_set: ReportSet, rules: Mapping[str, RuleInfo]) -> dict[str, RuleInfo]:
    """Rule id -> metadata for every given rule and every violated one, sorted by id.

    A violated rule missing from ``rules`` gets metadata from its violation (title, severity).
    """
    table: dict[str, RuleInfo] = dict(rules)
    for report in report_set.reports:
        for violation in report.violations:
            if violation.rule_id not in table:
                table[violation.rule_id] = RuleMeta(title=violation.title, severity=violation.severity)
    return {rule_id: table[rule_id] for rule_id in sorted(table)}


def rules_run(report: Report) -> list[str]:
    """Ids of the rules that ran on a notice (all with a ``passed`` entry, plus violated ones), sorted."""
    return sorted(set(report.passed) | {violation.rule_id for violation in report.violations})


def severity_counts(violations: Iterable[Violation]) -> dict[Severity, int]:
    counts: dict[Severity, int] = dict.fromkeys(SEVERITIES, 0)
    for violation in violations:
        counts[violation.severity] += 1
    return counts


def by_severity(violations: Iterable[Violation]) -> list[Violation]:
    """Most severe first; otherwise in the given (document) order."""
    return sorted(violations, key=lambda v: -SEVERITY_RANK[v.severity])


def source_path(source: str | None, root: str | PurePath | None = None) -> str | None:
    """The notice path with forward slashes, relative to ``root`` when it lies under it.

    None for a report without a source or read from stdin (``-``).
    """
    if source is None or source in ("", "-"):
        return None
    windows = "\\" in source or PureWindowsPath(source).drive != ""
    path: PurePath = PureWindowsPath(source) if windows else PurePosixPath(source)
    if root is not None:
        base: PurePath = PureWindowsPath(root) if windows else PurePosixPath(str(root).replace("\\", "/"))
        if path.is_absolute() and path.is_relative_to(base):
            path = path.relative_to(base)
    text = path.as_posix()
    return text[2:] if text.startswith("./") else text


def end_position(span: Span, quote: str | None) -> tuple[int, int] | None:
    """End line and end column (exclusive) of a span, when they can be known.

    A span carries the start line/column and offsets only; the end is known when the quote is the
    spanned text itself (its length equals the span's) — then its line breaks are counted.
    """
    if quote is None or len(quote) != span.end - span.start:
        return None
    lines = re.split(r"\r\n|\r|\n", quote)
    if len(lines) == 1:
        return span.line, span.column + len(quote)
    return span.line + len(lines) - 1, len(lines[-1]) + 1


def location_label(violation: Violation, path: str | None, lang: Lang) -> str:
    """``file:line:col`` and the finding number, for humans.

    Without a span the violation's ``place`` (通报头部, 一/(二) 第8个问题…) says where it is.
    """
    where = path or ("<标准输入>" if lang == "zh" else "<stdin>")
    if violation.span is not None:
        where += f":{violation.span.line}:{violation.span.column}"
    elif violation.place is not None:
        return f"{where} ({place_of(violation, lang)})"
    if violation.finding_number:
        where += f" ({'问题' if lang == 'zh' else 'finding'} {violation.finding_number})"
    return where


def place_of(violation: Violation, lang: Lang) -> str:
    """The violation's place in words (empty when it has none)."""
    if violation.place is None:
        return ""
    return violation.place.zh if lang == "zh" else violation.place.en


def rules_failed(report: Report) -> list[str]:
    """Ids of the rules that could not be evaluated on a notice (``Report.errors``), sorted."""
    return sorted({failure.rule_id for failure in report.errors})


def failure_text(failure: RuleFailure, lang: Lang) -> str:
    """One line for a rule that was not evaluated: code, message, line and hint."""
    text = f"{failure.code} {failure.message}"
    if failure.line is not None:
        text += f" ({'第' + str(failure.line) + '行' if lang == 'zh' else 'line ' + str(failure.line)})"
    if failure.hint:
        text += f" ({failure.hint})"
    return text


def xml_safe(text: str) -> str:
    """Text with characters XML 1.0 cannot carry replaced by U+FFFD."""
    return _XML_INVALID.sub("\ufffd", text)


def one_line(text: str) -> str:
    """Line breaks and tabs folded to single spaces."""
    return " ".join(text.split())
