"""Notices written the ways published notices are (tests/data/shapes): every violation the core rules
report on each, by rule and line. Each file is an invented notice in one common shape (findings run
into one paragraph, grouped by status, labelled 问题1:, a date line under the title, summary counts);
``defects.txt`` also carries seven defects that must all be reported. A parser change that loses a
shape shows up here as violations that were not expected (status-missing on every finding) or missed."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine import api

SHAPES = Path(__file__).resolve().parent / "data" / "shapes"

EXPECTED: dict[str, list[tuple[str, int]]] = {
    # 整改措施27条 claimed, 10 listed; 长期坚持 is no concrete target; 0000-1234567 is no phone number
    "run-in-blocks": [("contact-malformed", 19), ("measure-count-mismatch", 5), ("target-date-missing", 18)],
    # 收缴违纪款1.2万元 with no destination; a long-term item with no date
    "date-under-title": [("money-recovered-destination-missing", 16), ("target-date-missing", 18)],
    "grouped-by-status": [("header-missing", 1)],  # it prints no publication date
    "status-sentences": [("contact-missing", 1), ("header-missing", 1)],  # a bare fragment: no head, no contact
    "labelled-problems": [],
    "paren-findings": [],  # (一)…问题 findings; 清退…已退还学生家长 and 上缴县财政 are destinations
    "defects": [
        ("chronology-completed-after-publication", 8),  # 2023年6月15日印发 in a notice of 2023年5月10日
        ("count-mismatch", 5),  # 10个问题, 9 listed
        ("money-recovered-destination-missing", 9),  # 追回违规资金3万元
        ("rate-mismatch", 5),  # 整改完成率90% of 8 ÷ 10
        ("status-count-mismatch", 5),  # 已完成整改8个, 7 closed
        ("sum-mismatch", 5),  # 3 + 2 + 3 ≠ 共计9人
        ("target-date-missing", 14),  # 正在整改 with only 下一步
    ],
}


@pytest.fixture(scope="module")
def rules() -> api.CompiledPack:
    return api.load_rules()


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_shape(name: str, rules: api.CompiledPack) -> None:
    report = api.check(api.parse(SHAPES / f"{name}.txt"), rules)
    found = sorted((v.rule_id, v.span.line if v.span else 0) for v in report.violations)
    assert found == sorted(EXPECTED[name])


def test_every_shape_file_is_expected() -> None:
    assert {path.stem for path in SHAPES.glob("*.txt")} == set(EXPECTED)
