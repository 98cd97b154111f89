"""Facts as both evaluators see them: validated, projected, with text tests computed.

Both backends evaluate the same prepared facts, so they agree by construction on everything
done here: missing values (None) are dropped, each field read by a rule must hold values of
one kind (no '5' == 5 or True == 1 coercion can apply), numbers must be finite and exact in
JSON, fact ids must be unique, and only the fields rules read are kept (durable_rules
handles about 250 properties per fact and compares strings over 65,535 bytes truncated).
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from engine.errors import EngineError
from engine.evaluation.pack_cache import per_pack
from engine.evaluation.text_tests import TextTestFailures, apply_text_tests
from engine.rule_language import ir
from engine.rule_language.compiler import CompiledPack, TextTestSpec

MAX_STRING_BYTES = 60_000


def prepare_facts(facts: Iterable[Mapping[str, Any]], pack: CompiledPack, *, pattern_timeout: float | None = None,
                  failures: TextTestFailures | None = None) -> list[dict[str, Any]]:
    """Facts of the pack's subjects, in input order, reduced to what the rules read.

    ``pattern_timeout`` and ``failures`` go to :func:`apply_text_tests` (timeouts raise unless
    ``failures`` collects them).
    """
    prepared: list[dict[str, Any]] = []
    seen: set[str] = set()
    plans = per_pack(pack, _plans)
    for raw in facts:
        subject, fact_id = raw.get("t"), raw.get("id")
        if not isinstance(subject, str) or not isinstance(fact_id, str) or not fact_id:
            raise EngineError(f"a fact needs string 't' and 'id' fields, got t={subject!r} id={fact_id!r}")
        if fact_id in seen:
            raise EngineError(f"duplicate fact id {fact_id!r}")
        seen.add(fact_id)
        plan = plans.get(subject)
        if plan is None:
            continue
        derived: dict[str, Any] | None = None  # the text tests' input fields and their derived fields
        if plan.text_tests:
            derived = {"id": fact_id}
            for name in plan.text_fields:
                value = raw.get(name)
                if value is not None:
                    derived[name] = value
            apply_text_tests(derived, plan.text_tests, timeout=pattern_timeout, failures=failures)
        fact: dict[str, Any] = {"t": subject, "id": fact_id}
        for name, kind in plan.direct:
            value = raw.get(name)
            if value is None:  # missing values are dropped
                continue
            # a bool where one is expected (most fields) skips the call: _checked's own fast path, inlined
            fact[name] = value if type(value) is bool and kind == "bool" else _checked(value, kind, fact_id, name)
        if derived is not None:  # plan.derived is empty without text tests
            for name, kind in plan.derived:
                value = derived.get(name)
                if value is not None:
                    fact[name] = _checked(value, kind, fact_id, name)
        prepared.append(fact)
    return prepared


@dataclass(frozen=True)
class _Plan:
    """What preparation does to the facts of one subject."""

    direct: tuple[tuple[str, ir.Kind | None], ...]  # fields the rules read from the fact, with their kind
    derived: tuple[tuple[str, ir.Kind | None], ...]  # fields the rules read that the text tests derive
    text_tests: tuple[TextTestSpec, ...]
    text_fields: tuple[str, ...]  # the fields the text tests read


def _plans(pack: CompiledPack) -> dict[str, _Plan]:
    """Per subject of the pack, its preparation plan (use through ``per_pack``)."""
    plans = {}
    for subject, read in pack.fields_read.items():
        tests = tuple(pack.text_tests.get(subject, ()))
        derived = {spec.derived for spec in tests}
        kinds = pack.kinds.get(subject, {})
        plans[subject] = _Plan(tuple((name, kinds.get(name)) for name in sorted(read - derived)),
                               tuple((name, kinds.get(name)) for name in sorted(read & derived)),
                               tests, tuple(sorted({spec.field for spec in tests})))
    return plans


def _checked(value: object, kind: ir.Kind | None, fact_id: str, name: str) -> Any:
    # Fast paths for the usual values (exact types only; anything else takes the full checks below):
    # a short string (at most 4 UTF-8 bytes per character), a bool, an int within 2**53.
    value_type = type(value)
    if value_type is str:
        if (kind is None or kind == "str") and len(value) * 4 <= MAX_STRING_BYTES:  # type: ignore[arg-type]
            return value
    elif value_type is bool:
        if kind is None or kind == "bool":
            return value
    elif value_type is int and (kind is None or kind == "number") and -(2**53) < value < 2**53:  # type: ignore[operator]
        return value
    return _checked_fully(value, kind, fact_id, name)


def _checked_fully(value: object, kind: ir.Kind | None, fact_id: str, name: str) -> Any:
    actual = ir.kind_of(value)
    if actual is None:
        raise EngineError(f"fact {fact_id} field {name!r} is {type(value).__name__}, not a scalar")
    if kind is not None and actual != kind:
        raise EngineError(f"fact {fact_id} field {name!r} holds a {actual} ({value!r}); rules expect a {kind}")
    if isinstance(value, float) and not math.isfinite(value):
        raise EngineError(f"fact {fact_id} field {name!r} is not a finite number")
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 2**53:
        raise EngineError(f"fact {fact_id} field {name!r} is too large an integer ({value})")
    if isinstance(value, str) and len(value.encode("utf-8")) > MAX_STRING_BYTES:
        # strings are only compared for equality: a digest keeps that meaning within limits
        return "\x00sha256:" + hashlib.sha256(value.encode("utf-8")).hexdigest()
    return value
