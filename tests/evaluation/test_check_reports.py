"""``check`` and ``zhenggai check``: reports, exit codes, options, and byte-identical output."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from engine.cli import main
from engine.evaluation.runner import build_pack, check, render_message
from engine.reports.model import fingerprint
from engine.reports.render import to_json, to_text
from engine.rule_language.compiler import CompiledPack
from engine.rule_language.config import Config, load_packs
from engine.structured import load_notice, load_notice_text

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = str(ROOT / "rules" / "examples")

NOTICE = """\
model_version: '1'
title: {text: 关于巡察整改情况的通报}
published: {text: '2021年1月7日', start: 2021-01-07, end: 2021-01-07, precision: day}
sections:
  - number: 一、
    ordinal: 1
    heading: {text: 整改情况}
    findings:
      - number: '1.'
        ordinal: 1
        problem: {text: 学习不深入}
        status: {kind: closed, phrase: 该项已办结}
        blocks:
          - kind: situation
            text: 已完成整改
            measures:
              - text: 一是建立台账
      - number: '2.'
        ordinal: 2
        problem: {text: 资金管理不规范}
        status: {kind: ongoing, phrase: 该项持续整改中}
        blocks:
          - kind: situation
            text: 拟于明年完成
            measures:
              - text: 暂无。
        money:
          - {text: 已按要求全数追回资金, action: recovered, verb: 追回}
contacts:
  - {kind: phone, value: 0374-8888888}
"""


@pytest.fixture()
def notice_file(tmp_path: Path) -> Path:
    path = tmp_path / "notice.yaml"
    path.write_text(NOTICE, encoding="utf-8")
    return path


def run_main(*args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exited:
        main(list(args))
    captured = capsys.readouterr()
    return int(exited.value.code or 0), captured.out, captured.err


def example_pack() -> tuple[Config, CompiledPack]:
    config = Config(packs=[EXAMPLES])
    return config, build_pack(load_packs(config), config)


def test_check_reports_violations_with_places(notice_file: Path) -> None:
    config, pack = example_pack()
    notice = load_notice(notice_file)
    reports = [check(notice, pack, config, "durable", source="notice.yaml"),
               check(notice, pack, config, "python", source="notice.yaml")]
    assert reports[0] == reports[1]
    report = reports[0]
    rule_ids = [v.rule_id for v in report.violations]
    assert "ongoing-finding-concrete-target" in rule_ids
    assert "recovered-money-has-amount" in rule_ids
    assert "measure-not-placeholder" in rule_ids
    target = next(v for v in report.violations if v.rule_id == "ongoing-finding-concrete-target")
    assert target.finding_number == "2."
    assert target.message.zh.startswith("问题2.仍在整改")
    assert str(target.actual["result"]).startswith("拟于明年完成")
    assert "result does not match vocab vague_time" in target.expected
    assert len(target.fingerprint) == 64
    assert report.summary.total == len(report.violations)
    assert report.summary.warning >= 1 and report.summary.error >= 1
    assert set(report.passed) == {rule.id for rule in pack.rules}
    assert report.passed["ongoing-finding-concrete-target"] == []  # finding 1 is closed: `when` does not hold
    assert len(report.passed["finding-states-status"]) == 2
    assert report.version == "1"


def test_fingerprints_ignore_places(notice_file: Path) -> None:
    config, pack = example_pack()
    report = check(load_notice(notice_file), pack, config, "python")
    violation = report.violations[0]
    moved = violation.model_copy(update={"span": None, "section_path": "九"})
    assert fingerprint(moved) == fingerprint(violation)
    assert len({v.fingerprint for v in report.violations}) == len(report.violations)


def test_messages_fill_placeholders() -> None:
    assert render_message("问题{finding_number}: {amount} {missing}", {"finding_number": "(三)", "amount": 3920000.0}) \
        == "问题(三): 3920000 （未注明）"
    assert render_message("{amount} {missing}", {"amount": 1.0}, "en") == "1 (not given)"
    assert render_message("{x}", {"x": 7.4018}) == "7.4018"


def test_text_and_json_rendering(notice_file: Path) -> None:
    config, pack = example_pack()
    report = check(load_notice(notice_file), pack, config, "durable", source="notice.yaml")
    zh = to_text([report])
    en = to_text([report], "en")
    assert "仍在整改" in zh and "警告" in zh
    assert "still being rectified" in en and "warning" in en
    data = json.loads(to_json([report]))
    assert data["version"] == "1" and data["reports"][0]["source"] == "notice.yaml"
    assert data["summary"]["total"] == len(report.violations)


def test_cli_exit_codes_and_options(notice_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = str(notice_file)
    code, out, _ = run_main("check", path, "--rules", EXAMPLES, capsys=capsys)
    assert code == 1 and "recovered-money-has-amount" in out
    code, out, _ = run_main("check", path, "--rules", EXAMPLES, "--fail-on", "never", capsys=capsys)
    assert code == 0
    code, out, _ = run_main("check", path, "--rules", EXAMPLES, "--select", "finding-states-status", capsys=capsys)
    assert code == 0 and "未发现问题" in out
    code, out, _ = run_main("check", path, "--rules", EXAMPLES, "--select",
                            "finding-states-status,ongoing-finding-concrete-target", capsys=capsys)
    assert code == 0 and "ongoing-finding-concrete-target" in out  # a warning: below --fail-on error
    code, out, _ = run_main("check", path, "--rules", EXAMPLES, "--select", "ongoing-finding-concrete-target",
                            "--fail-on", "warning", "--lang", "en", capsys=capsys)
    assert code == 1 and "still being rectified" in out
    code, out, _ = run_main("check", path, "--rules", EXAMPLES, "--ignore", "recovered-money-has-amount",
                            "--ignore", "measure-not-placeholder", "--format", "json", "--backend", "python",
                            capsys=capsys)
    ids = {v["rule_id"] for v in json.loads(out)["reports"][0]["violations"]}
    assert "recovered-money-has-amount" not in ids and "ongoing-finding-concrete-target" in ids
    assert code == 0

    config = tmp_path / "zhenggai.toml"
    config.write_text(f'packs = ["{EXAMPLES}"]\n[severity]\nrecovered-money-has-amount = "info"\n'
                      'measure-not-placeholder = "info"\n', encoding="utf-8")
    code, out, _ = run_main("check", path, "--config", str(config), capsys=capsys)
    assert code == 0 and "提示  recovered-money-has-amount" in out


def test_cli_usage_errors_exit_2(notice_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_main("check", str(tmp_path / "missing.yaml"), "--rules", EXAMPLES, capsys=capsys)
    assert code == 2 and "missing.yaml" in err and "file not found" in err
    code, _, err = run_main("check", str(notice_file), "--rules", EXAMPLES, "--select", "no-such-rule", capsys=capsys)
    assert code == 2 and "unknown rule id 'no-such-rule'" in err
    unsupported = tmp_path / "notice.pdf"
    unsupported.write_bytes(b"%PDF-1.4")
    code, _, err = run_main("check", str(unsupported), "--rules", EXAMPLES, capsys=capsys)
    assert code == 2 and "notice.pdf" in err and "unsupported format" in err
    code, _, err = run_main("check", str(notice_file), "--rules", EXAMPLES, "--fail-on", "fatal", capsys=capsys)
    assert code == 2 and "fatal" in err
    for message in (err,):
        assert message.count("\n") == 1


def test_schema_rules_command(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_main("schema", "rules", capsys=capsys)
    assert code == 0
    schema = json.loads(out)
    assert schema["title"] == "zhenggai rule file" and "Rule" in schema["$defs"]


def _json_report(seed: str, paths: list[str], backend: str) -> bytes:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    result = subprocess.run([sys.executable, "-m", "engine.cli", "check", *paths, "--rules", EXAMPLES,
                             "--format", "json", "--fail-on", "never", "--backend", backend],
                            capture_output=True, cwd=ROOT, env=env, check=False)
    assert result.returncode == 0, result.stderr.decode()
    return result.stdout


def test_json_output_is_byte_identical_across_runs_and_hash_seeds(notice_file: Path) -> None:
    fixtures = sorted(str(p) for p in (ROOT / "fixtures" / "structured").glob("*.yaml"))
    paths = [str(notice_file), *fixtures]
    first = _json_report("0", paths, "durable")
    assert first == _json_report("0", paths, "durable")
    assert first == _json_report("12345", paths, "durable")
    assert first == _json_report("random", paths, "python")
    assert json.loads(first)["summary"]["total"] > 0


def test_in_process_runs_are_identical() -> None:
    config, pack = example_pack()
    notice = load_notice_text(NOTICE, "notice.yaml")
    assert to_json([check(notice, pack, config, "durable")]) == to_json([check(notice, pack, config, "durable")])
