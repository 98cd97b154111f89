"""Baselines: written deterministically, matched by fingerprint, robust to edits elsewhere."""

from __future__ import annotations

import datetime
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from engine.baseline import apply_baseline, load_baseline, make_baseline, notice_key, write_baseline
from engine.cli import cli
from engine.errors import ConfigError
from engine.evaluation.runner import build_pack, check
from engine.model import Notice
from engine.parsing import parse_file
from engine.reports.model import ReportSet
from engine.reports.render import report_set
from engine.rule_language.compiler import CompiledPack
from engine.rule_language.config import Config, load_packs
from engine.structured import load_notice
from engine.waivers import apply_waivers, parse_waivers

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "fixtures" / "raw"
STRUCTURED = ROOT / "fixtures" / "structured"
SEEDS = sorted(path.stem for path in RAW.glob("*.txt"))


@pytest.fixture(scope="module")
def pack() -> CompiledPack:
    config = Config()
    return build_pack(load_packs(config), config)


def run(notice: Notice, pack: CompiledPack, source: str) -> ReportSet:
    return report_set([check(notice, pack, Config(), "python", source=source)])


def prepend_blank_line(path: Path) -> None:
    path.write_bytes(b"\n" + path.read_bytes())


def lines_of(reports: ReportSet) -> list[int | None]:
    return [v.span.line if v.span else None for r in reports.reports for v in r.violations]


@pytest.mark.parametrize("seed", SEEDS)
def test_blank_line_at_top_of_a_raw_seed_keeps_the_baseline(seed: str, tmp_path: Path, pack: CompiledPack) -> None:
    notice_path = tmp_path / f"{seed}.txt"
    shutil.copy(RAW / f"{seed}.txt", notice_path)
    before = run(parse_file(notice_path), pack, str(notice_path))
    assert before.summary.total > 0  # every seed has defects the core rules catch
    baseline_path = tmp_path / "baseline.yaml"
    write_baseline(before, baseline_path)

    prepend_blank_line(notice_path)
    after = run(parse_file(notice_path), pack, str(notice_path))
    spanned = [(old, new) for old, new in zip(lines_of(before), lines_of(after), strict=True) if old is not None]
    assert spanned and all(new == old + 1 for old, new in spanned)  # lines did move

    result = apply_baseline(after, load_baseline(baseline_path))
    assert result.new == []
    assert result.fixed == []
    assert len(result.baselined) == before.summary.total
    assert (result.report_set.summary.total, result.report_set.summary.baselined) == (0, before.summary.total)
    assert all(v.baselined for v in result.report_set.reports[0].violations)


def test_structured_fixture_edited_above_keeps_the_baseline(tmp_path: Path, pack: CompiledPack) -> None:
    notice_path = tmp_path / "huainan.yaml"
    shutil.copy(STRUCTURED / "huainan-tzb-2020-12-17.yaml", notice_path)
    before = run(load_notice(notice_path), pack, str(notice_path))
    baseline_path = tmp_path / "baseline.json"
    write_baseline(before, baseline_path)
    notice_path.write_text("\n# reviewed 2025-06-30\n" + notice_path.read_text(encoding="utf-8"), encoding="utf-8")
    result = apply_baseline(run(load_notice(notice_path), pack, str(notice_path)), load_baseline(baseline_path))
    assert result.new == [] and len(result.baselined) == before.summary.total > 0


def test_new_violations_are_not_baselined(pack: CompiledPack) -> None:
    reports = run(load_notice(STRUCTURED / "huainan-tzb-2020-12-17.yaml"), pack, "notices/huainan.yaml")
    baseline = make_baseline(reports)
    dropped = reports.reports[0].violations[0]
    baseline.notices["notices/huainan.yaml"][dropped.rule_id].remove(dropped.fingerprint)
    result = apply_baseline(reports, baseline)
    assert [v.fingerprint for v in result.new] == [dropped.fingerprint]
    assert result.report_set.summary.total == 1
    assert result.report_set.reports[0].summary.baselined == reports.summary.total - 1


def test_fixed_violations_are_listed(pack: CompiledPack) -> None:
    reports = run(load_notice(STRUCTURED / "yuzhou-2021-01-07.yaml"), pack, "yuzhou.yaml")
    baseline = make_baseline(reports)
    baseline.notices["yuzhou.yaml"].setdefault("status-missing", []).append("f" * 64)
    baseline.notices["other.yaml"] = {"status-missing": ["e" * 64]}  # a notice not checked: not "fixed"
    result = apply_baseline(reports, baseline)
    assert result.fixed == [("yuzhou.yaml", "status-missing", "f" * 64)]


def test_baseline_file_is_sorted_and_deterministic(tmp_path: Path, pack: CompiledPack) -> None:
    reports = report_set([
        check(load_notice(STRUCTURED / f"{name}.yaml"), pack, Config(), "python", source=f"./notices/{name}.yaml")
        for name in ("yuzhou-2021-01-07", "huainan-tzb-2020-12-17", "ganxian-2017")])
    first, second = tmp_path / "a.yaml", tmp_path / "b.yaml"
    write_baseline(reports, first)
    write_baseline(report_set(list(reversed(reports.reports))), second)
    assert first.read_bytes() == second.read_bytes()
    loaded = load_baseline(first)
    assert list(loaded.notices) == sorted(loaded.notices) == [
        "notices/ganxian-2017.yaml", "notices/huainan-tzb-2020-12-17.yaml", "notices/yuzhou-2021-01-07.yaml"]
    for rules in loaded.notices.values():
        assert list(rules) == sorted(rules)
        assert all(prints == sorted(prints) for prints in rules.values())
    assert len(loaded) == reports.summary.total
    json_path = tmp_path / "b.json"
    write_baseline(reports, json_path)
    assert json.loads(json_path.read_text(encoding="utf-8"))["notices"] == loaded.notices


def test_waived_and_waiver_meta_violations_stay_out(pack: CompiledPack) -> None:
    reports = run(load_notice(STRUCTURED / "yuzhou-2021-01-07.yaml"), pack, "yuzhou.yaml")
    waivers = parse_waivers(
        "waivers:\n"
        "  - {rule: target-date-missing, finding: '8.', notice: yuzhou.yaml, reason: r, approved_by: a,"
        " expires: 2030-01-01}\n"
        "  - {rule: status-missing, finding: '1.', notice: yuzhou.yaml, reason: r, approved_by: a,"
        " expires: 2020-01-01}\n", "w.yaml")
    waived = apply_waivers(reports, waivers, today=datetime.date(2025, 1, 1)).report_set
    assert make_baseline(waived).notices == {}
    result = apply_baseline(waived, make_baseline(reports))
    violations = [v for r in result.report_set.reports for v in r.violations]
    assert [(v.rule_id, v.waived, v.baselined) for v in violations] == [
        ("target-date-missing", True, False), ("waiver-expired", False, False)]
    assert result.report_set.summary.error == 1


def test_notice_key_normalises_paths() -> None:
    assert notice_key("./notices\\a.txt") == "notices/a.txt"
    assert notice_key(str(Path.cwd() / "notices" / "a.txt")) == "notices/a.txt"
    assert notice_key(None) == "-"


@pytest.mark.parametrize(("text", "place", "words"), [
    ("version: 1\nnotices:\n  a.txt:\n    rule-a: abc\n", "baseline.yaml:4:5 [notices.a.txt.rule-a]", "valid list"),
    ("version: 1\nnotice: {}\n", "baseline.yaml:2:1 [notice]", "Extra inputs"),
    ("[]\n", "baseline.yaml:1:1", "must be a mapping"),
    ("notices: {a: [\n", "baseline.yaml:2", "YAML syntax error"),
])
def test_bad_baseline_files(tmp_path: Path, text: str, place: str, words: str) -> None:
    path = tmp_path / "baseline.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_baseline(path)
    message = str(caught.value)
    assert "\n" not in message and f"{tmp_path}/{place}" in message and words in message, message


def test_cli_write_then_apply_baseline(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    shutil.copy(RAW / "huainan-tzb-2020-12-17.txt", tmp_path / "huainan.txt")
    runner = CliRunner()
    first = runner.invoke(cli, ["check", "huainan.txt", "--write-baseline", "zhenggai-baseline.yaml"])
    assert first.exit_code == 1, first.output
    prepend_blank_line(tmp_path / "huainan.txt")
    second = runner.invoke(cli, ["check", "./huainan.txt", "--baseline", "zhenggai-baseline.yaml",
                                 "--format", "json"])
    assert second.exit_code == 0, second.output
    summary = json.loads(second.output)["summary"]
    assert summary["total"] == 0 and summary["baselined"] > 0
