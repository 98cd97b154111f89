"""Small hand-built notices for the facts tests."""

from __future__ import annotations

from typing import Any

from engine.facts.builder import Fact, FactSet, build_facts
from engine.model import Notice


def finding(number: int, problem: str = "问题", *, blocks: list[dict[str, Any]] | None = None,
            **extra: Any) -> dict[str, Any]:
    """A finding dict numbered 'n.' with one situation block unless blocks are given."""
    return {"number": f"{number}.", "ordinal": number, "problem": {"text": problem},
            "blocks": blocks if blocks is not None else [{"kind": "situation", "text": "建立了村级财务管理制度。"}],
            **extra}


def section(number: str, ordinal: int, heading: str = "标题", **extra: Any) -> dict[str, Any]:
    return {"number": number, "ordinal": ordinal, "heading": {"text": heading}, **extra}


def notice(**fields: Any) -> Notice:
    data: dict[str, Any] = {"published": {"text": "2021年1月7日", "start": "2021-01-07", "end": "2021-01-07",
                                          "precision": "day"}}
    data.update(fields)
    return Notice.model_validate(data)


def facts(**fields: Any) -> FactSet:
    return build_facts(notice(**fields))


def one(fact_set: FactSet, subject: str, index: int = 0) -> Fact:
    return fact_set.of(subject)[index]


def money(yuan: str, text: str | None = None, **extra: Any) -> dict[str, Any]:
    return {"text": text or f"{yuan}元", "amount": yuan, "unit": "元", **extra}


def date(text: str, start: str | None, end: str | None, precision: str, role: str = "other",
         **extra: Any) -> dict[str, Any]:
    return {"text": text, "start": start, "end": end, "precision": precision, "role": role, **extra}
