"""GitHub Actions workflow commands: one line per violation, escaping, locations, determinism."""

from __future__ import annotations

import re

from report_samples import QUOTE_ONE_LINE, ROOT, sample_rules, sample_set

from engine.reports.github import escape_data, escape_property, render_github
from engine.reports.model import ReportSet

COMMAND = re.compile(r"^::(error|warning|notice)(?: ([^:]*))?::(.*)$")


def _unescape(text: str) -> str:
    return (text.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":").replace("%2C", ",")
            .replace("%25", "%"))


def _commands(lang: str = "zh") -> list[tuple[str, dict[str, str], str]]:
    text = render_github(sample_set(), sample_rules(), lang, root=ROOT)
    assert text.endswith("\n")
    parsed = []
    for line in text.splitlines():
        match = COMMAND.match(line)
        assert match, line
        properties = dict(item.split("=", 1) for item in match.group(2).split(",")) if match.group(2) else {}
        parsed.append((match.group(1), {key: _unescape(value) for key, value in properties.items()},
                       _unescape(match.group(3))))
    return parsed


def test_escaping() -> None:
    assert escape_data("100%\r\n:,") == "100%25%0D%0A:,"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"
    assert escape_data("%0A") == "%250A"  # a literal %0A stays literal


def test_one_command_per_violation() -> None:
    commands = _commands()
    assert len(commands) == 6
    assert [kind for kind, _, _ in commands] == ["error", "warning", "error", "notice", "warning", "error"]
    text = render_github(sample_set(), sample_rules(), "zh", root=ROOT)
    assert len(text.splitlines()) == 6  # no raw line break inside a command


def test_locations_and_titles() -> None:
    commands = _commands()
    _, properties, message = commands[0]
    assert properties == {"file": "notices/2024/整改 通报.txt", "line": "5", "col": "3", "endLine": "5",
                          "endColumn": str(3 + len(QUOTE_ONE_LINE)), "title": "finding-has-deadline: 问题须有整改期限"}
    assert message == f"问题未写明整改期限|请补充\n问题 1. 「{QUOTE_ONE_LINE}」"
    assert commands[2][1]["endLine"] == "10" and commands[2][1]["endColumn"] == "8"
    _, no_span, owner = commands[1]
    assert set(no_span) == {"file", "title"}
    assert owner == "整改措施未明确责任人: 100%, 见\n下文\n问题 3. 「责任人\n未明确 %0A」"
    _, mismatch, _ = commands[3]
    assert set(mismatch) == {"file", "line", "col", "title"}  # quote is not the spanned text: no end
    _, stdin, _ = commands[5]
    assert set(stdin) == {"title"}


def test_raw_line_escapes_special_characters() -> None:
    line = render_github(sample_set(), sample_rules(), "zh", root=ROOT).splitlines()[0]
    assert "title=finding-has-deadline%3A 问题须有整改期限::" in line
    assert "100%25 <完成>, \"验收\" & 复核" in line  # data: only % CR LF are escaped
    owner = render_github(sample_set(), sample_rules(), "zh", root=ROOT).splitlines()[1]
    assert owner.endswith("%0A未明确 %250A」")


def test_english_messages() -> None:
    _, _, message = _commands("en")[0]
    assert message == f"No deadline | add one\nfinding 1. \"{QUOTE_ONE_LINE}\""


def test_empty_and_deterministic() -> None:
    assert render_github(ReportSet(), {}, "zh") == ""
    assert render_github(sample_set(), sample_rules(), "zh") == render_github(sample_set(), sample_rules(), "zh")
