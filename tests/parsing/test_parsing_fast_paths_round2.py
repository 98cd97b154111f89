"""Second round of parser shortcuts: each gives exactly what the long way gives."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.model import Claim, Span
from engine.parsing import blocks
from engine.parsing.extract import base, claims
from engine.parsing.headings import SPACES
from engine.parsing.lines import split_paragraphs
from engine.reading.source_text import SourceText
from engine.spans import Locator
from engine.vocabulary import vocabulary

SEEDS = sorted((Path(__file__).resolve().parents[2] / "fixtures" / "raw").glob("*.txt"))
SEED_TEXTS = [path.read_text(encoding="utf-8") for path in SEEDS]
STOP_SETS = [base.CLAUSE_END, base.CLAUSE_END_LISTING, base.SENTENCE_END, base.FULL_STOP, frozenset(";；。\n"),
             frozenset(), frozenset("]^-\\")]
TEXT = st.text(st.sampled_from(list("ab,，、;；:：。!！?？\n]^-\\ 整改")), max_size=60)


def loop_left(text: str, pos: int, stops: frozenset[str], limit: int = 0) -> int | str:
    try:
        return base._left_bound_loop(text, pos, stops, max(limit, pos - base.MAX_REACH))
    except IndexError:
        return "error"


def loop_right(text: str, pos: int, stops: frozenset[str], limit: int | None = None) -> int | str:
    stop = min(len(text) if limit is None else limit, len(text), pos + base.MAX_REACH)
    try:
        return base._right_bound_loop(text, pos, stops, stop)
    except IndexError:
        return "error"


def fast(bound: object, *args: object) -> int | str:
    try:
        return bound(*args)  # type: ignore[operator, no-any-return]
    except IndexError:
        return "error"


@settings(max_examples=400)
@given(texts=st.lists(TEXT, min_size=1, max_size=3), data=st.data())
def test_bounds_equal_the_character_loops(texts: list[str], data: st.DataObject) -> None:
    # several texts in turn: the reversed text kept for left_bound must follow the text asked about
    for text in texts:
        for _ in range(5):
            pos = data.draw(st.integers(min_value=-3, max_value=len(text) + 3))
            limit = data.draw(st.integers(min_value=-3, max_value=len(text) + 3))
            stops = data.draw(st.sampled_from(STOP_SETS))
            assert fast(base.left_bound, text, pos, stops, limit) == loop_left(text, pos, stops, limit)
            assert fast(base.left_bound, text, pos, stops) == loop_left(text, pos, stops)
            right_limit = data.draw(st.one_of(st.none(), st.just(limit)))
            assert fast(base.right_bound, text, pos, stops, right_limit) == loop_right(text, pos, stops, right_limit)


def test_bounds_reach_at_most_max_reach() -> None:
    text = "," + "字" * (base.MAX_REACH + 50) + ","
    assert base.left_bound(text, len(text) - 1, base.CLAUSE_END) == len(text) - 1 - base.MAX_REACH
    assert base.right_bound(text, 1, base.CLAUSE_END) == 1 + base.MAX_REACH
    for text in SEED_TEXTS:
        for pos in range(0, len(text), 37):
            for stops in STOP_SETS[:5]:
                assert base.left_bound(text, pos, stops, pos - 50) == loop_left(text, pos, stops, pos - 50)
                assert base.right_bound(text, pos, stops) == loop_right(text, pos, stops)


def claims_of(text: str) -> list[Claim]:
    locator = Locator(text)
    found: list[Claim] = []
    for start in range(0, len(text), 400):  # finding-sized slices, as the parser reads them
        found += claims.extract_claims(text, start, min(len(text), start + 900), locator)
    return found


ENUMERATION_PIECES = [*"、”“》《和及等共计组成三四五六七2345项个家名期次批条",
                      "有限公司", "月", "2019年3月", "培训班", "机制"]
ENUMERATION_TEXT = st.lists(st.sampled_from(ENUMERATION_PIECES), max_size=20).map("".join)


def test_list_prefilter_keeps_every_enumeration_of_the_seeds(monkeypatch: pytest.MonkeyPatch) -> None:
    filtered = [claims_of(text) for text in SEED_TEXTS]
    monkeypatch.setattr(claims, "_may_list", lambda text, lo, hi: True)
    assert filtered == [claims_of(text) for text in SEED_TEXTS]
    assert any(claim.target == "items" for found in filtered for claim in found)


@pytest.mark.parametrize(("text", "counted"), [
    ("制定了《甲方案》及《乙办法》两项制度", "《甲方案》及《乙办法》两项"),
    ("推行“台账管理、包案督办”两项机制", "“台账管理、包案督办”两项"),
    ("于2019年3月、2019年5月举办了两期培训班", "2019年3月、2019年5月举办了两期"),
    ("落实包案督办、抽查复核两项机制", "落实包案督办、抽查复核两项"),
    ("引进2家企业禹州市甲有限公司、禹州市乙有限公司管理运营", "2家企业禹州市甲有限公司、禹州市乙有限公司"),
])
def test_list_prefilter_keeps_each_kind_of_list(text: str, counted: str) -> None:
    found = claims.extract_claims(text, 0, len(text), Locator(text))
    assert [claim.text for claim in found] == [counted]


@settings(max_examples=300)
@given(pieces=st.lists(ENUMERATION_TEXT, max_size=4))
def test_list_prefilter_keeps_every_enumeration_of_any_text(pieces: list[str]) -> None:
    text = ",".join(pieces)
    filtered = claims.extract_claims(text, 0, len(text), Locator(text))
    original = claims._may_list
    try:  # (not the monkeypatch fixture: hypothesis runs the body many times per fixture)
        claims._may_list = lambda text, lo, hi: True
        assert filtered == claims.extract_claims(text, 0, len(text), Locator(text))
    finally:
        claims._may_list = original


def test_status_initials_skip_no_status(monkeypatch: pytest.MonkeyPatch) -> None:
    phrases = vocabulary("status").phrases()
    texts = [phrase + follow for phrase in phrases for follow in ("。", ",", "", "整改")]
    texts += [p.text for text in SEED_TEXTS for p in split_paragraphs(text)]
    text = "\n".join(texts)
    locator = Locator(text)
    starts = [0, *(i + 1 for i, char in enumerate(text) if char in "\n。,")]
    filtered = [blocks.status_at(text, s, min(len(text), s + 30), locator) for s in starts]
    monkeypatch.setattr(blocks, "status_initials", lambda: None)
    assert filtered == [blocks.status_at(text, s, min(len(text), s + 30), locator) for s in starts]
    assert sum(status is not None for status, _ in filtered) >= len(phrases)


def test_only_unprintable_characters_and_the_space_are_whitespace() -> None:
    # blocks._occurrences removes whitespace from a marker only when it holds an unprintable character or a space
    spaces = [chr(code) for code in range(0x110000) if not 0xD800 <= code <= 0xDFFF and SPACES.fullmatch(chr(code))]
    assert spaces and all(char == " " or not char.isprintable() for char in spaces)
    assert regex.sub(SPACES, "", "( 1 )") == "(1)"


MEASURE_PIECES = ["一是", "二是", "三是", "是", "(1)", "（2）", "(3)", "①", "②", "1.", "2.", "3、",
                  "整改", ",", "。", " ", "("]
MEASURE_LINE = st.lists(st.sampled_from(MEASURE_PIECES), max_size=8).map("".join)


def chains(text: str, starts: set[int]) -> list[list[tuple[int, int, int, str, bool]]]:
    """The top chain of every block cut from ``text`` at its paragraph starts."""
    cuts = sorted(starts | {len(text)})
    return [[tuple(o) for o in blocks._top_chain(text, lo, hi, starts)]
            for lo in cuts for hi in cuts if lo < hi]


def seed_chains() -> list[list[blocks.Occurrence]]:
    """The top chain of blocks of six paragraphs, cut at every paragraph of the seeds."""
    found = []
    for text in SEED_TEXTS:
        starts = {p.start for p in split_paragraphs(text)}
        ordered = sorted(starts)
        found += [blocks._top_chain(text, lo, hi, starts) for lo, hi in zip(ordered, ordered[6:], strict=False)]
    return found


def test_chain_precheck_keeps_the_chains_of_the_seeds(monkeypatch: pytest.MonkeyPatch) -> None:
    checked = seed_chains()
    monkeypatch.setattr(blocks, "_may_chain", lambda *args: True)
    assert checked == seed_chains()
    assert sum(bool(chain) for chain in checked) > 10


@settings(max_examples=300)
@given(lines=st.lists(MEASURE_LINE, min_size=1, max_size=6))
def test_chain_precheck_keeps_the_chains_of_any_text(lines: list[str]) -> None:
    text = "\n".join(lines)
    starts = {p.start for p in split_paragraphs(text)} | {0}
    checked = chains(text, starts)
    original = blocks._may_chain
    try:  # (not the monkeypatch fixture: hypothesis runs the body many times per fixture)
        blocks._may_chain = lambda *args: True
        assert checked == chains(text, starts)
    finally:
        blocks._may_chain = original


@pytest.mark.parametrize("original", ["\ufeff第一行\r\n第二行\n\n第四行", "一\r二\r\n三", "", "单行"])
def test_source_text_spans_use_the_line_of_position(original: str) -> None:
    source = SourceText.from_original("x.txt", "txt", "utf-8", original)
    for offset in range(len(source.text) + 1):
        span = source.span(offset, offset)
        assert (span.line, span.column) == source.position(offset)
        assert span == Span(start=span.start, end=span.end, line=span.line, column=span.column)


QUOTE_TEXT = st.text(st.sampled_from(list("“”\"《》〔〕[]\n字,")), max_size=80)


@settings(max_examples=400)
@given(texts=st.lists(QUOTE_TEXT, min_size=1, max_size=3), data=st.data())
def test_protected_ranges_equal_a_scan_of_the_slice(texts: list[str], data: st.DataObject) -> None:
    for text in texts:  # several texts in turn: the whole-text ranges kept must follow the text asked about
        for _ in range(6):
            start = data.draw(st.integers(min_value=-2, max_value=len(text) + 2))
            end = data.draw(st.integers(min_value=-2, max_value=len(text) + 2))
            assert base.protected_ranges(text, start, end) == base._scan_protected(text, start, end)


def test_protected_ranges_of_the_seeds_equal_a_scan_of_the_slice() -> None:
    straddled = 0
    for text in SEED_TEXTS:
        quotes = base._scan_protected(text, 0, len(text))
        cuts = sorted({0, len(text), *range(0, len(text), 97), *(lo + 1 for lo, _ in quotes)})
        for start, end in zip(cuts, cuts[3:], strict=False):
            assert base.protected_ranges(text, start, end) == base._scan_protected(text, start, end)
            straddled += any(lo < start < hi for lo, hi in quotes)
    assert straddled > 0  # slices cut inside a quote were asked about too


def test_per_text_caches_hold_across_threads() -> None:
    # the one-entry caches (reversed text, whole-text quotes) are replaced whole: threads parsing
    # different texts at once still get the answers for their own text
    texts = SEED_TEXTS[:4]
    reach = base.MAX_REACH
    expected = [(base._scan_protected(text, 0, len(text)),
                 base._left_bound_loop(text, len(text), base.CLAUSE_END, len(text) - reach)) for text in texts]

    def ask(index: int) -> bool:
        text = texts[index % len(texts)]
        quotes, bound = expected[index % len(texts)]
        return all(base.protected_ranges(text, 0, len(text)) == quotes
                   and base.left_bound(text, len(text), base.CLAUSE_END, len(text) - reach) == bound
                   for _ in range(200))

    with ThreadPoolExecutor(max_workers=4) as pool:
        assert all(pool.map(ask, range(16)))
