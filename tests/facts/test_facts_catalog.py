"""The catalog is the contract: every fact fits it, and docs/facts.md is generated from it."""

from __future__ import annotations

from pathlib import Path

import pytest
from facts_factory import date, facts, finding, section

from engine.facts.builder import FactSet
from engine.facts.catalog import FACT_FIELDS, FIELD_DOCS, SUBJECTS
from engine.facts.docs import render

ROOT = Path(__file__).resolve().parents[2]
PYTHON_TYPES = {"str": str, "int": int, "float": float, "bool": bool}


def assert_fits_catalog(result: FactSet) -> None:
    """Every key is catalogued with the value's exact type; ids are unique; no None."""
    ids = [fact["id"] for fact in result.facts]
    assert len(ids) == len(set(ids))
    for fact in result.facts:
        fields = FACT_FIELDS[str(fact["t"])]
        for key, value in fact.items():
            assert key in fields, f"{fact['t']}.{key} is not in the catalog"
            assert type(value) is PYTHON_TYPES[fields[key]], f"{fact['t']}.{key}: {value!r} is not {fields[key]}"


def test_catalog_shape() -> None:
    assert tuple(FACT_FIELDS) == SUBJECTS
    assert set(SUBJECTS) == {"notice", "section", "finding", "measure", "date", "money", "sanction", "claim",
                             "contact"}
    for subject, fields in FACT_FIELDS.items():
        assert {"t", "id"} <= set(fields)
        assert set(fields.values()) <= set(PYTHON_TYPES)
        assert set(FIELD_DOCS[subject]) == set(fields)
        assert all(doc.strip() for doc in FIELD_DOCS[subject].values())
        assert len(fields) < 250  # durable_rules' limit on properties per fact


def test_docs_are_generated_from_the_catalog() -> None:
    text = (ROOT / "docs" / "facts.md").read_text(encoding="utf-8")
    assert text == render(), "docs/facts.md is stale: python -m engine.facts.docs > docs/facts.md"
    for subject, fields in FACT_FIELDS.items():
        assert f"### `{subject}`" in text
        for name in fields:
            assert f"| `{name}` |" in text


@pytest.mark.parametrize("fragment", [False, True])
def test_hand_built_notice_fits_catalog(fragment: bool) -> None:
    result = facts(
        fragment=fragment,
        claims=[{"kind": "rate", "text": "100%", "claimed": "100", "numerator": "1", "denominator": "1"}],
        contacts=[{"kind": "phone", "value": "0554-5363431"}],
        sections=[section("一、", 1, text="一是…", measures=[{"text": "动员部署"}],
                          dates=[date("4月13日", "2020-04-13", "2020-04-13", "day")],
                          money=[{"text": "5万元", "amount": "50000", "unit": "万元"}],
                          sanctions=[{"kind": "talk", "phrase": "约谈", "count": 3}],
                          findings=[finding(1, status={"kind": "closed"})])],
    )
    assert_fits_catalog(result)
    assert {str(fact["t"]) for fact in result.facts} == set(SUBJECTS)
