"""Numeral tokens: Chinese numerals via cn2an on captured tokens, circled digits via unicodedata."""

from __future__ import annotations

from decimal import Decimal

import pytest

from engine.parsing.extract.numerals import chinese_to_int, circled_value, strip_approximation, to_decimal, to_int

ROWS = [("一", 1), ("十二", 12), ("二十八", 28), ("十", 10), ("一百零五", 105), ("两", 2), ("廿", 20),
        ("壹佰贰拾", 120),
        ("二〇二〇", 2020), ("两百", 200), ("十余", 10), ("30多", 30), ("26", 26), ("①", 1), ("⑳", 20), ("⑴", 1),
        ("Ⅲ", 3)]


@pytest.mark.parametrize(("token", "value"), ROWS)
def test_to_int(token: str, value: int) -> None:
    assert to_int(token) == value


@pytest.mark.parametrize("token", ["", "是", "一是", "7.5", "①②", "abc"])
def test_not_a_count(token: str) -> None:
    assert to_int(token) is None


def test_decimal_and_helpers() -> None:
    assert to_decimal("1,051.15") == Decimal("1051.15")
    assert to_decimal("三千五百") == Decimal(3500)
    assert strip_approximation("10余") == ("10", True)
    assert chinese_to_int("第一") is None
    assert circled_value("a") is None


def test_small_numeral_table_agrees_with_cn2an() -> None:
    """The table that keeps cn2an off the start-up path gives exactly what cn2an gives, in both modes."""
    import cn2an

    from engine.parsing.extract.numerals import SMALL_NUMERALS, SMALL_NUMERALS_NORMAL

    assert len(SMALL_NUMERALS) == 100
    for table, modes in ((SMALL_NUMERALS, ("normal", "strict")), (SMALL_NUMERALS_NORMAL, ("normal",))):
        for token, value in table.items():
            for mode in modes:
                result = cn2an.cn2an(token, mode)
                assert result == value and type(result) is int, (token, mode, result)


def test_long_tokens_convert_the_same_as_short_ones_but_bypass_the_memo() -> None:
    long_digits = "1234567890" * 5  # longer than the memoised tokens
    assert to_decimal(long_digits) == Decimal(long_digits)
    assert to_int(long_digits) == int(long_digits)
    assert to_decimal(long_digits + ".5") == Decimal(long_digits + ".5")
    assert (to_int("26"), to_int("２６"), to_decimal("1,051.15")) == (26, 26, Decimal("1051.15"))
