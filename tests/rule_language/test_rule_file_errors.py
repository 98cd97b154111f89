"""Rule files that are wrong get one clear line (file, line, rule id, key) and exit code 2."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from engine.cli import main
from engine.errors import ConfigError, RuleError
from engine.rule_language.config import Config, load_packs, read_config, select_rules
from engine.rule_language.loader import load_pack

ROOT = Path(__file__).resolve().parents[2]

GOOD = """\
rules:
  - id: finding-states-status
    title: 每个问题都应说明整改状态
    severity: error
    subject: finding
    assert:
      not: {equals: {field: finding_status, value: none}}
    message:
      zh: "问题{finding_number}未说明整改状态"
      en: "Finding {finding_number} states no status"
    rationale: Readers must know which problems are closed.
    examples:
      pass: [{fact: {finding_status: closed}}]
      fail: [{fact: {finding_status: none}}]
"""


def write_pack(tmp_path: Path, text: str, name: str = "rules.yaml") -> Path:
    pack = tmp_path / "pack"
    pack.mkdir(exist_ok=True)
    (pack / name).write_text(text, encoding="utf-8")
    return pack


def run_main(*args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exited:
        main(list(args))
    captured = capsys.readouterr()
    return int(exited.value.code or 0), captured.out, captured.err


def rules_test_error(tmp_path: Path, text: str, capsys: pytest.CaptureFixture[str]) -> str:
    pack = write_pack(tmp_path, text)
    code, _out, err = run_main("rules", "test", str(pack), capsys=capsys)
    assert code == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    assert str(pack / "rules.yaml") in lines[0]
    return lines[0]


def test_good_pack_passes_its_examples(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_main("rules", "test", str(write_pack(tmp_path, GOOD)), capsys=capsys)
    assert code == 0, err
    assert "1/1 rules passed" in out


def test_unknown_key(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    line = rules_test_error(tmp_path, GOOD.replace("    severity: error", "    severty: error"), capsys)
    assert "ZG400" in line
    assert ":4:5" in line
    assert "[finding-states-status: severty]" in line
    assert "unknown key 'severty'" in line


def test_unknown_operator(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = GOOD.replace("not: {equals: {field: finding_status, value: none}}",
                        "all: [{exists: finding_status}, {lessthan: {field: ordinal, value: 3}}]")
    line = rules_test_error(tmp_path, text, capsys)
    assert ":7:" in line
    assert "[finding-states-status: assert.all.1]" in line
    assert "unknown operator 'lessthan'" in line


def test_two_operators_in_one_condition(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = GOOD.replace("not: {equals: {field: finding_status, value: none}}",
                        "{exists: finding_status, missing: ordinal}")
    line = rules_test_error(tmp_path, text, capsys)
    assert "exactly one operator, got exists, missing" in line


def test_bad_vocabulary_name(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = GOOD.replace("not: {equals: {field: finding_status, value: none}}",
                        "not: {matches: {field: result, vocab: vage_time}}")
    line = rules_test_error(tmp_path, text, capsys)
    assert ":7:" in line
    assert "[finding-states-status: assert.not.matches.vocab]" in line
    assert "unknown vocabulary 'vage_time'" in line
    assert "vague_time" in line  # the hint


def test_invalid_yaml(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = GOOD.replace("    title: 每个问题都应说明整改状态", "    title: [unclosed")
    line = rules_test_error(tmp_path, text, capsys)
    assert "YAML syntax error" in line
    assert "rules.yaml:4:" in line or "rules.yaml:5:" in line


def test_unknown_field_for_subject(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = GOOD.replace("field: finding_status, value", "field: finding_stauts, value")
    line = rules_test_error(tmp_path, text, capsys)
    assert "[finding-states-status: assert.not.equals.field]" in line
    assert "unknown field 'finding_stauts' for subject 'finding'" in line
    assert "did you mean finding_status" in line


def test_bad_placeholder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    line = rules_test_error(tmp_path, GOOD.replace("问题{finding_number}", "问题{finding_numbr}"), capsys)
    assert "[finding-states-status: message.zh]" in line
    assert "unknown field 'finding_numbr'" in line
    line = rules_test_error(tmp_path, GOOD.replace("问题{finding_number}", "问题{finding_number!r}"), capsys)
    assert "bad placeholder" in line


def test_type_mismatch_and_bad_pattern(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    line = rules_test_error(tmp_path, GOOD.replace("not: {equals: {field: finding_status, value: none}}",
                                                   "lt: {field: ordinal, value: '3'}"), capsys)
    assert "lt compares numbers" in line
    line = rules_test_error(tmp_path, GOOD.replace("not: {equals: {field: finding_status, value: none}}",
                                                   "equals: {field: ordinal, value: '3'}"), capsys)
    assert "holds number values" in line
    line = rules_test_error(tmp_path, GOOD.replace("not: {equals: {field: finding_status, value: none}}",
                                                   "matches: {field: result, pattern: '(unclosed'}"), capsys)
    assert "invalid pattern" in line and "assert.matches.pattern" in line


def test_bad_example_field(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    line = rules_test_error(tmp_path, GOOD.replace("fail: [{fact: {finding_status: none}}]",
                                                   "fail: [{fact: {finding_status: 3}}]"), capsys)
    assert "examples.fail.0.fact.finding_status" in line


def test_duplicate_rule_id(tmp_path: Path) -> None:
    pack = write_pack(tmp_path, GOOD, "a.yaml")
    write_pack(tmp_path, GOOD, "b.yaml")
    with pytest.raises(RuleError) as error:
        load_pack(pack)
    message = str(error.value)
    assert "b.yaml:2" in message and "duplicate rule id 'finding-states-status'" in message and "a.yaml:2" in message


def test_rule_without_examples_fails_rules_test(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = GOOD.replace("      fail: [{fact: {finding_status: none}}]\n", "")
    code, out, _err = run_main("rules", "test", str(write_pack(tmp_path, text)), capsys=capsys)
    assert code == 1
    assert "needs at least one pass and one fail example" in out


def test_wrong_example_fails_rules_test(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = GOOD.replace("pass: [{fact: {finding_status: closed}}]", "pass: [{fact: {finding_status: none}}]")
    code, out, _err = run_main("rules", "test", str(write_pack(tmp_path, text)), capsys=capsys)
    assert code == 1
    assert "pass example violates the rule (finding-states-status/pass/0, durable backend)" in out
    assert "python backend" in out


def test_config_unknown_rule_id_and_key(tmp_path: Path) -> None:
    pack = write_pack(tmp_path, GOOD)
    config_file = tmp_path / "zhenggai.toml"
    config_file.write_text(f'packs = ["{pack}"]\nignore = ["no-such-rule"]\n', encoding="utf-8")
    config = read_config(config_file)
    with pytest.raises(ConfigError, match="unknown rule id 'no-such-rule'"):
        select_rules(load_packs(config), config)
    config_file.write_text('packs = ["pack"]\nselcet = ["x"]\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="unknown key 'selcet'"):
        read_config(config_file)
    config_file.write_text('packs = ["pack"]\n[severity]\nfinding-states-status = "fatal"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"severity\.finding-states-status"):
        read_config(config_file)


def test_config_select_ignore_and_severity(tmp_path: Path) -> None:
    pack = write_pack(tmp_path, GOOD)
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text('[tool.zhenggai]\npacks = ["pack"]\n[tool.zhenggai.severity]\n'
                         'finding-states-status = "info"\n', encoding="utf-8")
    config = read_config(pyproject)
    assert config.severity == {"finding-states-status": "info"}
    assert [rule.compiled.id for rule in select_rules(load_packs(config), config)] == ["finding-states-status"]
    ignored = Config(packs=[str(pack)], ignore=["finding-states-status"])
    assert select_rules(load_packs(ignored), ignored) == []


def test_missing_pack_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run_main("rules", "list", "--rules", "no/such/pack", capsys=capsys)
    assert code == 2
    assert "ZG500" in err and "no/such/pack" in err


def test_installed_command_reports_one_line(tmp_path: Path) -> None:
    pack = write_pack(tmp_path, GOOD.replace("not: {equals:", "nicht: {equals:"))
    result = subprocess.run([sys.executable, "-m", "engine.cli", "rules", "test", str(pack)],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert "unknown operator 'nicht'" in result.stderr and "finding-states-status" in result.stderr


def test_config_is_found_upwards(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from engine.rule_language.config import find_config

    write_pack(tmp_path, GOOD)
    (tmp_path / "pyproject.toml").write_text('[tool.zhenggai]\npacks = ["pack"]\nignore = []\n', encoding="utf-8")
    inner = tmp_path / "a" / "b"
    inner.mkdir(parents=True)
    config = find_config(inner)
    assert config.path == str(tmp_path / "pyproject.toml") and config.packs == ["pack"]
    (tmp_path / "a" / "zhenggai.toml").write_text('packs = ["../pack"]\n', encoding="utf-8")
    nearer = find_config(inner)
    assert nearer.path == str(tmp_path / "a" / "zhenggai.toml")
    assert [p.name for p in load_packs(nearer)] == ["pack"]


def test_rules_list_and_show(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pack = str(write_pack(tmp_path, GOOD))
    code, out, _ = run_main("rules", "list", "--rules", pack, capsys=capsys)
    assert code == 0 and out.startswith("finding-states-status\terror\tfinding\t")
    code, out, _ = run_main("rules", "show", "finding-states-status", "--rules", pack, capsys=capsys)
    assert code == 0 and '"violation": "finding_status == \'none\'"' in out and "rules.yaml:2" in out
    code, _, err = run_main("rules", "show", "nope", "--rules", pack, capsys=capsys)
    assert code == 2 and "unknown rule id 'nope'" in err
