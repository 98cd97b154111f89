"""JUnit XML: parses with xml.etree, one failure per violation, counts, escaping, determinism."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from report_samples import QUOTE_ONE_LINE, ROOT, sample_rules, sample_set

from engine.reports.junit import render_junit
from engine.reports.model import ReportSet


def _parse(lang: str = "zh") -> ET.Element:
    text = render_junit(sample_set(), sample_rules(), lang, root=ROOT)
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    return ET.fromstring(text.encode("utf-8"))


def test_one_failure_per_violation() -> None:
    root = _parse()
    violations = sum(len(report.violations) for report in sample_set().reports)
    assert len(root.findall(".//failure")) == violations == 6
    assert root.findall(".//error") == []


def test_suites_cases_and_counts() -> None:
    root = _parse()
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert [suite.get("name") for suite in suites] == ["notices/2024/整改 通报.txt", "notices/clean.txt", "-"]
    for suite in suites:
        cases = suite.findall("testcase")
        assert suite.get("tests") == str(len(cases))
        assert suite.get("failures") == str(sum(1 for case in cases if case.find("failure") is not None))
        assert suite.get("errors") == "0"
        assert suite.get("skipped") == "0"
        assert {case.get("classname") for case in cases} == {suite.get("name")}
    first, clean, piped = suites
    assert [case.get("name") for case in first.findall("testcase")] == [
        "claim-sum-matches", "date-order", "finding-has-deadline", "measure-has-owner", "unknown-rule"]
    assert (first.get("tests"), first.get("failures")) == ("5", "4")
    assert (clean.get("tests"), clean.get("failures")) == ("2", "0")
    assert (piped.get("tests"), piped.get("failures")) == ("1", "1")
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("8", "5", "0")


def test_passing_rules_are_passing_cases() -> None:
    first = _parse().findall("testsuite")[0]
    passing = [case for case in first.findall("testcase") if len(case) == 0]
    assert [case.get("name") for case in passing] == ["date-order"]
    deadline = next(case for case in first.findall("testcase") if case.get("name") == "finding-has-deadline")
    assert len(deadline.findall("failure")) == 2


def test_failure_message_type_and_body() -> None:
    first = _parse().findall("testsuite")[0]
    deadline = next(case for case in first.findall("testcase") if case.get("name") == "finding-has-deadline")
    failure = deadline.findall("failure")[0]
    assert failure.get("message") == "问题未写明整改期限|请补充"
    assert failure.get("type") == "error"
    body = failure.text or ""
    assert body.startswith("notices/2024/整改 通报.txt:5:3 (问题 1.)")
    assert "finding-has-deadline: 问题须有整改期限" in body
    assert "原文: " + QUOTE_ONE_LINE in body  # | % : , < & " survive the round trip
    assert "章节: 二、存在的问题" in body
    owner = next(case for case in first.findall("testcase") if case.get("name") == "measure-has-owner")
    owner_failure = owner.find("failure")
    assert owner_failure is not None
    assert owner_failure.get("message") == "整改措施未明确责任人: 100%, 见\n下文"  # newline kept as &#10;
    assert owner_failure.get("type") == "warning"


def test_english_and_control_characters() -> None:
    first = _parse("en").findall("testsuite")[0]
    claim = next(case for case in first.findall("testcase") if case.get("name") == "claim-sum-matches")
    failure = claim.find("failure")
    assert failure is not None
    assert failure.get("message") == "Sum mismatch <3> & check"
    assert failure.get("type") == "info"
    assert "quote: @someone" in (failure.text or "")
    assert "\ufffd" in (failure.text or "")  # the BEL character cannot be in XML 1.0


def test_empty_report_set() -> None:
    root = ET.fromstring(render_junit(ReportSet(), {}, "zh").encode("utf-8"))
    assert (root.get("tests"), root.get("failures")) == ("0", "0")
    assert root.findall("testsuite") == []


def test_deterministic() -> None:
    assert render_junit(sample_set(), sample_rules(), "zh") == render_junit(sample_set(), sample_rules(), "zh")
