"""Date mentions: points, elided ranges, role words, year-less resolution and vague phrases.

See zh_libs.md §10.3 and CONVENTIONS.md (Dates). A year-less date takes its year from the
nearest preceding explicit point date of the same paragraph (not a 以来/起 mention, not a bare
year such as ``2019年度``, not inside 《…》 or 〔…〕); else from the publication date (past
narrative: the latest such date not after publication; future markers: the next occurrence);
else from ``DateContext.year``; else it stays unresolved (no start/end).

Conventions for ranges of days (as in the gold fixtures): a month covers all its days, 上旬/初
days 1-10, 中旬 11-20, 下旬 21-end, 月底 its last day, 年底 Dec 31, a year Jan 1 - Dec 31;
``2025年前`` keeps the loose reading (the whole of 2025) and its raw text. A festival deadline
(``春节前``, ``2024年国庆节前``) is the festival's day, lunar festivals by the lunar calendar (borax);
without a year, the festival's next day after the publication date (or its last before it, when the
deadline is past). ``截至/截止`` dates
are the as-of date of a reported state, not deadlines (role other, or completed). ``以来``/``起`` mentions end at the
publication date when it is known. Dates in a finding's problem statement (``DateContext.problem``)
describe the problem: a deadline printed there (``到9月底实际拨付比例不高``, ``原计划2020年9月底投入使用``)
is role other, and a year-less one is read as past.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from engine.model import DateMention, DatePrecision, DateRole

from .base import (
    CLAUSE_END_LISTING,
    DateContext,
    Intervals,
    SpanMaker,
    bracket_open,
    left_bound,
    paragraph_start,
    protected_ranges,
    right_bound,
    vocab_regex,
)
from .numerals import chinese_to_int

__all__ = ["extract_dates"]

_XUN = r"上旬|中旬|下旬|初|底|末"
_SEP = r"——|--|[-—–~～至到]"
_DATE = re.compile(
    # Every match starts with one of these characters: the leading lookahead rejects all other positions
    # at once, where the five alternatives (each opening with a lookbehind) would be tried one by one.
    # It makes this scan, which runs over every finding, about 6x faster.
    r"(?=[\d年今去上本明来〇零一二三四五六七八九十])(?:"
    # 1. numeric dates: 2021/01/07, 2020-12-17
    r"(?<![\d.])(?P<n_y>(?:19|20)\d{2})(?P<n_s>[-/.])(?P<n_m>\d{1,2})(?P=n_s)(?P<n_d>\d{1,2})(?![\d.])"
    # 2. month ranges: 2017年1-3月, 2-3月
    rf"|(?<![\d.])(?:(?P<r_y>\d{{4}})年)?(?P<r_m1>\d{{1,2}})(?:{_SEP})(?P<r_m2>\d{{1,2}})月(?:份)?"
    # 3. points and ranges built from year / month / day / xun parts
    # (the lookahead asks for a year, a month or a relative year, so the alternative never matches empty)
    # (明年/来年 here only before its year end, 明年年底: a bare 明年 is vague, and 明年6月 is read in _scan)
    r"|(?<![\d.])(?=\d{4} ?年|\d{1,2}月|今年|去年|上年|本年|明年年?[底末]|来年年?[底末])"
    r"(?:(?P<a_y>\d{4}) ?年(?P<a_yd>度)?(?P<a_ye>年?底|年?末)?"
    r"|(?P<a_rel>今年|去年|上年|本年|明年|来年)(?P<a_rye>年?底|年?末)?)?"
    # half-years and quarters (2023年上半年, 今年第三季度): read as their months, 1-6, 7-9 …
    r"(?:(?P<a_h>上半年|下半年|第?[一二三四1-4]季度)"
    rf"|(?P<a_m>\d{{1,2}})月(?:份)?(?:(?P<a_d>\d{{1,2}})[日号]|(?P<a_x>{_XUN}))?)?"
    rf"(?:\s*(?P<sep>{_SEP})\s*(?=\d)(?:(?P<e_d0>\d{{1,2}})[日号]|(?:(?P<e_y>\d{{4}})年(?:度)?(?P<e_ye>底|末)?)?"
    rf"(?:(?P<e_m>\d{{1,2}})月(?:份)?(?:(?P<e_d>\d{{1,2}})[日号]|(?P<e_x>{_XUN}))?)?))?"
    # 4. 年底 / 年末 without a year, and 年内 (this year, as 今年; not 三年内, 半年内: a span of time)
    r"|(?<![年\d每当])(?P<b_ye>年(?:底|末|(?<![一二两三四五六七八九十半几多近]年)内))"
    # 5. Chinese-numeral dates: 二〇二〇年十月九日
    r"|(?P<c_y>[〇零一二三四五六七八九]{4})年(?:(?P<c_m>[一二三四五六七八九十]{1,2})月(?:(?P<c_d>[一二三四五六七八九十]{1,3})日)?)?"
    # 6. a Chinese-numeral month without a year, only as a date (十月底前, 十二月中旬, 三月份, 六月十日; not
    #    一月一通报, 三个月)
    #    (the lookahead first: most numerals fail on it before the lookbehind and the groups are tried)
    r"|(?=[一二三四五六七八九十][一二]?月)(?<![〇零一二三四五六七八九十百千万\d])(?P<k_m>十[一二]?|[一二三四五六七八九])月"
    rf"(?:(?P<k_d>[一二三四五六七八九十]{{1,3}})[日号]|(?P<k_x>{_XUN})|份|(?=(?:之|以)?前))"
    r")"
)
_SUFFIX = re.compile(r"以来|至今|起|之前|以前|前|止")
_PERIOD_MONTHS = {"上半年": (1, 6), "下半年": (7, 12), "一季度": (1, 3), "二季度": (4, 6), "三季度": (7, 9),
                  "四季度": (10, 12), "1季度": (1, 3), "2季度": (4, 6), "3季度": (7, 9), "4季度": (10, 12)}
_PREFIX_INCLUDED = re.compile(r"(?:截至|截止|自|从|到)$")
_AS_OF = frozenset({"截至", "截止"})  # results as of a date
_NOT_PREFIX_TO = re.compile(r"(?:达|得|受|做|升|直|加|回|提|降|调)到$")
_FUTURE = re.compile(r"拟于?|计划(?:于|在|到)?|预计|力争|争取(?:在|于)|确保|将于|将在|准备|打算|要求|力求|务必")
_DEADLINE_PREFIX = re.compile(r"到$")
# 整改时限:2023年12月, also after a bracketed label: 【整改时限】2024年3月底
_DEADLINE_LABEL = re.compile(r"(?:时限|期限|完成时间|截止时间|截止日期|完成日期)\s*】?\s*[:：为]?\s*$")
_DONE_AFTER = re.compile(r"[^,，。;；]{0,20}?已")  # something in the date's clause is already done
_DONE_AFTER_YEAR = re.compile(r"[,，]?已")
# an act with 了 right after the date (``2016年底制定下发了``, ``2017年还印制了``; not 为了, 除了, 了解)
_ACTED_AFTER = re.compile(r"[,，]?[^,，。;；、:：\d]{1,6}?(?<![为除])了(?!解)")
_COMPLETION = re.compile(r"完成|完工|建成|竣工|办结|结算|销号|到位|投运|投入使用")
_PLAN_NAME_BEFORE = re.compile(r"(?:规划|计划|纲要|方案|行动)\($")
_STATUS_WORDS = re.compile(r"长期(?:整改|坚持|以来)")
_VAGUE_PAST = re.compile(r"已|了")
_VAGUE_PREFIX = re.compile(r"(?:拟于|拟在|将于|将在|计划于|计划在|拟)$")
_DESCRIPTIVE = frozenset({"后期", "长期", "逐步"})
# A span of time from an unstated start (3个月内, 三十天内, 15个工作日内, 两周内): as vague as 近期. Scanned only
# when one of the literal endings is in the slice (a class-led pattern in the vocabulary's scan cost 15 % of
# parsing).
_DURATION_ENDINGS = ("个月内", "个工作日内", "天内", "周内")
_DURATION = re.compile(r"(?<![\d一二两三四五六七八九十])(?:\d{1,3}|[一二两三四五六七八九十]{1,3})"
                       r"(?:个月|个工作日|天|周)内")
# Before a year-less month: the year after the publication's (明年), or after the year last named (次年)
_NEXT_YEAR = ("明年", "来年", "下一年", "次年", "翌年")
_FOLLOWING = frozenset({"次年", "翌年"})
# Festivals read as a deadline (…前, …之前, …以前; not 前后): (month, day), of the lunar calendar for the
# lunar festivals. 除夕 is the day before 春节.
_SOLAR_FESTIVALS = {"元旦": (1, 1), "五一": (5, 1), "劳动节": (5, 1), "七一": (7, 1), "建党节": (7, 1),
                    "八一": (8, 1), "建军节": (8, 1), "国庆": (10, 1)}
_LUNAR_FESTIVALS = {"春节": (1, 1), "元宵": (1, 15), "端午": (5, 5), "中秋": (8, 15), "重阳": (9, 9)}
# Looked for right before each 前 of a slice (far fewer than the places a scan for the names would try).
_FESTIVAL_BEFORE = re.compile(r"(?P<name>五一节?|七一节?|八一节?|国庆节?|元宵节?|端午节?|中秋节?|重阳节?|春节|除夕|元旦"
                              r"|劳动节|建党节|建军节)(?:之|以)?$")
_FESTIVAL_YEAR = re.compile(r"(?<![\d.])(?P<y>\d{4}) ?年$")


def festival_day(name: str, year: int) -> dt.date | None:
    """The day of a festival (as printed: ``国庆节``, ``春节``, ``除夕``) in a Gregorian year, if known."""
    if name not in _SOLAR_FESTIVALS and name not in _LUNAR_FESTIVALS:
        name = name.removesuffix("节")  # 国庆节, 中秋节: as in the tables (春节, 劳动节 are there as printed)
    if name in _SOLAR_FESTIVALS:
        return dt.date(year, *_SOLAR_FESTIVALS[name])
    from borax.calendars.lunardate import LunarDate  # only when a lunar festival is printed (start-up time)

    month, day = (1, 1) if name == "除夕" else _LUNAR_FESTIVALS[name]
    try:
        solar: dt.date = LunarDate(year, month, day).to_solar_date()
    except ValueError:  # a year out of the lunar calendar's table (1900-2100)
        return None
    return solar - dt.timedelta(days=1) if name == "除夕" else solar


@dataclass
class _Part:
    """One end of a date as printed: year/month/day/xun, with what is explicit."""

    year: int | None
    month: int | None = None
    day: int | None = None
    xun: str | None = None
    year_end: bool = False
    relative: str | None = None
    festival: str | None = None  # 春节, 国庆节 …: a day that depends on the year
    month_offset: int | None = None  # 本月 0, 下月 1: the month is the publication's, set when resolved

    def precision(self) -> DatePrecision:
        if self.day is not None or self.festival is not None:
            return DatePrecision.day
        if self.xun in {"上旬", "中旬", "下旬", "初"}:
            return DatePrecision.xun
        if self.xun in {"底", "末"}:
            return DatePrecision.month_end
        if self.month is not None:
            return DatePrecision.month
        if self.year_end:
            return DatePrecision.year_end
        return DatePrecision.year

    def bounds(self, year: int) -> tuple[dt.date, dt.date] | None:
        if self.festival is not None:
            day = festival_day(self.festival, year)
            return None if day is None else (day, day)
        try:
            if self.month is None:
                if self.year_end:
                    return dt.date(year, 12, 31), dt.date(year, 12, 31)
                return dt.date(year, 1, 1), dt.date(year, 12, 31)
            last = calendar.monthrange(year, self.month)[1]
            if self.day is not None:
                day = dt.date(year, self.month, self.day)
                return day, day
            lo, hi = {"上旬": (1, 10), "初": (1, 10), "中旬": (11, 20), "下旬": (21, last),
                      "底": (last, last), "末": (last, last)}.get(self.xun or "", (1, last))
            return dt.date(year, self.month, lo), dt.date(year, self.month, hi)
        except ValueError:
            return None


@dataclass
class _Raw:
    start: int
    end: int
    first: _Part
    last: _Part | None
    suffix: str
    role: DateRole
    future: bool
    # Read as the date of something done when it stands in a finding's rectification blocks: a day
    # (``11月12日,印发…``, ``于12月1日—12月31日…开展了``), the as-of date of results (``截至2017年3月31日,
    # 全区…``) or a date followed by an act with 了 (``2016年底制定下发了``), with no deadline, plan or
    # "since" word. There that is what such a date reports; in a problem statement it describes the problem.
    done: bool = False
    # A year, half-year or quarter followed by a completion word (今年下半年完成, 2023年全面完成): in the
    # rectification blocks a target when it has not ended by the publication date, else completed; in a
    # problem statement, other.
    plan_like: bool = False


def _int(value: str | None) -> int | None:
    return int(value) if value else None


def _parts(m: re.Match[str]) -> tuple[_Part, _Part | None] | None:
    """The printed parts of a match, or None when it is not a date."""
    g = m.groupdict()
    if g["n_y"]:
        return _Part(int(g["n_y"]), int(g["n_m"]), int(g["n_d"])), None
    if g["r_m1"]:
        year = _int(g["r_y"])
        return _Part(year, int(g["r_m1"])), _Part(year, int(g["r_m2"]))
    if g["b_ye"] == "年内":  # this year, as 今年
        return _Part(None, relative="年内"), None
    if g["b_ye"]:
        return _Part(None, year_end=True), None
    if g["k_m"]:
        day = chinese_to_int(g["k_d"]) if g["k_d"] else None
        return _Part(None, chinese_to_int(g["k_m"]), day, g["k_x"]), None
    if g["c_y"]:
        year = chinese_to_int(g["c_y"])
        month = chinese_to_int(g["c_m"]) if g["c_m"] else None
        day = chinese_to_int(g["c_d"]) if g["c_d"] else None
        return _Part(year, month, day), None
    if not (g["a_y"] or g["a_rel"] or g["a_m"]):
        return None
    if g["a_h"]:  # a half-year or quarter: the range of its months (a range after it is not read)
        year = _int(g["a_y"])
        lo, hi = _PERIOD_MONTHS[g["a_h"].lstrip("第")]
        return _Part(year, lo, relative=g["a_rel"]), _Part(year, hi, relative=g["a_rel"])
    first = _Part(_int(g["a_y"]), _int(g["a_m"]), _int(g["a_d"]), g["a_x"], bool(g["a_ye"] or g["a_rye"]), g["a_rel"])
    last: _Part | None = None
    if g["e_d0"] and first.day is not None:
        last = _Part(first.year, first.month, int(g["e_d0"]), relative=first.relative)
    elif g["e_y"] or g["e_m"]:
        last = _Part(_int(g["e_y"]), _int(g["e_m"]), _int(g["e_d"]), g["e_x"], bool(g["e_ye"]))
        if last.year is None:
            last.year, last.relative = first.year, first.relative
        if last.month is None and first.month is not None and last.year is None:
            return None
    return first, last


def _valid(part: _Part) -> bool:
    if part.year is not None and not 1949 <= part.year <= 2100:
        return False
    if part.month is not None and not 1 <= part.month <= 12:
        return False
    return part.day is None or (part.month is not None and 1 <= part.day <= 31)


def _raw_end(m: re.Match[str], last: _Part | None) -> int:
    """Where the printed date ends (a dangling range separator is not part of it)."""
    if m.group("sep") and last is None:
        return m.start("sep") if m.start("sep") >= 0 else m.end()
    end = m.end()
    while end > m.start() and m.string[end - 1] in " \t":
        end -= 1
    return end


def _role(text: str, lo: int, hi: int, suffix: str, qualifier: bool = False,
          year_level: bool = False) -> tuple[DateRole, bool]:
    """Role of the date at [lo, hi) and whether it is future (for year resolution).

    ``qualifier``: a bare year qualifying a noun (``2020年度市级资金``), never a deadline.
    ``year_level``: a year or years with no month, or a half-year or quarter; then only a 已 right after it
    (``2020年已有2家``) says done, since a 已 further on belongs to what the year qualifies
    (``2016年下达的147个项目已全部开工``) and a completion word after a period is as often its plan
    (``今年下半年完成``, ``2023年全面完成``).
    """
    if suffix in {"以来", "起", "至今"}:
        return DateRole.since, False
    if _DEADLINE_LABEL.search(text, max(0, lo - 8), lo):  # 整改时限:2023年12月 is a deadline as printed
        return DateRole.target, True
    clause_lo = left_bound(text, lo, CLAUSE_END_LISTING)
    before = text[clause_lo:lo]
    if "已" in text[max(clause_lo, lo - 3):lo]:
        return DateRole.completed, False
    if suffix in {"前", "之前", "以前"}:
        # 在2020年6月之前,… tells of a past state; 计划在2024年6月底以前完成 is a deadline
        if (before.endswith("在") and not _FUTURE.search(before[-12:])) or text.startswith("的", hi):
            return DateRole.other, False
        return DateRole.target, True
    if suffix == "止":
        return DateRole.target, False
    future = _FUTURE.search(before[-12:]) is not None
    if qualifier:
        return DateRole.other, future
    if future or text.startswith("前", hi):
        return DateRole.target, True
    if _DEADLINE_PREFIX.search(before) and not _NOT_PREFIX_TO.search(before):
        return DateRole.target, before.endswith("到")
    # what follows the date is read last: most dates are decided before it is needed
    clause_hi = right_bound(text, hi, CLAUSE_END_LISTING)
    after = text[hi:clause_hi]
    if not after.strip() and clause_hi < len(text) and text[clause_hi] in ",，":
        after = text[clause_hi + 1:right_bound(text, clause_hi + 1, CLAUSE_END_LISTING)]
    if (_DONE_AFTER_YEAR if year_level else _DONE_AFTER).match(after) \
            or (not year_level and _COMPLETION.search(after[:16]) and "未" not in after[:16]):
        return DateRole.completed, False
    return DateRole.other, False


def _annotated_deadline(text: str, lo: int, pos: int) -> bool:
    """A deadline label in brackets right before ``pos`` (``财务管理不规范(整改时限:2024年6月底)``): the
    finding's own deadline, annotated on its problem line, not a date the problem describes."""
    return _DEADLINE_LABEL.search(text, max(lo, pos - 12), pos) is not None and bracket_open(text, lo, pos)


def _resolve_year(part: _Part, anchor: int | None, named: int | None, future: bool,
                  ctx: DateContext) -> tuple[int | None, bool]:
    """The year of a year-less part and whether it is inferred (``named``: the year last printed)."""
    if part.year is not None:
        return part.year, False
    if part.month_offset is not None:  # 本月底, 下月底: the month is set here, from the publication's
        if ctx.published is None:
            return None, False
        months = ctx.published.year * 12 + ctx.published.month - 1 + part.month_offset
        part.month = months % 12 + 1
        return months // 12, True
    if part.relative is not None:
        base = ctx.published.year if ctx.published else ctx.year
        if part.relative in _FOLLOWING and named is not None:
            base = named  # 次年 follows the year last named, whatever its precision (2019年制定方案,次年3月完成)
        if base is None:
            return None, False
        if part.relative in _NEXT_YEAR:
            return base + 1, True
        return (base - 1 if part.relative in {"去年", "上年"} else base), True
    if anchor is not None:
        return anchor, True
    if ctx.published is not None:
        pub = ctx.published
        bounds = part.bounds(pub.year)
        if bounds is None:
            return None, False
        if future:
            return (pub.year if bounds[1] >= pub else pub.year + 1), True
        return (pub.year if bounds[0] <= pub else pub.year - 1), True
    if ctx.year is not None:
        return ctx.year, True
    return None, False


def _scan(text: str, lo: int, end: int) -> list[_Raw]:
    raws: list[_Raw] = []
    matches = list(_DATE.finditer(text, lo, end))
    festivals = _festivals(text, lo, end)
    named = _named_starts(text)
    months = (_named_dates(text, lo, end, named[0], _RELATIVE_MONTH, _relative_month_parts)
              + _named_dates(text, lo, end, named[1], _PERIOD, _period_parts, year_level=True)
              if named is not None else [])
    if not matches and not festivals and not months:
        return raws  # (then the quotes need not be found)
    guarded = Intervals(protected_ranges(text, lo, end))
    if festivals:
        raws, matches = _festival_deadlines(text, lo, end, festivals, matches, guarded)
    raws += [raw for raw in months if not guarded.strictly_holds(raw.start)]
    for m in matches:
        if m.start() == m.end() or guarded.strictly_holds(m.start()):
            continue
        parts = _parts(m)
        if parts is None:
            continue
        first, last = parts
        if not _valid(first) or (last is not None and not _valid(last)):
            continue
        if last is not None and _PLAN_NAME_BEFORE.search(text, max(0, m.start() - 4), m.start()):
            continue
        start, stop = m.start(), _raw_end(m, last)
        # 明年6月底前: next year's month (every such word ends in 年)
        if first.year is None and first.relative is None and start > lo and text[start - 1] == "年":
            ahead = next((word for word in _NEXT_YEAR if text.endswith(word, lo, start)), None)
            if ahead is not None:
                start -= len(ahead)
                first.relative = ahead
                if last is not None and last.year is None and last.relative is None:
                    last.relative = ahead
        suffix_match = _SUFFIX.match(text, stop, end)
        suffix = suffix_match.group(0) if suffix_match else ""
        if suffix == "止" and last is None and not re.search(r"截[至止]$", text[max(0, start - 3):start]):
            suffix = ""
        if suffix:
            stop += len(suffix)
        qualifier = bool(m.group("a_yd")) and first.month is None and last is None and not suffix
        year_level = (first.month is None and (last is None or last.month is None)) or bool(m.group("a_h"))
        role, future = _role(text, start, stop, suffix, qualifier, year_level)
        if last is not None and suffix == "止":
            role, future = DateRole.other, False
        prefix = _PREFIX_INCLUDED.search(text, max(lo, start - 2), start)
        as_of = False
        if prefix and not _NOT_PREFIX_TO.search(text, max(0, start - 2), start):
            start = prefix.start()
            as_of = prefix.group(0) in _AS_OF
        plain = role is DateRole.other and not suffix and not qualifier  # no deadline, plan or since word
        done = plain and (
            as_of or (first.day is not None and (last is None or last.day is not None))
            or (text.find("了", stop, stop + 9) >= 0 and _ACTED_AFTER.match(text, stop, end) is not None))
        plan_like = False
        if plain and year_level:
            after = text[stop:min(end, stop + 16)]
            plan_like = _COMPLETION.search(after) is not None and "未" not in after
        raws.append(_Raw(start, stop, first, last, suffix, role, future, done, plan_like))
    if festivals or months:
        raws.sort(key=lambda raw: raw.start)
    return raws


# 本月底前, 下月中旬, 下个月底: a month counted from the publication's (none without a publication date)
_RELATIVE_MONTH = re.compile(r"(?P<rel>本月|下个?月)(?P<x>底|末|上旬|中旬|下旬|初)")
_MONTH_CUE = re.compile("月(?<=本月|下月|个月)")


@lru_cache(maxsize=4)
def _named_starts(text: str) -> tuple[tuple[int, ...], tuple[int, ...]] | None:
    """Where the dates printed as names of a month or a period start in a whole text (relative months,
    year-less periods), or None for neither (most notices): one scan per notice, not one per slice (a
    str keeps its hash, and the cache finds the same object at once)."""
    months, periods = _relative_month_starts(text), _period_starts(text)
    return (months, periods) if months or periods else None


def _relative_month_starts(text: str) -> tuple[int, ...]:
    """Where ``_RELATIVE_MONTH`` matches in a whole text."""
    starts: list[int] = []
    for cue in _MONTH_CUE.finditer(text):  # a scan for the literal 月 (fast), then a look at each
        at = cue.start() - (2 if text[cue.start() - 1] == "个" else 1)
        if at >= 0 and _RELATIVE_MONTH.match(text, at):
            starts.append(at)
    return tuple(starts)


def _relative_month_parts(m: re.Match[str]) -> tuple[_Part, _Part | None]:
    """本月底, 下个月中旬: a part of this or next month."""
    return _Part(None, xun=m.group("x"), month_offset=0 if m.group("rel") == "本月" else 1), None


def _named_dates(text: str, lo: int, end: int, starts: tuple[int, ...], pattern: re.Pattern[str],
                 parts: Callable[[re.Match[str]], tuple[_Part, _Part | None]], *,
                 year_level: bool = False) -> list[_Raw]:
    """The dates of ``text[lo:end]`` printed as names (``本月底前``, ``二季度末前``): ``pattern`` at each of the
    ``starts`` of the whole text in the slice, its ``parts``. A name before 以来/起/至今/止 is no such date."""
    raws: list[_Raw] = []
    for at in starts[bisect_left(starts, lo):bisect_left(starts, end)]:
        m = pattern.match(text, at, end)
        if m is None:
            continue  # it runs past the slice
        first, last = parts(m)
        raw = _named_date(text, m.start(), m.end(), end, first, last, year_level=year_level)
        if raw.suffix not in {"以来", "起", "至今", "止"}:  # 本月底以来 reads as no date of this kind
            raws.append(raw)
    return raws


# 二季度末前, 第三季度, 上半年 with no year before them (2024年二季度 and 今年下半年 are _DATE's): the publication's
# year, or the next one for a deadline already past in it. Found from a scan for the literal cue words.
_PERIOD = re.compile(r"(?P<p>第?[一二三四1-4]季度|[上下]半年)(?P<x>末|底)?")
_PERIOD_CUES = ("季度", "半年")
_NO_PERIOD_BEFORE = frozenset("年今本明来去每")  # a year or relative year (_DATE reads those), or 每季度


def _period_starts(text: str) -> tuple[int, ...]:
    """Where ``_PERIOD`` matches with no year before it, in a whole text."""
    starts: list[int] = []
    for cue in _PERIOD_CUES:
        at = text.find(cue)
        while at >= 0:
            begin = at - 1
            if begin > 0 and cue == "季度" and text[begin - 1] == "第":
                begin -= 1
            before = text[begin - 1] if begin > 0 else ""
            if begin >= 0 and before not in _NO_PERIOD_BEFORE and not before.isdecimal() and _PERIOD.match(text, begin):
                starts.append(begin)
            at = text.find(cue, at + 1)
    return tuple(sorted(starts))


def _period_parts(m: re.Match[str]) -> tuple[_Part, _Part | None]:
    """二季度 (its months, April to June), 二季度末 (the end of its last month), 上半年."""
    first_month, last_month = _PERIOD_MONTHS[m.group("p").lstrip("第")]
    if m.group("x"):
        return _Part(None, last_month, xun=m.group("x")), None
    return _Part(None, first_month), _Part(None, last_month)


def _named_date(text: str, start: int, name_end: int, end: int, first: _Part, last: _Part | None = None, *,
                year_level: bool = False) -> _Raw:
    """A date printed as a name (a festival, 本月底, 二季度) from ``start``, with the suffix after it (前, 之前 …).

    ``year_level`` (a half-year or quarter): as for ``_DATE``'s, a completion word after it with no
    deadline word makes it plan-like (``下半年完成``).
    """
    suffix_match = _SUFFIX.match(text, name_end, end)
    suffix = suffix_match.group(0) if suffix_match else ""
    stop = name_end + len(suffix)
    role, future = _role(text, start, stop, suffix, year_level=year_level)
    plan_like = False
    if year_level and role is DateRole.other and not suffix:
        after = text[stop:min(end, stop + 16)]
        plan_like = _COMPLETION.search(after) is not None and "未" not in after
    return _Raw(start, stop, first, last, suffix, role, future, plan_like=plan_like)


def _festivals(text: str, lo: int, end: int) -> list[re.Match[str]]:
    """The festival names right before a 前 (之前, 以前; not 前后) in ``text[lo:end]``."""
    found: list[re.Match[str]] = []
    at = text.find("前", lo, end)
    while at >= 0:
        if not text.startswith("后", at + 1):
            festival = _FESTIVAL_BEFORE.search(text, max(lo, at - 4), at)
            if festival is not None:
                found.append(festival)
        at = text.find("前", at + 1, end)
    return found


def _festival_deadlines(text: str, lo: int, end: int, festivals: list[re.Match[str]], matches: list[re.Match[str]],
                        guarded: Intervals) -> tuple[list[_Raw], list[re.Match[str]]]:
    """The festival deadlines (``2024年春节前``), and the date matches left once the year printed before a
    festival is taken as part of it."""
    raws: list[_Raw] = []
    taken: set[int] = set()
    for m in festivals:
        if guarded.strictly_holds(m.start()):
            continue
        start = m.start()
        year = _FESTIVAL_YEAR.search(text, max(lo, start - 6), start)
        if year is not None:
            start = year.start()
            taken.add(start)
        first = _Part(int(year.group("y")) if year else None, festival=m.group("name"))
        if not _valid(first):
            continue
        raws.append(_named_date(text, start, m.end("name"), end, first))
    return raws, [m for m in matches if m.start() not in taken]


def extract_dates(text: str, start: int, end: int, spans: SpanMaker, context: DateContext) -> list[DateMention]:
    """Date mentions in ``text[start:end]`` in text order, vague target phrases included."""
    para_lo = paragraph_start(text, start)
    mentions: list[tuple[int, DateMention]] = []
    anchor: int | None = None
    named: int | None = None  # the year last printed in the paragraph
    last_stop = para_lo
    taken: list[tuple[int, int]] = []
    for raw in _scan(text, para_lo, end):
        if "\n" in text[last_stop:raw.start]:
            anchor = named = None
        last_stop = raw.end
        # A problem statement reports what the inspection found: a year-less deadline in it is past.
        in_problem = context.in_problem(raw.start) and not _annotated_deadline(text, para_lo, raw.start)
        future = raw.future and not in_problem
        # a festival without a year is the next (or, past, the last) one from the publication date
        first_year, inferred = _resolve_year(raw.first, None if raw.first.festival else anchor, named, future,
                                             context)
        closing = raw.last or raw.first
        if raw.last is not None and raw.last.year is None and raw.last.relative is None:
            last_year: int | None = first_year
            if first_year is not None and raw.last.month and raw.first.month and raw.last.month < raw.first.month:
                last_year = first_year + 1
        elif raw.last is not None:
            last_year, _ = _resolve_year(raw.last, anchor, named, future, context)
        else:
            last_year = first_year
        lo_bounds = raw.first.bounds(first_year) if first_year is not None else None
        hi_bounds = closing.bounds(last_year) if last_year is not None else None
        first_day = lo_bounds[0] if lo_bounds else None
        last_day = hi_bounds[1] if hi_bounds else None
        if raw.role is DateRole.since:
            last_day = context.published if context.published and first_day and context.published >= first_day else None
        explicit = raw.first.year is not None or (raw.last is not None and raw.last.year is not None)
        if explicit and raw.role is not DateRole.since and (closing.month is not None or closing.year_end):
            anchor = last_year
        if explicit:
            named = last_year
        taken.append((raw.start, raw.end))
        if raw.start < start:
            continue
        role = raw.role
        if in_problem:
            if role is DateRole.target:
                role = DateRole.other  # a deadline or plan printed in the problem describes the problem
        elif raw.done and context.in_rectification(raw.start):
            role = DateRole.completed
        elif raw.plan_like:
            still_open = context.published is not None and last_day is not None and last_day >= context.published
            role = DateRole.target if still_open and context.in_rectification(raw.start) else DateRole.completed
        mentions.append((raw.start, DateMention(
            text=text[raw.start:raw.end], start=first_day, end=last_day, precision=closing.precision(),
            role=role, year_inferred=inferred and first_day is not None, span=spans.span(raw.start, raw.end))))
    mentions.extend(_vague(text, start, end, spans, taken, context))
    mentions.sort(key=lambda item: item[0])
    return [mention for _, mention in mentions]


def _vague(text: str, start: int, end: int, spans: SpanMaker, taken: list[tuple[int, int]],
           context: DateContext) -> list[tuple[int, DateMention]]:
    """Vague time phrases (vague_time vocabulary): precision vague, no start/end."""
    found: list[tuple[int, DateMention]] = []
    matches = list(vocab_regex("vague_time").finditer(text, start, end))
    if text.find("内", start, end) >= 0 and any(text.find(ending, start, end) >= 0 for ending in _DURATION_ENDINGS):
        matches = sorted([*matches, *_DURATION.finditer(text, start, end)], key=lambda m: m.start())
    if not matches:
        return found  # (then neither what to skip nor the quotes need be found)
    skip = Intervals(taken + [(m.start(), m.end()) for m in _STATUS_WORDS.finditer(text, start, end)])
    guarded = Intervals(protected_ranges(text, start, end))
    for m in matches:
        if skip.holds(m.start()) or guarded.strictly_holds(m.start()):
            continue
        clause_hi = right_bound(text, m.end(), CLAUSE_END_LISTING)
        clause_lo = left_bound(text, m.start(), CLAUSE_END_LISTING)
        past = _VAGUE_PAST.search(text, clause_lo, clause_hi) is not None
        lo = m.start()
        prefix = _VAGUE_PREFIX.search(text, max(clause_lo, lo - 3), lo)
        if prefix:
            lo = prefix.start()
        # 后期/长期/逐步 also describe a stage, a duration or a manner (后期运行维护, 长期亏损, 逐步完善):
        # a target only after a future word or a deadline label.
        descriptive = (m.group(0) in _DESCRIPTIVE and not prefix and not _FUTURE.search(text, clause_lo, lo)
                       and not _DEADLINE_LABEL.search(text, max(0, lo - 8), lo))  # 整改时限:长期 gives the deadline
        role = DateRole.other if past or descriptive or context.in_problem(lo) else DateRole.target
        found.append((lo, DateMention(text=text[lo:m.end()], precision=DatePrecision.vague, role=role,
                                      span=spans.span(lo, m.end()))))
    return found
