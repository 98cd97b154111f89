"""The fact catalog: every subject, every field, its type and what it means.

Facts are flat dicts of scalars (see ``docs/facts.md``). ``FACT_FIELDS`` is the contract
with the rule compiler (subject → field → type name); ``FIELD_DOCS`` holds one line per field
for the generated documentation. A field that does not apply to a fact is absent, never None.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

TypeName = Literal["str", "int", "float", "bool"]


@dataclass(frozen=True)
class FieldSpec:
    """One fact field: its name, type and a one-line description."""

    name: str
    type: TypeName
    doc: str


def _f(name: str, type_: TypeName, doc: str) -> FieldSpec:
    return FieldSpec(name, type_, doc)


SUBJECTS: Final[tuple[str, ...]] = (
    "notice", "section", "finding", "measure", "date", "money", "sanction", "claim", "contact",
)

SUBJECT_DOCS: Final[dict[str, str]] = {
    "notice": "The notice as a whole: header, inspection chronology, contacts, totals. Exactly one per notice.",
    "section": "A heading (一、, (一), •) with what stands under it, and the numbering of its children.",
    "finding": "One problem found by the inspection, with its rectification, status and derived checks.",
    "measure": "One rectification measure (一是…, (1)…, ①…) of a finding's block or a section's narrative.",
    "date": "A date mention in a finding or a section, resolved to YYYYMMDD integers.",
    "money": "A money mention in a finding or a section; amounts in 元.",
    "sanction": "A sanction or admonition (处分, 诫勉谈话, 约谈 … N人).",
    "claim": "A number the notice states about itself, checked against what it enumerates.",
    "contact": "A contact for public supervision (phone, email, postal address, postcode, website).",
}

# Context copied onto facts (durable_rules cannot join facts, so each fact carries what rules need).
_COMMON: Final[list[FieldSpec]] = [
    _f("t", "str", "The subject (fact type)."),
    _f("id", "str", "Identifier unique within the notice, e.g. 'finding:3', 'money:12'."),
    _f("notice_published", "int", "Publication date of the notice (YYYYMMDD); absent when none is printed."),
    _f("notice_published_text", "str", "notice_published for Chinese messages (2021年1月7日); absent with it."),
    _f("notice_published_text_en", "str", "notice_published for English messages (2021-01-07); absent with it."),
    _f("notice_fragment", "bool", "The notice text is a fragment of a longer document (上接一版)."),
]

_SECTION_CONTEXT: Final[list[FieldSpec]] = [
    _f("section_path", "str",
       "Path of the enclosing section as printed numbers without trailing punctuation, e.g. '二/(一)'; "
       "absent outside any section."),
]

_FINDING_CONTEXT: Final[list[FieldSpec]] = [
    _f("finding_number", "str", "Number of the enclosing finding as printed ('1.', '(三)'); absent when unnumbered."),
    _f("finding_ordinal", "int", "Value of the enclosing finding's number; absent when unnumbered."),
    _f("finding_position", "int", "1-based position of the enclosing finding in document order."),
    _f("finding_status", "str",
       "Effective status of the enclosing finding: its own, else its group heading's, else 'none' "
       "(closed, mostly_closed, ongoing, long_term, none)."),
    _f("status_source", "str", "Where finding_status comes from: 'finding', 'group' or 'none'."),
]

_SCOPE: Final[list[FieldSpec]] = [
    _f("scope", "str", "Where the fact stands: 'notice', 'section' or 'finding'."),
]

_PII: Final[list[FieldSpec]] = [
    _f("pii_found", "bool", "The text fields hold a resident ID number or a personal mobile number."),
    _f("pii_id_number", "bool",
       "The text fields hold a resident ID number (18 characters or 15 digits: see Personal data)."),
    _f("pii_mobile", "bool", "The text fields hold an 11-digit personal mobile number (1[3-9]x…)."),
    _f("pii_text", "str", "The first personal number found, as printed; absent when none."),
]

_NUMBERING_SELF: Final[list[FieldSpec]] = [
    _f("number", "str", "The number as printed, with its punctuation ('一、', '(一)', '1.', '•'); absent when none."),
    _f("has_number", "bool", "A number (or a bullet standing for one) is printed."),
    _f("number_is_bullet", "bool", "The number is a bullet (•) standing for a lost marker."),
    _f("ordinal", "int", "The number's value ('二十八、' → 28); absent when unnumbered."),
    _f("expected_ordinal", "int",
       "The value the number should have: first numbered sibling's ordinal + position among numbered siblings."),
    _f("numbering_ok", "bool", "ordinal equals expected_ordinal (false for a duplicate or a skipped number)."),
]

_NUMBERING_CHILDREN: Final[list[FieldSpec]] = [
    _f("children_numbering_broken", "bool",
       "The numbers of the direct children (subsections, findings; each list on its own) repeat, skip or go back."),
    _f("children_duplicate_numbers", "bool", "A number repeats among the direct children of one kind."),
    _f("children_skipped_numbers", "bool", "A number is skipped (or goes back) among the direct children of one kind."),
    _f("children_first_ordinal", "int", "Ordinal of the first numbered direct child; absent when none."),
    _f("numbering_problem", "str",
       "The broken sequence of ordinals, e.g. '1, 1, 3' (lists joined by '; '); absent when the numbering is fine."),
    _f("numbering_problem_text", "str",
       "The broken list(s) as printed numbers, each quoted, for messages: '“1.”“1.”“3.”' (lists joined by '；'); "
       "absent when the numbering is fine."),
]

_CATALOG: Final[dict[str, list[FieldSpec]]] = {
    "notice": [
        *_COMMON,
        _f("title", "str", "Title as printed; absent when none."),
        _f("has_title", "bool", "A title is printed."),
        _f("issuer", "str", "The issuing body (发布机关); absent when none."),
        _f("has_issuer", "bool", "An issuer is known."),
        _f("has_addressee", "bool", "An addressee line is printed (县扶贫开发领导小组办公室:)."),
        _f("published", "int", "Publication date (YYYYMMDD); absent when none."),
        _f("published_text", "str", "published for Chinese messages (2021年1月7日); absent when none."),
        _f("published_text_en", "str", "published for English messages (2021-01-07); absent when none."),
        _f("has_published", "bool", "A publication date is known."),
        _f("published_inferred", "bool", "No publication date is printed; it was taken from the latest date."),
        _f("fragment", "bool", "The text is a part of a longer document (上接一版, no beginning)."),
        _f("has_inspection", "bool", "The inspection whose feedback the notice answers is described."),
        _f("inspection_kind", "str", "xunshi (巡视), xuncha (巡察), kaohe (考核) or other; absent without inspection."),
        _f("inspection_special", "bool", "A special (专项) inspection."),
        _f("inspection_follow_up", "bool", "A follow-up (回头看) inspection."),
        _f("inspection_body", "str", "The inspecting body as printed (许昌市委第三巡察组); absent when none."),
        _f("has_inspection_body", "bool", "The inspecting body is named."),
        _f("inspection_subject", "str", "What was inspected (脱贫攻坚); absent when none."),
        _f("inspection_start", "int", "First day of the inspection period (YYYYMMDD); absent when none."),
        _f("inspection_end", "int", "Last day of the inspection period (YYYYMMDD); absent when none."),
        _f("feedback_date", "int", "Day of the feedback (YYYYMMDD); absent when none or only its month is printed."),
        _f("inspection_start_text", "str", "inspection_start for Chinese messages (2020年10月9日); absent when none."),
        _f("inspection_start_text_en", "str", "inspection_start for English messages (2020-10-09); absent when none."),
        _f("inspection_end_text", "str", "inspection_end for Chinese messages; absent when none."),
        _f("inspection_end_text_en", "str", "inspection_end for English messages; absent when none."),
        _f("feedback_date_text", "str", "feedback_date for Chinese messages (2020年11月3日); absent when none."),
        _f("feedback_date_text_en", "str", "feedback_date for English messages (2020-11-03); absent when none."),
        _f("has_feedback_date", "bool", "The feedback date is printed (its day, or its month: 2023年9月)."),
        _f("header_missing_text", "str",
           "The header elements the notice lacks, in Chinese (发布日期、标题、发布机关、巡视巡察（考核）机构、"
           "反馈日期); an inferred publication date counts as missing; absent when none is missing."),
        _f("header_missing_text_en", "str", "The same in English (publication date, title, issuer, …)."),
        _f("has_signature", "bool", "A closing signature is printed."),
        _f("signature_date", "int", "The signature date (YYYYMMDD); absent when none."),
        _f("section_count", "int", "Number of sections at any depth."),
        _f("finding_count", "int", "Number of findings at any depth."),
        _f("findings_with_status", "int", "Findings whose effective status is not 'none'."),
        _f("findings_without_status", "int", "Findings whose effective status is 'none'."),
        _f("contact_count", "int", "Number of contacts for public supervision."),
        _f("has_phone", "bool", "A phone contact is given."),
        _f("has_valid_phone", "bool", "A phone contact is given and valid."),
        _f("has_email", "bool", "An email contact is given."),
        _f("has_postal", "bool", "A postal address (邮政信箱) is given."),
        _f("has_postcode", "bool", "A postcode is given."),
        _f("has_supervision_contact", "bool", "At least one phone, email or postal contact is given."),
        _f("claim_count", "int", "Number of claims anywhere in the notice."),
        _f("claims_mismatched", "int", "Checkable claims whose claimed value differs from the actual one."),
        _f("warning_count", "int", "Parser warnings on the notice."),
        _f("findings_numbering_broken", "bool",
           "All findings in document order: a number does not run on by one (a restart at 1 in a new group is fine)."),
        _f("findings_numbering_problem", "str",
           "The first break in document order as 'before, this, after', e.g. '1, 1, 3'; absent when fine."),
        *_NUMBERING_CHILDREN,
        *_PII,
    ],
    "section": [
        *_COMMON,
        *_SECTION_CONTEXT,
        *_NUMBERING_SELF,
        _f("level", "int", "Depth of the section: 1 for top-level (一、), 2 below it ((一)), …"),
        _f("position", "int", "1-based position among its siblings."),
        _f("heading", "str", "The heading text after the number."),
        _f("status", "str", "Group status stated on the heading (closed, mostly_closed, ongoing, long_term); absent."),
        _f("has_status", "bool", "The heading states a group status."),
        _f("status_phrase", "str", "The group status as printed (已基本整改到位); absent when none."),
        _f("text", "str", "Narrative text under the heading (not findings or subsections); absent when empty."),
        _f("measure_count", "int", "Narrative measures (一是…四是) directly under the heading."),
        _f("finding_count", "int", "Findings directly under the section."),
        _f("finding_count_total", "int", "Findings under the section at any depth."),
        _f("subsection_count", "int", "Direct subsections."),
        _f("holds_findings", "bool", "The section holds findings at some depth."),
        *_NUMBERING_CHILDREN,
        *_PII,
    ],
    "finding": [
        *_COMMON,
        *_SECTION_CONTEXT,
        *_FINDING_CONTEXT,
        *_NUMBERING_SELF,
        _f("position", "int", "1-based position of the finding in document order (same as finding_position)."),
        _f("status", "str", "Effective status (same as finding_status): own, else group heading's, else 'none'."),
        _f("has_status", "bool", "The effective status is not 'none'."),
        _f("has_own_status", "bool", "The status is printed on the finding itself."),
        _f("status_phrase", "str", "The status as printed (该项已办结), own or group; absent when none."),
        _f("status_text", "str",
           "The status for Chinese messages: status_phrase, else the usual wording (持续整改中, 列入长期整改); "
           "absent when the status is 'none'."),
        _f("problem", "str", "The problem statement."),
        _f("result", "str", "All rectification text: every block's text and measures, joined; absent when none."),
        _f("has_result", "bool", "Some rectification text is given."),
        _f("block_count", "int", "Number of rectification blocks."),
        _f("measure_count", "int",
           "Measures by the counting rule: the measures block's markers, else the situation block's; "
           "a block with text but no markers counts as one."),
        _f("date_count", "int", "Date mentions in the finding."),
        _f("has_target", "bool", "A date mention with role target (concrete or vague)."),
        _f("has_concrete_target", "bool",
           "A target date mention with precision day, xun, month, month_end, year_end or year."),
        _f("has_vague_target", "bool", "A target date mention with precision vague (明年, 尽快, 下一步 …)."),
        _f("vague_target_only", "bool", "Targets are given, but only vague ones."),
        _f("has_vague_time_phrase", "bool", "The rectification text uses a vague time phrase (vocabulary vague_time)."),
        _f("target_end", "int", "Latest end day of the concrete targets (YYYYMMDD); absent when none."),
        _f("target_end_text", "str", "target_end for Chinese messages (2020年10月31日); absent when none."),
        _f("target_end_text_en", "str", "target_end for English messages (2020-10-31); absent when none."),
        _f("target_text", "str",
           "The concrete target ending on target_end, as printed (2020年10月底前); absent when none."),
        _f("target_gap_text", "str",
           "When no concrete target is given: the vague target phrases as printed (只写了“拟于明年”…), or that "
           "there is none at all; absent when a concrete target exists."),
        _f("target_gap_text_en", "str", "The same for English messages."),
        _f("completed_end", "int", "Latest end day of the completed-date mentions (YYYYMMDD); absent when none."),
        _f("has_concrete_content", "bool",
           "Some block text or measure says more than boilerplate (vocabulary boilerplate_results): "
           "a number, a date, or words beyond the boilerplate."),
        _f("result_only_boilerplate", "bool", "Rectification text is given, but it is only boilerplate."),
        _f("has_number_in_result", "bool", "The rectification text contains a digit (ASCII or full-width)."),
        _f("money_count", "int", "Money mentions in the finding."),
        _f("recovered_count", "int", "Money mentions with action recovered."),
        _f("sanction_count", "int", "Sanction mentions in the finding."),
        _f("claim_count", "int", "Claims stated inside the finding."),
        _f("responsible_count", "int", "People or units named as responsible."),
        *_PII,
    ],
    "measure": [
        *_COMMON,
        *_SECTION_CONTEXT,
        *_FINDING_CONTEXT,
        *_SCOPE,
        _f("text", "str", "The measure text after its marker."),
        _f("marker", "str", "The marker as printed (一是, (1), ①); absent when unmarked."),
        _f("has_marker", "bool", "The measure has a marker."),
        _f("marker_ordinal", "int", "The marker's value; absent when none."),
        _f("position", "int", "1-based position within its block (or section narrative)."),
        _f("block_kind", "str", "Kind of the block: situation, measures, results, other; 'narrative' in a section."),
        _f("block_label", "str", "The block label as printed (整改措施); absent when none."),
        _f("is_boilerplate", "bool", "The measure text is only boilerplate."),
        _f("has_number", "bool", "The measure text contains a digit."),
        *_PII,
    ],
    "date": [
        *_COMMON,
        *_SECTION_CONTEXT,
        *_FINDING_CONTEXT,
        *_SCOPE,
        _f("text", "str", "The date phrase as printed."),
        _f("start", "int", "First day covered (YYYYMMDD); absent for vague mentions."),
        _f("start_text", "str", "start for Chinese messages (2021年3月15日); absent for vague mentions."),
        _f("start_text_en", "str", "start for English messages (2021-03-15); absent for vague mentions."),
        _f("end", "int", "Last day covered (YYYYMMDD); absent for vague mentions."),
        _f("precision", "str", "day, xun, month, month_end, year_end, year or vague."),
        _f("role", "str", "target, completed, since or other."),
        _f("is_concrete", "bool", "Precision is not vague."),
        _f("year_inferred", "bool", "The year was not printed and was resolved from context."),
        _f("notice_feedback_date", "int", "The notice's feedback date (YYYYMMDD); absent when none or only a month."),
        _f("notice_inspection_start", "int", "The notice's inspection start (YYYYMMDD); absent when none."),
    ],
    "money": [
        *_COMMON,
        *_SECTION_CONTEXT,
        *_FINDING_CONTEXT,
        *_SCOPE,
        _f("text", "str", "The amount (or amount-less phrase) as printed."),
        _f("amount", "float", "Amount in 元; absent when no amount is printed."),
        _f("has_amount", "bool", "An amount is printed."),
        _f("unit", "str", "The unit as printed (元, 万元, 亿元); absent when none."),
        _f("action", "str", "recovered, refunded, allocated, fined, invested or other."),
        _f("verb", "str", "The action verb as printed (追回); absent when none."),
        _f("has_verb", "bool", "An action verb is recorded."),
        _f("destination", "str", "Where recovered money went, as printed; absent when none."),
        _f("has_destination", "bool", "A destination is stated."),
        _f("is_total", "bool", "Modifier 合计/共计/总额为."),
        _f("is_cumulative", "bool", "Modifier 累计."),
        _f("is_each", "bool", "Modifier 各."),
        _f("is_approximate", "bool", "Modifier 近/约/余/多/以上/左右."),
        _f("in_kind", "bool", "Modifier 价值 (value of goods, not cash)."),
        _f("whole_of_problem_amount", "bool",
           "No amount, but the whole (全部/全额/全数/如数/足额) of one the finding's problem states."),
    ],
    "sanction": [
        *_COMMON,
        *_SECTION_CONTEXT,
        *_FINDING_CONTEXT,
        *_SCOPE,
        _f("kind", "str", "discipline, case, admonition, talk, reminder, criticism, written_review, "
                          "organisational, accountability, judicial or other."),
        _f("phrase", "str", "The sanction as printed (诫勉谈话)."),
        _f("count", "int", "Number of people/units; absent when none is printed."),
        _f("has_count", "bool", "A count is printed."),
        _f("unit", "str", "The counting word (人, 名, 件, 起); absent when none."),
        _f("targets_count", "int", "Number of people or units named."),
        _f("targets", "str", "The people or units named, joined with '、'; absent when none."),
    ],
    "claim": [
        *_COMMON,
        *_SECTION_CONTEXT,
        *_FINDING_CONTEXT,
        *_SCOPE,
        _f("kind", "str", "count, sum, rate, status_count or sanction_breakdown."),
        _f("target", "str", "What a count claim counts: findings, sections, measures, causes, categories, items, …"),
        _f("text", "str", "The claim as printed."),
        _f("claimed", "float", "The number printed (money in 元, rates as a percentage number)."),
        _f("actual", "float", "The value computed from the notice; absent when not checkable."),
        _f("delta", "float", "claimed − actual (computed exactly, then converted); absent when not checkable."),
        _f("checkable", "bool", "The notice enumerates what the claim counts, so actual could be computed."),
        _f("matches", "bool", "checkable and claimed equals actual exactly (for rates: either rounding matches)."),
        _f("not_checkable_reason", "str", "Why actual could not be computed; absent when checkable."),
        _f("status", "str", "For status_count: the status counted."),
        _f("status_text", "str", "For status_count: the status counted, in Chinese (已办结, 持续整改中 …)."),
        _f("claimed_text", "str",
           "claimed for Chinese messages, with its unit: 10个问题, 29项整改措施, 13人, 95%; money as 392万元 "
           "(万元 from 10,000 元 on, else 元)."),
        _f("claimed_text_en", "str",
           "claimed for English messages (ASCII): 10 findings, 29 measures, 13 people, 95%, 3,920,000 yuan."),
        _f("actual_text", "str", "actual for Chinese messages, like claimed_text; absent when not checkable."),
        _f("actual_text_en", "str", "actual for English messages, like claimed_text_en; absent when not checkable."),
        _f("delta_text", "str",
           "delta for Chinese messages, never negative: 多1个, 少2项 (claimed more/fewer than actual), "
           "相差3万元 (money), 相差5个百分点 (rates); absent when not checkable."),
        _f("delta_text_en", "str",
           "delta for English messages: 1 more, 2 fewer, a difference of 30,000 yuan; absent when not checkable."),
        _f("part_count", "int", "Number of parts of a sum or sanction breakdown."),
        _f("decimals", "int", "Printed decimals of a rate (92.94% → 2)."),
        _f("numerator", "float", "Numerator of a rate; absent when not printed."),
        _f("denominator", "float", "Denominator of a rate; absent when not printed."),
        _f("rate_half_up_ok", "bool",
           "The printed rate equals numerator/denominator×100 rounded half-up to the printed decimals."),
        _f("rate_truncated_ok", "bool",
           "The printed rate equals numerator/denominator×100 truncated to the printed decimals."),
    ],
    "contact": [
        *_COMMON,
        _f("kind", "str", "phone, email, postal, postcode or website."),
        _f("kind_text", "str", "The kind in Chinese for messages: 联系电话, 电子邮箱, 邮政信箱, 邮政编码, 网址."),
        _f("value", "str", "The contact as printed."),
        _f("valid", "bool",
           "Well formed: phone a landline (with area code, or a 7–8 digit local number), a mobile or 12xxx; "
           "email RFC-like; "
           "postcode 6 digits; postal and website non-empty."),
        _f("is_personal_mobile", "bool", "A phone contact that is an 11-digit mobile number."),
        _f("has_area_code", "bool",
           "For phones: a landline with its area code, or a mobile or 12xxx service number (needs none)."),
    ],
}

FACT_FIELDS: Final[dict[str, dict[str, str]]] = {
    subject: {spec.name: spec.type for spec in specs} for subject, specs in _CATALOG.items()
}

FIELD_DOCS: Final[dict[str, dict[str, str]]] = {
    subject: {spec.name: spec.doc for spec in specs} for subject, specs in _CATALOG.items()
}


def field_specs(subject: str) -> list[FieldSpec]:
    """The fields of one subject, in catalog order."""
    return list(_CATALOG[subject])
