"""The compiler: negation pushed down, durable quirks handled, only the safe subset emitted."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from engine.errors import RuleError
from engine.rule_language import ir
from engine.rule_language.compiler import (
    MAX_ACTIVATIONS,
    MAX_EXPRESSIONS,
    MAX_SIBLINGS,
    CompiledRule,
    RuleProblem,
    activations,
    compile_pack,
    compile_rule,
    validate_durable,
)
from engine.rule_language.ir import Group, render
from engine.rule_language.loader import load_pack
from engine.rule_language.schema import Rule, rules_json_schema

ROOT = Path(__file__).resolve().parents[2]
CATALOG = {"finding": {"t": "str", "id": "str", "a": "int", "b": "float", "s": "str", "flag": "bool", "text": "str"}}


def rule(assertion: dict[str, Any], when: dict[str, Any] | None = None, rule_id: str = "r-1") -> CompiledRule:
    data: dict[str, Any] = {"id": rule_id, "title": "t", "severity": "error", "subject": "finding",
                            "assert": assertion, "message": {"zh": "{a}", "en": "{s}"}, "rationale": "r"}
    if when is not None:
        data["when"] = when
    return compile_rule(Rule.model_validate(data), CATALOG, {"vague_time"})


def durable_of(compiled: CompiledRule) -> dict[str, Any]:
    pack = compile_pack([compiled])
    return pack.durable_rules["r0"]


def test_negated_equality_is_missing_or_different() -> None:
    compiled = rule({"equals": {"field": "s", "value": "x"}})
    assert compiled.violation == Group("or", (ir.Test("nex", "s"), ir.Test("neq", "s", "x")))
    assert durable_of(compiled) == {"all": [{"m": {"$and": [
        {"t": "finding"}, {"$or": [{"$nex": {"s": 1}}, {"$neq": {"s": "x"}}]}]}}]}


def test_de_morgan_and_double_negation() -> None:
    compiled = rule({"not": {"any": [{"exists": "a"}, {"not": {"lt": {"field": "a", "value": 3}}}]}})
    # violation = any(...) = a exists or a >= 3 (or missing)
    assert render(compiled.violation) == "(a exists or a missing or a >= 3)"
    assert render(compiled.check) == "(a missing and a < 3)"


def test_field_comparison_guards_both_fields() -> None:
    compiled = rule({"le": {"field": "a", "other": "b"}})
    assert render(compiled.check) == "(a exists and b exists and a <= b)"
    assert render(compiled.violation) == "(a missing or b missing or (b exists and a > b))"
    condition = durable_of(compiled)["all"][0]["m"]
    assert {"$gt": {"a": {"$m": "b"}}} in condition["$and"][1]["$or"][2]["$and"]


def test_when_and_not_assert() -> None:
    compiled = rule({"exists": "a"}, when={"equals": {"field": "flag", "value": True}})
    assert render(compiled.violation) == "(flag == true and a missing)"
    # a top-level conjunction is flattened after the type anchor
    assert durable_of(compiled)["all"][0]["m"] == {"$and": [{"t": "finding"}, {"flag": True}, {"$nex": {"a": 1}}]}


def test_matches_becomes_a_derived_boolean() -> None:
    compiled = rule({"not": {"matches": {"field": "text", "vocab": "vague_time"}}})
    assert compiled.violation == ir.Test("eq", "m__text__vague_time", True)
    assert compiled.text_tests[0].field == "text"
    pattern = rule({"matches": {"field": "text", "pattern": r"\d+"}})
    assert isinstance(pattern.violation, ir.Test) and pattern.violation.field.startswith("p__text__")
    assert pattern.violation.value is False


def test_in_with_many_values_is_chunked() -> None:
    compiled = rule({"not": {"in": {"field": "a", "values": list(range(40))}}})
    definition = durable_of(compiled)
    validate_durable(definition)

    def widest(node: Any) -> int:
        if isinstance(node, dict) and len(node) == 1:
            ((key, body),) = node.items()
            if key in ("$and", "$or"):
                return max([len(body), *(widest(item) for item in body)])
        return 0

    assert widest(definition["all"][0]["m"]) <= MAX_SIBLINGS


def test_dates_compile_to_yyyymmdd() -> None:
    import datetime as dt

    compiled = rule({"ge": {"field": "a", "value": dt.date(2021, 1, 7)}})
    assert compiled.check == ir.Test("gte", "a", 20210107)


@pytest.mark.parametrize(("assertion", "message"), [
    ({"equals": {"field": "a", "value": "5"}}, "holds number values"),  # '5' == 5 coercion
    ({"equals": {"field": "flag", "value": 1}}, "holds bool values"),  # True == 1 coercion
    ({"lt": {"field": "s", "value": "b"}}, "lt compares numbers"),
    ({"equals": {"field": "a", "other": "s"}}, "cannot compare 'a' \\(number\\) with 's'"),
    ({"in": {"field": "a", "values": [1, "x"]}}, "holds number values"),
    ({"exists": "nope"}, "unknown field 'nope'"),
    ({"matches": {"field": "a", "vocab": "vague_time"}}, "holds number values"),
    ({"matches": {"field": "text", "vocab": "nope"}}, "unknown vocabulary"),
    ({"equals": {"field": "b", "value": float("nan")}}, "finite"),
    ({"equals": {"field": "a", "value": 2**60}}, "2**53"),
])
def test_type_errors_are_refused(assertion: dict[str, Any], message: str) -> None:
    with pytest.raises(RuleProblem, match=message.replace("*", r"\*")):
        rule(assertion)


def test_too_complex_conditions_are_refused() -> None:
    deep: dict[str, Any] = {"exists": "a"}
    for index in range(MAX_EXPRESSIONS // 2):
        deep = {"all": [deep, {"any": [{"equals": {"field": "a", "value": index}}, {"missing": "b"}]}]}
    with pytest.raises(RuleProblem, match=r"too complex.*expression entries"):
        rule(deep)
    wide = {"all": [{"any": [{"exists": "a"}, {"exists": "b"}, {"exists": "s"}, {"exists": "text"}]},
                    {"any": [{"missing": "a"}, {"missing": "b"}, {"missing": "s"}, {"missing": "text"}]},
                    {"any": [{"equals": {"field": "flag", "value": True}}, {"exists": "flag"},
                             {"lt": {"field": "a", "value": 1}}]}]}
    assert activations(rule(wide).check) > MAX_ACTIVATIONS
    with pytest.raises(RuleProblem, match="tests can hold at once"):
        rule({"not": wide})


def test_many_rules_are_sharded() -> None:
    rules = [rule({"missing": "a"}, rule_id=f"r-{i}") for i in range(100)]
    pack = compile_pack(rules)
    assert len(pack.shards) >= 100 // MAX_ACTIVATIONS
    assert sorted(name for shard in pack.shards for name in shard) == sorted(pack.durable_rules)


def test_duplicate_ids_in_a_pack() -> None:
    with pytest.raises(RuleError, match="duplicate rule id"):
        compile_pack([rule({"exists": "a"}), rule({"exists": "s"})])


@pytest.mark.parametrize("definition", [
    {"all": [{"m": {"$and": [{"t": "finding"}, {"$mt": {"s": "a.*"}}]}}]},  # regex operator
    {"all": [{"m": {"$and": [{"t": "finding"}, {"$not": {"s": 1}}]}}]},
    {"all": [{"m": {"$and": [{"t": "finding"}]}}, {"n": {"$and": [{"t": "notice"}]}}]},  # a join
    {"all": [{"m": {"$and": [{"s": "x"}]}}]},  # not anchored on the type
    {"all": [{"m": {"$or": [{"t": "finding"}]}}]},
    {"all": [{"m": {"$and": [{"t": "finding"}, {"$lt": {"a": {"$s": "b"}}}]}}]},  # state reference
    {"all": [{"m": {"$and": [{"t": "finding"}, {"$lt": {"a": {"$add": {"$l": 1, "$r": 2}}}}]}}]},
    {"all": [{"m": {"$and": [{"t": "finding"}, {"$or": [{"a": i} for i in range(40)]}]}}]},  # too wide
    {"all": [{"m": {"$and": [{"t": "finding"}, {"a": [1, 2]}]}}]},
    {"any": [{"m": {"$and": [{"t": "finding"}]}}]},
], ids=["mt", "not", "join", "unanchored", "or-root", "state", "arithmetic", "wide", "array", "any"])
def test_validator_refuses_unsafe_definitions(definition: dict[str, Any]) -> None:
    with pytest.raises(RuleError):
        validate_durable(definition)


def test_example_pack_compiles_to_the_safe_subset() -> None:
    pack = load_pack(ROOT / "rules" / "examples")
    compiled = compile_pack([loaded.compiled for loaded in pack.rules])
    for definition in compiled.durable_rules.values():
        validate_durable(definition)
        assert definition["all"][0]["m"]["$and"][0] == {"t": next(
            r.subject for r in compiled.rules if r.id == compiled.durable_names[next(
                n for n, d in compiled.durable_rules.items() if d is definition)])}


def test_rules_json_schema_accepts_the_example_pack() -> None:
    schema = rules_json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    data = yaml.safe_load((ROOT / "rules" / "examples" / "examples.yaml").read_text(encoding="utf-8"))
    data = json.loads(json.dumps(data, default=str))
    jsonschema.validate(data, schema)
    bad = json.loads(json.dumps(data))
    bad["rules"][0]["assert"] = {"lessthan": {"field": "a", "value": 1}}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema)
