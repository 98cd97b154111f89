"""Shared pieces of the extractors: the span protocol, the date context and text boundaries.

Every extractor is a pure function over a slice ``[start, end)`` of the whole normalised
document text; offsets it reports are document offsets. Boundary helpers look at the text
around a match (the clause, the sentence, the paragraph) without crossing the slice's
paragraph, so that context from before ``start`` can still be used when it is in the same
paragraph.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Protocol

from engine.model import Span
from engine.vocabulary import vocabulary


class SpanMaker(Protocol):
    """Anything that turns document offsets into a Span (``engine.spans.Locator`` does)."""

    def span(self, start: int, end: int) -> Span: ...


@dataclass(frozen=True)
class DateContext:
    """What year-less dates are resolved against.

    ``published`` is the notice's publication date (None when the notice prints none);
    ``year`` a context year carried from preceding text by the caller, used only when
    neither the paragraph nor the publication date decides. ``problem`` is the document
    range of a finding's problem statement, when the slice holds one: its dates describe
    the problem (a missed deadline, a past plan), so none of them is a target.
    """

    published: dt.date | None = None
    year: int | None = None
    problem: tuple[int, int] | None = None

    def in_problem(self, pos: int) -> bool:
        """Whether ``pos`` falls inside the problem statement."""
        return self.problem is not None and self.problem[0] <= pos < self.problem[1]

    def in_rectification(self, pos: int) -> bool:
        """Whether ``pos`` comes after the problem statement: in the finding's rectification blocks."""
        return self.problem is not None and pos >= self.problem[1]


@dataclass(frozen=True)
class ClaimContext:
    """Where a claims slice stands in the notice.

    ``rectification`` is the document range of a finding's rectification blocks (everything
    after its problem statement). A finding is one problem, so counts of sections and
    problems printed there (``省民委审计反馈整改的6个方面21个具体问题``) are about some other
    inspection or audit, never about this notice's own structure.
    """

    rectification: tuple[int, int] | None = None

    def in_rectification(self, pos: int) -> bool:
        """Whether ``pos`` falls inside the rectification blocks."""
        return self.rectification is not None and self.rectification[0] <= pos < self.rectification[1]


# Characters that end a clause / a sentence. ASCII forms are what the reader produces;
# the full-width forms are accepted too so that un-normalised text does not break anything.
CLAUSE_END = frozenset(",，、;；:：。!！?？\n")
CLAUSE_END_LISTING = CLAUSE_END - {"、"}  # a clause that runs on over 、 (A、B和C): built once, not per call
SENTENCE_END = frozenset("。;；!！?？\n")
FULL_STOP = frozenset("。!！?？\n")

_QUOTED = re.compile(r"“[^“”\n]{0,40}”|\"[^\"\n]{0,40}\"|《[^《》\n]{0,120}》|〔[^〔〕\n]{0,12}〕|\[[^\[\]\n]{0,12}\]")


# Clauses and sentences longer than this are cut: it keeps every extractor linear in the text.
MAX_REACH = 400


# The bounds are searched with a character-class regex instead of a Python loop over characters (about
# twice as fast per call; the extractors ask for ~180 bounds per notice). Leftwards, the class is searched
# forwards in the reversed text, which is made once per document (the last one is kept).
_STOP_PATTERNS: dict[frozenset[str], re.Pattern[str]] = {}
_reversed_text: tuple[str, str] = ("", "")


def _stop_pattern(stops: frozenset[str]) -> re.Pattern[str]:
    pattern = _STOP_PATTERNS.get(stops)
    if pattern is None:
        pattern = re.compile("[" + "".join(re.escape(char) for char in sorted(stops)) + "]" if stops else r"(?!x)x")
        _STOP_PATTERNS[stops] = pattern
    return pattern


def _reversed(text: str) -> str:
    global _reversed_text
    cached = _reversed_text  # one read: the pair is replaced whole, never changed in place
    if cached[0] is text:
        return cached[1]
    backwards = text[::-1]
    _reversed_text = (text, backwards)
    return backwards


def left_bound(text: str, pos: int, stops: frozenset[str], limit: int = 0) -> int:
    """Offset just after the nearest stop character before ``pos`` (not before ``limit``, at most MAX_REACH back)."""
    limit = max(limit, pos - MAX_REACH)
    size = len(text)
    if limit < 0 or pos > size or limit >= pos:
        return _left_bound_loop(text, pos, stops, limit)  # odd arguments: keep the plain loop's behaviour
    # text[i] is backwards[size - 1 - i]: search backwards[size - pos : size - limit] for the first stop
    found = _stop_pattern(stops).search(_reversed(text), size - pos, size - limit)
    return limit if found is None else size - found.start()


def _left_bound_loop(text: str, pos: int, stops: frozenset[str], limit: int) -> int:
    """``left_bound`` as a loop over characters (the reference it is tested against)."""
    index = pos - 1
    while index >= limit and text[index] not in stops:
        index -= 1
    return index + 1


# Names of money already stated (上述资金已全部上缴县财政)
BACK_REFERENCES = ("上述资金", "上述款项", "以上资金", "以上款项", "前述资金", "该笔资金", "该笔款项", "此笔资金",
                   "这笔资金", "上述违规资金", "上述违纪资金", "上述违规款项")
# Words that open a sentence about the money of the sentence before: its breakdown (其中,…) or the same money
CONTINUING = ("其中", *BACK_REFERENCES)


def breakdown_sentence_end(text: str, hi: int, limit: int | None = None) -> int:
    """``hi`` (a sentence end), or the end of the next sentence when it opens with 其中 and so breaks the
    last one down (``追回资金56.3万元。其中,项目资金20万元,…,均已上缴国库。``) or names the same money again
    (``追回违规资金5.2万元。上述资金已全部上缴县财政。``); not over a line break."""
    stop = len(text) if limit is None else limit
    if hi >= stop or text[hi] not in "。;；":
        return hi
    after = hi + 1
    while after < stop and text[after] in " \t\u3000":
        after += 1
    if not text.startswith(CONTINUING, after):
        return hi
    return right_bound(text, after, SENTENCE_END, limit)


def right_bound(text: str, pos: int, stops: frozenset[str], limit: int | None = None) -> int:
    """Offset of the nearest stop character at or after ``pos`` (``limit``, MAX_REACH or text end if none)."""
    stop = min(len(text) if limit is None else limit, len(text), pos + MAX_REACH)
    if pos >= stop or pos < 0:
        return _right_bound_loop(text, pos, stops, stop)
    found = _stop_pattern(stops).search(text, pos, stop)
    return stop if found is None else found.start()


def _right_bound_loop(text: str, pos: int, stops: frozenset[str], stop: int) -> int:
    """``right_bound`` as a loop over characters, up to ``stop`` (the reference it is tested against)."""
    index = pos
    while index < stop and text[index] not in stops:
        index += 1
    return index


def bracket_open(text: str, start: int, pos: int) -> bool:
    """Whether a bracket opened in ``text[start:pos]`` is still open at ``pos``."""
    opened = max(text.rfind("(", start, pos), text.rfind("（", start, pos))
    return opened >= 0 and opened > max(text.rfind(")", start, pos), text.rfind("）", start, pos))


def paragraph_start(text: str, pos: int) -> int:
    """Offset of the start of the paragraph holding ``pos`` (not limited by MAX_REACH)."""
    return text.rfind("\n", 0, pos) + 1


def protected_ranges(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Ranges of quoted slogans “…”, titles 《…》 and document numbers 〔…〕 in the slice.

    The extractors ask this of overlapping slices (~33 per notice, twice the text in all), so the
    whole text is scanned once and each slice takes its ranges. That is exactly what a scan of the
    slice finds unless a range of the whole text straddles an edge of the slice: a match is an
    opening mark, at most 120 characters without a closing mark, and the closing mark, so outside
    the ranges both scans fail at the same positions and inside them they find the same matches.
    A slice with a straddling range is scanned on its own.
    """
    ranges, starts = _whole_text_ranges(text)
    first = bisect_left(starts, start)
    stop = bisect_left(starts, end, first)
    if (first > 0 and ranges[first - 1][1] > start) or (stop > first and ranges[stop - 1][1] > end):
        return _scan_protected(text, start, end)
    return ranges[first:stop]


def _scan_protected(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``protected_ranges`` by scanning the slice (the reference it is tested against)."""
    return [(m.start(), m.end()) for m in _QUOTED.finditer(text, start, end)]


_whole_text: tuple[str, list[tuple[int, int]], list[int]] = ("", [], [])


def _whole_text_ranges(text: str) -> tuple[list[tuple[int, int]], list[int]]:
    """The protected ranges of the whole text and their starts (of the last text asked about)."""
    global _whole_text
    cached = _whole_text  # one read: the triple is replaced whole, never changed in place
    if cached[0] is text:
        return cached[1], cached[2]
    ranges = _scan_protected(text, 0, len(text))
    starts = [lo for lo, _ in ranges]
    _whole_text = (text, ranges, starts)
    return ranges, starts


class Intervals:
    """A set of [lo, hi) ranges with logarithmic membership tests (overlapping ranges are merged)."""

    def __init__(self, ranges: Iterable[tuple[int, int]]) -> None:
        merged: list[tuple[int, int]] = []
        for lo, hi in sorted(ranges):
            if merged and lo <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(hi, merged[-1][1]))
            else:
                merged.append((lo, hi))
        self._ranges = merged
        self._starts = [lo for lo, _ in merged]

    def holds(self, pos: int) -> bool:
        """Whether lo <= pos < hi for some range."""
        index = bisect_right(self._starts, pos) - 1
        return index >= 0 and pos < self._ranges[index][1]

    def strictly_holds(self, pos: int) -> bool:
        """Whether lo < pos < hi for some range (the opening character itself is outside)."""
        index = bisect_left(self._starts, pos) - 1
        return index >= 0 and pos < self._ranges[index][1]


def inside(ranges: list[tuple[int, int]], pos: int) -> bool:
    """Whether ``pos`` falls strictly inside one of ``ranges`` (sorted, from ``protected_ranges``)."""
    return Intervals(ranges).strictly_holds(pos)


def normal_decimal(value: Decimal) -> Decimal:
    """A Decimal without needless trailing zeros or exponent (74018.0000 -> 74018)."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


@cache
def vocab_regex(name: str) -> re.Pattern[str]:
    """A stdlib regex matching a vocabulary's phrases (longest first) and patterns."""
    words = vocabulary(name)
    alternatives = [re.escape(word) for word in words.phrases()] + list(words.patterns)
    return re.compile("|".join(f"(?:{alt})" for alt in alternatives) or r"(?!x)x")


@cache
def _vocab_values(name: str) -> dict[str, str]:
    """A mapping vocabulary as a dict (the first entry of a phrase wins, as in ``value_of``)."""
    values: dict[str, str] = {}
    for entry in vocabulary(name).entries:
        values.setdefault(entry.phrase, entry.value)
    return values


def vocab_value(name: str, phrase: str) -> str | None:
    """``vocabulary(name).value_of(phrase)`` by a dict lookup (value_of scans the entries; this runs per match)."""
    return _vocab_values(name).get(phrase)


def negated(text: str, verb_start: int, floor: int) -> bool:
    """Whether a negation word (negations vocab) stands within three characters before a verb.

    ``不断``/``不仅``/``不少``/``不低于`` are adverbs or quantifiers, not negations of the verb.
    """
    lo = max(floor, verb_start - 4)
    window = text[lo:verb_start]
    for match in vocab_regex("negations").finditer(window):
        follow = window[match.end():match.end() + 1] or text[verb_start:verb_start + 1]
        if match.group(0) == "不" and follow in {"断", "仅", "少", "低", "再"}:
            continue
        return True
    return False
