"""Compile rules into the negation-free IR and into durable_rules ruleset definitions.

A fact violates a rule when ``when`` holds and ``assert`` does not: the violation condition is
``when AND NOT assert`` with the negation pushed down to the tests (De Morgan), because
durable_rules has no ``$not``. Text tests (``matches``) become derived boolean fields computed
in Python before facts are asserted. Every durable definition is checked against the safe
subset (see ``docs`` and ``/work/shared/durable_rules.md``) before it leaves this module.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import json
import math
import string
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Literal

import regex

from engine.errors import RuleError
from engine.rule_language import ir
from engine.rule_language.ir import Group, Kind, Node, Test, Value
from engine.rule_language.schema import (
    AllOf,
    AnyOf,
    Comparison,
    Equals,
    Exists,
    Ge,
    Gt,
    In,
    Le,
    Lt,
    Matches,
    Missing,
    NotOf,
    Rule,
    Severity,
)

MAX_SIBLINGS = 16  # tests per $and/$or group; longer groups are nested in chunks
# durable_rules keeps one "expression sequence" per rule: 2 entries per $and/$or group plus one
# per field-vs-field test, and fails (error 113) when it reaches 32.
MAX_EXPRESSIONS = 31
# durable_rules fails (error 303) when one fact activates more than about 64 alpha nodes at
# once (measured: 60 sibling tests pass, 70 fail) and (error 107) when a node has more than
# 128 $nex children. Rules are packed into shards (separate rulesets) whose worst-case
# activations per subject stay within this budget.
MAX_ACTIVATIONS = 40
MAX_FIELDS_PER_SUBJECT = 200  # durable_rules handles about 250 properties per fact
MAX_LITERAL_CHARS = 1000
SENTINEL_SUBJECT = "__sentinel__"
DURABLE_TEST_OPS = frozenset({"$neq", "$lt", "$lte", "$gt", "$gte", "$ex", "$nex"})
_DURABLE_OP = {"neq": "$neq", "lt": "$lt", "lte": "$lte", "gt": "$gt", "gte": "$gte", "ex": "$ex", "nex": "$nex"}
_CATALOG_KIND: dict[str, Kind] = {"str": "str", "int": "number", "float": "number", "bool": "bool"}
_PLACEHOLDER = regex.compile(r"[a-z][a-z0-9_]*")  # compiled once: regex.fullmatch(str, ...) looks it up per call
_DURABLE_NAME = regex.compile(r"[a-z_][a-z0-9_]*")

Catalog = Mapping[str, Mapping[str, str]]  # subject -> field -> type name (str/int/float/bool)


class RuleProblem(Exception):
    """A rule that does not compile; ``keypath`` locates the key inside the rule."""

    def __init__(self, message: str, keypath: tuple[str | int, ...], hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.keypath = keypath
        self.hint = hint


@dataclass(frozen=True)
class TextTestSpec:
    """A text test computed in Python onto each fact of ``subject`` as boolean field ``derived``."""

    subject: str
    derived: str
    field: str
    vocab: str | None = None
    pattern: str | None = None
    rule_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class CompiledRule:
    """One rule in compiled form."""

    rule: Rule
    when: Node | None
    check: Node  # the assert, negation-free (what must hold)
    violation: Node  # when AND NOT assert, negation-free
    text_tests: tuple[TextTestSpec, ...]
    kinds: dict[str, Kind]  # every field the rule reads or writes in examples, with its kind
    severity_cases: tuple[tuple[Severity, Node], ...] = ()  # severity_when, evaluated in Python on violations

    @property
    def id(self) -> str:
        return self.rule.id

    @property
    def subject(self) -> str:
        return self.rule.subject

    def read_fields(self) -> set[str]:
        fields = ir.fields_of(self.violation)
        if self.when is not None:
            fields |= ir.fields_of(self.when)
        return fields


@dataclass(frozen=True)
class CompiledPack:
    """Compiled rules plus what evaluation needs: field kinds, text tests, durable definitions."""

    rules: tuple[CompiledRule, ...]
    kinds: dict[str, dict[str, Kind]]  # subject -> field -> kind
    text_tests: dict[str, tuple[TextTestSpec, ...]]  # subject -> tests
    durable_rules: dict[str, dict[str, Any]]  # durable rule name -> {"all": [...]} (no "run")
    durable_names: dict[str, str]  # durable rule name -> rule id
    shards: tuple[tuple[str, ...], ...] = ()  # durable rule names per ruleset (see MAX_ACTIVATIONS)
    key: str = field(default="")

    def by_id(self) -> dict[str, CompiledRule]:
        return {rule.id: rule for rule in self.rules}

    def subjects(self) -> set[str]:
        return {rule.subject for rule in self.rules}

    @cached_property
    def fields_read(self) -> dict[str, set[str]]:
        """Subject -> the fields its rules read (``read_fields``), worked out once per pack."""
        return {subject: self.read_fields(subject) for subject in self.subjects()}

    def read_fields(self, subject: str) -> set[str]:
        fields: set[str] = set()
        for rule in self.rules:
            if rule.subject == subject:
                fields |= rule.read_fields()
        return fields


class _RuleCompiler:
    """Compiles one rule; collects field kinds and text tests on the way."""

    def __init__(self, rule: Rule, catalog: Catalog | None, vocab_names: set[str]) -> None:
        self.rule = rule
        self.fields: Mapping[str, str] | None = catalog.get(rule.subject) if catalog is not None else None
        self.vocab_names = vocab_names
        self.kinds: dict[str, Kind] = {}
        self.text_tests: dict[str, TextTestSpec] = {}

    def compile(self) -> CompiledRule:
        rule = self.rule
        when = self.nnf(rule.when, False, ("when",)) if rule.when is not None else None
        check = self.nnf(rule.assert_, False, ("assert",))
        negated = self.nnf(rule.assert_, True, ("assert",))
        violation = negated if when is None else ir.group("and", [when, negated])
        _check_complexity(violation, rule.subject)
        cases = tuple((case.severity, self.nnf(case.when, False, ("severity_when", index, "when")))
                      for index, case in enumerate(rule.severity_when))
        self.check_message()
        self.check_examples()
        return CompiledRule(rule, when, check, violation, tuple(self.text_tests.values()), dict(self.kinds),
                            cases)

    # -- fields and kinds -------------------------------------------------------------------
    def use_field(self, name: str, kind: Kind | None, keypath: tuple[str | int, ...]) -> None:
        if "__" in name or name == "sid":
            raise RuleProblem(f"field name {name!r} is reserved ('sid' and names with '__')", keypath)
        if self.fields is not None:
            if name not in self.fields:
                close = difflib.get_close_matches(name, list(self.fields), n=3)
                hint = f"did you mean {', '.join(close)}?" if close else None
                raise RuleProblem(f"unknown field {name!r} for subject {self.rule.subject!r}", keypath, hint)
            declared = _CATALOG_KIND.get(self.fields[name])
            if declared is None:
                raise RuleProblem(f"field {name!r} has unsupported catalog type {self.fields[name]!r}", keypath)
            self.kinds[name] = declared
        if kind is None:
            return
        known = self.kinds.get(name)
        if known is not None and known != kind:
            raise RuleProblem(f"field {name!r} holds {known} values, but is used with a {kind} here", keypath)
        self.kinds[name] = kind

    def literal(self, value: object, keypath: tuple[str | int, ...]) -> Value:
        if isinstance(value, dt.datetime):
            raise RuleProblem("a date-time is not a fact value; write a date (YYYY-MM-DD)", keypath)
        if isinstance(value, dt.date):
            return value.year * 10000 + value.month * 100 + value.day
        if isinstance(value, float) and not math.isfinite(value):
            raise RuleProblem("numbers must be finite", keypath)
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 2**53:
            raise RuleProblem("integers must be smaller than 2**53", keypath)
        if isinstance(value, str) and len(value) > MAX_LITERAL_CHARS:
            raise RuleProblem(f"string values are limited to {MAX_LITERAL_CHARS} characters", keypath)
        if isinstance(value, bool | int | float | str):
            return value
        raise RuleProblem(f"unsupported value {value!r}", keypath)

    # -- conditions -------------------------------------------------------------------------
    def nnf(self, cond: object, negate: bool, at: tuple[str | int, ...]) -> Node:
        """The condition (or its negation) in negation normal form."""
        if isinstance(cond, AllOf | AnyOf):
            items = cond.all if isinstance(cond, AllOf) else cond.any
            key = "all" if isinstance(cond, AllOf) else "any"
            kind: Literal["and", "or"] = "and" if (key == "all") != negate else "or"
            return ir.group(kind, [self.nnf(item, negate, (*at, key, i)) for i, item in enumerate(items)])
        if isinstance(cond, NotOf):
            return self.nnf(cond.not_, not negate, (*at, "not"))
        if isinstance(cond, Exists | Missing):
            name = cond.exists if isinstance(cond, Exists) else cond.missing
            key = "exists" if isinstance(cond, Exists) else "missing"
            self.use_field(name, None, (*at, key))
            present = isinstance(cond, Exists) != negate
            return Test("ex" if present else "nex", name)
        if isinstance(cond, Equals):
            return self.comparison("eq", cond.equals, negate, (*at, "equals"))
        if isinstance(cond, Lt | Le | Gt | Ge):
            key, op, comparison = _ordering(cond)
            return self.comparison(op, comparison, negate, (*at, key))
        if isinstance(cond, In):
            return self.membership(cond, negate, (*at, "in"))
        if isinstance(cond, Matches):
            return self.text(cond, negate, (*at, "matches"))
        raise RuleProblem(f"unsupported condition {type(cond).__name__}", at)  # pragma: no cover

    def comparison(self, op: ir.TestOp, comp: Comparison, negate: bool, at: tuple[str | int, ...]) -> Node:
        ordering = op in ir.ORDERING_OPS
        if comp.other is not None:
            self.use_field(comp.field, "number" if ordering else None, (*at, "field"))
            self.use_field(comp.other, "number" if ordering else None, (*at, "other"))
            left, right = self.kinds.get(comp.field), self.kinds.get(comp.other)
            if left is not None and right is not None and left != right:
                raise RuleProblem(f"cannot compare {comp.field!r} ({left}) with {comp.other!r} ({right})", at)
            if left is None and right is not None:
                self.kinds[comp.field] = right
            elif right is None and left is not None:
                self.kinds[comp.other] = left
            if not negate:
                return ir.group("and", [Test("ex", comp.field), Test("ex", comp.other),
                                        Test(op, comp.field, other=comp.other)])
            return ir.group("or", [Test("nex", comp.field), Test("nex", comp.other),
                                   ir.group("and", [Test("ex", comp.other),
                                                    Test(ir.NEGATED_OP[op], comp.field, other=comp.other)])])
        value = self.literal(comp.value, (*at, "value"))
        kind = ir.kind_of(value)
        if ordering and kind != "number":
            raise RuleProblem(f"{op} compares numbers, got {value!r}", (*at, "value"))
        self.use_field(comp.field, kind, (*at, "field"))
        if not negate:
            return Test(op, comp.field, value)
        return ir.group("or", [Test("nex", comp.field), Test(ir.NEGATED_OP[op], comp.field, value)])

    def membership(self, cond: In, negate: bool, at: tuple[str | int, ...]) -> Node:
        values: list[Value] = []
        for index, raw in enumerate(cond.in_.values):
            value = self.literal(raw, (*at, "values", index))
            self.use_field(cond.in_.field, ir.kind_of(value), (*at, "values", index))
            if value not in values:
                values.append(value)
        if not negate:
            return ir.group("or", [Test("eq", cond.in_.field, value) for value in values])
        return ir.group("or", [Test("nex", cond.in_.field),
                               ir.group("and", [Test("neq", cond.in_.field, value) for value in values])])

    def text(self, cond: Matches, negate: bool, at: tuple[str | int, ...]) -> Node:
        spec = cond.matches
        self.use_field(spec.field, "str", (*at, "field"))
        if spec.vocab is not None:
            if spec.vocab not in self.vocab_names:
                close = difflib.get_close_matches(spec.vocab, sorted(self.vocab_names), n=3)
                hint = f"did you mean {', '.join(close)}?" if close else f"known: {', '.join(sorted(self.vocab_names))}"
                raise RuleProblem(f"unknown vocabulary {spec.vocab!r}", (*at, "vocab"), hint)
            derived = f"m__{spec.field}__{spec.vocab}"
        else:
            assert spec.pattern is not None
            try:
                regex.compile(spec.pattern)
            except regex.error as exc:
                raise RuleProblem(f"invalid pattern: {exc}", (*at, "pattern")) from None
            digest = hashlib.sha256(spec.pattern.encode("utf-8")).hexdigest()[:12]
            derived = f"p__{spec.field}__{digest}"
        self.text_tests[derived] = TextTestSpec(self.rule.subject, derived, spec.field, spec.vocab, spec.pattern,
                                                (self.rule.id,))
        return Test("eq", derived, not negate)

    # -- messages and examples --------------------------------------------------------------
    def check_message(self) -> None:
        for lang in ("zh", "en"):
            template = getattr(self.rule.message, lang)
            for name in placeholders(template, ("message", lang)):
                if name in ("t", "id"):
                    continue
                self.use_field(name, None, ("message", lang))

    def check_examples(self) -> None:
        for label, examples in (("pass", self.rule.examples.pass_), ("fail", self.rule.examples.fail)):
            for index, example in enumerate(examples):
                for name, raw in example.fact.items():
                    at: tuple[str | int, ...] = ("examples", label, index, "fact", name)
                    value = self.literal(raw, at)
                    self.use_field(name, ir.kind_of(value), at)


def _check_complexity(violation: Node, subject: str) -> None:
    """Refuse conditions that durable_rules cannot hold (see MAX_EXPRESSIONS, MAX_ACTIVATIONS)."""
    probe = durable_condition(subject, violation)
    count = _expressions_of(probe)
    if count > MAX_EXPRESSIONS:
        raise RuleProblem(f"condition too complex for the rule engine: {count} expression entries "
                          f"(groups count 2, field-vs-field tests 1; at most {MAX_EXPRESSIONS})", ("assert",),
                          "split the rule or simplify when/assert")
    cost = activations(violation)
    if cost > MAX_ACTIVATIONS:
        raise RuleProblem(f"condition too complex for the rule engine: up to {cost} tests can hold at once "
                          f"(at most {MAX_ACTIVATIONS})", ("assert",), "split the rule or simplify when/assert")


def _expressions_of(condition: dict[str, Any]) -> int:
    ((key, body),) = condition.items()
    if key in ("$and", "$or"):
        return 2 + sum(_expressions_of(item) for item in body)
    if isinstance(body, dict):
        ((_name, right),) = body.items()
        return 1 if isinstance(right, dict) else 0
    return 0


def placeholders(template: str, keypath: tuple[str | int, ...]) -> list[str]:
    """The ``{field}`` names of a message template; format specs and indexing are refused."""
    names: list[str] = []
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError as exc:
        raise RuleProblem(f"bad message template: {exc}", keypath) from None
    for _literal, name, spec, conversion in parsed:
        if name is None:
            continue
        if not name or spec or conversion or not _PLACEHOLDER.fullmatch(name):
            raise RuleProblem(f"bad placeholder {{{name}{'!' + conversion if conversion else ''}"
                              f"{':' + spec if spec else ''}}}: write {{field_name}}", keypath)
        names.append(name)
    return names


def _ordering(cond: Lt | Le | Gt | Ge) -> tuple[str, ir.TestOp, Comparison]:
    if isinstance(cond, Lt):
        return "lt", "lt", cond.lt
    if isinstance(cond, Le):
        return "le", "lte", cond.le
    if isinstance(cond, Gt):
        return "gt", "gt", cond.gt
    return "ge", "gte", cond.ge


def compile_rule(rule: Rule, catalog: Catalog | None, vocab_names: set[str]) -> CompiledRule:
    """Compile one rule; raises RuleProblem with the key path inside the rule."""
    return _RuleCompiler(rule, catalog, vocab_names).compile()


def compile_pack(rules: list[CompiledRule]) -> CompiledPack:
    """Assemble compiled rules: merge field kinds, text tests and durable definitions."""
    kinds: dict[str, dict[str, Kind]] = {}
    tests: dict[str, dict[str, TextTestSpec]] = {}
    durable: dict[str, dict[str, Any]] = {}
    names: dict[str, str] = {}
    seen: set[str] = set()
    for index, rule in enumerate(rules):
        if rule.id in seen:
            raise RuleError(f"duplicate rule id {rule.id!r}", where=rule.id)
        seen.add(rule.id)
        subject_kinds = kinds.setdefault(rule.subject, {})
        for name, kind in rule.kinds.items():
            known = subject_kinds.get(name)
            if known is not None and known != kind:
                raise RuleError(f"field {name!r} of {rule.subject} is used as {kind} here and as {known} "
                                f"by another rule", where=rule.id)
            subject_kinds[name] = kind
        for spec in rule.text_tests:
            subject_kinds[spec.derived] = "bool"
            subject_tests = tests.setdefault(rule.subject, {})
            previous = subject_tests.get(spec.derived)
            ids = (previous.rule_ids if previous else ()) + spec.rule_ids
            subject_tests[spec.derived] = TextTestSpec(spec.subject, spec.derived, spec.field, spec.vocab,
                                                       spec.pattern, ids)
        name = f"r{index}"
        durable[name] = {"all": [{"m": durable_condition(rule.subject, rule.violation)}]}
        names[name] = rule.id
    shards = _shards(rules, names)
    for subject, subject_kinds in kinds.items():
        if len(subject_kinds) > MAX_FIELDS_PER_SUBJECT:
            raise RuleError(f"rules read {len(subject_kinds)} fields of {subject}; at most "
                            f"{MAX_FIELDS_PER_SUBJECT} are supported")
    for definition in durable.values():
        validate_durable(definition)
    payload = json.dumps([sorted(names.items()), durable, sorted(
        (s, sorted((t.derived, t.field, t.vocab or "", t.pattern or "") for t in ts.values()))
        for s, ts in tests.items())], sort_keys=True, ensure_ascii=False)
    key = hashlib.sha256(payload.encode("utf-8")).hexdigest()
    return CompiledPack(tuple(rules), kinds, {s: tuple(ts.values()) for s, ts in tests.items()},
                        durable, names, shards, key)


def _shards(rules: list[CompiledRule], names: dict[str, str]) -> tuple[tuple[str, ...], ...]:
    """Pack rules into rulesets so that no subject's worst-case activations exceed the budget."""
    by_id = {rule_id: name for name, rule_id in names.items()}
    shards: list[list[str]] = []
    load: list[dict[str, int]] = []
    for rule in rules:
        cost = activations(rule.violation)
        fits = [i for i, used in enumerate(load) if used.get(rule.subject, 0) + cost <= MAX_ACTIVATIONS]
        if fits:
            index = fits[0]
        else:
            index = len(shards)
            shards.append([])
            load.append({})
        shards[index].append(by_id[rule.id])
        load[index][rule.subject] = load[index].get(rule.subject, 0) + cost
    return tuple(tuple(shard) for shard in shards)


def activations(node: Node) -> int:
    """Worst-case alpha-node activations of a condition for one fact (every test true)."""
    return _activations(node, 1)[0]


def _activations(node: Node, entries: int) -> tuple[int, int]:
    """(activations, exits) when the node is entered ``entries`` times."""
    if isinstance(node, Test):
        return entries, entries
    if node.kind == "and":
        total = 0
        for item in node.items:
            used, entries = _activations(item, entries)
            total += used
        return total, entries
    total = exits = 0
    exclusive: set[str] = set()
    for item in node.items:
        if isinstance(item, Test) and item.op == "eq" and item.other is None:
            if item.field in exclusive:  # f == a and f == b cannot both hold
                continue
            exclusive.add(item.field)
        used, out = _activations(item, entries)
        total += used
        exits += out
    return total + exits, exits  # the forward node after an $or is activated once per true branch


def expressions(node: Node) -> int:
    """Entries of durable_rules' per-rule expression sequence (groups count 2, field references 1)."""
    if isinstance(node, Test):
        return 1 if node.other is not None else 0
    return 2 + sum(expressions(item) for item in node.items)


# -- durable_rules translation and its safety check -------------------------------------------

def durable_condition(subject: str, node: Node) -> dict[str, Any]:
    """The alpha condition of a rule: equality on the fact type first, then the compiled test."""
    if isinstance(node, Group) and node.kind == "and" and len(node.items) < MAX_SIBLINGS:
        return {"$and": [{"t": subject}, *(_to_durable(item) for item in node.items)]}
    return {"$and": [{"t": subject}, _to_durable(node)]}


def _to_durable(node: Node) -> dict[str, Any]:
    if isinstance(node, Test):
        if node.op in ("ex", "nex"):
            return {_DURABLE_OP[node.op]: {node.field: 1}}
        right: Any = {"$m": node.other} if node.other is not None else node.value
        if node.op == "eq":
            return {node.field: right}
        return {_DURABLE_OP[node.op]: {node.field: right}}
    op = "$and" if node.kind == "and" else "$or"
    items = [_to_durable(item) for item in node.items]
    while len(items) > MAX_SIBLINGS:  # nest long groups in chunks (same meaning)
        items = [{op: items[i:i + MAX_SIBLINGS]} if len(items[i:i + MAX_SIBLINGS]) > 1 else items[i]
                 for i in range(0, len(items), MAX_SIBLINGS)]
    return {op: items}


def validate_durable(definition: dict[str, Any]) -> None:
    """Refuse anything outside the reliable subset of durable_rules (raises RuleError)."""
    if set(definition) != {"all"} or not isinstance(definition["all"], list) or len(definition["all"]) != 1:
        raise RuleError("durable rule must be a single-fact 'all' with one condition")
    only = definition["all"][0]
    if set(only) != {"m"}:
        raise RuleError("durable rule conditions must be named 'm' (single fact, no joins)")
    root = only["m"]
    if not (isinstance(root, dict) and set(root) == {"$and"} and isinstance(root["$and"], list)
            and len(root["$and"]) >= 1 and _is_type_anchor(root["$and"][0])):
        raise RuleError("durable rule must start with an equality on the fact type 't'")
    _validate_node(root)
    if _expressions_of(root) > MAX_EXPRESSIONS:
        raise RuleError(f"durable rule exceeds {MAX_EXPRESSIONS} expression entries")


def _is_type_anchor(node: object) -> bool:
    return (isinstance(node, dict) and len(node) == 1 and isinstance(node.get("t"), str)
            and node["t"] != "")


def _validate_node(node: object) -> None:
    if not isinstance(node, dict) or len(node) != 1:
        raise RuleError(f"unsafe durable condition {node!r}")
    ((key, body),) = node.items()
    if key in ("$and", "$or"):
        if not isinstance(body, list) or not body or len(body) > MAX_SIBLINGS:
            raise RuleError(f"durable group {key} must hold 1..{MAX_SIBLINGS} tests")
        for item in body:
            _validate_node(item)
        return
    if key in DURABLE_TEST_OPS:
        if not isinstance(body, dict) or len(body) != 1:
            raise RuleError(f"unsafe durable test {node!r}")
        ((name, right),) = body.items()
        _validate_name(name)
        if key in ("$ex", "$nex"):
            if right != 1:
                raise RuleError(f"unsafe durable test {node!r}")
            return
        _validate_operand(right)
        return
    if key.startswith("$"):
        raise RuleError(f"durable operator {key} is outside the safe subset")
    _validate_name(key)
    _validate_operand(body)


def _validate_name(name: object) -> None:
    if not isinstance(name, str) or not _DURABLE_NAME.fullmatch(name):
        raise RuleError(f"unsafe durable field name {name!r}")


def _validate_operand(value: object) -> None:
    if isinstance(value, dict):
        if set(value) != {"$m"}:
            raise RuleError(f"unsafe durable operand {value!r}")
        _validate_name(value["$m"])
        return
    if isinstance(value, bool) or (isinstance(value, str) and len(value) <= MAX_LITERAL_CHARS):
        return
    if isinstance(value, int) and abs(value) < 2**53:
        return
    if isinstance(value, float) and math.isfinite(value):
        return
    raise RuleError(f"unsafe durable operand {value!r}")
