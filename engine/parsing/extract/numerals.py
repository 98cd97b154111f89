"""Numeral tokens to numbers: Arabic digits, Chinese numerals (with cn2an) and circled digits.

Only tokens a regex has already captured are converted; ``cn2an.transform`` is never run on
running text (it turns 一是 into 1是 and 一两个 into 12个, see zh_libs.md §4).

Importing cn2an costs 80–200 ms (it compiles many regexes and pulls in ``proces``), so the
numerals 零, 两 and 一…九十九 written the usual way come from a table (``SMALL_NUMERALS``; the
tests check every entry against cn2an in both modes) and cn2an is imported on the first token
outside it (二〇二〇, 一百零五, 两百, capitals).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from functools import lru_cache, wraps
from typing import Any, Literal, TypeVar

CHINESE_DIGITS = "零〇一二两三四五六七八九壹贰叁肆伍陆柒捌玖"
CHINESE_UNITS = "十百千万亿拾佰仟廿卅"
CHINESE_NUMERAL_CLASS = f"[{CHINESE_DIGITS}{CHINESE_UNITS}]"
# A number as printed: Arabic (optionally with thousands separators and decimals) or Chinese.
ARABIC = r"\d+(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
NUMBER = rf"(?:{ARABIC}|{CHINESE_NUMERAL_CLASS}+)"

_APPROX_SUFFIX = re.compile(r"[余多来]+$")
_ARABIC_FULL = re.compile(rf"^(?:{ARABIC})$")
_CIRCLED_RANGES = ((0x2460, 0x2473), (0x2474, 0x2487), (0x2488, 0x249B), (0x2776, 0x2793), (0x3251, 0x325F),
                   (0x32B1, 0x32BF), (0x2160, 0x217F))
_TRANSLATE_CAPITAL = str.maketrans({"廿": "二十", "卅": "三十"})


def _small_numerals() -> dict[str, int]:
    """零 and 一…九十九 as written in running text: 十, 十一, 二十, 二十一, … 九十九."""
    digits = "一二三四五六七八九"
    table = {"零": 0}
    for value in range(1, 100):
        tens, units = divmod(value, 10)
        text = ("" if tens == 0 else "十" if tens == 1 else digits[tens - 1] + "十")
        table[text + (digits[units - 1] if units else "")] = value
    return table


SMALL_NUMERALS = _small_numerals()  # the same value in cn2an's "strict" and "normal" modes
SMALL_NUMERALS_NORMAL = {**SMALL_NUMERALS, "两": 2}  # "normal" mode only (strict refuses 两)


def cn2an_value(token: str, mode: Literal["normal", "strict"]) -> Any:
    """``cn2an.cn2an(token, mode)``, importing cn2an on first use."""
    import cn2an

    return cn2an.cn2an(token, mode)


_Result = TypeVar("_Result")
_LONGEST_CACHED = 24  # characters: every real count or amount; longer tokens are computed, not kept


def _cached_when_short(function: Callable[[str], _Result]) -> Callable[[str], _Result]:
    """Memoise a pure token conversion for short tokens only (they recur: every number an extractor
    sees), so that a text full of long distinct digit runs cannot fill the cache with them."""
    cached = lru_cache(maxsize=4096)(function)

    @wraps(function)
    def convert(token: str) -> _Result:
        return cached(token) if len(token) <= _LONGEST_CACHED else function(token)

    return convert


def strip_approximation(token: str) -> tuple[str, bool]:
    """Remove a trailing 余/多/来 (10余 -> 10); report whether one was removed."""
    stripped = _APPROX_SUFFIX.sub("", token)
    return stripped, stripped != token


@_cached_when_short
def chinese_to_int(token: str) -> int | None:
    """A Chinese numeral (十二, 两, 一百零五, 二〇二〇, 廿) as int; None if it is not one."""
    token, _ = strip_approximation(token.strip())
    if not token or any(char not in CHINESE_DIGITS + CHINESE_UNITS for char in token):
        return None
    small = SMALL_NUMERALS_NORMAL.get(token)
    if small is not None:
        return small
    try:
        value = cn2an_value(token.translate(_TRANSLATE_CAPITAL), "normal")
    except (ValueError, KeyError, IndexError, TypeError):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None


def circled_value(char: str) -> int | None:
    """The value of a circled/parenthesised/roman numeral character (① -> 1, ⑳ -> 20, Ⅲ -> 3)."""
    if len(char) != 1 or not any(lo <= ord(char) <= hi for lo, hi in _CIRCLED_RANGES):
        return None
    try:
        value = unicodedata.numeric(char)
    except ValueError:
        return None
    return int(value) if float(value).is_integer() else None


@_cached_when_short
def to_decimal(token: str) -> Decimal | None:
    """Arabic (``1,051.15``) or Chinese (``三千五百``) number as a Decimal; None if neither."""
    token, _ = strip_approximation(token.strip())
    if _ARABIC_FULL.match(token):
        try:
            return Decimal(token.replace(",", ""))
        except InvalidOperation:
            return None
    value = chinese_to_int(token)
    return None if value is None else Decimal(value)


@_cached_when_short
def to_int(token: str) -> int | None:
    """A count token (``26``, ``十二``, ``10余``, ``①``) as int; None if it is not a whole number."""
    token = token.strip()
    if len(token) == 1 and (value := circled_value(token)) is not None:
        return value
    number = to_decimal(token)
    if number is None or number != number.to_integral_value():
        return None
    return int(number)
