"""The reference evaluator: walks the compiled IR in Python over prepared facts."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from engine.rule_language import ir
from engine.rule_language.compiler import CompiledPack
from engine.rule_language.ir import Node, Test


def holds(node: Node, fact: Mapping[str, Any]) -> bool:
    """Whether a compiled condition holds for one fact (IR semantics, see ``ir``)."""
    if isinstance(node, Test):
        return _test(node, fact)
    if node.kind == "and":
        return all(holds(item, fact) for item in node.items)
    return any(holds(item, fact) for item in node.items)


def _test(test: Test, fact: Mapping[str, Any]) -> bool:
    if test.op == "ex":
        return test.field in fact
    if test.op == "nex":
        return test.field not in fact
    if test.field not in fact:
        return False
    left = fact[test.field]
    if test.other is not None:
        if test.other not in fact:
            return False
        right = fact[test.other]
    else:
        right = test.value
    if ir.kind_of(left) != ir.kind_of(right):
        return False
    if test.op == "eq":
        return bool(left == right)
    if test.op == "neq":
        return bool(left != right)
    if ir.kind_of(left) != "number":
        return False
    if test.op == "lt":
        return bool(left < right)
    if test.op == "lte":
        return bool(left <= right)
    if test.op == "gt":
        return bool(left > right)
    return bool(left >= right)


def evaluate_python(facts: list[dict[str, Any]], pack: CompiledPack) -> set[tuple[str, str]]:
    """(rule id, fact id) for every prepared fact that violates a rule."""
    by_subject: dict[str, list[tuple[str, Node]]] = {}
    for rule in pack.rules:
        by_subject.setdefault(rule.subject, []).append((rule.id, rule.violation))
    found: set[tuple[str, str]] = set()
    for fact in facts:
        for rule_id, node in by_subject.get(fact["t"], ()):
            if holds(node, fact):
                found.add((rule_id, fact["id"]))
    return found
