"""The heading tree of a notice body, and which nodes are findings.

Levels are decided by the document, not by the marker style: a style seen before (and
still open) closes back to that level; a new style opens a level below. Inside a
finding's rectification block (after its 整改情况 label or its first body paragraph), a
marker of a style that is not open is content (a measure), never a heading. A ``•``
stands for a marker lost in web rendering: its level and value are inferred from the
headings around it. Numbering defects (duplicates, gaps, backward steps) become warnings;
no heading is ever dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from engine.model import ParseWarning
from engine.parsing.headings import SUB_POINT_FIRST_CHARS, Marker, MarkerStyle, match_marker
from engine.parsing.lines import Paragraph, SpanMaker

ARABIC = (MarkerStyle.arabic_dot, MarkerStyle.arabic_dun, MarkerStyle.arabic_half_paren)
WIDE_SKIP = 2  # numbers a three- or four-digit marker may skip and still be a heading
SUB_POINT_STYLES = (MarkerStyle.arabic_paren, MarkerStyle.circled, MarkerStyle.arabic_half_paren)
# The labels of a finding's blocks, longest first where one begins another (整改落实情况, 整改落实)
BLOCK_LABELS = ("整改情况及成效", "整改措施及成效", "整改情况", "整改措施", "整改成效", "整改结果",
                "整改进展情况", "整改进展", "整改落实情况", "整改完成情况", "整改工作情况", "整改落实",
                "落实情况", "进展情况", "推进情况", "目前进展", "办理情况", "处理情况",
                "整改举措", "具体措施", "落实措施", "整改成果", "整改效果")
BLOCK_LABEL = regex.compile(  # 整改情况: …, also in brackets: 【整改情况】…
    r"(?:【\s*)?(?P<label>" + "|".join(BLOCK_LABELS) + r")"
    r"(?:\s*】\s*[:：]?|\s*(?:[:：]|$))"
)
# A block label after a number, then a colon: (1)整改措施:… (2)整改情况:… ①整改成效:… — a block of the finding
# above, never a heading (a numbered label with no colon, 二、整改落实情况, may head a section).
NUMBERED_LABEL = regex.compile(
    r"(?P<label>" + "|".join(BLOCK_LABELS) + r")\s*[:：]"
)
NUMBERED_LABEL_STYLES = frozenset({*SUB_POINT_STYLES, *ARABIC})
# A line that gives only the status (整改状态:已完成), read by ``blocks.read_blocks``
STATUS_LABELS = ("整改状态", "完成情况", "整改进度", "办理状态")
STATUS_LABEL = regex.compile(r"(?:" + "|".join(STATUS_LABELS) + r")\s*[:：]\s*")
# The words of a problem named in a lead (针对…的问题): up to the first 问题, within the sentence
PROBLEM_LEAD_WORDS = r"[^。;；]{2,80}?问题"
PROBLEM_LEAD = regex.compile(rf"(?:围绕|针对){PROBLEM_LEAD_WORDS}(?=[,，:：])")
# An unnumbered problem labelled at the start of its paragraph: 【问题】…, 存在问题:…
PROBLEM_LABEL = regex.compile(
    r"(?:【\s*(?:存在问题|反馈问题|问题描述|问题表现|问题)\s*】\s*[:：]?|(?:存在问题|反馈问题|问题描述|问题表现|问题)\s*[:：])\s*"
)
PROBLEM_HEADING = regex.compile(r"(?:问题|方面|不到位|不足|不够|不强|不实|有差距)[。.]?$")


@dataclass
class Node:
    """A heading (or the root) with the paragraphs and headings under it."""

    marker: Marker | None = None
    paragraph: Paragraph | None = None
    style: MarkerStyle | None = None  # effective style (a bullet takes the style it stands for)
    value: int | None = None  # effective value, used for sequencing
    ordinal: int | None = None  # the value recorded (as printed, or inferred for a bullet)
    children: list[Node] = field(default_factory=list)
    body: list[Paragraph] = field(default_factory=list)

    @property
    def has_label(self) -> bool:
        return any(block_label(p.text) or STATUS_LABEL.match(p.text) for p in self.body)

    @property
    def block_open(self) -> bool:
        """Whether following paragraphs belong to a rectification block of this node."""
        return bool(self.body) and (self.style in ARABIC or self.has_label)

    @property
    def is_finding(self) -> bool:
        """A leaf heading that states a problem: numbered 1./1、 or labelled 问题一:, or followed by a block
        label (and not by problems labelled 【问题】, which make it a group of findings)."""
        if self.children or self.marker is None:
            return False
        if self.style in ARABIC or self.style == MarkerStyle.labelled:
            return True
        return self.has_label and not any(PROBLEM_LABEL.match(p.text) for p in self.body)


@dataclass
class Tree:
    root: Node
    warnings: list[ParseWarning]


def build_tree(paragraphs: list[Paragraph], spans: SpanMaker, *, fragment: bool = False) -> Tree:
    """Build the heading tree of the body paragraphs.

    In a ``fragment`` the first heading may continue a list whose start is missing.
    """
    root = Node()
    stack: list[Node] = [root]
    warnings: list[ParseWarning] = []
    last_global: dict[MarkerStyle, int] = {}
    for position, paragraph in enumerate(paragraphs):
        marker = match_marker(paragraph.text, wide=True)
        if marker is None or (marker.style in NUMBERED_LABEL_STYLES
                              and NUMBERED_LABEL.match(paragraph.text, marker.end)):
            stack[-1].body.append(paragraph)  # text, or a numbered block label: (2)整改情况:…
            continue
        open_styles = [node.style for node in stack[1:]]
        style, value = marker.style, marker.value
        if style == MarkerStyle.bullet:
            style, value = _resolve_bullet(stack, paragraphs[position + 1:])
            warnings.append(ParseWarning(
                code="heading-marker-lost",
                message=f"'•' read as a lost {style.value} heading numbered {value}",
                span=spans.span(paragraph.start, paragraph.start + len(marker.text))))
        elif style not in open_styles and (stack[-1].block_open
                                           or _sub_point(stack[-1], style, paragraphs[position + 1:])):
            stack[-1].body.append(paragraph)  # a list inside a finding (sub-points, measures): content
            continue
        if not _continues(marker, value, _expected(stack, style, last_global)):
            stack[-1].body.append(paragraph)  # "1.9公里…", "2020.全市…": a number, not a heading
            continue
        if style in open_styles:
            del stack[open_styles.index(style) + 1:]
        parent = stack[-1]
        node = Node(marker=marker, paragraph=paragraph, style=style, value=value, ordinal=value)
        if not (fragment and parent is root and not parent.children):
            _check_numbering(parent, node, last_global, warnings, spans)
        parent.children.append(node)
        stack.append(node)
        if node.value is not None:
            last_global[style] = node.value
    return Tree(root, warnings)


def block_label(text: str) -> regex.Match[str] | None:
    """The block label opening a paragraph (``整改情况:``, ``【整改情况】``, or numbered: ``(2)整改情况:``);
    its ``label`` group is the label, and it ends where the block's text begins."""
    found = BLOCK_LABEL.match(text)
    if found is not None or text[:1] not in SUB_POINT_FIRST_CHARS or not _colon_near_start(text):
        return found
    marker = match_marker(text)
    if marker is None or marker.style not in NUMBERED_LABEL_STYLES:
        return None
    return NUMBERED_LABEL.match(text, marker.end)


def _colon_near_start(text: str) -> bool:
    """Whether a colon follows within a marker and the longest label (most numbered paragraphs have none)."""
    return text.find(":", 2, _LABEL_REACH) >= 0 or text.find("：", 2, _LABEL_REACH) >= 0


_LABEL_REACH = 8 + max(map(len, BLOCK_LABELS))  # a marker ((12), 12), ⑫) and blanks, the label, its colon


def _sub_point(node: Node, style: MarkerStyle, following: list[Paragraph]) -> bool:
    """Whether a new-style marker right under a ``1.`` finding opens a list of its sub-points.

    ``1.问题 / (1)… / (2)… / 整改情况`` lists sub-points (the next ``(2)`` comes before any
    label); ``1.组 / (1)问题 / 整改情况 / (2)问题 …`` nests findings (the label comes first).
    """
    if node.style not in ARABIC or style not in SUB_POINT_STYLES:
        return False
    for paragraph in following:
        if BLOCK_LABEL.match(paragraph.text):
            return False
        marker = match_marker(paragraph.text)
        if marker is not None and marker.style == style:
            return True
    return True


def _continues(marker: Marker, value: int | None, expected: int) -> bool:
    """Whether a marker that may be a plain number (``1.9…``, ``2020.…``) is a heading here.

    ``1.9公里`` must be exactly the expected number. A number of three or four digits
    (``100.``, but also ``2020.``, ``1700、``) must continue the sequence: the expected number,
    a repeat of the previous one, or a skip of at most ``WIDE_SKIP`` numbers (those get the
    usual numbering warnings). A restart at 1 never has three digits.
    """
    if marker.digit_follows and value != expected:
        return False
    if marker.wide:
        return value is not None and expected - 1 <= value <= expected + WIDE_SKIP
    return True


def _expected(stack: list[Node], style: MarkerStyle, last_global: dict[MarkerStyle, int]) -> int:
    """The next number of ``style`` at the level where it would land."""
    for node in reversed(stack[1:]):
        if node.style == style:
            return (node.value or 0) + 1
    return last_global.get(style, 0) + 1 if style is not None else 1


def _check_numbering(parent: Node, node: Node, last_global: dict[MarkerStyle, int],
                     warnings: list[ParseWarning], spans: SpanMaker) -> None:
    """Warn about duplicate, missing or backward numbers among siblings of one style."""
    if node.value is None or node.marker is None or node.paragraph is None or node.style is None:
        return
    siblings = [child for child in parent.children if child.style == node.style and child.value is not None]
    marker_start = node.paragraph.start
    marker_end = marker_start + len(node.marker.text)
    printed = node.marker.text

    def warn(code: str, message: str) -> None:  # the span is made only for a warning (most headings have none)
        warnings.append(ParseWarning(code=code, message=message, span=spans.span(marker_start, marker_end)))

    if siblings:
        previous = siblings[-1].value or 0
        if node.value == previous + 1:
            return
        if node.value == previous:
            warn("numbering-duplicate", f"'{printed}' repeats the previous number; read as {previous + 1}")
            node.value = previous + 1
        elif node.value > previous + 1:
            warn("numbering-gap", f"'{printed}' follows {previous}: numbers are missing")
        else:
            warn("numbering-backward", f"'{printed}' follows {previous}: numbering goes backward")
        return
    continued = last_global.get(node.style, 0) + 1
    if node.value not in (1, continued):
        warn("numbering-gap", f"'{printed}' starts a list at {node.value}")


def _resolve_bullet(stack: list[Node], following: list[Paragraph]) -> tuple[MarkerStyle, int]:
    """The style and value a ``•`` stands for, from the open headings and the next numbered one."""
    nxt = next((m for m in (match_marker(p.text) for p in following)
                if m is not None and m.style != MarkerStyle.bullet and m.value is not None), None)
    open_nodes = stack[1:]
    open_styles = [node.style for node in open_nodes]
    if nxt is None or nxt.value is None:
        if open_nodes:
            return open_nodes[0].style or MarkerStyle.cn_dun, (open_nodes[0].value or 0) + 1
        return MarkerStyle.cn_dun, 1
    if nxt.style not in open_styles:
        if not open_nodes:
            return nxt.style, max(nxt.value - 1, 1)
        top = open_nodes[0]
        return top.style or MarkerStyle.cn_dun, (top.value or 0) + 1
    depth = open_styles.index(nxt.style)
    last = open_nodes[depth].value or 0
    if nxt.value == last + 2:
        return nxt.style, last + 1  # the bullet fills the gap in the sequence
    if depth > 0:
        above = open_nodes[depth - 1]  # the next heading continues its list: the bullet is one level up
        return above.style or MarkerStyle.cn_dun, (above.value or 0) + 1
    return nxt.style, last + 1


def is_problem_heading(text: str) -> bool:
    """A section heading that itself states a problem (``关于…不足问题。``)."""
    return PROBLEM_HEADING.search(text) is not None
