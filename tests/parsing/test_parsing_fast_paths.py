"""Shortcuts of segmentation and spans give exactly what the long way gives."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from engine.model import Span
from engine.parsing import blocks, headings
from engine.parsing.lines import split_paragraphs
from engine.spans import Locator, make_span

SEEDS = sorted((Path(__file__).resolve().parents[2] / "fixtures" / "raw").glob("*.txt"))


def dot_markers_by_scanning(text: str, start: int, stop: int, starts: set[int]) -> list[tuple[int, int, int]]:
    """The ``1.`` markers the way blocks once found them: scan the block, keep those at a paragraph start."""
    return [(m.start(), m.end(), int(m.group(1))) for m in blocks._FAMILIES["dot"].finditer(text, start, stop)
            if m.start() in starts]


LINE = st.text(st.sampled_from(list("0123456789.．、,。整改一是(（)） \u3000")), max_size=12)


@settings(max_examples=300)
@given(lines=st.lists(LINE, max_size=8), cut=st.integers(min_value=0, max_value=40))
def test_dot_markers_found_at_paragraph_starts_as_by_scanning(lines: list[str], cut: int) -> None:
    text = "\n".join(lines)
    starts = {p.start for p in split_paragraphs(text)}
    start = min(cut, len(text))
    found = [(o.start, o.end, o.value) for o in blocks._occurrences(text, start, len(text), "dot", starts)]
    assert found == dot_markers_by_scanning(text, start, len(text), starts)


def test_dot_markers_only_at_paragraph_starts() -> None:
    text = "整改措施:\n1.建立台账,共有2.5万元和3、4个\n2.开展检查"
    starts = {p.start for p in split_paragraphs(text)}
    found = blocks._occurrences(text, 0, len(text), "dot", starts)
    assert [(o.text, o.value) for o in found] == [("1.", 1), ("2.", 2)]


@settings(max_examples=200)
@given(start=st.integers(0, 10**6), length=st.integers(0, 10**4), line=st.integers(1, 10**5),
       column=st.integers(1, 10**4))
def test_make_span_equals_a_validated_span(start: int, length: int, line: int, column: int) -> None:
    made = make_span(start, start + length, line, column)
    validated = Span(start=start, end=start + length, line=line, column=column)
    assert made == validated and type(made) is Span
    assert made.model_fields_set == validated.model_fields_set
    assert made.model_dump() == validated.model_dump() and repr(made) == repr(validated)
    assert made.model_dump_json() == validated.model_dump_json()


def test_make_span_validates_values_out_of_range() -> None:
    with pytest.raises(ValidationError):
        make_span(-1, 2, 1, 1)
    with pytest.raises(ValidationError):
        make_span(0, 2, 0, 1)
    assert make_span(5, 3, 1, 1) == Span(start=5, end=3, line=1, column=1)  # Span does not order its ends


def test_locator_spans() -> None:
    text = "一\n二三"
    assert Locator(text).span(3, 4) == Span(start=3, end=4, line=2, column=2)


class _Everything:
    """A set holding every character: with it as the first-character filter, match_marker tries all patterns."""

    def __contains__(self, item: object) -> bool:
        return True


def test_marker_first_character_filter_turns_down_no_marker(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = [first + rest for first in map(chr, range(0x20, 0x10000)) if not "\ud800" <= first <= "\udfff"
             for rest in ("、标题", ".标题", "）标题", "  标题")]
    texts += [p.text for path in SEEDS for p in split_paragraphs(path.read_text(encoding="utf-8"))]
    filtered = [headings.match_marker(text) for text in texts]
    monkeypatch.setattr(headings, "_FIRST_CHARS", _Everything())
    assert filtered == [headings.match_marker(text) for text in texts]
    assert sum(marker is not None for marker in filtered) > 100
