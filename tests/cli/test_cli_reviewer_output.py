"""``zhenggai check`` for reviewers: source lines under violations, --color, --format html, rule errors."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import pytest
from cli_helpers import RAW, ROOT, zhenggai

from engine.cli.check_cmd import use_color

SEED = str((RAW / "huainan-tzb-2020-12-17.txt").relative_to(ROOT))
ESC = "\x1b["


class _Tty:
    def __init__(self, tty: bool) -> None:
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


def test_text_shows_the_source_line_and_a_marker() -> None:
    run = zhenggai("check", SEED, "--fail-on", "never")
    assert run.code == 0, run.err
    lines = run.out.splitlines()
    index = lines.index(next(line for line in lines if line.startswith("  32:231 ")))
    assert lines[index + 1].startswith("      32 | …392万元(潘集区为25.5万元")
    assert lines[index + 2].startswith("         |  ^^^^")
    assert run.out == (ROOT / "reports" / "raw" / "huainan-tzb-2020-12-17.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize(("mode", "env", "coloured"), [
    ("never", {}, False), ("auto", {}, False), ("always", {}, True), ("always", {"NO_COLOR": "1"}, True),
])
def test_color_modes_on_a_pipe(mode: str, env: dict[str, str], coloured: bool) -> None:
    run = zhenggai("check", SEED, "--fail-on", "never", "--color", mode, env=env)
    assert run.code == 0, run.err
    assert (ESC in run.out) is coloured
    if coloured:
        assert f"{ESC}31m" in run.out and f"{ESC}2m" in run.out


def test_color_never_goes_to_files(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    run = zhenggai("check", SEED, "--fail-on", "never", "--color", "always", "--format", f"text:{target}")
    assert run.code == 0 and run.out == ""
    assert ESC not in target.read_text(encoding="utf-8")


def test_use_color_auto_needs_a_terminal_and_no_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert use_color("auto", _Tty(True)) is True
    assert use_color("auto", _Tty(False)) is False
    assert use_color("never", _Tty(True)) is False
    assert use_color("always", _Tty(False)) is True
    monkeypatch.setenv("NO_COLOR", "1")
    assert use_color("auto", _Tty(True)) is False
    monkeypatch.setenv("NO_COLOR", "")  # empty means unset (no-color.org)
    assert use_color("auto", _Tty(True)) is True


def test_bad_color_value_is_a_usage_error() -> None:
    run = zhenggai("check", SEED, "--color", "sometimes")
    assert run.code == 2 and len(run.err_lines) == 1 and "Traceback" not in run.err


def test_html_format(tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    run = zhenggai("check", SEED, str(RAW / "yuzhou-2021-01-07.txt"), "--format", f"html:{target}",
                   "--format", "text", "--lang", "zh")
    assert run.code == 1, run.err
    page = target.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>\n<html lang=\"zh-CN\">")
    assert page.count('<section class="notice"') == 2
    assert '<mark id="n1-v6" class="error" title="sum-mismatch: ' in page
    parser = HTMLParser()
    parser.feed(page)
    parser.close()
    again = tmp_path / "again.html"
    zhenggai("check", SEED, str(RAW / "yuzhou-2021-01-07.txt"), "--format", f"html:{again}")
    assert again.read_bytes() == target.read_bytes()


def test_rule_errors_in_text_and_sarif(tmp_path: Path) -> None:
    rules = tmp_path / "slow.yaml"
    rules.write_text("""\
pack: {name: slow, description: a catastrophic pattern, version: "1"}
rules:
  - id: slow-problem-pattern
    title: a pattern that backtracks catastrophically
    severity: warning
    subject: finding
    assert:
      not: {matches: {field: problem, pattern: '^(?:.|..)+(?<!\\S)\\d{40}'}}
    message: {zh: "问题{finding_number}", en: "Finding {finding_number}"}
    rationale: r
""", encoding="utf-8")
    sarif = tmp_path / "out.sarif"
    seed = str((RAW / "yuzhou-2021-01-07.txt").relative_to(ROOT))
    run = zhenggai("check", seed, "--rules", str(rules), "--rules", "core", "--pattern-timeout", "0.05",
                   "--format", "text", "--format", f"sarif:{sarif}")
    assert run.code == 2
    assert any(line.startswith("  10  未检查  slow-problem-pattern  ZG610 pattern ") for line in run.out.splitlines())
    assert "1 项规则未能检查" in run.out
    invocation = json.loads(sarif.read_text(encoding="utf-8"))["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    assert invocation["toolExecutionNotifications"][0]["associatedRule"]["id"] == "slow-problem-pattern"
