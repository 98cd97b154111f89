"""Mapping character offsets of a text to Spans (line and column)."""

from __future__ import annotations

import inspect
import types
from bisect import bisect_right
from collections.abc import Callable

from engine.model import Span

_FIELDS = ("start", "end", "line", "column")
# make_span builds a Span the way ``Span.model_construct`` does, with none of its generic work: that is
# only sound while Span has exactly these fields, no private attributes and no post-init hook.
_CONSTRUCTIBLE = (tuple(Span.model_fields) == _FIELDS and not Span.__private_attributes__
                  and Span.__pydantic_post_init__ is None)
_new = object.__new__
_set = object.__setattr__


def _slot_setter(name: str) -> Callable[[Span, object], None]:
    """The setter of a slot BaseModel declares, called directly (it is what ``object.__setattr__`` finds)."""
    slot = inspect.getattr_static(Span, name)
    if isinstance(slot, types.MemberDescriptorType):
        return slot.__set__
    return lambda span, value: _set(span, name, value)


_set_fields_set = _slot_setter("__pydantic_fields_set__")
_set_extra = _slot_setter("__pydantic_extra__")
_set_private = _slot_setter("__pydantic_private__")


def make_span(start: int, end: int, line: int, column: int) -> Span:
    """``Span(start=start, end=end, line=line, column=column)`` for values known to be valid.

    The parser makes a Span for every value it reads (about 150 per notice), and validating
    them was a noticeable share of parsing. Callers pass ints; values out of range go through
    validation (and fail there). The result equals the validated Span.
    """
    if not (_CONSTRUCTIBLE and 0 <= start <= end and line >= 1 and column >= 1):
        return Span(start=start, end=end, line=line, column=column)
    span = _new(Span)
    _set(span, "__dict__", {"start": start, "end": end, "line": line, "column": column})
    _set_fields_set(span, set(_FIELDS))
    _set_extra(span, None)
    _set_private(span, None)
    return span


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
        return make_span(start, end, line, column)
