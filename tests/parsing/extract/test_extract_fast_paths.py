"""The extractors' shortcuts (first-character guards, cues, cached tables) give exactly what the long way gives."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.parsing.extract import claims, dates, money
from engine.parsing.extract.base import vocab_value
from engine.spans import Locator
from engine.vocabulary import load_vocabularies

SEEDS = sorted((Path(__file__).resolve().parents[3] / "fixtures" / "raw").glob("*.txt"))
SEED_TEXTS = [path.read_text(encoding="utf-8") for path in SEEDS]
ALPHABET = st.sampled_from(list("0123456789.,、:()（）%年月日号旬底末份度今去上本至到-—~"
                                "〇零一二两三四五六七八九十百千万亿元角分余多个项条名人户家所次期批场轮"
                                "其中对全市的问题方面举措措施原因大类性具体整改是明来前之以\n Ab壹廿٣"))

# (name, guarded pattern, guard): the guard is a lookahead on the first character of every match.
GUARDED = [
    ("date", dates._DATE, r"(?=[\d年今去上本明来〇零一二三四五六七八九十])"),
    ("status after", claims._STATUS_AFTER, rf"(?=有|{claims._NUM_CHAR})"),
]
# (name, pattern, plain source): patterns written to open with a character class (the first character of
# the number, its lookbehind after it) and the plain form they must match exactly like.
REWRITTEN = [
    ("money", money._MONEY, money._MONEY_PLAIN),
    ("enumerated", claims._ENUMERATED, claims._ENUMERATED.pattern.replace(claims._NUM_FIRST, claims._NUM)),
    ("measure list", claims._MEASURE_LIST, claims._MEASURE_LIST.pattern.replace(claims._NUM_FIRST, claims._NUM)),
    ("percent", claims._PERCENT, r"(?<![\d.])(?P<v>\d+(?:\.\d+)?)%"),
    ("count", claims._COUNT, rf"(?<![\d.])(?P<n>\d+)(?P<c>{claims._CLS})"),
    ("qizhong", claims._QIZHONG, r"(?<![(（])其中[:：,，]?"),
    *[(f"counts {index}", re.compile(source), source.replace(claims._NUM_FIRST, claims._NUM))
      for index, (source, _, _) in enumerate(claims._COUNTS) if claims._NUM_FIRST in source],
]


def unguarded(pattern: re.Pattern[str], guard: str) -> re.Pattern[str]:
    """The pattern without its guard (``_DATE`` wraps its alternatives in a group after it)."""
    assert pattern.pattern.startswith(guard)
    rest = pattern.pattern[len(guard):]
    return re.compile(rest[3:-1] if rest.startswith("(?:") and pattern is dates._DATE else rest)


def references() -> list[tuple[str, re.Pattern[str], re.Pattern[str]]]:
    """(name, pattern, the plain pattern it must match exactly like)."""
    return ([(name, pattern, unguarded(pattern, guard)) for name, pattern, guard in GUARDED]
            + [(name, pattern, re.compile(plain)) for name, pattern, plain in REWRITTEN])


REFERENCES = references()
Found = list[tuple[tuple[int, int], tuple[str | None, ...]]]


def matches(pattern: re.Pattern[str], text: str, start: int, end: int) -> Found:
    return [(m.span(), m.groups()) for m in pattern.finditer(text, start, end)]


def test_rewritten_patterns_open_with_a_character_class() -> None:
    """What the rewriting is for: ``re`` finds a first-character set to skip ahead with (no leading lookaround)."""
    from re import _compiler, _parser  # type: ignore[attr-defined]

    for name, pattern, _ in REWRITTEN:
        parsed = _parser.parse(pattern.pattern)
        assert _compiler._get_literal_prefix(parsed, 0)[0] or _compiler._get_charset_prefix(parsed, 0), name
    assert len(REWRITTEN) == 10  # (the four _COUNTS patterns that start with a number among them)


@pytest.mark.parametrize(("name", "pattern", "plain"), REFERENCES, ids=[r[0] for r in REFERENCES])
def test_fast_forms_keep_the_matches_of_the_seeds(name: str, pattern: re.Pattern[str], plain: re.Pattern[str]) -> None:
    for text in SEED_TEXTS:
        assert matches(pattern, text, 0, len(text)) == matches(plain, text, 0, len(text))
        for start in range(0, len(text), 499):  # slices cut anywhere (lookbehinds see before start)
            assert matches(pattern, text, start, start + 700) == matches(plain, text, start, start + 700)


# Cases of each rewritten pattern's edges: thousands separators, decimals, a number glued to a letter or a
# point, full-width and ASCII parentheses before 其中, numerals of both kinds side by side, other decimal digits.
EDGE_TEXTS = ["共1,000元,1,000.5万元,12,34元,1,2345元", "12.5%,.5%,3.2.1个,A3元,x12%", "（其中:3人）(其中,4项)其中5个",
              "十3个,3十个,二十三项,两千元,壹万元,廿卅元", "٣个,١٢%,٣٫٥万元",
              "问题3个方面5个问题,第3个方面,2.3个方面问题", "7项具体整改措施,.7项措施,三大类5个方面,3条措施",
              "一项,三个,x.3个方面5个问题,.4大类5个方面,.6个方面问题,.8项措施,一是,2项措施:一是,.3项措施:一是"]


@pytest.mark.parametrize(("name", "pattern", "plain"), REFERENCES, ids=[r[0] for r in REFERENCES])
def test_fast_forms_keep_the_matches_of_edge_cases(name: str, pattern: re.Pattern[str], plain: re.Pattern[str]) -> None:
    for text in EDGE_TEXTS:
        for cut in range(len(text)):
            assert matches(pattern, text, cut, len(text)) == matches(plain, text, cut, len(text)), (text, cut)


# Few characters, all of which matter to the numbers' lookbehinds and alternatives: dense in edge cases.
DENSE = st.sampled_from(list("019٣.,%个项人元万角分余一二十千壹廿其中(（A年月"))


@settings(max_examples=500)
@given(text=st.one_of(st.text(ALPHABET, max_size=60), st.text(DENSE, max_size=30)),
       cut=st.integers(min_value=0, max_value=60), stop=st.integers(min_value=0, max_value=60))
def test_fast_forms_keep_the_matches_of_any_text(text: str, cut: int, stop: int) -> None:
    for _, pattern, plain in REFERENCES:
        assert matches(pattern, text, 0, len(text)) == matches(plain, text, 0, len(text))
        assert matches(pattern, text, cut, len(text)) == matches(plain, text, cut, len(text))
        assert matches(pattern, text, cut, stop) == matches(plain, text, cut, stop)


@settings(max_examples=300)
@given(text=st.text(ALPHABET, max_size=60))
def test_dates_never_match_empty(text: str) -> None:
    """The year/month/relative lookahead of the point-date alternative rules out empty matches."""
    assert all(m.end() > m.start() for m in dates._DATE.finditer(text))


@settings(max_examples=300)
@given(text=st.text(ALPHABET, max_size=60))
def test_count_cues_are_in_every_match(text: str) -> None:
    for source, _, cue in claims._COUNTS:
        pattern = re.compile(source)
        for m in pattern.finditer(text):
            assert cue.search(m.group(0)) and claims._COUNT_WORDS.search(m.group(0))


@settings(max_examples=300)
@given(before=st.text(st.sampled_from(list("等组成共计和、A")), max_size=6))
def test_list_tail_is_the_longest_closing_word(before: str) -> None:
    tail = re.search(r"(?:等|组成|共|计)?$", before)
    assert tail is not None
    assert claims._list_tail(before) == len(tail.group(0))


@settings(max_examples=200)
@given(body=st.text(st.sampled_from(list("其中:为是,，、;；AB甲乙三十百元万个人项份")), max_size=30))
def test_breakdown_items_need_a_digit_or_yuan(body: str) -> None:
    """The parenthesis prefilter of sums: a body without a digit or 元 has no items."""
    if not claims._QUANTITY_CHAR.search(body):
        assert claims._parse_items(body, 0, body) == []


def test_set_total_whose_dui_stands_before_the_slice() -> None:
    """``对`` may stand just before the slice: the count right after it is still the total."""
    text = "对54所空壳学校进行清理,撤销32所,改扩建为幼儿园22所。"
    found = claims.extract_claims(text, 1, len(text), Locator(text))
    sums = [claim for claim in found if claim.kind.value == "sum"]
    assert len(sums) == 1 and sums[0].claimed == Decimal(54) and sums[0].text.startswith("54所")
    assert [part.value for part in sums[0].parts] == [Decimal(32), Decimal(22)]


def test_vocab_value_is_value_of() -> None:
    for name, vocab in load_vocabularies().items():
        for phrase in vocab.phrases():
            assert vocab_value(name, phrase) == vocab.value_of(phrase)
        assert vocab_value(name, "不是任何短语") is None
