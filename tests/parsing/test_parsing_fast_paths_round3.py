"""Third round of segmentation shortcuts: each gives exactly what the long way gives."""

from __future__ import annotations

import sys
from pathlib import Path

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.parsing import boilerplate
from engine.parsing.lines import split_paragraphs

SEEDS = sorted((Path(__file__).resolve().parents[2] / "fixtures" / "raw").glob("*.txt"))
SEED_TEXTS = [path.read_text(encoding="utf-8") for path in SEEDS]


def chrome_long_way(text: str) -> bool:
    """``is_chrome_line`` without its first-character pre-check."""
    return (boilerplate.CHROME_LINE.fullmatch(text) is not None
            or boilerplate.LONE_BULLET.fullmatch(text) is not None)


def test_chrome_initials_hold_every_character_a_chrome_line_can_start_with() -> None:
    """A line that matches without ICP备 starts with a character from which a match can begin (partial match)."""
    anchored = regex.compile(boilerplate._BULLET + "(?:" + boilerplate._CHROME_PHRASES + ")")
    for code in range(sys.maxunicode + 1):
        if 0xD800 <= code <= 0xDFFF:
            continue
        char = chr(code)
        if (anchored.fullmatch(char, partial=True) is not None
                or boilerplate.LONE_BULLET.fullmatch(char, partial=True) is not None):
            assert char in boilerplate._CHROME_INITIALS, hex(code)


CHROME_WORDS = ["打印", "本页", "【", "】", "关闭", "窗口", "返回顶部", "分享到", "首页", ">", "»", "当前位置", ":",
                "版权所有", "ICP备", "12", "号", "字号", "字体", "大", "中", "小", " ", "\u3000", "•", "■", "联系我们",
                "网站地图", "正文", "整改"]


@settings(max_examples=500)
@given(words=st.lists(st.sampled_from(CHROME_WORDS), max_size=8))
def test_chrome_line_is_the_long_way(words: list[str]) -> None:
    text = "".join(words)
    assert boilerplate.is_chrome_line(text) == chrome_long_way(text)


def test_chrome_line_is_the_long_way_on_the_seeds() -> None:
    lines = [paragraph.text for text in SEED_TEXTS for paragraph in split_paragraphs(text)]
    lines += ["• 打印本页", "【打印】", "京ICP备12345号-1", "网站标识码:1234", "\u3000字体:大 中 小", "••", "", "正文"]
    assert any(chrome_long_way(line) for line in lines)
    for line in lines:
        assert boilerplate.is_chrome_line(line) == chrome_long_way(line), line


@settings(max_examples=300)
@given(text=st.text(st.sampled_from(list("(（)）下转第一十2版 \u3000正文")), max_size=20))
def test_every_page_join_suffix_holds_its_cue(text: str) -> None:
    """``strip_chrome`` looks for a ``(下转第N版)`` marker only in paragraphs that hold 下转."""
    if boilerplate.PAGE_JOIN_SUFFIX.search(text) is not None:
        assert "下转" in text


def test_page_join_markers_are_still_cut() -> None:
    text = "正文第一段。(下转第2版)\n(上接第1版)正文第二段。"
    content = boilerplate.strip_chrome(split_paragraphs(text))
    assert content.fragment
    assert [paragraph.text for paragraph in content.paragraphs] == ["正文第一段。", "正文第二段。"]
    assert [ignored.reason for ignored in content.ignored] == ["page-join marker", "page-join marker"]
