"""Rectification blocks (整改情况 / 整改措施 / 整改成效) and their measures (一是…, (1)…, ①…, 1.…).

A block runs from its label (or, without a label, from the first paragraph after the
problem) to the next label or the end of the finding. Its status sentence
(``该项已办结。``) is read off its start. Measures are the top-level chain of one marker
family: the family whose ``一/1/①`` comes first; other markers stay inside the measure
text. A chain needs at least two consecutive numbers, so a lone ``一是`` is text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import regex

from engine.model import Block, BlockKind, Measure, MeasureMarker, Status
from engine.parsing.headings import SPACES, chinese_value, circled_value
from engine.parsing.lines import Paragraph, SpanMaker, trim
from engine.parsing.statuses import PROBLEM_SUBJECTS, make_status, phrases_by_initial, status_initials, status_phrases
from engine.parsing.structure import STATUS_LABEL, block_label

# A status printed in brackets after the problem (``…不均衡【已完成】。``): opening -> closing brackets
BRACKETS = {"【": "】", "[": "]", "(": ")）", "（": ")）"}
_AFTER_STATUS = "。;；,，.、"  # what ends a status phrase opening a block (or follows its closing bracket)

LABEL_KINDS = {  # every label of structure.BLOCK_LABELS not here is a situation
    "整改措施": BlockKind.measures,
    "整改举措": BlockKind.measures,
    "具体措施": BlockKind.measures,
    "落实措施": BlockKind.measures,
    "整改成效": BlockKind.results,
    "整改结果": BlockKind.results,
    "整改成果": BlockKind.results,
    "整改效果": BlockKind.results,
}
_BEFORE_MARKER = "。;；,，:：!！?？ \t\n\u3000\u00a0”\")）"
_FAMILIES: dict[str, regex.Pattern[str]] = {
    "shi": regex.compile(r"([一二三四五六七八九十]{1,3})是"),
    "paren": regex.compile(r"[(（](\d{1,2})[)）]"),
    "circled": regex.compile(r"([\u2460-\u2473])"),
    "dot": regex.compile(r"(\d{1,2})[.．、)）](?!\d)"),  # also 1) (only at a paragraph start)
}
LEADING_PUNCT = ",，:：;；、"


class Occurrence(NamedTuple):
    """A measure marker found in a block: [start, end) of the marker, its value.

    (A named tuple: made for every marker candidate, it is built several times faster than a frozen dataclass.)
    """

    start: int
    end: int
    value: int
    text: str
    at_paragraph_start: bool


@dataclass
class Blocks:
    """The blocks of a finding and the status read off their start."""

    blocks: list[Block]
    status: Status | None
    end: int  # document offset where the last block ends
    ranges: list[tuple[int, int]]  # document offsets of each block's content


def read_blocks(text: str, body: list[Paragraph], spans: SpanMaker) -> Blocks:
    """Split a finding's body paragraphs into labelled (or one unlabelled) blocks."""
    groups: list[tuple[str | None, int, list[Paragraph]]] = []  # label, content start, paragraphs
    status_line: Status | None = None
    for paragraph in body:
        found = block_label(paragraph.text)
        line = STATUS_LABEL.match(paragraph.text)
        if line is not None and status_line is None:
            status_line, _ = status_at(text, paragraph.start + line.end(), paragraph.end, spans)
            if status_line is not None:
                continue
        if found is not None:
            groups.append((found.group("label"), paragraph.start + found.end(), [paragraph]))
        elif groups:
            groups[-1][2].append(paragraph)
        else:
            groups.append((None, paragraph.start, [paragraph]))
    blocks: list[Block] = []
    ranges: list[tuple[int, int]] = []
    status: Status | None = status_line
    end = body[-1].end if body else 0
    for label, content_start, paragraphs in groups:
        first = paragraphs[0]
        block_start = first.start if label is not None else content_start
        start, stop = trim(text, content_start, paragraphs[-1].end)
        ranges.append((start, stop))
        kind = LABEL_KINDS.get(label or "", BlockKind.situation)
        if status is None and kind != BlockKind.measures:
            status, start = status_at(text, start, stop, spans, time_leads=kind == BlockKind.situation)
        lead, measures = find_measures(text, start, stop, {p.start for p in paragraphs}, spans)
        blocks.append(Block(kind=kind, label=label, text=lead,
                            measures=measures, span=spans.span(block_start, paragraphs[-1].end)))
    return Blocks(blocks, status, end, ranges)


def status_at(text: str, start: int, stop: int, spans: SpanMaker, *,
              time_leads: bool = True) -> tuple[Status | None, int]:
    """A status phrase opening a block (``该项已办结。``, or bracketed: ``【已完成】``), and where the block
    text resumes. The phrase may follow the problem as subject (``该问题已销号。``), a time or the work
    (``目前已整改到位``, ``整改工作已全面完成``); hold its date (``已于2023年10月底完成整改。``) or an adverb
    (``已全部整改完成``, ``整改已全部完成``); leave out its 已 (``完成整改。``, ``取得阶段性成效。``); and
    close with what it is of or a closing step (``已完成整改销号``, ``已整改完毕并通过验收``).

    ``time_leads=False`` (a results block: 整改成效) reads no phrase after a time (目前已整改到位 there
    tells how the work turned out, under a group heading that may state another status)."""
    close = BRACKETS.get(text[start]) if start < stop else None
    at = start + 1 if close else start  # the phrase's start
    found = _phrase_at(text, at, stop, close, spans)
    if found is not None or close:
        return found or (None, start)
    lead = (_LEAD if time_leads else _SUBJECT_LEAD).match(text, at, stop)
    if lead is not None and lead.end() > at:
        at = lead.end()
        found = _phrase_at(text, at, stop, None, spans)
    if found is None and text.startswith("已于", at, stop):
        dated = _DATED_STATUS.match(text, at, stop)
        found = _dated_status(text, at, dated.end(), stop, spans) if dated is not None else None
    if found is None:
        found = _phrase_around_adverb(text, at, stop, spans)
    if found is None and at < stop and text[at] != "已" and text.startswith(_WITHOUT_ALREADY, at, stop):
        found = _dated_status(text, at, at, stop, spans)
    return found or (None, start)


# What may stand before a status phrase opening a block: the problem or the work as subject (该问题已销号,
# 整改工作已全面完成), or a time (目前已整改到位, 截至目前,…); 现 only before 已 (现已完成整改); 正在 before a
# phrase that does not hold it (正在按时序推进: 正在整改 is a phrase of its own, tried first).
_SUBJECTS = sorted({*PROBLEM_SUBJECTS, "该项整改工作", "该项整改", "整改工作", "该项", "此项"},
                   key=lambda word: (-len(word), word))
_TIMES = ("截至目前", "截止目前", "目前", "当前", "至此")
_SUBJECT_LEAD = regex.compile("(?:" + "|".join(_SUBJECTS) + r")[,，]?[ \t\u3000]*|正在")
_LEAD = regex.compile("(?:" + "|".join((*_SUBJECTS, *_TIMES)) + r")[,，]?[ \t\u3000]*|现(?=已)|正在")
# Adverbs after the 已 of a phrase: 已全部整改完成 is 已整改完成, 整改已全部完成 is 整改已完成.
_ADVERBS = ("全部", "全面", "均", "基本全部")
# Phrases read without their 已 at a block opening (完成整改。 is 已完成整改): only these beginnings, which
# state a result; 落实整改 or 整改 alone there describe work.
_WITHOUT_ALREADY = ("完成", "全部完成", "全面完成", "按期完成", "按时完成", "如期完成", "取得阶段性成效")


def _phrase_around_adverb(text: str, at: int, stop: int, spans: SpanMaker) -> tuple[Status, int] | None:
    """A phrase with an adverb after its 已 (``已全部整改完成``, ``整改已全部完成``), read as the phrase."""
    mark = text.find("已", at, min(stop, at + 4))
    if mark < 0:
        return None
    adverb = next((word for word in _ADVERBS if text.startswith(word, mark + 1, stop)), None)
    if adverb is None:
        return None
    head, rest = text[at:mark + 1], mark + 1 + len(adverb)
    for phrase in phrases_by_initial().get(text[at], ()):  # longest first
        printed = phrase[len(head):]
        if not phrase.startswith(head) or not printed or not text.startswith(printed, rest, stop):
            continue
        after = _closing(text, rest + len(printed), stop)
        if after is not None:
            return _read_to(phrase, text, at, after, stop, spans)
    return None


# A status with its date inside it: 已于2023年10月底完成整改, 已于9月整改到位, 已于4月按期完成整改
_DATED_STATUS = regex.compile(r"已于[\d年月日号底末初上中下旬前]{2,14}(?:全部|均)?"
                              r"(?=完成|整改|办结|销号|按期完成|按时完成|如期完成)")


def _phrase_at(text: str, at: int, stop: int, close: str | None, spans: SpanMaker) -> tuple[Status, int] | None:
    """The status phrase at ``at`` (closed by one of ``close`` when bracketed), and where the text resumes."""
    initials = status_initials()
    if initials is not None and (at >= stop or text[at] not in initials):
        return None  # no phrase can start here (most blocks): skip trying each phrase
    for phrase in status_phrases() if initials is None else phrases_by_initial()[text[at]]:
        if not text.startswith(phrase, at, stop):
            continue
        after = at + len(phrase)
        if close and (after >= stop or text[after] not in close):
            continue
        if not close and after < stop and text[after] not in _AFTER_STATUS:
            # 已完成整改任务, 已基本完成整改, 长期坚持整改, 长期整改中: the phrase, then what it is of
            after = _closing(text, after, stop) or after
        mark = after + 1 if close else after  # past the closing bracket: a punctuation mark may follow
        if not close and mark < stop and text[mark] not in _AFTER_STATUS:
            continue
        resume = mark + 1 if mark < stop and text[mark] in _AFTER_STATUS else mark
        return make_status(phrase, spans.span(at, after)), trim(text, resume, stop)[0]
    return None


# What a status phrase opening a block may close with: what it is of (已完成整改任务, 长期整改中), then a
# closing step (已完成整改销号, 已整改完毕并通过验收); a punctuation mark or the block's end must follow.
_TAIL = regex.compile(r"(?:整改任务|整改|任务|中)?(?:并?销号|并?通过\p{Han}{0,8}?验收(?:并?销号)?)?"
                      rf"(?=[{regex.escape(_AFTER_STATUS)}]|$)")


def _closing(text: str, after: int, stop: int) -> int | None:
    """Where a status phrase ending at ``after`` closes, past its tail (None when no mark or end follows)."""
    if after == stop or text[after] in _AFTER_STATUS:
        return after
    tail = _TAIL.match(text, after, stop)
    return tail.end() if tail is not None and tail.end() > after else None


def _dated_status(text: str, at: int, phrase_at: int, stop: int, spans: SpanMaker) -> tuple[Status, int] | None:
    """``status_at`` for ``已于<date><phrase>``: the phrase read with its 已 (完成整改 as 已完成整改), its
    span the whole wording."""
    initial = text[phrase_at]
    candidates = [(phrase, phrase[1:]) for phrase in phrases_by_initial().get("已", ())]
    candidates += [(phrase, phrase) for phrase in phrases_by_initial().get(initial, ())]
    for phrase, printed in sorted(candidates, key=lambda pair: -len(pair[1])):
        after = phrase_at + len(printed)
        if not printed or not text.startswith(printed, phrase_at, stop):
            continue
        closed = _closing(text, after, stop)  # 按期完成整改: the phrase, then what it is of
        if closed is not None:
            return _read_to(phrase, text, at, closed, stop, spans)
    return None


def _read_to(phrase: str, text: str, at: int, after: int, stop: int, spans: SpanMaker) -> tuple[Status, int]:
    """The status of ``phrase`` printed as ``text[at:after]``, and where the block text resumes (past the
    punctuation mark after it)."""
    resume = after + 1 if after < stop else after
    return make_status(phrase, spans.span(at, after)), trim(text, resume, stop)[0]


def find_measures(text: str, start: int, stop: int, paragraph_starts: set[int],
                  spans: SpanMaker) -> tuple[str, list[Measure]]:
    """Lead text and top-level measures of ``text[start:stop]``."""
    chain = _top_chain(text, start, stop, paragraph_starts)
    if not chain:
        return _lead(text, start, stop), []
    measures: list[Measure] = []
    for index, occurrence in enumerate(chain):
        limit = chain[index + 1].start if index + 1 < len(chain) else stop
        body_start, body_end = trim(text, occurrence.end, limit)
        measures.append(Measure(marker=MeasureMarker(text=occurrence.text, ordinal=occurrence.value),
                                text=text[body_start:body_end],
                                span=spans.span(occurrence.start, body_end)))
    return _lead(text, start, chain[0].start), measures


def _lead(text: str, start: int, stop: int) -> str:
    begin, end = trim(text, start, stop)
    while begin < end and text[begin] in LEADING_PUNCT:
        begin += 1
    begin, end = trim(text, begin, end)
    return text[begin:end]


def _occurrences(text: str, start: int, stop: int, family: str, paragraph_starts: set[int]) -> list[Occurrence]:
    found: list[Occurrence] = []
    pattern = _FAMILIES[family]
    if family == "dot":
        # ``1.`` counts only at a paragraph start: match there instead of scanning the whole block (no
        # earlier match can reach into a paragraph start, so finditer would find the same ones).
        matches = [m for p in sorted(paragraph_starts) if start <= p < stop and (m := pattern.match(text, p, stop))]
    else:
        matches = list(pattern.finditer(text, start, stop))
    for match in matches:
        at_start = match.start() in paragraph_starts
        if family == "dot" and not at_start:
            continue
        if match.start() > start and text[match.start() - 1] not in _BEFORE_MARKER and not at_start:
            continue
        token = match.group(1)
        if family == "shi":
            value = chinese_value(token)
        elif family == "circled":
            value = circled_value(token)
        else:
            value = int(token)
        if value is None:
            continue
        printed = match.group(0)
        if not printed.isprintable() or " " in printed:
            # every whitespace character is unprintable but the ASCII space, so the (rare) sub is needed only then
            printed = SPACES.sub("", printed)
        found.append(Occurrence(match.start(), match.end(), value, printed, at_start))
    return found


def _chain(occurrences: list[Occurrence]) -> list[Occurrence]:
    """The longest run 1, 2, 3 … taken greedily in text order."""
    if len(occurrences) < 2:
        return []
    chain: list[Occurrence] = []
    position = -1
    for wanted in range(1, 100):
        nxt = next((o for o in occurrences if o.value == wanted and o.start > position), None)
        if nxt is None:
            break
        chain.append(nxt)
        position = nxt.start
    return chain if len(chain) >= 2 else []


def _may_chain(text: str, start: int, stop: int, family: str, paragraph_starts: set[int]) -> bool:
    """Whether the block can hold the two markers of ``family`` a chain needs (cheap counts, before any scan).

    Each ``一是`` has its own 是, each ``(1)`` its own opening parenthesis, each ``1.`` its own paragraph start.
    """
    if family == "shi":
        return text.count("是", start, stop) >= 2
    if family == "paren":
        return text.count("(", start, stop) + text.count("（", start, stop) >= 2
    if family == "dot":
        return sum(start <= p < stop for p in paragraph_starts) >= 2
    return True


def _top_chain(text: str, start: int, stop: int, paragraph_starts: set[int]) -> list[Occurrence]:
    best: list[Occurrence] = []
    for family in _FAMILIES:
        if not _may_chain(text, start, stop, family, paragraph_starts):
            continue  # (a chain needs two markers: most blocks cannot hold two of most families)
        occurrences = _occurrences(text, start, stop, family, paragraph_starts)
        chain = _chain(occurrences)
        at_starts = _chain([o for o in occurrences if o.at_paragraph_start])
        if at_starts and chain and at_starts[0] is chain[0]:
            chain = at_starts if len(at_starts) >= 2 else chain
        if chain and (not best or chain[0].start < best[0].start):
            best = chain
    return best
