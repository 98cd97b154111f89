"""Numbering checks of sibling lists (subsections or findings of one parent).

Numbering is per parent and per kind: ganxian's findings 1-7 then 1-2 under two group
headings are fine; longjie's two findings numbered ``1.`` under one heading are not.
Items without an ordinal are left out. A list may start above 1 (a fragment starting at 二).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise


@dataclass(frozen=True)
class SequenceCheck:
    """The verdict on one sibling list's ordinals."""

    ordinals: tuple[int, ...]
    expected: tuple[int, ...]
    duplicates: bool
    skips: bool

    @property
    def broken(self) -> bool:
        return self.ordinals != self.expected

    @property
    def first(self) -> int | None:
        return self.ordinals[0] if self.ordinals else None

    def describe(self) -> str:
        """The ordinals as a comma-separated list, e.g. '1, 1, 3'."""
        return ", ".join(str(ordinal) for ordinal in self.ordinals)


# The same short ordinal lists (empty, 1..n) come back in every notice, and each list is checked
# three times while facts are built: both functions keep their answers per tuple of ordinals
# (SequenceCheck is frozen, expected ordinals are handed out as a new list).
_CACHE_SIZE = 1024


def check_sequence(ordinals: Sequence[int | None]) -> SequenceCheck:
    """Check a sibling list: expected values run on from the first numbered item by one."""
    return _check_sequence(tuple(ordinals))


@lru_cache(maxsize=_CACHE_SIZE)
def _check_sequence(ordinals: tuple[int | None, ...]) -> SequenceCheck:
    numbered = tuple(ordinal for ordinal in ordinals if ordinal is not None)
    if not numbered:
        return SequenceCheck((), (), False, False)
    expected = tuple(range(numbered[0], numbered[0] + len(numbered)))
    duplicates = len(set(numbered)) != len(numbered)
    skips = any(after != before + 1 and after != before for before, after in pairwise(numbered))
    return SequenceCheck(numbered, expected, duplicates, skips)


def expected_ordinals(ordinals: Sequence[int | None]) -> list[int | None]:
    """Per item, the ordinal it should have (None for unnumbered items)."""
    return list(_expected_ordinals(tuple(ordinals)))


@lru_cache(maxsize=_CACHE_SIZE)
def _expected_ordinals(ordinals: tuple[int | None, ...]) -> tuple[int | None, ...]:
    check = _check_sequence(ordinals)
    result: list[int | None] = []
    index = 0
    for ordinal in ordinals:
        if ordinal is None:
            result.append(None)
        else:
            result.append(check.expected[index])
            index += 1
    return tuple(result)


@dataclass(frozen=True)
class ChildrenNumbering:
    """Numbering of a parent's direct children: subsections and findings, each list on its own."""

    sections: SequenceCheck
    findings: SequenceCheck

    @property
    def broken(self) -> bool:
        return self.sections.broken or self.findings.broken

    @property
    def duplicates(self) -> bool:
        return self.sections.duplicates or self.findings.duplicates

    @property
    def skips(self) -> bool:
        return self.sections.skips or self.findings.skips

    @property
    def first(self) -> int | None:
        return self.sections.first if self.sections.first is not None else self.findings.first

    def problem(self) -> str | None:
        """'1, 1, 3' for the broken list(s); None when the numbering is fine."""
        parts = [check.describe() for check in (self.sections, self.findings) if check.broken]
        return "; ".join(parts) if parts else None


def children_numbering(section_ordinals: Sequence[int | None],
                       finding_ordinals: Sequence[int | None]) -> ChildrenNumbering:
    return ChildrenNumbering(check_sequence(section_ordinals), check_sequence(finding_ordinals))


def document_order_problem(items: Sequence[tuple[int, int | None]]) -> str | None:
    """Findings in document order as (group key, ordinal): the first break, as 'before, this, after'.

    Numbering must run on by one; at a group boundary (the parent section changes) it may also
    restart at 1 (ganxian). longjie's 1., 1., 3. gives '1, 1, 3'. None when fine.
    """
    numbered = [(group, ordinal) for group, ordinal in items if ordinal is not None]
    for index in range(1, len(numbered)):
        (previous_group, previous), (group, ordinal) = numbered[index - 1], numbered[index]
        if group != previous_group and ordinal == 1:
            continue
        if ordinal != previous + 1:
            return ", ".join(str(value) for _, value in numbered[index - 1:index + 2])
    return None
