"""``SourceText``: the decoded, normalised text of one input file, with offsets back to the file.

Offsets everywhere in the pipeline are offsets into ``SourceText.text`` (the normalised text).
``span(start, end)`` turns them into a :class:`engine.model.Span` whose ``start``/``end`` index
``original`` (the text as decoded from the file, or as extracted from a .docx/.html before
normalisation) and whose ``line``/``column`` are 1-based positions a reviewer can find in the file:

* txt: line and column in the file (the BOM is not counted; CRLF, LF and CR each end a line);
* docx: line = paragraph number in document order (table cell paragraphs and automatic list
  labels included), column = character within the paragraph;
* html: line and column of the original markup (exact for text characters; a character that came
  from an entity such as ``&amp;`` points at the ``&``; an inserted line break points just after
  the text before it).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal, Protocol

from engine.model import Span
from engine.reading.normalise import normalise
from engine.spans import make_span

SourceFormat = Literal["txt", "docx", "html"]


class PositionIndex(Protocol):
    """Maps an offset in the normalised text to a 1-based (line, column) in the source file."""

    def position(self, offset: int) -> tuple[int, int]: ...


class LineStarts:
    """Lines that start at given offsets of the normalised text (txt lines, docx paragraphs)."""

    def __init__(self, starts: Sequence[int]) -> None:
        self.starts = starts

    @classmethod
    def of_text(cls, text: str) -> LineStarts:
        """Lines split on LF (the normalised text has no CR)."""
        starts = [0]
        find = text.find
        index = find("\n")
        while index >= 0:
            starts.append(index + 1)
            index = find("\n", index + 1)
        return cls(starts)

    def position(self, offset: int) -> tuple[int, int]:
        index = bisect_right(self.starts, offset) - 1
        return index + 1, offset - self.starts[index] + 1


class Anchors:
    """Pieces of the normalised text anchored at a (line, column) of the source markup.

    ``offsets`` is sorted; a piece runs to the next offset. In an ``exact`` piece the n-th
    character sits n columns after the anchor; in an inexact one (an entity) all sit at it.
    """

    def __init__(self, offsets: Sequence[int], lines: Sequence[int], columns: Sequence[int],
                 exact: Sequence[bool]) -> None:
        self.offsets, self.lines, self.columns, self.exact = offsets, lines, columns, exact

    def position(self, offset: int) -> tuple[int, int]:
        index = bisect_right(self.offsets, offset) - 1
        if index < 0:
            return 1, 1
        delta = offset - self.offsets[index] if self.exact[index] else 0
        return self.lines[index], self.columns[index] + delta


@dataclass(frozen=True)
class SourceText:
    """The text of one input file, decoded and normalised, with its offset map.

    Build it with :meth:`from_original`; readers pass a ``positions`` index when line/column
    do not simply follow the LF-separated lines of ``text``.
    """

    path: str
    format: SourceFormat
    encoding: str | None
    original: str
    text: str
    prefix: int = field(default=0, repr=False)  # 1 when original starts with a BOM that text drops
    crs: tuple[int, ...] = field(default=(), repr=False)  # text offsets of LFs that were CRLF
    positions: PositionIndex | None = field(default=None, repr=False, compare=False)

    @classmethod
    def from_original(cls, path: str, format: SourceFormat, encoding: str | None, original: str,
                      positions: PositionIndex | None = None) -> SourceText:
        text, prefix, crs = normalise(original)
        return cls(path=path, format=format, encoding=encoding, original=original, text=text,
                   prefix=prefix, crs=crs, positions=positions)

    def _index(self) -> PositionIndex:
        if self.positions is None:
            object.__setattr__(self, "positions", LineStarts.of_text(self.text))
        assert self.positions is not None
        return self.positions

    def original_offset(self, offset: int) -> int:
        """Offset in ``original`` of ``text`` offset ``offset``.

        An LF that was a CRLF maps to its CR, so a span that includes the line break includes
        both characters and a span that ends before it includes neither. A dropped BOM is skipped.
        """
        if not self.crs:
            return offset + self.prefix
        return offset + self.prefix + bisect_left(self.crs, offset)

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) in the source file of ``text`` offset ``offset``."""
        if not 0 <= offset <= len(self.text):
            raise ValueError(f"offset {offset} outside the text (0..{len(self.text)})")
        return self._index().position(offset)

    def span(self, start: int, end: int) -> Span:
        """A Span for ``text[start:end]``: offsets into ``original``, line/column of ``start``."""
        if not 0 <= start <= end <= len(self.text):
            raise ValueError(f"bad span [{start}, {end}) for a text of length {len(self.text)}")
        # The parser makes a span for every value it reads: skip position()'s second range check, and look
        # the line up here for the usual index (LineStarts.position, without the method call).
        positions = self.positions if self.positions is not None else self._index()
        if type(positions) is LineStarts:
            starts = positions.starts
            index = bisect_right(starts, start) - 1
            line, column = index + 1, start - starts[index] + 1
        else:
            line, column = positions.position(start)
        if not self.crs:
            return make_span(start + self.prefix, end + self.prefix, line, column)
        return make_span(self.original_offset(start), self.original_offset(end), line, column)

    def line_starts(self) -> list[int]:
        """Offsets in ``text`` where each LF-separated line of ``text`` starts."""
        return list(LineStarts.of_text(self.text).starts)
