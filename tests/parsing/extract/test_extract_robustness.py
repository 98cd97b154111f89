"""All extractors over the seed notices and over arbitrary text: no exception, no output."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.parsing.extract import (
    DateContext,
    extract_claims,
    extract_contacts,
    extract_dates,
    extract_money,
    extract_sanctions,
)
from engine.spans import Locator

SEEDS = sorted((Path(__file__).resolve().parents[3] / "fixtures" / "raw").glob("*.txt"))
ALPHABET = st.sampled_from(list("0123456789.,;:()-—~%年月日旬底前后以来起至到万亿元角分个项条名人件其中问题方面"
                                "追回收回未已拟于合计共计各近约余多价值“”《》〔〕\n 电话邮箱@a率整改到位基本"))


def run_all(text: str, start: int, end: int, context: DateContext) -> int:
    spans = Locator(text)
    results = [
        extract_money(text, start, end, spans),
        extract_dates(text, start, end, spans, context),
        extract_claims(text, start, end, spans),
        extract_sanctions(text, start, end, spans),
        extract_contacts(text, start, end, spans),
    ]
    for items in results:
        for item in items:
            span = getattr(item, "span", None)
            assert span is not None and start <= span.start <= span.end <= len(text)
    return sum(len(items) for items in results)


@pytest.mark.parametrize("path", SEEDS, ids=lambda path: path.stem)
def test_seed_runs_quietly(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = path.read_text(encoding="utf-8")
    assert run_all(text, 0, len(text), DateContext(dt.date(2021, 1, 7))) > 0
    for line_start in range(0, len(text), 997):  # arbitrary slices too
        run_all(text, line_start, min(len(text), line_start + 500), DateContext(None, 2020))
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""


def test_seeds_found() -> None:
    assert len(SEEDS) >= 5


@settings(max_examples=300, deadline=None)
@given(text=st.text(ALPHABET, max_size=80), cut=st.integers(min_value=0, max_value=80))
def test_arbitrary_text_never_raises(text: str, cut: int) -> None:
    start = min(cut, len(text))
    run_all(text, start, len(text), DateContext(dt.date(2020, 12, 17), 2020))


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=60))
def test_arbitrary_unicode_never_raises(text: str) -> None:
    run_all(text, 0, len(text), DateContext(None, None))


ADVERSARIAL = ["1" * 5000, "万" * 5000, "1月1日-" * 1000, "其中1人," * 1000, "合计1万元," * 500, "一" * 5000,
               "追回资金," * 1000, "《a》" * 1000, "1个问题" * 1000, "1人(其中约谈1人、约谈1人)" * 300, "2020年" * 1000]


@pytest.mark.parametrize("text", ADVERSARIAL, ids=lambda text: text[:6])
def test_adversarial_repetition(text: str) -> None:
    run_all(text, 0, len(text), DateContext(dt.date(2020, 12, 17), 2020))
