"""build_facts on small hand-built notices: context, derived fields, absent keys, refs."""

from __future__ import annotations

from facts_factory import date, facts, finding, money, notice, one, section

from engine.facts.builder import build_facts
from engine.model import Notice, Span

GROUP_STATUS = {"kind": "mostly_closed", "phrase": "已基本整改到位"}


def test_context_and_effective_status_from_group_heading() -> None:
    result = facts(sections=[section("二、", 2, sections=[
        section("(一)", 1, "已基本整改到位的2个问题", status=GROUP_STATUS, findings=[
            finding(1, dates=[date("2020年底", "2020-12-01", "2020-12-31", "month_end", "target")]),
            finding(2, status={"kind": "ongoing", "phrase": "持续整改中"}),
        ]),
        section("(二)", 2, findings=[finding(3)]),
    ])])
    first, second, third = result.of("finding")
    assert (first["status"], first["status_source"], first["has_own_status"]) == ("mostly_closed", "group", False)
    assert first["status_phrase"] == "已基本整改到位"
    assert first["section_path"] == "二/(一)"
    assert (second["status"], second["status_source"], second["has_own_status"]) == ("ongoing", "finding", True)
    assert (third["status"], third["status_source"], third["has_status"]) == ("none", "none", False)
    assert "status_phrase" not in third
    mention = one(result, "date")
    assert mention["finding_number"] == "1." and mention["finding_ordinal"] == 1
    assert mention["finding_status"] == "mostly_closed" and mention["status_source"] == "group"
    assert mention["section_path"] == "二/(一)"
    assert all(fact["notice_published"] == 20210107 for fact in result.facts)
    group = result.of("section")[1]
    assert (group["status"], group["level"], group["finding_count"]) == ("mostly_closed", 2, 2)
    assert result.of("section")[0]["finding_count_total"] == 3
    notice_fact = one(result, "notice")
    assert (notice_fact["findings_with_status"], notice_fact["findings_without_status"]) == (2, 1)


def test_absent_values_are_absent_keys() -> None:
    result = build_facts(Notice.model_validate({"findings": [finding(1)]}))
    for fact in result.facts:
        assert None not in fact.values()
    bare = one(result, "notice")
    assert "published" not in bare and "notice_published" not in bare and bare["has_published"] is False
    assert bare["has_title"] is False and "title" not in bare
    item = one(result, "finding")
    assert "target_end" not in item and "completed_end" not in item and "section_path" not in item


def test_targets() -> None:
    concrete = date("2025年前", "2025-01-01", "2025-12-31", "year", "target")
    earlier = date("11月中旬", "2020-11-11", "2020-11-20", "xun", "target", year_inferred=True)
    vague = date("明年", None, None, "vague", "target")
    done = date("已于11月11日前", "2020-11-11", "2020-11-11", "day", "completed")
    result = facts(findings=[finding(1, dates=[concrete, earlier, done]), finding(2, dates=[vague]),
                             finding(3, dates=[concrete, vague])])
    first, second, third = result.of("finding")
    assert first["has_concrete_target"] is True and first["vague_target_only"] is False
    assert first["target_end"] == 20251231 and first["completed_end"] == 20201111
    assert second["has_concrete_target"] is False and second["vague_target_only"] is True
    assert second["has_vague_target"] is True and "target_end" not in second
    assert third["vague_target_only"] is False
    vague_fact = next(d for d in result.of("date") if d["precision"] == "vague")
    assert "start" not in vague_fact and "end" not in vague_fact and vague_fact["is_concrete"] is False
    xun = result.of("date")[1]
    assert (xun["start"], xun["end"], xun["year_inferred"], xun["role"]) == (20201111, 20201120, True, "target")


def test_concrete_content_and_result_text() -> None:
    boiler = [{"kind": "situation", "label": "整改情况", "text": "已整改。"}]
    marked = [{"kind": "measures", "label": "整改措施", "text": "采取以下措施:",
               "measures": [{"marker": {"text": "一是", "ordinal": 1}, "text": "已整改到位。"},
                            {"marker": {"text": "二是", "ordinal": 2}, "text": "明年完成验收。"}]}]
    result = facts(findings=[finding(1, blocks=boiler), finding(2, blocks=marked), finding(3, blocks=[])])
    first, second, third = result.of("finding")
    assert first["result"] == "已整改。"
    assert first["has_concrete_content"] is False and first["result_only_boilerplate"] is True
    assert first["measure_count"] == 1
    assert second["result"] == "采取以下措施:\n一是已整改到位。\n二是明年完成验收。"
    assert second["has_concrete_content"] is True and second["result_only_boilerplate"] is False
    assert second["measure_count"] == 2 and second["has_vague_time_phrase"] is True
    assert third["has_result"] is False and "result" not in third
    assert third["has_concrete_content"] is False and third["result_only_boilerplate"] is False
    one_is, two_is = result.of("measure")
    assert (one_is["marker"], one_is["marker_ordinal"], one_is["is_boilerplate"]) == ("一是", 1, True)
    assert (two_is["block_kind"], two_is["block_label"], two_is["position"]) == ("measures", "整改措施", 2)
    assert two_is["finding_number"] == "2." and two_is["scope"] == "finding"


def test_money() -> None:
    recovered = money("74018", "7.4018万元", unit="万元", action="recovered", verb="追回",
                      destination={"text": "缴至禹州市会计委派管理中心"}, modifiers=["total", "approximate"])
    no_amount = {"text": "已按要求全数追回资金", "action": "recovered", "verb": "追回"}
    result = facts(findings=[finding(1, money=[recovered, no_amount])])
    first, second = result.of("money")
    assert (first["amount"], first["unit"], first["has_amount"]) == (74018.0, "万元", True)
    assert first["has_destination"] is True and first["destination"] == "缴至禹州市会计委派管理中心"
    assert first["is_total"] and first["is_approximate"] and not first["is_each"] and not first["in_kind"]
    assert second["has_amount"] is False and "amount" not in second and "unit" not in second
    assert second["has_destination"] is False and second["action"] == "recovered"
    assert one(result, "finding")["recovered_count"] == 2


def test_sanctions() -> None:
    sanctions = [{"kind": "admonition", "phrase": "诫勉谈话", "count": 1, "unit": "人", "targets": ["甲", "乙"]},
                 {"kind": "criticism", "phrase": "通报批评"}]
    first, second = facts(findings=[finding(1, sanctions=sanctions)]).of("sanction")
    assert (first["kind"], first["count"], first["has_count"], first["targets_count"]) == ("admonition", 1, True, 2)
    assert first["targets"] == "甲、乙"
    assert second["has_count"] is False and "count" not in second and second["targets_count"] == 0


def test_notice_chronology_and_contacts() -> None:
    inspection = {"kind": "xuncha", "body": {"text": "许昌市委第三巡察组"},
                  "period_start": date("2020年10月9日", "2020-10-09", "2020-10-09", "day"),
                  "period_end": date("10月23日", "2020-10-23", "2020-10-23", "day", year_inferred=True),
                  "feedback_date": date("11月3日", "2020-11-03", "2020-11-03", "day", year_inferred=True)}
    contacts = [{"kind": "phone", "value": "0374-8279000"}, {"kind": "phone", "value": "13812345678"},
                {"kind": "email", "value": "bad-email"}]
    result = facts(title={"text": "关于巡察整改情况的通报"}, inspection=inspection, contacts=contacts)
    fact = one(result, "notice")
    assert (fact["inspection_start"], fact["inspection_end"], fact["feedback_date"]) == (20201009, 20201023, 20201103)
    assert fact["published"] == 20210107 and fact["has_feedback_date"] is True and fact["has_inspection_body"]
    assert fact["has_title"] is True and fact["has_issuer"] is False
    assert (fact["contact_count"], fact["has_phone"], fact["has_email"], fact["has_postal"]) == (3, True, True, False)
    assert fact["has_supervision_contact"] is True
    landline, mobile, email = result.of("contact")
    assert landline["valid"] is True and landline["is_personal_mobile"] is False and landline["has_area_code"]
    assert mobile["valid"] is True and mobile["is_personal_mobile"] is True
    assert email["valid"] is False and "has_area_code" not in email
    assert one(facts(), "notice")["has_supervision_contact"] is False


def test_pii_on_finding_measure_and_notice() -> None:
    blocks = [{"kind": "situation", "measures": [{"text": "联系人电话13812345678"}]}]
    result = facts(sections=[section("一、", 1, findings=[
        finding(1, "户主身份证号11010519491231002X", blocks=blocks), finding(2)])])
    first, second = result.of("finding")
    assert first["pii_found"] and first["pii_id_number"] and first["pii_mobile"]
    assert first["pii_text"] == "11010519491231002X"
    assert second["pii_found"] is False and "pii_text" not in second
    assert one(result, "measure")["pii_mobile"] is True
    assert one(result, "section")["pii_found"] is False
    assert one(result, "notice")["pii_found"] is True


def test_ids_order_and_refs() -> None:
    span = Span(start=10, end=20, line=2, column=3)
    result = facts(
        claims=[{"kind": "count", "text": "2个问题", "claimed": "2", "target": "findings"}],
        findings=[finding(1, "第一个问题的文字", span=span, money=[money("100")])],
        sections=[section("一、", 1, findings=[finding(2)])],
    )
    assert [f["id"] for f in result.facts] == ["notice:1", "finding:1", "money:1", "section:1", "finding:2",
                                               "claim:1"]
    assert set(result.refs) == {f["id"] for f in result.facts}
    ref = result.refs["finding:1"]
    assert (ref.span, ref.quote, ref.finding_number, ref.finding_position) == (span, "第一个问题的文字", "1.", 1)
    assert result.refs["money:1"].finding_ordinal == 1 and result.refs["money:1"].quote == "100元"
    assert result.refs["finding:2"].section_path == "一"
    assert result.get("finding:2")["finding_position"] == 2
    assert build_facts(notice(sections=[section("一、", 1, findings=[finding(2)])])).facts == \
        build_facts(notice(sections=[section("一、", 1, findings=[finding(2)])])).facts


def test_long_quotes_are_shortened() -> None:
    result = facts(findings=[finding(1, "很长" * 50)])
    quote = result.refs["finding:1"].quote
    assert len(quote) == 60 and quote.endswith("…")


def test_fact_refs_compare_and_hash_by_value() -> None:
    from engine.facts.builder import FactRef

    first, second = FactRef(None, "整改到位", finding_number="3"), FactRef(None, "整改到位", finding_number="3")
    assert first == second and hash(first) == hash(second) and len({first, second}) == 1
    assert first != FactRef(None, "整改到位", finding_number="4")
