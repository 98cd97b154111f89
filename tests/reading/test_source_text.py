"""SourceText: normalisation is one-for-one except dropped BOM/CR, and offsets map back exactly."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from engine.reading import SourceText
from engine.reading.normalise import normalise

ALPHABET = st.sampled_from([*"ab整改\r\n\ufeff１，（）：；\u3000\u00a0①⑴ 。", "\r\n"])
originals = st.lists(ALPHABET, max_size=60).map("".join)


def as_text(char: str) -> str:
    """What one original character becomes in the normalised text."""
    if char == "\r":
        return "\n"
    if "\uff01" <= char <= "\uff5e":
        return chr(ord(char) - 0xFEE0)
    return " " if char in "\u3000\u00a0" else char


@given(originals)
def test_every_text_character_maps_to_its_original(original: str) -> None:
    source = SourceText.from_original("x.txt", "txt", "utf-8", original)
    text = source.text
    assert "\r" not in text
    assert source.prefix == (1 if original.startswith("\ufeff") else 0)  # one BOM dropped, no more
    assert len(original) - len(text) == source.prefix + len(source.crs)
    for offset, char in enumerate(text):
        span = source.span(offset, offset + 1)
        piece = original[span.start:span.end]
        assert piece == "\r\n" if offset in source.crs else as_text(piece) == char


@given(originals, st.data())
def test_spans_cover_the_same_characters(original: str, data: st.DataObject) -> None:
    source = SourceText.from_original("x.txt", "txt", "utf-8", original)
    end = data.draw(st.integers(0, len(source.text)))
    start = data.draw(st.integers(0, end))
    span = source.span(start, end)
    piece = original[span.start:span.end]
    assert "".join(as_text(char) for char in piece.replace("\r\n", "\n")) == source.text[start:end]


@given(originals, st.data())
def test_line_and_column_are_those_of_the_file(original: str, data: st.DataObject) -> None:
    source = SourceText.from_original("x.txt", "txt", "utf-8", original)
    offset = data.draw(st.integers(0, len(source.text)))
    start = source.original_offset(offset)
    line_start, line = 0, 1
    for match in re.finditer(r"\r\n|\r|\n", original[:start]):
        line_start, line = match.end(), line + 1
    column = start - line_start + 1 - (1 if line == 1 and original.startswith("\ufeff") else 0)
    assert source.position(offset) == (line, column)


def test_normalise_examples() -> None:
    assert normalise("\ufeffa\r\nb\rc") == ("a\nb\nc", 1, (1,))
    assert normalise("２０２０年（一）：\u3000完") == ("2020年(一): 完", 0, ())
    assert normalise("⑴①㈠") == ("⑴①㈠", 0, ())


def test_normalise_replaces_every_full_width_character() -> None:
    full_width = "".join(chr(code) for code in range(0xFF01, 0xFF5F))
    assert normalise(full_width + "\u3000\u00a0" + full_width[::-1]) == (
        "".join(chr(code) for code in range(0x21, 0x7F)) + "  " + "".join(chr(code) for code in range(0x7E, 0x20, -1)),
        0, ())
