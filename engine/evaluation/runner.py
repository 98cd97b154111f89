"""Running compiled rules: ``evaluate`` (facts -> violating pairs) and ``check`` (notice -> Report)."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from engine.errors import EngineError
from engine.evaluation.durable_backend import evaluate_durable
from engine.evaluation.messages import MISSING, MessageTemplate, format_value, render_message
from engine.evaluation.pack_cache import per_pack
from engine.evaluation.predicates import Predicate, compile_predicate
from engine.evaluation.prepare import prepare_facts
from engine.evaluation.python_backend import evaluate_python, holds
from engine.evaluation.text_tests import TextTestFailures
from engine.facts.builder import FactSet, build_facts
from engine.model import Notice
from engine.reports.model import (
    ClaimEvaluation,
    Report,
    RuleFailure,
    Violation,
    distinct_fingerprints,
    fingerprint_of,
    summarise,
)
from engine.rule_language.compiler import CompiledPack, CompiledRule, TextTestSpec, compile_pack
from engine.rule_language.config import Config, select_rules
from engine.rule_language.ir import Group, Node, Test, render
from engine.rule_language.loader import Pack
from engine.rule_language.schema import Severity

Backend = Literal["durable", "python"]
BACKENDS: tuple[Backend, ...] = ("durable", "python")
__all__ = ["BACKENDS", "MISSING", "Backend", "applicable_facts", "build_pack", "check", "describe", "evaluate",
           "evaluate_prepared", "format_value", "render_message", "report_for", "severity_of"]


def evaluate(facts: Sequence[Mapping[str, Any]], pack: CompiledPack,
             backend: Backend = "durable") -> list[tuple[str, str]]:
    """(rule id, fact id) pairs of violations, in fact order then rule id."""
    return evaluate_prepared(prepare_facts(facts, pack), pack, backend)


def evaluate_prepared(prepared: list[dict[str, Any]], pack: CompiledPack, backend: Backend = "durable", *,
                      applicable: Mapping[str, Collection[str]] | None = None) -> list[tuple[str, str]]:
    """``evaluate`` on facts already passed through ``prepare_facts``.

    ``applicable`` (rule id -> ids of the facts on which its ``when`` holds, as from
    ``applicable_facts``) lets the durable backend skip, per ruleset, the facts none of its rules
    can fire on (a violation is ``when AND NOT assert``); the result is the same.
    """
    if backend == "durable":
        found = evaluate_durable(prepared, pack, applicable)
    elif backend == "python":
        found = evaluate_python(prepared, pack)
    else:
        raise EngineError(f"unknown backend {backend!r}; use durable or python")
    order = {fact["id"]: index for index, fact in enumerate(prepared)}
    return sorted(found, key=lambda pair: (order.get(pair[1], len(order)), pair[0]))


def build_pack(packs: Sequence[Pack], config: Config) -> CompiledPack:
    """Compile the rules the config selects from the packs."""
    return compile_pack([loaded.compiled for loaded in select_rules(packs, config)])


def check(notice: Notice, pack: CompiledPack, config: Config | None = None, backend: Backend = "durable",
          source: str | None = None, *, pattern_timeout: float | None = None) -> Report:
    """Check one notice: build its facts, evaluate the pack, and make the report.

    ``pattern_timeout``: seconds per user pattern per fact (default ``PATTERN_TIMEOUT_SECONDS``);
    a rule whose pattern times out is listed in ``Report.errors`` and the other rules still run.
    """
    fact_set = build_facts(notice)
    severity = config.severity if config is not None else {}
    return report_for(fact_set, pack, backend, severity, source or notice.source.path,
                      pattern_timeout=pattern_timeout)


def report_for(fact_set: FactSet, pack: CompiledPack, backend: Backend = "durable",
               severity: Mapping[str, Severity] | None = None, source: str | None = None, *,
               pattern_timeout: float | None = None) -> Report:
    """The report of a notice's facts under a compiled pack."""
    failures: TextTestFailures = {}
    prepared = prepare_facts(fact_set.facts, pack, pattern_timeout=pattern_timeout, failures=failures)
    failed = _failed_rules(failures, fact_set)
    applicable, relevant = applicable_facts(prepared, pack)
    # Only facts on which some rule's ``when`` holds can violate (a violation is ``when AND NOT
    # assert``): the others are not asserted, which is most of the durable cost.
    pairs = [pair for pair in evaluate_prepared(relevant, pack, backend, applicable=applicable)
             if pair[0] not in failed]
    views = per_pack(pack, _rule_views)
    facts = {fact["id"]: fact for fact in fact_set.facts}  # ids are strings: prepare_facts checked them
    # ``pairs`` come in fact order then rule id (``evaluate_prepared`` sorts them so, and ``relevant``
    # keeps the input order), which is the order of the report's violations: no sort needed here.
    drafts = [_violation(views[rule_id], facts[fact_id], fact_set, (severity or {}).get(rule_id))
              for rule_id, fact_id in pairs]
    # Fingerprints from the plain data, each Violation validated with its own: setting a field of
    # a made model goes through pydantic's __setattr__.
    fingerprints = distinct_fingerprints([fingerprint_of(data["rule_id"], data["subject"], data["fact_id"],
                                                         data["finding_number"], data["quote"], data["actual"])
                                          for data in drafts])
    for data, value in zip(drafts, fingerprints, strict=True):
        data["fingerprint"] = value
    violations = [Violation.model_validate(data) for data in drafts]
    violated: dict[str, set[str]] = {}  # rule id -> the facts violating it (most rules have none)
    for rule_id, fact_id in pairs:
        violated.setdefault(rule_id, set()).add(fact_id)
    passed: dict[str, list[str]] = {}
    for rule_id, facts_applicable in applicable.items():  # in pack order
        if rule_id not in failed:
            against = violated.get(rule_id)
            passed[rule_id] = ([fact_id for fact_id in facts_applicable if fact_id not in against] if against
                               else facts_applicable)
    summary = summarise(violations)
    summary.facts = len(fact_set.facts)
    summary.rules = len(pack.rules)
    summary.passed_checks = sum(len(ids) for ids in passed.values())
    claims = [ClaimEvaluation(fact_id=c.fact_id, kind=c.kind, target=c.target, text=c.text, claimed=_dec(c.claimed),
                              actual=_dec(c.actual), delta=_dec(c.delta), checkable=c.checkable, matches=c.matches,
                              reason=c.reason) for c in fact_set.claims]
    errors = [failed[rule.id] for rule in pack.rules if rule.id in failed]
    return Report(source=source, violations=violations, passed=passed, claims=claims, summary=summary, errors=errors)


def applicable_facts(prepared: list[dict[str, Any]],
                pack: CompiledPack) -> tuple[dict[str, list[str]], list[dict[str, Any]]]:
    """Per rule, the ids of the facts of its subject on which its ``when`` holds (in fact order),
    and the facts on which at least one rule's ``when`` holds (in fact order).

    ``when`` is evaluated once per rule and fact, compiled (``predicates``, checked against the
    reference evaluator by the differential tests; "Passed" evidence in docs/decisions.md); both the
    passed-check lists and the facts handed to the backend come from it.
    """
    by_subject = per_pack(pack, _whens_by_subject)
    applicable: dict[str, list[str]] = {rule.id: [] for rule in pack.rules}
    relevant: list[dict[str, Any]] = []
    for fact in prepared:
        hit = False
        for rule_id, when in by_subject.get(fact["t"], ()):
            if when is None or when(fact):
                applicable[rule_id].append(fact["id"])
                hit = True
        if hit:
            relevant.append(fact)
    return applicable, relevant


def _whens_by_subject(pack: CompiledPack) -> dict[str, list[tuple[str, Predicate | None]]]:
    """Subject -> (rule id, its compiled ``when``) for each rule of the pack, in pack order."""
    by_subject: dict[str, list[tuple[str, Predicate | None]]] = {}
    for rule in pack.rules:
        when = compile_predicate(rule.when) if rule.when is not None else None
        by_subject.setdefault(rule.subject, []).append((rule.id, when))
    return by_subject


def _failed_rules(failures: TextTestFailures, fact_set: FactSet) -> dict[str, RuleFailure]:
    """Rule id -> why it was not evaluated on this notice (each spec may serve several rules)."""
    failed: dict[str, RuleFailure] = {}
    for spec, error in failures.items():
        fact_id = error.fact_id
        ref = fact_set.refs.get(fact_id) if fact_id else None
        line = ref.span.line if ref is not None and ref.span is not None else None
        for rule_id in spec.rule_ids:
            failed.setdefault(rule_id, RuleFailure(rule_id=rule_id, code=error.code, message=error.message,
                                                   fact_id=fact_id, line=line, hint=error.hint or None))
    return failed


def _dec(value: Decimal | None) -> str | None:
    return None if value is None else format(value.normalize(), "f")


def severity_of(rule: CompiledRule, fact: Mapping[str, Any]) -> Severity:
    """The rule's severity for this violating fact: the first ``severity_when`` case that holds, else the default."""
    for severity, condition in rule.severity_cases:
        if holds(condition, fact):
            return severity
    return rule.rule.severity


@dataclass(frozen=True)
class _RuleView:
    """What every violation of one rule shows the same way, worked out once per pack."""

    rule: CompiledRule
    fields: list[str]  # the fields the assert reads (a text test's source field for its derived one)
    expected: str  # the assert, readable
    message_zh: MessageTemplate
    message_en: MessageTemplate


def _rule_views(pack: CompiledPack) -> dict[str, _RuleView]:
    views = {}
    for rule in pack.rules:
        derived = {spec.derived: spec for spec in rule.text_tests}
        fields = sorted({derived[name].field if name in derived else name for name in _fields(rule.check)})
        message = rule.rule.message
        views[rule.id] = _RuleView(rule, fields, describe(rule.check, derived), MessageTemplate(message.zh, "zh"),
                                   MessageTemplate(message.en, "en"))
    return views


def _violation(view: _RuleView, fact: Mapping[str, Any], fact_set: FactSet,
               override: Severity | None) -> dict[str, Any]:
    """A violation as plain data, the nested messages as dicts: one validation of it (once its
    fingerprint is added) costs about half as much as building the three models one by one."""
    rule, fields = view.rule, view.fields
    ref = fact_set.refs.get(str(fact["id"]))
    ref = ref.for_fields(fields) if ref else None  # a numbering check points at the offending child
    return {
        "rule_id": rule.id,
        "severity": override or severity_of(rule, fact),
        "title": rule.rule.title,
        "message": {"zh": view.message_zh.render(fact), "en": view.message_en.render(fact)},
        "subject": rule.subject,
        "fact_id": str(fact["id"]),
        "finding_number": ref.finding_number if ref else None,
        "section_path": ref.section_path if ref else None,
        "span": ref.span if ref else None,
        "place": {"zh": ref.label, "en": ref.label_en} if ref and ref.label else None,
        "quote": (ref.quote or None) if ref else None,
        "expected": view.expected,
        "actual": {name: fact.get(name) for name in fields},
    }


def _fields(node: Node) -> set[str]:
    if isinstance(node, Test):
        return {node.field} | ({node.other} if node.other else set())
    result: set[str] = set()
    for item in node.items:
        result |= _fields(item)
    return result


def describe(node: Node, derived: Mapping[str, TextTestSpec]) -> str:
    """The assert as a short readable condition (text tests named by their vocabulary or pattern)."""
    if isinstance(node, Test):
        spec = derived.get(node.field)
        if spec is not None:
            source = f"vocab {spec.vocab}" if spec.vocab else f"pattern {spec.pattern!r}"
            verb = "matches" if node.value is True else "does not match"
            return f"{spec.field} {verb} {source}"
        return render(node)
    assert isinstance(node, Group)
    joiner = " and " if node.kind == "and" else " or "
    return "(" + joiner.join(describe(item, derived) for item in node.items) + ")"
