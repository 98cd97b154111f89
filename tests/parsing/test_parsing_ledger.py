"""Findings in a ledger table (整改台账): a header row naming the columns, then one row per finding,
each row one line with its cells apart by tabs (as the .docx reader gives a table row, and as text
copied out of a table reads)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import docx
import pytest

from engine.model import Finding, Notice
from engine.parsing import parse_text
from engine.reading import read_bytes, read_document
from engine.spans import Locator

HEAD = """中共某某县审计局党组关于巡察整改情况的通报
发布时间:2023-11-10
根据县委统一部署,县委第二巡察组对县审计局党组开展了巡察,并于2023年5月20日反馈了巡察意见。
一、整改工作总体情况
局党组对反馈的3个问题逐项制定整改措施,已完成整改2个,正在整改1个。
二、问题整改落实情况
"""
TABLE = """序号\t反馈问题\t整改措施\t责任单位\t整改情况\t完成时限
1\t审计整改督促不力\t一是建立跟踪机制;二是开展督查\t法规科\t已完成。建立审计整改台账,跟踪督办事项26项。\t2023年8月底
2\t违规发放津贴补贴\t清退违规发放资金\t\t已完成。清退违规发放津贴补贴2.1万元,已上缴县财政。\t2023年7月底
3\t审计人员专业能力不足\t开展业务培训\t人事科\t正在整改。已组织培训2期。\t2023年12月底
"""


def _notice(text: str) -> Notice:
    return parse_text(text, Locator(text))


def _findings(notice: Notice) -> list[Finding]:
    return [finding for _, finding in notice.iter_findings()]


def test_each_row_is_a_finding_of_the_section_above_the_table() -> None:
    notice = _notice(HEAD + TABLE + "联系电话:0838-2345678。\n")
    (_, section), = [(path, s) for path, s in notice.iter_sections() if s.number == "二、"]
    assert [(f.number, f.ordinal, f.problem.text) for f in section.findings] == [
        ("1", 1, "审计整改督促不力"), ("2", 2, "违规发放津贴补贴"), ("3", 3, "审计人员专业能力不足")]
    assert [f.status.phrase if f.status else None for f in section.findings] == ["已完成", "已完成", "正在整改"]
    assert not notice.warnings


def test_the_columns_give_blocks_measures_money_and_deadlines() -> None:
    first, second, third = _findings(_notice(HEAD + TABLE))
    assert [(b.kind.value, b.label) for b in first.blocks] == [("measures", "整改措施"), ("situation", "整改情况")]
    assert [m.text for m in first.blocks[0].measures] == ["建立跟踪机制;", "开展督查"]
    assert first.blocks[1].text == "建立审计整改台账,跟踪督办事项26项。"  # without the status sentence
    assert [(m.text, m.action.value) for m in second.money] == [("2.1万元", "recovered")]
    assert second.money[0].destination is not None and second.money[0].destination.text == "上缴县财政"
    # the 完成时限 column holds deadlines: targets, with no deadline word printed
    assert [(d.text, d.role.value, d.end) for d in third.dates] == [("2023年12月底", "target", dt.date(2023, 12, 31))]


def test_spans_point_into_the_cells() -> None:
    text = HEAD + TABLE
    second = _findings(_notice(text))[1]
    assert second.problem.span is not None
    assert text[second.problem.span.start:second.problem.span.end] == "违规发放津贴补贴"
    row_line = text[:text.index("2\t违规")].count("\n") + 1
    assert (second.problem.span.line, second.problem.span.column) == (row_line, 3)


def test_a_status_column_and_merged_cells() -> None:
    table = ("编号\t存在问题\t整改状态\t完成时间\n"
             "一\t制度不健全\t已办结\t2023年6月\n"
             "\t公务接待超标准\t持续整改中\t2024年6月底前\n")
    first, second = _findings(_notice(HEAD + table))
    assert (first.number, first.ordinal, first.status.phrase if first.status else None) == ("一", 1, "已办结")
    assert (second.number, second.ordinal, second.problem.text) == (None, None, "公务接待超标准")
    assert second.status is not None and second.status.kind.value == "ongoing"


@pytest.mark.parametrize("table", [
    "序号\t姓名\t职务\n1\t张三\t科长\n",  # no problem column
    "反馈问题\t备注\n问题甲\t无\n",  # a problem column and nothing of the rectification
    "项目\t金额\n培训费\t3000元\n",
    "问题类别\t问题数量\t整改完成情况\n党的建设\t5\t已完成4个\n",  # a table of figures
])
def test_tables_that_are_no_ledger_stay_text(table: str) -> None:
    notice = _notice(HEAD + table)
    (_, section), = [(path, s) for path, s in notice.iter_sections() if s.number == "二、"]
    assert not section.findings
    assert "\t" in section.text


@pytest.mark.parametrize("cell", [
    "{}",
    "<p>{}</p>",  # every cell a paragraph
    "{}<br>",  # …, its sentences apart by <br>
    "<p>{}</p> ",  # …, each sentence a paragraph
])
def test_a_ledger_table_in_an_html_page(cell: str) -> None:
    """The same findings however a cell's text is split into lines (a .docx gives them too)."""
    def markup(text: str) -> str:
        sentences = re.split("(?<=。)(?!$)", text) if cell.endswith(("<br>", " ")) else [text]
        return "".join(cell.format(sentence) for sentence in sentences)

    rows = [line.split("\t") for line in TABLE.strip().split("\n")]
    table = "<table>" + "".join("<tr>" + "".join(f"<td>{markup(text)}</td>" for text in row) + "</tr>" for row in rows)
    markup = ("<html><head><meta charset=\"utf-8\"></head><body>"
              + "".join(f"<p>{line}</p>" for line in HEAD.strip().split("\n")) + table + "</table></body></html>")
    source = read_bytes(markup.encode("utf-8"), "notice.html")
    findings = _findings(parse_text(source.text, source))
    assert [(f.number, f.status.phrase if f.status else None) for f in findings] == [
        ("1", "已完成"), ("2", "已完成"), ("3", "正在整改")]
    assert findings[2].problem.span is not None
    line, column = findings[2].problem.span.line, findings[2].problem.span.column
    assert markup.split("\n")[line - 1][column - 1:].startswith("审计人员专业能力不足")  # the markup's place


@pytest.mark.parametrize(("printed", "ordinal"), [
    ("1", 1), ("1.", 1), ("(一)", 1), ("二、", 2), ("12", 12), ("—", None),
])
def test_row_numbers_as_printed(printed: str, ordinal: int | None) -> None:
    (finding,) = _findings(_notice(HEAD + f"序号\t反馈问题\t整改情况\n{printed}\t制度不健全\t已完成。\n"))
    assert (finding.number, finding.ordinal) == (printed, ordinal)


def test_a_header_of_two_rows() -> None:
    """整改进展情况 spans 完成情况 and 完成时限 in the header's second row; the other columns are merged
    down (empty in the second row)."""
    table = ("序号\t反馈问题\t整改措施\t整改进展情况\t\t责任单位\n"
             "\t\t\t完成情况\t完成时限\n"
             "1\t审计整改督促不力\t建立跟踪机制\t已完成。建立台账。\t2023年8月底\t法规科\n"
             "2\t审计人员能力不足\t开展业务培训\t正在整改。已培训2期。\t2023年9月底\t人事科\n")
    first, second = _findings(_notice(HEAD + table))
    assert [(b.kind.value, b.label) for b in first.blocks] == [("measures", "整改措施"), ("situation", "完成情况")]
    assert (second.status.phrase if second.status else None) == "正在整改"
    assert [(d.text, d.role.value) for d in second.dates] == [("2023年9月底", "target")]


def test_a_yes_no_completion_column() -> None:
    table = "序号\t存在问题\t整改措施\t是否整改到位\n1\t制度不健全\t修订办法\t是\n2\t培训不足\t开展培训\t否\n"
    first, second = _findings(_notice(HEAD + table))
    assert first.status is not None and (first.status.kind.value, first.status.phrase) == ("closed", "是")
    assert second.status is not None and second.status.kind.value == "ongoing"


@pytest.mark.parametrize(("column", "answer", "kind"), [
    ("整改进度", "完成", "closed"), ("整改状态", "完成。", "closed"), ("完成情况", "完成", "closed"),
    ("整改进度", "序时推进", "ongoing"), ("整改进度", "按序时推进", "ongoing"),
    ("整改进度", "完成率80%", None),  # more than the answer: no status
    ("备注", "完成", None),  # not a status or progress column
])
def test_a_bare_answer_in_a_status_or_progress_column(column: str, answer: str, kind: str | None) -> None:
    table = f"序号\t反馈问题\t整改措施\t{column}\n1\t制度不健全\t修订办法\t{answer}\n"
    (finding,) = _findings(_notice(HEAD + table))
    assert (finding.status.kind.value if finding.status else None) == kind


MERGED = """序号\t反馈问题\t整改措施\t整改情况\t完成时限
1\t审计整改督促不力\t建立跟踪机制\t已完成。\t2023年8月底
\t\t开展专项督查\t正在整改。\t2024年3月底
2\t审计人员专业能力不足\t开展业务培训\t已完成。\t2023年9月底
"""


def test_rows_under_a_problem_cell_merged_down_go_on_with_its_finding() -> None:
    """A problem with one row per measure, its 序号 and 问题 cells merged down (empty in the rows below, as
    the .docx and .html readers give them): one finding, with every row's blocks and deadlines, as done
    as its least done row; the rows after it are still findings."""
    first, second = _findings(_notice(HEAD + MERGED))
    assert [(b.kind.value, b.text) for b in first.blocks if b.kind.value == "measures"] == [
        ("measures", "建立跟踪机制"), ("measures", "开展专项督查")]
    assert first.status is not None and (first.status.kind.value, first.status.phrase) == ("ongoing", "正在整改")
    assert [(d.text, d.role.value) for d in first.dates] == [("2023年8月底", "target"), ("2024年3月底", "target")]
    assert second.problem.text == "审计人员专业能力不足" and second.number == "2"


def test_a_docx_ledger_with_merged_problem_cells(tmp_path: Path) -> None:
    document = docx.Document()
    for line in HEAD.strip().split("\n"):
        document.add_paragraph(line)
    rows = [line.split("\t") for line in MERGED.strip().split("\n")]
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for index, values in enumerate(rows):
        for column, value in enumerate(values):
            if value:
                table.cell(index, column).text = value
    for column in (0, 1):
        table.cell(1, column).merge(table.cell(2, column))
    document.save(str(tmp_path / "ledger.docx"))
    source = read_document(tmp_path / "ledger.docx")
    first, second = _findings(parse_text(source.text, source))
    assert first.status is not None and first.status.kind.value == "ongoing"
    assert (second.number, second.problem.text) == ("2", "审计人员专业能力不足")


def test_numbered_measures_inside_a_cell() -> None:
    table = "序号\t反馈问题\t整改措施\t整改情况\n1\t制度不健全\t1.修订管理办法;2.开展专项培训。3.建立台账\t已完成。\n"
    (finding,) = _findings(_notice(HEAD + table))
    assert [(m.marker.text, m.text) for m in finding.blocks[0].measures] == [
        ("1.", "修订管理办法;"), ("2.", "开展专项培训。"), ("3.", "建立台账")]


def test_a_situation_cell_that_states_its_status_at_the_end() -> None:
    table = "序号\t反馈问题\t整改情况\n1\t制度不健全\t修订管理办法3项。目前,该问题已整改到位。\n"
    (finding,) = _findings(_notice(HEAD + table))
    assert finding.status is not None and finding.status.phrase == "已整改到位"


def test_a_ledger_in_an_attachment_after_the_signature() -> None:
    text = (HEAD.replace("发布时间:2023-11-10\n", "") + "三、下一步工作打算\n持续巩固整改成果。\n"
            "中共某某县审计局党组\n2023年11月10日\n附件\n巡察反馈问题整改落实情况台账\n" + TABLE)
    notice = _notice(text)
    assert notice.signature is not None and notice.signature.text == "中共某某县审计局党组"
    assert notice.published is not None and notice.published.start == dt.date(2023, 11, 10)
    # the attachment's rows are the notice's findings, not the plans section's
    assert [f.number for f in notice.findings] == ["1", "2", "3"]
    assert all(not section.findings for _, section in notice.iter_sections())


@pytest.mark.parametrize("separator", ["｜", "|"])
def test_a_ledger_typed_with_bars(separator: str) -> None:
    """序号｜反馈问题｜…: a table typed as text reads as the tabbed one does."""
    notice = _notice(HEAD + TABLE.replace("\t", separator) + "联系电话:0838-2345678。\n")
    assert [(f.number, f.problem.text if f.problem else None, f.status.phrase if f.status else None)
            for f in _findings(notice)] == [("1", "审计整改督促不力", "已完成"), ("2", "违规发放津贴补贴", "已完成"),
                                            ("3", "审计人员专业能力不足", "正在整改")]
    second = _findings(notice)[1]
    assert [(m.text, m.action.value) for m in second.money] == [("2.1万元", "recovered")]


def test_a_markdown_ledger_with_its_rule_line() -> None:
    rows = ["| " + " | ".join(line.split("\t")) + " |" for line in TABLE.splitlines()]
    table = "\n".join([rows[0], "|---|---|:---:|---|---|---|", *rows[1:]]) + "\n"
    findings = _findings(_notice(HEAD + table))
    assert [(f.number, f.problem.text if f.problem else None) for f in findings] == [
        ("1", "审计整改督促不力"), ("2", "违规发放津贴补贴"), ("3", "审计人员专业能力不足")]
    assert [[d.text for d in f.dates] for f in findings][2] == ["2023年12月底"]


@pytest.mark.parametrize("line", [
    "查询网址:www.example.gov.cn|整改公示栏|联系我们",  # bars in a page footer: no problem column
    "问题|意见",  # no measures, situation, status or deadline column
])
def test_lines_with_bars_that_are_no_ledger_stay_text(line: str) -> None:
    text = HEAD + "1.审计整改督促不力。\n整改情况:已完成。\n" + line + "\n"
    assert [f.number for f in _findings(_notice(text))] == ["1."]
