"""The core rule pack (rules/core) on the gold structured fixtures and the case fixtures.

The gold expectations below are the reviewed verdicts: every violation a gold fixture produces
was judged by reading the seed text (see the per-fixture comments). A change in these counts
means a rule, the facts stage or a gold file changed, and the new report must be reviewed.
"""

from __future__ import annotations

from collections import Counter
from functools import cache, lru_cache
from pathlib import Path

import pytest

from engine import api
from engine.evaluation.runner import Backend, check
from engine.facts.builder import build_facts
from engine.model import Notice
from engine.reports.model import Report, Violation
from engine.rule_language.compiler import CompiledPack, compile_pack
from engine.rule_language.loader import load_pack
from engine.structured import load_notice

ROOT = Path(__file__).resolve().parents[2]
CORE = ROOT / "rules" / "core"
GOLD = ROOT / "fixtures" / "structured"
CASES = ROOT / "fixtures" / "cases"

YUZHOU = "yuzhou-2021-01-07"
GANXIAN = "ganxian-2017"
HUAINAN = "huainan-tzb-2020-12-17"
LONGJIE = "longjie-2019-12-30"
QINXIAN = "qinxian-2020-07-30"


@lru_cache(maxsize=1)
def core_pack() -> CompiledPack:
    return compile_pack([loaded.compiled for loaded in load_pack(CORE).rules])


def core_rule_ids() -> list[str]:
    return sorted(rule.id for rule in core_pack().rules)


@cache
def notice_at(path: Path) -> Notice:
    return load_notice(path)


@cache
def report_at(path: Path, backend: Backend = "durable") -> Report:
    return check(notice_at(path), core_pack(), backend=backend)


def gold(name: str) -> Report:
    return report_at(GOLD / f"{name}.yaml")


def by_rule(report: Report, rule_id: str) -> list[Violation]:
    return [v for v in report.violations if v.rule_id == rule_id]


def places(report: Report, rule_id: str) -> list[tuple[str | None, str | None]]:
    """(section path, finding number) of each violation of one rule, in document order."""
    return [(v.section_path, v.finding_number) for v in by_rule(report, rule_id)]


def fact_text(name: str, fact_id: str) -> str:
    return str(build_facts(notice_at(GOLD / f"{name}.yaml")).get(fact_id).get("text", ""))


# -- the pack itself ---------------------------------------------------------------------------

def test_core_pack_loads_with_stable_ids() -> None:
    assert core_rule_ids() == sorted([
        "status-missing", "result-boilerplate",
        "target-date-missing", "target-date-overdue", "chronology-broken", "chronology-completed-after-publication",
        "money-recovered-amount-missing", "money-recovered-destination-missing",
        "sum-mismatch", "count-mismatch", "measure-count-mismatch", "status-count-mismatch", "rate-mismatch",
        "sanction-breakdown-mismatch",
        "numbering-broken", "numbering-broken-top", "numbering-marker-lost",
        "header-missing",
        "contact-missing", "contact-malformed",
        "pii-exposed", "pii-exposed-section",
    ])


def test_every_core_rule_has_examples_and_a_rationale() -> None:
    for rule in core_pack().rules:
        assert rule.rule.examples.pass_ and rule.rule.examples.fail, rule.id
        assert rule.rule.message.zh and rule.rule.message.en and rule.rule.rationale, rule.id


def test_core_examples_pass_on_both_backends() -> None:
    from engine.cli.rules_cmd import run_examples

    assert run_examples(list(load_pack(CORE).rules)) == []


# -- acceptance on the gold fixtures -------------------------------------------------------------

def test_yuzhou_finding_8_has_no_concrete_target() -> None:
    report = gold(YUZHOU)
    assert places(report, "target-date-missing") == [("一/(二)", "8.")]


@pytest.mark.parametrize("rule_id", ["status-missing", "contact-missing", "sum-mismatch",
                                     "money-recovered-destination-missing"])
def test_yuzhou_false_alarms_absent(rule_id: str) -> None:
    assert by_rule(gold(YUZHOU), rule_id) == []


def test_ganxian_long_term_findings_lack_target_dates() -> None:
    found = places(gold(GANXIAN), "target-date-missing")
    assert ("二/(二)", "1.") in found and ("二/(二)", "2.") in found


def test_ganxian_recoveries_without_amount() -> None:
    assert places(gold(GANXIAN), "money-recovered-amount-missing") == [("二/(一)", "1."), ("二/(一)", "3.")]


def test_ganxian_recoveries_without_destination() -> None:
    texts = {fact_text(GANXIAN, v.fact_id) for v in by_rule(gold(GANXIAN), "money-recovered-destination-missing")}
    assert {"7.98万元", "26.89万元"} <= texts


def test_ganxian_publication_date_missing() -> None:
    (violation,) = by_rule(gold(GANXIAN), "header-missing")
    assert violation.severity == "error"  # the publication date is among the missing elements
    assert violation.message.zh == "通报头部缺少：发布日期、标题、反馈日期"


@pytest.mark.parametrize("rule_id", ["sum-mismatch", "sanction-breakdown-mismatch", "count-mismatch",
                                     "measure-count-mismatch", "status-count-mismatch"])
def test_ganxian_consistent_claims_not_flagged(rule_id: str) -> None:
    # 3大类9个方面问题, 33条具体整改措施, 13名…其中立案查处5人,诫勉谈话1人,约谈7人, 合计192.5万元
    assert by_rule(gold(GANXIAN), rule_id) == []


def test_huainan_findings_have_no_status() -> None:
    assert len(by_rule(gold(HUAINAN), "status-missing")) == 10


def test_huainan_392_vs_389() -> None:
    violations = by_rule(gold(HUAINAN), "sum-mismatch")
    assert [v.finding_number for v in violations] == ["4.", "6."]
    for violation in violations:
        assert violation.actual == {"matches": False}
        assert "合计为392万元" in violation.message.zh and "之和为389万元，相差3万元" in violation.message.zh
        assert "3,920,000 yuan" in violation.message.en and "3,890,000 yuan" in violation.message.en


def test_huainan_measures_29_vs_31() -> None:
    (violation,) = by_rule(gold(HUAINAN), "measure-count-mismatch")
    assert "29" in violation.message.zh and "31" in violation.message.zh


def test_longjie_defects() -> None:
    report = gold(LONGJIE)
    assert len(by_rule(report, "status-missing")) == 18
    assert [v.section_path for v in by_rule(report, "numbering-broken")] == ["二/(一)"]
    assert len(by_rule(report, "contact-missing")) == 1


def test_qinxian_header_missing() -> None:
    (violation,) = by_rule(gold(QINXIAN), "header-missing")
    assert violation.severity == "warning"  # dated 2020年7月30日; title and 巡视组 are on the previous page
    assert violation.message.zh == "通报头部缺少：标题、巡视巡察（考核）机构、反馈日期"


# The reviewed reports: rule id -> number of violations (see docs/rules-core.md for the verdicts).
REVIEWED: dict[str, dict[str, int]] = {
    YUZHOU: {"target-date-missing": 1},
    GANXIAN: {
        "header-missing": 1,
        "target-date-missing": 6,  # (一)1, 4, 6, 7 基本整改到位 and (二)1, 2 长期整改: no concrete deadline
        "money-recovered-amount-missing": 2,
        "money-recovered-destination-missing": 3,  # 7.98万元, 26.89万元, and 各150万元 区财政已全部收回 (doubtful)
    },
    HUAINAN: {"status-missing": 10, "sum-mismatch": 2, "measure-count-mismatch": 1},
    LONGJIE: {"status-missing": 18, "numbering-broken": 1, "numbering-marker-lost": 2, "contact-missing": 1,
              "header-missing": 1},
    QINXIAN: {"status-missing": 4, "header-missing": 1, "money-recovered-amount-missing": 1,
              "money-recovered-destination-missing": 1},
}


@pytest.mark.parametrize("name", sorted(REVIEWED))
def test_gold_reports_are_the_reviewed_ones(name: str) -> None:
    assert dict(Counter(v.rule_id for v in gold(name).violations)) == REVIEWED[name]


@pytest.mark.parametrize("name", sorted(REVIEWED))
def test_gold_reports_agree_across_backends(name: str) -> None:
    path = GOLD / f"{name}.yaml"
    durable = [(v.rule_id, v.fact_id) for v in report_at(path, "durable").violations]
    python = [(v.rule_id, v.fact_id) for v in report_at(path, "python").violations]
    assert durable == python


# -- the case fixtures -----------------------------------------------------------------------------

def case_paths() -> list[Path]:
    return sorted(CASES.glob("*.yaml"))


def clean_case_paths() -> list[Path]:
    """``clean.yaml`` and its variants (``clean-<what>.yaml``): notices on which no core rule fires."""
    return [path for path in case_paths() if path.stem == "clean" or path.stem.startswith("clean-")]


@pytest.mark.parametrize("path", clean_case_paths(), ids=lambda path: path.stem)
def test_clean_cases_have_no_violation(path: Path) -> None:
    report = report_at(path)
    assert report.violations == []


@pytest.mark.parametrize("rule_id", core_rule_ids())
def test_rule_fires_on_its_case(rule_id: str) -> None:
    report = report_at(CASES / f"{rule_id}.yaml")
    assert {v.rule_id for v in report.violations} == {rule_id}


def test_every_case_fixture_belongs_to_a_rule() -> None:
    names = {path.stem for path in case_paths()}
    assert names == set(core_rule_ids()) | {path.stem for path in clean_case_paths()}
    assert "clean" in names


def test_every_core_rule_fires_and_passes_somewhere() -> None:
    paths = case_paths() + sorted(GOLD.glob("*.yaml"))
    fired: set[str] = set()
    passed: set[str] = set()
    for path in paths:
        report = report_at(path)
        fired |= {v.rule_id for v in report.violations}
        passed |= {rule_id for rule_id, fact_ids in report.passed.items() if fact_ids}
    assert set(core_rule_ids()) - fired == set()
    assert set(core_rule_ids()) - passed == set()


def test_severity_when_picks_the_first_matching_case() -> None:
    from engine.evaluation.runner import severity_of

    (rule,) = [rule for rule in core_pack().rules if rule.id == "header-missing"]
    assert severity_of(rule, {"t": "notice", "has_published": False, "has_title": True}) == "error"
    assert severity_of(rule, {"t": "notice", "has_published": True, "published_inferred": True}) == "error"
    assert severity_of(rule, {"t": "notice", "has_published": True, "has_title": False}) == "warning"


@pytest.mark.parametrize(("problem", "rectification", "reported"), [
    ("违规发放补贴12.6万元。", "违规发放的补贴已全部追回,并上缴县财政。", False),  # the whole of the problem's amount
    ("违规发放补贴12.6万元。", "违规发放的补贴已如数退回,并上缴县财政。", False),
    ("违规发放补贴。", "违规发放的补贴已全部追回,并上缴县财政。", True),  # no amount anywhere
    ("违规发放补贴12.6万元。", "违规发放的补贴已追回,并上缴县财政。", True),  # not said to be all of it
])
def test_a_recovery_of_the_whole_of_the_problem_s_amount(problem: str, rectification: str, reported: bool) -> None:
    text = ("某某局关于巡察整改情况的通报\n发布时间:2023-05-10\n一、整改情况\n"
            f"1.{problem}\n整改情况:已完成。{rectification}\n联系电话:0771-5678901。\n")
    report = api.check(api.parse_text_notice(text), api.load_rules())
    assert any(v.rule_id == "money-recovered-amount-missing" for v in report.violations) is reported
