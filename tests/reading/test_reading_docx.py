""".docx: body order, tables, content controls, tracked changes, and rebuilt automatic list labels."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml import parse_xml
from reading_factory import (
    W_NS,
    abstract_num_xml,
    add_numbering,
    numbered_docx,
    seed_text,
    set_numbering,
)

from engine.reading import read_document
from engine.reading.docx_reader import format_number
from engine.reading.normalise import normalise

# seed → lvlRestart of the decimal level: ganxian restarts its 1. 2. under each (一); yuzhou and
# huainan number their findings straight through (lvlRestart 0 = never restart)
NUMBERED_SEEDS = {"ganxian": None, "yuzhou": 0, "huainan": 0}
NS = (f'xmlns:w="{W_NS}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
      'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
      'xmlns:v="urn:schemas-microsoft-com:vml"')


@pytest.mark.parametrize(("seed", "restart"), sorted(NUMBERED_SEEDS.items()))
def test_automatic_numbering_rebuilds_the_printed_labels(tmp_path: Path, seed: str, restart: int | None) -> None:
    text = seed_text(seed)
    path = tmp_path / f"{seed}.docx"
    replaced = numbered_docx(text, path, restart_level2=restart)
    assert replaced >= 14
    source = read_document(path)
    assert source.format == "docx" and source.encoding is None
    assert source.original.split("\n") == text.split("\n")  # same lines, labels included
    assert source.text == normalise(text)[0]


@pytest.mark.parametrize("seed", ["yuzhou", "ganxian"])
def test_docx_spans_are_paragraph_and_column(tmp_path: Path, seed: str) -> None:
    text = seed_text(seed)
    path = tmp_path / f"{seed}.docx"
    numbered_docx(text, path, restart_level2=NUMBERED_SEEDS[seed])
    source = read_document(path)
    lines = text.split("\n")
    for match in re.finditer("整改", source.text):
        span = source.span(match.start(), match.end())
        assert source.original[span.start:span.end] == "整改"
        line = lines[span.line - 1]
        assert line[span.column - 1:span.column + 1] == "整改"


def test_typed_labels_without_numbering(tmp_path: Path) -> None:
    """longjie repeats "1." and qinxian starts at 二、: as typed text they come through unchanged."""
    for seed in ("longjie", "qinxian"):
        text = seed_text(seed)
        document = docx.Document()
        for line in text.split("\n"):
            document.add_paragraph(line)
        document.save(str(tmp_path / "plain.docx"))
        assert read_document(tmp_path / "plain.docx").text == normalise(text)[0]


def build(tmp_path: Path, body_xml: str, setup: Any = None) -> str:
    """A .docx whose body is ``body_xml`` (paragraph/table XML); returns the extracted text."""
    document = docx.Document()
    if setup is not None:
        setup(document)
    body = document.element.body
    for element in parse_xml(f"<w:body {NS}>{body_xml}</w:body>"):
        body.insert(len(body) - 1, element)  # before w:sectPr
    path = tmp_path / "built.docx"
    document.save(str(path))
    return read_document(path).text


def p(text: str, ppr: str = "") -> str:
    return f"<w:p>{ppr}<w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>"


def test_body_order_tables_merges_and_content_controls(tmp_path: Path) -> None:
    cell = "<w:tc>{pr}" + "{content}</w:tc>"
    table = (
        "<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>"
        "<w:tr>"
        + cell.format(pr='<w:tcPr><w:vMerge w:val="restart"/></w:tcPr>', content=p("纵向合并"))
        + cell.format(pr='<w:tcPr><w:gridSpan w:val="2"/></w:tcPr>', content=p("横向合并"))
        + "</w:tr><w:tr>"
        + cell.format(pr="<w:tcPr><w:vMerge/></w:tcPr>", content=p(""))
        + cell.format(pr="", content=p("B2"))
        + cell.format(pr="", content=p("C2"))
        + "</w:tr></w:tbl>"
    )
    body = (
        p("标题")
        + "<w:sdt><w:sdtPr><w:alias w:val=\"x\"/></w:sdtPr><w:sdtContent>"
        + p("内容控件段落")
        + "</w:sdtContent></w:sdt>"
        + table
        + p("表后")
    )
    # a row with text in two or more cells is one line, cells apart by tabs; the cell continuing the
    # vertical merge is an empty cell of its row
    assert build(tmp_path, body).split("\n") == ["标题", "内容控件段落", "纵向合并\t横向合并", "\tB2\tC2", "表后"]


def test_tracked_changes_fields_breaks_and_inline_controls(tmp_path: Path) -> None:
    body = (
        "<w:p><w:r><w:t>整改率</w:t></w:r>"
        "<w:ins w:id=\"1\" w:author=\"a\"><w:r><w:t>100%</w:t></w:r></w:ins>"
        "<w:del w:id=\"2\" w:author=\"a\"><w:r><w:delText>90%</w:delText></w:r></w:del>"
        "<w:moveFrom w:id=\"3\" w:author=\"a\"><w:r><w:t>旧位置</w:t></w:r></w:moveFrom>"
        "<w:r><w:t>。</w:t></w:r></w:p>"
        "<w:p><w:r><w:t>联系</w:t></w:r><w:sdt><w:sdtContent><w:r><w:t>电话</w:t></w:r></w:sdtContent></w:sdt>"
        "<w:hyperlink><w:r><w:t>链接</w:t></w:r></w:hyperlink></w:p>"
        "<w:p><w:r><w:t>a</w:t><w:tab/><w:t>b</w:t><w:br/><w:t>c</w:t><w:br w:type=\"page\"/><w:t>d</w:t></w:r></w:p>"
        "<w:p><w:r><w:t>第</w:t></w:r><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r>"
        "<w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>"
        "<w:r><w:t>3</w:t></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r><w:r><w:t>页</w:t></w:r></w:p>"
        "<w:p><w:r><w:t>框前</w:t></w:r><w:r><mc:AlternateContent>"
        "<mc:Choice Requires=\"wps\"><w:drawing><wps:txbx><w:txbxContent>" + p("文本框") + "</w:txbxContent>"
        "</wps:txbx></w:drawing></mc:Choice>"
        "<mc:Fallback><w:pict><v:textbox><w:txbxContent>" + p("文本框") + "</w:txbxContent></v:textbox></w:pict>"
        "</mc:Fallback></mc:AlternateContent></w:r></w:p>"
    )
    assert build(tmp_path, body).split("\n") == [
        "整改率100%。", "联系电话链接", "a\tb", "cd", "第3页", "框前", "文本框",
    ]


def numbering_setup(document: Any) -> None:
    levels = [("chineseCounting", "%1、"), ("chineseCounting", "(%2)"), ("decimal", "%3.")]
    add_numbering(document, abstract_num_xml(90, levels), 77, 90)
    # the same list restarted (startOverride), and continued by a third instance without override
    numbering = document.part.numbering_part.element
    numbering.append(parse_xml(
        f'<w:num xmlns:w="{W_NS}" w:numId="78"><w:abstractNumId w:val="90"/>'
        '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'))
    numbering.append(parse_xml(f'<w:num xmlns:w="{W_NS}" w:numId="79"><w:abstractNumId w:val="90"/></w:num>'))
    add_numbering(document, abstract_num_xml(91, [("decimalEnclosedCircle", "%1")], starts={0: 20}), 80, 91)
    add_numbering(document, abstract_num_xml(92, [("bullet", "\uf0b7")]), 81, 92)
    add_numbering(document, abstract_num_xml(93, [("chineseCountingThousand", "%1、")], starts={0: 10}), 82, 93)
    add_numbering(document, abstract_num_xml(94, [("decimal", "%1")]).replace("nothing", "tab"), 83, 94)
    legal = abstract_num_xml(95, [("chineseCounting", "%1、"), ("decimal", "%1.%2")]).replace(
        '<w:lvl w:ilvl="1">', '<w:lvl w:ilvl="1"><w:isLgl/>')
    add_numbering(document, legal, 84, 95)


def numpr(num_id: int, ilvl: int = 0) -> str:
    return (f'<w:pPr><w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr></w:pPr>')


def test_numbering_formats_counters_and_overrides(tmp_path: Path) -> None:
    body = (
        p("甲", numpr(77, 0)) + p("甲一", numpr(77, 1)) + p("甲一1", numpr(77, 2)) + p("甲一2", numpr(77, 2))
        + p("甲二", numpr(77, 1)) + p("甲二1", numpr(77, 2)) + p("正文")
        + p("乙", numpr(77, 0)) + p("乙一", numpr(77, 1))
        + p("重新开始", numpr(78, 0)) + p("接着", numpr(79, 0)) + p("接着一", numpr(79, 1))
        + p("圈二十", numpr(80)) + p("圈二十一", numpr(80)) + p("点", numpr(81)) + p("十", numpr(82))
        + p("十一", numpr(82)) + p("制表", numpr(83)) + p("法律", numpr(84, 0)) + p("条", numpr(84, 1))
        + p("不编号", '<w:pPr><w:numPr><w:numId w:val="0"/></w:numPr></w:pPr>')
    )
    assert build(tmp_path, body, numbering_setup).split("\n") == [
        "一、甲", "(一)甲一", "1.甲一1", "2.甲一2", "(二)甲二", "1.甲二1", "正文",
        "二、乙", "(一)乙一",
        "一、重新开始", "二、接着", "(一)接着一",
        "⑳圈二十", "㉑圈二十一", "•点", "十、十", "十一、十一", "1\t制表", "一、法律", "1.1条", "不编号",
    ]


def test_style_linked_numbering(tmp_path: Path) -> None:
    """The template's "List Number" style carries numPr; paragraphs in that style get 1. 2. 3."""
    document = docx.Document()
    for text in ("第一项", "第二项", "第三项"):
        document.add_paragraph(text, style="List Number")
    document.add_paragraph("正文")
    path = tmp_path / "styled.docx"
    document.save(str(path))
    assert read_document(path).text.split("\n") == ["1.第一项", "2.第二项", "3.第三项", "正文"]


def test_paragraph_numbering_set_by_helper(tmp_path: Path) -> None:
    document = docx.Document()
    add_numbering(document, abstract_num_xml(96, [("lowerLetter", "%1)")]), 85, 96)
    for text in ("x", "y"):
        set_numbering(document.add_paragraph(text), 85, 0)
    document.save(str(tmp_path / "letters.docx"))
    assert read_document(tmp_path / "letters.docx").text == "a)x\nb)y"


@pytest.mark.parametrize(("value", "fmt", "expected"), [
    (1, "chineseCounting", "一"), (10, "chineseCounting", "十"), (28, "chineseCounting", "二十八"),
    (12, "chineseLegalSimplified", "壹拾贰"), (3, "decimalEnclosedCircle", "③"), (21, "decimalEnclosedCircle", "㉑"),
    (51, "decimalEnclosedCircle", "51"), (2, "decimalEnclosedParen", "⑵"), (4, "upperRoman", "IV"),
    (27, "lowerLetter", "aa"), (3, "ideographTraditional", "丙"), (7, "decimalZero", "07"), (5, "none", ""),
    (9, "somethingNew", "9"), (0, "chineseCounting", "〇"),
])
def test_format_number(value: int, fmt: str, expected: str) -> None:
    assert format_number(value, fmt) == expected


def test_empty_docx(tmp_path: Path) -> None:
    from engine.errors import InputError

    document = docx.Document()
    document.add_paragraph("   ")
    document.save(str(tmp_path / "empty.docx"))
    with pytest.raises(InputError, match="empty document"):
        read_document(tmp_path / "empty.docx")


def test_line_break_inside_a_paragraph_keeps_paragraph_numbering(tmp_path: Path) -> None:
    """Spans in a .docx give paragraph:character, even after a soft line break (w:br)."""
    document = docx.Document()
    document.add_paragraph("标题")
    paragraph = document.add_paragraph("整改情况:")
    paragraph.add_run().add_break()
    paragraph.add_run("一是完成")
    document.add_paragraph("下一段")
    document.save(str(tmp_path / "br.docx"))
    source = read_document(tmp_path / "br.docx")
    assert source.text == "标题\n整改情况:\n一是完成\n下一段"
    assert source.position(source.text.index("一是")) == (2, 7)
    assert source.position(source.text.index("下一段")) == (3, 1)


def test_a_table_row_is_one_line_and_each_cell_keeps_its_paragraph_number(tmp_path: Path) -> None:
    """Ledger tables: a row with text in two or more cells is one line (cells apart by tabs, tabs and
    breaks inside a cell become spaces); a row with one filled cell stays a line per paragraph; spans
    still give each cell's paragraph number."""
    document = docx.Document()
    document.add_paragraph("标题")
    table = document.add_table(rows=4, cols=3)
    for row, values in zip(table.rows, [("序号", "反馈问题", "整改情况"), ("1", "问题甲", "已完成。"),
                                        ("2", "问题乙", ""), ("", "", "")], strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    table.cell(2, 2).paragraphs[0].add_run("正在整改。")
    table.cell(2, 2).add_paragraph("下一步\t推进")  # a second paragraph in the cell
    merged = table.cell(3, 0).merge(table.cell(3, 2))  # one cell across the row
    merged.text = "合并行"
    document.add_paragraph("表后")
    document.save(str(tmp_path / "table.docx"))
    source = read_document(tmp_path / "table.docx")
    assert source.text.split("\n") == ["标题", "序号\t反馈问题\t整改情况", "1\t问题甲\t已完成。",
                                       "2\t问题乙\t正在整改。 下一步 推进", "合并行", "表后"]
    assert source.position(source.text.index("问题甲")) == (6, 1)  # paragraphs: 标题, 3 header cells, 1
    assert source.position(source.text.index("下一步")) == (11, 1)  # the cell's second paragraph
    assert source.position(source.text.index("表后")) == (13, 1)


def test_table_rows_follow_the_grid_through_spanned_and_merged_cells(tmp_path: Path) -> None:
    """A two-row ledger header: cells merged down and one cell spanning two columns; every row's tabs
    follow the grid, so the columns of all rows line up."""
    document = docx.Document()
    table = document.add_table(rows=3, cols=5)
    for column, name in ((0, "序号"), (1, "反馈问题"), (4, "责任单位")):
        table.cell(0, column).merge(table.cell(1, column)).text = name
    table.cell(0, 2).merge(table.cell(0, 3)).text = "整改进展情况"
    table.cell(1, 2).text = "完成情况"
    table.cell(1, 3).text = "完成时限"
    for column, value in enumerate(["1", "问题甲", "已完成。", "2023年8月底", "法规科"]):
        table.cell(2, column).text = value
    document.save(str(tmp_path / "grid.docx"))
    lines = read_document(tmp_path / "grid.docx").text.split("\n")
    assert lines == ["序号\t反馈问题\t整改进展情况\t\t责任单位", "\t\t完成情况\t完成时限",
                     "1\t问题甲\t已完成。\t2023年8月底\t法规科"]
