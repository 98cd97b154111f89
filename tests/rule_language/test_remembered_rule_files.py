"""Rule files kept compiled by a long-lived process (``loader.remember_rule_files``, for ``zhenggai serve``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.rule_language import loader

RULE = """rules:
- id: number-zzz
  title: 编号
  subject: finding
  severity: {severity}
  message: {{zh: 编号不是zzz, en: the number is not zzz}}
  rationale: a test rule
  assert: {{not: {{equals: {{field: finding_number, value: zzz}}}}}}
"""


@pytest.fixture
def remembering(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loader, "_remembered", None)
    loader.remember_rule_files()


def test_unchanged_files_are_not_compiled_again(remembering: None, tmp_path: Path) -> None:
    (tmp_path / "rules.yaml").write_text(RULE.format(severity="warning"), encoding="utf-8")
    first = loader.load_pack(tmp_path)
    again = loader.load_pack(tmp_path)
    assert first is not again and first.rules == again.rules
    assert first.rules[0] is again.rules[0]  # the same compiled rule, not a new compilation


def test_an_edited_file_is_compiled_anew(remembering: None, tmp_path: Path) -> None:
    rule = tmp_path / "rules.yaml"
    rule.write_text(RULE.format(severity="warning"), encoding="utf-8")
    first = loader.load_pack(tmp_path)
    rule.write_text(RULE.format(severity="error"), encoding="utf-8")
    second = loader.load_pack(tmp_path)
    assert [r.compiled.rule.severity for r in (first.rules[0], second.rules[0])] == ["warning", "error"]


def test_an_edited_file_with_an_error_is_an_error(remembering: None, tmp_path: Path) -> None:
    rule = tmp_path / "rules.yaml"
    rule.write_text(RULE.format(severity="warning"), encoding="utf-8")
    loader.load_pack(tmp_path)
    rule.write_text(RULE.format(severity="fatal"), encoding="utf-8")
    with pytest.raises(loader.RuleError, match="severity"):
        loader.load_pack(tmp_path)


def test_a_process_that_does_not_ask_keeps_nothing(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(loader, "_remembered", None)
    (tmp_path / "rules.yaml").write_text(RULE.format(severity="warning"), encoding="utf-8")
    first, again = loader.load_pack(tmp_path), loader.load_pack(tmp_path)
    assert first.rules == again.rules and first.rules[0] is not again.rules[0]
    assert loader._remembered is None
