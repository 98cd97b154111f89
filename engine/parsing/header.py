"""The head of a notice: title, issuer, addressee, 来源/发布时间/索引号 lines, inspection sentence.

``read_header`` consumes the leading paragraphs up to the first heading (or the first
paragraph that is body text) and reports which paragraphs it used. The inspection (body,
kind, period, feedback date) comes from the preamble, or, when the notice has none, from
the first sentence anywhere that names an inspection group.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from itertools import pairwise

import regex

from engine.model import (
    DateMention,
    DatePrecision,
    DateRole,
    Inspection,
    InspectionKind,
    Text,
)
from engine.parsing.extract.numerals import chinese_to_int
from engine.parsing.headings import match_marker
from engine.parsing.lines import Paragraph, SpanMaker

TITLE_WITHIN = 6  # the title is among the first lines
BANNER_MAX = 30
ISSUER_LINE = regex.compile(r"[\p{Han}()（）]{2,30}")
# The issuing body on its own line under a title that names none (关于…的通报 / 市住房和城乡建设局党组)
ISSUER_UNDER_TITLE = regex.compile(
    r"[\p{Han}()（）]{1,28}(?:党组|党委|党工委|委员会|党总支|党支部|委|局|厅|办公室|政府)"
)
TITLE_WORDS = regex.compile(r"通报|报告|公告|公示|情况|决定|意见")
META_LINE = regex.compile(r"来源[:：]|发布时间[:：]|(?<![\p{Han}])时间[:：]|发布日期[:：]|(?<![\p{Han}])日期[:：]"
                          r"|索\s*引\s*号[:：]|访问次数"
                          # the metadata table of a government information page (政府信息公开)
                          r"|发布机构[:：]|发文机关[:：]|发文日期[:：]|成文日期[:：]|主题分类[:：]|(?<![\p{Han}])分类[:：]"
                          r"|(?<![\p{Han}])名\s*称[:：]|有\s*效\s*性[:：]")
SITE = regex.compile(r"来源[:：]\s*([^\s:：]+?)(?=\s{2,}|\s+\S+[:：]|\s*$)")
PUBLISHED = regex.compile(
    r"(?:发布时间|发布日期|发文日期|成文日期|(?<![\p{Han}])时间|(?<![\p{Han}])日期)[:：]\s*"
    r"(?P<text>(?P<y>\d{4})(?:[-/.年])(?P<m>\d{1,2})(?:[-/.月])(?P<d>\d{1,2})日?)"
)
# A meta line that opens with the date and time, unlabelled: 2022-08-15 10:30  来源:某某网, or
# 2024年1月15日 来源:某某区纪委监委
PUBLISHED_AT_START = regex.compile(
    r"(?P<text>(?P<y>\d{4})(?:[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})|年(?P<m>\d{1,2})月(?P<d>\d{1,2})日))"
    r"(?=\s+\d{1,2}:\d{2}|\s{2,}|\s*来源)"
)
INDEX_NUMBER = regex.compile(r"索\s*引\s*号[:：]\s*(\S+)")
LABEL_AFTER = regex.compile(r"\s+\S{1,2}[:：]")  # "文  号: 标  题:": the value is a piece of the next label
DOCUMENT_NUMBER = regex.compile(r"文\s*号[:：]\s*(\S+)")
ISSUER_FROM_TITLE = regex.compile(r"^(.{2,30}?)关于")
ISSUER_FROM_TEXT = regex.compile(r"中共[\p{Han}]{1,16}?(?:委员会|委)")
_N = r"[一二三四五六七八九十\d]+"
_KEY = r"(?:省委|市委|县委|区委|州委|中央|党组)(?:巡察办|巡视办)?"
# 省委第五巡视组, 市委第二轮巡察第三巡察组, 区委4个巡察组
_NUMBERED = rf"{_KEY}(?:第{_N}轮(?:巡视|巡察)?)?(?:第{_N}|{_N}个)(?:巡视|巡察|督查|考核)组"
# The body may start up to eight Han characters before its key word (许昌市委…, 十一届县委…): the
# lookbehind captures them (leading with a lazy prefix instead made every search try each position).
_BEFORE = r"(?<=(?P<pre>\p{Han}{0,8}))"
GROUP_NUMBERED = regex.compile(rf"{_BEFORE}(?:{_NUMBERED})")
# …else 县委巡察组, or the round: 十一届县委第三轮巡察
GROUP = regex.compile(rf"{_BEFORE}(?:{_NUMBERED}|{_KEY}(?:巡视|巡察|督查|考核)组"
                      rf"|(?:省委|市委|县委|区委|州委)第{_N}轮(?:巡视|巡察))")
YEAR = regex.compile(r"(\d{4})年")
GROUP_LEAD = regex.compile(r"(?:关于|落实|根据|按照|经|由|对|在)+")  # matched at the group's start
KIND_WORD = regex.compile(r"巡视整改|巡察整改|巡视|巡察|考核")
ASSESSMENT = regex.compile(
    r"关于(?P<body>\p{Han}{2,5}?[省州市县区])\d{4}年度?(?:党委和政府)?\s*(?P<subject>\p{Han}{2,12}?)考核"
)
SUBJECTS = ("脱贫攻坚", "扶贫开发", "乡村振兴", "生态环境保护", "选人用人", "意识形态")
# A whole day: 2021年1月7日, or in Chinese numerals as signatures often print it, 二〇二三年一月十日 (with
# ○, O or 0 often typed for 〇). ``day_of`` reads either.
FULL_DATE = regex.compile(
    r"(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日"
    r"|(?P<cy>[〇○零O0一二三四五六七八九]{4})\s*年\s*(?P<cm>[一二三四五六七八九十]{1,2})\s*月"
    r"\s*(?P<cd>[一二三四五六七八九十]{1,3})\s*日"
)
_YEAR_DIGITS = str.maketrans("〇○零O0一二三四五六七八九", "00000123456789")
# A line that is only a date, bare or in parentheses: under the title it is the date of the notice
DATE_LINE = regex.compile(rf"[(（]?\s*(?P<text>{FULL_DATE.pattern}"
                          r"|(?P<iy>\d{4})(?P<sep>[-/.])(?P<im>\d{1,2})(?P=sep)(?P<id>\d{1,2}))\s*[)）]?")
# A day, or a month (2023年9月, 9月: read only as the feedback date, never as the period)
ANY_DATE = regex.compile(r"(?<![\d.])(?:(?P<y>\d{4})年)?(?P<m>\d{1,2})月(?:(?P<d>\d{1,2})日)?")
RANGE_SEP = regex.compile(r"\s*(?:至|到|—|–|-|~)\s*")
FEEDBACK = regex.compile(r"反馈")
# A feedback date under a label (反馈时间:2023年12月20日, 反馈日期：…), as the information lines of a notice print it
FEEDBACK_LABEL = regex.compile(r"反馈(?:意见)?(?:时间|日期)\s*[:：]\s*$")
# Compiled once: module-level ``regex.search`` looks its pattern up in a cache on every call.
BANNER_PUNCT = regex.compile(r"[。,，;；]")
INSPECTION_WORD = regex.compile(r"巡视|巡察|考核")
CLAUSE_STOP = regex.compile(r"[。;；]")
PREAMBLE_WORDS = regex.compile(r"^(?:根据|按照|依据|为)|予以公布|报告如下|通报如下|公布如下")


@dataclass
class Header:
    """What the head of the notice says, and which paragraphs it used."""

    title: Text | None = None
    issuer: Text | None = None
    addressee: Text | None = None
    published: DateMention | None = None
    site: Text | None = None
    index_number: Text | None = None
    document_number: Text | None = None
    inspection: Inspection | None = None
    used: set[int] = field(default_factory=set)  # paragraph indices
    title_start: int = 0  # text offset of the title (spans may hold original-file offsets)
    preamble: list[Paragraph] = field(default_factory=list)


def read_header(paragraphs: list[Paragraph], spans: SpanMaker, everywhere: list[Paragraph] | None = None) -> Header:
    """Read the head of a notice from its leading paragraphs (chrome already removed).

    ``everywhere`` (default ``paragraphs``) is searched for the inspection when the head names none.
    """
    header = Header()
    title_at = _title_position(paragraphs)
    banner: Paragraph | None = None
    under_title: Paragraph | None = None
    for position, paragraph in enumerate(paragraphs):
        text = paragraph.text
        if match_marker(text) is not None:
            break
        if title_at is not None and position < title_at and not META_LINE.search(text):
            banner = paragraph  # a line above the title: the issuing body or the site banner
            header.used.add(paragraph.index)
            continue
        if META_LINE.search(text):
            _read_meta(paragraph, header, spans)
            header.used.add(paragraph.index)
            continue
        dated = DATE_LINE.fullmatch(text) if header.title is not None and not header.preamble else None
        if dated is not None:  # the line under the title: （2023年5月10日）
            if header.published is None:
                header.published = _full_date(paragraph, dated, spans)
            header.used.add(paragraph.index)
            continue
        if header.title is None and _looks_like_title(text) and not header.preamble:
            header.title = _text(paragraph, 0, len(text), spans)
            header.title_start = paragraph.start
            header.used.add(paragraph.index)
            continue
        if (header.title is not None and under_title is None and header.addressee is None and not header.preamble
                and header.title.text.startswith("关于") and ISSUER_UNDER_TITLE.fullmatch(text)):
            under_title = paragraph
            header.used.add(paragraph.index)
            continue
        if header.addressee is None and _looks_like_addressee(text) and not header.preamble:
            header.addressee = _text(paragraph, 0, len(text) - 1, spans)
            header.used.add(paragraph.index)
            continue
        if header.preamble or not _looks_like_preamble(text):
            break
        header.preamble.append(paragraph)
        header.used.add(paragraph.index)
    if header.title is not None:
        found = ISSUER_FROM_TITLE.match(header.title.text)
        if found is not None:
            start = header.title_start
            header.issuer = Text(text=found.group(1), span=spans.span(start, start + found.end(1)))
        elif banner is not None and header.title.text.startswith("关于") and ISSUER_LINE.fullmatch(banner.text):
            header.issuer = _text(banner, 0, len(banner.text), spans)
        elif under_title is not None:
            header.issuer = _text(under_title, 0, len(under_title.text), spans)
    header.inspection = read_inspection(header.preamble, everywhere or paragraphs, spans,
                                        header.published.start if header.published else None)
    if header.title is not None and header.inspection is not None:
        _assessment_from_title(header.title, header.title_start, header.inspection, spans)
    return header


def _title_position(paragraphs: list[Paragraph]) -> int | None:
    """Where the title stands among the first lines, if only short lines (banners) precede it."""
    for position, paragraph in enumerate(paragraphs[:TITLE_WITHIN]):
        text = paragraph.text
        if match_marker(text) is not None:
            return None
        if META_LINE.search(text):
            continue
        if _looks_like_title(text):
            return position
        if len(text) > BANNER_MAX or BANNER_PUNCT.search(text):
            return None
    return None


def issuer_from_text(paragraph: Paragraph, spans: SpanMaker) -> Text | None:
    """An issuing body (``中共…委``) named in a paragraph such as the contacts line."""
    found = ISSUER_FROM_TEXT.search(paragraph.text)
    if found is None:
        return None
    return _text(paragraph, found.start(), found.end(), spans)


def read_inspection(preamble: list[Paragraph], paragraphs: list[Paragraph], spans: SpanMaker,
                    published: dt.date | None = None) -> Inspection | None:
    """The inspection named in the preamble, else in the first sentence naming an inspection group.

    ``published`` gives the year of the preamble's dates when the preamble prints none.
    """
    for paragraph in preamble:
        inspection = _inspection_in(paragraph, spans, with_dates=True, published=published)
        if inspection is not None:
            return inspection
    for pattern in (GROUP_NUMBERED, GROUP):  # a numbered group anywhere before an unnumbered one
        for paragraph in paragraphs:
            if pattern.search(paragraph.text):
                return _inspection_in(paragraph, spans, with_dates=False)
    for paragraph in paragraphs:
        found = KIND_WORD.search(paragraph.text)
        if found is not None:
            inspection = _inspection_in(paragraph, spans, with_dates=False)
            if inspection is not None and inspection.subject is None:
                inspection.subject = next((s for s in SUBJECTS if any(s in p.text for p in paragraphs)), None)
            return inspection
    return None


def _assessment_from_title(title: Text, base: int, inspection: Inspection, spans: SpanMaker) -> None:
    """Body and subject of an assessment named in the title (``关于楚雄州2018年…扶贫开发工作成效考核``)."""
    found = ASSESSMENT.search(title.text)
    if found is None or inspection.body is not None:
        return
    inspection.body = Text(text=found.group("body"), span=spans.span(base + found.start("body"),
                                                                      base + found.end("body")))
    inspection.subject = found.group("subject")


def _inspection_in(paragraph: Paragraph, spans: SpanMaker, *, with_dates: bool,
                   published: dt.date | None = None) -> Inspection | None:
    text = paragraph.text
    group = _group_in(text)
    kind_word = INSPECTION_WORD.search(text)
    if group is None and kind_word is None:
        return None
    body: Text | None = None
    sentence_start, sentence_end = 0, len(text)
    if group is not None:
        group_start, group_end = group
        lead = GROUP_LEAD.match(text, group_start, group_end)
        start = lead.end() if lead else group_start
        body = _text(paragraph, start, group_end, spans)
        sentence_start = max(text.rfind("。", 0, group_start) + 1, 0)
        following = text.find("。", group_end)
        sentence_end = len(text) if following < 0 else following + 1
    sentence = text[sentence_start:sentence_end]
    word = INSPECTION_WORD.search(body.text if body is not None else sentence)
    kind = {"巡视": InspectionKind.xunshi, "巡察": InspectionKind.xuncha, "考核": InspectionKind.kaohe}.get(
        word.group(0) if word else "", InspectionKind.other)
    subject = next((s for s in SUBJECTS if s in sentence), None)
    inspection = Inspection(
        body=body, kind=kind, special="专项" in sentence, follow_up="回头看" in sentence, subject=subject,
        span=spans.span(paragraph.start + sentence_start, paragraph.start + sentence_end),
    )
    if with_dates:
        _inspection_dates(paragraph, inspection, spans, published)
    return inspection


def _inspection_dates(paragraph: Paragraph, inspection: Inspection, spans: SpanMaker,
                      published: dt.date | None = None) -> None:
    """Period (``A至B``) and feedback date (the date before ``反馈``) of the preamble.

    A date without a year takes the last year printed before it (``2022年3月…4月20日反馈``), else the
    publication's (the year before it when the day would come after the publication). The period is
    read from days only; the feedback date may be a month (``2023年9月,…反馈了巡察意见``).
    """
    text = paragraph.text
    years = [(found.start(), int(found.group(1))) for found in YEAR.finditer(text)]
    mentions: list[tuple[int, int, DateMention]] = []
    for found in ANY_DATE.finditer(text):
        mention = _preamble_date(found, years, published, paragraph, spans)
        if mention is not None:
            mentions.append((found.start(), found.end(), mention))
    days = [item for item in mentions if item[2].precision == DatePrecision.day]
    for (_, end, first), (start, _, second) in pairwise(days):
        if RANGE_SEP.fullmatch(text[end:start]) and inspection.period_start is None:
            inspection.period_start, inspection.period_end = first, second
    for index, (start, end, mention) in enumerate(mentions):
        # the feedback date is the one nearest before 反馈 in its clause (2022年3月,…巡察,4月20日…反馈)
        clause_end = CLAUSE_STOP.search(text, end)
        limit = clause_end.start() if clause_end else len(text)
        if index + 1 < len(mentions):
            limit = min(limit, mentions[index + 1][0])
        in_period = mention is inspection.period_start or mention is inspection.period_end
        if not in_period and (FEEDBACK.search(text, end, limit)
                              or FEEDBACK_LABEL.search(text, max(0, start - 12), start)):
            inspection.feedback_date = mention
            break


def _preamble_date(found: regex.Match[str], years: list[tuple[int, int]], published: dt.date | None,
                   paragraph: Paragraph, spans: SpanMaker) -> DateMention | None:
    """The day or month of an ``ANY_DATE`` match, its year completed as ``_inspection_dates`` says."""
    printed_year = found.group("y")
    before = [value for position, value in years if position < found.start()]
    year = int(printed_year) if printed_year is not None else before[-1] if before else None
    month = int(found.group("m"))
    day_of_month = int(found.group("d")) if found.group("d") else None
    if year is None and published is not None:
        year = published.year if (month, day_of_month or 1) <= (published.month, published.day) else published.year - 1
    if year is None:
        return None
    try:
        start = dt.date(year, month, day_of_month or 1)
    except ValueError:
        return None
    end = start if day_of_month else dt.date(year, month, calendar.monthrange(year, month)[1])
    return DateMention(text=found.group(0), start=start, end=end,
                       precision=DatePrecision.day if day_of_month else DatePrecision.month,
                       role=DateRole.other, year_inferred=printed_year is None,
                       span=spans.span(paragraph.start + found.start(), paragraph.start + found.end()))


def _full_date(paragraph: Paragraph, found: regex.Match[str], spans: SpanMaker) -> DateMention | None:
    """The day of a match with groups text and y, m, d (or FULL_DATE's), None if it is no calendar day."""
    day = day_of(found)
    if day is None:
        return None
    return DateMention(text=found.group("text"), start=day, end=day, precision=DatePrecision.day, role=DateRole.other,
                       span=spans.span(paragraph.start + found.start("text"), paragraph.start + found.end("text")))


def _read_meta(paragraph: Paragraph, header: Header, spans: SpanMaker) -> None:
    text = paragraph.text
    published = PUBLISHED.search(text) or PUBLISHED_AT_START.match(text)
    if published is not None and header.published is None:
        header.published = _full_date(paragraph, published, spans)
    site = SITE.search(text)
    if site is not None and header.site is None:
        header.site = _text(paragraph, site.start(1), site.end(1), spans)
    index = INDEX_NUMBER.search(text)
    if index is not None and header.index_number is None:
        header.index_number = _text(paragraph, index.start(1), index.end(1), spans)
    number = DOCUMENT_NUMBER.search(text)
    if (number is not None and header.document_number is None and not number.group(1).endswith((":", "："))
            and not LABEL_AFTER.match(text, number.end(1))):
        header.document_number = _text(paragraph, number.start(1), number.end(1), spans)


def _looks_like_title(text: str) -> bool:
    return len(text) <= 90 and "。" not in text and not text.endswith((":", "：")) and bool(TITLE_WORDS.search(text))


def _looks_like_addressee(text: str) -> bool:
    return len(text) <= 40 and text.endswith((":", "：")) and "。" not in text and "," not in text


def _group_in(text: str) -> tuple[int, int] | None:
    """Where the inspection group (a numbered one first) is named in ``text``, its prefix included."""
    found = GROUP_NUMBERED.search(text) or GROUP.search(text)
    return None if found is None else (found.start() - len(found.group("pre")), found.end())


def _looks_like_preamble(text: str) -> bool:
    """A paragraph that introduces the notice (根据…, 按照…, …现将…情况予以公布/报告如下), or that tells
    of the inspection and its feedback (2022年3月,县委巡察组对某某镇进行了巡察,4月20日…反馈了意见)."""
    return bool(PREAMBLE_WORDS.search(text)) or (GROUP.search(text) is not None and FEEDBACK.search(text) is not None)


def _text(paragraph: Paragraph, start: int, end: int, spans: SpanMaker) -> Text:
    return Text(text=paragraph.text[start:end], span=spans.span(paragraph.start + start, paragraph.start + end))


def day_of(found: regex.Match[str]) -> dt.date | None:
    """The calendar day of a match with groups y, m, d (or DATE_LINE's cy, cm, cd or iy, im, id); None if
    there is none."""
    groups = found.groupdict()
    month: int | None
    day: int | None
    if groups.get("iy"):  # 2023-11-20 under a title
        year, month, day = int(groups["iy"]), int(groups["im"]), int(groups["id"])
    elif groups.get("cy"):
        year = int(groups["cy"].translate(_YEAR_DIGITS))
        month, day = chinese_to_int(groups["cm"]), chinese_to_int(groups["cd"])
    else:
        year, month, day = int(groups["y"]), int(groups["m"]), int(groups["d"])
    if month is None or day is None:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None
