"""The notice model: what a rectification notice is, as typed pydantic data.

Every value extracted from a source text may carry a ``Span`` so that reports can
point at it. Structured notices written by hand (the gold fixtures) use the same
model; their spans are optional. All models forbid unknown keys.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from engine.field_defaults import empty_list

MODEL_VERSION: Literal["1"] = "1"


class Strict(BaseModel):
    """Base for all notice models: unknown keys are errors."""

    model_config = ConfigDict(extra="forbid", validate_default=True)


class Span(Strict):
    """A range of the source text: character offsets [start, end), 1-based line/column of start."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    line: int = Field(ge=1)
    column: int = Field(ge=1)


class Text(Strict):
    """A piece of text as printed, with where it stands."""

    text: str
    span: Span | None = None


class StatusKind(StrEnum):
    """Normalised rectification status."""

    closed = "closed"  # 已办结, 已完成, 已整改到位
    mostly_closed = "mostly_closed"  # 基本完成, 基本整改到位
    ongoing = "ongoing"  # 持续整改中, 正在整改
    long_term = "long_term"  # 长期整改, 列入长期整改任务
    none = "none"  # no status stated


class Status(Strict):
    """A status as printed, normalised to a kind."""

    kind: StatusKind
    phrase: str | None = None
    span: Span | None = None


class DatePrecision(StrEnum):
    day = "day"
    xun = "xun"  # 上旬/中旬/下旬
    month = "month"
    month_end = "month_end"  # 月底
    year_end = "year_end"  # 年底
    year = "year"
    vague = "vague"  # 明年, 下一步, 尽快, 适时, 待…后


class DateRole(StrEnum):
    target = "target"  # a deadline or planned completion (前, 底前, 预计, 力争, 到…)
    completed = "completed"  # something was done on/by that date
    since = "since"  # 以来, 起: from then until publication
    other = "other"  # any other mention (narrative, period of a fact)


class DateMention(Strict):
    """A date as printed, resolved to the range of days it denotes.

    ``start``/``end`` are the first and last day covered (both equal for a day-precision
    point; a month spans its days; a range spans both ends). Vague mentions have neither.
    """

    text: str
    start: dt.date | None = None
    end: dt.date | None = None
    precision: DatePrecision
    role: DateRole = DateRole.other
    year_inferred: bool = False  # the year was not printed and was resolved from context
    span: Span | None = None


class MoneyAction(StrEnum):
    recovered = "recovered"  # 追回, 收回, 退回, 清退, 追缴, 上交
    refunded = "refunded"  # 退还 (to the people it was taken from)
    allocated = "allocated"  # 拨付, 下达, 安排
    fined = "fined"  # 罚款, 行政处罚
    invested = "invested"  # 投入, 投资
    other = "other"


class MoneyModifier(StrEnum):
    total = "total"  # 合计, 共计, 总额为
    cumulative = "cumulative"  # 累计
    each = "each"  # 各
    approximate = "approximate"  # 近, 约, 余, 多, 以上, 左右
    in_kind = "in_kind"  # 价值


class Money(Strict):
    """A money mention. ``amount`` is in 元; ``unit`` is the unit as printed.

    A money action reported without any amount ("已按要求全数追回资金") is a mention with
    ``amount`` None, so that rules can flag it.
    """

    text: str
    amount: Decimal | None = None
    unit: str | None = None
    action: MoneyAction = MoneyAction.other
    verb: str | None = None  # the action verb as printed (追回, 收回 …)
    modifiers: list[MoneyModifier] = Field(default_factory=empty_list)
    destination: Text | None = None  # where recovered money went (缴至…, 退回国库, 拨入…, 用于…)
    span: Span | None = None


class SanctionKind(StrEnum):
    discipline = "discipline"  # 党纪政务处分, 党纪政纪处分, 处分
    case = "case"  # 立案, 立案查处
    admonition = "admonition"  # 诫勉谈话, 诫勉
    talk = "talk"  # 约谈
    reminder = "reminder"  # 提醒谈话
    criticism = "criticism"  # 通报批评, 批评教育
    written_review = "written_review"  # 书面检查
    organisational = "organisational"  # 组织处理
    accountability = "accountability"  # 问责
    judicial = "judicial"  # 移送司法机关
    other = "other"


class Sanction(Strict):
    """A sanction or admonition imposed on people or units."""

    kind: SanctionKind
    phrase: str
    count: int | None = None
    unit: str | None = None  # the counting word as printed: 人, 名, 件, 起
    targets: list[str] = Field(default_factory=empty_list)
    span: Span | None = None


class ClaimKind(StrEnum):
    count = "count"  # type: ignore[assignment]  # shadows str.count; a number of problems/sections/measures/items the notice enumerates
    sum = "sum"  # a total with its itemised parts
    rate = "rate"  # a percentage with (where printed) its numerator and denominator
    status_count = "status_count"  # N problems have status X
    sanction_breakdown = "sanction_breakdown"  # N people sanctioned, 其中 a + b + c


class ClaimTarget(StrEnum):
    """What a count claim counts."""

    findings = "findings"
    sections = "sections"
    measures = "measures"
    causes = "causes"  # 症结原因 (not enumerated in any seed)
    categories = "categories"  # 大类
    items = "items"  # other enumerable items
    money = "money"
    people = "people"
    other = "other"


class ClaimPart(Strict):
    """One item of a breakdown."""

    label: str | None = None
    value: Decimal
    span: Span | None = None


class Claim(Strict):
    """Something the notice asserts about numbers, checkable against its own content."""

    kind: ClaimKind
    text: str
    claimed: Decimal  # the number printed (money in 元; rates as a percentage number)
    target: ClaimTarget = ClaimTarget.other
    status: StatusKind | None = None  # for status_count
    parts: list[ClaimPart] = Field(default_factory=empty_list)  # for sum and sanction_breakdown
    numerator: Decimal | None = None  # for rate
    denominator: Decimal | None = None  # for rate
    decimals: int | None = None  # printed precision of a rate (92.94% -> 2)
    span: Span | None = None


class ContactKind(StrEnum):
    phone = "phone"
    email = "email"
    postal = "postal"  # 邮政信箱 / postal address
    postcode = "postcode"
    website = "website"


class Contact(Strict):
    kind: ContactKind
    value: str
    span: Span | None = None


class MeasureMarker(Strict):
    """How a measure is introduced: 一是, (1), ①, 1. …"""

    text: str
    ordinal: int | None = None


class Measure(Strict):
    """One rectification measure inside a block (一是…, (1)…, ①…)."""

    marker: MeasureMarker | None = None
    text: str
    span: Span | None = None


class BlockKind(StrEnum):
    situation = "situation"  # 整改情况
    measures = "measures"  # 整改措施
    results = "results"  # 整改成效
    other = "other"


class Block(Strict):
    """A rectification block of a finding (整改情况 / 整改措施 / 整改成效)."""

    kind: BlockKind
    label: str | None = None  # the label as printed, e.g. "整改情况"
    text: str = ""
    measures: list[Measure] = Field(default_factory=empty_list)
    span: Span | None = None


class Finding(Strict):
    """One problem found by the inspection and how it was rectified."""

    number: str | None = None  # as printed: "1.", "(一)", "①"; None when unnumbered
    ordinal: int | None = None  # the number's value: "二十八、" -> 28
    problem: Text
    status: Status | None = None  # stated on the finding itself
    blocks: list[Block] = Field(default_factory=empty_list)
    dates: list[DateMention] = Field(default_factory=empty_list)
    money: list[Money] = Field(default_factory=empty_list)
    sanctions: list[Sanction] = Field(default_factory=empty_list)
    claims: list[Claim] = Field(default_factory=empty_list)
    responsible: list[Text] = Field(default_factory=empty_list)
    span: Span | None = None


class Section(Strict):
    """A heading and what stands under it (subsections, findings, narrative)."""

    number: str | None = None  # as printed: "一、", "(一)", "•"
    ordinal: int | None = None
    heading: Text
    status: Status | None = None  # a group status: "(一)已基本整改到位的7个问题"
    text: str = ""  # narrative under the heading that is neither a finding nor a subsection
    measures: list[Measure] = Field(default_factory=empty_list)  # 一是…二是… in narrative
    sections: list[Section] = Field(default_factory=empty_list)
    findings: list[Finding] = Field(default_factory=empty_list)
    dates: list[DateMention] = Field(default_factory=empty_list)
    money: list[Money] = Field(default_factory=empty_list)
    sanctions: list[Sanction] = Field(default_factory=empty_list)
    claims: list[Claim] = Field(default_factory=empty_list)
    span: Span | None = None


class InspectionKind(StrEnum):
    xunshi = "xunshi"  # 巡视 (provincial/central)
    xuncha = "xuncha"  # 巡察 (city/county)
    kaohe = "kaohe"  # 考核 (assessment)
    other = "other"


class Inspection(Strict):
    """The inspection whose feedback the notice answers."""

    body: Text | None = None  # 许昌市委第三巡察组
    kind: InspectionKind
    special: bool = False  # 专项巡视/巡察
    follow_up: bool = False  # 回头看
    subject: str | None = None  # what was inspected: 脱贫攻坚 …
    period_start: DateMention | None = None
    period_end: DateMention | None = None
    feedback_date: DateMention | None = None
    span: Span | None = None


class SourceInfo(Strict):
    """Where the notice came from."""

    path: str | None = None
    format: Literal["txt", "docx", "html", "yaml", "json"] | None = None
    encoding: str | None = None
    site: Text | None = None  # 来源: 禹州市
    index_number: Text | None = None  # 索引号
    document_number: Text | None = None  # 文号


class ParseWarning(Strict):
    """Something the parser could not read with confidence; rules can report it."""

    code: str
    message: str
    span: Span | None = None


class Notice(Strict):
    """A rectification notice (整改情况通报 / 整改情况报告)."""

    model_version: Literal["1"] = MODEL_VERSION
    title: Text | None = None
    issuer: Text | None = None
    addressee: Text | None = None  # 县扶贫开发领导小组办公室:
    published: DateMention | None = None
    published_inferred: bool = False  # no publication date printed; taken from the latest date
    fragment: bool = False  # the text is a part of a longer document (上接一版, no beginning)
    source: SourceInfo = Field(default_factory=SourceInfo)
    inspection: Inspection | None = None
    claims: list[Claim] = Field(default_factory=empty_list)  # summary claims outside any section
    sections: list[Section] = Field(default_factory=empty_list)
    findings: list[Finding] = Field(default_factory=empty_list)  # findings outside any section
    contacts: list[Contact] = Field(default_factory=empty_list)
    signature: Text | None = None
    signature_date: DateMention | None = None
    warnings: list[ParseWarning] = Field(default_factory=empty_list)

    def iter_sections(self) -> Iterator[tuple[tuple[int, ...], Section]]:
        """Every section depth-first, with its index path from the top."""

        def walk(sections: list[Section], prefix: tuple[int, ...]) -> Iterator[tuple[tuple[int, ...], Section]]:
            for index, section in enumerate(sections):
                path = (*prefix, index)
                yield path, section
                yield from walk(section.sections, path)

        return walk(self.sections, ())

    def iter_findings(self) -> Iterator[tuple[list[Section], Finding]]:
        """Every finding in document order, with the chain of sections that hold it."""

        def walk(sections: list[Section], chain: list[Section]) -> Iterator[tuple[list[Section], Finding]]:
            for section in sections:
                inner = [*chain, section]
                for finding in section.findings:
                    yield inner, finding
                yield from walk(section.sections, inner)

        for finding in self.findings:
            yield [], finding
        yield from walk(self.sections, [])


def effective_status(finding: Finding, chain: list[Section]) -> StatusKind:
    """The finding's own status, else the nearest group heading's status, else none."""
    if finding.status is not None:
        return finding.status.kind
    for section in reversed(chain):
        if section.status is not None:
            return section.status.kind
    return StatusKind.none
