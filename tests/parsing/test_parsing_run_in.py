"""Findings written as one paragraph each, with their blocks run into it (``1.问题。整改情况:已完成。…``):
a common shape of published notices. The problem ends at the first label; the labels start blocks."""

from __future__ import annotations

import pytest

from engine.model import Finding, Notice
from engine.parsing import parse_text
from engine.parsing.assemble import RUN_IN_LABEL_WORDS, RUN_IN_LABELS
from engine.spans import Locator

TEXT = """关于巡察反馈意见整改进展情况的通报
一、整改工作总体情况
对反馈的2个方面4个问题逐项建立台账。截至目前,4个问题已完成整改3个,正在整改1个,整改完成率75%。
二、巡察反馈问题整改落实情况
(一)关于贯彻落实党的路线方针政策方面
1.学习贯彻不深入。整改情况:已完成。局党组修订了学习制度,开展集中学习8次。
2.落实河长制工作不到位。整改情况:正在整改。整改措施:一是开展河道专项行动;二是建立巡河督查通报制度。整改时限:2022年6月底前。
(二)关于全面从严治党方面
3.违规发放津贴补贴。整改状态:已完成。清退违规发放的补贴资金3.26万元,已全部上缴县财政。
4.公务用车管理不规范,整改情况:已完成(the label after a comma is part of the problem).
"""


def _findings() -> list[Finding]:
    notice: Notice = parse_text(TEXT, Locator(TEXT))
    return [finding for _, finding in notice.iter_findings()]


def test_the_problem_ends_at_the_first_run_in_label() -> None:
    first, second, third, fourth = _findings()
    assert first.problem.text == "学习贯彻不深入。"
    assert second.problem.text == "落实河长制工作不到位。"
    assert third.problem.text == "违规发放津贴补贴。"
    assert fourth.problem.text.startswith("公务用车管理不规范,整改情况")  # only after a sentence end


def test_run_in_labels_give_blocks_and_statuses() -> None:
    first, second, third, fourth = _findings()
    assert first.status is not None and (first.status.kind.value, first.status.phrase) == ("closed", "已完成")
    assert [(b.kind.value, b.label) for b in first.blocks] == [("situation", "整改情况")]
    assert first.blocks[0].text.startswith("局党组修订了学习制度")
    assert second.status is not None and second.status.kind.value == "ongoing"
    assert [(b.kind.value, b.label) for b in second.blocks] == [("situation", "整改情况"), ("measures", "整改措施")]
    assert [m.text for m in second.blocks[1].measures][:1] == ["开展河道专项行动;"]
    assert [(d.text, d.role.value) for d in second.dates] == [("2022年6月底前", "target")]
    assert third.status is not None and third.status.kind.value == "closed"  # 整改状态: as a status line
    assert fourth.status is None and not fourth.blocks


def test_spans_of_run_in_blocks_point_at_their_labels() -> None:
    second = _findings()[1]
    for block in second.blocks:
        assert block.span is not None and TEXT[block.span.start:].startswith(block.label or "")


def test_summary_status_counts_follow_the_total() -> None:
    notice = parse_text(TEXT, Locator(TEXT))
    claims = [(c.kind.value, c.text, str(c.claimed)) for _, section in notice.iter_sections() for c in section.claims]
    assert ("status_count", "已完成整改3个", "3") in claims  # not "4个问题已完成整改" (4)
    assert ("status_count", "正在整改1个", "1") in claims
    rate = next(c for _, section in notice.iter_sections() for c in section.claims if c.kind.value == "rate")
    assert (rate.numerator, rate.denominator) == (3, 4)


GROUPED = """关于巡视整改进展情况的通报
一、巡视反馈问题的整改落实情况
(一)已完成整改的问题(2个)
1.贯彻落实新发展理念有差距。已完成整改。制定了县域经济高质量发展实施意见。
2.乡村振兴战略推进不力。
(二)正在整改的问题(1个)
3.债务风险化解压力大。整改时限:2022年12月底前。
(三)尚未整改到位的问题
4.历史遗留问题化解不彻底。
"""


def _grouped() -> Notice:
    return parse_text(GROUPED, Locator(GROUPED))


def test_a_status_sentence_after_the_problem_starts_the_blocks() -> None:
    first = next(finding for _, finding in _grouped().iter_findings())
    assert first.problem.text == "贯彻落实新发展理念有差距。"
    assert first.status is not None and (first.status.kind.value, first.status.phrase) == ("closed", "已完成整改")
    assert first.blocks[0].text == "制定了县域经济高质量发展实施意见。"


def test_status_group_headings_without_a_count_in_front() -> None:
    sections = [section for _, section in _grouped().iter_sections()]
    statuses = {section.number: section.status.kind.value if section.status else None for section in sections}
    assert statuses == {"一、": None, "(一)": "closed", "(二)": "ongoing", "(三)": None}  # 尚未…到位: not a status


def test_a_run_in_deadline_is_a_target_not_part_of_the_problem() -> None:
    third = [finding for _, finding in _grouped().iter_findings()][2]
    assert third.problem.text == "债务风险化解压力大。"
    assert [(d.text, d.role.value) for d in third.dates] == [("2022年12月底前", "target")]


LABELLED = """某某镇党委关于巡察反馈问题整改情况的通报
一、关于党的领导弱化方面
问题1:理论学习流于形式。
整改落实情况:已整改到位。镇党委制定理论学习计划,全年开展集中学习12次。
问题2:意识形态工作责任制落实不到位。
整改落实情况:持续整改中。计划于2022年12月底前完成意识形态阵地排查。
二、关于党的建设缺失方面
问题3:党员教育管理不严格。
整改落实情况:已整改到位。
"""


def test_findings_labelled_problem_n() -> None:
    notice = parse_text(LABELLED, Locator(LABELLED))
    assert [section.number for section in notice.sections] == ["一、", "二、"]
    findings = [finding for _, finding in notice.iter_findings()]
    assert [(f.number, f.ordinal, f.problem.text) for f in findings] == [
        ("问题1:", 1, "理论学习流于形式。"), ("问题2:", 2, "意识形态工作责任制落实不到位。"),
        ("问题3:", 3, "党员教育管理不严格。")]
    assert [f.status.kind.value if f.status else None for f in findings] == ["closed", "ongoing", "closed"]
    assert not notice.warnings


@pytest.mark.parametrize(("printed", "kind"), [
    ("已整改", "closed"), ("已整改完毕", "closed"), ("已全部完成", "closed"), ("已落实", "closed"),
    ("立行立改", "closed"), ("阶段性完成", "mostly_closed"), ("正在推进", "ongoing"), ("未完成", "ongoing"),
    ("需长期坚持", "long_term"), ("已按期完成", "closed"), ("已办结销号", "closed"), ("已完成销号", "closed"),
])
def test_status_wordings(printed: str, kind: str) -> None:
    text = f"关于巡察整改情况的通报\n一、整改情况\n1.财务管理不规范。\n整改情况:{printed}。建立了财务制度。\n"
    ((_, finding),) = list(parse_text(text, Locator(text)).iter_findings())
    assert finding.status is not None and (finding.status.kind.value, finding.status.phrase) == (kind, printed)


@pytest.mark.parametrize(("line", "problem", "kind", "first_block"), [
    ("1.学前教育资源配置不均衡【已完成】。新建公办幼儿园4所。(整改时限:2023年10月底)",
     "学前教育资源配置不均衡", "closed", "新建公办幼儿园4所。"),
    ("1.教育经费使用效益不高(正在整改)。已完成绩效评价。", "教育经费使用效益不高", "ongoing", "已完成绩效评价。"),
    ("1.“双减”政策落实不够到位[已完成]新建制度3项。", "“双减”政策落实不够到位", "closed", "新建制度3项。"),
    ("1.师德师风建设存在薄弱环节（需长期坚持）,制定负面清单。", "师德师风建设存在薄弱环节", "long_term",
     "制定负面清单。"),
])
def test_a_bracketed_status_after_the_problem(line: str, problem: str, kind: str, first_block: str) -> None:
    text = f"关于巡察整改情况的通报\n一、整改情况\n{line}\n"
    ((_, finding),) = list(parse_text(text, Locator(text)).iter_findings())
    assert finding.problem.text == problem
    assert finding.status is not None and finding.status.kind.value == kind
    assert text[finding.status.span.start:finding.status.span.end] == finding.status.phrase  # inside the brackets
    assert finding.blocks[0].text.startswith(first_block)


@pytest.mark.parametrize(("line", "problem", "kind", "first_block"), [
    ("1.生态保护责任落实不到位——已完成", "生态保护责任落实不到位", "closed", ""),
    ("1.生态保护责任落实不到位—正在整改。开展林地清查。", "生态保护责任落实不到位", "ongoing", "开展林地清查。"),
    ("1.林地管理不规范 -- 已整改到位", "林地管理不规范", "closed", ""),
])
def test_a_status_after_a_dash_that_ends_the_problem(line: str, problem: str, kind: str, first_block: str) -> None:
    text = f"关于巡察整改情况的通报\n一、整改情况\n{line}\n"
    ((_, finding),) = list(parse_text(text, Locator(text)).iter_findings())
    assert finding.problem.text == problem
    assert finding.status is not None and finding.status.kind.value == kind
    assert text[finding.status.span.start:finding.status.span.end] == finding.status.phrase
    assert (finding.blocks[0].text or "") == first_block


@pytest.mark.parametrize("line", [
    "1.林地管理不规范——以某某林场为例",  # no status after the dash
    "1.林地管理不规范——已完成的清查未建台账",  # a phrase that runs on: not the finding's status
])
def test_dashes_that_set_off_no_status(line: str) -> None:
    text = f"关于巡察整改情况的通报\n一、整改情况\n{line}\n"
    ((_, finding),) = list(parse_text(text, Locator(text)).iter_findings())
    assert finding.status is None
    assert finding.problem.text == line[2:]


@pytest.mark.parametrize("line", [
    "1.制度建设滞后。建立制度5项(已完成),另有2项(正在推进)。",  # after the first sentence: parts of the work
    "1.【已完成】制度建设滞后。",  # no words of the problem before it
    "1.制度建设滞后(已完成整改的部分除外)。",  # not only a status phrase
])
def test_brackets_that_are_no_status_of_the_finding(line: str) -> None:
    text = f"关于巡察整改情况的通报\n一、整改情况\n{line}\n"
    ((_, finding),) = list(parse_text(text, Locator(text)).iter_findings())
    assert finding.status is None


@pytest.mark.parametrize(("rectification", "kind", "phrase"), [
    ("开展专项检查,立案查处18起。目前,该问题已整改到位。", "closed", "已整改到位"),
    ("修订执法程序规定。目前已整改完成。", "closed", "已整改完成"),
    ("建立监管台账。目前,该问题正在整改中,计划于2023年9月底前完成。", "ongoing", "正在整改中"),
    ("开展作风建设专项活动。该问题将长期坚持整改。", "long_term", "长期坚持"),
    ("截至目前,该项问题已基本完成。下一步将巩固成果。", "mostly_closed", "已基本完成"),
    ("修订执法程序规定,开展培训2次。已完成整改。", "closed", "已完成整改"),  # a sentence of the phrase alone
    ("建立台账。整改完成", "closed", "整改完成"),
    ("修订制度5项。正在整改,计划2024年6月底前完成。", "ongoing", "正在整改"),  # the phrase, then its deadline
])
def test_a_status_sentence_after_what_was_done(rectification: str, kind: str, phrase: str) -> None:
    text = f"关于巡察整改情况的通报\n一、整改情况\n(一)关于执法办案不规范的问题\n{rectification}\n"
    ((_, finding),) = list(parse_text(text, Locator(text)).iter_findings())
    assert finding.status is not None and (finding.status.kind.value, finding.status.phrase) == (kind, phrase)
    assert text[finding.status.span.start:finding.status.span.end] == phrase


@pytest.mark.parametrize("rectification", [
    "目前已完成对全镇住房安全的再一次排查。",  # what was done, not the finding's status
    "目前,正在与相关企业洽谈农村污水治理设施建设。",
    "目前已办理完成64件,其中立案调查12件。",
    "现将整改情况报告如下。已完成3项。",  # no lead word or subject before the later status words
    "已完成培训2期,正在整改中的还有3项。",  # status words inside a sentence of work
])
def test_sentences_of_work_done_are_no_status(rectification: str) -> None:
    text = f"关于巡察整改情况的通报\n一、整改情况\n(一)关于执法办案不规范的问题\n{rectification}\n"
    ((_, finding),) = list(parse_text(text, Locator(text)).iter_findings())
    assert finding.status is None


def test_a_closing_status_sentence_in_a_one_paragraph_finding() -> None:
    text = "关于巡察整改情况的通报\n一、整改情况\n1.执法办案不规范。修订执法程序规定,组织培训2次。目前已整改完成。\n"
    ((_, finding),) = list(parse_text(text, Locator(text)).iter_findings())
    assert finding.problem.text.startswith("执法办案不规范。")  # no label: the paragraph stays the problem
    assert finding.status is not None and finding.status.phrase == "已整改完成"


def test_a_problem_sentence_saying_it_is_not_yet_fixed_gives_no_status() -> None:
    text = "关于巡察整改情况的通报\n一、整改情况\n1.目前仍未整改到位的问题较多。修订执法程序规定。\n"
    ((_, finding),) = list(parse_text(text, Locator(text)).iter_findings())
    assert finding.status is None


@pytest.mark.parametrize(("heading", "problem", "deadline"), [
    ("1.财务管理不规范（整改时限：2024年6月底）", "财务管理不规范（整改时限：2024年6月底）", "2024年6月底"),
    ("1.档案管理不规范（责任单位：办公室；完成时限：2024年3月）",
     "档案管理不规范（责任单位：办公室；完成时限：2024年3月）", "2024年3月"),
])
def test_a_deadline_annotated_in_brackets_on_the_problem_line(heading: str, problem: str, deadline: str) -> None:
    """The bracket is the finding's own annotation: its deadline is a target (not a date the problem
    describes), and a label inside it does not cut the problem."""
    text = (f"关于巡察整改情况的通报\n发布时间:2023-11-10\n一、整改情况\n{heading}\n"
            "整改情况:正在整改。已完成账务清理。\n")
    ((_, finding),) = list(parse_text(text, Locator(text)).iter_findings())
    assert finding.problem.text == problem
    assert [(d.text, d.role.value) for d in finding.dates] == [(deadline, "target")]


def test_a_deadline_the_problem_describes_stays_other() -> None:
    text = ("关于巡察整改情况的通报\n发布时间:2023-11-10\n一、整改情况\n"
            "1.上轮巡察整改时限为2019年底,至今未完成。\n整改情况:正在整改。已完成账务清理。\n")
    ((_, finding),) = list(parse_text(text, Locator(text)).iter_findings())
    assert [(d.text, d.role.value) for d in finding.dates] == [("2019年底", "other")]


PROGRESS = """中共某某市委关于巡视整改进展情况的通报
发布时间:2024-01-10
二、聚焦反馈问题,确保整改任务落地见效
(一)关于全面从严治党方面
1.针对生态环境保护存在短板的问题。完成12条黑臭水体治理。目前正在持续整改,计划2024年6月底前全面完成。
2.针对基层“微腐败”问题仍然易发多发的问题,开展集中整治,清退资金85.2万元,已全部退还群众。该问题已整改完成。
3.针对选人用人问题。
4.针对性不强的问题仍然存在。关于培训的问题已整改到位。
"""


def test_a_finding_that_opens_by_naming_its_problem() -> None:
    """``1.针对…的问题。…`` (巡视整改进展 notices): the problem is the lead, the rest of the paragraph what was
    done, so its dates are the rectification's (a deadline there is a target, not the problem's)."""
    first, second, third, fourth = [finding for _, finding in parse_text(PROGRESS, Locator(PROGRESS)).iter_findings()]
    assert first.problem.text == "针对生态环境保护存在短板的问题。"
    assert [(b.kind.value, b.label) for b in first.blocks] == [("situation", None)]
    assert first.status is not None and (first.status.kind.value, first.status.phrase) == ("ongoing", "正在持续整改")
    assert [(d.text, d.role.value) for d in first.dates] == [("2024年6月底前", "target")]
    assert second.problem.text.startswith("针对基层“微腐败”问题仍然易发多发的问题")  # the first 问题 before a mark
    assert second.blocks[0].text.startswith("开展集中整治")
    assert second.status is not None and second.status.kind.value == "closed"
    assert third.problem.text == "针对选人用人问题。" and not third.blocks  # nothing after the lead
    assert fourth.problem.text.startswith("针对性不强的问题仍然存在。关于培训")  # 问题 does not end a clause


@pytest.mark.parametrize(("heading", "kind", "phrase"), [
    ("(二)已取得阶段性成效,列入长期整改的2个问题", "long_term", "列入长期整改"),  # ganxian: the one before 的问题
    ("(一)已基本整改到位的7个问题", "mostly_closed", "已基本整改到位"),
    ("(三)正在推进中的问题(3个)", "ongoing", "正在推进中"),
])
def test_a_group_heading_s_status_is_the_phrase_before_its_problems(heading: str, kind: str, phrase: str) -> None:
    text = f"二、整改落实情况\n{heading}\n1.问题甲。建立了制度。\n"
    (_, section), = [(path, s) for path, s in parse_text(text, Locator(text)).iter_sections() if s.number != "二、"]
    assert section.status is not None and (section.status.kind.value, section.status.phrase) == (kind, phrase)


@pytest.mark.parametrize(("printed", "kind", "phrase"), [
    ("正在推进中。", "ongoing", "正在推进中"), ("正在落实中。", "ongoing", "正在落实中"),
    ("未整改完成。", "ongoing", "未整改完成"), ("部分完成,", "ongoing", "部分完成"),
    ("已基本整改。", "mostly_closed", "已基本整改"), ("已初步完成。", "mostly_closed", "已初步完成"),
    ("已取得阶段性成效。", "mostly_closed", "已取得阶段性成效"),
    ("已全部整改到位。", "closed", "已全部整改到位"), ("已完成整改并销号。", "closed", "已完成整改并销号"),
    ("已经完成。", "closed", "已经完成"), ("已按要求完成整改。", "closed", "已按要求完成整改"),
    ("需要长期坚持。", "long_term", "需要长期坚持"), ("长期坚持、持续整改。", "long_term", "长期坚持"),  # 、 ends it
    ("已落实到位。", "closed", "已落实到位"), ("已全部办结。", "closed", "已全部办结"),
    ("整改已到位。", "closed", "整改已到位"), ("已办结并销号。", "closed", "已办结并销号"),
    ("整改基本完成。", "mostly_closed", "整改基本完成"),
    ("正在有序推进。", "ongoing", "正在有序推进"), ("按计划推进。", "ongoing", "按计划推进"),
    ("尚在整改中。", "ongoing", "尚在整改中"), ("已纳入长期整改。", "long_term", "已纳入长期整改"),
    # the phrase, then what it is of: 整改任务, 整改, 任务 or 中
    ("已完成整改任务。", "closed", "已完成整改"), ("已基本完成整改。", "mostly_closed", "已基本完成"),
    ("长期坚持整改。", "long_term", "长期坚持"), ("正在整改落实中。", "ongoing", "正在整改落实"),
    ("已完结。", "closed", "已完结"), ("立行立改已完成。", "closed", "立行立改已完成"),
    ("已达到整改要求。", "closed", "已达到整改要求"), ("常态化推进。", "long_term", "常态化推进"),
    ("已按期完成整改。", "closed", "已按期完成"), ("已如期完成。", "closed", "已如期完成"),
])
def test_status_wordings_opening_a_block(printed: str, kind: str, phrase: str) -> None:
    text = f"一、问题整改情况\n1.制度不健全。整改情况:{printed}建立了制度。\n"
    (finding,) = [finding for _, finding in parse_text(text, Locator(text)).iter_findings()]
    assert finding.status is not None and (finding.status.kind.value, finding.status.phrase) == (kind, phrase)


@pytest.mark.parametrize(("printed", "phrase"), [
    ("已于2023年10月底完成整改", "已完成整改"), ("已于9月整改到位", "已整改到位"),
    ("已于2023年10月20日前全部完成整改", "已完成整改"), ("已于2023年10月办结", "已办结"),
    ("已于2023年10月按期完成整改", "已按期完成"), ("已于10月按时完成", "已按时完成"),
    ("已于2023年10月如期完成整改", "已如期完成"),
])
def test_a_status_with_its_date_inside_opening_a_block(printed: str, phrase: str) -> None:
    text = f"一、问题整改情况\n1.制度不健全。整改情况:{printed}。建立了制度。\n"
    (finding,) = [finding for _, finding in parse_text(text, Locator(text)).iter_findings()]
    assert finding.status is not None and (finding.status.kind.value, finding.status.phrase) == ("closed", phrase)
    assert finding.status.span is not None and text[finding.status.span.start:finding.status.span.end] == printed
    assert [(date.role.value) for date in finding.dates] == ["completed"]


@pytest.mark.parametrize(("printed", "phrase"), [
    ("该问题已销号", "已销号"), ("此问题已整改到位", "已整改到位"), ("该项工作正在推进", "正在推进"),
    ("整改已完成", "整改已完成"), ("该问题已于2023年10月完成整改", "已完成整改"),
    ("该问题已于2023年10月按期完成整改", "已按期完成"),
])
def test_a_status_with_the_problem_as_subject_opening_a_block(printed: str, phrase: str) -> None:
    text = f"一、问题整改情况\n1.制度不健全。整改情况:{printed}。建立了制度。\n"
    (finding,) = [finding for _, finding in parse_text(text, Locator(text)).iter_findings()]
    assert finding.status is not None and finding.status.phrase == phrase


LABELLED_FIELDS = """一、关于贯彻落实决策部署方面
问题一:国土空间规划编制进度滞后。整改措施:加快推进规划编制;整改时限:2024年6月底;整改进展:整改已完成。
问题二:违规收取登记费用。整改措施:清理收费项目;整改时限:2024年1月底;责任领导:分管副局长;整改进展:正在整改。
"""


def test_labelled_problems_with_their_fields_run_into_one_line_are_findings() -> None:
    """问题一: numbers a finding, whatever words its problem uses; the fields after ; are read as lines."""
    notice = parse_text(LABELLED_FIELDS, Locator(LABELLED_FIELDS))
    findings = [finding for _, finding in notice.iter_findings()]
    assert [(f.number, f.problem.text if f.problem else None) for f in findings] == [
        ("问题一:", "国土空间规划编制进度滞后。"), ("问题二:", "违规收取登记费用。")]
    assert [f.status.kind.value if f.status else None for f in findings] == ["closed", "ongoing"]
    assert [[block.label for block in f.blocks] for f in findings] == [["整改措施", "整改进展"]] * 2
    assert [[(d.text, d.role.value) for d in f.dates] for f in findings] == [
        [("2024年6月底", "target")], [("2024年1月底", "target")]]


@pytest.mark.parametrize("text", [
    "一、整改进展情况\n1.问题描述:财务报销不规范。\n整改措施:规范报销流程。\n整改进展:已完成。\n",
    "一、整改进展情况\n问题描述:财务报销不规范。\n整改措施:规范报销流程。\n整改进展:已完成。\n",
    "一、整改进展情况\n1.【问题表现】财务报销不规范。\n整改措施:规范报销流程。\n整改进展:已完成。\n",
])
def test_a_problem_label_is_not_part_of_the_problem(text: str) -> None:
    (finding,) = [finding for _, finding in parse_text(text, Locator(text)).iter_findings()]
    assert finding.problem is not None and finding.problem.text == "财务报销不规范。"
    assert finding.status is not None and finding.status.phrase == "已完成"


@pytest.mark.parametrize("printed", [
    "已于2023年10月底完成整改工作部署", "已于近期完成整改", "已于2023年10月召开专题会议",
])
def test_dated_wordings_that_are_no_status(printed: str) -> None:
    text = f"一、问题整改情况\n1.制度不健全。整改情况:{printed}。建立了制度。\n"
    (finding,) = [finding for _, finding in parse_text(text, Locator(text)).iter_findings()]
    assert finding.status is None


SUB_POINTS = """一、贯彻落实党的路线方针政策方面
1.乡村振兴工作推进不力。
（1）产业发展规划不科学。整改情况：已完成。重新修订产业发展规划。
（2）村集体经济薄弱。整改情况：正在整改。计划2024年底前实现村集体经济收入达到10万元以上。
2.安全生产监管存在漏洞。
（1）隐患排查不彻底。整改情况：已完成。
（2）应急演练流于形式。整改情况：已基本完成。
3.财务管理不规范。
（1）报销审核不严。整改情况：已完成。
（2）票据管理混乱。已建立票据台账。
4.问题表述。
（1）表现一。
（2）表现二。
整改情况：已完成。
"""


def test_a_finding_whose_sub_points_each_state_a_status_is_as_done_as_the_least_done() -> None:
    """``1.主题。`` with ``(1)…整改情况:已完成。`` and ``(2)…整改情况:正在整改。``: the finding is ongoing (its
    deadline is read as a target); unless every sub-point states a status, the finding has none; sub-points
    that describe the problem before a shared label are unchanged."""
    first, second, third, fourth = [f for _, f in parse_text(SUB_POINTS, Locator(SUB_POINTS)).iter_findings()]
    assert first.status is not None and (first.status.kind.value, first.status.phrase) == ("ongoing", "正在整改")
    assert SUB_POINTS[first.status.span.start:first.status.span.end] == "正在整改"  # the sub-point's phrase
    assert [(d.text, d.role.value) for d in first.dates] == [("2024年底前", "target")]
    assert second.status is not None and second.status.kind.value == "mostly_closed"
    assert third.status is None  # (2) states none
    assert fourth.status is not None and fourth.status.kind.value == "closed"
    assert fourth.problem.text.startswith("问题表述。")


@pytest.mark.parametrize(("sentence", "kind", "phrase"), [
    ("截至目前，已全部整改完毕。", "closed", "已全部整改完毕"),
    ("目前，该项工作已全面完成。", "closed", "已全面完成"),  # 该项工作 as the subject
    ("该问题已于2023年9月整改到位。", "closed", "整改到位"),  # a date between 已于 and the phrase
    ("该问题已于9月底整改完成。", "closed", "整改完成"),
    ("目前仍在持续整改中。", "ongoing", "持续整改中"),
    ("截至2023年11月底，该问题已整改到位。", "closed", "已整改到位"),  # 截至 a date as the lead
    ("该问题整改已完成。", "closed", "已完成"),
    ("目前已完成对全县的排查。", None, None),  # narrative: the phrase does not end the clause
    ("截至2023年底，共清退资金5万元。", None, None),
])
def test_status_sentences_after_the_work(sentence: str, kind: str | None, phrase: str | None) -> None:
    text = f"一、问题整改情况\n1.制度不健全。局党组修订了制度，开展培训2次。{sentence}\n"
    (finding,) = [finding for _, finding in parse_text(text, Locator(text)).iter_findings()]
    read = (finding.status.kind.value, finding.status.phrase) if finding.status else (None, None)
    assert read == (kind, phrase)


PAREN_RUN_IN = """一、关于党的领导方面
（一）理论学习不深入。整改情况：已完成。制定学习计划。
（二）食堂管理混乱。整改情况：正在整改。计划于2023年12月底前完成。
二、整改措施
（一）下一步，持续巩固整改成果。
"""


def test_a_leaf_heading_with_a_run_in_label_is_a_finding() -> None:
    """(一)…。整改情况:… is a finding whatever words its problem uses, like 1. or a label on the next line;
    a leaf heading with no block label stays a section."""
    notice = parse_text(PAREN_RUN_IN, Locator(PAREN_RUN_IN))
    findings = [finding for _, finding in notice.iter_findings()]
    assert [(f.number, f.status.phrase if f.status else None) for f in findings] == [
        ("（一）", "已完成"), ("（二）", "正在整改")]
    assert [[(d.text, d.role.value) for d in f.dates] for f in findings] == [[], [("2023年12月底前", "target")]]
    assert [child.number for child in notice.sections[1].sections] == ["（一）"]


@pytest.mark.parametrize(("label", "kind"), [
    ("落实情况", "situation"), ("整改落实", "situation"), ("整改完成情况", "situation"), ("进展情况", "situation"),
    ("目前进展", "situation"), ("推进情况", "situation"), ("办理情况", "situation"), ("处理情况", "situation"),
    ("整改工作情况", "situation"), ("整改成果", "results"), ("整改效果", "results"),
])
@pytest.mark.parametrize("layout", ["next line", "run in"])
def test_block_labels_drafts_use(label: str, kind: str, layout: str) -> None:
    """A finding numbered （一） is one whether its label is on the next line or run into its own."""
    gap = "\n" if layout == "next line" else ""
    text = f"一、关于党建方面\n（一）理论学习流于形式。{gap}{label}:已完成。制定学习计划。\n"
    (finding,) = [finding for _, finding in parse_text(text, Locator(text)).iter_findings()]
    assert finding.status is not None and finding.status.phrase == "已完成"
    assert [(block.label, block.kind.value) for block in finding.blocks] == [(label, kind)]


@pytest.mark.parametrize("label", ["整改举措", "具体措施"])
def test_measure_labels_drafts_use(label: str) -> None:
    text = f"一、关于党建方面\n（一）理论学习流于形式。\n{label}:制定学习计划。\n整改情况:已完成。\n"
    (finding,) = [finding for _, finding in parse_text(text, Locator(text)).iter_findings()]
    assert [(block.label, block.kind.value) for block in finding.blocks] == [(label, "measures"),
                                                                            ("整改情况", "situation")]
    assert finding.status is not None and finding.status.phrase == "已完成"


def test_a_status_line_alone_makes_a_finding() -> None:
    text = "一、关于党建方面\n（一）理论学习流于形式。\n完成情况:已完成。\n"
    (finding,) = [finding for _, finding in parse_text(text, Locator(text)).iter_findings()]
    assert finding.status is not None and finding.status.phrase == "已完成"


@pytest.mark.parametrize("line", [
    "1.理论学习不深入。【整改情况】已完成。制定学习计划。",
    "1.理论学习不深入【整改情况】已完成。制定学习计划。",  # right after the problem
    "1.理论学习不深入。【整改情况】:已完成。制定学习计划。",
])
def test_a_bracketed_label_run_into_the_finding_s_line(line: str) -> None:
    text = f"一、关于党建方面\n{line}\n"
    (finding,) = [finding for _, finding in parse_text(text, Locator(text)).iter_findings()]
    assert finding.problem is not None and finding.problem.text.rstrip("。") == "理论学习不深入"
    assert finding.status is not None and finding.status.phrase == "已完成"
    assert [block.label for block in finding.blocks] == ["整改情况"]


def test_every_run_in_label_holds_one_of_the_words_that_let_a_paragraph_be_scanned() -> None:
    assert all(any(word in label for word in RUN_IN_LABEL_WORDS) for label in RUN_IN_LABELS)


@pytest.mark.parametrize(("printed", "kind", "phrase"), [
    # a time or the work before the phrase
    ("目前已整改到位", "closed", "已整改到位"), ("截至目前,已完成整改", "closed", "已完成整改"),
    ("现已完成整改", "closed", "已完成整改"), ("该项已完成", "closed", "已完成"),
    ("整改工作已全面完成", "closed", "已全面完成"),
    # an adverb after 已
    ("已全部整改完成", "closed", "已整改完成"), ("整改已全部完成", "closed", "整改已完成"),
    # a closing step after the phrase
    ("已完成整改销号", "closed", "已完成整改"), ("已整改完毕并通过验收", "closed", "已整改完毕"),
    ("已完成整改并通过县纪委验收销号", "closed", "已完成整改"),
    # the phrase without its 已
    ("完成整改", "closed", "已完成整改"), ("取得阶段性成效", "mostly_closed", "已取得阶段性成效"),
])
def test_status_wordings_around_a_phrase_opening_a_block(printed: str, kind: str, phrase: str) -> None:
    text = f"一、问题整改情况\n1.制度不健全。\n整改情况:{printed}。建立了制度。\n"
    (finding,) = [finding for _, finding in parse_text(text, Locator(text)).iter_findings()]
    assert finding.status is not None and (finding.status.kind.value, finding.status.phrase) == (kind, phrase)
    assert finding.status.span is not None
    assert printed.endswith(text[finding.status.span.start:finding.status.span.end])


@pytest.mark.parametrize("printed", [
    "落实整改责任", "落实整改", "完成率达到100%", "完成整改方案制定", "目前正在排查", "已全部整改完成情况不清",
    "整改工作已全面完成部署",
])
def test_wordings_around_a_phrase_that_state_no_status(printed: str) -> None:
    text = f"一、问题整改情况\n1.制度不健全。\n整改情况:{printed}。建立了制度。\n"
    (finding,) = [finding for _, finding in parse_text(text, Locator(text)).iter_findings()]
    assert finding.status is None


def test_a_time_before_the_phrase_of_a_results_block_states_no_status() -> None:
    """整改成效:目前已整改到位 tells how the work turned out; only a situation block's time lead is a status."""
    text = "一、问题整改情况\n1.制度不健全。\n整改措施:建立制度。\n整改成效:目前已整改到位。\n"
    (finding,) = [finding for _, finding in parse_text(text, Locator(text)).iter_findings()]
    assert finding.status is None


PAREN_FINDINGS = """一、反馈问题具体整改情况
（一）贯彻落实方针政策方面
(1)低保动态管理不到位。已整改到位。清退不符合条件对象42户。
(2)特困供养审核把关不严。已整改到位。规范审批流程。
(3)养老服务设施利用率低。正在按时序推进。剩余3个计划于2023年12月底前投入运营。
（二）全面从严治党方面
(1)违规发放福利费。已整改到位。清退福利费6.5万元，已上缴国库。
(2)社会组织监管缺位。整改情况：已完成。注销47家。
"""


def test_sub_point_numbers_under_a_section_with_statuses_of_their_own_are_findings() -> None:
    """(1)… right under （一）…方面, each with its status sentence or label: the findings of that section."""
    notice = parse_text(PAREN_FINDINGS, Locator(PAREN_FINDINGS))
    findings = [finding for _, finding in notice.iter_findings()]
    assert [(f.number, f.problem.text if f.problem else None, f.status.kind.value if f.status else None)
            for f in findings] == [
        ("(1)", "低保动态管理不到位。", "closed"), ("(2)", "特困供养审核把关不严。", "closed"),
        ("(3)", "养老服务设施利用率低。", "ongoing"), ("(1)", "违规发放福利费。", "closed"),
        ("(2)", "社会组织监管缺位。", "closed")]
    assert findings[2].status is not None and findings[2].status.phrase == "按时序推进"
    assert [(d.text, d.role.value) for d in findings[2].dates] == [("2023年12月底前", "target")]
    assert not notice.warnings


def test_sub_point_numbers_under_a_section_without_a_status_stay_headings() -> None:
    text = "一、反馈问题具体整改情况\n（一）方针政策方面\n(1)低保动态管理不到位。\n(2)特困供养审核把关不严。\n"
    assert [f.number for _, f in parse_text(text, Locator(text)).iter_findings()] == []


def test_zhengzai_before_a_phrase_that_does_not_hold_it_opens_a_block() -> None:
    text = "一、问题整改情况\n1.制度不健全。\n整改情况:正在按时序推进。计划2024年6月底前完成。\n"
    (finding,) = [finding for _, finding in parse_text(text, Locator(text)).iter_findings()]
    assert finding.status is not None
    assert (finding.status.kind.value, finding.status.phrase) == ("ongoing", "按时序推进")


def test_a_section_numbered_item_with_a_status_sentence_is_a_finding() -> None:
    """（一）问题。阶段性完成。… with no label: the status sentence makes it a finding, as for 1.…"""
    text = ("一、反馈问题整改情况\n（一）村级集体经济发展不平衡。阶段性完成。已制定扶持方案。\n"
            "（二）财务管理不规范。已完成整改。清退违规发放补贴5.6万元，已上缴镇财政。\n")
    findings = [finding for _, finding in parse_text(text, Locator(text)).iter_findings()]
    assert [(f.number, f.status.kind.value if f.status else None) for f in findings] == [
        ("（一）", "mostly_closed"), ("（二）", "closed")]
    assert [(m.text, m.destination.text if m.destination else None) for m in findings[1].money] == [
        ("5.6万元", "上缴镇财政")]


def test_a_status_word_late_in_a_long_heading_paragraph_makes_no_finding() -> None:
    text = "一、总体情况\n县委高度重视巡察整改工作。召开专题会议部署整改工作。已完成整改。\n二、下一步打算\n"
    assert [f.number for _, f in parse_text(text, Locator(text)).iter_findings()] == []


def test_a_recovery_word_in_the_problem_statement_is_no_recovery() -> None:
    """罚没款收缴管理不严格 names the problem: no amount-less recovery (money-recovered-amount-missing) from it."""
    text = "一、反馈问题整改情况\n1.罚没款收缴管理不严格。整改情况：已完成。追缴罚没款86.4万元，已缴入县国库。\n"
    (finding,) = [finding for _, finding in parse_text(text, Locator(text)).iter_findings()]
    assert [(m.text, m.amount is not None) for m in finding.money] == [("86.4万元", True)]
