"""The five hand-read gold fixtures load and have the shape the seed texts have."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from engine.model import Notice, StatusKind, effective_status
from engine.structured import load_notice

GOLD = Path(__file__).resolve().parent.parent / "fixtures" / "structured"


def load(name: str) -> Notice:
    return load_notice(GOLD / f"{name}.yaml")


def statuses(notice: Notice) -> list[tuple[str | None, StatusKind]]:
    return [(finding.number, effective_status(finding, chain)) for chain, finding in notice.iter_findings()]


def test_every_seed_has_a_gold_fixture() -> None:
    raw = {path.stem for path in (GOLD.parent / "raw").glob("*.txt")}
    gold = {path.stem for path in GOLD.glob("*.yaml")}
    assert raw == gold


def test_yuzhou() -> None:
    notice = load("yuzhou-2021-01-07")
    found = statuses(notice)
    assert [number for number, _ in found] == [f"{n}." for n in range(1, 29)]
    counts = Counter(kind for _, kind in found)
    assert counts == {StatusKind.closed: 24, StatusKind.ongoing: 4}
    assert [number for number, kind in found if kind is StatusKind.ongoing] == ["8.", "12.", "13.", "14."]
    assert [section.number for section in notice.sections] == ["一、", "二、", "三、", "四、"]
    assert [len(section.sections) for section in notice.sections] == [3, 2, 3, 0]
    assert notice.published is not None and str(notice.published.start) == "2021-01-07"


def test_ganxian() -> None:
    notice = load("ganxian-2017")
    found = statuses(notice)
    assert [kind for _, kind in found] == [StatusKind.mostly_closed] * 7 + [StatusKind.long_term] * 2
    assert [number for number, _ in found] == ["1.", "2.", "3.", "4.", "5.", "6.", "7.", "1.", "2."]
    assert notice.published is None and notice.title is None


def test_huainan() -> None:
    notice = load("huainan-tzb-2020-12-17")
    found = statuses(notice)
    assert len(found) == 10
    assert {kind for _, kind in found} == {StatusKind.none}
    groups = notice.sections[1].sections
    assert [section.number for section in groups] == ["(一)", "(二)", "(三)", "(四)", "(五)"]
    assert sum(len(section.findings) for section in groups) == 10


def test_longjie() -> None:
    notice = load("longjie-2019-12-30")
    found = statuses(notice)
    assert len(found) == 18
    individual = notice.sections[2]
    assert len(individual.findings) == 3
    assert len(found) - len(individual.findings) == 15
    assert [number for number, _ in found[:3]] == ["1.", "1.", "3."]
    assert notice.contacts == []


def test_qinxian() -> None:
    notice = load("qinxian-2020-07-30")
    assert notice.fragment
    assert [section.number for section in notice.sections] == ["二、", "三、", "四、"]


@pytest.mark.parametrize("path", sorted(GOLD.glob("*.yaml")), ids=lambda path: path.stem)
def test_gold_round_trips_through_json(path: Path) -> None:
    notice = load_notice(path)
    again = Notice.model_validate_json(notice.model_dump_json())
    assert again == notice
