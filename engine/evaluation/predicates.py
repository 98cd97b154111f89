"""Compiled conditions: a condition turned once into a Python function of a prepared fact.

``check`` evaluates every rule's ``when`` on every fact of its subject (for the passed-check
lists and to pick the facts handed to the backend); walking the IR for each (rule, fact) pair
costs more than the backend itself. These closures do the same tests with the dispatch done once
per condition. The reference evaluator (``python_backend.holds``) stays the plain reading of the
IR semantics, and the differential tests check that both agree on every generated condition.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from typing import Any

from engine.rule_language.ir import Node, Test, kind_of

Predicate = Callable[[Mapping[str, Any]], bool]

_COMPARE: dict[str, Callable[[Any, Any], Any]] = {
    "eq": operator.eq, "neq": operator.ne, "lt": operator.lt, "lte": operator.le, "gt": operator.gt,
    "gte": operator.ge,
}


def compile_predicate(node: Node) -> Predicate:
    """A function that tells, like ``holds(node, fact)``, whether the condition holds for a fact."""
    if isinstance(node, Test):
        return _test(node)
    parts = tuple(compile_predicate(item) for item in node.items)
    if len(parts) == 2:  # the usual group: no loop (every part returns a bool, so and/or return one too)
        first, second = parts
        if node.kind == "and":
            return lambda fact: first(fact) and second(fact)
        return lambda fact: first(fact) or second(fact)
    if node.kind == "and":
        def every(fact: Mapping[str, Any]) -> bool:
            for part in parts:  # noqa: SIM110 - a plain loop: all() would build a generator per call
                if not part(fact):
                    return False
            return True

        return every

    def some(fact: Mapping[str, Any]) -> bool:
        for part in parts:  # noqa: SIM110 - as above
            if part(fact):
                return True
        return False

    return some


def _test(test: Test) -> Predicate:
    field, other, op = test.field, test.other, test.op
    if op == "ex":
        return lambda fact: field in fact
    if op == "nex":
        return lambda fact: field not in fact
    compare = _COMPARE[op]
    ordering = op not in ("eq", "neq")  # ordering tests hold between numbers only
    if other is not None:
        def against_field(fact: Mapping[str, Any]) -> bool:
            if field not in fact or other not in fact:
                return False
            left, right = fact[field], fact[other]
            kind = kind_of(left)
            if kind != kind_of(right) or (ordering and kind != "number"):
                return False
            return bool(compare(left, right))

        return against_field
    value = test.value
    value_kind = kind_of(value)
    if ordering and value_kind != "number":
        return lambda fact: False  # ordering tests hold between numbers only
    is_kind = _IS_KIND.get(value_kind) if value_kind is not None else None
    if is_kind is None:  # a None value: only the general form reads like holds()
        def against_none(fact: Mapping[str, Any]) -> bool:
            return field in fact and kind_of(fact[field]) == value_kind and bool(compare(fact[field], value))

        return against_none
    # The commonest tests, without the kind check where the comparison itself implies it: a fact
    # value equals a string only if it is one, and is the bool singleton True or False only if it
    # is a bool (1 == True, so a bool needs ``is``).
    if op == "eq" and value_kind == "str":
        return lambda fact: fact.get(field) == value
    if op == "eq" and value_kind == "bool":
        return lambda fact: fact.get(field) is value
    missing = object()

    def against_value(fact: Mapping[str, Any]) -> bool:
        left = fact.get(field, missing)
        return left is not missing and is_kind(left) and bool(compare(left, value))

    return against_value


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


# kind_of(value) == kind, spelled out per kind (one call fewer per test)
_IS_KIND: dict[str, Callable[[object], bool]] = {
    "str": lambda value: isinstance(value, str),
    "bool": lambda value: isinstance(value, bool),
    "number": _is_number,
}
