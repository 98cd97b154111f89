"""Fingerprints: the runner's (from plain data) equal the model's, and normalisation is NFKC."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

from engine.evaluation.runner import build_pack, check
from engine.parsing import parse_file
from engine.reports.model import assign_fingerprints, normalise
from engine.rule_language.config import Config, load_packs

SEEDS = sorted((Path(__file__).resolve().parents[2] / "fixtures" / "raw").glob("*.txt"))
texts = st.text(alphabet=st.sampled_from(list("问题整改，。：（）ａＡ１… \u3000\u0301\u00e9e.\t\nﬁ①⑴")), max_size=40)


@settings(max_examples=300, deadline=None)
@given(texts)
@example("巡察发现的问题已整改到位…")
@example("e…\u0301")
def test_normalise_is_nfkc_with_whitespace_collapsed(text: str) -> None:
    assert normalise(text) == " ".join(unicodedata.normalize("NFKC", text).split())


def test_report_fingerprints_are_the_models() -> None:
    config = Config(packs=["core"])
    pack = build_pack(load_packs(config), config)
    for path in SEEDS:
        report = check(parse_file(path), pack, config)
        again = [violation.model_copy(update={"fingerprint": ""}) for violation in report.violations]
        assign_fingerprints(again)
        assert [v.fingerprint for v in again] == [v.fingerprint for v in report.violations], path.name
        assert all(v.fingerprint for v in report.violations)
