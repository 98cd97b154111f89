"""Notices written the ways published notices are (tests/data/shapes): every violation the core rules
report on each, by rule and line. Each file is an invented notice in one common shape (findings run
into one paragraph, grouped by status, labelled 问题1:, a date line under the title, summary counts,
ledger lines, bracketed statuses, closing status sentences, the issuer under the title, topics with no
status, festival deadlines, findings opened by 针对…的问题, sub-points with their own statuses, a site's
date line, labelled fields run into one line, statuses with their dates, 1）findings with a status after a
dash and numbered block labels, 第一部分 over 一、);
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
    # 问题一: lines with 整改措施/责任单位/完成时限/整改进展, ①② measures; signed 二〇二三年一月十日;
    # 0571-12345678 is no local number (those start with 2-9)
    "ledger-lines": [("contact-malformed", 26)],
    # topics (1.关于…的问题) with no status each, counted as 21 specific problems; 9 ≠ 5 + 3 sanctioned;
    # 追回…1300万元 with no destination. 正在推进3个 may hold (six findings state no status), 已完成整改18个
    # cannot; 已完成79条 counts measures
    "topic-summary": [("count-mismatch", 4), ("money-recovered-destination-missing", 11),
                      ("sanction-breakdown-mismatch", 10), ("status-count-mismatch", 4),
                      *[("status-missing", line) for line in (7, 8, 10, 11, 13, 15)]],
    # the issuer on the line under 关于…的通报, then (2023年8月28日); 收缴违纪款项 with no destination
    "issuer-under-title": [("money-recovered-destination-missing", 17)],
    # 1.问题【已完成】。…(责任单位:…;整改时限:…), dated 2023-11-20 under the title; 整改时限:长期坚持 is no date
    "bracketed-status": [("target-date-missing", 14)],
    # (一)关于…的问题 findings with 整改情况 lines; 年内完成 is this year; 列入长期整改 with no date;
    # 追回…0.8万元 with no destination
    "status-line-groups": [("money-recovered-destination-missing", 22), ("target-date-missing", 15)],
    # (一)关于…的问题 then what was done, closed by 目前,该问题已整改到位。/ 该问题将长期坚持整改。 (no date)
    "closing-status": [("target-date-missing", 11)],
    "follow-up-inspection": [],  # 回头看 of a previous round; 1、 findings with 整改情况 lines
    # a report to the 巡察办 (no public contacts); 长期坚持 is no date for an ongoing finding
    "report-to-office": [("contact-missing", 1), ("target-date-missing", 21)],
    # 【问题】… / 【整改情况】… pairs under (一)…方面 groups
    "labelled-problems-in-groups": [],
    # (一)问题:… / 整改措施:… / 整改成效:已按期完成。…, 已办结销号。
    "problem-measure-result-lines": [],
    # findings as top-level headings (一、…) with 整改情况 lines; 上缴乡财政所 is a destination
    "top-level-findings": [],
    # a ledger table (序号/反馈问题/整改措施/责任单位/整改情况/完成时限), one row per line, cells apart by tabs
    # (a merged 责任单位 cell is empty): 清退…2.1万元 with no destination; 2023年9月底 passed while still
    # 正在整改; 长期坚持 is no date
    "ledger-table": [("money-recovered-destination-missing", 8), ("target-date-overdue", 9),
                     ("target-date-missing", 10)],
    # 1./2. findings with 整改措施:(1)…(2)… and 整改成效: lines: 整改措施共计13条 against 12 listed;
    # 收回…租金12.4万元 with no destination
    "numbered-measures": [("measure-count-mismatch", 3), ("money-recovered-destination-missing", 7)],
    # after the signature, the document record (附件:…, 抄送:…, …印发): not content, and the contacts
    # above the signature are still found
    "document-record": [],
    # a report whose findings are a ledger in the attachment after the signature date (附件 / title / rows):
    # the row still 正在整改 after its 2023年9月底 deadline; a report to the 巡察办 names no public contact
    "ledger-attachment": [("contact-missing", 1), ("target-date-overdue", 15)],
    # festival deadlines: 春节前 (next after publication) is a date; 2024年春节前 (2024-02-10) has passed
    # while still 正在整改; 春节前后 is no deadline
    "festival-deadlines": [("target-date-overdue", 7), ("target-date-missing", 13)],
    # a 巡视整改进展 notice: 1.针对…的问题。 then what was done, 目前正在持续整改,计划2024年6月底前…; 该问题长期坚持
    # with no date
    "inspection-progress": [("target-date-missing", 11)],
    # 1.主题。 then (1)…整改情况:已完成。 (2)…整改情况:正在整改。计划2024年底前…: the finding is ongoing with that
    # target; 4. has sub-points describing its problem, then one 整改情况 line
    "sub-point-statuses": [],
    # 1.问题。 then 【整改措施】/【整改进展】/【整改时限】 lines; the third finding, still 正在整改, names no deadline
    "bracketed-labels": [("target-date-missing", 13)],
    # a site's date line (2024年1月15日 来源:…) under the title, feedback in a month (9月,…反馈了巡察意见);
    # 追回…工程款236.5万元 with no destination
    "site-date-line": [("money-recovered-destination-missing", 10)],
    # a report to the inspection office: no public contact; 完成率达90% of 5 problems done out of the 6 the
    # sentence before gives; 8 sanctioned ≠ 3 + 4; 收缴违纪款3.6万元 with no destination
    "report-to-inspection-office": [("contact-missing", 1), ("money-recovered-destination-missing", 21),
                                    ("rate-mismatch", 5), ("sum-mismatch", 19)],
    # 整改情况:已于2023年10月底完成整改。 (a closed status with its date); 追回…低保金2.16万元 with no destination
    "dated-status": [("money-recovered-destination-missing", 15)],
    # 问题一:… with 整改措施/整改时限/责任领导/整改进展 fields run into one line, apart by ；; 问题四 states no
    # status, and 已追缴…9800万元 no destination; 整改已完成 and 该问题已销号 are closed
    "labelled-fields": [("money-recovered-destination-missing", 9), ("status-missing", 9)],
    # a province's inspection summary: 6项具体问题 against 5 listed; 需长期坚持的2项 against 1 such finding
    # (and it names no date)
    "summary-counts": [("count-mismatch", 5), ("status-count-mismatch", 5), ("target-date-missing", 10)],
    # findings numbered (一) with 整改情况 run into their line, whatever words their problem uses: (三) is
    # missing and (二) is repeated; 清退…补课费6.8万元 with no destination; 正在整改 with no deadline
    "paren-run-in-findings": [("money-recovered-destination-missing", 9), ("numbering-broken", 7),
                              ("numbering-broken", 11), ("target-date-missing", 11)],
    # 1）findings under (一)/(二): 2）…不到位——已完成 (a status after a dash), (1)整改措施:/(2)整改情况: numbered
    # block labels; 追回…12.5万元 with no destination; 正在整改 with no deadline
    "half-paren-findings": [("money-recovered-destination-missing", 13), ("target-date-missing", 18)],
    # 第一部分/第二部分/第三部分 over 一、 groups: the overview under 第一部分 claims 4 problems (3 listed) and 2
    # done (so they are); 收回结余资金8.6万元 with no destination
    "part-headings": [("count-mismatch", 5), ("money-recovered-destination-missing", 9)],
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
