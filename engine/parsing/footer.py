"""The end of a notice: closing remarks, the contacts paragraph, the signature and its date.

Read backwards from the last content paragraph: the document record (版记: ``附件:…``, ``抄送:…``,
``…2024年3月8日印发``), a date line (``2021年1月7日``), a short
signature line above it, the contacts paragraph (联系方式/电话/邮政信箱/来信请寄…), and the
closing remarks just before it (``…清醒认识到…``, ``尽管…差距``, ``…不懈奋斗!``), which the
model does not record.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from engine.model import DateMention, DatePrecision, DateRole, Text
from engine.parsing.header import FULL_DATE, day_of
from engine.parsing.headings import match_marker
from engine.parsing.lines import Paragraph, SpanMaker

DATE_LINE = FULL_DATE  # 2021年1月7日, 二〇二三年一月十日
SIGNATURE_CHARS = regex.compile(r"[\p{Han}()（）\s]+")  # compiled once (module-level regex calls look it up)
CONTACTS = regex.compile(r"联系方式|联系电话|举报电话|监督电话|电话\s*[:：]|12388|邮政信箱|电子邮箱|电子信箱"
                         r"|邮箱\s*[:：]|来信请寄|通信地址|通讯地址|邮寄地址|来信地址|热线(?:电话)?\s*[:：]")
CLOSING = regex.compile(
    r"^(?:尽管|下一步|今后|总之)|清醒认识到|责任重大|不懈奋斗|更大贡献|还有一定差距|还存在一定差距|交出一份|合格答卷"
)
SIGNATURE_MAX = 30
# The document record after the signature (版记): attachments, copies, the printing line, publicity
RECORD = regex.compile(r"^(?:附件\s*[:：]|抄送\s*[:：]|抄报\s*[:：]|[(（]此件.{0,8}[)）]$)"
                       r"|\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*印发$")
RECORD_MAX = 4  # lines of it at most
# An attachment after the signature date opens with a line of its own: 附件, 附件1, 附件:
ATTACHMENT_HEAD = regex.compile(r"附件\s*\d{0,2}\s*[:：]?")
ATTACHMENT_TITLE_MAX = 40


@dataclass
class Footer:
    """What the end of the notice says, and which paragraphs it used."""

    contacts: Paragraph | None = None
    signature: Text | None = None
    signature_date: DateMention | None = None
    closing: list[Paragraph] = field(default_factory=list)
    record: list[Paragraph] = field(default_factory=list)  # 附件:…, 抄送:…, …印发 after the signature
    attachment: int | None = None  # text offset where an attachment after the signature date starts
    used: set[int] = field(default_factory=set)


def read_footer(paragraphs: list[Paragraph], spans: SpanMaker) -> Footer:
    """Read the footer from the last content paragraphs (chrome already removed)."""
    footer = Footer()
    position = len(paragraphs) - 1
    while position >= 0 and len(footer.record) < RECORD_MAX and RECORD.search(paragraphs[position].text):
        footer.record.insert(0, paragraphs[position])
        footer.used.add(paragraphs[position].index)
        position -= 1
    head = _attachment_head(paragraphs, position)
    if head is not None:  # 附件 after the date: the footer ends above it; its content stays in the body
        footer.attachment = paragraphs[head].start
        title = head + 1 if head + 1 <= position and _attachment_title(paragraphs[head + 1]) else head
        footer.record[0:0] = paragraphs[head:title + 1]
        footer.used.update(paragraph.index for paragraph in paragraphs[head:title + 1])
        position = head - 1
    if position >= 0 and _date_line(paragraphs[position]):
        footer.signature_date = _date_mention(paragraphs[position], spans)
        footer.used.add(paragraphs[position].index)
        position -= 1
    if position >= 0 and _signature_line(paragraphs[position]):
        paragraph = paragraphs[position]
        footer.signature = Text(text=paragraph.text, span=spans.span(paragraph.start, paragraph.end))
        footer.used.add(paragraph.index)
        position -= 1
    low = max(position - 2, 0)
    for index in range(position, low - 1, -1):
        if CONTACTS.search(paragraphs[index].text) and match_marker(paragraphs[index].text) is None:
            footer.contacts = paragraphs[index]
            footer.used.update(p.index for p in paragraphs[index:position + 1])
            position = index - 1
            break
    while position >= 0 and len(footer.closing) < 2:
        paragraph = paragraphs[position]
        if match_marker(paragraph.text) is not None or not CLOSING.search(paragraph.text):
            break
        footer.closing.insert(0, paragraph)
        footer.used.add(paragraph.index)
        position -= 1
    return footer


def _attachment_head(paragraphs: list[Paragraph], last: int) -> int | None:
    """Where an attachment opens (a line 附件/附件1 right after a date line), among ``paragraphs[:last+1]``."""
    for position in range(last, 0, -1):
        text = paragraphs[position].text
        if text.startswith("附件") and ATTACHMENT_HEAD.fullmatch(text) and _date_line(paragraphs[position - 1]):
            return position
    return None


def _attachment_title(paragraph: Paragraph) -> bool:
    """The attachment's title line under 附件 (not a table row, not a heading)."""
    text = paragraph.text
    return len(text) <= ATTACHMENT_TITLE_MAX and "\t" not in text and match_marker(text) is None


def _date_line(paragraph: Paragraph) -> bool:
    return DATE_LINE.fullmatch(paragraph.text) is not None


def _signature_line(paragraph: Paragraph) -> bool:
    text = paragraph.text
    return (len(text) <= SIGNATURE_MAX and SIGNATURE_CHARS.fullmatch(text) is not None
            and match_marker(text) is None)


def _date_mention(paragraph: Paragraph, spans: SpanMaker) -> DateMention | None:
    found = DATE_LINE.fullmatch(paragraph.text)
    day = None if found is None else day_of(found)
    if day is None:
        return None
    return DateMention(text=paragraph.text, start=day, end=day, precision=DatePrecision.day, role=DateRole.other,
                       span=spans.span(paragraph.start, paragraph.end))
