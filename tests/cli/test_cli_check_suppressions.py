"""``check --waivers``, ``--baseline`` and ``--write-baseline`` wired into the exit code and reports."""

from __future__ import annotations

import json
from pathlib import Path

from cli_helpers import assert_one_error_line, zhenggai

SEED = "fixtures/raw/yuzhou-2021-01-07.txt"


def test_baseline_round_trip(tmp_path: Path) -> None:
    baseline = tmp_path / "baseline.yaml"
    first = zhenggai("check", "fixtures/raw/", "--quiet", "--write-baseline", str(baseline))
    assert first.code == 1 and baseline.is_file()
    assert "fixtures/raw/yuzhou-2021-01-07.txt" in baseline.read_text(encoding="utf-8")
    second = zhenggai("check", "fixtures/raw/", "--baseline", str(baseline), "--format", "json")
    assert second.code == 0, second.err
    data = json.loads(second.out)
    assert data["summary"]["total"] == 0 and data["summary"]["baselined"] > 0
    text = zhenggai("check", SEED, "--baseline", str(baseline))
    assert text.code == 0 and "(基线)" in text.out and "1 个已在基线中" in text.out


def test_waiver_by_fingerprint(tmp_path: Path) -> None:
    report = json.loads(zhenggai("check", SEED, "--format", "json").out)
    errors = [v for v in report["reports"][0]["violations"] if v["severity"] == "error"]
    waivers = tmp_path / "waivers.yaml"
    entries = "".join(f"  - rule: {v['rule_id']}\n    fingerprint: {v['fingerprint']}\n"
                      "    reason: 已核实\n    approved_by: 审核组\n    expires: 2099-12-31\n" for v in errors)
    waivers.write_text("waivers:\n" + entries, encoding="utf-8")
    run = zhenggai("check", SEED, "--waivers", str(waivers), "--format", "json")
    assert run.code == 0, run.err
    assert json.loads(run.out)["summary"]["waived"] == len(errors)
    text = zhenggai("check", SEED, "--waivers", str(waivers), "--lang", "en")
    assert text.code == 0 and "(waived: 已核实)" in text.out


def test_bad_waiver_file_exits_2(tmp_path: Path) -> None:
    waivers = tmp_path / "waivers.yaml"
    waivers.write_text("waivers:\n  - rule: x\n", encoding="utf-8")
    assert_one_error_line(zhenggai("check", SEED, "--waivers", str(waivers)), "ZG500", "waivers.yaml")


def test_baseline_is_not_written_when_a_notice_fails(tmp_path: Path) -> None:
    baseline = tmp_path / "baseline.yaml"
    run = zhenggai("check", SEED, "missing.txt", "--quiet", "--write-baseline", str(baseline))
    assert run.code == 2 and not baseline.exists()
    assert len(run.err_lines) == 2 and "baseline not written" in run.err_lines[1]
