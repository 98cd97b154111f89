"""Heading markers at the start of a paragraph: 第一部分 一、 (一) （一） 1. 1、 (1) 1) ① • 问题1:.

A marker has a style (which family of numbering it belongs to) and a value. Chinese
numerals are read with cn2an (零…九十九 from a table, see ``extract.numerals``), circled digits
with ``unicodedata.numeric``. Levels are not fixed per style: the document decides (see
``structure``), because notices skip levels.

Arabic markers have up to four digits, but one of three or four digits (``100.``, ``2020.``)
is only a candidate: it is read (``wide=True``) solely by ``structure``, which keeps it as a
heading only if it continues the numbering (``2020.全市…`` in a block is text, not finding 2020).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from enum import StrEnum

import regex

from engine.parsing.extract.numerals import SMALL_NUMERALS, cn2an_value

CN_DIGITS = "零〇一二两三四五六七八九十百"


class MarkerStyle(StrEnum):
    """Families of heading numbering."""

    part = "part"  # 第一部分
    cn_dun = "cn_dun"  # 一、
    cn_paren = "cn_paren"  # (一) （一）
    arabic_dot = "arabic_dot"  # 1.
    arabic_dun = "arabic_dun"  # 1、
    arabic_paren = "arabic_paren"  # (1) （1）
    arabic_half_paren = "arabic_half_paren"  # 1) 1）
    circled = "circled"  # ①
    bullet = "bullet"  # • standing for a marker lost in web rendering
    labelled = "labelled"  # 问题1: 问题一: 【问题一】


@dataclass(frozen=True)
class Marker:
    """A heading marker at the start of a paragraph.

    ``text`` is the marker as printed (``一、``, ``(一)``, ``1.``, ``•``); ``end`` is where
    the heading text begins (after the marker and any blanks). ``digit_follows`` flags
    ``13.475所…``: the marker is only a marker if 13 is the expected number. ``wide`` flags an
    arabic number of three or four digits (``100.``, ``2020.``): likewise only a marker if expected.
    """

    style: MarkerStyle
    text: str
    value: int | None
    end: int
    digit_follows: bool = False
    wide: bool = False


CIRCLED_DIGITS = "".join(map(chr, [*range(0x2460, 0x2474), *range(0x3251, 0x3260)]))  # ① … ⑳, ㉑ … ㉟
# What a sub-point marker ((1), （1）, 1), ①: SUB_POINT_STYLES) opens with
SUB_POINT_FIRST_CHARS = frozenset("(（0123456789" + CIRCLED_DIGITS)

_PATTERNS: list[tuple[MarkerStyle, regex.Pattern[str]]] = [
    (MarkerStyle.cn_dun, regex.compile(rf"([{CN_DIGITS}]{{1,4}})\s*、")),
    (MarkerStyle.cn_paren, regex.compile(rf"[(（]\s*([{CN_DIGITS}]{{1,4}})\s*[)）]")),
    (MarkerStyle.arabic_paren, regex.compile(r"[(（]\s*(\d{1,4})\s*[)）]")),
    (MarkerStyle.arabic_dot, regex.compile(r"(\d{1,4})\s*[.．](?![.．])")),
    (MarkerStyle.arabic_dun, regex.compile(r"(\d{1,4})\s*、")),
    (MarkerStyle.arabic_half_paren, regex.compile(r"(\d{1,4})\s*[)）]")),
    (MarkerStyle.circled, regex.compile(f"([{CIRCLED_DIGITS}])")),
    (MarkerStyle.bullet, regex.compile(r"([•·●▪◆■])")),
    # 问题1: 问题一、 【问题一】 问题1 (a space before the problem), 第一个问题: 第2项问题:
    (MarkerStyle.labelled, regex.compile(
        rf"【?(?|问题\s*(\d{{1,3}}|[{CN_DIGITS}]{{1,4}})|第(\d{{1,3}}|[{CN_DIGITS}]{{1,4}})[个项]?问题)"
        r"\s*(?:】\s*[:：]?|[:：、.．]|(?<=[\d\p{Han}])[ \t\u3000]+(?=\p{Han}))")),
]

# 第一部分 is tried only on paragraphs opening with 第 (the other patterns never start with it but 第2项问题:)
_PART_FIRST = [(MarkerStyle.part, regex.compile(rf"第([{CN_DIGITS}]{{1,3}})部分[ \t\u3000]*[、:：.．]?")), *_PATTERNS]
# What a marker can start with (the first character class of each pattern above; ``\d`` is isdecimal):
# most paragraphs start with none of these and are turned down without trying the eight patterns.
_FIRST_CHARS = frozenset(CN_DIGITS + "(（•·●▪◆■问第【" + CIRCLED_DIGITS)
_ARABIC_STYLES = (MarkerStyle.arabic_dot, MarkerStyle.arabic_dun, MarkerStyle.arabic_paren,
                  MarkerStyle.arabic_half_paren)
_BLANKS = " \t\u3000\u00a0"


def chinese_value(token: str) -> int | None:
    """Value of a Chinese numeral token (``二十八`` → 28); None when it is not a number."""
    small = SMALL_NUMERALS.get(token)
    if small is not None:
        return small
    try:
        value = cn2an_value(token, "strict")
    except (ValueError, KeyError, TypeError):
        return None
    return int(value)


def circled_value(char: str) -> int:
    """Value of a circled digit (``③`` → 3)."""
    return int(unicodedata.numeric(char))


_WIDE_DIGITS = 3
SPACES = regex.compile(r"\s+")  # compiled once: module-level regex.sub looks its pattern up on every call


def match_marker(text: str, *, wide: bool = False) -> Marker | None:
    """The heading marker at the start of ``text``, if any.

    Arabic numbers of three or four digits are markers only with ``wide`` (they come back
    flagged ``wide``); callers without the numbering context leave them out.
    """
    first = text[:1]
    if first not in _FIRST_CHARS and not first.isdecimal():
        return None
    for style, pattern in _PART_FIRST if first == "第" else _PATTERNS:
        found = pattern.match(text)
        if found is None:
            continue
        token = found.group(1)
        value: int | None
        if style in (MarkerStyle.part, MarkerStyle.cn_dun, MarkerStyle.cn_paren) or (
                style == MarkerStyle.labelled and not token.isdecimal()):
            value = chinese_value(token)
            if value is None:
                continue
        elif style == MarkerStyle.circled:
            value = circled_value(token)
        elif style == MarkerStyle.bullet:
            value = None
        else:
            if len(token) >= _WIDE_DIGITS and not wide:
                continue
            value = int(token)
        end = found.end()
        rest = end
        while rest < len(text) and text[rest] in _BLANKS:
            rest += 1
        if rest >= len(text) and style != MarkerStyle.bullet:
            continue  # a bare number is not a heading
        digit_follows = style == MarkerStyle.arabic_dot and rest < len(text) and text[rest].isdigit()
        printed = SPACES.sub("", text[: found.end()])
        is_wide = style in _ARABIC_STYLES and len(token) >= _WIDE_DIGITS
        return Marker(style, printed, value, rest, digit_follows, is_wide)
    return None
