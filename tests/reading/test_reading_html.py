""".html: chrome dropped, blocks as lines, entities decoded, spans pointing at the markup."""

from __future__ import annotations

import re
from html import escape
from pathlib import Path

import pytest
from reading_factory import SEEDS, seed_text

from engine.errors import InputError
from engine.reading import read_bytes, read_document
from engine.reading.normalise import normalise

PAGE = """<!DOCTYPE html>
<html>
<head><title>站点标题</title><meta charset="utf-8"><style>p {{ color: red }}</style>
<script>var x = "<p>不是正文</p>";</script></head>
<body>
<div class="top-nav"><a href="/">首页</a> | <a href="/xx">信息公开</a></div>
<nav>导航</nav>
<div id="content">
{body}
</div>
<div class="footer">版权所有 技术支持</div>
<footer>备案序号</footer>
<noscript>请启用脚本</noscript>
</body>
</html>
"""


def page(body: str) -> bytes:
    return PAGE.format(body=body).encode("utf-8")


def test_chrome_is_dropped_and_blocks_are_lines() -> None:
    body = ("<h1>关于  巡察\n 整改情况的通报</h1>\n<p>第一段&nbsp;文字&amp;符号&#65306;完</p>"
            "<p></p><p></p><ul><li>甲</li><li>乙</li></ul><p>x<br>y<br><br>z</p>"
            "<table><tr><td>单位</td><td>金额</td></tr></table>")
    source = read_bytes(page(body), "notice.html")
    assert source.format == "html"
    assert source.original == "关于 巡察 整改情况的通报\n第一段\xa0文字&符号：完\n甲\n乙\nx\ny\n\nz\n单位\t金额"
    assert source.text == "关于 巡察 整改情况的通报\n第一段 文字&符号:完\n甲\n乙\nx\ny\n\nz\n单位\t金额"


def test_spans_point_at_the_markup() -> None:
    markup = page("<p>整改情况:该项已办结。A &amp; B</p>\n  <p>\n    二、严查实改</p>")
    source = read_bytes(markup, "notice.html")
    markup_lines = markup.decode().split("\n")
    for word in ("整改情况", "该项", "B", "二、严查实改"):
        offset = source.text.index(word)
        line, column = source.position(offset)
        assert markup_lines[line - 1][column - 1:column - 1 + len(word)] == word
        span = source.span(offset, offset + len(word))
        assert source.original[span.start:span.end] == word
    line, column = source.position(source.text.index("&"))
    assert markup_lines[line - 1][column - 1:].startswith("&amp;")


def test_crlf_markup_keeps_line_numbers() -> None:
    markup = page("<p>甲</p>\n<p>乙</p>").replace(b"\n", b"\r\n")
    source = read_bytes(markup, "notice.html")
    lines = markup.decode().split("\r\n")
    line, column = source.position(source.text.index("乙"))
    assert lines[line - 1][column - 1] == "乙"


@pytest.mark.parametrize("seed", [path.name.split("-")[0] for path in SEEDS])
def test_seed_as_html_page(tmp_path: Path, seed: str) -> None:
    """A seed published as one <p> per line, in GBK with a meta charset: the same non-blank lines."""
    text = seed_text(seed)
    body = "\n".join(f"<p>{escape(line)}</p>" for line in text.split("\n"))
    markup = PAGE.format(body=body).replace('charset="utf-8"', 'charset="gb2312"')
    path = tmp_path / f"{seed}.htm"
    path.write_bytes(markup.encode("gb18030"))
    source = read_document(path)
    assert source.encoding == "gb18030"
    collapsed = (re.sub(r"[ \t\r\f]+", " ", line).strip(" ") for line in text.split("\n"))  # HTML whitespace
    expected = [normalise(line)[0] for line in collapsed if line]
    assert source.text.split("\n") == expected


def test_wrong_meta_charset_falls_back_to_detection() -> None:
    markup = page("<p>整改情况:该项已办结,关于巡察整改情况的通报</p>").replace(b"utf-8", b"big5")
    assert "整改情况" in read_bytes(markup, "notice.html").text


def test_pre_keeps_whitespace() -> None:
    markup = page("<pre>甲  乙\n  丙</pre>")
    source = read_bytes(markup, "notice.html")
    assert source.text == "甲  乙\n  丙"
    line, column = source.position(source.text.index("丙"))
    assert markup.decode().split("\n")[line - 1][column - 1] == "丙"


def test_html_without_text() -> None:
    with pytest.raises(InputError, match="empty document"):
        read_bytes(page("<div class='footer'>版权</div>"), "notice.html")


def test_a_table_row_with_two_filled_cells_is_one_line() -> None:
    """Ledger tables read one row per line, cells apart by tabs (empty cells keep their columns; the
    <br> and paragraphs inside a cell are spaces, as in a .docx); a row with one filled cell keeps its
    line breaks; spans still point at the markup."""
    body = ("<table><tr><th>序号</th><th>反馈问题</th><th>整改情况</th></tr>"
            "<tr><td>1</td><td>问题甲</td><td>已完成。</td></tr>"
            "<tr><td></td><td>问题乙</td><td>正在整改。<br>计划年底前完成。</td></tr>"
            "<tr><td>3</td><td>问题丙</td><td><p>已完成。</p><p>建立制度。</p></td></tr>"
            "<tr><td><p>4</p></td><td><p>问题丁</p></td><td><p>1.建立台账;</p><p>2.开展培训。</p>"
            "<p>已完成。</p></td></tr>"
            "<tr><td colspan=\"3\">合并行<br>第二行</td></tr></table><p>表后</p>")
    markup = page(body)
    source = read_bytes(markup, "notice.html")
    assert source.text.split("\n") == ["序号\t反馈问题\t整改情况", "1\t问题甲\t已完成。",
                                       "\t问题乙\t正在整改。 计划年底前完成。",  # <br> in a cell: a space
                                       "3\t问题丙\t已完成。 建立制度。",  # paragraphs in a cell: spaces
                                       "4\t问题丁\t1.建立台账; 2.开展培训。 已完成。",
                                       "合并行", "第二行", "表后"]
    markup_lines = markup.decode().split("\n")
    for word in ("问题甲", "问题乙", "建立制度", "开展培训", "合并行", "第二行"):
        line, column = source.position(source.text.index(word))
        assert markup_lines[line - 1][column - 1:column - 1 + len(word)] == word


def test_a_row_is_decided_when_it_ends_also_without_end_tags() -> None:
    """``</tr>``, ``</td>`` and ``</table>`` may be left out: the row is decided at the next row, at the
    end of its table, or at the end of the page."""
    body = ("<table><tr><td>1<td>问题甲<td><p>已完成。</p><p>建立制度。</p>"
            "<tr><td>2<td>问题乙<td>正在整改。<br>年底前完成。</table>"
            "<table><tr><td>3<td>问题丙<td><p>已完成。</p><p>已销号。</p>")
    source = read_bytes(page(body), "notice.html")
    assert source.text.split("\n")[:3] == ["1\t问题甲\t已完成。 建立制度。", "2\t问题乙\t正在整改。 年底前完成。",
                                           "3\t问题丙\t已完成。 已销号。"]


def test_a_page_laid_out_in_a_table_keeps_its_lines() -> None:
    """Old CMS pages put the whole article in a cell beside a menu cell: that row is not joined."""
    body = ("<table><tr><td>栏目 信息公开</td><td><h1>关于巡察整改情况的通报</h1><p>一、整改情况</p>"
            "<p>1.问题。整改情况:已完成。</p></td></tr></table>")
    source = read_bytes(page(body), "notice.html")
    assert source.text.split("\n") == ["栏目 信息公开", "关于巡察整改情况的通报", "一、整改情况",
                                       "1.问题。整改情况:已完成。"]


@pytest.mark.parametrize("cell", [
    "<p>一、整改情况</p>" + "".join(f"<p>{n}.问题。整改情况:已完成。</p>" for n in range(1, 13)),  # 13 paragraphs
    "<p>一、整改情况</p><p>1.问题。" + "整改情况:已完成。" * 170 + "</p>",  # 1,500 characters and more
    "<p>一、整改情况</p><table><tr><td>1.问题。</td><td>已完成。</td></tr></table><p>二、下一步</p>",  # a table
])
def test_a_cell_holding_a_page_keeps_the_row_s_lines(cell: str) -> None:
    """A layout table's content cell is known by what a ledger's cell never holds: many paragraphs, a
    long text, a heading or a table; its row keeps its line breaks, even without a heading."""
    source = read_bytes(page(f"<table><tr><td>栏目 信息公开</td><td>{cell}</td></tr></table>"), "notice.html")
    lines = source.text.split("\n")
    assert lines[:2] == ["栏目 信息公开", "一、整改情况"]
    assert not any("\t" in line and "信息公开" in line for line in lines)


def test_paragraphs_are_counted_per_cell() -> None:
    """Twelve paragraphs in each of two cells are two ledger cells, not a page."""
    cell = "".join(f"<p>{n}.措施。</p>" for n in range(1, 13))
    source = read_bytes(page(f"<table><tr><td>1</td><td>{cell}</td><td>{cell}</td></tr></table>"), "notice.html")
    measures = " ".join(f"{n}.措施。" for n in range(1, 13))
    assert source.text.split("\n") == [f"1\t{measures}\t{measures}"]


def test_cells_merged_down_leave_empty_cells_in_the_rows_below() -> None:
    """rowspan: the rows under a merged cell get an empty cell in its column (as a .docx gives them), so
    every row's cells stay in their columns, also when the merged cell is not the first."""
    body = ("<table><tr><th>序号</th><th>反馈问题</th><th>责任单位</th><th>整改措施</th></tr>"
            "<tr><td rowspan=\"2\">1</td><td rowspan=\"2\">问题甲</td><td rowspan=\"3\">办公室</td><td>措施一</td></tr>"
            "<tr><td>措施二</td></tr>"
            "<tr><td>2</td><td>问题乙</td><td>措施三</td></tr>"
            "<tr><td>3</td><td>问题丙</td><td>财务科</td><td>措施四</td></tr></table>")
    assert read_bytes(page(body), "notice.html").text.split("\n") == [
        "序号\t反馈问题\t责任单位\t整改措施", "1\t问题甲\t办公室\t措施一", "\t\t\t措施二",
        "2\t问题乙\t\t措施三", "3\t问题丙\t财务科\t措施四"]


def test_br_in_a_one_cell_row_still_breaks_lines() -> None:
    """A single-column layout table whose cell separates paragraphs with <br> keeps them as lines."""
    body = "<table><tr><td>关于巡察整改情况的通报<br>一、整改情况<br>1.问题。整改情况:已完成。</td></tr></table>"
    source = read_bytes(page(body), "notice.html")
    assert source.text.split("\n") == ["关于巡察整改情况的通报", "一、整改情况", "1.问题。整改情况:已完成。"]


def test_colspan_moves_the_next_cells_along_the_grid() -> None:
    body = ("<table><tr><td>序号</td><td>反馈问题</td><td colspan=\"2\">整改进展情况</td><td>责任单位</td></tr>"
            "<tr><td>1</td><td>问题甲</td><td>已完成。</td><td>2023年8月底</td><td>法规科</td></tr></table>")
    source = read_bytes(page(body), "notice.html")
    assert source.text.split("\n") == ["序号\t反馈问题\t整改进展情况\t\t责任单位",
                                       "1\t问题甲\t已完成。\t2023年8月底\t法规科"]
