"""Paragraphs of a text with their offsets (one paragraph per non-blank line)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from engine.model import Span

# Characters trimmed around a paragraph: ASCII/ideographic spaces, NBSP, tabs, zero-width marks.
BLANK = " \t\u3000\u00a0\u200b\ufeff\r"


class SpanMaker(Protocol):
    """Anything that turns [start, end) offsets of the text into a Span (Locator, SourceText)."""

    def span(self, start: int, end: int) -> Span: ...


@dataclass(frozen=True)
class Paragraph:
    """A non-blank line: ``text == source[start:end]``, trimmed of blanks on both sides."""

    index: int
    start: int
    end: int
    text: str

    def slice(self, start: int, end: int | None = None) -> tuple[int, int]:
        """Document offsets of ``text[start:end]``."""
        stop = len(self.text) if end is None else end
        return self.start + start, self.start + stop


def split_paragraphs(text: str) -> list[Paragraph]:
    """Non-blank lines of ``text`` (split on ``\\n``) with document offsets, in order."""
    paragraphs: list[Paragraph] = []
    offset = 0
    for line in text.split("\n"):
        stripped_left = line.lstrip(BLANK)
        stripped = stripped_left.rstrip(BLANK)
        if stripped:
            start = offset + (len(line) - len(stripped_left))
            paragraphs.append(Paragraph(len(paragraphs), start, start + len(stripped), stripped))
        offset += len(line) + 1
    return paragraphs


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink [start, end) of ``text`` so that it neither starts nor ends with blanks or newlines."""
    blanks = BLANK + "\n"
    while start < end and text[start] in blanks:
        start += 1
    while end > start and text[end - 1] in blanks:
        end -= 1
    return start, end
