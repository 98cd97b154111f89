"""Evaluating claims: what the notice says about its own numbers against what it enumerates.

Scopes. A claim on the notice, or on a section that holds no findings (a narrative section
such as huainan 一、 summarising the whole notice), counts over the whole notice. A claim on a
section that holds findings counts over that section. A claim on a finding counts over that
finding (only measure counts are checkable there).

A count of a kind of problems (``共性问题2个``, ``个性问题3个``) counts the findings of the section named
by that kind: on the section itself (longjie 三、个性问题整改情况) as any count, elsewhere the findings
under the one section whose heading names it; with no such section it cannot be checked.

Counted "sections" (方面) of a scope: start from its direct subsections and keep those that hold
findings at some depth; while exactly one is left and it has subsections holding findings,
descend into it. huainan: 二、 alone holds findings, so its (一)…(五) are counted: 5.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from engine.model import Block, BlockKind, Claim, ClaimKind, ClaimTarget, Finding, Section, StatusKind


@dataclass(frozen=True)
class ScopedFinding:
    """A finding with its effective status, as the claim scopes see it."""

    finding: Finding
    status: StatusKind


@dataclass(frozen=True)
class ClaimScope:
    """What a claim can be checked against."""

    level: str  # notice | section | finding
    findings: Sequence[ScopedFinding]
    sections: Sequence[Section]  # the direct subsections of the scope (the notice's top sections)


@dataclass(frozen=True)
class ClaimResult:
    """A claim with its verdict, for facts and for the report."""

    fact_id: str
    kind: str
    target: str
    text: str
    claimed: Decimal
    actual: Decimal | None
    delta: Decimal | None
    checkable: bool
    matches: bool
    reason: str | None = None
    rate_half_up_ok: bool | None = None
    rate_truncated_ok: bool | None = None


def holds_findings(section: Section) -> bool:
    return bool(section.findings) or any(holds_findings(child) for child in section.sections)


def counted_sections(sections: Sequence[Section]) -> list[Section]:
    """The finding groups of a scope (see the module docstring)."""
    groups = [section for section in sections if holds_findings(section)]
    while len(groups) == 1:
        inner = [section for section in groups[0].sections if holds_findings(section)]
        if not inner:
            break
        groups = inner
    return groups


# A block that only gives the deadline (``整改时限:2022年12月底前。``) states no measure
_DEADLINE_ONLY = re.compile(r"(?:整改时限|完成时限|整改期限)\s*[:：][^。;；]*[。;；]?")


def _block_measures(block: Block) -> int:
    if block.measures:
        return len(block.measures)
    text = block.text.strip()
    return 1 if text and not _DEADLINE_ONLY.fullmatch(text) else 0


def count_measures(finding: Finding) -> int:
    """CONVENTIONS.md: the measures block's markers, else the situation block's; unmarked text is one."""
    for kind in (BlockKind.measures, BlockKind.situation):
        blocks = [block for block in finding.blocks if block.kind == kind]
        if blocks:
            return sum(_block_measures(block) for block in blocks)
    return 0


def printed_decimals(claim: Claim) -> int:
    """The rate's decimals as recorded, else as printed in the number (92.94 → 2)."""
    if claim.decimals is not None:
        return claim.decimals
    exponent = claim.claimed.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def _count_actual(claim: Claim, scope: ClaimScope) -> tuple[Decimal | None, str | None]:
    target = claim.target
    if target == ClaimTarget.measures:
        per_finding = [count_measures(item.finding) for item in scope.findings]
        # a notice that lists the measures of only some findings (or none: 只列问题和状态) does not
        # enumerate its measures, so their number cannot be checked
        if not all(per_finding):
            return None, f"the {scope.level} lists no measures for some findings"
        if not any(block.measures for item in scope.findings for block in item.finding.blocks):
            # every finding tells what was done in prose (each counts one): nothing is enumerated
            return None, f"the {scope.level} enumerates no measures"
        return Decimal(sum(per_finding)), None
    if scope.level == "finding":
        return None, f"a finding does not enumerate {target.value}"
    if target == ClaimTarget.findings:
        kind = next((word for word in _KINDS_OF_PROBLEMS if claim.text.startswith(word)), None)
        if kind is not None and scope.level == "notice":
            named = [section for section in _all_sections(scope.sections)
                     if section.heading is not None and kind in section.heading.text]
            if len(named) != 1:
                return None, f"no one section holds the {_KIND_NAMES[kind]} problems"
            return Decimal(sum(1 for _ in findings_under(named[0]))), None
        return Decimal(len(scope.findings)), None
    if target == ClaimTarget.sections:
        groups = counted_sections(scope.sections)
        if groups and all(group.status is not None for group in groups):
            # (一)已完成整改的问题(12个) (二)正在整改的问题(3个): grouped by status, not by 方面
            return None, "the findings are grouped by status, not by subject"
        return Decimal(len(groups)), None
    return None, f"the notice does not enumerate {target.value}"


_KINDS_OF_PROBLEMS = ("共性问题", "个性问题")
_KIND_NAMES = {"共性问题": "common", "个性问题": "specific"}


def _all_sections(sections: Sequence[Section]) -> list[Section]:
    """The sections and all their subsections, in document order."""
    return [item for section in sections for item in (section, *_all_sections(section.sections))]


def findings_under(section: Section) -> Iterator[Finding]:
    """The findings of a section and of its subsections, in document order."""
    yield from section.findings
    for child in section.sections:
        yield from findings_under(child)


# Sanctions of the party (党纪处分, 党内警告, 留党察看, 开除党籍) and of the state (政务处分, 记过, 降级, 撤职):
# one person can be given one of each
_PARTY_SANCTION = re.compile(r"党纪|党内|党籍|留党察看")
_STATE_SANCTION = re.compile(r"政务|政纪|记过|降级|撤职|开除公职")


def _party_and_state_sanctions(claim: Claim) -> bool:
    labels = [part.label or "" for part in claim.parts]
    return (any(_PARTY_SANCTION.search(label) for label in labels)
            and any(_STATE_SANCTION.search(label) and not _PARTY_SANCTION.search(label) for label in labels))


def _parts_total(claim: Claim) -> tuple[Decimal | None, str | None]:
    if not claim.parts:
        return None, "no parts are listed"
    return sum((part.value for part in claim.parts), Decimal(0)), None


_IMMEDIATE = "立行立改"


def _fixed_at_once(item: ScopedFinding) -> bool:
    """Whether a finding's own status says it was fixed at once (立行立改, 已立行立改, 立行立改已完成)."""
    status = item.finding.status
    return item.status == StatusKind.closed and status is not None and _IMMEDIATE in (status.phrase or "")


def evaluate_claim(claim: Claim, scope: ClaimScope, fact_id: str) -> ClaimResult:
    """Compute actual and delta (claimed − actual) exactly, in Decimal."""
    actual: Decimal | None
    reason: str | None
    half_up: bool | None = None
    truncated: bool | None = None
    if claim.kind in (ClaimKind.count, ClaimKind.status_count) and not scope.findings:
        # A notice that lists no finding (a summary: 反馈的697个问题,完成整改688个…) enumerates none of
        # what its counts count: they cannot be checked, as counts of anything else it does not list.
        actual, reason = None, f"the {scope.level} lists no findings"
    elif claim.kind == ClaimKind.count:
        actual, reason = _count_actual(claim, scope)
    elif claim.kind == ClaimKind.status_count:
        if scope.level == "finding":
            actual, reason = None, "a finding does not enumerate findings"
        elif claim.status is None:
            actual, reason = None, "the claim names no status"
        else:
            stated = sum(1 for item in scope.findings if item.status == claim.status)
            unstated = sum(1 for item in scope.findings if item.status == StatusKind.none)
            # 立行立改 (fixed at once) is a closed status that summaries often count apart: 已完成整改4个，
            # 立行立改1个 over five closed findings, one of them 立行立改
            immediate = (sum(1 for item in scope.findings if _fixed_at_once(item))
                         if claim.status == StatusKind.closed else 0)
            if immediate and _IMMEDIATE in claim.text:
                stated = immediate  # the count of 立行立改 counts only those
            # 基本完成 and 取得阶段性成效 findings are counted as done by some notices and as in progress by
            # others (已完成整改4个,正在推进2个 over 3 closed, 1 ongoing and 2 mostly closed)
            between = (sum(1 for item in scope.findings if item.status == StatusKind.mostly_closed)
                       if claim.status in (StatusKind.closed, StatusKind.ongoing) else 0)
            if unstated and stated <= claim.claimed <= stated + unstated + between:
                # findings with no status (status-missing reports each) may have this one: only a count
                # outside what they allow is certainly wrong
                actual, reason = None, f"some findings of the {scope.level} state no status"
            elif between and stated < claim.claimed <= stated + between:
                actual, reason = None, f"mostly closed findings of the {scope.level} may be counted with these"
            elif immediate and _IMMEDIATE not in claim.text and stated - immediate <= claim.claimed < stated:
                actual, reason = None, f"立行立改 findings of the {scope.level} may be counted apart"
            else:
                actual, reason = Decimal(stated), None
    elif claim.kind in (ClaimKind.sum, ClaimKind.sanction_breakdown):
        actual, reason = _parts_total(claim)
        if actual is not None and actual > claim.claimed and _party_and_state_sanctions(claim):
            # 3人,其中党内警告2人、政务记过2人: one person may get both, so more sanctions than people
            # is no error (fewer would be)
            actual, reason = None, "party and state sanctions may fall on the same person"
    else:  # rate
        if claim.numerator is None or claim.denominator is None:
            actual, reason = None, "numerator or denominator not printed"
        elif claim.denominator == 0:
            actual, reason = None, "denominator is zero"
        else:
            exact = claim.numerator / claim.denominator * 100
            quantum = Decimal(1).scaleb(-printed_decimals(claim))
            actual = exact.quantize(quantum, rounding=ROUND_HALF_UP)
            half_up = claim.claimed == actual
            truncated = claim.claimed == exact.quantize(quantum, rounding=ROUND_DOWN)
            reason = None
    checkable = actual is not None
    delta = claim.claimed - actual if actual is not None else None
    if half_up is not None and truncated is not None:
        matches = half_up or truncated
    else:
        matches = actual is not None and claim.claimed == actual
    return ClaimResult(
        fact_id=fact_id, kind=claim.kind.value, target=claim.target.value, text=claim.text,
        claimed=claim.claimed, actual=actual, delta=delta, checkable=checkable, matches=matches,
        reason=reason, rate_half_up_ok=half_up, rate_truncated_ok=truncated,
    )
