"""Markdown for merge-request comments: summary, per-notice tables, escaping, determinism."""

from __future__ import annotations

import re

from report_samples import ROOT, sample_rules, sample_set

from engine.reports.markdown import escape_markdown, render_markdown

UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")


def _table_rows(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("|")]


def test_escape_markdown() -> None:
    assert escape_markdown("a|b") == r"a\|b"
    assert escape_markdown("<script>&") == "&lt;script&gt;&amp;"
    assert escape_markdown("第一行\n第二行") == "第一行 第二行"
    assert escape_markdown("[x](http://y)") == r"\[x\]\(http\://y\)"
    assert escape_markdown("@user #1 *a* _b_ `c` ~d~ $e$ \\") == r"\@user \#1 \*a\* \_b\_ \`c\` \~d\~ \$e\$ \\"
    assert escape_markdown("响铃\x07") == "响铃\ufffd"
    assert escape_markdown("整改期限：已完成（100%）") == "整改期限：已完成（100%）"  # full-width text untouched


def test_summary_table() -> None:
    text = render_markdown(sample_set(), sample_rules(), "zh", root=ROOT)
    assert text.startswith("## zhenggai 检查结果\n")
    assert "3 份通报" in text
    for row in ("| 错误 | 3 |", "| 警告 | 2 |", "| 提示 | 1 |", "| **合计** | **6** |"):
        assert row in text
    english = render_markdown(sample_set(), sample_rules(), "en", root=ROOT)
    for row in ("| error | 3 |", "| warning | 2 |", "| info | 1 |", "| **Total** | **6** |"):
        assert row in english


def test_every_table_row_has_exactly_its_cells() -> None:
    for lang in ("zh", "en"):
        text = render_markdown(sample_set(), sample_rules(), lang, root=ROOT)
        rows = _table_rows(text)
        assert rows
        for row in rows:
            cells = len(UNESCAPED_PIPE.findall(row)) - 1
            assert cells in (2, 4), row
        assert "\x07" not in text


def test_notice_tables() -> None:
    text = render_markdown(sample_set(), sample_rules(), "zh", root=ROOT)
    assert "### notices/2024/整改 通报\\.txt" in text
    assert "### notices/clean\\.txt\n\n未发现问题。" in text
    assert "### &lt;标准输入&gt;" in text
    assert "| 严重程度 | 规则 | 位置 | 说明 |" in text
    first = next(row for row in _table_rows(text) if "问题未写明" in row)
    assert first.startswith("| 错误 | `finding-has-deadline`<br>问题须有整改期限 | ")
    assert "notices/2024/整改 通报\\.txt\\:5\\:3 \\(问题 1\\.\\)" in first
    assert "问题未写明整改期限\\|请补充<br>「整改期限\\:2024年\\|100% &lt;完成&gt;, \"验收\" &amp; 复核」" in first
    # Notice text cannot open links, emphasis, code, mentions or HTML.
    markup = next(row for row in _table_rows(text) if "someone" in row)
    assert "\\@someone \\#12 \\[链接\\]\\(http\\://x\\) \\*粗体\\* \\`代码\\`" in markup
    assert "<b>" not in text and "&lt;b&gt;" in text


def test_rows_are_sorted_by_severity_then_document_order() -> None:
    text = render_markdown(sample_set(), sample_rules(), "en", root=ROOT)
    section = text.split("### notices/2024/")[1].split("###")[0]
    severities = [row.split("|")[1].strip() for row in _table_rows(section)[2:]]
    assert severities == ["error", "error", "warning", "warning", "info"]


def test_deterministic() -> None:
    assert render_markdown(sample_set(), sample_rules(), "zh") == render_markdown(sample_set(), sample_rules(), "zh")
