"""Rules that could not be evaluated (``Report.errors``) appear in every format; places stand in for missing spans."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
from report_samples import failing_set, sample_rules

from engine.reports.github import render_github
from engine.reports.html import render_html
from engine.reports.junit import render_junit
from engine.reports.markdown import render_markdown
from engine.reports.outputs import FORMATS, render
from engine.reports.sarif import render_sarif

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "data" / "sarif-schema-2.1.0.json"


def test_every_format_names_the_failed_rule() -> None:
    reports = failing_set().reports
    for name in FORMATS:
        for lang in ("zh", "en"):
            text = render(name, reports, sample_rules(), lang)  # type: ignore[arg-type]
            assert "slow-pattern" in text, (name, lang)
            if name != "json":
                assert "ZG610" in text, (name, lang)


def test_sarif_notification_and_execution_failure() -> None:
    log = json.loads(render_sarif(failing_set(), sample_rules(), "zh", root="/abs/repo"))
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    validator = jsonschema.validators.validator_for(schema)(schema)
    errors = sorted(validator.iter_errors(log), key=lambda error: list(error.path))
    assert not errors, "\n".join(f"{list(error.path)}: {error.message}" for error in errors)
    invocation = log["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    [note] = invocation["toolExecutionNotifications"]
    assert note["level"] == "error"
    assert note["associatedRule"] == {"id": "slow-pattern"}  # not among the rules: no index
    assert note["descriptor"] == {"id": "ZG610"}
    assert "took longer than 1s" in note["message"]["text"]
    location = note["locations"][0]["physicalLocation"]
    assert location["region"] == {"startLine": 3}
    assert location["artifactLocation"]["uriBaseId"] == "%SRCROOT%"


def test_sarif_clean_run_is_successful() -> None:
    report_set = failing_set()
    report_set.reports[0].errors = []
    log = json.loads(render_sarif(report_set, sample_rules(), "zh"))
    assert log["runs"][0]["invocations"] == [{"executionSuccessful": True}]


def test_sarif_place_for_a_violation_without_a_span() -> None:
    log = json.loads(render_sarif(failing_set(), sample_rules(), "zh"))
    result = next(r for r in log["runs"][0]["results"] if r["ruleId"] == "header-missing-title")
    assert result["message"]["text"] == "通报没有标题（通报头部）"
    assert {"name": "通报头部", "kind": "place"} in result["locations"][0]["logicalLocations"]
    en = json.loads(render_sarif(failing_set(), sample_rules(), "en"))
    result = next(r for r in en["runs"][0]["results"] if r["ruleId"] == "header-missing-title")
    assert result["message"]["text"] == "No title (notice header)"


def test_junit_error_in_the_rule_testcase() -> None:
    root = ET.fromstring(render_junit(failing_set(), sample_rules(), "zh"))
    assert root.get("errors") == "1"
    suite = root.find("testsuite")
    assert suite is not None and suite.get("errors") == "1"
    case = suite.find("testcase[@name='slow-pattern']")
    assert case is not None
    error = case.find("error")
    assert error is not None and error.get("type") == "ZG610"
    assert "took longer" in (error.get("message") or "")
    assert "第3行" in (error.text or "")
    failure = suite.find("testcase[@name='header-missing-title']/failure")
    assert failure is not None and "(通报头部)" in (failure.text or "")


def test_markdown_section_and_place() -> None:
    text = render_markdown(failing_set(), sample_rules(), "zh")
    assert "**未能检查的规则: 1**" in text
    assert "#### 未能检查的规则" in text
    assert "- `slow-pattern`: ZG610 pattern \\`\\(a\\+\\)\\+$\\`" in text.replace("\\$", "$")
    assert "notices/带错误 &lt;a&gt;\\.txt \\(通报头部\\)" in text
    en = render_markdown(failing_set(), sample_rules(), "en")
    assert "#### Rules not evaluated" in en and "\\(notice header\\)" in en


def test_github_error_command_and_place() -> None:
    lines = render_github(failing_set(), sample_rules(), "zh").splitlines()
    assert lines[-1].startswith("::error file=notices/带错误 <a>.txt,line=3,title=ZG610 slow-pattern%3A 规则未能检查::")
    header = next(line for line in lines if "header-missing-title" in line)
    assert header.endswith("::通报没有标题%0A通报头部")


def test_html_lists_the_failed_rule() -> None:
    page = render_html(failing_set(), sample_rules(), "zh")
    assert "未能检查的规则" in page
    assert "<code>slow-pattern</code> <code>ZG610</code>" in page
