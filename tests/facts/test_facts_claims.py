"""Claims: actual values, delta = claimed − actual, scopes and rate roundings."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from facts_factory import facts, finding, one, section

from engine.facts.claims import count_measures
from engine.model import Finding


def claim(kind: str, text: str, claimed: str, **extra: Any) -> dict[str, Any]:
    return {"kind": kind, "text": text, "claimed": claimed, **extra}


def parts(*values: str) -> list[dict[str, str]]:
    return [{"value": value} for value in values]


def test_sum_mismatch_delta_is_claimed_minus_actual() -> None:
    # huainan: 市级392万元 (25.5 + 230 + 45 + 70 + 18.5 = 389万元)
    c = claim("sum", "392万元", "3920000", target="money", parts=parts("255000", "2300000", "450000", "700000",
                                                                        "185000"))
    result = facts(claims=[c])
    fact = one(result, "claim")
    assert fact["actual"] == 3890000.0
    assert fact["delta"] == 30000.0
    assert fact["checkable"] is True
    assert fact["matches"] is False
    assert fact["part_count"] == 5
    assert result.claims[0].delta == Decimal("30000")
    assert one(result, "notice")["claims_mismatched"] == 1


def test_sum_with_decimal_parts_matches_exactly() -> None:
    # yuzhou finding 21: 31万 = 21.4062 + 1.832 + 0.36 + 7.4018 (万元)
    c = claim("sum", "31万元", "310000", target="money", parts=parts("214062", "18320", "3600", "74018"))
    fact = one(facts(findings=[finding(21, claims=[c])]), "claim")
    assert fact["matches"] is True
    assert fact["delta"] == 0.0
    assert fact["scope"] == "finding"
    assert fact["finding_number"] == "21."


def test_sum_of_float_unfriendly_parts_is_exact() -> None:
    c = claim("sum", "0.3", "0.3", parts=parts("0.1", "0.2"))
    assert one(facts(claims=[c]), "claim")["matches"] is True


def test_sum_without_parts_is_not_checkable() -> None:
    fact = one(facts(claims=[claim("sum", "合计5万元", "50000")]), "claim")
    assert fact["checkable"] is False
    assert fact["matches"] is False
    assert "actual" not in fact and "delta" not in fact
    assert fact["not_checkable_reason"] == "no parts are listed"


def test_sanction_breakdown() -> None:
    c = claim("sanction_breakdown", "13名…其中立案查处5人,诫勉谈话1人,约谈7人", "13", target="people",
              parts=parts("5", "1", "7"))
    fact = one(facts(claims=[c]), "claim")
    assert (fact["actual"], fact["matches"]) == (13.0, True)
    wrong = one(facts(claims=[{**c, "claimed": "14"}]), "claim")
    assert (wrong["delta"], wrong["matches"]) == (1.0, False)


@pytest.mark.parametrize(("kind", "labels", "claimed", "checkable", "matches"), [
    # one person may be given a party and a state sanction: more sanctions than people is no error...
    ("sum", ("给予党内警告处分", "政务记过处分"), "3", False, False),
    ("sanction_breakdown", ("党纪处分", "政务处分"), "3", False, False),
    # ...fewer is
    ("sum", ("给予党内警告处分", "政务记过处分"), "5", True, False),
    # sanctions of one kind are people apart
    ("sanction_breakdown", ("诫勉谈话", "提醒谈话"), "3", True, False),
    ("sanction_breakdown", ("党纪政务处分", "诫勉谈话"), "3", True, False),
])
def test_party_and_state_sanctions_may_fall_on_one_person(kind: str, labels: tuple[str, str], claimed: str,
                                                          checkable: bool, matches: bool) -> None:
    c = claim(kind, "…", claimed, target="people", parts=[{"label": label, "value": "2"} for label in labels])
    fact = one(facts(claims=[c]), "claim")
    assert (fact["checkable"], fact["matches"]) == (checkable, matches)
    if not checkable:
        assert fact["not_checkable_reason"] == "party and state sanctions may fall on the same person"


def test_rate_hundred_percent() -> None:
    c = claim("rate", "整改率100%", "100", numerator="108", denominator="108")
    fact = one(facts(claims=[c]), "claim")
    assert fact["actual"] == 100.0
    assert fact["rate_half_up_ok"] is True and fact["rate_truncated_ok"] is True
    assert fact["matches"] is True
    assert fact["decimals"] == 0
    assert (fact["numerator"], fact["denominator"]) == (108.0, 108.0)


def test_rate_rounding_half_up_and_truncated() -> None:
    # 725/780 = 92.9487…%: half-up 92.95, truncated 92.94
    truncated = one(facts(claims=[claim("rate", "92.94%", "92.94", numerator="725", denominator="780")]), "claim")
    assert truncated["rate_truncated_ok"] is True and truncated["rate_half_up_ok"] is False
    assert truncated["matches"] is True
    assert truncated["actual"] == 92.95 and truncated["decimals"] == 2
    half_up = one(facts(claims=[claim("rate", "92.95%", "92.95", numerator="725", denominator="780")]), "claim")
    assert half_up["rate_half_up_ok"] is True and half_up["rate_truncated_ok"] is False
    assert half_up["delta"] == 0.0
    wrong = one(facts(claims=[claim("rate", "92.96%", "92.96", numerator="725", denominator="780")]), "claim")
    assert wrong["matches"] is False and wrong["rate_half_up_ok"] is False and wrong["rate_truncated_ok"] is False


def test_rate_printed_decimals_win_over_the_number() -> None:
    # 79/85 = 92.941…%: printed as 92.94 with decimals 2, both roundings agree
    fact = one(facts(claims=[claim("rate", "92.94%", "92.94", numerator="79", denominator="85", decimals=2)]), "claim")
    assert fact["rate_half_up_ok"] is True and fact["rate_truncated_ok"] is True


def test_rate_without_denominator_is_not_checkable() -> None:
    fact = one(facts(claims=[claim("rate", "完成率为60.08%", "60.08")]), "claim")
    assert fact["checkable"] is False
    assert "actual" not in fact and "rate_half_up_ok" not in fact
    assert fact["decimals"] == 2


def _grouped_notice_claims(*claims: dict[str, Any]) -> list[dict[str, Any]]:
    """huainan's shape: 一、 narrative (with the claims), 二、 holding (一) 1 finding and (二) 2 findings."""
    return [
        section("一、", 1, "明确整改目标", text="…", claims=list(claims)),
        section("二、", 2, "逐条逐项抓好整改", sections=[
            section("(一)", 1, findings=[finding(1)]),
            section("(二)", 2, findings=[finding(2), finding(3)]),
        ]),
    ]


def test_counts_on_a_narrative_section_count_over_the_notice() -> None:
    result = facts(sections=_grouped_notice_claims(
        claim("count", "两个方面", "2", target="sections"),
        claim("count", "3个问题", "3", target="findings"),
        claim("count", "症结原因10条", "10", target="causes"),
    ))
    sections_claim, findings_claim, causes_claim = result.of("claim")
    assert (sections_claim["actual"], sections_claim["matches"]) == (2.0, True)
    assert (findings_claim["actual"], findings_claim["matches"]) == (3.0, True)
    assert findings_claim["section_path"] == "一" and findings_claim["scope"] == "section"
    assert causes_claim["checkable"] is False
    assert causes_claim["not_checkable_reason"] == "the notice does not enumerate causes"


def test_sections_count_at_the_top_when_several_top_sections_hold_findings() -> None:
    result = facts(
        claims=[claim("count", "两个方面", "2", target="sections")],
        sections=[section("一、", 1, findings=[finding(1)]),
                  section("二、", 2, sections=[section("(一)", 1, findings=[finding(2)]),
                                               section("(二)", 2, findings=[finding(3)])])],
    )
    assert one(result, "claim")["actual"] == 2.0


def test_findings_count_on_a_section_holding_findings_counts_that_section() -> None:
    result = facts(sections=[section("一、", 1, claims=[claim("count", "2个问题", "2", target="findings")],
                                     findings=[finding(1), finding(2)]),
                             section("二、", 2, findings=[finding(3)])])
    assert one(result, "claim")["actual"] == 2.0


def test_a_count_of_a_kind_of_problems_counts_the_section_that_kind_names() -> None:
    kinds = [section("一、", 1, "总体情况", text="…", claims=[
        claim("count", "共性问题2个", "2", target="findings"), claim("count", "个性问题2个", "2", target="findings")]),
        section("二、", 2, "整改落实情况", sections=[
            section("(一)", 1, "共性问题", findings=[finding(1), finding(2)]),
            section("(二)", 2, "个性问题", findings=[finding(3)]),
        ])]
    common, specific = facts(sections=kinds).of("claim")
    assert (common["actual"], common["matches"]) == (2.0, True)
    assert (specific["actual"], specific["matches"]) == (1.0, False)
    # no section named by the kind: a part of the findings, which the notice does not tell apart
    plain = facts(sections=_grouped_notice_claims(claim("count", "共性问题2个", "2", target="findings")))
    assert one(plain, "claim")["checkable"] is False
    assert one(plain, "claim")["not_checkable_reason"] == "no one section holds the common problems"


def test_status_count_uses_effective_status() -> None:
    group = section("(一)", 1, "已基本整改到位的2个问题", status={"kind": "mostly_closed", "phrase": "已基本整改到位"},
                    findings=[finding(1), finding(2)])
    other = section("(二)", 2, "列入长期整改的1个问题", findings=[
        finding(1, status={"kind": "long_term", "phrase": "列入长期整改任务"})])
    result = facts(claims=[claim("status_count", "有2个问题基本整改到位", "2", target="findings",
                                 status="mostly_closed"),
                           claim("status_count", "1个问题列入长期整改任务", "2", target="findings",
                                 status="long_term")],
                   sections=[group, other])
    mostly, long_term = result.of("claim")
    assert (mostly["actual"], mostly["matches"], mostly["status"]) == (2.0, True, "mostly_closed")
    assert (long_term["actual"], long_term["delta"]) == (1.0, 1.0)


def test_status_count_is_not_checked_while_a_finding_states_no_status() -> None:
    closed = {"kind": "closed", "phrase": "已完成"}
    count = claim("status_count", "已完成整改2个", "2", target="findings", status="closed")
    some_unstated = one(facts(claims=[count], findings=[finding(1, status=closed), finding(2), finding(3)]), "claim")
    assert (some_unstated["checkable"], some_unstated["matches"]) == (False, False)
    assert some_unstated["not_checkable_reason"] == "some findings of the notice state no status"
    too_few = claim("status_count", "已完成整改0个", "0", target="findings", status="closed")
    too_many = claim("status_count", "已完成整改4个", "4", target="findings", status="closed")
    for outside, actual, delta in ((too_few, 1.0, -1.0), (too_many, 1.0, 3.0)):  # 1 closed + 2 unstated allow 1–3
        fact = one(facts(claims=[outside], findings=[finding(1, status=closed), finding(2), finding(3)]), "claim")
        assert (fact["checkable"], fact["matches"], fact["actual"], fact["delta"]) == (True, False, actual, delta)
    all_stated = one(facts(claims=[count], findings=[finding(1, status=closed), finding(2, status=closed),
                                                      finding(3, status={"kind": "ongoing", "phrase": "正在整改"})]),
                     "claim")
    assert (all_stated["checkable"], all_stated["matches"], all_stated["actual"]) == (True, True, 2.0)


def test_a_count_of_closed_or_ongoing_findings_may_count_the_mostly_closed_ones() -> None:
    """已完成整改4个,正在推进2个 over 3 closed, 1 ongoing and 2 mostly closed: both counts hold."""
    closed, ongoing = {"kind": "closed", "phrase": "已完成"}, {"kind": "ongoing", "phrase": "正在推进"}
    mostly = {"kind": "mostly_closed", "phrase": "基本完成"}
    findings = [finding(1, status=closed), finding(2, status=closed), finding(3, status=closed),
                finding(4, status=ongoing), finding(5, status=mostly), finding(6, status=mostly)]

    def fact_of(text: str, value: str, status: str) -> dict[str, object]:
        return one(facts(claims=[claim("status_count", text, value, target="findings", status=status)],
                         findings=findings), "claim")

    for text, value, status in (("已完成整改4个", "4", "closed"), ("已完成整改5个", "5", "closed"),
                                ("正在推进2个", "2", "ongoing"), ("正在推进3个", "3", "ongoing")):
        fact = fact_of(text, value, status)
        assert (fact["checkable"], fact["matches"]) == (False, False)
        assert fact["not_checkable_reason"] == "mostly closed findings of the notice may be counted with these"
    for text, value, status, actual in (("已完成整改6个", "6", "closed", 3.0), ("正在推进0个", "0", "ongoing", 1.0),
                                        ("基本完成3个", "3", "mostly_closed", 2.0)):
        fact = fact_of(text, value, status)
        assert (fact["checkable"], fact["matches"], fact["actual"]) == (True, False, actual)
    exact = fact_of("已完成整改3个", "3", "closed")  # the mostly closed ones counted apart
    assert (exact["checkable"], exact["matches"], exact["actual"]) == (True, True, 3.0)


def test_a_summary_may_count_the_findings_fixed_at_once_apart() -> None:
    """已完成整改4个，立行立改1个 over five closed findings, one of them 立行立改: both hold."""
    closed, at_once = {"kind": "closed", "phrase": "已完成整改"}, {"kind": "closed", "phrase": "立行立改"}
    findings = [finding(1, status=closed), finding(2, status=closed), finding(3, status=closed),
                finding(4, status=closed), finding(5, status=at_once)]

    def fact_of(text: str, value: str) -> dict[str, object]:
        return one(facts(claims=[claim("status_count", text, value, target="findings", status="closed")],
                         findings=findings), "claim")

    apart = fact_of("已完成整改4个", "4")
    assert (apart["checkable"], apart["not_checkable_reason"]) == (False, "立行立改 findings of the notice may be "
                                                                           "counted apart")
    assert (fact_of("立行立改1个", "1")["checkable"], fact_of("立行立改1个", "1")["matches"]) == (True, True)
    assert (fact_of("已完成整改5个", "5")["checkable"], fact_of("已完成整改5个", "5")["matches"]) == (True, True)
    for text, value in (("已完成整改3个", "3"), ("立行立改2个", "2")):
        assert (fact_of(text, value)["checkable"], fact_of(text, value)["matches"]) == (True, False)


def test_measure_count_is_not_checked_when_every_finding_tells_its_work_in_prose() -> None:
    prose = {"kind": "situation", "text": "新建公办幼儿园4所。"}
    listed = {"kind": "situation", "measures": [{"text": "a"}, {"text": "b"}]}
    count = claim("count", "整改措施32条", "32", target="measures")
    unlisted = one(facts(claims=[count], findings=[finding(1, blocks=[prose]), finding(2, blocks=[prose])]), "claim")
    assert (unlisted["checkable"], unlisted["not_checkable_reason"]) == (False, "the notice enumerates no measures")
    mixed = one(facts(claims=[count], findings=[finding(1, blocks=[prose]), finding(2, blocks=[listed])]), "claim")
    assert (mixed["checkable"], mixed["actual"]) == (True, 3.0)  # an unmarked block counts one


def test_count_measures_rule() -> None:
    measures_block = {"kind": "measures", "measures": [{"text": "a"}, {"text": "b"}]}
    situation = {"kind": "situation", "measures": [{"text": "a"}, {"text": "b"}, {"text": "c"}]}
    unmarked = {"kind": "situation", "text": "建立了制度。"}
    empty = {"kind": "results", "text": ""}

    def count(*blocks: dict[str, Any]) -> int:
        return count_measures(Finding.model_validate(finding(1, blocks=list(blocks))))

    assert count(situation, measures_block) == 2  # the measures block wins
    assert count(situation) == 3
    assert count(unmarked) == 1
    assert count(empty) == 0
    assert count() == 0


def test_measures_claim_over_the_notice_and_on_a_finding() -> None:
    three = [{"kind": "situation", "measures": [{"text": "a"}, {"text": "b"}, {"text": "c"}]}]
    result = facts(
        claims=[claim("count", "整改举措5项", "5", target="measures")],
        findings=[finding(1, blocks=three, claims=[claim("count", "三项措施", "3", target="measures"),
                                                  claim("count", "2个问题", "2", target="findings")]),
                  finding(2)],
    )
    on_finding, not_checkable, on_notice = result.of("claim")
    assert (on_finding["actual"], on_finding["matches"]) == (3.0, True)
    assert not_checkable["checkable"] is False
    assert (on_notice["actual"], on_notice["delta"]) == (4.0, 1.0)
    assert [c.fact_id for c in result.claims] == [on_finding["id"], not_checkable["id"], on_notice["id"]]


def test_counts_of_a_notice_that_lists_no_finding_are_not_checkable() -> None:
    # a summary notice: 巡察反馈的28个问题,已整改到位24个,正在整改4个 (and nothing listed one by one)
    result = facts(sections=[section("一、", 1, "整改总体情况", claims=[
        claim("count", "28个问题", "28", target="findings"),
        claim("count", "五个方面", "5", target="sections"),
        claim("count", "整改措施36项", "36", target="measures"),
        claim("status_count", "已整改到位24个", "24", target="findings", status="closed"),
    ])])
    for fact in result.of("claim"):
        assert fact["checkable"] is False and fact["matches"] is False
        assert fact["not_checkable_reason"] == "the notice lists no findings"


def test_counts_become_checkable_once_one_finding_is_listed() -> None:
    result = facts(sections=[section("一、", 1, "整改总体情况",
                                     claims=[claim("count", "28个问题", "28", target="findings")]),
                             section("二、", 2, "具体问题", findings=[finding(1)])])
    fact = one(result, "claim")
    assert (fact["checkable"], fact["actual"], fact["matches"]) == (True, 1.0, False)


def test_sections_grouped_by_status_are_not_subject_sections() -> None:
    # (一)已完成整改的问题(12个) (二)正在整改的问题(3个): the 4个方面 of the summary are not these groups
    closed = {"kind": "closed", "phrase": "已完成整改"}
    ongoing = {"kind": "ongoing", "phrase": "正在整改"}
    result = facts(claims=[claim("count", "4个方面", "4", target="sections")], sections=[
        section("(一)", 1, "已完成整改的问题", status=closed, findings=[finding(1)]),
        section("(二)", 2, "正在整改的问题", status=ongoing, findings=[finding(2)]),
    ])
    fact = one(result, "claim")
    assert fact["checkable"] is False
    assert fact["not_checkable_reason"] == "the findings are grouped by status, not by subject"


def test_measures_are_not_checkable_when_none_is_listed() -> None:
    deadline_only = [{"kind": "situation", "text": "整改时限:2022年12月底前。"}]
    result = facts(claims=[claim("count", "整改措施62项", "62", target="measures")],
                   sections=[section("一、", 1, findings=[finding(1, blocks=[]), finding(2, blocks=deadline_only)])])
    fact = one(result, "claim")
    assert fact["checkable"] is False
    assert fact["not_checkable_reason"] == "the notice lists no measures for some findings"
    assert count_measures(Finding.model_validate({"problem": {"text": "问题"}, "blocks": deadline_only})) == 0


def test_measures_are_not_checkable_when_some_findings_list_none() -> None:
    result = facts(claims=[claim("count", "整改措施62项", "62", target="measures")],
                   sections=[section("一、", 1, findings=[finding(1), finding(2, blocks=[])])])
    fact = one(result, "claim")
    assert fact["checkable"] is False
    assert fact["not_checkable_reason"] == "the notice lists no measures for some findings"
