"""Sanctions: 党纪政务处分1人, 对市住建局局长李建军进行了约谈, 对8名乡镇党委书记进行了集中约谈.

A sanction phrase (sanctions vocabulary) counts only with evidence that it was imposed: a count
next to it (``约谈7人``, ``立案53件``), or ``对…进行/给予/予以/作…`` around it. Compound nouns such
as ``问责机制`` or ``问责方式`` are not sanctions.
"""

from __future__ import annotations

import re

from engine.model import Sanction, SanctionKind

from .base import SENTENCE_END, Intervals, SpanMaker, left_bound, protected_ranges, vocab_regex, vocab_value
from .numerals import to_int

__all__ = ["extract_sanctions"]

_NUM = r"(?:\d+|[一二两三四五六七八九十百]+)"
_COUNT_AFTER = re.compile(rf"(?P<n>{_NUM})(?P<u>人次|人|名|件|起|次|个)")
_COUNT_NEAR_AFTER = re.compile(r"[^,，。;；、\d]{0,14}?(?P<n>\d+)(?P<u>人|名|件|起)")
_ADVERBS = r"(?:集中|严肃|深刻的?|全区|公开)*"
_GIVE_BEFORE = re.compile(rf"(?:进行了?|给予了?|予以|作了?|作出|实施了?){_ADVERBS}$")
_TO_TARGET = re.compile(rf"对(?P<t>[^,，。;；]{{1,40}}?)(?=(?:进行了?|给予了?|予以|作了?){_ADVERBS}$)")
_TARGET_COUNT = re.compile(rf"^(?:落实[^,，。;；]*?的)?(?P<n>{_NUM})(?P<u>名|人|个)(?P<rest>.*)$")
_COUNTED_BEFORE = re.compile(r"对(?P<n>\d+)(?P<u>名|人)")
_NOT_SANCTION_AFTER = re.compile(r"机制|办法|制度|程序|方式|力度|工作|追究|条例|规定|问责|对象|情况|教育")


def extract_sanctions(text: str, start: int, end: int, spans: SpanMaker) -> list[Sanction]:
    """Sanctions in ``text[start:end]`` in text order."""
    found: list[Sanction] = []
    matches = list(vocab_regex("sanctions").finditer(text, start, end))
    if not matches:
        return found  # most slices name no sanction: skip finding their quotes
    quoted = Intervals(r for r in protected_ranges(text, start, end) if text[r[0]] in "“\"《")
    for m in matches:
        if quoted.strictly_holds(m.start()):
            continue
        phrase = m.group(0)
        kind = SanctionKind(vocab_value("sanctions", phrase) or "other")
        count: int | None = None
        unit: str | None = None
        targets: list[str] = []
        hi = m.end()
        adjacent = _COUNT_AFTER.match(text, m.end(), end)
        if adjacent and adjacent.group("u") != "个":
            count, unit, hi = to_int(adjacent.group("n")), adjacent.group("u"), adjacent.end()
        sentence_lo = left_bound(text, m.start(), SENTENCE_END, start)
        given = _GIVE_BEFORE.search(text, max(sentence_lo, m.start() - 12), m.start())
        lo = m.start()
        if given:
            to = _TO_TARGET.search(text[sentence_lo:given.end()])
            if to:
                target = to.group("t")
                counted = _TARGET_COUNT.match(target)
                if counted and count is None:
                    count, unit = to_int(counted.group("n")), counted.group("u")
                    target = counted.group("rest")
                pieces = [target] if "的" in target else re.split(r"、|和|及", target)
                targets = [piece.strip() for piece in pieces if piece.strip()]
            elif count is None:
                counted_before = list(_COUNTED_BEFORE.finditer(text, sentence_lo, m.start()))
                if counted_before:
                    count, unit = to_int(counted_before[-1].group("n")), counted_before[-1].group("u")
        elif count is None:
            if _NOT_SANCTION_AFTER.match(text, m.end()):
                continue
            near = _COUNT_NEAR_AFTER.match(text, m.end(), end)
            if not near or vocab_regex("sanctions").search(text, m.end(), near.start("n")):
                continue
            count, unit, hi = to_int(near.group("n")), near.group("u"), near.end()
        found.append(Sanction(kind=kind, phrase=phrase, count=count, unit=unit, targets=targets,
                              span=spans.span(lo, hi)))
    return found
