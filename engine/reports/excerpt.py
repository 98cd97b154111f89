"""Source excerpts: the line of the notice a span starts in, cut to a window, with a marker under the span.

Widths are terminal display columns: East Asian Wide and Fullwidth characters (``W``/``F``, all
CJK ideographs and fullwidth punctuation) take two columns, combining marks none, everything else
one (ambiguous-width characters such as “ ” … count as one, as Western terminals show them). So a
marker of ``^`` characters lines up under CJK text in any monospace terminal that follows the
same convention. A line wider than the window is cut around the span, with ``…`` where text is
left out; a span longer than the window is marked up to the window's end.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from engine.model import Span

WINDOW = 76  # display columns of source text shown under a violation
ELLIPSIS = "…"
TAB = "    "
_LINE_BREAK = re.compile(r"\r\n|\r|\n|\u2028|\u2029|\x85|\x0b|\x0c")


def char_width(char: str) -> int:
    """Display columns of one character: 2 for East Asian Wide/Fullwidth, 0 for combining marks, else 1."""
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def display_width(text: str) -> int:
    """Display columns of a text (see :func:`char_width`)."""
    return sum(char_width(char) for char in text)


def _shown(char: str) -> str:
    """How a character of the line is printed: tabs as spaces, other controls as U+FFFD."""
    if char == "\t":
        return TAB
    if unicodedata.category(char) == "Cc":
        return "\ufffd"
    return char


class _Widths(dict[int, str]):
    """``str.translate`` table: code point -> its printed width (see :func:`_shown`) as one character.

    Translating a whole line and encoding it as Latin-1 gives the width of every character as a
    byte in C, instead of unicodedata look-ups per character in Python (excerpts walk whole lines,
    hundreds of characters, ten per notice: that was most of the cost of a text report). Entries
    are made on first sight of a character, so the table holds only the alphabet seen.
    """

    def __missing__(self, code: int) -> str:
        width = self[code] = chr(display_width(_shown(chr(code))))
        return width


_WIDTHS = _Widths()
_ODD = re.compile(r"[\x00-\x1f\x7f-\x9f]")  # characters printed otherwise (category Cc): see _shown


@dataclass(frozen=True)
class Excerpt:
    """One source line around a span, ready to print.

    ``text`` is the (possibly cut) line; the span is marked from display column ``marker_start``
    for ``marker_width`` columns (both counted in ``text``). ``lines`` is how many lines the span
    covers (1 when it ends on its first line); ``cut_span`` says the span ran past the window.
    """

    line: int
    text: str
    marker_start: int
    marker_width: int
    lines: int = 1
    cut_span: bool = False

    def marker(self, char: str = "^") -> str:
        """The marker line (no trailing spaces): spaces up to the span, then ``char`` under it."""
        return " " * self.marker_start + char * max(self.marker_width, 1)


def excerpt(original: str, span: Span, width: int = WINDOW) -> Excerpt | None:
    """The line of ``original`` that ``span`` starts in, cut to ``width`` columns around the span.

    None when the span lies outside the text (a report whose text is not the notice's).
    """
    if not 0 <= span.start <= len(original) or span.end < span.start:
        return None
    line_start = _line_start(original, span.start)
    found = _LINE_BREAK.search(original, span.start)
    line_end = found.start() if found else len(original)
    if span.start > line_end:  # the span starts inside a CRLF
        return None
    end = min(span.end, len(original))
    covered = original[span.start:end]
    lines = 1 + len(_LINE_BREAK.findall(covered.rstrip("\r\n")))
    stop_on_line = min(end, line_end)
    # A notice's paragraph is one line, often a thousand characters: the window is worked out on the
    # part of the line around the span when that part provably gives the same excerpt (_far_enough),
    # else on the whole line.
    reach = width + 2  # characters each side: enough unless some of them are zero-width
    part_start, part_end = max(line_start, span.start - reach), min(line_end, stop_on_line + reach)
    pieces, widths = _characters(original[part_start:part_end])
    if (part_start, part_end) != (line_start, line_end) and not _far_enough(widths, span.start - part_start,
                                                                          part_start > line_start,
                                                                          part_end < line_end, width):
        part_start, part_end = line_start, line_end
        pieces, widths = _characters(original[line_start:line_end])
    return _window(span.line, pieces, widths, span.start - part_start, stop_on_line - part_start, lines, width)


def _characters(text: str) -> tuple[str | list[str], bytes]:
    """The text as printed, one piece per character, and each character's width as one byte."""
    pieces: str | list[str] = [_shown(char) for char in text] if _ODD.search(text) else text
    return pieces, text.translate(_WIDTHS).encode("latin-1")


def _far_enough(widths: bytes, start: int, cut_before: bool, cut_after: bool, width: int) -> bool:
    """Whether a part of the line cut before and/or after the span gives the whole line's excerpt.

    ``_window`` never shows more than ``width - 2`` columns of a cut line, counted from the span's
    first character on either side, and keeps the line start only when at most ``width // 4``
    columns come before the span. So with more than ``width`` columns between the span's start
    and each cut (the character at the cut not counted), the cut is never reached, the line is cut
    in both cases (it is over ``width`` columns wide either way) and every index and sum that
    ``_window`` uses is the same. Only zero-width characters can make the part too narrow.
    """
    if cut_before and sum(widths[1:start]) <= width:
        return False
    return not (cut_after and sum(widths[start:len(widths) - 1]) <= width)


def _line_start(text: str, offset: int) -> int:
    """Offset of the first character of the line holding ``offset``."""
    after_newline = text.rfind("\n", 0, offset) + 1  # the other line breaks are looked for on this line only
    return max(after_newline, *(text.rfind(char, after_newline, offset) + 1 for char in "\r\u2028\u2029\x85\x0b\x0c"))


def _window(line: int, pieces: Sequence[str], widths: Sequence[int], start: int, stop: int, lines: int,
            width: int) -> Excerpt:
    """Cut ``pieces`` (one per character) to ``width`` columns keeping ``[start, stop)`` in view."""
    total = sum(widths)
    if total <= width:
        before = sum(widths[:start])
        return Excerpt(line, "".join(pieces), before, sum(widths[start:stop]), lines)
    budget = width - 2  # room for an ellipsis on each side
    before = sum(widths[:start])
    left = 0 if before <= width // 4 and sum(widths[start:stop]) > budget - before else start
    right = start
    used = before if left == 0 else 0
    while right < stop and used + widths[right] <= budget:  # the span first, as much as fits
        used += widths[right]
        right += 1
    if right == start and start < len(pieces):  # a single character wider than the window
        used += widths[start]
        right += 1
    cut_span = right < stop
    if not cut_span and left == start:
        room = budget - used
        left_room = room // 2 if right < len(pieces) else room
        while left > 0 and widths[left - 1] <= left_room:
            left -= 1
            left_room -= widths[left]
            used += widths[left]
        while right < len(pieces) and used + widths[right] <= budget:
            used += widths[right]
            right += 1
        while left > 0 and used + widths[left - 1] <= budget:
            left -= 1
            used += widths[left]
    prefix = ELLIPSIS if left > 0 else ""
    suffix = ELLIPSIS if right < len(pieces) else ""
    text = prefix + "".join(pieces[left:right]) + suffix
    marker_start = len(prefix) + sum(widths[left:start])
    marker_width = sum(widths[start:min(stop, right)])
    return Excerpt(line, text, marker_start, marker_width, lines, cut_span)
