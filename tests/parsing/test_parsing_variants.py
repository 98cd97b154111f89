"""A seed saved in another encoding, with CRLF, full-width digits, or as a numbered .docx parses to
the same notice; spans point into each file's own text. And checking a raw seed gives the same
rule ids on the same findings as checking its hand-read gold fixture."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from engine.model import Notice, Span
from engine.parsing import parse_file
from engine.reading import read_document

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "reading"))
from reading_factory import numbered_docx, to_full_width

ROOT = Path(__file__).resolve().parents[2]
RAW = ROOT / "fixtures" / "raw"
SEEDS = sorted(path.stem for path in RAW.glob("*.txt"))


def _without_spans(value: Any) -> Any:
    """The dumped notice with spans and source details removed (what must not depend on the file)."""
    if isinstance(value, dict):
        return {key: _without_spans(item) for key, item in value.items() if key not in {"span", "source"}}
    if isinstance(value, list):
        return [_without_spans(item) for item in value]
    return value


def _spans(notice: Notice) -> list[tuple[str, Span]]:
    found: list[tuple[str, Span]] = []
    for _, finding in notice.iter_findings():
        if finding.problem.span is not None:
            found.append((finding.problem.text, finding.problem.span))
    return found


def _write(encoding: str, transform: Callable[[str], str] = lambda text: text) -> Callable[[str, Path], Path]:
    def write(text: str, folder: Path) -> Path:
        path = folder / f"variant-{encoding}.txt"
        data = transform(text).encode(encoding)
        if encoding == "utf-16-le":
            data = b"\xff\xfe" + data
        path.write_bytes(data)
        return path

    return write


VARIANTS: dict[str, Callable[[str, Path], Path]] = {
    "gb18030": _write("gb18030"),
    "utf-16-le-bom": _write("utf-16-le"),
    "utf-8-bom": _write("utf-8-sig"),
    "crlf": _write("utf-8", lambda text: text.replace("\n", "\r\n")),
    "full-width": _write("utf-8", to_full_width),
}


@pytest.mark.parametrize("variant", sorted(VARIANTS))
@pytest.mark.parametrize("seed", SEEDS)
def test_variant_parses_to_the_same_notice(seed: str, variant: str, tmp_path: Path) -> None:
    text = (RAW / f"{seed}.txt").read_text(encoding="utf-8")
    plain = parse_file(RAW / f"{seed}.txt")
    path = VARIANTS[variant](text, tmp_path)
    parsed = parse_file(path)
    assert _without_spans(parsed.model_dump(mode="json")) == _without_spans(plain.model_dump(mode="json"))
    # spans are the file's own: same lines and columns as the plain file, offsets into its own text
    original = read_document(path).original
    plain_spans, variant_spans = _spans(plain), _spans(parsed)
    assert len(variant_spans) == len(plain_spans) > 0
    for (printed, plain_span), (_, span) in zip(plain_spans, variant_spans, strict=True):
        assert (span.line, span.column) == (plain_span.line, plain_span.column)
        assert original[span.start:span.end] == (to_full_width(printed) if variant == "full-width" else printed)


# lvlRestart of the decimal level: ganxian restarts its 1. 2. under each (一); the others never do
NUMBERED = {"ganxian-2017": None, "yuzhou-2021-01-07": 0, "huainan-tzb-2020-12-17": 0}


@pytest.mark.parametrize("seed", sorted(NUMBERED))
def test_docx_with_automatic_numbering_parses_to_the_same_notice(seed: str, tmp_path: Path) -> None:
    text = (RAW / f"{seed}.txt").read_text(encoding="utf-8")
    path = tmp_path / f"{seed}.docx"
    assert numbered_docx(text, path, restart_level2=NUMBERED[seed]) >= 14  # labels are Word numbering
    parsed = parse_file(path)
    plain = parse_file(RAW / f"{seed}.txt")
    assert _without_spans(parsed.model_dump(mode="json")) == _without_spans(plain.model_dump(mode="json"))
    for (_, plain_span), (_, span) in zip(_spans(plain), _spans(parsed), strict=True):
        assert span.line == plain_span.line  # one paragraph per line of the seed


def _rule_hits(notice: Notice) -> list[tuple[str, str, str | None, str | None]]:
    """(rule, subject, finding's section, finding number) of every violation. A notice-wide claim
    printed inside a narrative section (huainan 一、 "整改举措29项") may be read onto that section or
    onto the notice: the section is compared only for what belongs to a finding."""
    from engine import check, load_rules

    report = check(notice, load_rules())
    return sorted((v.rule_id, v.subject, v.section_path if v.finding_number else None, v.finding_number)
                  for v in report.violations)


@pytest.mark.parametrize("seed", SEEDS)
def test_raw_seed_gives_the_same_rule_hits_as_its_gold_fixture(seed: str) -> None:
    from engine.structured import load_notice

    gold = load_notice(ROOT / "fixtures" / "structured" / f"{seed}.yaml")
    raw_hits = _rule_hits(parse_file(RAW / f"{seed}.txt"))
    assert raw_hits == _rule_hits(gold)
    assert raw_hits  # every seed has at least one real defect
