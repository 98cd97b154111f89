"""Text tests: personal numbers, contact formats, boilerplate."""

from __future__ import annotations

import pytest

from engine.facts.text_checks import (
    find_id_numbers,
    find_mobiles,
    has_area_code,
    id_checksum_ok,
    is_boilerplate,
    is_mobile,
    is_valid_contact,
    is_valid_phone,
    scan_pii,
)


def test_id_numbers() -> None:
    assert id_checksum_ok("11010519491231002X")
    assert not id_checksum_ok("110105194912310021")
    assert find_id_numbers("身份证号11010519491231002X。") == ["11010519491231002X"]
    assert find_id_numbers("身份证号11010519491231002x") == ["11010519491231002x"]
    assert find_id_numbers("号码110105194912310021") == []  # bad check digit
    assert find_id_numbers("旧证130503670401001号") == ["130503670401001"]
    assert find_id_numbers("编号130503671301001") == []  # month 13: not a birth date
    assert find_id_numbers("全角１１０１０５１９４９１２３１００２Ｘ") == ["11010519491231002X"]
    assert find_id_numbers("金额1234567890123456789元") == []  # 19 digits


def test_mobiles() -> None:
    assert find_mobiles("联系人张三13812345678") == ["13812345678"]
    assert find_mobiles("电话138-1234-5678") == ["138-1234-5678"]
    assert find_mobiles("+86 13912345678") == ["13912345678"]
    assert find_mobiles("电话0554-5363431") == []
    assert find_mobiles("12345678901") == []  # 1[3-9] only
    assert find_mobiles("编号113812345678") == []  # inside a longer number
    assert find_mobiles("１３８１２３４５６７８") == ["13812345678"]


def test_scan_pii_fields() -> None:
    fields = scan_pii(["问题", None, "户主身份证11010519491231002X,电话13812345678"]).fields()
    assert fields == {"pii_found": True, "pii_id_number": True, "pii_mobile": True,
                      "pii_text": "11010519491231002X"}
    assert scan_pii(["无"]).fields() == {"pii_found": False, "pii_id_number": False, "pii_mobile": False}


@pytest.mark.parametrize(("value", "valid", "area"), [
    ("0554-5363431", True, True),
    ("0355——7024925", True, True),
    ("0797-4436891", True, True),
    ("(0374)8279000", True, True),
    ("（0374）82790001", True, True),
    ("0374 8279000", True, True),
    ("020-87654321", True, True),
    ("8279000", True, False),
    ("82790001", True, False),
    ("13812345678", True, True),
    ("12388", True, True),
    ("0554-536343", False, False),  # 6-digit local number
    ("5363", False, False),
    ("电话", False, False),
    ("11812345678", False, False),
])
def test_phone_validity(value: str, valid: bool, area: bool) -> None:
    assert is_valid_phone(value) is valid
    assert has_area_code(value) is area


def test_other_contacts() -> None:
    assert is_valid_contact("email", "htb6678721@163.com")
    assert is_valid_contact("email", "yzswbzhk＠126.com")
    assert not is_valid_contact("email", "yzswbzhk126.com")
    assert not is_valid_contact("email", "a@b")
    assert is_valid_contact("postcode", "232001")
    assert not is_valid_contact("postcode", "23200")
    assert is_valid_contact("postal", "禹州市禹王大道99号")
    assert not is_valid_contact("postal", "  ")
    assert is_mobile("13812345678") and not is_mobile("0554-5363431")


@pytest.mark.parametrize("text", ["", "已整改。", "该项问题已整改到位。", "不存在此问题", "已办结",
                                  "目前已全部整改到位。"])
def test_boilerplate(text: str) -> None:
    assert is_boilerplate(text)


@pytest.mark.parametrize("text", ["建立了村级财务管理制度。", "已追回资金3万元", "已整改,制定了考核办法"])
def test_not_boilerplate(text: str) -> None:
    assert not is_boilerplate(text)
