"""Segmentation on small synthetic notices: tree, findings vs measures, statuses, warnings."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.model import Notice, StatusKind, effective_status
from engine.parsing import parse_text
from engine.parsing.assemble import segment
from engine.parsing.boilerplate import is_chrome_line
from engine.parsing.coverage import coverage
from engine.spans import Locator


def parse(text: str) -> Notice:
    return parse_text(text, Locator(text))


def numbers(notice: Notice) -> list[str | None]:
    return [finding.number for _, finding in notice.iter_findings()]


def test_status_per_finding_and_measures() -> None:
    notice = parse(
        "中共某县委关于巡察整改情况的通报\n"
        "一、关于“站位不高”方面\n"
        "1.学习不深。\n"
        "整改情况:该项已办结。一是强化学习。二是完善制度。\n"
        "2.推进不力。\n"
        "整改情况:该项持续整改中。下一步,一是加快进度;二是加强督导。\n"
    )
    assert notice.title is not None and notice.issuer is not None
    assert notice.issuer.text == "中共某县委"
    findings = [f for _, f in notice.iter_findings()]
    assert [f.status.kind if f.status else None for f in findings] == [StatusKind.closed, StatusKind.ongoing]
    assert [f.status.phrase if f.status else None for f in findings] == ["该项已办结", "该项持续整改中"]
    block = findings[1].blocks[0]
    assert block.label == "整改情况" and block.text == "下一步,"
    assert [m.marker.text for m in block.measures if m.marker] == ["一是", "二是"]
    assert block.measures[0].text == "加快进度;"


def test_status_per_group_heading_and_restart() -> None:
    notice = parse(
        "一、严查实改\n"
        "(一)已基本整改到位的2个问题\n"
        "1.问题甲。\n整改措施:(1)措施一。(2)措施二。\n整改成效:目前已整改到位。\n"
        "2.问题乙。\n整改措施:措施。\n"
        "(二)列入长期整改的1个问题\n"
        "1.问题丙。\n整改措施:(1)措施一。(2)措施二。\n"
    )
    assert notice.warnings == []
    groups = notice.sections[0].sections
    assert [g.status.kind if g.status else None for g in groups] == [StatusKind.mostly_closed, StatusKind.long_term]
    assert numbers(notice) == ["1.", "2.", "1."]
    kinds = [effective_status(f, chain) for chain, f in notice.iter_findings()]
    assert kinds == [StatusKind.mostly_closed, StatusKind.mostly_closed, StatusKind.long_term]
    first = groups[0].findings[0]
    assert [b.label for b in first.blocks] == ["整改措施", "整改成效"]
    assert first.status is None  # "目前已整改到位" is narrative, not a status line


def test_status_line_opening_a_later_block() -> None:
    notice = parse("一、问题\n1.问题甲。\n整改措施:(1)措施一。(2)措施二。\n整改情况:已完成整改。\n")
    finding = notice.sections[0].findings[0]
    assert finding.status is not None and finding.status.phrase == "已完成整改"
    assert finding.blocks[1].text == ""


def test_duplicate_number_keeps_the_finding_and_warns() -> None:
    notice = parse(
        "一、共性问题\n(一)责任不到位\n"
        "1.力度弱化。\n整改情况\n一是强化领导。二是压实责任。\n"
        "1. 帮扶不到位。\n整改情况\n一是开展行动。二是加大力度。\n"
        "3.档案不规范。\n整改情况\n一是清理。二是核查。\n"
    )
    assert numbers(notice) == ["1.", "1.", "3."]
    assert [w.code for w in notice.warnings] == ["numbering-duplicate"]
    assert [f.ordinal for _, f in notice.iter_findings()] == [1, 1, 3]


def test_gap_warns() -> None:
    notice = parse("一、问题\n1.甲。\n整改情况:已完成。\n3.丙。\n整改情况:已完成。\n")
    assert numbers(notice) == ["1.", "3."]
    assert [w.code for w in notice.warnings] == ["numbering-gap"]


def test_numbered_list_inside_block_is_measures() -> None:
    notice = parse(
        "三、个性问题\n根据检查,涉及个性问题2个:\n"
        "(一)项目库不扎实。\n整改情况\n一是加强领导。\n  1. 制定方案。\n  2. 筛查对象。\n二是全面排查。\n"
        "(二)合作社分红。\n整改情况\n一是完善政策。二是从严整改。\n"
    )
    section = notice.sections[0]
    assert section.text == "根据检查,涉及个性问题2个:"
    assert [f.number for f in section.findings] == ["(一)", "(二)"]
    measures = section.findings[0].blocks[0].measures
    assert [m.marker.text for m in measures if m.marker] == ["一是", "二是"]
    assert "1. 制定方案。" in measures[0].text and "2. 筛查对象。" in measures[0].text


def test_numbered_block_labels_are_blocks_not_headings() -> None:
    notice = parse(
        "二、巡察反馈问题整改落实情况\n"
        "(一)“三重一大”制度执行不严。\n(1)整改措施:修订决策制度。\n(2)整改情况:持续整改中,计划于2024年6月底前完成。\n"
        "(二)公务用车管理不严格。\n①整改措施:建立用车台账。\n②整改成效:已完成。\n"
        "三、其他问题\n1)招投标管理不规范。\n(1)整改措施:修订招标办法。\n(2)整改情况:已整改到位。\n"
    )
    assert [len(section.sections) for section in notice.sections] == [0, 0]
    findings = [f for _, f in notice.iter_findings()]
    assert [f.number for f in findings] == ["(一)", "(二)", "1)"]
    assert [[(b.kind.value, b.label) for b in f.blocks] for f in findings] == [
        [("measures", "整改措施"), ("situation", "整改情况")],
        [("measures", "整改措施"), ("results", "整改成效")],
        [("measures", "整改措施"), ("situation", "整改情况")],
    ]
    assert [f.status.phrase if f.status else None for f in findings] == ["持续整改中", "已完成", "已整改到位"]


def test_a_numbered_label_without_a_colon_may_head_a_section() -> None:
    notice = parse("一、整改落实情况\n1.学习不深。\n整改情况:已完成。\n二、整改成效\n全面完成整改。\n")
    assert [section.heading.text if section.heading else None for section in notice.sections] == [
        "整改落实情况", "整改成效"]


def test_findings_numbered_with_a_half_parenthesis() -> None:
    notice = parse("一、问题\n1)甲不到位。\n整改情况:已完成。\n2）乙不到位。\n整改情况:正在整改,2024年6月底前完成。\n")
    assert numbers(notice) == ["1)", "2）"]
    assert [f.status.kind if f.status else None for _, f in notice.iter_findings()] == [
        StatusKind.closed, StatusKind.ongoing]


@pytest.mark.parametrize(("label", "kind"), [("整改情况及成效", "situation"), ("整改措施及成效", "situation"),
                                            ("落实措施", "measures")])
def test_more_block_labels(label: str, kind: str) -> None:
    notice = parse(f"一、问题\n1.资金管理不规范。\n{label}:清退违规资金2万元,已上缴县财政。\n")
    ((_, finding),) = list(notice.iter_findings())
    assert [(block.label, block.kind.value) for block in finding.blocks] == [(label, kind)]


def test_parts_are_the_top_level() -> None:
    notice = parse("第一部分 总体情况\n对反馈的2个问题逐一整改。\n第二部分 整改落实情况\n一、关于作风方面\n"
                   "1.学习不深。\n整改情况:已完成。\n2.纪律松弛。\n整改情况:已完成。\n"
                   "第三部分 下一步打算\n持续巩固成果。\n")
    assert [(s.number, s.heading.text if s.heading else None, s.text) for s in notice.sections] == [
        ("第一部分", "总体情况", "对反馈的2个问题逐一整改。"), ("第二部分", "整改落实情况", ""),
        ("第三部分", "下一步打算", "持续巩固成果。")]
    assert numbers(notice) == ["1.", "2."]
    assert [c.claimed for c in notice.sections[0].claims] == [2]


def test_half_parenthesis_items_in_a_block_are_measures() -> None:
    notice = parse("一、问题\n(一)学习不深。\n整改情况:已完成。\n1)修订学习制度。\n2）开展集中学习12次。\n")
    ((_, finding),) = list(notice.iter_findings())
    assert [(m.marker.text, m.text) for m in finding.blocks[0].measures if m.marker] == [
        ("1)", "修订学习制度。"), ("2）", "开展集中学习12次。")]


def test_bullets_stand_for_lost_markers() -> None:
    notice = parse(
        "• 提高认识\n我镇高度重视。\n"
        "二、共性问题\n(一)甲方面\n1.问题一。\n整改情况\n一是甲。二是乙。\n"
        "• 乙方面\n2.问题二。\n整改情况\n一是甲。二是乙。\n"
        "三、个性问题\n(一)问题三。\n整改情况\n一是甲。二是乙。\n"
    )
    assert [(s.number, s.ordinal) for s in notice.sections] == [("•", 1), ("二、", 2), ("三、", 3)]
    assert [(s.number, s.ordinal) for s in notice.sections[1].sections] == [("(一)", 1), ("•", 2)]
    assert numbers(notice) == ["1.", "2.", "(一)"]
    assert [w.code for w in notice.warnings] == ["heading-marker-lost", "heading-marker-lost"]


def test_run_in_headings_and_unnumbered_findings() -> None:
    notice = parse(
        "(上接一版)落实政策。\n"
        "二、关于政策不到位方面。围绕补短板的问题,①针对危房,改造。②针对搬迁,整改。\n"
        "围绕“产业薄弱”问题,①制定规章。②盘活项目。\n"
        "三、关于监督不到位方面。①开展检查。②加强监管。\n"
        "尽管做了大量工作,但还有一定差距。\n"
        "2020年7月30日"
    )
    assert notice.fragment
    assert notice.published is not None and notice.published.text == "2020年7月30日"
    second, third = notice.sections
    assert second.heading.text == "关于政策不到位方面。"
    assert [f.problem.text for f in second.findings] == ["围绕补短板的问题", "围绕“产业薄弱”问题"]
    assert [f.number for f in second.findings] == [None, None]
    assert second.findings[0].blocks[0].text == ""
    assert len(second.findings[0].blocks[0].measures) == 2
    assert [f.problem.text for f in third.findings] == ["关于监督不到位方面。"]


def test_narrative_section_keeps_text_and_measures() -> None:
    notice = parse("一、明确整改目标\n4月份以来,部里坚持整改。一是层层发动。二是加强领导。\n")
    section = notice.sections[0]
    assert section.findings == []
    assert section.text == "4月份以来,部里坚持整改。"
    assert [m.text for m in section.measures] == ["层层发动。", "加强领导。"]


def test_header_footer_and_chrome() -> None:
    text = (
        "无障碍浏览 长者模式\n首页 >> 公开信息\n\n"
        "某镇关于问题整改情况报告\n"
        "索 引 号:1153-/2021 发布日期:2019年12月30日 文  号: 标  题:某镇关于问题整改情况报告\n"
        "县领导小组办公室:\n"
        "根据要求,现就问题整改情况报告如下:\n"
        "一、问题整改\n1.问题。\n整改情况\n一是甲。二是乙。\n"
        "欢迎监督。联系方式:电话0554-5363431。\n"
        "  中共某县委\n  2021年1月7日\n责任编辑: x\n  • 版权所有:某网站\n"
    )
    result = segment(text, Locator(text))
    notice = result.notice
    assert notice.title is not None and notice.title.text == "某镇关于问题整改情况报告"
    assert notice.addressee is not None and notice.addressee.text == "县领导小组办公室"
    assert notice.source.index_number is not None and notice.source.index_number.text == "1153-/2021"
    assert notice.source.document_number is None
    assert notice.published is not None and notice.published.text == "2019年12月30日"
    assert notice.signature is not None and notice.signature.text == "中共某县委"
    assert notice.signature_date is not None and notice.signature_date.text == "2021年1月7日"
    assert coverage(result).unclassified == []


def test_unrecognised_text_is_reported_by_coverage() -> None:
    text = "一段没有标题的文字。\n另一段文字。"
    result = segment(text, Locator(text))
    assert [w.code for w in result.notice.warnings] == ["text-outside-structure"] * 2 + ["no-structure"]
    report = coverage(result)
    assert report.unclassified_chars == report.total


def test_numbered_problem_subsections_without_labels_are_findings() -> None:
    notice = parse(
        "一、关于党的建设方面\n"
        "(一)理论学习不深入的问题。\n一是开展集中学习。二是建立制度。\n"
        "(二)组织建设薄弱。\n一是整顿支部。二是选派书记。\n"
    )
    assert [f.number for _, f in notice.iter_findings()] == ["(一)", "(二)"]
    assert notice.sections[0].findings[0].problem.text == "理论学习不深入的问题。"
    assert len(notice.sections[0].findings[1].blocks[0].measures) == 2


@pytest.mark.parametrize("heading", ["下一步工作打算", "巩固整改成果的措施", "持续深化整改", "巩固提升整改成效"])
def test_numbered_plans_are_measures_not_findings(heading: str) -> None:
    notice = parse(
        "一、关于问题方面\n1.问题甲。\n整改情况:已完成。\n"
        f"二、{heading}\n1.持续抓好整改。\n2.建立长效机制。\n"
    )
    assert [f.number for _, f in notice.iter_findings()] == ["1."]
    plans = notice.sections[1]
    assert [m.marker.text for m in plans.measures if m.marker] == ["1.", "2."]
    assert plans.measures[1].text == "建立长效机制。"


PIECES = ["一、", "二、", "(一)", "(二)", "1.", "2.", "1. ", "•", "①", "②", "(1)", "一是", "二是", "整改情况", ":",
          "整改措施:", "该项已办结。", "已基本整改到位的2个问题", "问题。", "关于", "方面。", "围绕", "问题,", "\n",
          "\n\n", "  ", "。", "2020年1月1日", "13.475所", "(上接一版)", "责任编辑: x", "联系方式:电话123", "文字"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40))
def test_any_text_parses_and_is_accounted_for(pieces: list[str]) -> None:
    text = "".join(pieces)
    result = segment(text, Locator(text))
    report = coverage(result)
    assert 0 <= report.unclassified_chars <= report.total
    for _, finding in result.notice.iter_findings():
        assert finding.problem.span is None or 0 <= finding.problem.span.start <= finding.problem.span.end <= len(text)


def test_issuer_on_its_own_line_above_the_title() -> None:
    notice = parse("中共某县委\n关于巡察整改情况的通报\n一、关于问题方面\n1.问题甲。\n整改情况:该项已办结。\n")
    assert notice.title is not None and notice.title.text == "关于巡察整改情况的通报"
    assert notice.issuer is not None and notice.issuer.text == "中共某县委"
    assert notice.warnings == []


def test_problem_sub_points_on_their_own_lines() -> None:
    notice = parse(
        "一、共性问题\n"
        "1.攻坚力度弱化。\n(1)松劲懈怠。\n(2)进展缓慢。\n整改情况\n一是强化领导。二是压实责任。\n"
        "2.帮扶不到位。\n整改情况\n(1)开展行动。\n(2)加大力度。\n"
    )
    first, second = notice.sections[0].findings
    assert first.problem.text == "攻坚力度弱化。\n(1)松劲懈怠。\n(2)进展缓慢。"
    assert [len(b.measures) for b in first.blocks] == [2]
    assert [m.marker.text for m in second.blocks[0].measures if m.marker] == ["(1)", "(2)"]


def test_numbered_groups_with_findings_numbered_in_parentheses() -> None:
    notice = parse(
        "一、党建方面\n1.组织建设\n(1)支部软弱。\n整改情况:已完成整改。\n(2)书记缺位。\n整改情况:正在整改。\n"
    )
    group = notice.sections[0].sections[0]
    assert group.number == "1." and [f.number for f in group.findings] == ["(1)", "(2)"]
    assert [f.status.kind.value for f in group.findings if f.status] == ["closed", "ongoing"]


def test_status_on_a_labelled_line_of_its_own() -> None:
    notice = parse("一、问题\n1.问题甲。\n整改措施:(1)措施一。(2)措施二。\n整改状态:已完成\n")
    finding = notice.sections[0].findings[0]
    assert finding.status is not None and (finding.status.kind.value, finding.status.phrase) == ("closed", "已完成")
    assert [b.label for b in finding.blocks] == ["整改措施"]


@pytest.mark.parametrize("line", ["打印", "【打印】", "无障碍浏览 长者模式", "首页 >> 公开信息内容", "当前位置:首页",
                                  "责任编辑: xcyuzhou", "• 版权所有:某单位", "  • 备案序号:豫ICP备18024834号-1",
                                  "技术支持:某公司(http://x.com/)", "•"])
def test_chrome_lines(line: str) -> None:
    assert is_chrome_line(line.strip())


@pytest.mark.parametrize("line", ["• 提高思想认识,压实整改责任", "打印机采购问题", "版权意识不强的问题"])
def test_not_chrome(line: str) -> None:
    assert not is_chrome_line(line)


def test_page_join_markers() -> None:
    text = "(上接第一版)政策落实。\n二、关于问题方面。①措施一。②措施二。(下转第三版)"
    result = segment(text, Locator(text))
    assert result.notice.fragment
    assert [item.reason for item in result.ignored] == ["page-join marker", "page-join marker", "fragment tail"]


def _numbered_notice(count: int, extra: dict[int, str] | None = None) -> str:
    lines = ["中共某县委关于巡察整改情况的通报", "一、关于党的建设方面"]
    for number in range(1, count + 1):
        lines += [f"{number}.问题{number}：工作落实不到位。", "整改情况：该项已办结。"]
        if extra and number in extra:
            lines.append(extra[number])
    return "\n".join(lines) + "\n"


def test_more_than_99_findings_under_one_section() -> None:
    notice = parse(_numbered_notice(120))
    assert notice.warnings == []
    assert numbers(notice) == [f"{number}." for number in range(1, 121)]
    assert [f.ordinal for _, f in notice.iter_findings()] == list(range(1, 121))


def test_three_digit_findings_with_dun_and_numbering_defects() -> None:
    text = "一、问题\n" + "".join(f"{n}、问题{n}。\n整改情况：已完成。\n" for n in [*range(1, 101), 100, 103, 104])
    notice = parse(text)
    assert numbers(notice)[-4:] == ["100、", "100、", "103、", "104、"]
    assert [w.code for w in notice.warnings] == ["numbering-duplicate", "numbering-gap"]


@pytest.mark.parametrize("line", ["2020.全市共排查问题15个。", "2020年全市共排查问题15个。", "1700、米道路已修复。",
                                  "5.5万元已退还。", "105.全市共排查问题。", "2020、全市共排查问题。"])
def test_a_number_at_the_start_of_a_line_in_a_block_is_not_a_heading(line: str) -> None:
    notice = parse(_numbered_notice(3, {2: line}))
    assert numbers(notice) == ["1.", "2.", "3."]
    assert notice.warnings == []
    second = notice.sections[0].findings[1]
    assert any(line in block.text for block in second.blocks)


def test_a_year_line_in_a_finding_after_99_is_not_a_heading() -> None:
    notice = parse(_numbered_notice(102, {100: "2020.全市共排查问题。", 101: "103.5万元已退还。"}))
    assert numbers(notice) == [f"{number}." for number in range(1, 103)]
    assert notice.warnings == []


@pytest.mark.parametrize(("problem_label", "block_label"), [
    ("【问题】", "【整改情况】"), ("问题:", "整改情况:"), ("【存在问题】", "【整改情况】:"),
    ("存在问题:", "【整改进展】"),
])
def test_unnumbered_problems_labelled_in_a_group(problem_label: str, block_label: str) -> None:
    text = ("关于巡视整改情况的通报\n一、整改落实情况\n(一)立德树人\n"
            f"{problem_label}思想政治工作体系不够健全。\n{block_label}已完成。修订实施方案。\n"
            f"{problem_label}学科建设结合不够紧密。\n{block_label}基本完成。新增专业3个。\n"
            "(二)从严治党\n"
            f"{problem_label}违规使用科研经费。\n{block_label}已完成。追回经费28.35万元,已退回专户。\n")
    notice = parse_text(text, Locator(text))
    groups = {section.number: [(f.problem.text, f.status.phrase if f.status else None) for f in section.findings]
              for _, section in notice.iter_sections()}
    assert groups["(一)"] == [("思想政治工作体系不够健全。", "已完成"), ("学科建设结合不够紧密。", "基本完成")]
    assert groups["(二)"] == [("违规使用科研经费。", "已完成")]
    assert not notice.warnings


def test_a_bracketed_block_label_makes_a_leaf_heading_a_finding() -> None:
    text = ("关于巡视整改情况的通报\n一、整改落实情况\n(一)思想政治工作体系不够健全\n"
            "【整改情况】已完成。修订实施方案。\n")
    ((_, finding),) = list(parse_text(text, Locator(text)).iter_findings())
    assert finding.problem.text == "思想政治工作体系不够健全"
    assert finding.status is not None and finding.status.phrase == "已完成"
    assert [block.label for block in finding.blocks] == ["整改情况"]


@pytest.mark.parametrize(("closing", "value"), [
    ("欢迎监督。电话:87654321。", "87654321"),  # 电话: alone is a contacts cue
    ("欢迎监督,也可拨打12388进行举报。", "12388"),
    ("欢迎监督。监督电话:0571-12388。", "0571-12388"),
])
def test_contacts_paragraph_with_a_plain_phone_cue_or_12388(closing: str, value: str) -> None:
    text = f"关于巡察整改情况的通报\n一、整改情况\n1.问题。整改情况:已完成。建立制度。\n{closing}\n"
    notice = parse_text(text, Locator(text))
    assert [(c.kind.value, c.value) for c in notice.contacts] == [("phone", value)]


@pytest.mark.parametrize(("closing", "kind", "value"), [
    ("欢迎监督。电子信箱:jw@163.com。", "email", "jw@163.com"),
    ("欢迎监督。邮箱:jw@163.com。", "email", "jw@163.com"),
    ("欢迎监督。通讯地址:某某县人民路1号。", "postal", "某某县人民路1号"),
    ("欢迎监督。热线电话:0571-5123456。", "phone", "0571-5123456"),
])
def test_contacts_paragraph_with_other_cues(closing: str, kind: str, value: str) -> None:
    text = f"关于巡察整改情况的通报\n一、整改情况\n1.问题。整改情况:已完成。建立制度。\n{closing}\n"
    notice = parse_text(text, Locator(text))
    assert [(c.kind.value, c.value) for c in notice.contacts] == [(kind, value)]
    ((_, finding),) = list(notice.iter_findings())
    assert "欢迎监督" not in (finding.blocks[-1].text or "")


def test_the_document_record_after_the_signature_is_not_content() -> None:
    text = ("关于巡察整改情况的通报\n一、整改情况\n1.问题。整改情况:已完成。建立制度。\n"
            "欢迎监督。联系电话:0916-3456789。\n中共某某乡委员会\n2024年3月8日\n"
            "附件:某某乡巡察整改问题清单\n抄送:县委巡察办,县纪委监委。\n"
            "（此件公开发布）\n中共某某乡委员会办公室          2024年3月8日印发\n")
    segmented = segment(text, Locator(text))
    notice = segmented.notice
    assert notice.signature is not None and notice.signature.text == "中共某某乡委员会"
    assert notice.signature_date is not None and notice.signature_date.text == "2024年3月8日"
    assert [(c.kind.value, c.value) for c in notice.contacts] == [("phone", "0916-3456789")]
    ((_, finding),) = list(notice.iter_findings())
    assert "抄送" not in text[finding.span.start:finding.span.end] if finding.span else False
    assert [piece.reason for piece in segmented.ignored] == ["document record"] * 4
