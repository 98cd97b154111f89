"""What one pass of the extractors over the text would save: their scans, alone and fused into one.

Every extractor finds its candidates with a few regex scans of the slices it is given (dates, amounts,
counts, status and sanction words …), then does its own Python work on each candidate. Issue 8 asks
for "a single pass of the extractors over the text where possible". This module measures what
decides whether a single pass pays:

- how much of the text each scan reads while the notices are parsed (``measure_coverage``): a scan
  that reads its text about once has nothing to share;
- each scan alone over the whole texts, an upper bound of what the extractors pay for it (some run
  only on slices that pass a cheaper test first);
- one alternation of all of them, scanned once: what a single pass of CPython's ``re`` (or of
  ``regex``) would run before handing each extractor its candidates. It consumes what it matches,
  so where the matches of two scans overlap it finds only the first: it finds fewer matches than
  the scans do, and a single pass that found them all would cost more, not less.

``SCANS`` are the scans the extractors run over whole slices (``finditer``, and the ``search`` guards
that read a whole slice when their words are absent); matches tried at one position are left out.
Times are ms per notice on the bench's sample (median of ``repeats``).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import regex

from bench.measure import Stat

# (label, module of engine.parsing.extract, attribute) of the scans made over whole slices. ``vocab:NAME``
# stands for ``base.vocab_regex(NAME)``.
SCANS: tuple[tuple[str, str], ...] = (
    ("dates", "_DATE"),
    ("money", "_MONEY"),
    ("claims", "_ENUMERATED"),
    ("claims", "_PAREN"),
    ("claims", "_PERCENT"),
    ("claims", "_COUNT_WORDS"),
    ("claims", "_REMAINDER"),
    ("claims", "_SUM_WORDS"),
    ("claims", "_SET_TOTAL"),
    ("base", "_QUOTED"),
    ("base", "vocab:status"),
    ("base", "vocab:money_actions"),
    ("base", "vocab:sanctions"),
    ("base", "vocab:vague_time"),
)

_GROUP = re.compile(r"\(\?P<(\w+)>")
_BACKREFERENCE = re.compile(r"\(\?P=(\w+)\)")
# What fused_source cannot rename: conditional groups, \g<…> and numbered backreferences.
_UNRENAMED = re.compile(r"\(\?\(|\\g<|\\[1-9]")


@dataclass
class ScanResult:
    notices: int
    separate_ms: dict[str, Stat]  # each scan alone, ms per notice
    separate_total_ms: Stat       # their sum (per repeat)
    fused_ms: Stat                # one alternation of them all, CPython ``re``
    fused_regex_ms: Stat          # the same with the ``regex`` module
    fused_matches: float          # matches of the fused scan per notice
    separate_matches: float       # matches of all the scans alone, per notice


def scan_patterns() -> dict[str, re.Pattern[str]]:
    """The extractors' whole-slice scans, by label (``claims._ENUMERATED``, ``vocab.status`` …)."""
    import importlib

    from engine.parsing.extract import base

    patterns: dict[str, re.Pattern[str]] = {}
    for module_name, attribute in SCANS:
        if attribute.startswith("vocab:"):
            name = attribute.split(":", 1)[1]
            patterns[f"vocab.{name}"] = base.vocab_regex(name)
            continue
        module = importlib.import_module(f"engine.parsing.extract.{module_name}")
        pattern = getattr(module, attribute)
        if not isinstance(pattern, re.Pattern):
            raise TypeError(f"engine.parsing.extract.{module_name}.{attribute} is not a compiled pattern")
        patterns[f"{module_name}.{attribute}"] = pattern
    return patterns


def fused_source(patterns: Sequence[re.Pattern[str]]) -> str:
    """One alternation of ``patterns``; an empty group ``branchN`` closes the Nth, so ``lastgroup`` names it.

    The marker goes at the end of each branch, not around it: ``re`` rejects a branch at once by
    its leading literal or class only when the branch opens with one. Named groups and
    backreferences are renamed apart; a pattern with flags other than ``re.UNICODE`` or with
    references this cannot rename is refused (ValueError).
    """
    branches = []
    for index, pattern in enumerate(patterns):
        if pattern.flags != re.UNICODE or _UNRENAMED.search(pattern.pattern):
            raise ValueError(f"cannot fuse {pattern.pattern[:60]!r}: flags or group references it cannot rename")
        prefix = f"p{index}_"
        source = _GROUP.sub(rf"(?P<{prefix}\1>", pattern.pattern)
        source = _BACKREFERENCE.sub(rf"(?P={prefix}\1)", source)
        branches.append(f"(?:{source})(?P<branch{index}>)")
    return "|".join(branches)


def _timed(texts: Sequence[str], finditer: Callable[[str], Iterator[object]], repeats: int) -> tuple[list[float], int]:
    """ms per notice of consuming ``finditer(text)`` for every text, per repeat; and the matches of one pass."""
    values: list[float] = []
    matches = 0
    for _ in range(repeats):
        matches = 0
        start = time.perf_counter()
        for text in texts:
            for _match in finditer(text):
                matches += 1
        values.append((time.perf_counter() - start) * 1000 / len(texts))
    return values, matches


def measure_scans(paths: Sequence[Path], repeats: int = 5) -> ScanResult:
    """Each extractor scan alone, and one fused scan of them all, over the sample's texts."""
    texts = [path.read_text(encoding="utf-8") for path in paths]
    patterns = scan_patterns()
    separate: dict[str, list[float]] = {}
    separate_matches = 0
    for label, pattern in patterns.items():
        separate[label], matches = _timed(texts, pattern.finditer, repeats)
        separate_matches += matches
    totals = [sum(values[index] for values in separate.values()) for index in range(repeats)]
    source = fused_source(list(patterns.values()))
    fused, matches = _timed(texts, re.compile(source).finditer, repeats)
    fused_regex, _ = _timed(texts, regex.compile(source).finditer, repeats)
    return ScanResult(len(texts), {label: Stat.of(values, "ms") for label, values in separate.items()},
                      Stat.of(totals, "ms"), Stat.of(fused, "ms"), Stat.of(fused_regex, "ms"), matches / len(texts),
                      separate_matches / len(texts))


# ------------------------------------------------------------------------------ text read while parsing

@dataclass
class CoverageResult:
    notices: int
    read: dict[str, float]  # characters each scan read while parsing, per character of the texts


class _CountingPattern:
    """A compiled pattern that adds the characters its scans are given to ``counts[label]``."""

    def __init__(self, label: str, pattern: re.Pattern[str], counts: dict[str, int]) -> None:
        self._label, self._pattern, self._counts = label, pattern, counts

    def __getattr__(self, name: str) -> object:
        return getattr(self._pattern, name)

    def _count(self, text: str, pos: int, endpos: int | None) -> None:
        stop = len(text) if endpos is None else min(endpos, len(text))
        self._counts[self._label] += max(0, stop - pos)

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[re.Match[str]]:
        self._count(text, pos, endpos)
        return self._pattern.finditer(text, pos, len(text) if endpos is None else endpos)

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
        self._count(text, pos, endpos)
        return self._pattern.search(text, pos, len(text) if endpos is None else endpos)


def measure_coverage(paths: Sequence[Path]) -> CoverageResult:
    """Parse ``paths`` with every scan of ``SCANS`` counting what it reads (the patterns are put back after)."""
    import importlib

    from engine.parsing import parse_text
    from engine.parsing.extract import base
    from engine.reading import read_document

    counts = dict.fromkeys(scan_patterns(), 0)
    patched: list[tuple[object, str, object]] = []
    vocab_labels = {f"vocab.{attribute.split(':', 1)[1]}" for _, attribute in SCANS if attribute.startswith("vocab:")}
    counting_vocab = {label: _CountingPattern(label, base.vocab_regex(label.split(".", 1)[1]), counts)
                      for label in vocab_labels}
    real_vocab_regex = base.vocab_regex

    def vocab_regex(name: str) -> object:
        return counting_vocab.get(f"vocab.{name}") or real_vocab_regex(name)

    try:
        for module_name, attribute in SCANS:
            if attribute.startswith("vocab:"):
                continue
            module = importlib.import_module(f"engine.parsing.extract.{module_name}")
            label = f"{module_name}.{attribute}"
            patched.append((module, attribute, getattr(module, attribute)))
            setattr(module, attribute, _CountingPattern(label, getattr(module, attribute), counts))
        factory = "vocab_regex"  # each extractor module holds its own reference to base.vocab_regex
        for module_name in ("base", "dates", "money", "claims", "sanctions", "contacts"):
            module = importlib.import_module(f"engine.parsing.extract.{module_name}")
            if hasattr(module, factory):
                patched.append((module, factory, getattr(module, factory)))
                setattr(module, factory, vocab_regex)
        characters = 0
        for path in paths:
            source = read_document(path)
            parse_text(source.text, source, path=str(path))
            characters += len(source.text)
    finally:
        for owner, name, original in reversed(patched):
            setattr(owner, name, original)
    return CoverageResult(len(paths), {label: count / max(characters, 1) for label, count in counts.items()})
