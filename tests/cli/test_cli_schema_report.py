"""``zhenggai schema report``: the JSON Schema that ``check --format json`` output validates against."""

from __future__ import annotations

import json

import jsonschema
from cli_helpers import zhenggai


def test_check_json_validates_against_the_report_schema() -> None:
    schema_run = zhenggai("schema", "report")
    assert schema_run.code == 0
    schema = json.loads(schema_run.out)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["title"] == "zhenggai report"
    report = zhenggai("check", "fixtures/raw/", "fixtures/cases/", "--format", "json", "--fail-on", "never")
    data = json.loads(report.out)
    jsonschema.Draft202012Validator(schema).validate(data)
    assert data["version"] == "1" and data["summary"]["total"] > 0
    broken = {**data, "unexpected": 1}
    assert not jsonschema.Draft202012Validator(schema).is_valid(broken)
