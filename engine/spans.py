"""Mapping character offsets of a text to Spans (line and column)."""

from __future__ import annotations

from bisect import bisect_right

from engine.model import Span


class Locator:
    """Turns [start, end) offsets into Spans with 1-based line and column.

    Lines are split on ``\\n`` only: readers normalise CRLF/CR to ``\\n`` and map offsets
    back to the original file themselves.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.line_starts = [0]
        for index, char in enumerate(text):
            if char == "\n":
                self.line_starts.append(index + 1)

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset."""
        line_index = bisect_right(self.line_starts, offset) - 1
        return line_index + 1, offset - self.line_starts[line_index] + 1

    def span(self, start: int, end: int) -> Span:
        line, column = self.position(start)
        return Span(start=start, end=end, line=line, column=column)
