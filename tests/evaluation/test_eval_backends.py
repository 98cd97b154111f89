"""Both evaluators on hand-made facts, and the durable backend's safety rails."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from engine.errors import EngineError
from engine.evaluation import durable_backend, text_tests
from engine.evaluation.prepare import prepare_facts
from engine.evaluation.runner import BACKENDS, applicable_facts, evaluate, evaluate_prepared
from engine.rule_language.compiler import CompiledPack, compile_pack, compile_rule
from engine.rule_language.schema import Rule

CATALOG = {subject: {"t": "str", "id": "str", "status": "str", "target": "int", "published": "int",
                     "amount": "float", "result": "str", "recovered": "bool"}
           for subject in ("finding", "money")}


def make_pack(*specs: tuple[str, str, dict[str, Any], dict[str, Any] | None]) -> CompiledPack:
    rules = []
    for rule_id, subject, assertion, when in specs:
        data: dict[str, Any] = {"id": rule_id, "title": "t", "severity": "error", "subject": subject,
                                "assert": assertion, "message": {"zh": "z", "en": "e"}, "rationale": "r"}
        if when is not None:
            data["when"] = when
        rules.append(compile_rule(Rule.model_validate(data), CATALOG, {"vague_time"}))
    return compile_pack(rules)


PACK = make_pack(
    ("has-status", "finding", {"not": {"equals": {"field": "status", "value": "none"}}}, None),
    ("target-before-publication", "finding", {"le": {"field": "target", "other": "published"}},
     {"exists": "target"}),
    ("no-vague-result", "finding", {"not": {"matches": {"field": "result", "vocab": "vague_time"}}},
     {"in": {"field": "status", "values": ["ongoing", "long_term"]}}),
    ("recovered-amount", "money", {"gt": {"field": "amount", "value": 0}},
     {"equals": {"field": "recovered", "value": True}}),
)

FACTS: list[dict[str, Any]] = [
    {"t": "notice", "id": "notice:1", "published": 20210107},
    {"t": "finding", "id": "finding:1", "status": "closed", "target": 20201231, "published": 20210107},
    {"t": "finding", "id": "finding:2", "status": "none", "result": "已完成"},
    {"t": "finding", "id": "finding:3", "status": "ongoing", "target": 20210301, "published": 20210107,
     "result": "拟于明年完成"},
    {"t": "finding", "id": "finding:4", "status": "ongoing", "target": 20210301, "result": "2021年3月底前完成"},
    {"t": "money", "id": "money:1", "recovered": True},
    {"t": "money", "id": "money:2", "recovered": True, "amount": 74018.0},
    {"t": "money", "id": "money:3", "recovered": False, "amount": None},
]

EXPECTED = [
    ("has-status", "finding:2"),
    ("no-vague-result", "finding:3"),
    ("target-before-publication", "finding:3"),
    ("target-before-publication", "finding:4"),  # published missing: the assert does not hold
    ("recovered-amount", "money:1"),
]


@pytest.mark.parametrize("backend", BACKENDS)
def test_both_backends_find_the_expected_violations(backend: str) -> None:
    assert evaluate(FACTS, PACK, backend) == EXPECTED  # type: ignore[arg-type]


def test_repeated_evaluation_is_stable() -> None:
    for _ in range(50):
        assert evaluate(FACTS, PACK, "durable") == EXPECTED
    assert durable_backend._REGISTRY.live is None


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize(("fact", "message"), [
    ({"t": "finding", "id": "f", "target": "20210101"}, "holds a str"),  # '5' == 5 coercion refused
    ({"t": "money", "id": "m", "recovered": 1}, "holds a number"),  # True == 1 coercion refused
    ({"t": "money", "id": "m", "amount": True}, "holds a bool"),
    ({"t": "money", "id": "m", "amount": float("inf")}, "finite"),
    ({"t": "finding", "id": "f", "target": 2**60}, "too large"),
    ({"t": "finding", "id": "f", "status": ["closed"]}, "not a scalar"),
    ({"t": "finding"}, "string 't' and 'id'"),
])
def test_bad_facts_are_engine_errors(backend: str, fact: dict[str, Any], message: str) -> None:
    with pytest.raises(EngineError, match=message):
        evaluate([fact], PACK, backend)  # type: ignore[arg-type]


@pytest.mark.parametrize("backend", BACKENDS)
def test_duplicate_fact_ids_are_refused(backend: str) -> None:
    facts = [{"t": "finding", "id": "finding:1"}, {"t": "notice", "id": "finding:1"}]
    with pytest.raises(EngineError, match="duplicate fact id"):
        evaluate(facts, PACK, backend)  # type: ignore[arg-type]


def test_pattern_timeout_names_the_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    pack = make_pack(("slow-pattern", "finding", {"not": {"matches": {"field": "result", "pattern": r"(.*a){25}$"}}},
                      None))
    monkeypatch.setattr(text_tests, "PATTERN_TIMEOUT_SECONDS", 0.001)
    with pytest.raises(EngineError) as error:
        evaluate([{"t": "finding", "id": "f", "result": "a" * 60 + "!"}], pack, "durable")
    assert "[slow-pattern]" in str(error.value) and "took longer" in str(error.value)


def _tamper(monkeypatch: pytest.MonkeyPatch, edit: Any) -> None:
    """Let the C core run as usual but hand the backend edited action messages."""
    real = durable_backend.core.start_action_for_state

    def start(handle: int, state_handle: int) -> Any:
        started = real(handle, state_handle)
        return (started[0], edit(started[1])) if started else started

    monkeypatch.setattr(durable_backend.core, "start_action_for_state", start)


@pytest.mark.parametrize(("edit", "message"), [
    (lambda m: m.replace('"sid": "s', '"sid": "x'), "fired for session x"),
    (lambda m: m.replace('"id": "finding:2"', '"id": "finding:9"'), "fired for fact finding:9"),
    (lambda m: m.replace('{"r', '{"q', 1), "unknown rule 'q"),
    (lambda m: m[:-3], "unexpected action message"),
    (lambda m: m.replace(":{\"m\":{", ":{\"m\":[{", 1)[:-2] + "]}}", "unexpected action message"),  # not one fact
])
def test_unexpected_action_messages_are_engine_errors(monkeypatch: pytest.MonkeyPatch, edit: Any,
                                                      message: str) -> None:
    evaluate(FACTS, PACK, "durable")  # registers the pack untouched
    _tamper(monkeypatch, edit)
    with pytest.raises(EngineError, match=message):
        evaluate(FACTS, PACK, "durable")
    assert durable_backend._REGISTRY.live is None
    monkeypatch.undo()
    assert evaluate(FACTS, PACK, "durable") == EXPECTED  # the next session is clean


def test_action_messages_are_compared_by_value_when_not_echoed(monkeypatch: pytest.MonkeyPatch) -> None:
    evaluate(FACTS, PACK, "durable")
    _tamper(monkeypatch, lambda m: m.replace('"m":', ' "m" : ').replace(", ", ","))
    assert evaluate(FACTS, PACK, "durable") == EXPECTED


def test_core_errors_are_engine_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    evaluate(FACTS, PACK, "durable")

    def broken(handle: int, text: str) -> Any:
        raise RuntimeError("Could not assert fact, error code: 303")

    monkeypatch.setattr(durable_backend.core, "assert_fact", broken)
    with pytest.raises(EngineError, match=r"failed on fact .*error code: 303"):
        evaluate(FACTS, PACK, "durable")
    assert durable_backend._REGISTRY.live is None


def test_a_fact_asserted_twice_is_an_engine_error() -> None:
    (ruleset, *_) = durable_backend._REGISTRY.rulesets_for(PACK)
    fired: list[str] = []
    text = durable_backend.dumps({"t": "finding", "id": "f1", "status": "none", "sid": "twice"})
    durable_backend._assert(ruleset.handle, text, "f1", fired)
    assert len(fired) == 1  # has-status fired
    try:
        with pytest.raises(EngineError, match="f1 was asserted twice"):
            durable_backend._assert(ruleset.handle, text, "f1", fired)
    finally:
        durable_backend.core.delete_state(ruleset.handle, "twice")


@pytest.mark.parametrize(("value", "text"), [
    ({"a": 1, "b": "中文\"x", "c": 74018.0, "d": True}, '{"a": 1, "b": "中文\\"x", "c": 74018.0, "d": true}'),
    ({"b": "e-mail", "c": 74018.0}, '{"b":"e-mail","c":74018.0}'),  # "e-" in a string: the exact encoder
    ({"a": 1e-9, "b": -1e20}, '{"a":0.000000001,"b":-100000000000000000000.0}'),
    ([0.5, "x"], '[0.5, "x"]'),
])
def test_json_for_the_core_has_no_exponents(value: Any, text: str) -> None:
    assert durable_backend.dumps(value) == text


@pytest.mark.parametrize("value", [{"a": float("nan")}, {"a": float("inf")}, {"a": object()}])
def test_json_for_the_core_refuses_what_it_cannot_read(value: Any) -> None:
    with pytest.raises(EngineError):
        durable_backend.dumps(value)


def test_sessions_are_not_reentrant() -> None:
    evaluate(FACTS, PACK, "durable")  # registers the pack
    durable_backend._REGISTRY.live = "s-other"
    try:
        with pytest.raises(EngineError, match="already live"):
            evaluate(FACTS, PACK, "durable")
    finally:
        durable_backend._REGISTRY.live = None


def test_other_threads_are_refused() -> None:
    evaluate(FACTS, PACK, "durable")
    errors: list[BaseException] = []

    def run() -> None:
        try:
            evaluate(FACTS, PACK, "durable")
        except BaseException as exc:
            errors.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    assert len(errors) == 1 and isinstance(errors[0], EngineError)
    assert "one thread" in str(errors[0])


def test_tiny_and_huge_numbers_reach_the_engine_exactly() -> None:
    pack = make_pack(("small", "money", {"lt": {"field": "amount", "value": 1e-9}}, None))
    facts = [{"t": "money", "id": "a", "amount": 5e-10}, {"t": "money", "id": "b", "amount": 2e-9},
             {"t": "money", "id": "c", "amount": 1e20}, {"t": "money", "id": "d", "amount": -1e20}]
    assert evaluate(facts, pack, "durable") == evaluate(facts, pack, "python") == [("small", "b"), ("small", "c")]


def test_long_strings_keep_equality() -> None:
    pack = make_pack(("same", "finding", {"not": {"equals": {"field": "status", "other": "result"}}}, None))
    long_a = "甲" * 30_000
    facts = [{"t": "finding", "id": "x", "status": long_a, "result": long_a},
             {"t": "finding", "id": "y", "status": long_a, "result": long_a[:-1] + "乙"}]
    assert evaluate(facts, pack, "durable") == evaluate(facts, pack, "python") == [("same", "x")]


def test_durable_with_applicable_facts_asserts_only_those() -> None:
    prepared = prepare_facts(FACTS, PACK)
    applicable, relevant = applicable_facts(prepared, PACK)
    assert evaluate_prepared(relevant, PACK, "durable", applicable=applicable) == EXPECTED
    # a rule is only evaluated on the facts its `when` was found to hold on: none here, so nothing fires
    assert evaluate_prepared(relevant, PACK, "durable", applicable={}) == []
    only = {"has-status": ["finding:2"]}
    assert evaluate_prepared(relevant, PACK, "durable", applicable=only) == [("has-status", "finding:2")]
    assert durable_backend._REGISTRY.live is None
