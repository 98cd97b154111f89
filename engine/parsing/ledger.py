"""Findings listed as the rows of a ledger table (整改台账): a header row naming the columns
(序号, 反馈问题, 整改措施, 整改情况, 完成时限 …), then one row per finding.

The readers give a table row whose cells hold text as one line with its cells apart by tabs
(.docx); text copied out of a table reads the same way. Tables typed as text set their cells apart
with bars instead (``序号｜反馈问题｜整改措施｜…``, also ``|`` and Markdown's ``| … |`` with its ``|---|``
line). This stage finds such tables among the body paragraphs and splits their rows into cells
with a role each; ``assemble`` makes the findings. A header needs a problem column and one of
measures, situation, status or deadline; its data rows are the lines that follow it with the
header's separator.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import regex

from engine.parsing.lines import Paragraph, trim

Role = Literal["number", "problem", "measures", "situation", "results", "status", "deadline", "other"]

# Tried in this order on a header cell (整改措施 before 措施, 完成时限 before 完成情况 …)
_ROLES: list[tuple[Role, regex.Pattern[str]]] = [
    ("deadline", regex.compile(r"时限|期限|完成时间|截止时间|完成日期|时间节点")),
    ("status", regex.compile(r"状态|是否")),  # 整改状态, 是否完成, 是否整改到位
    ("measures", regex.compile(r"措施|举措")),
    ("results", regex.compile(r"成效|结果")),
    ("situation", regex.compile(r"整改情况|完成情况|进展|落实情况|进度|办理情况")),
    ("number", regex.compile(r"^(?:序号|编号|序)$")),
    ("problem", regex.compile(r"问题|意见|具体表现")),
]
# …but not a count or a category of problems (问题数, 问题类别): a table of figures is no ledger
_NOT_PROBLEM = regex.compile(r"数|类|率|合计|总计")
_NEEDED: frozenset[Role] = frozenset({"measures", "situation", "results", "status", "deadline"})
MAX_HEADER_CELL = 12  # a header cell is a short name


@dataclass(frozen=True)
class Cell:
    role: Role
    label: str  # the header cell's text
    start: int  # document offsets of the cell's text, trimmed
    end: int


@dataclass
class Row:
    paragraph: Paragraph
    cells: list[Cell]
    # rows after it that go on with its problem (its 序号 and 问题 cells merged down over them): more
    # measures, situations or deadlines of the same finding
    continued: list[Row] = field(default_factory=list)

    def of(self, role: Role) -> list[Cell]:
        return [cell for cell in self.cells if cell.role == role and cell.start < cell.end]


@dataclass
class Ledger:
    header: Paragraph
    rows: list[Row] = field(default_factory=list)
    subheaders: list[Paragraph] = field(default_factory=list)  # a header's second row (完成情况 | 完成时限)

    @property
    def start(self) -> int:
        return self.header.start


SEPARATORS = ("\t", "｜", "|")  # what sets a row's cells apart, tried in this order on a header line
_RULE_CELL = regex.compile(r":?-{3,}:?")  # a cell of Markdown's line under the header (|---|:---:|)


def split_ledgers(text: str, paragraphs: list[Paragraph]) -> tuple[list[Paragraph], list[Ledger]]:
    """The paragraphs that are not part of a ledger table, and the ledger tables found."""
    if not any(separator in text for separator in SEPARATORS):
        return paragraphs, []  # no table rows (most notices): nothing to look at
    rest: list[Paragraph] = []
    ledgers: list[Ledger] = []
    current: Ledger | None = None
    columns: list[tuple[Role, str]] = []
    separator = "\t"
    for paragraph in paragraphs:
        if current is not None and separator in paragraph.text:
            if not current.rows and _is_rule_line(text, paragraph, separator):
                current.subheaders.append(paragraph)  # Markdown's |---|---| under the header
                continue
            row = _row(text, paragraph, columns, separator)
            if row.of("problem"):
                current.rows.append(row)
                continue
            if current.rows and not row.of("number") and any(row.of(role) for role in _NEEDED):
                current.rows[-1].continued.append(row)  # under a problem cell merged down
                continue
            if not current.rows and _merge_subheader(text, paragraph, columns, separator):
                current.subheaders.append(paragraph)
                continue
        current = None
        found = next((mark for mark in SEPARATORS if mark in paragraph.text), None)
        if found is not None and (header := _header(text, paragraph, found)) is not None:
            current, columns, separator = Ledger(paragraph), header, found
            ledgers.append(current)
            continue
        rest.append(paragraph)
    return rest, [ledger for ledger in ledgers if ledger.rows]


def _cells(text: str, paragraph: Paragraph, separator: str) -> list[tuple[int, int]]:
    """The cells of a line as document offsets, trimmed (leading empty cells kept); Markdown's outer bars
    (``| a | b |``) open and close the row and set no empty cell apart."""
    lo = text.rfind("\n", 0, paragraph.start) + 1
    hi = text.find("\n", paragraph.end)
    hi = len(text) if hi < 0 else hi
    if separator != "\t":
        lo, hi = trim(text, lo, hi)
        if text.startswith(separator, lo) and text.startswith(separator, hi - 1) and hi - lo > 1:
            lo, hi = lo + 1, hi - 1
    cells = []
    start = lo
    while True:
        mark = text.find(separator, start, hi)
        stop = hi if mark < 0 else mark
        cells.append(trim(text, start, stop))
        if mark < 0:
            return cells
        start = mark + 1


def _is_rule_line(text: str, paragraph: Paragraph, separator: str) -> bool:
    """Whether the line is Markdown's rule under a header (``|---|---|``)."""
    return separator != "\t" and all(_RULE_CELL.fullmatch(text[start:end])
                                     for start, end in _cells(text, paragraph, separator))


def _header(text: str, paragraph: Paragraph, separator: str) -> list[tuple[Role, str]] | None:
    """The role and name of each column, if the line is a ledger's header row."""
    columns: list[tuple[Role, str]] = []
    for start, end in _cells(text, paragraph, separator):
        name = text[start:end]
        if len(name) > MAX_HEADER_CELL:
            return None
        role = _role_of(name)
        if role == "problem" and (_NOT_PROBLEM.search(name) or any(seen == "problem" for seen, _ in columns)):
            role = "other"  # one problem column (the first), naming the problems themselves
        columns.append((role, name))
    roles = {role for role, _ in columns}
    return columns if "problem" in roles and roles & _NEEDED else None


def _role_of(name: str) -> Role:
    """The role of a column by its header's name (``other`` if none)."""
    return next((role for role, pattern in _ROLES if name and pattern.search(name)), "other")


def _merge_subheader(text: str, paragraph: Paragraph, columns: list[tuple[Role, str]], separator: str) -> bool:
    """A header's second row (under 整改情况: 完成情况 | 完成时限): its names give their columns' roles.

    The line must be names only, under columns the first row leaves open or names more broadly.
    """
    names = [text[start:end] for start, end in _cells(text, paragraph, separator)]
    if len(names) > len(columns) or any(len(name) > MAX_HEADER_CELL for name in names):
        return False
    roles = [_role_of(name) for name in names]
    if not any(name and role != "other" for name, role in zip(names, roles, strict=True)):
        return False
    for index, (name, role) in enumerate(zip(names, roles, strict=True)):
        if name and role != "other" and role != "problem":
            columns[index] = (role, name)
    return True


def _row(text: str, paragraph: Paragraph, columns: list[tuple[Role, str]], separator: str) -> Row:
    cells = [Cell(role, name, start, end)
             for (role, name), (start, end) in zip(columns, _cells(text, paragraph, separator), strict=False)]
    return Row(paragraph, cells)
