"""Table grids, as the .docx and .html readers lay out a ledger row: how many grid columns (or rows)
a cell spans, read from its gridSpan/vMerge (.docx) or colspan/rowspan (.html) attribute."""

from __future__ import annotations

MAX_SPAN = 64  # a larger span (or none, or not a number) is taken as 1: no table of notices is that wide


def cell_span(value: str | None) -> int:
    """A cell's span as printed in its attribute (1 when absent or not a sensible number)."""
    return int(value) if value is not None and value.isdecimal() and 0 < int(value) < MAX_SPAN else 1
