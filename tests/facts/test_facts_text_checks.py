"""Text tests: personal numbers, contact formats, boilerplate."""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from engine.facts.text_checks import (
    _CANDIDATE,
    _boilerplate_rest,
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
    # 18 digits that pass the check digit by chance: no province (20), or no birth date (month 13)
    assert id_checksum_ok("202301011234567890") and find_id_numbers("项目编号202301011234567890") == []
    assert id_checksum_ok("110105194913310021") and find_id_numbers("编号110105194913310021") == []
    # right after 身份证号 a number is one even with a wrong check digit (mistyped)
    assert find_id_numbers("身份证号:41010319800101123X") == ["41010319800101123X"]
    assert find_id_numbers("身份证号码 110105194912310021") == ["110105194912310021"]


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


FULL_WIDTH = str.maketrans("0123456789Xx", "０１２３４５６７８９Ｘｘ")
digits = st.text(alphabet="0123456789", min_size=1, max_size=4)
separator = st.sampled_from(["", "", "-", " ", "\n", "—"])
four = st.text(alphabet="0123456789", min_size=4, max_size=4)
four_ish = st.one_of(four, four, st.text(alphabet="0123456789", min_size=3, max_size=5))
mobile_like = st.builds(lambda head, a, b, s1, s2: f"{head}{s1}{a}{s2}{b}",
                        st.sampled_from(["138", "+86 139", "128", "1381"]), four_ish, four_ish, separator, separator)
id_like = st.builds(lambda run, end: run + end, st.text(alphabet="0123456789", min_size=13, max_size=18),
                    st.sampled_from(["", "X", "x", "9", "A"]))
piece = st.builds(lambda text, wide: text.translate(FULL_WIDTH) if wide else text,
                  st.one_of(mobile_like, id_like, digits,
                            st.sampled_from(["年", "号", "电话", " ", "130503670401001", "11010519491231002X",
                                             "110105491231002", "110105200001010024"])),  # IDs with no "1[3-9]"
                  st.booleans())
pii_texts = st.lists(piece, max_size=5).map("".join)


@settings(max_examples=500, deadline=None)
@given(st.lists(pii_texts, max_size=4))
@example(["１３８１２３４５６７８", "电话１３８ １２３４\n５６７８"])
@example(["110105491231002", "１１０１０５２００００１０１００２４"])
def test_scan_pii_finds_what_the_full_scans_find(texts: list[str]) -> None:
    """The prefilter of scan_pii (a 15-digit run or a mobile's start) drops no match."""
    scan = scan_pii(texts)
    assert scan.id_numbers == tuple(number for text in texts for number in find_id_numbers(text))
    assert scan.mobiles == tuple(number for text in texts for number in find_mobiles(text))


PLAIN_CANDIDATE = re.compile(r"[0-9０-９]{15}|[1１][3-9３-９][0-9０-９][-\s]?[0-9０-９]{4}")


@settings(max_examples=500, deadline=None)
@given(pii_texts)
@example("2１３８-1234")
@example("0１３8 1234")
@example("12345678901234")
def test_candidate_prefilter_reads_as_the_plain_alternation(text: str) -> None:
    """The prefilter is written to start with a character class (for speed); it finds a match
    exactly when the plain alternation it stands for does."""
    assert (_CANDIDATE.search(text) is None) == (PLAIN_CANDIDATE.search(text) is None)


def test_scan_pii_with_separators_and_full_width_digits() -> None:
    scan = scan_pii(["电话１３８ １２３４ ５６７８", "号码138-1234-5678。", "2021年3月15日整改"])
    assert scan.mobiles == ("138 1234 5678", "138-1234-5678") and scan.id_numbers == ()


BOILERPLATE_PIECES = ("已整改", "已落实", "不存在此问题", "该项已办结", "整改到位", "长期坚持", "目前", "现", "均",
                      "相关情况", "。", "，", " ", "_", "！", "a", "B", "完善", "制度", "建立", "台账", "已",
                      "整", "改", "中", "ｘ")


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(BOILERPLATE_PIECES), max_size=8).map("".join))
def test_is_boilerplate_fast_path_agrees_with_the_full_removal(text: str) -> None:
    assert is_boilerplate(text) == (len(_boilerplate_rest(text)) < 4)


@pytest.mark.parametrize(("text", "expected"), [
    ("已整改。", True), ("该项已办结，目前均已整改到位。", True), ("", True), ("建立台账制度", False),
    ("已整改，完善", True), ("已整改，完善制度", False), ("整改中_", True), ("2021年已整改", False),
])
def test_is_boilerplate_examples(text: str, expected: bool) -> None:
    assert is_boilerplate(text) is expected


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
    ("0571-12388", True, True),  # a county's 12388 line
    ("(0571)12345", True, True),
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
