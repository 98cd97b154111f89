"""Compiled conditions agree with the reference evaluator (more cases in test_eval_differential)."""

from __future__ import annotations

from typing import Any

import pytest

from engine.evaluation.predicates import compile_predicate
from engine.evaluation.python_backend import holds
from engine.rule_language import ir
from engine.rule_language.ir import Group, Node

Leaf = ir.Test  # a name pytest does not collect


FACTS: list[dict[str, Any]] = [
    {}, {"a": 1}, {"a": 1.0}, {"a": True}, {"a": "1"}, {"a": None}, {"a": 2, "b": 2}, {"a": 2, "b": 3.5},
    {"a": "x", "b": "x"}, {"a": "x", "b": "y"}, {"a": False, "b": 0}, {"b": 1},
]

NODES: list[Node] = [
    Leaf("ex", "a"), Leaf("nex", "a"),
    *(Leaf(op, "a", value) for op in ("eq", "neq", "lt", "lte", "gt", "gte")
      for value in (1, 2.0, True, False, "1", "x", None)),
    *(Leaf(op, "a", other="b") for op in ("eq", "neq", "lt", "lte", "gt", "gte")),
    Group("and", (Leaf("ex", "a"), Leaf("gt", "a", 1))),
    Group("or", (Leaf("nex", "a"), Leaf("eq", "a", "x"), Group("and", (Leaf("ex", "b"), Leaf("lt", "b", 3))))),
]


@pytest.mark.parametrize("node", NODES, ids=repr)
def test_compiled_conditions_agree_with_the_reference(node: Node) -> None:
    predicate = compile_predicate(node)
    assert [predicate(fact) for fact in FACTS] == [holds(node, fact) for fact in FACTS]


def test_compiled_conditions_decide() -> None:
    predicate = compile_predicate(Group("and", (Leaf("ex", "a"), Leaf("gt", "a", 1))))
    assert predicate({"a": 2}) and not predicate({"a": 1}) and not predicate({"a": "2"}) and not predicate({})


def test_equality_with_a_bool_or_a_string_checks_the_kind() -> None:
    """``== true`` / ``== false`` / ``== '1'`` hold for that bool or string only, never for 1, 1.0, 0 or '1' vs 1."""
    is_true, is_false, is_one = (compile_predicate(Leaf("eq", "a", value)) for value in (True, False, "1"))
    assert is_true({"a": True}) and not is_true({"a": 1}) and not is_true({"a": 1.0}) and not is_true({})
    assert is_false({"a": False}) and not is_false({"a": 0}) and not is_false({"a": 0.0}) and not is_false({})
    assert is_one({"a": "1"}) and not is_one({"a": 1}) and not is_one({"a": True}) and not is_one({})
