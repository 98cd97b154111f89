"""Sanction and contact extractors: one row per expression."""

from __future__ import annotations

import pytest

from engine.parsing.extract import extract_contacts, extract_sanctions
from engine.spans import Locator

# (expression, kind, phrase, count, unit, targets)
SANCTIONS: list[tuple[str, str, str, int | None, str | None, list[str]]] = [
    ("共开展专项监督检查8轮次,印发通报7期,党纪政务处分1人,组织处理7人。", "discipline", "党纪政务处分", 1, "人", []),
    ("共开展专项监督检查8轮次,印发通报7期,党纪政务处分1人,组织处理7人。", "organisational", "组织处理", 7, "人", []),
    ("整改情况:该项已办结。市纪委监委已对市住建局局长李建军进行了约谈。", "talk", "约谈", None, None,
     ["市住建局局长李建军"]),
    ("朱阁镇纪委对郑湾村党支部书记朱某某、大墙王社区党支部书记陈某某进行了提醒谈话", "reminder", "提醒谈话", None, None,
     ["郑湾村党支部书记朱某某", "大墙王社区党支部书记陈某某"]),
    ("给予84.2万元行政处罚,并对8名乡镇党委书记进行了集中约谈。", "talk", "约谈", 8, "名", ["乡镇党委书记"]),
    ("全区扶贫领域立案53件,给予党纪政纪处分45人,移送司法机关2人", "case", "立案", 53, "件", []),
    ("全区扶贫领域立案53件,给予党纪政纪处分45人,移送司法机关2人", "discipline", "党纪政纪处分", 45, "人", []),
    ("全区扶贫领域立案53件,给予党纪政纪处分45人,移送司法机关2人", "judicial", "移送司法机关", 2, "人", []),
    ("对19名工作落实不力的干部进行了问责", "accountability", "问责", 19, "名", ["工作落实不力的干部"]),
    ("对责任单位给予全区通报批评,并由区委领导对单位主要负责人进行约谈。", "criticism", "通报批评", None, None,
     ["责任单位"]),
    ("对责任单位给予全区通报批评,并由区委领导对单位主要负责人进行约谈。", "talk", "约谈", None, None,
     ["单位主要负责人"]),
    ("立案查处基层“微腐败”问题37件,给予党纪政纪处分37人", "case", "立案查处", 37, "件", []),
    ("对1名负责扶贫队员考勤工作的乡镇分管领导弄虚作假的问题,予以诫勉谈话。", "admonition", "诫勉谈话", 1, "名", []),
    ("其中立案查处5人,诫勉谈话1人,约谈7人", "admonition", "诫勉谈话", 1, "人", []),
    ("苌庄镇党委责令该村支部书记张某某作了深刻的书面检查,并对其进行了批评教育", "written_review", "书面检查", None,
     None, []),
    ("苌庄镇党委责令该村支部书记张某某作了深刻的书面检查,并对其进行了批评教育", "criticism", "批评教育", None, None,
     ["其"]),
]

NO_SANCTIONS = [
    "监督问责机制不健全,问责方式单一",
    "制定出台《关于加大对脱贫攻坚工作责任追究的通知》,严肃追责问责",
]

# (expression, [(kind, value), ...])
CONTACTS: list[tuple[str, list[tuple[str, str]]]] = [
    ("联系方式:8279000;邮政信箱:禹州市禹王大道99号市委办公室913房间;电子邮箱:yzswbzhk@126.com。",
     [("phone", "8279000"), ("postal", "禹州市禹王大道99号市委办公室913房间"), ("email", "yzswbzhk@126.com")]),
    ("联系方式:电话0554-5363431;邮政信箱:安徽省淮南市政务中心C座431房间(邮编:232001);电子邮箱:htb6678721@163.com。",
     [("phone", "0554-5363431"), ("postal", "安徽省淮南市政务中心C座431房间"), ("postcode", "232001"),
      ("email", "htb6678721@163.com")]),
    ("联系方式:0355——7024925;邮政信箱:沁县胜利路148号二楼办公室;电子邮箱:fpb7024925@163.com。",
     [("phone", "0355——7024925"), ("postal", "沁县胜利路148号二楼办公室"), ("email", "fpb7024925@163.com")]),
    ("来信请寄中共赣州市赣县区委巡察办(信封请注明:意见建议),电话0797-4436891。",
     [("postal", "中共赣州市赣县区委巡察办"), ("phone", "0797-4436891")]),
    ("举报电话:13812345678,网站:http://www.example.gov.cn/", [("phone", "13812345678"),
                                                              ("website", "http://www.example.gov.cn/")]),
    ("索 引 号:115323260151757350-/2021-12264883 备案序号:豫ICP备18024834号-1", []),
    ("培训村“两委”干部5073人次,床位3569张", []),
    # 12388 (纪检监察举报) after a cue or 拨打, also after an area code; not a bare 5-digit number
    ("举报电话:12388;监督电话:0571-12388,也可拨打12388。", [("phone", "12388"), ("phone", "0571-12388"),
                                                        ("phone", "12388")]),
    ("共计12388元", []),
    # the area code in full-width brackets, as Chinese text sets it
    ("联系电话:（0719）8123456;举报电话:（0571）12388", [("phone", "（0719）8123456"), ("phone", "（0571）12388")]),
]


@pytest.mark.parametrize(("expr", "kind", "phrase", "count", "unit", "targets"), SANCTIONS)
def test_sanction_row(expr: str, kind: str, phrase: str, count: int | None, unit: str | None,
                      targets: list[str]) -> None:
    found = [s for s in extract_sanctions(expr, 0, len(expr), Locator(expr)) if s.phrase == phrase]
    assert found, f"{phrase!r} not found"
    sanction = found[0]
    assert (sanction.kind.value, sanction.count, sanction.unit, sanction.targets) == (kind, count, unit, targets)


@pytest.mark.parametrize("expr", NO_SANCTIONS)
def test_no_sanctions(expr: str) -> None:
    assert extract_sanctions(expr, 0, len(expr), Locator(expr)) == []


@pytest.mark.parametrize(("expr", "expected"), CONTACTS)
def test_contact_row(expr: str, expected: list[tuple[str, str]]) -> None:
    found = extract_contacts(expr, 0, len(expr), Locator(expr))
    assert [(c.kind.value, c.value) for c in found] == expected
    for contact in found:
        assert contact.span is not None and expr[contact.span.start:contact.span.end] == contact.value
