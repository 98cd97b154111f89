"""Waiver files: matching, accountability fields, expiry and unused-waiver linting, bad files."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from engine.cli import cli, main
from engine.errors import ConfigError
from engine.evaluation.runner import build_pack, check
from engine.reports.model import ReportSet
from engine.reports.render import report_set, to_json
from engine.rule_language.config import Config, load_packs
from engine.structured import load_notice
from engine.waivers import WAIVER_EXPIRED, WAIVER_UNUSED, apply_waivers, load_waivers, parse_waivers

ROOT = Path(__file__).resolve().parent.parent
YUZHOU = ROOT / "fixtures" / "structured" / "yuzhou-2021-01-07.yaml"
HUAINAN = ROOT / "fixtures" / "structured" / "huainan-tzb-2020-12-17.yaml"
TODAY = datetime.date(2025, 6, 30)


@pytest.fixture(scope="module")
def reports() -> ReportSet:
    config = Config()
    pack = build_pack(load_packs(config), config)
    return report_set([check(load_notice(path), pack, config, "python", source=f"notices/{path.name}")
                       for path in (YUZHOU, HUAINAN)])


def waiver_file(tmp_path: Path, *entries: str) -> Path:
    path = tmp_path / "waivers.yaml"
    path.write_text("waivers:\n" + "".join(entries), encoding="utf-8")
    return path


def entry(rule: str, selector: str, expires: datetime.date | str, notice: str | None = "*yuzhou*") -> str:
    lines = [f"  - rule: {rule}\n", f"    {selector}\n"]
    if notice is not None:
        lines.append(f"    notice: \"{notice}\"\n")
    lines += ["    reason: 拟于明年完成,已报市委巡察办备案\n", "    approved_by: 巡察办 张三\n",
              f"    expires: {expires}\n"]
    return "".join(lines)


def yuzhou_violation(result_set: ReportSet) -> list[tuple[str, bool]]:
    return [(v.rule_id, v.waived) for v in result_set.reports[0].violations]


def test_waived_violation_is_marked_and_does_not_count(tmp_path: Path, reports: ReportSet) -> None:
    waivers = load_waivers(waiver_file(tmp_path, entry("target-date-missing", 'finding: "8."', "2025-12-31")))
    result = apply_waivers(reports, waivers, today=TODAY)
    violation = result.report_set.reports[0].violations[0]
    assert (violation.rule_id, violation.finding_number, violation.waived) == ("target-date-missing", "8.", True)
    assert violation.waiver is not None
    assert violation.waiver.reason == "拟于明年完成,已报市委巡察办备案"
    assert violation.waiver.approved_by == "巡察办 张三"
    assert violation.waiver.expires == datetime.date(2025, 12, 31)
    assert violation.waiver.source == f"{waivers.path}:2"
    summary = result.report_set.reports[0].summary
    assert (summary.error, summary.total, summary.waived) == (0, 0, 1)
    assert summary.rules == reports.reports[0].summary.rules  # facts/rules/passed kept
    assert result.report_set.summary.waived == 1
    assert result.report_set.summary.error == reports.summary.error - 1
    assert not result.meta_violations and len(result.report_set.reports) == 2
    assert not reports.reports[0].violations[0].waived  # the input is left alone
    data = json.loads(to_json(result.report_set.reports))
    assert data["reports"][0]["violations"][0]["waiver"]["expires"] == "2025-12-31"


def test_expires_is_the_last_valid_day(tmp_path: Path, reports: ReportSet) -> None:
    waivers = load_waivers(waiver_file(tmp_path, entry("target-date-missing", "finding: 8", TODAY)))
    result = apply_waivers(reports, waivers, today=TODAY)
    assert yuzhou_violation(result.report_set) == [("target-date-missing", True)]


def test_waiver_expired_yesterday_is_an_error_and_waives_nothing(tmp_path: Path, reports: ReportSet) -> None:
    yesterday = TODAY - datetime.timedelta(days=1)
    waivers = load_waivers(waiver_file(tmp_path, entry("target-date-missing", 'finding: "8."', yesterday)))
    result = apply_waivers(reports, waivers, today=TODAY)
    assert yuzhou_violation(result.report_set) == [("target-date-missing", False)]
    meta = result.report_set.reports[-1]
    assert meta.source == waivers.path
    assert [(v.rule_id, v.severity) for v in meta.violations] == [(WAIVER_EXPIRED, "error")]
    expired = meta.violations[0]
    assert expired.span is not None and expired.span.line == 2
    assert "2025-06-29" in expired.message.zh and "2025-06-29" in expired.message.en
    assert meta.summary.error == 1
    assert result.report_set.summary.error == reports.summary.error + 1
    assert [w.line for w in result.expired] == [2] and not result.unused


def test_unused_waiver_is_reported(tmp_path: Path, reports: ReportSet) -> None:
    waivers = load_waivers(waiver_file(
        tmp_path,
        entry("target-date-missing", 'finding: "8."', "2026-01-01"),
        entry("target-date-missing", 'finding: "8."', "2026-01-01"),  # a duplicate: stays unused
        entry("status-missing", 'finding: "99."', "2026-01-01", notice="*huainan*"),
    ))
    result = apply_waivers(reports, waivers, today=TODAY)
    meta = result.report_set.reports[-1]
    assert [(v.rule_id, v.severity, v.span.line if v.span else None) for v in meta.violations] == [
        (WAIVER_UNUSED, "warning", 8), (WAIVER_UNUSED, "warning", 14)]
    assert [w.index for w in result.unused] == [1, 2]
    assert meta.summary.warning == 2 and meta.summary.error == 0
    assert len({v.fingerprint for v in meta.violations}) == 2


def test_fingerprint_waiver_and_notice_glob(tmp_path: Path, reports: ReportSet) -> None:
    target = next(v for v in reports.reports[1].violations if v.rule_id == "sum-mismatch")
    waivers = load_waivers(waiver_file(
        tmp_path,
        entry("sum-mismatch", f"fingerprint: {target.fingerprint[:16]}", "2026-01-01", notice=None),
        entry("sum-mismatch", f"fingerprint: {target.fingerprint}", "2026-01-01", notice="*yuzhou*"),
    ))
    result = apply_waivers(reports, waivers, today=TODAY)
    waived = [v for v in result.report_set.reports[1].violations if v.waived]
    assert [v.fingerprint for v in waived] == [target.fingerprint]
    assert [w.index for w in result.unused] == [1]  # its notice glob names the other notice


def test_finding_waiver_with_section(tmp_path: Path, reports: ReportSet) -> None:
    status = [v for v in reports.reports[1].violations if v.rule_id == "status-missing"]
    first = status[0]
    assert first.section_path is not None
    waivers = load_waivers(waiver_file(
        tmp_path, entry("status-missing", f'finding: "{first.finding_number}"\n    section: "{first.section_path}"',
                        "2026-01-01", notice="notices/huainan-tzb-2020-12-17.yaml"),
        entry("status-missing", f'finding: "{first.finding_number}"\n    section: "九"', "2026-01-01",
              notice="huainan-tzb-2020-12-17.yaml"),
    ))
    result = apply_waivers(reports, waivers, today=TODAY)
    assert [v.fact_id for v in result.report_set.reports[1].violations if v.waived] == [first.fact_id]
    assert [w.index for w in result.unused] == [1]


def test_cli_expired_waiver_fails_the_run_and_live_one_passes(tmp_path: Path) -> None:
    today = datetime.date.today()
    runner = CliRunner()
    live = waiver_file(tmp_path, entry("target-date-missing", 'finding: "8."', today + datetime.timedelta(days=30)))
    result = runner.invoke(cli, ["check", str(YUZHOU), "--waivers", str(live), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["summary"]["waived"] == 1 and data["summary"]["error"] == 0
    expired = waiver_file(tmp_path, entry("target-date-missing", 'finding: "8."', today - datetime.timedelta(days=1)))
    result = runner.invoke(cli, ["check", str(YUZHOU), "--waivers", str(expired), "--format", "json"])
    assert result.exit_code == 1, result.output
    rule_ids = [v["rule_id"] for report in json.loads(result.output)["reports"] for v in report["violations"]]
    assert rule_ids == ["target-date-missing", WAIVER_EXPIRED]


def test_cli_unused_waiver_warns(tmp_path: Path) -> None:
    path = waiver_file(tmp_path, entry("target-date-missing", 'finding: "8."', "2999-01-01"),
                       entry("status-missing", 'finding: "1."', "2999-01-01"))
    runner = CliRunner()
    assert runner.invoke(cli, ["check", str(YUZHOU), "--waivers", str(path)]).exit_code == 0
    result = runner.invoke(cli, ["check", str(YUZHOU), "--waivers", str(path), "--fail-on", "warning"])
    assert result.exit_code == 1 and WAIVER_UNUSED in result.output


def test_cli_waivers_never_waive_the_waiver_files_own_violations(tmp_path: Path) -> None:
    unused = entry("status-missing", 'finding: "1."', "2999-01-01")
    runner = CliRunner()
    first = runner.invoke(cli, ["check", str(YUZHOU), "--waivers", str(waiver_file(tmp_path, unused)),
                                "--format", "json"])
    meta = [v for report in json.loads(first.output)["reports"] for v in report["violations"]
            if v["rule_id"] == WAIVER_UNUSED]
    assert len(meta) == 1
    about_it = entry(WAIVER_UNUSED, f"fingerprint: \"{meta[0]['fingerprint']}\"", "2999-01-01", notice=None)
    second = runner.invoke(cli, ["check", str(YUZHOU), "--waivers", str(waiver_file(tmp_path, unused, about_it)),
                                 "--format", "json"])
    data = json.loads(second.output)
    meta = [v for report in data["reports"] for v in report["violations"] if v["rule_id"] == WAIVER_UNUSED]
    assert [v.get("waived", False) for v in meta] == [False, False]  # both waivers unused, neither waived
    assert data["summary"].get("waived", 0) == 0 and data["summary"]["warning"] == 2


@pytest.mark.parametrize(("text", "place", "words"), [
    ("waivers:\n  - rule: a\n    finding: '1.'\n    notice: x\n    approved_by: b\n    expires: 2025-01-01\n",
     "waivers.yaml:2:5 [waivers.0.reason]", "Field required"),
    ("waivers:\n  - rule: a\n    fingerprint: abcdefabcdef\n    reason: r\n    approved_by: b\n"
     "    expires: 2025-01-01\n    aproved: c\n", "waivers.yaml:7:5 [waivers.0.aproved]", "Extra inputs"),
    ("waivers:\n  - rule: a\n    fingerprint: abcdefabcdef\n    finding: 1\n    notice: x\n    reason: r\n"
     "    approved_by: b\n    expires: 2025-01-01\n", "waivers.yaml:2:5 [waivers.0]", "exactly one of"),
    ("waivers:\n  - rule: a\n    finding: 1\n    reason: r\n    approved_by: b\n    expires: 2025-01-01\n",
     "waivers.yaml:2:5 [waivers.0]", "needs `notice`"),
    ("waivers:\n  - rule: a\n    fingerprint: abcdefabcdef\n    reason: r\n    approved_by: b\n"
     "    expires: next year\n", "waivers.yaml:6:5 [waivers.0.expires]", "use YYYY-MM-DD"),
    ("waivers:\n  - rule: a\n    fingerprint: xyz\n    reason: r\n    approved_by: b\n    expires: 2025-01-01\n",
     "waivers.yaml:3:5 [waivers.0.fingerprint]", "hexadecimal"),
    ("waivers:\n  - rule: a\n    fingerprint: abcdefabcdef\n    reason: '  '\n    approved_by: b\n"
     "    expires: 2025-01-01\n", "waivers.yaml:4:5 [waivers.0.reason]", "blank"),
    ("waivers:\n  - rule: a\n   reason: [\n", "waivers.yaml:3", "YAML syntax error"),
    ("- rule: a\n", "waivers.yaml:1:1", "must be a mapping"),
    ("version: 2\nwaivers: []\n", "waivers.yaml:1:1 [version]", "Input should be 1"),
])
def test_bad_waiver_files_give_one_line_errors(tmp_path: Path, text: str, place: str, words: str) -> None:
    path = tmp_path / "waivers.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_waivers(path)
    message = str(caught.value)
    assert "\n" not in message
    assert f"{tmp_path}/{place}" in message, message
    assert words in message


def test_missing_waiver_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="file not found"):
        load_waivers(tmp_path / "nope.yaml")


def test_cli_bad_waiver_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "waivers.yaml"
    path.write_text("waivers:\n  - rule: a\n", encoding="utf-8")
    with pytest.raises(SystemExit) as caught:
        main(["check", str(YUZHOU), "--waivers", str(path)])
    assert caught.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"{path}:2:5 [waivers.0.reason]" in err, err


def test_empty_waiver_list_and_json_file(reports: ReportSet) -> None:
    assert parse_waivers("waivers: []\n").entries == []
    waivers = parse_waivers(json.dumps({"waivers": [{
        "rule": "target-date-missing", "finding": "8.", "notice": "*/yuzhou-*.yaml", "reason": "r",
        "approved_by": "a", "expires": "2030-01-01"}]}), "w.json")
    result = apply_waivers(reports, waivers, today=TODAY)
    assert yuzhou_violation(result.report_set) == [("target-date-missing", True)]
    assert waivers.entries[0].line == 1
