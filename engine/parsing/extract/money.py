"""Money mentions: amounts in 元 as Decimal, with modifiers, governing action and destination.

See zh_libs.md §10.2 and fixtures/structured/CONVENTIONS.md (Money). ``分`` is a unit only in
元角分 sequences (never in 分别/分批), and ``N万`` without 元 is money only in a money context
and never before a measure word (4.69万户, 15万亩, 5万余人次).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from decimal import Decimal

from engine.model import Money, MoneyAction, MoneyModifier, Text

from .base import (
    BACK_REFERENCES,
    CLAUSE_END,
    CLAUSE_END_LISTING,
    SENTENCE_END,
    Intervals,
    SpanMaker,
    breakdown_sentence_end,
    left_bound,
    negated,
    normal_decimal,
    protected_ranges,
    right_bound,
    vocab_regex,
    vocab_value,
)
from .numerals import ARABIC, CHINESE_DIGITS, CHINESE_NUMERAL_CLASS, CHINESE_UNITS, to_decimal

__all__ = ["extract_money"]

# What follows the number: approximation, magnitude, the currency and its jiao and fen.
_AFTER_NUMBER = (r"(?P<a1>[余多])?(?P<mag>万亿|亿|万|千)?(?P<a2>[余多])?"
                 r"(?P<yuan>元(?:(?P<jiao>\d)角)?(?:(?P<fen>\d{1,2})分)?)?")
# What _MONEY reads, as written plainly: a number not glued to another number, a decimal point or a letter.
_MONEY_PLAIN = (
    rf"(?<![\d.A-Za-z{CHINESE_DIGITS}十百千万亿拾佰仟廿卅])(?P<num>{ARABIC}|{CHINESE_NUMERAL_CLASS}+)" + _AFTER_NUMBER
)
# The same matches (tested against _MONEY_PLAIN), written to start with a character class: ``re`` skips ahead
# in C to where a pattern's leading class matches, but tries a pattern that opens with a lookbehind in full at
# every position. So the number's first character comes first, the lookbehind then looks one character
# further back, and the rest of the number follows the first character's kind (Arabic: both forms of ARABIC
# in their order; Chinese: more numerals). About 1.2x faster than a first-character lookahead
# before _MONEY_PLAIN.
_MONEY = re.compile(
    rf"(?P<num>[\d{CHINESE_DIGITS}{CHINESE_UNITS}](?<![\d.A-Za-z{CHINESE_DIGITS}十百千万亿拾佰仟廿卅].)"
    rf"(?:(?<=\d)\d*(?:,\d{{3}})+(?:\.\d+)?|(?<=\d)\d*(?:\.\d+)?|(?<={CHINESE_NUMERAL_CLASS}){CHINESE_NUMERAL_CLASS}*))"
    + _AFTER_NUMBER
)
_MAGNITUDE = {"": Decimal(1), "千": Decimal(1000), "万": Decimal(10000), "亿": Decimal(10) ** 8,
              "万亿": Decimal(10) ** 12}
_AFTER_BARE_WAN_OK = frozenset("提增降用的左以")
_MONEY_CUE = re.compile(r"资金|奖补|补助|补贴|经费|费用|金额|款|投入|投资|拨付|收入|资产|贷款|预算|产值|元")
_TOTAL = re.compile(r"合计|共计|总计|总额|一共|总共|共$")
_PLANNED = re.compile(r"(?:拟|计划|预计|准备|将要|将于|打算|可将|可)$")
_OBJECT_AFTER = re.compile(r"(?:了)?(?:全部|全额|全数)?(?:资金|款项|专款|款|基金|补贴|补助|违纪所得|违规所得|费用)")
_OBJECT_BEFORE = re.compile(r"(?:资金|款项|专款|款|基金|补贴|补助|所得|费用)(?:已经|已|均|全部|全额|全数|予以|被)*$")
_NOT_MONEY_AFTER = re.compile(r"[化素旦]")
_PLANNED_BETWEEN = re.compile(r"将|拟|计划")
# Tense of a clause: a plan (将再增加, 拟, 预计) or a fact (已, 了, 目前, 截至). 将 alone is also the
# object marker (将中央298万元…下达), so only 将 before an adverb or auxiliary marks a plan.
_PLAN_MARK = re.compile(r"将(?:再|要|会|进一步|继续)|拟|预计|准备|打算|计划(?:在|于|将)")
_FACT_MARK = re.compile(r"已|了|目前|截至|截止")
_LIST_LABEL = re.compile(r"[,，、和及与]?(?:中央|省级|市级|县级|区级|乡级|镇级|村级|省|市|县|区|乡|镇|村|市本级|本级)?")


@dataclass
class _Hit:
    start: int
    end: int
    num_start: int
    amount: Decimal
    unit: str
    approx: bool


_HIT_CHAR = re.compile("[元万亿千]")  # a hit has 元 (yuan) or a magnitude (mag): a slice without these has none


def _scan(text: str, start: int, end: int) -> list[_Hit]:
    hits: list[_Hit] = []
    if not _HIT_CHAR.search(text, start, end):
        return hits
    for m in _MONEY.finditer(text, start, end):
        mag, yuan = m.group("mag", "yuan")
        if not yuan and not mag:
            continue  # a bare number (most matches): decided before anything else is read
        num, mag = m.group("num"), mag or ""
        chinese = num[0] in CHINESE_DIGITS or num[0] in "十百千万亿拾佰仟廿卅"
        if chinese:
            # Chinese amounts only with 元 (三千五百元); they need a digit, and 一元化 is not money.
            if not yuan or not (num[0] == "十" or any(c in CHINESE_DIGITS for c in num + mag)) or num + mag == "一":
                continue
            if _NOT_MONEY_AFTER.match(text, m.end()):
                continue
        if not yuan and (mag not in {"万", "亿"} or not _bare_wan_is_money(text, m, start)):
            continue
        value = to_decimal(num + (mag if chinese else ""))
        if value is None:
            continue
        amount = value * (Decimal(1) if chinese else _MAGNITUDE[mag])
        if m.group("jiao"):
            amount += Decimal(m.group("jiao")) / 10
        if m.group("fen"):
            amount += Decimal(m.group("fen")) / 100
        unit = "元" if chinese else (mag + "元" if yuan else mag)
        hits.append(_Hit(m.start(), m.end(), m.start("num"), normal_decimal(amount), unit,
                         bool(m.group("a1") or m.group("a2"))))
    return hits


def _bare_wan_is_money(text: str, m: re.Match[str], floor: int) -> bool:
    """``2200万`` without 元: money only before punctuation/a verb and with a money word nearby."""
    after = text[m.end():m.end() + 1]
    if after and "\u4e00" <= after <= "\u9fff" and after not in _AFTER_BARE_WAN_OK:
        return False
    lo = max(left_bound(text, m.start(), SENTENCE_END), m.start() - 24)
    hi = right_bound(text, m.end(), CLAUSE_END, m.end() + 8)
    return _MONEY_CUE.search(text, lo, hi) is not None


_THOUSANDS = re.compile(r"\d,\d{3}(?!\d)")
# Right before a money verb, these make it part of the name of the money (违规发放的补贴, 多拨付的资金)
_ATTRIBUTIVE = re.compile(r"(?:违规|违纪|违法|违反规定|超标准?|超范围|重复|多|虚报|冒领|套取|挪用|截留|滞留)$")


def _verb_in(text: str, lo: int, hi: int, last: bool) -> re.Match[str] | None:
    matches = list(vocab_regex("money_actions").finditer(text, lo, hi))
    if not matches:
        return None
    return matches[-1] if last else matches[0]


def _action(text: str, verb: re.Match[str] | None, clause_lo: int) -> tuple[MoneyAction, str | None]:
    if verb is None:
        return MoneyAction.other, None
    if negated(text, verb.start(), clause_lo) or _PLANNED.search(text, max(clause_lo, verb.start() - 3), verb.start()):
        return MoneyAction.other, None
    value = vocab_value("money_actions", verb.group(0))
    return (MoneyAction(value) if value else MoneyAction.other), verb.group(0)


def _destination(text: str, verb: re.Match[str], spans: SpanMaker) -> Text | None:
    """Where recovered money went: the first recovery_destinations phrase after the verb (in its sentence).

    A phrase that begins with the verb itself (退回国库, 拨入至…) is taken only when no later one exists.
    """
    hi = breakdown_sentence_end(text, right_bound(text, verb.start(), SENTENCE_END))
    matches = [m for m in vocab_regex("recovery_destinations").finditer(text, verb.start(), hi)
               if not negated(text, m.start(), verb.start())]  # 尚未缴入国库 says it has not gone there
    if not matches:
        return None
    found = next((m for m in matches if m.start() >= verb.end()), matches[0])
    stop = right_bound(text, found.end(), CLAUSE_END_LISTING, hi)
    while _THOUSANDS.match(text, stop - 1):  # 上缴国库1,000万元: a number's separator ends no clause
        stop = right_bound(text, stop + 1, CLAUSE_END_LISTING, hi)
    return Text(text=text[found.start():stop], span=spans.span(found.start(), stop))


# After the amount, money given back to someone (清退…4.56万元,已退还学生家长): where it went
_RETURNED_TO = re.compile(r"(?:退还|返还|退回|发还)(?:给|至)?[\u4e00-\u9fff]{2,10}")


def _returned_to(text: str, amount_end: int, spans: SpanMaker) -> Text | None:
    """Whom recovered money was given back to, said after the amount in its sentence (else None)."""
    found = _RETURNED_TO.search(text, amount_end, right_bound(text, amount_end, SENTENCE_END))
    if found is None or negated(text, found.start(), amount_end):
        return None
    return Text(text=found.group(0), span=spans.span(found.start(), found.end()))


@dataclass
class _Reading:
    """What a money amount is doing, before it becomes a Money."""

    hit: _Hit
    modifiers: list[MoneyModifier]
    action: MoneyAction
    verb: str | None
    verb_match: re.Match[str] | None
    destination: Text | None


def _modifiers(text: str, hit: _Hit, pre: str) -> list[MoneyModifier]:
    modifiers: list[MoneyModifier] = []
    if _TOTAL.search(pre):
        modifiers.append(MoneyModifier.total)
    if "累计" in pre:
        modifiers.append(MoneyModifier.cumulative)
    if pre.endswith(("各", "各为")):
        modifiers.append(MoneyModifier.each)
    tail = text[hit.end:hit.end + 2]
    if hit.approx or re.search(r"(?:近|约|逾|超过|达约|接近)$", pre) or tail in {"以上", "左右"}:
        modifiers.append(MoneyModifier.approximate)
    if "价值" in pre[-4:]:
        modifiers.append(MoneyModifier.in_kind)
    return modifiers


def _governing_verb(text: str, hit: _Hit, pre_lo: int, clause_hi: int, next_start: int) -> re.Match[str] | None:
    """The verb that governs an amount.

    Before the amount in its clause (the first of a pair: 上交或退还); else after it in the clause
    (not a noun after 的: 500万元以上的基础设施建设投入); else at the head of the next clause when
    that clause has no amount of its own (各150万元,区财政已全部收回).
    """
    verb = _verb_in(text, pre_lo, hit.num_start, last=True)
    attributive: re.Match[str] | None = None
    while verb is not None and _ATTRIBUTIVE.search(text, max(pre_lo, verb.start() - 3), verb.start()):
        # 清退违规发放补贴资金3.26万元: 违规发放 says where the money came from; the verb before it governs
        attributive = attributive or verb
        verb = _verb_in(text, pre_lo, verb.start(), last=True)
    if verb is None and attributive is not None:
        # 违规发放津补贴1.5万元已全部收回: the verb after the amount, if any, else 发放 after all
        after = _verb_in(text, hit.end, min(clause_hi, next_start), last=False)
        verb = after if after is not None and "的" not in text[hit.end:after.start()] else attributive
    if verb is not None:
        pair = _verb_in(text, max(pre_lo, verb.start() - 4), verb.start(), last=True)
        if pair is not None and text[pair.end():verb.start()] in {"或", "和", "、", "及"}:
            verb = pair
        return verb
    verb = _verb_in(text, hit.end, min(clause_hi, next_start), last=False)
    if verb is not None:
        return None if "的" in text[hit.end:verb.start()] else verb
    if clause_hi < len(text) and text[clause_hi] in ",，" and next_start > clause_hi:
        sentence_hi = right_bound(text, clause_hi + 1, SENTENCE_END)
        next_hi = right_bound(text, clause_hi + 1, CLAUSE_END_LISTING)
        if next_start >= next_hi and next_hi <= sentence_hi and not text.startswith("目前", clause_hi + 1):
            return _verb_in(text, clause_hi + 1, min(next_hi, clause_hi + 25), last=False)
    return None


def _read(text: str, hits: list[_Hit], spans: SpanMaker) -> list[_Reading]:
    readings: list[_Reading] = []
    for index, hit in enumerate(hits):
        prev_end = hits[index - 1].end if index else -1
        next_start = hits[index + 1].start if index + 1 < len(hits) else len(text)
        clause_lo = left_bound(text, hit.num_start, CLAUSE_END_LISTING)
        pre_lo = max(clause_lo, prev_end)
        clause_hi = right_bound(text, hit.end, CLAUSE_END_LISTING)
        verb = _governing_verb(text, hit, pre_lo, clause_hi, next_start)
        if verb is not None and verb.end() <= hit.num_start and _PLANNED_BETWEEN.search(text, verb.end(),
                                                                                        hit.num_start):
            verb = None  # 原有投入资金基础上将再增加500万元: the amount belongs to the planned increase
        action, verb_text = _action(text, verb, clause_lo)
        if verb is not None and action is not MoneyAction.other and _plan_carries(text, clause_lo, clause_hi):
            action, verb_text = MoneyAction.other, None
        destination = _destination(text, verb, spans) if action is MoneyAction.recovered and verb else None
        if action is MoneyAction.recovered and destination is None:
            destination = _returned_to(text, hit.end, spans)
        if verb is not None and action is not MoneyAction.recovered and _recovered_before(text, verb):
            # 区财政已全部拨入至区扶贫办 after …已全部收回: the place the recovered money went
            action, destination = MoneyAction.recovered, _destination(text, verb, spans)
        if verb is None:
            # 7.4018万元资金已结算至财政国库支付中心: a destination with no action verb is a recovery
            found = vocab_regex("recovery_destinations").search(text, hit.end, min(clause_hi, next_start))
            if found and "已" in text[hit.end:found.start()] and not negated(text, found.start(), clause_lo):
                stop = right_bound(text, found.end(), CLAUSE_END_LISTING)
                action, verb_text = MoneyAction.recovered, found.group(0).rstrip("至入给")
                destination = Text(text=text[found.start():stop], span=spans.span(found.start(), stop))
        readings.append(_Reading(hit, _modifiers(text, hit, text[pre_lo:hit.num_start]), action, verb_text, verb,
                                 destination))
    _inherit(text, readings)
    return readings


def _plan_carries(text: str, clause_lo: int, clause_hi: int) -> bool:
    """Whether a clause with no tense of its own continues a plan stated earlier in its sentence.

    ``每个贫困村…将再增加500万元以上的…投入,累计每个贫困村平均投入资金800万元以上``: the
    cumulative average is what the planned increase will bring, so its 投入 is planned too.
    The nearest earlier clause that has a tense decides; a fact (已, 目前) ends the plan.
    """
    if _FACT_MARK.search(text, clause_lo, clause_hi) or _PLAN_MARK.search(text, clause_lo, clause_hi):
        return False
    sentence_lo = left_bound(text, clause_lo, SENTENCE_END)
    hi = clause_lo - 1
    while hi > sentence_lo:
        lo = left_bound(text, hi, CLAUSE_END_LISTING, sentence_lo)
        if _FACT_MARK.search(text, lo, hi):
            return False
        if _PLAN_MARK.search(text, lo, hi):
            return True
        hi = lo - 1
    return False


def _recovered_before(text: str, verb: re.Match[str]) -> bool:
    """Whether a destination verb (拨入) follows a recovery earlier in the same sentence."""
    if not vocab_regex("recovery_destinations").match(text, verb.start()):
        return False
    lo = left_bound(text, verb.start(), frozenset("。!！?？\n"))
    return any(vocab_value("money_actions", m.group(0)) == MoneyAction.recovered.value
               and not negated(text, m.start(), lo)
               for m in vocab_regex("money_actions").finditer(text, lo, verb.start()))


def _inherit(text: str, readings: list[_Reading]) -> None:
    """Amounts without a verb of their own take the action of the amount that governs them.

    Parts in parentheses take their total's (392万元已于5月9日下达县区(潘集区为25.5万元,…)); parts
    before 合计 take the total's; items of a list take the next item's (中央298万元,省级138万元,
    市级392万元…下达).
    """
    for index in range(len(readings) - 1, -1, -1):
        reading = readings[index]
        if reading.verb is not None:
            continue
        source: _Reading | None = None
        start = reading.hit.start
        open_paren = max(text.rfind("(", max(0, start - 120), start), text.rfind("（", max(0, start - 120), start))
        close_paren = max(text.rfind(")", max(0, start - 120), start), text.rfind("）", max(0, start - 120), start))
        if open_paren > close_paren:
            before = [r for r in readings[max(0, index - 12):index] if r.hit.end <= open_paren]
            if before and not re.search(r"[。;；]", text[before[-1].hit.end:open_paren]):
                source = before[-1]
        if source is None and index + 1 < len(readings):
            following = readings[index + 1]
            between = text[reading.hit.end:following.hit.num_start]
            total = MoneyModifier.total in following.modifiers and not re.search(r"[。;；]", between)
            if total or _LIST_LABEL.fullmatch(between):
                source = following
        if source is None:
            source = _total_ahead(text, readings, index)
        if source is not None and source.verb is not None:
            reading.action, reading.verb, reading.destination = source.action, source.verb, source.destination


def _total_ahead(text: str, readings: list[_Reading], index: int) -> _Reading | None:
    """The 合计 total that closes a run of verb-less parts (42.5万元和…150万元,合计192.5万元)."""
    for following in readings[index + 1:index + 12]:
        if re.search(r"[。;；]", text[readings[index].hit.end:following.hit.num_start]):
            return None
        if MoneyModifier.total in following.modifiers:
            return following
        if following.verb_match is not None:
            return None
    return None


def extract_money(text: str, start: int, end: int, spans: SpanMaker) -> list[Money]:
    """Money mentions in ``text[start:end]`` in text order (recoveries without amount included)."""
    hits = _scan(text, start, end)
    if hits:  # (most slices have no amount: their titles need not be found)
        titles = Intervals(r for r in protected_ranges(text, start, end) if text[r[0]] == "《")
        hits = [hit for hit in hits if not titles.holds(hit.start)]
    readings = _read(text, hits, spans)
    used_verbs = {r.verb_match.start() for r in readings if r.verb_match is not None}
    mentions: list[tuple[int, Money]] = [
        (r.hit.start, Money(text=text[r.hit.num_start:r.hit.end], amount=r.hit.amount, unit=r.hit.unit,
                            action=r.action, verb=r.verb, modifiers=r.modifiers, destination=r.destination,
                            span=spans.span(r.hit.num_start, r.hit.end)))
        for r in readings]
    mentions.extend(_recoveries_without_amount(text, start, end, spans, used_verbs, hits))
    mentions.sort(key=lambda item: item[0])
    return [money for _, money in mentions]


# After a recovery verb, the money named with what it was: 被挪用资金, 违规发放的补贴, 多收取的费用 (a few words
# before the object, ending its clause or followed by the clause's end)
_DESCRIBED_OBJECT_AFTER = re.compile(r"(?:了)?(?:全部|全额|全数)?(?:被|多)?[\u4e00-\u9fff]{1,8}?的?"
                                     r"(?:资金|款项|专款|基金|津补贴|补贴|补助|费用|违纪所得|违规所得)(?=[,，;；。、]|$)")


def _amount_after(starts: list[int], lo: int, hi: int) -> bool:
    """Whether an amount starts in [lo, hi) (``starts``: the sorted starts of the slice's amounts)."""
    first = bisect_left(starts, lo)
    return first < len(starts) and starts[first] < hi


def _refers_back(text: str, lo: int, verb_start: int) -> bool:
    """Whether the clause before a verb names money already stated (上述资金, 该笔款项 …)."""
    return any(text.find(words, lo, verb_start) >= 0 for words in BACK_REFERENCES)


def _recoveries_without_amount(text: str, start: int, end: int, spans: SpanMaker, used: set[int],
                               hits: list[_Hit]) -> list[tuple[int, Money]]:
    """``已按要求全数追回资金``: a recovery verb with a money object and no amount in its clause."""
    found: list[tuple[int, Money]] = []
    starts = [hit.start for hit in hits]
    for verb in vocab_regex("money_actions").finditer(text, start, end):
        if verb.start() in used or vocab_value("money_actions", verb.group(0)) != MoneyAction.recovered.value:
            continue
        lo = left_bound(text, verb.start(), CLAUSE_END_LISTING, start)
        hi = right_bound(text, verb.end(), CLAUSE_END_LISTING, end)
        if _amount_after(starts, lo, hi):
            continue
        # the money object after or before the verb, or inside it (退款); or after the verb with what it was
        # (追回被挪用资金, 收回违规发放的补贴) when no amount follows in the sentence either
        if not (verb.group(0).endswith("款") or _OBJECT_AFTER.match(text, verb.end())
                or _OBJECT_BEFORE.search(text, lo, verb.start())
                or (_DESCRIBED_OBJECT_AFTER.match(text, verb.end(), hi)
                    and not _amount_after(starts, verb.end(), right_bound(text, verb.end(), SENTENCE_END, end)))):
            continue
        if _refers_back(text, lo, verb.start()):
            continue  # 上述资金已全部上缴县财政: the money of the sentence before, where its amount is
        action, verb_text = _action(text, verb, lo)
        # a recovery still to come (可将, 待, 将, 拟, 应) is not reported; 督促退款 (pursued) is
        if action is not MoneyAction.recovered or re.search(r"可将|待|将|拟|应", text[lo:verb.start()]):
            continue
        phrase_lo = lo
        while phrase_lo < verb.start() and text[phrase_lo] in " \t(（)）1234567890":
            phrase_lo += 1
        if text.startswith(("并", "及", "和"), phrase_lo) and phrase_lo + 1 < verb.start():
            phrase_lo += 1  # 并督促退款: the conjunction is not part of the phrase
        found.append((phrase_lo, Money(text=text[phrase_lo:hi], action=action, verb=verb_text,
                                       destination=_destination(text, verb, spans),
                                       span=spans.span(phrase_lo, hi))))
    return found
