"""Claims: numbers a notice states about itself (counts, status counts, rates, sums, breakdowns).

See zh_libs.md §10.4 and CONVENTIONS.md (Claims). Quoted slogans (“四个不摘”) and set
phrases (一是, 第一书记, 一村一品, 一个问题一本台账) are never claims: only numeral +
classifier + a counted noun (问题, 方面, 措施, 原因, 大类) is read, never inside quotes.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from decimal import Decimal

from engine.model import Claim, ClaimKind, ClaimPart, ClaimTarget, StatusKind

from .base import (
    CLAUSE_END,
    CLAUSE_END_LISTING,
    FULL_STOP,
    SENTENCE_END,
    ClaimContext,
    Intervals,
    SpanMaker,
    left_bound,
    protected_ranges,
    right_bound,
    vocab_regex,
    vocab_value,
)
from .money import _scan as _scan_money
from .numerals import CHINESE_DIGITS, CHINESE_UNITS, to_int

__all__ = ["extract_claims"]

_NUM = r"(?<![\d.一二两三四五六七八九十百千])(?:\d+|[一二两三四五六七八九十百千]+)"
_NUM_CHAR = r"[\d一二两三四五六七八九十百千]"
# _NUM for a pattern that starts with it. ``re`` skips ahead in C to the next position where a
# pattern's leading character class matches, but tries a pattern that opens with a lookaround in full at
# every position (about 1.4x slower scans, even with a first-character lookahead). So the first
# numeral is matched first and the lookbehind then looks one character further back (past that
# numeral), and the rest of the number is of the first numeral's kind: the same matches as _NUM (tested).
_NUM_FIRST = (r"[\d一二两三四五六七八九十百千](?<![\d.一二两三四五六七八九十百千].)"
              r"(?:(?<=\d)\d*|(?<=[一二两三四五六七八九十百千])[一二两三四五六七八九十百千]*)")
# Every claim states a number printed in its slice: a count or rate (_NUM, \d) or an amount (money's numerals).
# A slice without any of these characters (headings, short paragraphs: a third of the calls) has no claim.
_NUMBER_CHAR = re.compile(rf"[\d{CHINESE_DIGITS}{CHINESE_UNITS}]")
_CLS = r"人次|个|项|条|名|人|户|家|所|次|件|份|册|张|期|座|间|套|处|宗|起"
_PEOPLE = {"名", "人"}
# (pattern, targets, cue): every match of the pattern contains a match of its cue, so a slice where
# the cue is not found is not scanned with the pattern (the cues are far cheaper to look for). The patterns
# are sources, compiled when first used (``re`` keeps them): most notices hold few of these cues, and their
# Chinese character classes make each cost ~0.5 ms to compile, at every start of the program.
_COUNTS: list[tuple[str, tuple[ClaimTarget, ...], re.Pattern[str]]] = [
    (rf"(?P<n1>{_NUM_FIRST})个方面(?P<n2>{_NUM})[个项](?:具体)?问题",
     (ClaimTarget.sections, ClaimTarget.findings), re.compile("个方面")),
    (rf"(?P<n1>{_NUM_FIRST})大类(?={_NUM}个方面)", (ClaimTarget.categories,), re.compile("大类")),
    (rf"(?P<n1>{_NUM_FIRST})个方面问题", (ClaimTarget.findings,), re.compile("个方面问题")),
    # (一)已基本整改到位的7个问题, 反馈的5项具体问题
    # (a bare 项问题 stays no count: yuzhou's findings cite 反馈的36项问题 of an earlier inspection)
    (rf"(?<=的)(?P<n1>{_NUM})个问题", (ClaimTarget.findings,), re.compile("个问题")),
    (rf"(?<=的)(?P<n1>{_NUM})[个项]具体问题", (ClaimTarget.findings,), re.compile("具体问题")),
    (rf"(?:个性|共性)问题(?P<n1>{_NUM})个", (ClaimTarget.findings,), re.compile("性问题")),
    # 巡察反馈问题共计28个, 反馈问题二十八个 (the feedback's problems: the notice's findings)
    (rf"反馈的?问题(?:共计|合计|总计|共)?(?P<n1>{_NUM})(?:个|项)", (ClaimTarget.findings,), re.compile("反馈的?问题")),
    # 整改措施27条, 整改措施共计12条
    (rf"(?:整改举措|整改措施|具体措施|举措)(?:共计|合计|总计|共)?(?P<n1>{_NUM})(?:项|条)", (ClaimTarget.measures,),
     re.compile(f"(?:举措|措施)(?:共计|合计|总计|共)?{_NUM_CHAR}")),
    (rf"(?P<n1>{_NUM_FIRST})(?:项|条)(?:具体)?(?:整改)?(?:举措|措施)", (ClaimTarget.measures,),
     re.compile("[项条](?:具体)?(?:整改)?(?:举措|措施)")),
    (rf"(?:症结原因|问题原因)(?P<n1>{_NUM})(?:条|个|项)", (ClaimTarget.causes,),
     re.compile(f"原因{_NUM_CHAR}")),
]
# Every cue above holds one of these words: most slices hold none, and one scan rules out all ten patterns.
# (literals only, like the cues: an alternation or a class there made a scan several times dearer)
_COUNT_WORDS = re.compile("个方面|大类|个问题|具体问题|性问题|举措|措施|原因|反馈的?问题")
_STATUS_AFTER = re.compile(rf"(?=有|{_NUM_CHAR})有?(?P<n>{_NUM})个(?:问题)?(?P<gap>[^,，。;；:：\d]{{0,40}}?)$")
_QUOTE = re.compile(r"“[^”]*”")  # masked in the clause before a status word
_AFTER_STATUS_COUNT = frozenset(",，、;；。:：)）!！?？\n ")
_STATUS_BEFORE = re.compile(rf"的?(?P<n>{_NUM})(?P<c>个|项|条)")  # 已完成12个, 需长期坚持的1项
# Before a count of measures, a word of progress: it counts those in that state (已完成整改措施12条, 剩余3条)
# (not 制定并落实整改措施15条: all of them, made and carried out)
_MEASURES_IN_A_STATE = re.compile(r"(?:已(?:经)?(?:全部)?(?:完成|落实|办结)|剩余|正在(?:推进|落实)?|尚未(?:完成|落实)?"
                                  r"|未(?:完成|落实))[了的]?$")
_COUNTED_NOUN = re.compile(r"问题|措施|举措|任务|建议|意见|制度")  # what a 条/项 count before a status counts
_PERCENT = re.compile(r"(?P<v>\d(?<![\d.].)\d*(?:\.\d+)?)%")  # \d then its lookbehind: see _NUM_FIRST
_RATE_LABEL = re.compile(r"(?:(?P<label>[\u4e00-\u9fff]{1,5}率)[^\d,，。;；%]{0,4}"
                         r"|(?P<label2>完成了?(?:任务数?|计划数?)的))$")
_NOT_A_RATE_BEFORE = re.compile(r"(?:不低于|不能低于|不少于|不超过|不高于|低于|高于)$")
_TARGET_DATE = re.compile(r"到\d{4}年")
_ENUMERATED = re.compile(rf"(?P<n>{_NUM_FIRST})(?P<c>项|个|家|名|种|期|所|类|条|户|人|支|批|次|场|轮)")
_SESSION = {"期", "次", "场", "批", "轮"}
_SESSION_BY_DATES_ONLY = _SESSION - {"期", "批"}
_ONE_DATE = r"(?:\d{4}年)?\d{1,2}月(?:\d{1,2}[日号])?"
_DATE_LIST = re.compile(rf"(?:于|在)?(?P<list>{_ONE_DATE}(?:、{_ONE_DATE})+)[\u4e00-\u9fff]{{1,3}}了?$")
_ORG = r"[\u4e00-\u9fff]{2,30}?(?:有限公司|公司|合作社|集团|医院|学校|银行) *"
_NAME_LIST = re.compile(rf"{_ORG}(?:、{_ORG})+")
_MEASURE_LIST = re.compile(rf"(?P<n>{_NUM_FIRST})(?:项|条|个)[\u4e00-\u9fff]{{1,8}}(?P<colon>[:：])\s*一是")
_MEASURE_LIST_CUE = r"[:：]\s*一是"  # in every _MEASURE_LIST match, and far cheaper to look for (_has_measure_list_cue)
_LIST_OPENER = re.compile(r"落实好|大力推广|推广|搭建|抓牢|仍有|组织|围绕|将|对|把|有|即")
_REMAINDER = re.compile(r"其他|其余|还有|另有|多付的")
_COUNT = re.compile(rf"(?P<n>\d(?<![\d.].)\d*)(?P<c>{_CLS})")  # \d then its lookbehind: see _NUM_FIRST
_ITEM = re.compile(rf"^(?:其中)?[:：]?(?P<label>[^\d,，、;；。]*?)(?:为|是|:|：)?(?P<n>\d+(?:\.\d+)?)(?P<c>{_CLS})$")
_PAREN = re.compile(r"\(([^()\n]{3,200})\)|（([^（）\n]{3,200})）")
_SPLIT = re.compile(r"[，、;；]|,(?!(?<=\d,)\d{3}(?!\d))")  # not the thousands separator of 1,000万元
_QIZHONG = re.compile(r"其中(?<![(（]其中)[:：,，]?")  # not after an opening parenthesis (looked at after 其中)
_BALANCE = re.compile(r"结余|剩余|余额")
_SUM_WORDS = re.compile(r"合计|共计|总计|结余|剩余|余额")  # the total words and _BALANCE of _money_sums
# 对 is matched, not looked behind for, so that ``re`` can search for it as a literal prefix.
_SET_TOTAL = re.compile(rf"对(?:全市|全县|全区|全镇|全乡|全部|所有)?(?P<n>\d+)(?P<c>{_CLS})")
_STRUCTURE = frozenset({ClaimTarget.sections, ClaimTarget.findings, ClaimTarget.categories})
_MAX_BREAKDOWN = 240  # characters of a breakdown list that are read
_QUANTITY_CHAR = re.compile(r"[\d元]")  # every item of a breakdown (a count or an amount) has one
_MAX_ITEMS = 24


def _claim(kind: ClaimKind, text: str, lo: int, hi: int, claimed: Decimal, spans: SpanMaker, **extra: object) -> Claim:
    return Claim.model_validate({"kind": kind, "text": text[lo:hi], "claimed": claimed, "span": spans.span(lo, hi),
                                 **extra})


def extract_claims(text: str, start: int, end: int, spans: SpanMaker,
                   context: ClaimContext | None = None) -> list[Claim]:
    """Claims in ``text[start:end]`` in text order.

    With a ``context`` whose ``rectification`` range is set, counts of the notice's own
    structure (sections, findings, categories, and status counts of findings) printed in that
    range are not claims: they count another inspection's or audit's problems.
    """
    if not _NUMBER_CHAR.search(text, start, end):
        return []
    quoted = Intervals(r for r in protected_ranges(text, start, end) if text[r[0]] in "“\"《")
    found: list[tuple[int, Claim]] = []
    consumed: set[int] = set()
    found += _status_counts(text, start, end, spans, quoted, consumed)
    found += _counts(text, start, end, spans, quoted, consumed)
    parens = list(_PAREN.finditer(text, start, end))  # read by both _rates and _sums
    found += _rates(text, start, end, spans, quoted, parens)
    found += _enumerations(text, start, end, spans, quoted)
    found += _sums(text, start, end, spans, parens)
    if context is not None:
        found = [(pos, claim) for pos, claim in found
                 if not (claim.target in _STRUCTURE and context.in_rectification(pos))]
    found.sort(key=lambda item: item[0])
    return [claim for _, claim in found]


def _status_counts(text: str, start: int, end: int, spans: SpanMaker, quoted: Intervals,
                   consumed: set[int]) -> list[tuple[int, Claim]]:
    found: list[tuple[int, Claim]] = []
    for m in vocab_regex("status").finditer(text, start, end):
        if quoted.strictly_holds(m.start()):
            continue
        kind = StatusKind(vocab_value("status", m.group(0)) or "none")
        # 已完成12个、正在整改3个 (also after a total: 9个问题已完成整改7个 counts 7, not 9)
        tail = _STATUS_BEFORE.match(text, m.end(), end)
        # the count ends its clause: 已解决12个村的饮水问题 counts something else
        if tail and (tail.end() >= end or text[tail.end()] in _AFTER_STATUS_COUNT):
            value = to_int(tail.group("n"))
            if value is not None and tail.group("c") != "个" and _counts_other_items(text, m.start(), start):
                continue  # 制定整改措施86条,已完成79条 counts measures, not findings
            if value is not None:
                consumed.update(range(m.start(), tail.end()))
                found.append((m.start(), _claim(ClaimKind.status_count, text, m.start(), tail.end(), Decimal(value),
                                                spans, status=kind, target=ClaimTarget.findings)))
                continue
        clause_lo = left_bound(text, m.start(), CLAUSE_END_LISTING, start)
        before = text[clause_lo:m.start()]
        # 有7个问题基本整改到位 / 2个问题即“…”列入长期整改任务
        masked = _QUOTE.sub(lambda q: "x" * len(q.group(0)), before) if "“" in before else before  # (rarely quoted)
        lead = _STATUS_AFTER.search(masked)
        if lead and "问题" in text[clause_lo + lead.start():m.start()] and not before.endswith("的"):
            value = to_int(lead.group("n"))
            lo = clause_lo + lead.start()
            if value is not None and text[lo - 1:lo] != "第":
                consumed.update(range(lo, m.end()))
                found.append((lo, _claim(ClaimKind.status_count, text, lo, m.end(), Decimal(value), spans,
                                         status=kind, target=ClaimTarget.findings)))
    return found


def _counts_other_items(text: str, pos: int, start: int) -> bool:
    """Whether the last thing counted in the sentence before ``pos`` is not problems (措施, 任务, 建议 …)."""
    nouns = _COUNTED_NOUN.findall(text, left_bound(text, pos, SENTENCE_END, start), pos)
    return bool(nouns) and nouns[-1] != "问题"


def _counts(text: str, start: int, end: int, spans: SpanMaker, quoted: Intervals,
            consumed: set[int]) -> list[tuple[int, Claim]]:
    found: list[tuple[int, Claim]] = []
    taken = consumed
    if not _COUNT_WORDS.search(text, start, end):
        return found
    for source, targets, cue in _COUNTS:
        if not cue.search(text, start, end):
            continue
        for m in re.compile(source).finditer(text, start, end):
            if quoted.strictly_holds(m.start()) or m.start() in taken or m.end() - 1 in taken:
                continue
            before = text[m.start() - 1:m.start()]
            if before in {"第", "每"} or before.isdecimal():  # isdecimal: what ``\d`` matches
                continue
            if targets[0] is ClaimTarget.measures and _MEASURES_IN_A_STATE.search(text, max(start, m.start() - 6),
                                                                                  m.start()):
                continue  # 已完成整改措施12条: the measures done so far, not all of them
            if before == "的" and _acted_on_in_a_state(text, m.start() - 1, start):
                continue  # 对正在整改的3个问题,实行挂图作战: those in one state, not all the findings
            values = [to_int(m.group(f"n{index + 1}")) for index in range(len(targets))]
            if any(value is None for value in values):
                continue
            if targets[-1] is ClaimTarget.findings and m.group(f"n{len(targets)}") == "一":
                continue  # 一个问题一本台账, 解决一个问题
            taken.update(range(m.start(), m.end()))
            for index, target in enumerate(targets):
                group = f"n{index + 1}"
                lo = m.start(group) if len(targets) > 1 else m.start()
                hi = m.end() if index == len(targets) - 1 else m.start(f"n{index + 2}")
                found.append((lo, _claim(ClaimKind.count, text, lo, hi, Decimal(values[index] or 0), spans,
                                         target=target)))
    return found


def _acted_on_in_a_state(text: str, de: int, floor: int) -> bool:
    """Whether the clause before ``de`` (the 的 of …的3个问题) acts on the problems in one state:
    ``对正在整改的``, ``对已完成整改的``, ``对需长期坚持的`` (a group heading, ``已基本整改到位的7个问题``, counts its
    own findings and has no 对)."""
    clause_lo = left_bound(text, de, CLAUSE_END_LISTING, floor)
    return text.startswith("对", clause_lo, de) and vocab_regex("status").search(text, clause_lo, de) is not None


def _rates(text: str, start: int, end: int, spans: SpanMaker, quoted: Intervals,
           parens: list[re.Match[str]]) -> list[tuple[int, Claim]]:
    """Every printed percentage that states a fact (整改率100%, 下降19%, 占比达到40%).

    Not rates: percentages in quotes or parentheses (requirements cited), thresholds
    (不低于50%, 10%的保底收益) and targets of a future year (到2021年…达到80%以上). ``parens`` are the
    ``_PAREN`` matches of the slice.
    """
    found: list[tuple[int, Claim]] = []
    if text.find("%", start, end) < 0:
        return found  # every rate has a %: most slices have none and need no scan
    in_parens = Intervals((m.start(), m.end()) for m in parens)
    for m in _PERCENT.finditer(text, start, end):
        if quoted.strictly_holds(m.start()) or in_parens.strictly_holds(m.start()):
            continue
        clause_lo = left_bound(text, m.start(), CLAUSE_END_LISTING, start)
        if _NOT_A_RATE_BEFORE.search(text, max(clause_lo, m.start() - 4), m.start()) or text.startswith("的", m.end()):
            continue
        if _TARGET_DATE.search(text, clause_lo, m.start()):
            continue
        value = m.group("v")
        label = _RATE_LABEL.search(text, clause_lo, m.start())
        if label:
            lo = label.start("label") if label.group("label") else label.start("label2")
            lo += 1 if text[lo] in "但而并且仅" else 0
            stem = label.group("label")[-3:-1] if label.group("label") else None
            numerator, denominator = _rate_parts(text, lo, start, stem)
        else:
            lo = max(left_bound(text, m.start(), CLAUSE_END, start), m.start() - 8)
            numerator = denominator = None
        decimals = len(value.split(".")[1]) if "." in value else 0
        extra: dict[str, object] = {"decimals": decimals}
        if numerator is not None:
            extra["numerator"] = numerator
        if denominator is not None:
            extra["denominator"] = denominator
        found.append((lo, _claim(ClaimKind.rate, text, lo, m.end(), Decimal(value), spans, **extra)))
    return found


def _enumerations(text: str, start: int, end: int, spans: SpanMaker, quoted: Intervals) -> list[tuple[int, Claim]]:
    """Counts of items named just before: ``台账式管理、包案督办、抽查复核等三项机制``, ``五项推进机制:一是…``."""
    found: list[tuple[int, Claim]] = []
    has_list = _has_measure_list_cue(text, start, end)
    for m in (_MEASURE_LIST.finditer(text, start, end) if has_list else ()):
        value = to_int(m.group("n"))
        if value is not None:
            found.append((m.start(), _claim(ClaimKind.count, text, m.start(), m.start("colon"), Decimal(value), spans,
                                            target=ClaimTarget.measures)))
    for m in _ENUMERATED.finditer(text, start, end):
        if quoted.strictly_holds(m.start()):
            continue
        clause_lo = left_bound(text, m.start(), CLAUSE_END_LISTING, start)
        if m.group("c") != "家" and not _may_list(text, clause_lo, m.start()):
            continue  # the usual case, decided at once: no list before the count (only 家 counts names after it)
        listed = _listed_around(text, m, clause_lo, end)
        if listed is not None:
            found.append((listed[0], _claim(ClaimKind.count, text, listed[0], listed[1], Decimal(listed[2]), spans,
                                            target=ClaimTarget.items)))
            continue
        if m.group("c") in _SESSION_BY_DATES_ONLY:
            continue  # 次/场/轮 count sessions only by their dates
        before = text[clause_lo:m.start()]
        before = before[:len(before) - _list_tail(before)]
        named, offset = _named_items(before)
        if named < 2:
            continue  # no list of two or more items: no count to check (the usual case, so decided first)
        value = to_int(m.group("n"))
        if value is None or named != value:
            continue
        target = ClaimTarget.people if m.group("c") in _PEOPLE else ClaimTarget.items
        lo = clause_lo + offset
        found.append((lo, _claim(ClaimKind.count, text, lo, m.end(), Decimal(value), spans, target=target)))
    return found


def _has_measure_list_cue(text: str, start: int, end: int) -> bool:
    """Whether ``_MEASURE_LIST_CUE`` (a colon, blanks, 一是) matches in ``text[start:end]``.

    Looked for from each 一是 backwards (few per slice) rather than from each colon (many): the blanks
    before 一是 are read to their first character, which must be the colon.
    """
    at = text.find("一是", start, end)
    while at >= 0:
        before = at
        while before > start and text[before - 1].isspace():  # str.isspace: what ``\s`` matches
            before -= 1
        if before > start and text[before - 1] in ":：":
            return True
        at = text.find("一是", at + 1, end)
    return False


def _listed_around(text: str, m: re.Match[str], clause_lo: int, end: int) -> tuple[int, int, int] | None:
    """(start, end, value) of a count whose items are listed as dates before it or as names after it.

    ``于2016年11月9日、11月21日、12月26日、2017年2月28日举办了四期…培训班``: one session (期, 次,
    场, 批, 轮) per date listed right before the verb. ``2家…大型企业禹州市天源生物科技有限公司(…)、
    禹州市盛博园林有限公司(…)管理运营…``: the organisations (家) named right after the count, in its
    clause. Only when the number of items listed equals the count.
    """
    if m.group("c") not in _SESSION and m.group("c") != "家":
        return None
    value = to_int(m.group("n"))
    if value is None or value < 2:
        return None
    if m.group("c") in _SESSION:
        dates = _DATE_LIST.search(text, clause_lo, m.start())
        if dates and dates.group("list").count("、") + 1 == value:
            return dates.start("list"), m.end(), value
    if m.group("c") == "家":
        hi = right_bound(text, m.end(), CLAUSE_END_LISTING, end)
        masked = _PAREN.sub(lambda p: " " * len(p.group(0)), text[m.end():hi])
        names = _NAME_LIST.search(masked)
        if names and "、" not in masked[:names.start()] and names.group(0).count("、") + 1 == value:
            return m.start(), m.end() + names.end(), value
    return None


def _may_list(text: str, lo: int, hi: int) -> bool:
    """Whether ``text[lo:hi]`` can hold a list: every list ``_named_items`` or a date list counts has 、, ” or 》."""
    return text.find("、", lo, hi) >= 0 or text.find("”", lo, hi) >= 0 or text.find("》", lo, hi) >= 0


def _list_tail(before: str) -> int:
    """Length of the word closing a list right before a count (等, 组成, 共, 计), 0 if none."""
    if before.endswith("组成"):
        return 2
    return 1 if before.endswith(("等", "共", "计")) else 0


def _named_items(before: str) -> tuple[int, int]:
    """How many items are listed right before a count, and where the list starts in ``before``.

    ``A、B和C`` -> 3; ``“A、B”`` -> 2; ``《A》及《B》`` -> 2; (0, 0) when there is no list.
    """
    if before.endswith("”"):
        opener = before.rfind("“")
        inner = before[opener + 1:-1]
        return (inner.count("、") + 1, opener) if "、" in inner else (0, 0)
    if before.endswith("》"):
        joins = re.findall(r"》(?:及|和|、|与)《", before)
        return (len(joins) + 1, before.find("《")) if joins else (0, 0)
    if "、" not in before or re.search(r"\d", before):
        return 0, 0
    cut = max(before.rfind("、"), before.rfind("和"), before.rfind("及"))
    last = before[cut + 1:]
    if not 2 <= len(last) <= 16 or re.search(r"[对把将向在从给]", last):
        return 0, 0
    start = 0
    for verb in _LIST_OPENER.finditer(before, 0, cut):
        start = verb.end()
    items = before[start:]
    head, _, tail = items.rpartition("、")
    joined = re.search(r".(?P<c>和|及|与).", tail)
    extra = 1 if joined and joined.group("c") not in head else 0
    return items.count("、") + extra + 1, start


def _rate_parts(text: str, rate_start: int, floor: int, stem: str | None) -> tuple[Decimal | None, Decimal | None]:
    """Numerator/denominator from the two clauses before a rate (台账108个,整改108个,整改率100%), or
    from a total and the one count of done items after it in the sentence (反馈的28个问题,已整改到位24个,
    正在整改4个,整改完成率85.7%)."""
    lo = left_bound(text, rate_start, SENTENCE_END, floor)
    clauses_lo = rate_start
    for _ in range(2):
        if clauses_lo - 1 <= lo:
            break
        clauses_lo = left_bound(text, clauses_lo - 1, CLAUSE_END_LISTING, lo)
    counts = list(_COUNT.finditer(text, clauses_lo, rate_start))
    paren = re.search(r"[(（]共(?:下达)?(\d+)", text[clauses_lo:rate_start])
    if len(counts) >= 2 and counts[-1].group("c") == counts[-2].group("c"):
        if not _NOT_DONE.search(_clause_of(text, counts[-1], clauses_lo, rate_start)):
            return Decimal(counts[-1].group("n")), Decimal(counts[-2].group("n"))
        return _total_and_done(text, lo, rate_start)
    if paren:
        return None, Decimal(paren.group(1))
    if len(counts) == 1:
        before = text[max(clauses_lo, counts[0].start() - 1):counts[0].start()]
        if before == "共":
            return None, Decimal(counts[0].group("n"))
        count_lo = left_bound(text, counts[0].start(), CLAUSE_END_LISTING, clauses_lo)
        count_hi = right_bound(text, counts[0].end(), CLAUSE_END_LISTING, rate_start)
        if stem is None or stem in text[count_lo:count_hi]:
            return Decimal(counts[0].group("n")), _earlier_total(text, floor, lo, counts[0], clauses_lo, rate_start)
    elif counts:  # 制定整改措施48条,已完成整改13个问题,完成率90%: the problems' total is in an earlier sentence
        total = _earlier_total(text, floor, lo, counts[-1], clauses_lo, rate_start)
        if total is not None:
            return Decimal(counts[-1].group("n")), total
    return None, None


def _earlier_total(text: str, floor: int, sentence_lo: int, done: re.Match[str], lo: int,
                   hi: int) -> Decimal | None:
    """The total of problems an earlier sentence of the paragraph gives (共反馈问题15个 / 反馈的15个具体问题), for
    a count of problems done right before a rate (已完成整改13个问题,完成率90%): the last count in a clause
    with a total word and 问题, of the done count's classifier and not below it; None when there is none."""
    if sentence_lo <= floor or text.find("问题", floor, sentence_lo) < 0:
        return None  # no earlier sentence, or none that speaks of problems (most rates)
    clause = _clause_of(text, done, lo, hi)
    if not _DONE.search(clause) or _NOT_DONE.search(clause):
        return None
    for m in reversed(list(_COUNT.finditer(text, floor, sentence_lo))):
        if m.group("c") != done.group("c"):
            continue
        total_clause = _clause_of(text, m, floor, sentence_lo)
        if _TOTAL.search(total_clause) and "问题" in total_clause and int(m.group("n")) >= int(done.group("n")):
            return Decimal(m.group("n"))
        return None  # the nearest count of the classifier is not such a total: leave the rate unchecked
    return None


# A count in a clause with one of these is not of items done (正在整改4个, 未完成5个, 基本完成…持续整改问题4个)
_NOT_DONE = re.compile(r"正在|持续|未|尚|没有|基本|部分|长期")
_TOTAL = re.compile(r"反馈|交办|移交|共|总|合计|累计|梳理|排查|发现")  # a clause that gives the total
_DONE = re.compile(r"完成|整改|办结|到位|销号|解决")
_GROUP_NOUN = re.compile(r"方面|大类|类|领域|板块")  # after a count of the groups problems fall in (3个方面12个问题)


def _clause_of(text: str, match: re.Match[str], lo: int, hi: int) -> str:
    return text[left_bound(text, match.start(), CLAUSE_END_LISTING, lo):right_bound(text, match.end(),
                                                                                   CLAUSE_END_LISTING, hi)]


def _total_and_done(text: str, lo: int, rate_start: int) -> tuple[Decimal | None, Decimal | None]:
    """The first count of the sentence given as a total (a total word in its clause, or 问题 right after it),
    and the one count after it of items done, with the same classifier (else None, None: not checked)."""
    counts = [(m, _clause_of(text, m, lo, rate_start)) for m in _COUNT.finditer(text, lo, rate_start)]
    totals = [index for index, (m, clause) in enumerate(counts)  # …共50项 / 9个问题…, not 3个方面 or 2大类
              if (_TOTAL.search(clause) or text.startswith("问题", m.end())) and not _GROUP_NOUN.match(text, m.end())]
    if not totals:
        return None, None
    total = counts[totals[0]][0]
    done = [m for m, clause in counts[totals[0] + 1:]
            if m.group("c") == total.group("c") and _DONE.search(clause) and not _NOT_DONE.search(clause)]
    if len(done) != 1:
        return None, None
    return Decimal(done[0].group("n")), Decimal(total.group("n"))


def _quantities(text: str, lo: int, hi: int) -> list[tuple[int, int, Decimal, str]]:
    """(start, end, value, kind) of money (kind 元) and counts (kind = classifier) in [lo, hi)."""
    money = [(h.num_start, h.end, h.amount, "元") for h in _scan_money(text, lo, hi) if h.unit.endswith("元")]
    in_money = Intervals((a, b) for a, b, _, _ in money)
    counts = [(m.start(), m.end(), Decimal(m.group("n")), "人" if m.group("c") in _PEOPLE else m.group("c"))
              for m in _COUNT.finditer(text, lo, hi) if not in_money.holds(m.start())]
    return sorted(money + counts)


def _parse_items(body: str, offset: int, text: str) -> list[tuple[str, Decimal, str, int, int]]:
    """Items ``label + quantity`` of a breakdown, stopping at the first item that is not one."""
    items: list[tuple[str, Decimal, str, int, int]] = []
    position = offset
    for piece in _SPLIT.split(body[:_MAX_BREAKDOWN])[:_MAX_ITEMS]:
        piece_lo = position
        position += len(piece) + 1
        stripped = piece.strip()
        if not stripped or stripped in {"其中", "其中:"}:
            continue
        if items and stripped.startswith("其中"):
            break  # the next breakdown begins
        money = _scan_money(text, piece_lo, piece_lo + len(piece))
        if len(money) == 1 and money[0].end == piece_lo + len(piece.rstrip()) and money[0].unit.endswith("元"):
            label = re.sub(r"^(?:其中)?[:：]?|(?:为|是|:|：)$", "", text[piece_lo:money[0].num_start].strip())
            items.append((label, money[0].amount, "元", money[0].num_start, money[0].end))
            continue
        m = _ITEM.match(stripped)
        if not m:
            break
        lo = piece_lo + piece.index(stripped)
        kind = "人" if m.group("c") in _PEOPLE else m.group("c")
        items.append((m.group("label"), Decimal(m.group("n")), kind, lo + m.start("n"), lo + m.end()))
    return items


def _breakdown(text: str, total: tuple[int, int, Decimal, str], items: list[tuple[str, Decimal, str, int, int]],
               hi: int, spans: SpanMaker) -> tuple[int, Claim]:
    sanction_words = vocab_regex("sanctions")
    is_sanction = total[3] == "人" and all(sanction_words.fullmatch(label) for label, *_ in items)
    parts = [ClaimPart(label=label or None, value=value, span=spans.span(lo, item_hi))
             for label, value, _, lo, item_hi in items]
    kind = ClaimKind.sanction_breakdown if is_sanction else ClaimKind.sum
    target = ClaimTarget.people if total[3] == "人" else ClaimTarget.money if total[3] == "元" else ClaimTarget.items
    return total[0], _claim(kind, text, total[0], hi, total[2], spans, parts=parts, target=target)


def _sums(text: str, start: int, end: int, spans: SpanMaker, parens: list[re.Match[str]]) -> list[tuple[int, Claim]]:
    """Totals and their parts; ``parens`` are the ``_PAREN`` matches of the slice."""
    found: list[tuple[int, Claim]] = []
    # Parenthesised breakdowns: 392万元(潘集区为25.5万元,…), 806份(B级143份,…), 2人(其中立案查处1人、约谈1人)
    for m in parens:
        body_start = m.start(1) if m.group(1) is not None else m.start(2)
        body = m.group(1) if m.group(1) is not None else m.group(2)
        if not _QUANTITY_CHAR.search(body, 0, _MAX_BREAKDOWN):
            continue  # no item without a number (or 元): most parentheses are not breakdowns
        items = _parse_items(body, body_start, text)
        if len(items) < 2 or len({item[2] for item in items}) != 1:
            continue
        kind = items[0][2]
        sentence_lo = left_bound(text, m.start(), SENTENCE_END, start)
        totals = [q for q in _quantities(text, sentence_lo, m.start()) if q[3] == kind]
        if totals:
            found.append(_breakdown(text, totals[-1], items, m.end(), spans))
    # 其中 lists: 13名…问责,其中立案查处5人,诫勉谈话1人,约谈7人; 项目17个,其中…4个、…5个
    for m in (_QIZHONG.finditer(text, start, end) if text.find("其中", start, end) >= 0 else ()):
        hi = right_bound(text, m.end(), frozenset(";；。\n"), end)
        items = _parse_items(text[m.end():hi], m.end(), text)
        if len(items) < 2 or len({item[2] for item in items}) != 1:
            continue
        sentence_lo = left_bound(text, m.start(), SENTENCE_END, start)
        totals = [q for q in _quantities(text, sentence_lo, m.start()) if q[3] == items[0][2]]
        if not totals and not text[sentence_lo:m.start()].strip() and sentence_lo - 1 > start \
                and text[sentence_lo - 1] in "。;；":  # 追回资金56.3万元。其中,…: the total ends the sentence before
            before_lo = left_bound(text, sentence_lo - 1, SENTENCE_END, start)
            totals = [q for q in _quantities(text, before_lo, sentence_lo - 1) if q[3] == items[0][2]]
        if totals:
            found.append(_breakdown(text, totals[-1], items, items[-1][4], spans))
    if _SUM_WORDS.search(text, start, end):  # both kinds of sums need one of these words: looked for once
        found += _money_sums(text, start, end, spans)
        taken = {pos for pos, _ in found}
        found += [item for item in _count_sums(text, start, end, spans) if item[0] not in taken]
    found += _remainders(text, start, end, spans)
    taken = {pos for pos, _ in found}
    found += [item for item in _set_breakdowns(text, start, end, spans) if item[0] not in taken]
    return found


def _counts_in(text: str, lo: int, hi: int) -> list[tuple[int, int, Decimal, str]]:
    """Counts (not money) in [lo, hi), as ``_quantities`` gives them."""
    if not _COUNT.search(text, lo, hi):
        return []  # the counts of _quantities are _COUNT matches: without one, money need not be scanned
    return [q for q in _quantities(text, lo, hi) if q[3] != "元"]


def _set_breakdowns(text: str, start: int, end: int, spans: SpanMaker) -> list[tuple[int, Claim]]:
    """A counted set, then its parts: ``对54所…空壳学校,撤销32所,…改扩建为幼儿园22所``.

    The parts are the counts that follow the total in the rest of its sentence, or, when that
    rest holds no count at all, in the next sentence (``对全市653个行政村卫生室进行…摸排,….
    目前,共排查出公有产权卫生室114所、公私合建卫生室92所、私有产权卫生室447所``). Guards: the
    total is the set a clause acts on (``对N…``); there are at least two parts, all after the
    total's own clause (``对2个国家级示范社、29个…`` is a list, not a total); every count of that
    stretch is a part, and all have one classifier, which is either the total's own specific one
    (所, not the general 个) or each part names a kind of the total's noun (…卫生室 of
    ``653个行政村卫生室``), so that ``对19个乡镇…检查,发现问题18个,完成整改18个`` is no sum.
    """
    found: list[tuple[int, Claim]] = []
    # the 对 opening a match may stand just before ``start`` (the count itself must be in the slice)
    for m in _SET_TOTAL.finditer(text, max(0, start - 1), end):
        total = (m.start("n"), m.end(), Decimal(m.group("n")), "人" if m.group("c") in _PEOPLE else m.group("c"))
        clause_hi = right_bound(text, m.end(), CLAUSE_END, end)
        sentence_hi = right_bound(text, m.end(), SENTENCE_END, end)
        if _counts_in(text, m.end(), clause_hi):
            continue
        parts = _counts_in(text, clause_hi, sentence_hi)
        if not parts and sentence_hi < end and text[sentence_hi] in "。;；!！?？":
            parts = _counts_in(text, sentence_hi + 1, right_bound(text, sentence_hi + 1, SENTENCE_END, end))
        if len(parts) < 2 or len({part[3] for part in parts}) != 1:
            continue
        labels = [_part_label(text, p[0], start) for p in parts]
        noun = text[m.end():min(clause_hi, m.end() + 12)]
        same_classifier = parts[0][3] == total[3] != "个"
        if not same_classifier and not all(label and len(label) >= 2 and label[-2:] in noun for label in labels):
            continue
        claim_parts = [ClaimPart(label=label, value=p[2], span=spans.span(p[0], p[1]))
                       for label, p in zip(labels, parts, strict=True)]
        target = ClaimTarget.people if total[3] == "人" else ClaimTarget.items
        found.append((total[0], _claim(ClaimKind.sum, text, total[0], parts[-1][1], total[2], spans,
                                       parts=claim_parts, target=target)))
    return found


def _part_label(text: str, pos: int, floor: int) -> str | None:
    """The item name before a part's number, without the verb that reports it (共排查出…)."""
    label = _label(text, pos, floor)
    return re.sub(r"^(?:目前)?(?:共计|共)?[\u4e00-\u9fff]{0,3}?出(?=[\u4e00-\u9fff]{2})", "", label) if label else None


def _remainders(text: str, start: int, end: int, spans: SpanMaker) -> list[tuple[int, Claim]]:
    """A total split into parts closed by 其他/还有/多付的 (24家…仅有5家…,其他19家)."""
    found: list[tuple[int, Claim]] = []
    for m in _REMAINDER.finditer(text, start, end):
        after = _quantities(text, m.end(), min(end, m.end() + 16))
        if not after or after[0][0] > m.end() + 2:
            continue
        final = after[0]
        sentence_lo = left_bound(text, m.start(), SENTENCE_END, start)
        before = [q for q in _quantities(text, sentence_lo, m.start()) if q[3] == final[3]]
        if len(before) < 2:
            continue
        total, parts = before[0], [*before[1:], final]
        if sum(p[2] for p in parts) > total[2] * 2:
            continue
        claim_parts = [ClaimPart(label=_label(text, p[0], start), value=p[2], span=spans.span(p[0], p[1]))
                       for p in parts]
        target = {"元": ClaimTarget.money, "人": ClaimTarget.people}.get(final[3], ClaimTarget.items)
        found.append((total[0], _claim(ClaimKind.sum, text, total[0], final[1], total[2], spans, parts=claim_parts,
                                       target=target)))
    return found


_COUNT_TOTAL = re.compile(rf"(?:合计|共计|总计){_COUNT.pattern}")


def _count_sums(text: str, start: int, end: int, spans: SpanMaker) -> list[tuple[int, Claim]]:
    """A count list closed by its total: 给予党纪处分3人、政务处分2人,诫勉谈话4人,共计9人.

    Called only for slices that hold one of ``_SUM_WORDS`` (the total words are among them).
    """
    found: list[tuple[int, Claim]] = []
    for m in _COUNT_TOTAL.finditer(text, start, end):
        sentence_lo = left_bound(text, m.start(), SENTENCE_END, start)
        kind = "人" if m.group("c") in _PEOPLE else m.group("c")
        parts = [q for q in _counts_in(text, sentence_lo, m.start()) if q[3] == kind]
        if not 2 <= len(parts) < _MAX_ITEMS:
            continue
        items = [(_label(text, lo, sentence_lo) or "", value, cls, lo, hi) for lo, hi, value, cls in parts]
        first_label = items[0][0]  # the claim is quoted from the first item's label: 给予党纪处分3人…共计9人
        total = (parts[0][0] - len(first_label) if text.startswith(first_label, parts[0][0] - len(first_label))
                 else parts[0][0], m.end(), Decimal(m.group("n")), kind)
        found.append(_breakdown(text, total, items, m.end(), spans))
    return found


def _money_sums(text: str, start: int, end: int, spans: SpanMaker) -> list[tuple[int, Claim]]:
    """合计192.5万元 after its parts, and a budget closing with 结余 (31万 = 21.4062 + … + 结余7.4018).

    Called only for slices that hold one of ``_SUM_WORDS``: both need such a word before an amount.
    """
    found: list[tuple[int, Claim]] = []
    hits = _scan_money(text, start, end)
    starts = [h.start for h in hits]
    for index, hit in enumerate(hits):
        if not hit.unit.endswith("元"):
            continue
        pre_lo = left_bound(text, hit.num_start, CLAUSE_END_LISTING, start)
        pre = text[pre_lo:hit.num_start]
        cue = pre.rfind("计")  # of 合计/共计/总计: the total is the first amount after it
        if cue > 0 and pre[cue - 1] in "合共总" and (index == 0 or hits[index - 1].end <= pre_lo + cue):
            segment_lo = left_bound(text, hit.num_start, SENTENCE_END, start)
            parts = [h for h in hits[bisect_left(starts, segment_lo):index] if h.unit.endswith("元")][-_MAX_ITEMS:]
            if 2 <= len(parts) < _MAX_ITEMS:
                claim_parts = [ClaimPart(label=_label(text, h.num_start, start), value=h.amount,
                                         span=spans.span(h.num_start, h.end)) for h in parts]
                found.append((parts[0].num_start, _claim(ClaimKind.sum, text, parts[0].num_start, hit.end, hit.amount,
                                                         spans, parts=claim_parts, target=ClaimTarget.money)))
        if _BALANCE.search(pre[-4:]):
            sentence_lo = left_bound(text, hit.num_start, FULL_STOP, start)
            before = [h for h in hits[bisect_left(starts, sentence_lo):index] if h.unit.endswith("元")]
            if 3 <= len(before) < _MAX_ITEMS:
                total, parts = before[0], [*before[1:], hit]
                claim_parts = [ClaimPart(label=_label(text, h.num_start, start), value=h.amount,
                                         span=spans.span(h.num_start, h.end)) for h in parts]
                found.append((total.num_start, _claim(ClaimKind.sum, text, total.num_start, hit.end, total.amount,
                                                      spans, parts=claim_parts, target=ClaimTarget.money)))
    return found


def _label(text: str, pos: int, floor: int) -> str | None:
    lo = left_bound(text, pos, CLAUSE_END, floor)
    label = text[max(lo, pos - 12):pos].strip()
    return label or None
