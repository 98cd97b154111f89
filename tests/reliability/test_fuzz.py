"""Bounded fuzzing (hypothesis): each stage either succeeds or raises a ZhenggaiError, nothing else.

* reader: random bytes (plain, with binary signatures, with BOMs) -> SourceText or ZhenggaiError;
* parser + extractors + facts: mutated seed notices -> Notice -> facts -> report (python backend);
* extractors called directly on random text slices;
* loaders: random YAML/JSON (and random data dumped as YAML) -> Notice or ParseError/SchemaError.

Kept small for CI (under ~30 s together); ``bench/fuzz.py`` runs the long version.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.api import load_rules, parse_text_notice
from engine.errors import ParseError, SchemaError, ZhenggaiError
from engine.evaluation.runner import check
from engine.facts.builder import build_facts
from engine.model import Notice
from engine.parsing.extract import (
    ClaimContext,
    DateContext,
    extract_claims,
    extract_contacts,
    extract_dates,
    extract_money,
    extract_sanctions,
)
from engine.reading import read_bytes
from engine.spans import Locator
from engine.structured import load_notice_text

ROOT = Path(__file__).resolve().parents[2]
SEEDS = [path.read_text(encoding="utf-8") for path in sorted((ROOT / "fixtures" / "raw").glob("*.txt"))]
STRUCTURED = [path.read_text(encoding="utf-8") for path in sorted((ROOT / "fixtures" / "structured").glob("*.yaml"))]
PACK = load_rules()
FAST = settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

SIGNATURES = [b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"PK\x03\x04", b"\x89PNG\r\n\x1a\n", b"<html>",
              b"<!doctype html><meta charset=gbk>", b"%PDF-", b"MZ"]
NOTICE_CHARS = st.sampled_from(list("一二三四五六七八九十、.．()（）:：;；,，。\n\r 0123456789０１２３４５６７８９"
                                    "万元年月日整改情况该项已办结持续中问题关于方面责任追回资金")) | st.characters()


@st.composite
def mutated_seed(draw: st.DrawFn) -> str:
    """A seed notice with lines deleted, swapped or cut, numbers changed, random text inserted."""
    lines = draw(st.sampled_from(SEEDS)).splitlines()
    for _ in range(draw(st.integers(0, 6))):
        if not lines:
            break
        index = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["delete", "swap", "cut", "digits", "insert", "duplicate"]))
        if action == "delete":
            del lines[index]
        elif action == "swap":
            other = draw(st.integers(0, len(lines) - 1))
            lines[index], lines[other] = lines[other], lines[index]
        elif action == "cut":
            lines[index] = lines[index][: draw(st.integers(0, len(lines[index])))]
        elif action == "digits":
            first, second = draw(st.sampled_from("0123456789")), draw(st.sampled_from("0123456789一二三十"))
            lines[index] = lines[index].translate(str.maketrans(first + second, second + first))
        elif action == "insert":
            lines.insert(index, draw(st.text(NOTICE_CHARS, max_size=60)))
        else:
            lines.insert(index, lines[index])
    text = "\n".join(lines)
    if draw(st.booleans()):
        text = text[: draw(st.integers(0, len(text)))]
    return text


def _expected_or_ok(call: Any) -> Any:
    try:
        return call()
    except ZhenggaiError:
        return None


@FAST
@given(prefix=st.sampled_from(SIGNATURES), body=st.binary(max_size=2000),
       name=st.sampled_from(["x.txt", "x.html", "x.docx", "x", "<stdin>"]))
def test_reader_random_bytes(prefix: bytes, body: bytes, name: str) -> None:
    source = _expected_or_ok(lambda: read_bytes(prefix + body, name))
    if source is not None:
        assert isinstance(source.text, str)


@FAST
@given(text=mutated_seed(), codec=st.sampled_from(["utf-8", "gb18030", "utf-16-le", "utf-16"]))
def test_reader_encodings_of_mutated_notices(text: str, codec: str) -> None:
    source = _expected_or_ok(lambda: read_bytes(text.encode(codec, errors="ignore"), "x.txt"))
    if source is not None:
        assert isinstance(source.text, str)


@settings(FAST, max_examples=40)
@given(text=mutated_seed())
def test_parse_facts_check_mutated_notices(text: str) -> None:
    notice = _expected_or_ok(lambda: parse_text_notice(text))
    if notice is None:
        return
    assert isinstance(notice, Notice)
    facts = build_facts(notice)
    assert facts.facts
    report = check(notice, PACK, backend="python")
    assert report.summary.facts == len(facts.facts)


@FAST
@given(text=st.text(NOTICE_CHARS, min_size=1, max_size=300))
def test_parse_random_text(text: str) -> None:
    notice = _expected_or_ok(lambda: parse_text_notice(text))
    if notice is not None:
        build_facts(notice)


@FAST
@given(text=st.text(NOTICE_CHARS, max_size=200) | mutated_seed().map(lambda t: t[:400]), data=st.data())
def test_extractors_on_random_slices(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    spans = Locator(text)
    published = data.draw(st.none() | st.dates(datetime.date(1990, 1, 1), datetime.date(2040, 12, 31)))
    extract_money(text, start, end, spans)
    extract_dates(text, start, end, spans, DateContext(published=published))
    extract_claims(text, start, end, spans, ClaimContext())
    extract_contacts(text, start, end, spans)
    extract_sanctions(text, start, end, spans)


YAML_SCALARS = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20)
YAML_DATA = st.recursive(YAML_SCALARS, lambda inner: st.lists(inner, max_size=4)
                         | st.dictionaries(st.text(max_size=12) | st.sampled_from(list(Notice.model_fields)), inner,
                                           max_size=5), max_leaves=20)


def _load(text: str, name: str) -> None:
    try:
        notice = load_notice_text(text, name)
    except (ParseError, SchemaError):
        return
    assert isinstance(notice, Notice)


@FAST
@given(data=st.dictionaries(st.sampled_from(list(Notice.model_fields)), YAML_DATA, max_size=6),
       as_json=st.booleans())
def test_loaders_random_data(data: dict[str, Any], as_json: bool) -> None:
    if as_json:
        _load(json.dumps(data, ensure_ascii=False), "x.json")
    else:
        _load(yaml.safe_dump(data, allow_unicode=True), "x.yaml")


@FAST
@given(which=st.integers(0, len(STRUCTURED) - 1), cut=st.integers(0, 10**6), junk=st.text(max_size=40),
       name=st.sampled_from(["x.yaml", "x.json"]))
def test_loaders_mutated_structured(which: int, cut: int, junk: str, name: str) -> None:
    seed = STRUCTURED[which]
    position = cut % (len(seed) + 1)
    _load(seed[:position] + junk + seed[position + len(junk):], name)


@pytest.mark.parametrize(("text", "name", "message"), [
    ("published: {start: 2020-13-01}\n", "x.yaml", "x.yaml:1:20: YAML value error: invalid date '2020-13-01'"),
    ("a: 1\nb: \x1f\n", "x.yaml", "x.yaml:2:4: YAML syntax error: special characters are not allowed"),
    ("a: " + "[" * 5000 + "]" * 5000, "x.yaml", "x.yaml: nested too deeply"),
    ('{"a": ' + "[" * 100000 + "]" * 100000 + "}", "x.json", "x.json: nested too deeply"),
])
def test_loader_regressions_found_by_fuzzing(text: str, name: str, message: str) -> None:
    """Each of these once escaped as ValueError, ReaderError or RecursionError."""
    with pytest.raises(ParseError) as error:
        load_notice_text(text, name)
    assert message in str(error.value)
