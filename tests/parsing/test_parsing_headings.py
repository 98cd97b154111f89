"""Heading markers: style and value of each marker form, and what is not a marker."""

from __future__ import annotations

import pytest

from engine.parsing.headings import MarkerStyle, match_marker

CASES = [
    ("一、关于问题", MarkerStyle.cn_dun, "一、", 1),
    ("第一部分 整改工作总体情况", MarkerStyle.part, "第一部分", 1),
    ("第三部分：下一步工作打算", MarkerStyle.part, "第三部分：", 3),
    ("二十八、关于问题", MarkerStyle.cn_dun, "二十八、", 28),
    ("(一)关于问题", MarkerStyle.cn_paren, "(一)", 1),
    ("（十二）关于问题", MarkerStyle.cn_paren, "（十二）", 12),
    ("1.对习近平", MarkerStyle.arabic_dot, "1.", 1),
    ("1. 帮扶责任", MarkerStyle.arabic_dot, "1.", 1),
    ("28.整改措施", MarkerStyle.arabic_dot, "28.", 28),
    ("3、问题", MarkerStyle.arabic_dun, "3、", 3),
    ("(1)严格按照", MarkerStyle.arabic_paren, "(1)", 1),
    ("（2）加强", MarkerStyle.arabic_paren, "（2）", 2),
    ("1）学习贯彻不深入", MarkerStyle.arabic_half_paren, "1）", 1),
    ("12) 资金管理不规范", MarkerStyle.arabic_half_paren, "12)", 12),
    ("①针对", MarkerStyle.circled, "①", 1),
    ("⑩针对", MarkerStyle.circled, "⑩", 10),
    ("• 提高思想认识", MarkerStyle.bullet, "•", None),
    ("问题1:理论学习流于形式。", MarkerStyle.labelled, "问题1:", 1),
    ("问题十二：党员教育管理不严格", MarkerStyle.labelled, "问题十二：", 12),
    ("【问题三】村级财务管理不规范", MarkerStyle.labelled, "【问题三】", 3),
    ("问题 2、意识形态", MarkerStyle.labelled, "问题2、", 2),
    ("问题1 理论学习不深入。", MarkerStyle.labelled, "问题1", 1),  # a space before the problem
    ("第一个问题：理论学习不深入", MarkerStyle.labelled, "第一个问题：", 1),
    ("第2项问题:理论学习不深入", MarkerStyle.labelled, "第2项问题:", 2),
]


@pytest.mark.parametrize(("text", "style", "printed", "value"), CASES)
def test_marker(text: str, style: MarkerStyle, printed: str, value: int | None) -> None:
    marker = match_marker(text)
    assert marker is not None
    assert (marker.style, marker.text, marker.value) == (style, printed, value)


@pytest.mark.parametrize("text", ["2020年10月", "一是强化", "整改情况", "1.", "统一部署", "(其中立案1人)",
                                  "问题整改情况:已完成", "问题1", "问题1:", "问题线索3件",
                                  "第一个问题是理论学习", "第一,加强学习", "问题1个", "问题12 3个", "1)",
                                  "2023)年度", "第一部分", "第一批次"])
def test_not_a_marker(text: str) -> None:
    assert match_marker(text) is None


def test_digit_after_dot_is_flagged() -> None:
    marker = match_marker("13.475所村级卫生室")
    assert marker is not None and marker.value == 13 and marker.digit_follows


def test_heading_text_starts_after_blanks() -> None:
    marker = match_marker("1. 帮扶责任")
    assert marker is not None and "1. 帮扶责任"[marker.end:] == "帮扶责任"


@pytest.mark.parametrize(("text", "value"), [("100.问题", 100), ("101、问题", 101), ("（120）问题", 120),
                                             ("2020.全市", 2020)])
def test_three_or_four_digits_are_markers_only_in_context(text: str, value: int) -> None:
    assert match_marker(text) is None  # without the numbering context, not a marker
    marker = match_marker(text, wide=True)
    assert marker is not None and marker.value == value and marker.wide


@pytest.mark.parametrize("text", ["2020年全市", "1700米道路", "12345.问题"])
def test_long_numbers_are_not_markers(text: str) -> None:
    assert match_marker(text, wide=True) is None


def test_one_or_two_digits_are_not_wide() -> None:
    marker = match_marker("99.问题", wide=True)
    assert marker is not None and marker.value == 99 and not marker.wide
