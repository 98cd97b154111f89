"""Facts of the gold structured fixtures: key values the core rules rely on."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_facts_catalog import assert_fits_catalog

from engine.facts.builder import Fact, FactSet, build_facts
from engine.structured import load_notice

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "structured"


def build(name: str) -> FactSet:
    return build_facts(load_notice(FIXTURES / f"{name}.yaml"))


def claim_by_text(result: FactSet, start: str) -> Fact:
    matches = [fact for fact in result.of("claim") if str(fact["text"]).startswith(start)]
    assert matches, f"no claim starting with {start!r}"
    return matches[0]


@pytest.mark.parametrize("name", ["huainan-tzb-2020-12-17", "ganxian-2017", "yuzhou-2021-01-07", "longjie-2019-12-30",
                                  "qinxian-2020-07-30"])
def test_fixture_fits_catalog_and_is_deterministic(name: str) -> None:
    result = build(name)
    assert_fits_catalog(result)
    assert result.facts == build(name).facts
    assert set(result.refs) == {fact["id"] for fact in result.facts}


def test_huainan() -> None:
    result = build("huainan-tzb-2020-12-17")
    measures = claim_by_text(result, "整改举措29项")
    assert (measures["claimed"], measures["actual"], measures["delta"], measures["matches"]) == (29.0, 31.0, -2.0,
                                                                                                  False)
    city = claim_by_text(result, "392万元")
    assert (city["actual"], city["delta"], city["matches"]) == (3890000.0, 30000.0, False)
    assert claim_by_text(result, "五个方面")["actual"] == 5.0
    assert claim_by_text(result, "10个问题")["matches"] is True
    assert claim_by_text(result, "症结原因10条")["checkable"] is False
    notice = result.of("notice")[0]
    assert notice["findings_without_status"] == 10 and notice["findings_with_status"] == 0
    assert (notice["inspection_end"], notice["feedback_date"], notice["published"]) == (20191220, 20200413, 20201217)
    assert all(f["status"] == "none" for f in result.of("finding"))


def test_ganxian() -> None:
    result = build("ganxian-2017")
    measures = claim_by_text(result, "33条具体整改措施")
    assert (measures["actual"], measures["matches"]) == (33.0, True)
    assert claim_by_text(result, "有7个问题基本整改到位")["matches"] is True
    assert claim_by_text(result, "3大类")["checkable"] is False
    breakdown = claim_by_text(result, "13名科级干部")
    assert (breakdown["actual"], breakdown["matches"]) == (13.0, True)
    findings = result.of("finding")
    assert [f["status"] for f in findings] == ["mostly_closed"] * 7 + ["long_term"] * 2
    assert all(f["status_source"] == "group" for f in findings)
    assert not any(s["children_numbering_broken"] for s in result.of("section"))
    no_amount = [m for m in result.of("money") if m["action"] == "recovered" and not m["has_amount"]]
    assert no_amount, "ganxian reports a recovery without an amount"
    assert result.of("notice")[0]["has_published"] is False


def test_yuzhou() -> None:
    result = build("yuzhou-2021-01-07")
    finding_21 = [c for c in result.of("claim") if c.get("finding_ordinal") == 21 and c["kind"] == "sum"]
    assert finding_21 and all(c["matches"] for c in finding_21)
    assert finding_21[0]["claimed"] == 310000.0
    finding_8 = next(f for f in result.of("finding") if f["ordinal"] == 8)
    assert (finding_8["status"], finding_8["vague_target_only"], finding_8["has_concrete_target"]) == (
        "ongoing", True, False)
    assert all(f["status_source"] == "finding" for f in result.of("finding"))
    notice = result.of("notice")[0]
    assert notice["finding_count"] == 28 and notice["claims_mismatched"] == 0
    assert (notice["inspection_start"], notice["inspection_end"], notice["feedback_date"]) == (20201009, 20201023,
                                                                                              20201103)
    phone = next(c for c in result.of("contact") if c["kind"] == "phone")
    assert (phone["valid"], phone["has_area_code"]) == (True, False)


def test_longjie() -> None:
    result = build("longjie-2019-12-30")
    notice = result.of("notice")[0]
    assert notice["findings_numbering_broken"] is True
    assert notice["findings_numbering_problem"] == "1, 1, 3"
    assert notice["has_supervision_contact"] is False and notice["contact_count"] == 0
    assert notice["findings_without_status"] == notice["finding_count"] == 18
    group = next(s for s in result.of("section") if s["section_path"] == "二/(一)")
    assert (group["children_numbering_broken"], group["numbering_problem"]) == (True, "1, 1")
    second = result.of("finding")[1]
    assert (second["number"], second["numbering_ok"], second["expected_ordinal"]) == ("1.", False, 2)
    bullets = [s for s in result.of("section") if s["number_is_bullet"]]
    assert [s["section_path"] for s in bullets] == ["•", "二/•"]
    assert claim_by_text(result, "涉及个性问题3个")["matches"] is True


def test_qinxian() -> None:
    result = build("qinxian-2020-07-30")
    notice = result.of("notice")[0]
    assert notice["fragment"] is True and notice["children_first_ordinal"] == 2
    assert notice["children_numbering_broken"] is False
    assert all(fact["notice_fragment"] is True for fact in result.facts)
    rate = claim_by_text(result, "台账108个")
    assert (rate["actual"], rate["rate_half_up_ok"], rate["rate_truncated_ok"], rate["matches"]) == (
        100.0, True, True, True)
    phone = next(c for c in result.of("contact") if c["kind"] == "phone")
    assert phone["value"] == "0355——7024925" and phone["valid"] is True
