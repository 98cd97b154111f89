"""The compiled form of conditions: negation-free trees of single-fact tests.

Both evaluators read this form: ``engine.evaluation.python_backend`` (the reference) walks it
in Python, ``engine.evaluation.durable_backend`` runs its durable_rules translation. The
semantics of a ``Test`` are those of durable_rules' alpha tests, made explicit:

* ``ex`` / ``nex``: the field is present / absent;
* ``eq``, ``neq``, ``lt``, ``lte``, ``gt``, ``gte``: the field (and the ``other`` field, when
  comparing two fields) is present and the comparison holds. A missing field never matches,
  so the compiler writes "f != v" as "f is absent OR f != v" itself.

Values of one field always have one kind (``str``, ``number`` or ``bool``); this is checked
when facts are prepared, so durable_rules' coercions ('5' == 5, True == 1) never apply.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Value = bool | int | float | str
Kind = Literal["str", "number", "bool"]
TestOp = Literal["ex", "nex", "eq", "neq", "lt", "lte", "gt", "gte"]

NEGATED_OP: dict[str, TestOp] = {"lt": "gte", "lte": "gt", "gt": "lte", "gte": "lt", "eq": "neq", "neq": "eq"}
ORDERING_OPS = frozenset({"lt", "lte", "gt", "gte"})


@dataclass(frozen=True)
class Test:
    """One test of one field against a literal ``value`` or another field ``other``."""

    op: TestOp
    field: str
    value: Value | None = None
    other: str | None = None


@dataclass(frozen=True)
class Group:
    """A conjunction (``and``) or disjunction (``or``) of at least one node."""

    kind: Literal["and", "or"]
    items: tuple[Node, ...]


Node = Test | Group


def kind_of(value: object) -> Kind | None:
    """The kind of a fact value (bool is not a number here)."""
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "str"
    return None


def group(kind: Literal["and", "or"], items: list[Node]) -> Node:
    """A flattened, de-duplicated group; a single item stands for itself."""
    flat: list[Node] = []
    for item in items:
        members = item.items if isinstance(item, Group) and item.kind == kind else (item,)
        for member in members:
            if member not in flat:
                flat.append(member)
    if len(flat) == 1:
        return flat[0]
    return Group(kind, tuple(flat))


def fields_of(node: Node) -> set[str]:
    """Every field a node reads."""
    if isinstance(node, Test):
        return {node.field} | ({node.other} if node.other else set())
    result: set[str] = set()
    for item in node.items:
        result |= fields_of(item)
    return result


def render(node: Node) -> str:
    """A short readable form, for messages and ``rules show``."""
    if isinstance(node, Test):
        if node.op == "ex":
            return f"{node.field} exists"
        if node.op == "nex":
            return f"{node.field} missing"
        symbol = {"eq": "==", "neq": "!=", "lt": "<", "lte": "<=", "gt": ">", "gte": ">="}[node.op]
        right = node.other if node.other is not None else _literal(node.value)
        return f"{node.field} {symbol} {right}"
    joiner = " and " if node.kind == "and" else " or "
    return "(" + joiner.join(render(item) for item in node.items) + ")"


def _literal(value: Value | None) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return repr(value)
    return str(value)
