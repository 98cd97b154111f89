"""Where a finding's status is printed outside a block's opening (``blocks.status_at`` reads that):
as a sentence right after the problem, in brackets or after a dash after it, or as a sentence after
the work.

The phrases are the status vocabulary (``rules/vocab/status.yaml``); each pattern is built once.
"""

from __future__ import annotations

import re
from functools import cache

import regex

from engine.model import Span, Status, StatusKind
from engine.parsing.lines import SpanMaker
from engine.vocabulary import vocabulary

# The problem as the subject of a status phrase (该问题已销号); 该项 and 此项 also open phrases (该项已办结)
PROBLEM_SUBJECTS = ("该项问题", "该问题", "此问题", "本问题", "该项工作", "此项工作")


@cache
def status_phrases() -> tuple[str, ...]:
    """The status vocabulary's phrases, longest first (sorted once, not for every block)."""
    return tuple(vocabulary("status").phrases())


@cache
def status_initials() -> frozenset[str] | None:
    """First characters of the status phrases (None if a phrase is empty: then every place is tried)."""
    phrases = status_phrases()
    return None if not all(phrases) else frozenset(phrase[0] for phrase in phrases)


@cache
def phrases_by_initial() -> dict[str, tuple[str, ...]]:
    """The status phrases by their first character, longest first (a block start tries only its own)."""
    grouped: dict[str, list[str]] = {}
    for phrase in status_phrases():
        grouped.setdefault(phrase[:1], []).append(phrase)
    return {initial: tuple(phrases) for initial, phrases in grouped.items()}


def make_status(phrase: str, span: Span) -> Status:
    """The Status of a printed status phrase, its kind from the vocabulary."""
    return Status(kind=StatusKind(vocabulary("status").value_of(phrase) or "none"), phrase=phrase, span=span)


@cache
def _alternatives() -> tuple[str, str]:
    """The phrases as a pattern alternation, and their first characters for a class (both escaped)."""
    phrases = status_phrases()
    return "|".join(re.escape(phrase) for phrase in phrases), re.escape("".join(sorted({p[0] for p in phrases if p})))


@cache
def run_in_status() -> regex.Pattern[str]:
    """A sentence that is only a status phrase (``1.…有差距。已完成整改。制定了…``): it starts the blocks."""
    phrases, initials = _alternatives()
    # the class of first characters turns most sentence ends down before the phrases are tried
    # 正在 before a phrase that does not hold it (正在按时序推进): tried only where no phrase matches as printed
    return regex.compile(rf"[。;；!！?？][ \t\u3000]*(?=[{initials}])"
                         rf"(?:(?P<label>(?:{phrases}))|(?P<lead>正在)(?P<label>(?:{phrases})))(?=[。;；,，])")


@cache
def bracketed_status() -> regex.Pattern[str]:
    """A status in brackets after the problem's words (``1.…配置不均衡【已完成】。新建…``)."""
    phrases, _ = _alternatives()
    # the bracket first, then the lookbehind: most positions fail on the bracket alone
    after_words = r"(?<=\p{Han}{2}[”」》]?.)"
    return regex.compile(rf"(?P<label>【{after_words}(?:{phrases})】|\[{after_words}(?:{phrases})\]"
                         rf"|[(（]{after_words}(?:{phrases})[)）])")


# What sets a status off after the problem on its line (…落实不到位——已完成): a dash of one or two characters
DASHES = "—－-"


@cache
def dashed_status() -> regex.Pattern[str]:
    """A status after a dash that ends the problem (``2.…落实不到位——已完成``, ``…——已完成。开展…``)."""
    phrases, initials = _alternatives()
    return regex.compile(rf"[{DASHES}]{{1,2}}[ \t\u3000]*(?=[{initials}])(?P<label>(?:{phrases}))"
                         r"(?=[。;；,，]|[ \t\u3000]*$)")


_SENTENCE_START = frozenset("。;；\n \t\u3000")


@cache
def _closing_pattern() -> re.Pattern[str]:
    """A sentence stating the finding's status after what was done: ``目前,该问题已整改到位。``,
    ``目前已整改完成。``, ``该问题将长期坚持整改。``, ``截至2023年11月底,该问题已于9月整改到位。`` (a lead word
    or the problem as subject, then the phrase).

    ``re``, opening with an alternation of literals: the scan skips ahead on their first characters.
    """
    phrases, _ = _alternatives()
    subject = "|".join((*PROBLEM_SUBJECTS, "该项", "此项"))
    day = r"[\d年月日底末上中下旬]"  # 截至2023年11月底, 已于2023年9月
    return re.compile(rf"(?:截至目前|截止目前|截至{day}{{2,14}}|截止{day}{{2,14}}|目前|当前|至此|现(?=已)|{subject})"
                      rf"[,，]?\s*(?:{subject})?(?:整改)?(?:均|已经|全部|将|需|仍需|仍在|仍)?"
                      rf"(?:已于{day}{{3,14}}(?=完成|整改))?"
                      rf"(?P<label>{phrases})(?:整改|中)?(?=[。;；,，]|$)", re.MULTILINE)


@cache
def _bare_pattern() -> re.Pattern[str]:
    """A sentence that is only a status phrase (``…建立台账。已完成整改。``), after a sentence end."""
    phrases, initials = _alternatives()
    # the class of first characters turns most sentence ends down before the phrases are tried
    return re.compile(rf"[。;；\n][ \t\u3000]*(?=[{initials}])(?P<label>{phrases})(?=[。;；,，]|\s*$)", re.MULTILINE)


def closing_status(text: str, spans: SpanMaker, start: int, stop: int) -> Status | None:
    """The last status sentence in ``text[start:stop]``, a finding's text after its problem (read when no
    status opens its blocks): one led by 目前/该问题 …, or one that is only the phrase."""
    last = None
    for found in _closing_pattern().finditer(text, start, stop):
        if found.start() == 0 or text[found.start() - 1] in _SENTENCE_START:
            last = found
    for bare in _bare_pattern().finditer(text, max(start - 1, 0), stop):
        if last is None or bare.start("label") > last.start("label"):
            last = bare
    if last is None:
        return None
    return make_status(last.group("label"), spans.span(last.start("label"), last.end("label")))
