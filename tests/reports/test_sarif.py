"""SARIF 2.1.0: valid against the official schema, rules and results, locations, determinism."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from report_samples import QUOTE_ONE_LINE, QUOTE_TWO_LINES, ROOT, sample_rules, sample_set

from engine import __version__
from engine.reports.model import ReportSet
from engine.reports.sarif import render_sarif

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "data" / "sarif-schema-2.1.0.json"


@pytest.fixture(scope="module")
def validator() -> jsonschema.protocols.Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def _log(lang: str = "zh", **kwargs: Any) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(render_sarif(sample_set(), sample_rules(), lang, **kwargs))
    return data


def _regions(log: dict[str, Any]) -> list[dict[str, Any]]:
    return [location["physicalLocation"]["region"] for result in log["runs"][0]["results"]
            for location in result["locations"] if "region" in location.get("physicalLocation", {})]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("root", [None, ROOT])
def test_output_validates_against_the_official_schema(validator: jsonschema.protocols.Validator, lang: str,
                                                       root: str | None) -> None:
    log = _log(lang, root=root)
    errors = sorted(validator.iter_errors(log), key=lambda error: list(error.path))
    assert not errors, "\n".join(f"{list(error.path)}: {error.message}" for error in errors)
    # The official file puts region's anyOf inside "properties", so it is not enforced: check it here.
    for region in _regions(log):
        assert "startLine" in region or "charOffset" in region


def test_empty_report_set_validates(validator: jsonschema.protocols.Validator) -> None:
    log = json.loads(render_sarif(ReportSet(), {}, "zh"))
    validator.validate(log)
    assert log["runs"][0]["results"] == []
    assert log["runs"][0]["tool"]["driver"]["rules"] == []


def test_driver_and_rules() -> None:
    driver = _log()["runs"][0]["tool"]["driver"]
    assert driver["name"] == "zhenggai"
    assert driver["version"] == __version__
    rules = driver["rules"]
    assert [rule["id"] for rule in rules] == ["claim-sum-matches", "date-order", "finding-has-deadline",
                                             "measure-has-owner", "unknown-rule"]
    by_id = {rule["id"]: rule for rule in rules}
    deadline = by_id["finding-has-deadline"]
    assert deadline["name"] == "FindingHasDeadline"
    assert deadline["shortDescription"] == {"text": "问题须有整改期限"}
    assert deadline["fullDescription"] == {"text": "每个问题都要写明整改期限。"}
    assert deadline["help"] == {"text": "每个问题都要写明整改期限。"}
    assert deadline["properties"] == {"tags": ["deadline", "finding"]}  # sorted, deduplicated
    assert {rule_id: rule["defaultConfiguration"]["level"] for rule_id, rule in by_id.items()} == {
        "claim-sum-matches": "note", "date-order": "error", "finding-has-deadline": "error",
        "measure-has-owner": "warning", "unknown-rule": "warning"}
    # A schema Rule works as metadata; a rule missing from the mapping falls back to its violation.
    assert by_id["date-order"]["fullDescription"] == {"text": "开始日期应早于结束日期。"}
    assert by_id["unknown-rule"]["shortDescription"] == {"text": "title of unknown-rule"}
    assert "properties" not in by_id["measure-has-owner"]


def test_rule_text_in_the_chosen_language() -> None:
    by_id = {rule["id"]: rule for rule in _log("en")["runs"][0]["tool"]["driver"]["rules"]}
    assert by_id["finding-has-deadline"]["fullDescription"] == {"text": "Every finding needs a deadline."}
    assert by_id["measure-has-owner"]["shortDescription"] == {"text": "Measures need an owner"}


def test_results_point_at_rules_and_carry_messages() -> None:
    for lang, first in (("zh", "问题未写明整改期限|请补充"), ("en", "No deadline | add one")):
        run = _log(lang)["runs"][0]
        rules = run["tool"]["driver"]["rules"]
        results = run["results"]
        assert len(results) == 6
        for result in results:
            assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert results[0]["message"] == {"text": first}
        assert [result["level"] for result in results] == ["error", "warning", "error", "note", "warning",
                                                           "error"]
        assert results[0]["partialFingerprints"] == {"zhenggai/v1": "fp-finding-has-deadline-13"}
        assert "partialFingerprints" not in results[5]  # no fingerprint, no entry


def test_artifact_uri_is_relative_with_forward_slashes_and_encoded() -> None:
    results = _log()["runs"][0]["results"]
    artifact = results[0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert artifact == {"uri": "notices/2024/%E6%95%B4%E6%94%B9%20%E9%80%9A%E6%8A%A5.txt", "uriBaseId": "%SRCROOT%"}


def test_absolute_paths_under_root_become_relative() -> None:
    report_set = sample_set()
    report_set.reports[1].violations = report_set.reports[0].violations[:1]
    under = json.loads(render_sarif(report_set, sample_rules(), "zh", root=ROOT))
    assert under["runs"][0]["originalUriBaseIds"] == {"%SRCROOT%": {"uri": "file:///abs/repo/"}}
    artifact = under["runs"][0]["results"][5]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert artifact == {"uri": "notices/clean.txt", "uriBaseId": "%SRCROOT%"}
    outside = json.loads(render_sarif(report_set, sample_rules(), "zh"))
    assert "originalUriBaseIds" not in outside["runs"][0]
    artifact = outside["runs"][0]["results"][5]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert artifact == {"uri": "file:///abs/repo/notices/clean.txt"}


def test_regions_from_spans() -> None:
    results = _log()["runs"][0]["results"]
    single = results[0]["locations"][0]["physicalLocation"]["region"]
    assert single == {"startLine": 5, "startColumn": 3, "endLine": 5, "endColumn": 3 + len(QUOTE_ONE_LINE),
                      "charOffset": 120, "charLength": len(QUOTE_ONE_LINE), "snippet": {"text": QUOTE_ONE_LINE}}
    multi = results[2]["locations"][0]["physicalLocation"]["region"]
    assert (multi["startLine"], multi["startColumn"], multi["endLine"], multi["endColumn"]) == (9, 7, 10, 8)
    assert multi["charLength"] == len(QUOTE_TWO_LINES)
    # The quote is not the spanned text: start and offsets only, no guessed end, no snippet.
    partial = results[3]["locations"][0]["physicalLocation"]["region"]
    assert partial == {"startLine": 12, "startColumn": 1, "charOffset": 500, "charLength": 20}


def test_violation_without_span_has_artifact_and_logical_locations_only() -> None:
    location = _log()["runs"][0]["results"][1]["locations"][0]
    assert "region" not in location["physicalLocation"]
    assert location["logicalLocations"] == [
        {"name": "二、存在的问题", "kind": "section"},
        {"name": "3.", "kind": "finding", "fullyQualifiedName": "二、存在的问题 / 3."},
    ]


def test_stdin_report_has_no_physical_location() -> None:
    result = _log()["runs"][0]["results"][5]
    assert result["ruleId"] == "date-order"
    assert result["locations"] == []


def test_result_properties() -> None:
    result = _log()["runs"][0]["results"][0]
    assert result["properties"] == {"subject": "finding", "factId": "fact-finding-has-deadline",
                                    "expected": "a deadline", "actual": {"deadline": None, "status": "ongoing"},
                                    "quote": QUOTE_ONE_LINE}


def test_output_is_deterministic_unicode_json() -> None:
    first = render_sarif(sample_set(), sample_rules(), "zh", root=ROOT)
    assert first == render_sarif(sample_set(), sample_rules(), "zh", root=ROOT)
    assert first.endswith("}\n")
    assert "整改" in first  # ensure_ascii=False
    assert list(json.loads(first)) == ["$schema", "version", "runs"]


def test_unknown_language_is_rejected() -> None:
    with pytest.raises(ValueError, match="unknown language"):
        render_sarif(sample_set(), sample_rules(), "fr")


def test_schema_rejects_a_broken_log(validator: jsonschema.protocols.Validator) -> None:
    """Guards against a vacuous schema: a wrong level and a missing message are caught."""
    log = _log()
    result = log["runs"][0]["results"][0]
    result["level"] = "info"
    del result["message"]
    messages = {error.message for error in validator.iter_errors(log)}
    assert any("'info' is not one of" in message for message in messages)
    assert any("'message' is a required property" in message for message in messages)
