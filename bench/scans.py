"""What one pass of the extractors over the text would save: their scans, alone and fused into one.

Every extractor finds its candidates with a few regex scans of the slice it is given (dates, amounts,
counts, status and sanction words …), then does its own Python work on each candidate. Issue 8 asks
for "a single pass of the extractors over the text where possible". This module measures the two
things that decide whether a single pass pays:

- each scan alone over the whole texts (what the extractors pay for it, since each reads a slice of the
  text at most about once: ``SCANS`` below are the scans of whole slices, guards and matches at a
  position left out);
- one alternation of all of them, scanned once, which is what a single pass of CPython's ``re`` (or of
  ``regex``) would have to run before handing each extractor its candidates.

Figures are ms per notice on the bench's sample (median of ``repeats``).
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


@dataclass
class ScanResult:
    notices: int
    separate_ms: dict[str, Stat]  # each scan alone, ms per notice
    separate_total_ms: Stat       # their sum (per repeat)
    fused_ms: Stat                # one alternation of them all, CPython ``re``
    fused_regex_ms: Stat          # the same with the ``regex`` module
    fused_matches: float          # matches of the fused scan per notice


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
    """One alternation of ``patterns``, each its own group, their named groups renamed apart."""
    branches = []
    for index, pattern in enumerate(patterns):
        prefix = f"p{index}_"
        source = _GROUP.sub(rf"(?P<{prefix}\1>", pattern.pattern)
        source = _BACKREFERENCE.sub(rf"(?P={prefix}\1)", source)
        branches.append(f"(?P<branch{index}>{source})")
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
    for label, pattern in patterns.items():
        separate[label], _ = _timed(texts, pattern.finditer, repeats)
    totals = [sum(values[index] for values in separate.values()) for index in range(repeats)]
    source = fused_source(list(patterns.values()))
    fused, matches = _timed(texts, re.compile(source).finditer, repeats)
    fused_regex, _ = _timed(texts, regex.compile(source).finditer, repeats)
    return ScanResult(len(texts), {label: Stat.of(values, "ms") for label, values in separate.items()},
                      Stat.of(totals, "ms"), Stat.of(fused, "ms"), Stat.of(fused_regex, "ms"), matches / len(texts))
