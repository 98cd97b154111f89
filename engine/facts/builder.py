"""Building facts: a Notice becomes flat dicts of scalars, one per subject (see catalog.py).

Everything a rule needs from another subject (the notice's date, the finding's status and
number, the section path) is copied onto each fact, because the rule engine must not join
facts. Absent values are absent keys. Order is deterministic: the notice fact, then notice-level
findings, then sections depth-first (each section, its narrative measures, dates, money,
sanctions and claims, its findings with theirs, then its subsections), then notice claims and
contacts.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal

from engine.facts.claims import (
    ClaimResult,
    ClaimScope,
    ScopedFinding,
    count_measures,
    evaluate_claim,
    findings_under,
    printed_decimals,
)
from engine.facts.display import (
    CONTACT_WORDS,
    STATUS_WORDS,
    claim_value_en,
    claim_value_zh,
    date_en,
    date_zh,
    delta_en,
    delta_zh,
    is_money_claim,
)
from engine.facts.numbering import children_numbering, document_order_problem, expected_ordinals
from engine.facts.text_checks import (
    PiiScan,
    has_area_code,
    has_digit,
    is_boilerplate,
    is_mobile,
    is_valid_contact,
    scan_pii,
)
from engine.model import (
    Claim,
    ClaimKind,
    DateMention,
    DatePrecision,
    DateRole,
    Finding,
    Inspection,
    Measure,
    Money,
    MoneyAction,
    MoneyModifier,
    Notice,
    Sanction,
    Section,
    Span,
    StatusKind,
    effective_status,
)
from engine.vocabulary import vocabulary

FactValue = str | int | float | bool
Fact = dict[str, FactValue]

CONCRETE_PRECISIONS = frozenset({
    DatePrecision.day, DatePrecision.xun, DatePrecision.month, DatePrecision.month_end,
    DatePrecision.year_end, DatePrecision.year,
})
QUOTE_LENGTH = 60
# Enum values are read as ``member._value_`` (the documented attribute behind ``.value``) where facts
# are made by the dozen: in Python 3.11 ``.value`` is a property written in Python, about 0.4 µs a read.


# Not frozen (that sets each field through object.__setattr__, and a notice has ~95 refs); hashable
# by value all the same, as it was when frozen.
@dataclass(slots=True, unsafe_hash=True)
class FactRef:
    """Where a fact stands in the notice, for reports (never changed once built).

    ``label``/``label_en`` name the place for humans (一/(二) 第8个问题（编号8.）, 通报头部), so a
    report never has to show a fact id. ``by_field`` holds more precise places for some fields: a
    numbering check points at the offending heading or finding, not at its parent (``for_fields``).
    """

    span: Span | None
    quote: str
    section_path: str | None = None
    finding_number: str | None = None
    finding_ordinal: int | None = None
    finding_position: int | None = None
    label: str = ""
    label_en: str = ""
    by_field: tuple[tuple[frozenset[str], FactRef], ...] = ()

    def for_fields(self, names: Iterable[str]) -> FactRef:
        """The place of a check on these fields: the first ``by_field`` entry naming one of them, else this."""
        if not self.by_field:
            return self
        wanted = set(names)
        for keys, ref in self.by_field:
            if keys & wanted:
                return ref
        return self


@dataclass
class FactSet:
    """The facts of one notice, where each stands, and every claim's verdict."""

    facts: list[Fact] = field(default_factory=list)
    refs: dict[str, FactRef] = field(default_factory=dict)
    claims: list[ClaimResult] = field(default_factory=list)

    def of(self, subject: str) -> list[Fact]:
        """The facts of one subject, in order."""
        return [fact for fact in self.facts if fact["t"] == subject]

    def get(self, fact_id: str) -> Fact:
        for fact in self.facts:
            if fact["id"] == fact_id:
                return fact
        raise KeyError(fact_id)


def ymd(day: dt.date | None) -> int | None:
    """A date as a YYYYMMDD integer."""
    return None if day is None else day.year * 10000 + day.month * 100 + day.day


def quote(text: str, limit: int = QUOTE_LENGTH) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def path_label(section: Section, position: int) -> str:
    """A section's number without trailing punctuation ('一、' → '一', '(一)' stays), else '#n'."""
    if section.number is None:
        return f"#{position}"
    label = section.number.strip().rstrip("、.．,，:： ")
    return label or section.number.strip()


NUMBERING_FIELDS = frozenset({
    "children_numbering_broken", "children_duplicate_numbers", "children_skipped_numbers", "numbering_problem",
    "numbering_problem_text",
})
BULLETS = frozenset({"•", "·", "●", "▪"})


def finding_label(path: str | None, number: str | None, position: int) -> tuple[str, str]:
    """A finding for humans: ('一/(二) 第8个问题（编号8.）', '一/(二) finding 8. (#8)')."""
    prefix = f"{path} " if path else ""
    if number is None:
        return f"{prefix}第{position}个问题（未编号）", f"{prefix}finding #{position} (unnumbered)"
    printed = number.strip()
    return f"{prefix}第{position}个问题（编号{printed}）", f"{prefix}finding {printed} (#{position})"


def section_label(path: str, section: Section, position: int) -> tuple[str, str]:
    """A heading for humans: ('二/(一) 标题', 'heading 二/(一)'); one without a real number by position:
    ('二 第5个小标题（•）', '二 subheading #5 (bullet)')."""
    number = (section.number or "").strip()
    if number and number not in BULLETS:
        return f"{path} 标题", f"heading {path}"
    parent = path.rpartition("/")[0]
    prefix = f"{parent} " if parent else ""
    kind_zh, kind_en = ("小标题", "subheading") if parent else ("一级标题", "top-level heading")
    mark_zh, mark_en = (f"（{number}）", " (bullet)") if number else ("（未编号）", " (unnumbered)")
    return f"{prefix}第{position}个{kind_zh}{mark_zh}", f"{prefix}{kind_en} #{position}{mark_en}"


def printed_numbers(numbers: Sequence[str | None]) -> str:
    """Printed numbers, each quoted: “1.”“1.”."""
    return "".join(f"“{number.strip()}”" for number in numbers if number is not None)


# 已全部追回, 全额收回, 全数退还, 如数退回: the whole of an amount stated before
_WHOLE = re.compile(r"全部|全额|全数|如数|足额")


def _problem_states_amount(finding: Finding) -> bool:
    """Whether the finding's problem statement prints an amount of money (违规发放补贴12.6万元)."""
    span = finding.problem.span
    if span is None:
        return False
    return any(m.amount is not None and m.span is not None and span.start <= m.span.start < span.end
               and (m.unit or "").endswith("元") for m in finding.money)


def feedback_day(inspection: Inspection) -> dt.date | None:
    """The day of the feedback, for comparing dates; None when none is printed or only its month is (a
    month cannot be ordered against days within it, so the chronology is then not checked)."""
    mention = inspection.feedback_date
    if mention is None or mention.precision != DatePrecision.day:
        return None
    return mention.end


def date_texts(fact: Fact, key: str, day: dt.date | None) -> None:
    """The display forms of a date field: key_text (2021年4月20日) and key_text_en (2021-04-20)."""
    if day is not None:
        fact[f"{key}_text"] = date_zh(day)
        fact[f"{key}_text_en"] = date_en(day)


def text_start(notice: Notice) -> Span | None:
    """Where a missing header element (title, date, issuer) should stand: the start of the line of the
    notice's first located element; None for a notice written by hand (no spans at all)."""
    spans: list[Span | None] = [item.span for item in (notice.title, notice.issuer, notice.addressee,
                                                        notice.signature) if item is not None]
    spans += [notice.published.span if notice.published else None,
              notice.inspection.span if notice.inspection else None]
    spans += [item.span for item in notice.claims] + [item.span for item in notice.contacts]
    for _, section in notice.iter_sections():
        spans += [section.span, section.heading.span]
    for _, finding in notice.iter_findings():
        spans += [finding.span, finding.problem.span]
    located = [span for span in spans if span is not None]
    if not located:
        return None
    first = min(located, key=lambda span: span.start)
    offset = max(first.start - (first.column - 1), 0)
    return Span(start=offset, end=offset, line=first.line, column=1)


def put(fact: Fact, key: str, value: FactValue | None) -> None:
    """Set a field unless the value is absent."""
    if value is not None:
        fact[key] = value


@dataclass(frozen=True)
class _Context:
    """Fields copied onto the facts inside one section or finding."""

    fields: Fact
    ref: FactRef


@dataclass
class _FindingInfo:
    position: int
    status: StatusKind
    source: str
    phrase: str | None


class _Builder:
    def __init__(self, notice: Notice) -> None:
        self.notice = notice
        self.out = FactSet()
        self.counters: dict[str, int] = {}
        self.base: Fact = {"notice_fragment": notice.fragment}
        put(self.base, "notice_published", ymd(notice.published.end if notice.published else None))
        date_texts(self.base, "notice_published", notice.published.end if notice.published else None)
        self.info: dict[int, _FindingInfo] = {}
        self.all_findings: list[ScopedFinding] = []
        self.order: list[tuple[int, int | None]] = []
        for position, (chain, finding) in enumerate(notice.iter_findings(), start=1):
            self.order.append((id(chain[-1]) if chain else 0, finding.ordinal))
            status = effective_status(finding, chain)
            source, phrase = "none", None
            if finding.status is not None:
                source, phrase = "finding", finding.status.phrase
            elif status != StatusKind.none:
                source = "group"
                phrase = next(s.status.phrase for s in reversed(chain) if s.status is not None)
            self.info[id(finding)] = _FindingInfo(position, status, source, phrase)
            self.all_findings.append(ScopedFinding(finding, status))
        self.pii: list[PiiScan] = []

    # -- plumbing -------------------------------------------------------------------------
    def new(self, subject: str, context: Fact, ref: FactRef) -> Fact:
        self.counters[subject] = self.counters.get(subject, 0) + 1
        fact_id = f"{subject}:{self.counters[subject]}"
        fact: Fact = {"t": subject, "id": fact_id, **self.base, **context}
        self.out.facts.append(fact)
        self.out.refs[fact_id] = ref
        return fact

    def ref(self, context: _Context, span: Span | None, text: str) -> FactRef:
        base = context.ref  # dataclasses.replace, spelled out: this runs for most facts
        return FactRef(span, quote(text), base.section_path, base.finding_number, base.finding_ordinal,
                       base.finding_position, base.label, base.label_en, base.by_field)

    def scoped(self, findings: Iterable[Finding]) -> list[ScopedFinding]:
        return [ScopedFinding(f, self.info[id(f)].status) for f in findings]

    # -- walking --------------------------------------------------------------------------
    def build(self) -> FactSet:
        notice = self.notice
        header_span = notice.title.span if notice.title else text_start(notice)
        notice_fact = self.new("notice", {}, FactRef(header_span, quote(notice.title.text if notice.title else ""),
                                                     label="通报头部", label_en="notice header"))
        notice_scope = ClaimScope("notice", self.all_findings, notice.sections)
        top = _Context({}, FactRef(None, "", label="通报综述", label_en="notice summary"))
        self.walk_findings(notice.findings, top)
        expected = expected_ordinals([s.ordinal for s in notice.sections])
        for position, section in enumerate(notice.sections, start=1):
            self.walk_section(section, None, 1, position, expected[position - 1], notice_scope)
        for claim in notice.claims:
            self.claim_fact(claim, top, notice_scope, "notice")
        for contact in notice.contacts:
            fact = self.new("contact", {}, FactRef(contact.span, quote(contact.value),
                                                   label="联系方式", label_en="contacts"))
            fact.update(kind=contact.kind.value, kind_text=CONTACT_WORDS[contact.kind.value][0], value=contact.value,
                        valid=is_valid_contact(contact.kind.value, contact.value),
                        is_personal_mobile=contact.kind.value == "phone" and is_mobile(contact.value))
            if contact.kind.value == "phone":
                fact["has_area_code"] = has_area_code(contact.value)
        self.fill_notice(notice_fact)
        self.numbering_places(str(notice_fact["id"]), None, notice.sections, notice.findings)
        return self.out

    def walk_findings(self, findings: Sequence[Finding], parent: _Context) -> None:
        expected = expected_ordinals([f.ordinal for f in findings])
        for finding, expect in zip(findings, expected, strict=True):
            self.finding_facts(finding, parent, expect)

    def walk_section(self, section: Section, parent_path: str | None, level: int, position: int,
                     expected: int | None, notice_scope: ClaimScope) -> None:
        label = path_label(section, position)
        path = label if parent_path is None else f"{parent_path}/{label}"
        context = _Context({"section_path": path}, FactRef(None, "", section_path=path, label=f"{path} 综述",
                                                           label_en=f"narrative of {path}"))
        heading = f"{section.number or ''}{section.heading.text}"
        zh, en = section_label(path, section, position)
        ref = replace(self.ref(context, section.span or section.heading.span, heading), label=zh, label_en=en)
        fact = self.new("section", {"section_path": path}, ref)
        self.numbering_places(str(fact["id"]), path, section.sections, section.findings)
        put_numbering(fact, section.number, section.ordinal, expected)
        under = list(findings_under(section))
        fact.update(level=level, position=position, heading=section.heading.text,
                    has_status=section.status is not None, measure_count=len(section.measures),
                    finding_count=len(section.findings), finding_count_total=len(under),
                    subsection_count=len(section.sections), holds_findings=bool(under))
        if section.status is not None:
            fact["status"] = section.status.kind.value
            put(fact, "status_phrase", section.status.phrase)
        put(fact, "text", section.text.strip() or None)
        self.numbering_fields(fact, section.sections, section.findings)
        scan = scan_pii([section.heading.text, section.text, *(m.text for m in section.measures)])
        fact.update(scan.fields())
        self.pii.append(scan)

        scope = ClaimScope("section", self.scoped(under), section.sections) if under else notice_scope
        for index, measure in enumerate(section.measures, start=1):
            self.measure_fact(measure, context, "section", index, "narrative", None)
        self.mentions(section.dates, section.money, section.sanctions, context, "section")
        for claim in section.claims:
            self.claim_fact(claim, context, scope, "section")
        self.walk_findings(section.findings, context)
        expected_children = expected_ordinals([s.ordinal for s in section.sections])
        for index, child in enumerate(section.sections, start=1):
            self.walk_section(child, path, level + 1, index, expected_children[index - 1], notice_scope)

    # -- subjects -------------------------------------------------------------------------
    def finding_facts(self, finding: Finding, parent: _Context, expected: int | None) -> None:
        info = self.info[id(finding)]
        path = parent.fields.get("section_path")
        status = info.status._value_
        ctx: Fact = {"finding_position": info.position, "finding_status": status, "status_source": info.source}
        put(ctx, "section_path", path)
        put(ctx, "finding_number", finding.number)
        put(ctx, "finding_ordinal", finding.ordinal)
        section_path = path if isinstance(path, str) else None
        zh, en = finding_label(section_path, finding.number, info.position)
        context = _Context(ctx, FactRef(None, "", section_path, finding.number, finding.ordinal, info.position,
                                        label=zh, label_en=en))
        fact = self.new("finding", ctx, self.ref(context, finding.span or finding.problem.span, finding.problem.text))
        put_numbering(fact, finding.number, finding.ordinal, expected)
        fact.update(position=info.position, status=status, has_status=info.status != StatusKind.none,
                    has_own_status=finding.status is not None, problem=finding.problem.text)
        put(fact, "status_phrase", info.phrase)
        if info.status != StatusKind.none:
            fact["status_text"] = info.phrase or STATUS_WORDS[status][0]
        self.derived_finding_fields(fact, finding)
        for block in finding.blocks:
            block_kind = block.kind._value_
            for index, measure in enumerate(block.measures, start=1):
                self.measure_fact(measure, context, "finding", index, block_kind, block.label)
        self.mentions(finding.dates, finding.money, finding.sanctions, context, "finding", finding=finding)
        for claim in finding.claims:
            self.claim_fact(claim, context, ClaimScope("finding", self.scoped([finding]), []), "finding")

    def derived_finding_fields(self, fact: Fact, finding: Finding) -> None:
        units = [b.text for b in finding.blocks if b.text.strip()]
        units += [m.text for b in finding.blocks for m in b.measures]
        pieces = []
        for block in finding.blocks:
            if block.text.strip():
                pieces.append(block.text.strip())
            pieces += [f"{m.marker.text if m.marker else ''}{m.text}".strip() for m in block.measures]
        result = "\n".join(piece for piece in pieces if piece)
        put(fact, "result", result or None)
        targets = [d for d in finding.dates if d.role == DateRole.target]
        concrete = [d for d in targets if d.precision in CONCRETE_PRECISIONS]
        vague = [d for d in targets if d.precision == DatePrecision.vague]
        completed = [d.end for d in finding.dates if d.role == DateRole.completed and d.end is not None]
        target_ends = [d.end for d in concrete if d.end is not None]
        concrete_content = any(not is_boilerplate(unit) for unit in units)
        fact.update(
            has_result=bool(result), block_count=len(finding.blocks), measure_count=count_measures(finding),
            date_count=len(finding.dates), has_target=bool(targets), has_concrete_target=bool(concrete),
            has_vague_target=bool(vague), vague_target_only=bool(vague) and not concrete,
            has_vague_time_phrase=bool(result) and vocabulary("vague_time").matches(result),
            has_concrete_content=concrete_content, result_only_boilerplate=bool(result) and not concrete_content,
            has_number_in_result=has_digit(result), money_count=len(finding.money),
            recovered_count=sum(1 for m in finding.money if m.action == MoneyAction.recovered),
            sanction_count=len(finding.sanctions), claim_count=len(finding.claims),
            responsible_count=len(finding.responsible),
        )
        put(fact, "target_end", ymd(max(target_ends)) if target_ends else None)
        if target_ends:
            latest = max(target_ends)
            date_texts(fact, "target_end", latest)
            fact["target_text"] = next(d.text for d in concrete if d.end == latest)
        if not concrete:
            zh, en = target_gap(vague)
            fact.update(target_gap_text=zh, target_gap_text_en=en)
        put(fact, "completed_end", ymd(max(completed)) if completed else None)
        scan = scan_pii([finding.problem.text, result, *(r.text for r in finding.responsible),
                         *(t for s in finding.sanctions for t in s.targets)])
        fact.update(scan.fields())
        self.pii.append(scan)

    def measure_fact(self, measure: Measure, context: _Context, scope: str, position: int,
                     block_kind: str, block_label: str | None) -> None:
        marker = measure.marker.text if measure.marker else ""
        fact = self.new("measure", context.fields, self.ref(context, measure.span, marker + measure.text))
        fact.update(scope=scope, text=measure.text, has_marker=measure.marker is not None, position=position,
                    block_kind=block_kind, is_boilerplate=is_boilerplate(measure.text),
                    has_number=has_digit(measure.text))
        if measure.marker is not None:
            fact["marker"] = measure.marker.text
            put(fact, "marker_ordinal", measure.marker.ordinal)
        put(fact, "block_label", block_label)
        fact.update(scan_pii([measure.text]).fields())

    def mentions(self, dates: Sequence[DateMention], money: Sequence[Money], sanctions: Sequence[Sanction],
                 context: _Context, scope: str, *, finding: Finding | None = None) -> None:
        """Date, money and sanction facts (of ``finding``, when they are a finding's)."""
        inspection = self.notice.inspection
        for mention in dates:
            fact = self.new("date", context.fields, self.ref(context, mention.span, mention.text))
            fact.update(scope=scope, text=mention.text, precision=mention.precision._value_, role=mention.role._value_,
                        is_concrete=mention.precision != DatePrecision.vague, year_inferred=mention.year_inferred)
            put(fact, "start", ymd(mention.start))
            date_texts(fact, "start", mention.start)
            put(fact, "end", ymd(mention.end))
            if inspection is not None:
                put(fact, "notice_feedback_date", ymd(feedback_day(inspection)))
                put(fact, "notice_inspection_start", ymd(inspection.period_start.start if inspection.period_start
                                                         else None))
        for item in money:
            fact = self.new("money", context.fields, self.ref(context, item.span, item.text))
            fact.update(scope=scope, text=item.text, has_amount=item.amount is not None, action=item.action._value_,
                        has_verb=item.verb is not None, has_destination=item.destination is not None,
                        is_total=MoneyModifier.total in item.modifiers,
                        is_cumulative=MoneyModifier.cumulative in item.modifiers,
                        is_each=MoneyModifier.each in item.modifiers,
                        is_approximate=MoneyModifier.approximate in item.modifiers,
                        in_kind=MoneyModifier.in_kind in item.modifiers,
                        whole_of_problem_amount=item.amount is None and finding is not None
                        and _WHOLE.search(item.text) is not None and _problem_states_amount(finding))
            put(fact, "amount", float(item.amount) if item.amount is not None else None)
            put(fact, "unit", item.unit)
            put(fact, "verb", item.verb)
            put(fact, "destination", item.destination.text if item.destination else None)
        for sanction in sanctions:
            fact = self.new("sanction", context.fields, self.ref(context, sanction.span, sanction.phrase))
            fact.update(scope=scope, kind=sanction.kind._value_, phrase=sanction.phrase,
                        has_count=sanction.count is not None, targets_count=len(sanction.targets))
            put(fact, "count", sanction.count)
            put(fact, "unit", sanction.unit)
            put(fact, "targets", "、".join(sanction.targets) or None)

    def claim_fact(self, claim: Claim, context: _Context, scope: ClaimScope, level: str) -> None:
        fact = self.new("claim", context.fields, self.ref(context, claim.span, claim.text))
        result = evaluate_claim(claim, scope, str(fact["id"]))
        self.out.claims.append(result)
        fact.update(scope=level, kind=result.kind, target=result.target, text=claim.text,
                    claimed=float(claim.claimed), checkable=result.checkable, matches=result.matches)
        put(fact, "actual", float(result.actual) if result.actual is not None else None)
        put(fact, "delta", float(result.delta) if result.delta is not None else None)
        put(fact, "not_checkable_reason", result.reason)
        put(fact, "status", claim.status.value if claim.status is not None else None)
        if claim.status is not None:
            fact["status_text"] = STATUS_WORDS[claim.status.value][0]
        self.claim_texts(fact, result)
        if claim.parts:
            fact["part_count"] = len(claim.parts)
        if claim.kind == ClaimKind.rate:
            fact["decimals"] = printed_decimals(claim)
            put(fact, "numerator", float(claim.numerator) if claim.numerator is not None else None)
            put(fact, "denominator", float(claim.denominator) if claim.denominator is not None else None)
            put(fact, "rate_half_up_ok", result.rate_half_up_ok)
            put(fact, "rate_truncated_ok", result.rate_truncated_ok)

    def claim_texts(self, fact: Fact, result: ClaimResult) -> None:
        """claimed_text, actual_text, delta_text (and their _en forms): values with units, deltas unsigned."""
        money = is_money_claim(result.kind, result.target, result.text)
        values: list[tuple[str, Decimal | None]] = [("claimed", result.claimed), ("actual", result.actual)]
        for key, value in values:
            if value is not None:
                fact[f"{key}_text"] = claim_value_zh(result.kind, result.target, value, money)
                fact[f"{key}_text_en"] = claim_value_en(result.kind, result.target, value, money)
        if result.delta is not None:
            fact["delta_text"] = delta_zh(result.kind, result.target, result.delta, money)
            fact["delta_text_en"] = delta_en(result.kind, result.target, result.delta, money)

    def numbering_fields(self, fact: Fact, sections: Sequence[Section], findings: Sequence[Finding]) -> None:
        numbering = children_numbering([s.ordinal for s in sections], [f.ordinal for f in findings])
        fact.update(children_numbering_broken=numbering.broken, children_duplicate_numbers=numbering.duplicates,
                    children_skipped_numbers=numbering.skips)
        put(fact, "children_first_ordinal", numbering.first)
        put(fact, "numbering_problem", numbering.problem())
        broken = [[s.number for s in sections]] if numbering.sections.broken else []
        broken += [[f.number for f in findings]] if numbering.findings.broken else []
        put(fact, "numbering_problem_text", "；".join(printed_numbers(numbers) for numbers in broken) or None)

    def numbering_places(self, fact_id: str, path: str | None, sections: Sequence[Section],
                         findings: Sequence[Finding]) -> None:
        """Point the numbering checks of a parent at its first child whose number is out of sequence."""
        ref = self.out.refs[fact_id]
        place: FactRef | None = None
        expected = expected_ordinals([s.ordinal for s in sections])
        for index, (section, expect) in enumerate(zip(sections, expected, strict=True), start=1):
            if section.ordinal is not None and section.ordinal != expect:
                child = path_label(section, index)
                zh, en = section_label(child if path is None else f"{path}/{child}", section, index)
                place = FactRef(section.span or section.heading.span,
                                quote(f"{section.number or ''}{section.heading.text}"), ref.section_path,
                                label=zh, label_en=en)
                break
        if place is None:
            expected = expected_ordinals([f.ordinal for f in findings])
            for finding, expect in zip(findings, expected, strict=True):
                if finding.ordinal is not None and finding.ordinal != expect:
                    position = self.info[id(finding)].position
                    zh, en = finding_label(path, finding.number, position)
                    place = FactRef(finding.span or finding.problem.span, quote(finding.problem.text), path,
                                    finding.number, finding.ordinal, position, label=zh, label_en=en)
                    break
        if place is not None:
            self.out.refs[fact_id] = replace(ref, by_field=((NUMBERING_FIELDS, place),))

    def fill_notice(self, fact: Fact) -> None:
        notice = self.notice
        inspection = notice.inspection
        put(fact, "title", notice.title.text if notice.title else None)
        put(fact, "issuer", notice.issuer.text if notice.issuer else None)
        put(fact, "published", ymd(notice.published.end if notice.published else None))
        date_texts(fact, "published", notice.published.end if notice.published else None)
        put(fact, "signature_date", ymd(notice.signature_date.end if notice.signature_date else None))
        fact.update(has_title=notice.title is not None, has_issuer=notice.issuer is not None,
                    has_addressee=notice.addressee is not None, has_published=notice.published is not None,
                    published_inferred=notice.published_inferred, fragment=notice.fragment,
                    has_inspection=inspection is not None,
                    has_inspection_body=inspection is not None and inspection.body is not None,
                    has_feedback_date=inspection is not None and inspection.feedback_date is not None,
                    has_signature=notice.signature is not None)
        missing = header_missing(fact)
        put(fact, "header_missing_text", "、".join(zh for zh, _ in missing) or None)
        put(fact, "header_missing_text_en", ", ".join(en for _, en in missing) or None)
        if inspection is not None:
            fact.update(inspection_kind=inspection.kind.value, inspection_special=inspection.special,
                        inspection_follow_up=inspection.follow_up)
            put(fact, "inspection_body", inspection.body.text if inspection.body else None)
            put(fact, "inspection_subject", inspection.subject)
            put(fact, "inspection_start", ymd(inspection.period_start.start if inspection.period_start else None))
            end = inspection.period_end or inspection.period_start
            put(fact, "inspection_end", ymd(end.end if end else None))
            put(fact, "feedback_date", ymd(feedback_day(inspection)))
            date_texts(fact, "inspection_start", inspection.period_start.start if inspection.period_start else None)
            date_texts(fact, "inspection_end", end.end if end else None)
            date_texts(fact, "feedback_date", feedback_day(inspection))
        kinds = [c.kind.value for c in notice.contacts]
        phones = [c for c in notice.contacts if c.kind.value == "phone"]
        with_status = sum(1 for item in self.all_findings if item.status != StatusKind.none)
        fact.update(
            section_count=sum(1 for _ in notice.iter_sections()), finding_count=len(self.all_findings),
            findings_with_status=with_status, findings_without_status=len(self.all_findings) - with_status,
            contact_count=len(notice.contacts), has_phone=bool(phones),
            has_valid_phone=any(is_valid_contact("phone", c.value) for c in phones),
            has_email="email" in kinds, has_postal="postal" in kinds, has_postcode="postcode" in kinds,
            has_supervision_contact=bool({"phone", "email", "postal"} & set(kinds)),
            claim_count=len(self.out.claims),
            claims_mismatched=sum(1 for c in self.out.claims if c.checkable and not c.matches),
            warning_count=len(notice.warnings),
        )
        self.numbering_fields(fact, notice.sections, notice.findings)
        order_problem = document_order_problem(self.order)
        fact["findings_numbering_broken"] = order_problem is not None
        put(fact, "findings_numbering_problem", order_problem)
        header = scan_pii([notice.title.text if notice.title else None, notice.issuer.text if notice.issuer else None,
                           notice.addressee.text if notice.addressee else None,
                           notice.signature.text if notice.signature else None,
                           *(c.text for c in notice.claims)])
        total = PiiScan(header.id_numbers + tuple(x for s in self.pii for x in s.id_numbers),
                        header.mobiles + tuple(x for s in self.pii for x in s.mobiles))
        fact.update(total.fields())


def build_facts(notice: Notice) -> FactSet:
    """All facts of a notice, their locations, and every claim's verdict."""
    return _Builder(notice).build()


__all__ = ["Fact", "FactRef", "FactSet", "FactValue", "build_facts"]


# Header elements a notice must print, in the order a reviewer reads them: (fact flag, zh, en).
HEADER_ELEMENTS: tuple[tuple[str, str, str], ...] = (
    ("has_published", "发布日期", "publication date"),
    ("has_title", "标题", "title"),
    ("has_issuer", "发布机关", "issuer"),
    ("has_inspection_body", "巡视巡察（考核）机构", "inspecting body"),
    ("has_feedback_date", "反馈日期", "feedback date"),
)


def header_missing(fact: Fact) -> list[tuple[str, str]]:
    """The (zh, en) names of the header elements the notice fact lacks; an inferred date does not count."""
    missing = []
    for flag, zh, en in HEADER_ELEMENTS:
        present = bool(fact.get(flag))
        if flag == "has_published" and fact.get("published_inferred"):
            present = False
        if not present:
            missing.append((zh, en))
    return missing


def target_gap(vague: list[DateMention]) -> tuple[str, str]:
    """Why a finding has no concrete target, for messages: the vague phrases it gives, or none at all."""
    phrases = list(dict.fromkeys(mention.text for mention in vague))
    if not phrases:
        return "文中没有任何整改时限", "no target date is given at all"
    quoted = "".join(f"“{phrase}”" for phrase in phrases)
    return (f"只写了{quoted}，模糊时间不算时限",
            "only vague time phrases are given: " + ", ".join(phrases))


def put_numbering(fact: Fact, number: str | None, ordinal: int | None, expected: int | None) -> None:
    """The numbering fields of a section or finding fact: its number as printed and whether it is
    the one its siblings lead one to expect."""
    put(fact, "number", number)
    fact["has_number"] = number is not None
    fact["number_is_bullet"] = number is not None and number.strip() in BULLETS
    put(fact, "ordinal", ordinal)
    put(fact, "expected_ordinal", expected)
    if ordinal is not None:
        fact["numbering_ok"] = ordinal == expected
