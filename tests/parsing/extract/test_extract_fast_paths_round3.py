"""Third round of extractor shortcuts: each gives exactly what the long way gives."""

from __future__ import annotations

import re
import sys
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.parsing.extract import claims
from engine.parsing.extract.numerals import CHINESE_DIGITS, CHINESE_UNITS
from engine.parsing.lines import split_paragraphs
from engine.spans import Locator

SEEDS = sorted((Path(__file__).resolve().parents[3] / "fixtures" / "raw").glob("*.txt"))
SEED_TEXTS = [path.read_text(encoding="utf-8") for path in SEEDS]
# Claim cues without any numeral: the words around counts, rates, sums and statuses.
NO_NUMBER = st.text(st.sampled_from(list("个项条名人户家所次期批场轮元角分余多%(（)）,，、;；:：。其中对全市的问题"
                                         "方面举措措施原因大类性具体整改是已完成办结基本到位合计共计结余剩余其他还有"
                                         "“”《》率\n ")), max_size=60)


def test_number_characters_cover_every_numeral_a_claim_reads() -> None:
    """Every character that can start a number of a claim (_NUM, \\d, money's numerals) is a number character."""
    for char in "一二两三四五六七八九十百千" + CHINESE_DIGITS + CHINESE_UNITS:
        assert claims._NUMBER_CHAR.match(char), char
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        if re.match(r"\d", char):
            assert claims._NUMBER_CHAR.match(char), hex(code)


def long_way_claims(monkeypatch: pytest.MonkeyPatch, text: str, start: int, end: int) -> list[object]:
    """extract_claims without the number pre-check (a pattern that matches everywhere)."""
    with monkeypatch.context() as patched:
        patched.setattr(claims, "_NUMBER_CHAR", re.compile(""))
        return list(claims.extract_claims(text, start, end, Locator(text)))


@settings(max_examples=300)
@given(text=NO_NUMBER)
def test_a_slice_without_numbers_has_no_claims(text: str) -> None:
    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(claims, "_NUMBER_CHAR", re.compile(""))
        assert claims.extract_claims(text, 0, len(text), Locator(text)) == []
    assert claims.extract_claims(text, 0, len(text), Locator(text)) == []


def test_seed_paragraphs_without_numbers_have_no_claims(monkeypatch: pytest.MonkeyPatch) -> None:
    checked = 0
    for text in SEED_TEXTS:
        for paragraph in split_paragraphs(text):
            # the paragraph and each of its sentences
            cuts = [paragraph.start, *(m.end() for m in re.finditer("。", text[:paragraph.end]) if
                                       m.end() > paragraph.start), paragraph.end]
            for start, end in [(paragraph.start, paragraph.end), *pairwise(cuts)]:
                if start < end and not claims._NUMBER_CHAR.search(text, start, end):
                    assert long_way_claims(monkeypatch, text, start, end) == []
                    checked += 1
    assert checked > 100
    # and where there are numbers, the pre-check lets the claims through
    text = SEED_TEXTS[0]
    assert claims.extract_claims(text, 0, len(text), Locator(text)) == long_way_claims(monkeypatch, text, 0, len(text))


COUNT_TEXT = st.text(st.sampled_from(list("0123456789.个项人元万所,，。其中对全市万元亿")), max_size=40)


@settings(max_examples=300)
@given(text=COUNT_TEXT, cut=st.integers(min_value=0, max_value=40), stop=st.integers(min_value=0, max_value=40))
def test_counts_in_is_the_counts_of_quantities(text: str, cut: int, stop: int) -> None:
    """``_counts_in`` skips the money scan where no count is: the same counts as the long way."""
    expected = [q for q in claims._quantities(text, cut, stop) if q[3] != "元"]
    assert claims._counts_in(text, cut, stop) == expected


def test_counts_in_on_the_seeds() -> None:
    for text in SEED_TEXTS:
        for start in range(0, len(text), 53):
            expected = [q for q in claims._quantities(text, start, start + 80) if q[3] != "元"]
            assert claims._counts_in(text, start, start + 80) == expected


MEASURE_LIST_CUE = re.compile(claims._MEASURE_LIST_CUE)
CUE_TEXT = st.text(st.sampled_from(list("一是二:：, \u3000\t\n\u2003整改")), max_size=24)


@settings(max_examples=500)
@given(text=CUE_TEXT, cut=st.integers(min_value=0, max_value=24), stop=st.integers(min_value=0, max_value=24))
def test_measure_list_cue_is_the_regex(text: str, cut: int, stop: int) -> None:
    """The cue looked for from each 一是 backwards is ``_MEASURE_LIST_CUE.search`` on the slice."""
    expected = MEASURE_LIST_CUE.search(text, cut, stop) is not None
    assert claims._has_measure_list_cue(text, cut, stop) == expected


def test_measure_list_cue_on_the_seeds() -> None:
    for text in SEED_TEXTS:
        for start in range(0, len(text), 41):
            for end in (start + 30, start + 300):
                expected = MEASURE_LIST_CUE.search(text, start, end) is not None
                assert claims._has_measure_list_cue(text, start, end) == expected
    assert claims._has_measure_list_cue("三项措施:\u3000一是", 0, 8)
    assert not claims._has_measure_list_cue("三项措施:\u3000一是", 5, 8)  # the colon is before the slice
    assert not claims._has_measure_list_cue("三项措施:\u3000一是", 0, 7)  # 一是 is cut by the slice end


@settings(max_examples=300)
@given(text=st.text(st.sampled_from(list("3三项条个措施机制:：\u3000 一是二")), max_size=24))
def test_every_measure_list_holds_its_cue(text: str) -> None:
    """``_enumerations`` scans for ``_MEASURE_LIST`` only where the cue is: every match holds it."""
    for m in claims._MEASURE_LIST.finditer(text):
        assert MEASURE_LIST_CUE.search(m.group(0))
        assert claims._has_measure_list_cue(text, 0, len(text))
