"""Text → Notice: chrome, footer, header, heading tree, then sections, findings and blocks.

``segment`` also returns what each character of the text was classified as, for
``coverage``. Values inside findings (dates, money, sanctions, claims) come from the
extractors through ``enrich``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from engine.model import (
    Block,
    BlockKind,
    DateRole,
    Finding,
    Measure,
    MeasureMarker,
    MoneyAction,
    Notice,
    ParseWarning,
    Section,
    SourceInfo,
    Status,
    StatusKind,
    Text,
)
from engine.parsing import enrich
from engine.parsing.blocks import find_measures, read_blocks, status_at
from engine.parsing.boilerplate import Ignored, strip_chrome
from engine.parsing.extract.base import bracket_open
from engine.parsing.footer import Footer, read_footer
from engine.parsing.header import Header, issuer_from_text, read_header
from engine.parsing.headings import SUB_POINT_FIRST_CHARS, chinese_value, match_marker
from engine.parsing.ledger import Cell, Row, split_ledgers
from engine.parsing.lines import Paragraph, SpanMaker, split_paragraphs, trim
from engine.parsing.statuses import (
    DASHES,
    bracketed_status,
    closing_status,
    dashed_status,
    make_status,
    run_in_status,
)
from engine.parsing.structure import (
    BLOCK_LABEL,
    BLOCK_LABELS,
    PROBLEM_LABEL,
    PROBLEM_LEAD,
    PROBLEM_LEAD_WORDS,
    STATUS_LABELS,
    SUB_POINT_STYLES,
    Node,
    block_label,
    build_tree,
    is_problem_heading,
)
from engine.vocabulary import vocabulary

PLAN_HEADING = regex.compile(r"下一步|今后工作|工作打算|工作计划|努力方向|巩固整改成果|深化整改|巩固提升")
PROBLEM_WORDS = regex.compile(
    r"问题|不到位|不足|不够|不强|不实|不严|不力|不高|不深|滞后|缺失|差距|短板|薄弱|偏差|不规范"
)
# A block label run into the finding's first paragraph after a sentence (``1.…不深入。整改情况:已完成。…``):
# the problem ends there and the rest of the paragraph is read as blocks, as if each label began a line. A
# deadline (``13.债务风险化解压力大。整改时限:2022年12月底前。``) is rectification too, not the problem.
RUN_IN_LABELS = (*BLOCK_LABELS, *STATUS_LABELS, "整改时限", "完成时限", "整改期限")
# Every run-in label holds one of these words: a paragraph with none of them needs no scan for labels
RUN_IN_LABEL_WORDS = ("整改", "情况", "状态", "时限", "期限", "进展", "措施")
_RUN_IN_LABELS = "|".join(RUN_IN_LABELS)
# …also in brackets, then after a sentence or right after the problem (1.…不深入【整改情况】已完成。)
RUN_IN_LABEL = regex.compile(
    rf"(?:[。;；!！?？][ \t\u3000]*|(?=【))"
    rf"(?P<label>【(?:{_RUN_IN_LABELS})】[:：]?|(?:{_RUN_IN_LABELS})[ \t\u3000]*[:：])"
)
SENTENCE_MARK = regex.compile(r"[。;；]")
# A numbered finding that opens by naming its problem (``1.针对…的问题。制定…``, ``2.针对…问题,开展…``), the way
# 巡视整改进展 notices list them: the problem ends there and the rest of the paragraph is what was done.
PROBLEM_LEAD_RUN_IN = regex.compile(rf"[ \t\u3000]*针对{PROBLEM_LEAD_WORDS}[。,，:：]")
GROUP_COUNT = regex.compile(r"(?:\d+|[一二三四五六七八九十两]+)个(?:问题|方面)$")
# …or the status phrase right before 的问题 (已完成整改的问题, 正在整改的问题(3个)): also a group of that status
STATUS_GROUP = regex.compile(r"的(?:问题|事项)(?:\s*[(（]共?(?:\d+|[一二三四五六七八九十两]+)(?:个|项)[)）])?$")
NOT_BEFORE_STATUS = regex.compile(r"(?:未|没有|不)$")
ISSUER_IN_CLOSING = regex.compile(r"\p{Han}{2,8}?(?:省委|市委|县委|区委|州委|党委|党组)(?=将)")


@dataclass
class Segmented:
    """A parsed notice and the classification of the text's ranges."""

    notice: Notice
    text: str
    classified: list[tuple[int, int, str]] = field(default_factory=list)  # start, end, what
    ignored: list[Ignored] = field(default_factory=list)


@dataclass
class _Context:
    text: str
    spans: SpanMaker
    date_context: object | None
    classified: list[tuple[int, int, str]]


def segment(text: str, spans: SpanMaker, *, path: str | None = None) -> Segmented:
    """Parse ``text`` into a Notice, recording what every range of the text is."""
    paragraphs = split_paragraphs(text)
    content = strip_chrome(paragraphs)
    footer = read_footer(content.paragraphs, spans)
    candidates = [p for p in content.paragraphs if p.index not in footer.used]
    header = read_header(candidates, spans, content.paragraphs)
    body = [p for p in candidates if p.index not in header.used]
    ignored = list(content.ignored)
    classified: list[tuple[int, int, str]] = []
    for paragraph in candidates:
        if paragraph.index in header.used:
            classified.append((paragraph.start, paragraph.end, "header"))
    if content.fragment:
        while body and match_marker(body[0].text) is None:
            ignored.append(Ignored(body[0].start, body[0].end, "fragment tail"))
            body.pop(0)
    closing = {p.index for p in footer.closing + footer.record}
    for paragraph in footer.closing:
        ignored.append(Ignored(paragraph.start, paragraph.end, "closing remarks"))
    for paragraph in footer.record:
        ignored.append(Ignored(paragraph.start, paragraph.end, "document record"))
    for paragraph in content.paragraphs:
        if paragraph.index in footer.used and paragraph.index not in closing:
            classified.append((paragraph.start, paragraph.end, "footer"))

    published = header.published or footer.signature_date
    context = _Context(text, spans, enrich.date_context(published.start if published else None,
                                                        _inspection_year(header)), classified)
    body, ledgers = split_ledgers(text, body)
    tree = build_tree(body, spans, fragment=content.fragment)
    sections: list[Section] = []
    findings: list[Finding] = []
    for child in tree.root.children:
        if child.is_finding or _run_in_leaf(child, context):
            findings.append(_finding(child, context))
        else:
            sections.extend(_sections(child, context))
    for ledger in ledgers:
        rows = [_ledger_finding(row, context) for row in ledger.rows]
        classified.extend((line.start, line.end, "section") for line in (ledger.header, *ledger.subheaders))
        # a ledger in an attachment lists the notice's findings, else those of the section above it
        in_attachment = footer.attachment is not None and ledger.start > footer.attachment
        owner = None if in_attachment else _section_before(sections, spans.span(ledger.start, ledger.start).start)
        (owner.findings if owner is not None else findings).extend(rows)
    warnings = list(tree.warnings)
    for paragraph in tree.root.body:
        classified.append((paragraph.start, paragraph.end, "unattached"))
        warnings.append(ParseWarning(code="text-outside-structure", message="a paragraph before the first heading "
                                     "is neither header nor preamble", span=spans.span(paragraph.start, paragraph.end)))
    notice = Notice(
        title=header.title, issuer=_issuer(header, footer, spans), addressee=header.addressee, published=published,
        fragment=content.fragment,
        source=SourceInfo(path=path, site=header.site, index_number=header.index_number,
                          document_number=header.document_number),
        inspection=header.inspection, sections=sections, findings=findings,
        signature=footer.signature, signature_date=footer.signature_date,
        warnings=warnings,
    )
    for paragraph in header.preamble:
        notice.claims.extend(enrich.claims(text, paragraph.start, paragraph.end, spans))
    if footer.contacts is not None:
        notice.contacts = enrich.contacts(text, footer.contacts.start, footer.contacts.end, spans)
    if not notice.sections and not notice.findings:
        notice.warnings.append(ParseWarning(code="no-structure", message="no headings or findings were found"))
    return Segmented(notice, text, classified, ignored)


def _ledger_finding(row: Row, context: _Context) -> Finding:
    """A finding from a row of a ledger table (and the rows that go on with it under merged cells): its
    problem cell, blocks from the measures, situation and results cells, the status opening the status
    or situation cell (the least done one's, over several rows), and the deadline cells' dates as targets."""
    text, spans = context.text, context.spans
    (problem_cell, *_) = row.of("problem")
    problem = Text(text=text[problem_cell.start:problem_cell.end],
                   span=spans.span(problem_cell.start, problem_cell.end))
    lines = [row, *row.continued]
    statuses: list[Status] = []
    blocks: list[Block] = []
    ranges: list[tuple[int, int]] = []
    for line in lines:
        status = _ledger_line(line, blocks, ranges, context)
        if status is not None:
            statuses.append(status)
    number = next((text[cell.start:cell.end] for cell in row.of("number")), None)
    value = None if number is None else number.strip("()（）.．、")  # 1, 1., (一), 一、
    ordinal = None if not value else int(value) if value.isdecimal() else chinese_value(value)
    start, end = row.paragraph.start, lines[-1].paragraph.end
    finding = Finding(number=number, ordinal=ordinal, problem=problem, status=_least_done(statuses), blocks=blocks)
    finding.span = spans.span(start, end)
    context.classified.extend((line.paragraph.start, line.paragraph.end, "finding") for line in lines)
    _enrich_finding(finding, start, end, [(problem_cell.start, problem_cell.end), *ranges], context)
    # the deadline cells as spans, as the dates' spans count offsets
    deadlines = [spans.span(cell.start, cell.end) for line in lines for cell in line.of("deadline")]
    if deadlines:  # the 完成时限 column's dates are deadlines, whatever the words around them
        finding.dates = [date.model_copy(update={"role": DateRole.target})
                         if date.span is not None and date.role is not DateRole.since
                         and any(deadline.start <= date.span.start < deadline.end for deadline in deadlines)
                         else date for date in finding.dates]
    return finding


def _ledger_line(line: Row, blocks: list[Block], ranges: list[tuple[int, int]], context: _Context) -> Status | None:
    """One line of a ledger finding: its blocks and their ranges are added to ``blocks`` and ``ranges``;
    returns the status it states, if any."""
    text, spans = context.text, context.spans
    status: Status | None = None
    for cell in line.of("status"):
        status = status or status_at(text, cell.start, cell.end, spans)[0] or _bare_answer(cell, context)
    first = len(ranges)
    for cell in line.cells:
        if cell.start >= cell.end or cell.role not in ("measures", "situation", "results"):
            continue
        start = cell.start
        if cell.role != "measures" and status is None:
            status, start = status_at(text, cell.start, cell.end, spans)
        # in a cell, each sentence or clause may open with 1. (1.修订制度;2.开展培训): as paragraph starts
        opens = {cell.start} | {at + 1 for at in range(cell.start, cell.end) if text[at] in "。;；"}
        lead, measures = find_measures(text, start, cell.end, opens, spans)
        kind = BlockKind.measures if cell.role == "measures" else BlockKind(cell.role)
        blocks.append(Block(kind=kind, label=cell.label, text=lead, measures=measures,
                            span=spans.span(cell.start, cell.end)))
        ranges.append((cell.start, cell.end))
    if status is None and len(ranges) > first:  # a cell that ends with 目前,该问题已整改到位。
        status = closing_status(text, spans, ranges[first][0], ranges[-1][1])
    for cell in line.of("situation"):  # 完成 alone under 整改进度 / 完成情况
        status = status or _bare_answer(cell, context)
    return status


def _bare_answer(cell: Cell, context: _Context) -> Status | None:
    """A ledger cell that is only an answer: 是/否 under a 是否完成 (是否办结, 是否整改到位) column, closed or
    still open; 完成 alone (under 整改状态, 整改进度, 完成情况), closed."""
    answer = context.text[cell.start:cell.end].rstrip("。.")
    if answer in ("是", "否") and "是否" in cell.label:
        kind = StatusKind.closed if answer == "是" else StatusKind.ongoing
    elif answer == "完成":
        kind = StatusKind.closed
    else:
        return None
    return Status(kind=kind, phrase=answer, span=context.spans.span(cell.start, cell.start + len(answer)))


def _section_before(sections: list[Section], at: int) -> Section | None:
    """The section, at any depth, headed last before original offset ``at`` (None if none is)."""
    before: list[tuple[int, Section]] = []
    pending = list(sections)
    while pending:
        section = pending.pop()
        if section.span is not None and section.span.start < at:
            before.append((section.span.start, section))
        pending.extend(section.sections)
    return max(before, key=lambda item: item[0], default=(0, None))[1]


def _inspection_year(header: Header) -> int | None:
    """The year of the inspection (feedback, else end of visit): context for year-less dates."""
    if header.inspection is None:
        return None
    for mention in (header.inspection.feedback_date, header.inspection.period_end):
        if mention is not None and mention.start is not None:
            return mention.start.year
    return None


def _issuer(header: Header, footer: Footer, spans: SpanMaker) -> Text | None:
    """The issuing body: from the title, else the signature, the contacts line or the closing remarks."""
    if header.issuer is not None:
        return header.issuer
    if footer.signature is not None:
        return footer.signature
    if footer.contacts is not None:
        found_in_contacts = issuer_from_text(footer.contacts, spans)
        if found_in_contacts is not None:
            return found_in_contacts
    for paragraph in footer.closing:
        found = ISSUER_IN_CLOSING.search(paragraph.text)
        if found is not None:
            return Text(text=found.group(0), span=spans.span(paragraph.start + found.start(),
                                                             paragraph.start + found.end()))
    return None


def _heading(node: Node, context: _Context) -> tuple[Text, tuple[int, int] | None]:
    """Heading text (up to the first 。 of a run-in heading) and the run-in rest, if any."""
    assert node.paragraph is not None and node.marker is not None
    paragraph = node.paragraph
    start = node.marker.end
    stop = len(paragraph.text)
    full_stop = paragraph.text.find("。", start)
    rest: tuple[int, int] | None = None
    if 0 <= full_stop < stop - 1:
        rest = trim(context.text, paragraph.start + full_stop + 1, paragraph.end)
        stop = full_stop + 1
    begin, end = paragraph.start + start, paragraph.start + stop
    return Text(text=context.text[begin:end], span=context.spans.span(begin, end)), rest


def _sections(node: Node, context: _Context) -> list[Section]:
    """A heading node as a Section (with its subsections and findings)."""
    assert node.paragraph is not None and node.marker is not None
    heading, rest = _heading(node, context)
    section = Section(number=node.marker.text, ordinal=node.ordinal, heading=heading,
                      status=_group_status(heading, node.paragraph.start + node.marker.end, context))
    parts = _body_parts(node, rest)
    end = parts[-1][1] if parts else node.paragraph.end
    context.classified.append((node.paragraph.start, end, "section"))
    own_end = end  # the section's own text ends here (findings made from its body follow)
    if not node.children and parts and (is_problem_heading(heading.text)
                                        or any(PROBLEM_LABEL.match(context.text, lo, hi) for lo, hi in parts)):
        own_end = _problem_findings(section, heading, parts, context)
    elif parts:
        start = parts[0][0]
        section.text, section.measures = find_measures(context.text, start, end, {p[0] for p in parts},
                                                       context.spans)
    section.claims = enrich.claims(context.text, node.paragraph.start + node.marker.end, own_end, context.spans)
    plan = PLAN_HEADING.search(heading.text) is not None
    for child in node.children:
        if plan and not child.children and child.marker is not None and child.paragraph is not None:
            section.measures.append(_plan_item(child, context))
        elif child.is_finding or _problem_leaf(child, context) or _run_in_leaf(child, context):
            section.findings.append(_finding(child, context))
        else:
            section.sections.extend(_sections(child, context))
    last = _last_offset(node)
    section.span = context.spans.span(node.paragraph.start, last)
    return [section]


def _run_in_leaf(node: Node, context: _Context) -> bool:
    """A leaf heading whose own paragraph goes on, after its problem, with a block label
    (``(一)理论学习不深入。整改情况:已完成。…``) or a status sentence (``(1)低保动态管理不到位。已整改到位。…``):
    a finding, as one with the label on the next line (or numbered 1.) is."""
    if node.children or node.paragraph is None or node.marker is None:
        return False
    paragraph, start = node.paragraph, node.paragraph.start + node.marker.end
    if RUN_IN_LABEL.search(context.text, start, paragraph.end) is not None:
        return True
    # (一)…。阶段性完成。…, (1)…。已整改到位。…: the problem's sentence, then a status sentence. Only the second
    # sentence is looked at (a status later in a long heading paragraph does not make it a finding).
    first = SENTENCE_MARK.search(context.text, start, paragraph.end)
    if first is None:
        return False
    second = SENTENCE_MARK.search(context.text, first.end(), paragraph.end)
    stop = second.end() if second is not None else paragraph.end
    return run_in_status().search(context.text, first.start(), stop) is not None


def _problem_leaf(node: Node, context: _Context) -> bool:
    """A numbered subsection with text under it whose heading states a problem: a finding."""
    if node.children or not node.body or node.paragraph is None or node.marker is None:
        return False
    heading = node.paragraph.text[node.marker.end:]
    first = heading.split("。", 1)[0]
    return PROBLEM_WORDS.search(first) is not None


def _plan_item(node: Node, context: _Context) -> Measure:
    """An item numbered under a plans heading (下一步工作打算): a measure of the section."""
    assert node.marker is not None and node.paragraph is not None
    start = node.paragraph.start + node.marker.end
    stop = node.body[-1].end if node.body else node.paragraph.end
    context.classified.append((node.paragraph.start, stop, "section"))
    return Measure(marker=MeasureMarker(text=node.marker.text, ordinal=node.ordinal), text=context.text[start:stop],
                   span=context.spans.span(node.paragraph.start, stop))


def _body_parts(node: Node, rest: tuple[int, int] | None) -> list[tuple[int, int]]:
    parts = [rest] if rest is not None and rest[0] < rest[1] else []
    parts.extend((p.start, p.end) for p in node.body)
    return parts


def _last_offset(node: Node) -> int:
    if node.children:
        return _last_offset(node.children[-1])
    if node.body:
        return node.body[-1].end
    assert node.paragraph is not None
    return node.paragraph.end


def _problem_findings(section: Section, heading: Text, parts: list[tuple[int, int]], context: _Context) -> int:
    """Unnumbered findings of a section whose heading states the problem (qinxian).

    Each ``围绕…问题,`` opening a part starts a finding whose problem is that phrase; without
    such openings, the heading itself is the problem of one finding. Returns where the
    section's own text ends.
    """
    text = context.text
    found: list[tuple[int, int, int]] = []  # per finding: where its part starts, and its problem's range
    for start, end in parts:
        lead = PROBLEM_LEAD.match(text, start, end)
        if lead is not None:
            found.append((start, lead.start(), lead.end()))
            continue
        label = PROBLEM_LABEL.match(text, start, end)  # 【问题】…: the rest of the paragraph is the problem
        if label is not None and label.end() < end:
            found.append((start, *trim(text, label.end(), end)))
    if not found:
        section.findings.append(_unnumbered(heading, parts, context))
        return parts[0][0]
    first = found[0][0]
    before = [p for p in parts if p[1] <= first]
    if before:
        section.text = text[before[0][0]:before[-1][1]]
    for index, (start, lo, hi) in enumerate(found):
        stop = found[index + 1][0] if index + 1 < len(found) else parts[-1][1]
        problem = Text(text=text[lo:hi], span=context.spans.span(lo, hi))
        own = [(max(s, hi), e) for s, e in parts if s >= start and e <= stop]
        section.findings.append(_unnumbered(problem, own, context))
    return first


def _unnumbered(problem: Text, parts: list[tuple[int, int]], context: _Context) -> Finding:
    paragraphs = [Paragraph(-1, s, e, context.text[s:e]) for s, e in parts if s < e]
    result = read_blocks(context.text, paragraphs, context.spans)
    begin = parts[0][0] if parts else 0
    status = result.status or closing_status(context.text, context.spans, begin, result.end)
    finding = Finding(problem=problem, status=status, blocks=result.blocks)
    finding.span = context.spans.span(begin, max(begin, result.end))
    _enrich_finding(finding, begin, result.end, [(begin, begin), *result.ranges], context)
    return finding


def _finding(node: Node, context: _Context) -> Finding:
    assert node.paragraph is not None and node.marker is not None
    paragraph = node.paragraph
    body = node.body
    sub_points = _problem_sub_points(body)
    last = body[sub_points - 1].end if sub_points else paragraph.end
    run_in = [] if sub_points else _run_in_blocks(context.text, paragraph.start + node.marker.end, paragraph.end)
    if run_in:
        last = run_in[0].start
    begin, end = trim(context.text, paragraph.start + node.marker.end, last)
    if run_in:  # the dash before a run-in status (…不到位——已完成) is not the problem's
        cut = end
        while cut > begin and context.text[cut - 1] in DASHES:
            cut -= 1
        if cut < end:
            begin, end = trim(context.text, begin, cut)
    label = PROBLEM_LABEL.match(context.text, begin, end)  # 1.问题描述:… — the label is not the problem
    if label is not None and label.end() < end:
        begin = label.end()
    problem = Text(text=context.text[begin:end], span=context.spans.span(begin, end))
    result = read_blocks(context.text, run_in + body[sub_points:], context.spans)
    stop = node.body[-1].end if node.body else paragraph.end
    # after the problem, or, when the paragraph runs on with no label (1.问题。做了什么。目前已整改完成。),
    # after its first sentence
    full_stop = context.text.find("。", begin, end)
    after = end if result.blocks or full_stop < 0 else full_stop + 1
    status = (result.status or closing_status(context.text, context.spans, after, stop)
              or _sub_points_status(body[sub_points:], context))
    finding = Finding(number=node.marker.text, ordinal=node.ordinal, problem=problem, status=status,
                      blocks=result.blocks)
    finding.span = context.spans.span(paragraph.start, stop)
    context.classified.append((paragraph.start, stop, "finding"))
    _enrich_finding(finding, begin, stop, [(begin, end), *result.ranges], context)
    return finding


# For a finding whose sub-points each state a status, the statuses from the least done: it is as done as
# the least done of them.
_LEAST_DONE_FIRST = (StatusKind.ongoing, StatusKind.long_term, StatusKind.mostly_closed, StatusKind.closed)


def _sub_points_status(body: list[Paragraph], context: _Context) -> Status | None:
    """The status of a finding whose sub-points each state their own (``1.主题。`` then ``(1)问题。整改情况:
    已完成。…`` and ``(2)问题。整改情况:正在整改。…``): the least done one's. None unless every sub-point
    states one (and there are two or more)."""
    statuses: list[Status] = []
    for paragraph in body:
        # no (1) or ① opens most paragraphs: they are turned down before trying every marker
        marker = match_marker(paragraph.text) if paragraph.text[:1] in SUB_POINT_FIRST_CHARS else None
        if marker is None or marker.style not in SUB_POINT_STYLES:
            continue  # a paragraph of the sub-point above
        run_in = _run_in_blocks(context.text, paragraph.start + marker.end, paragraph.end)
        status = read_blocks(context.text, run_in, context.spans).status if run_in else None
        if status is None:
            return None
        statuses.append(status)
    return _least_done(statuses) if len(statuses) >= 2 else None


def _least_done(statuses: list[Status]) -> Status | None:
    """The least done of some statuses (the first of the least done kind), None for none."""
    if not statuses:
        return None
    return min(statuses, key=lambda status: _LEAST_DONE_FIRST.index(status.kind)
               if status.kind in _LEAST_DONE_FIRST else len(_LEAST_DONE_FIRST))


def _run_in_blocks(text: str, start: int, end: int) -> list[Paragraph]:
    """The blocks run into a finding's first paragraph (``RUN_IN_LABEL``, or a status sentence), each as a
    paragraph of its own."""
    if not any(text.find(word, start, end) >= 0 for word in RUN_IN_LABEL_WORDS):
        labels = []  # most first paragraphs hold none of the words
    else:
        # not inside brackets: (责任单位:办公室;完成时限:2024年3月) annotates the problem line
        labels = [m.start("label") for m in RUN_IN_LABEL.finditer(text, start, end)
                  if not bracket_open(text, start, m.start())]
    stop = labels[0] if labels else end
    status = run_in_status().search(text, start, stop)
    # a bracketed status only in the first sentence: later ones mark parts of what was done (…5项(已完成))
    sentence_end = SENTENCE_MARK.search(text, start, stop)
    first_sentence = sentence_end.start() if sentence_end else stop
    bracketed = bracketed_status().search(text, start, first_sentence)
    if bracketed is not None:
        status = bracketed
    elif any(text.find(dash, start, first_sentence) >= 0 for dash in DASHES):
        status = dashed_status().search(text, start, first_sentence) or status  # …落实不到位——已完成
    cut = (status.start("lead") if status.groupdict().get("lead") else status.start("label")) if status else None
    cuts = ([cut] if cut is not None else []) + labels
    if not cuts:
        lead = PROBLEM_LEAD_RUN_IN.match(text, start, end)
        if lead is not None and trim(text, lead.end(), end)[0] < end:
            cuts = [lead.end()]
    pieces = []
    for index, cut in enumerate(cuts):
        lo, hi = trim(text, cut, cuts[index + 1] if index + 1 < len(cuts) else end)
        pieces.append(Paragraph(-1, lo, hi, text[lo:hi]))
    return pieces


def _problem_sub_points(body: list[Paragraph]) -> int:
    """How many leading body paragraphs are sub-points of the problem (``(1)…``, ``①…`` before a label)."""
    if not any(BLOCK_LABEL.match(p.text) for p in body):
        return 0
    count = 0
    for paragraph in body:
        marker = match_marker(paragraph.text)
        if marker is None or marker.style not in SUB_POINT_STYLES or block_label(paragraph.text):
            break  # not a sub-point, or a numbered block label ((1)整改措施:…)
        count += 1
    return count


def _enrich_finding(finding: Finding, start: int, end: int, parts: list[tuple[int, int]], context: _Context) -> None:
    """Values of a finding. ``parts`` are the problem range, then each block's range.

    Money and sanctions are read per part: a 整改措施 block states plans, so its amounts
    get action ``other``, and its sanctions and amount-less recoveries are not recorded; the
    problem statement records no amount-less recovery either (``罚没款收缴管理不严格`` is the problem).
    """
    text, spans = context.text, context.spans
    problem_start, problem_end = parts[0]
    finding.dates = enrich.dates(text, start, end, spans, context.date_context, problem=(problem_start, problem_end))
    finding.claims = enrich.claims(text, start, end, spans, rectification=(problem_end, end))
    kinds = [None, *(block.kind for block in finding.blocks)]
    for kind, (part_start, part_end) in zip(kinds, parts, strict=True):
        money = enrich.money(text, part_start, part_end, spans)
        sanctions = enrich.sanctions(text, part_start, part_end, spans)
        if kind == BlockKind.measures:
            money = [m.model_copy(update={"action": MoneyAction.other, "destination": None})
                     for m in money if m.amount is not None]
            sanctions = []
        elif kind is None:  # the problem statement names what went wrong (罚没款收缴管理不严格), not a recovery done
            money = [m for m in money if m.amount is not None]
        finding.money.extend(money)
        finding.sanctions.extend(sanctions)


def _group_status(heading: Text, base: int, context: _Context) -> Status | None:
    """A status printed on a group heading: ``已基本整改到位的7个问题``, ``正在整改的问题(3个)``."""
    vocab = vocabulary("status")
    found = vocab.find(heading.text)
    if not found:
        return None
    start, end, phrase = found[-1]  # the one before 的问题 (已取得阶段性成效,列入长期整改的2个问题)
    if not GROUP_COUNT.search(heading.text) and not (STATUS_GROUP.match(heading.text, end)
                                                     and not NOT_BEFORE_STATUS.search(heading.text, 0, start)):
        return None
    return make_status(phrase, context.spans.span(base + start, base + end))
