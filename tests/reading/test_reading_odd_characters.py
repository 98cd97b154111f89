"""Text full of unassigned or private-use characters is binary data: the check counts exactly those."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.errors import InputError
from engine.reading.decoding import _ODD_CATEGORIES, _SAMPLE, _SUSPECT_RATIO, _check_text

# ordinary text, blanks and controls that are allowed, private use (U+E000), unassigned (U+0378), format (U+200B)
PIECES = st.sampled_from(["整改", "abc", "，。", " ", "\n", "\t", "\u3000", "\u200b", "\ue000", "\u0378", "\U000f0000"])


def odd_in_sample(text: str) -> int:
    sample = text.lstrip("\ufeff")[:_SAMPLE]
    return sum(unicodedata.category(char) in _ODD_CATEGORIES for char in sample)


@given(st.lists(PIECES, min_size=1, max_size=40).map("".join))
def test_binary_iff_too_many_odd_characters(text: str) -> None:
    if not text.strip():
        return  # empty files are rejected for that reason
    limit = max(4, len(text.lstrip("\ufeff")[:_SAMPLE]) * _SUSPECT_RATIO * 5)
    if odd_in_sample(text) > limit:
        with pytest.raises(InputError, match="unassigned or private-use"):
            _check_text(text, "x.txt")
    else:
        _check_text(text, "x.txt")


def test_examples() -> None:
    _check_text("整改情况\n\u3000已完成。\u200b\ue000\ue000", "x.txt")  # two odd characters are tolerated
    with pytest.raises(InputError, match="5 unassigned or private-use"):
        _check_text("整改\ue000\u0378\ue001\U000f0000\ue002", "x.txt")
