"""Coverage of a parse: every non-blank character belongs to a node or to ignored boilerplate.

What belongs to neither is listed as unclassified (with its offsets), so that text the
parser did not understand can never disappear silently.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from engine.parsing.assemble import Segmented
from engine.parsing.lines import BLANK

UNCLASSIFIED_KINDS = ("unattached",)


@dataclass(frozen=True)
class Piece:
    """A run of unclassified text."""

    start: int
    end: int
    text: str


@dataclass
class Coverage:
    """Character counts (blanks excluded) per classification, and the unclassified runs."""

    total: int
    by_kind: dict[str, int] = field(default_factory=dict)
    unclassified: list[Piece] = field(default_factory=list)

    @property
    def unclassified_chars(self) -> int:
        blanks = set(BLANK + "\n")
        return sum(1 for piece in self.unclassified for char in piece.text if char not in blanks)

    @property
    def unclassified_ratio(self) -> float:
        return self.unclassified_chars / self.total if self.total else 0.0


def coverage(result: Segmented) -> Coverage:
    """Classify each character of ``result.text`` by the ranges recorded while parsing."""
    text = result.text
    labels: list[str | None] = [None] * len(text)
    for start, end, kind in result.classified:
        if kind in UNCLASSIFIED_KINDS:
            continue
        for offset in range(start, min(end, len(text))):
            labels[offset] = labels[offset] or kind
    for item in result.ignored:
        for offset in range(item.start, min(item.end, len(text))):
            labels[offset] = labels[offset] or f"ignored: {item.reason}"
    blanks = set(BLANK + "\n")
    report = Coverage(total=sum(1 for char in text if char not in blanks))
    run: tuple[int, int] | None = None  # the current unclassified run [start, end)
    for offset, char in enumerate(text):
        if char in blanks:
            continue
        label = labels[offset]
        if label is None:
            run = (run[0] if run else offset, offset + 1)
            continue
        report.by_kind[label] = report.by_kind.get(label, 0) + 1
        if run is not None:
            report.unclassified.append(Piece(run[0], run[1], text[run[0]:run[1]]))
            run = None
    if run is not None:
        report.unclassified.append(Piece(run[0], run[1], text[run[0]:run[1]]))
    return report
