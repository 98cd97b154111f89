"""Heads of published notices: a date line under the title, and the preamble after it."""

from __future__ import annotations

import datetime as dt

import pytest

from engine.facts.builder import build_facts
from engine.model import Notice
from engine.parsing import parse_text
from engine.spans import Locator

HEAD = """中共某某区委关于市委第六轮巡察整改进展情况的通报
{date_line}
根据市委统一部署,2022年10月10日至12月9日,市委第二巡察组对某某区开展了常规巡察,并于2023年1月6日反馈了巡察意见。现将整改进展情况通报如下。
一、关于贯彻落实决策部署方面
(一)推动高质量发展有差距。
整改进展:正在推进。已排查隐患326处,其余28处限期于2023年6月30日前完成整改。
"""


def _notice(date_line: str) -> Notice:
    text = HEAD.format(date_line=date_line)
    return parse_text(text, Locator(text))


@pytest.mark.parametrize("date_line", ["（2023年5月10日）", "(2023年5月10日)", "2023年5月10日"])
def test_a_date_line_under_the_title_is_the_publication_date(date_line: str) -> None:
    notice = _notice(date_line)
    assert notice.published is not None and notice.published.start == dt.date(2023, 5, 10)
    assert notice.published.text == "2023年5月10日"
    # the preamble after it is read: inspection period and feedback date
    assert notice.inspection is not None and notice.inspection.feedback_date is not None
    assert notice.inspection.feedback_date.start == dt.date(2023, 1, 6)
    assert notice.inspection.period_start is not None and notice.inspection.period_start.start == dt.date(2022, 10, 10)


def test_a_date_line_that_is_no_calendar_day_gives_no_date() -> None:
    assert _notice("（2023年2月30日）").published is None
    assert _notice("（二〇二三年二月三十日）").published is None
    assert _notice("2023-05/10").published is None  # two separators: no date


@pytest.mark.parametrize(("date_line", "printed", "day"), [
    ("（二〇二三年五月十日）", "二〇二三年五月十日", dt.date(2023, 5, 10)),
    ("二○二二年十二月二十一日", "二○二二年十二月二十一日", dt.date(2022, 12, 21)),  # ○ typed for 〇
    ("（2023 年 5 月 10 日）", "2023 年 5 月 10 日", dt.date(2023, 5, 10)),
    ("2023-05-10", "2023-05-10", dt.date(2023, 5, 10)),
    ("（2023.5.10）", "2023.5.10", dt.date(2023, 5, 10)),
])
def test_a_date_line_in_chinese_numerals_spaced_or_dashed(date_line: str, printed: str, day: dt.date) -> None:
    notice = _notice(date_line)
    assert notice.published is not None and (notice.published.text, notice.published.start) == (printed, day)


@pytest.mark.parametrize(("date_line", "day"), [
    ("二〇二三年一月十日", dt.date(2023, 1, 10)),
    ("二〇二〇年十月九日", dt.date(2020, 10, 9)),
    ("二O二一年三月三十一日", dt.date(2021, 3, 31)),  # a Latin O typed for 〇
])
def test_a_signature_dated_in_chinese_numerals(date_line: str, day: dt.date) -> None:
    text = ("某某局党组关于巡察整改情况的通报\n根据县委统一部署,县委第一巡察组对某某局开展了巡察。\n"
            f"一、整改情况\n1.问题。整改情况:已完成。\n联系电话:0571-87654321。\n中共某某局党组\n{date_line}\n")
    notice = parse_text(text, Locator(text))
    assert notice.signature is not None and notice.signature.text == "中共某某局党组"
    assert notice.signature_date is not None and notice.signature_date.start == day
    assert notice.published is not None and notice.published.start == day  # no other date: the signature's


def test_in_progress_wording_is_an_ongoing_status() -> None:
    ((_, finding),) = list(_notice("2023年5月10日").iter_findings())
    assert finding.status is not None and (finding.status.kind.value, finding.status.phrase) == ("ongoing", "正在推进")
    assert [(d.text, d.role.value) for d in finding.dates] == [("2023年6月30日前", "target")]


@pytest.mark.parametrize(("meta", "printed"), [
    ("2022-08-15 10:30  来源:某某网", "2022-08-15"),
    ("日期:2022-08-15", "2022-08-15"),
    ("发布时间:2022年08月15日 10:30", "2022年08月15日"),
    ("信息来源:某某县委 发布日期:2022年8月15日", "2022年8月15日"),
    ("2022年8月15日 来源:某某区纪委监委", "2022年8月15日"),  # a site's date line, unlabelled
])
def test_publication_date_in_meta_lines(meta: str, printed: str) -> None:
    text = (f"关于巡察整改情况的通报\n{meta}\n"
            "根据县委统一部署,县委第一巡察组对某某镇开展了巡察。\n一、整改情况\n1.问题。\n")
    notice = parse_text(text, Locator(text))
    assert notice.published is not None and notice.published.text == printed
    assert notice.published.start == dt.date(2022, 8, 15)


@pytest.mark.parametrize(("preamble", "body", "feedback"), [
    ("根据县委统一部署,十一届县委第三轮巡察对某某镇开展了常规巡察,并于5月20日反馈了巡察意见。",
     "十一届县委第三轮巡察", dt.date(2022, 5, 20)),  # no year printed: the publication's
    ("2022年3月,县委巡察组对某某镇进行了巡察,4月20日向镇党委反馈了意见。", "县委巡察组", dt.date(2022, 4, 20)),
    ("根据市委安排,市委第二轮巡察第三巡察组于2022年3月对我局进行了巡察,4月20日进行了反馈。",
     "市委第二轮巡察第三巡察组", dt.date(2022, 4, 20)),
    ("根据区委统一安排部署,区委组建4个巡察组对区民政局等4家单位开展常规巡察。2022年1月27日,"
     "区委4个巡察组向40家被巡察单位党组织全面反馈巡察情况。", "区委4个巡察组", dt.date(2022, 1, 27)),
    ("根据县委统一部署,县委第三巡察组对某某镇开展了巡察,并于12月20日反馈了巡察意见。",
     "县委第三巡察组", dt.date(2021, 12, 20)),  # after the publication's day: the year before
    # information lines: the date under its label
    ("巡察组:县委第二巡察组;巡察时间:2022年3月5日至5月10日;反馈时间:2022年6月20日。", "县委第二巡察组",
     dt.date(2022, 6, 20)),
    ("县委第二巡察组于2022年3月5日至5月10日对某某镇开展了巡察,反馈日期:2022年6月2日。", "县委第二巡察组",
     dt.date(2022, 6, 2)),
])
def test_inspection_bodies_and_feedback_dates(preamble: str, body: str, feedback: dt.date) -> None:
    text = f"某某镇党委关于巡察整改情况的通报\n发布时间:2022-08-15\n{preamble}\n一、整改情况\n1.问题。\n"
    notice = parse_text(text, Locator(text))
    assert notice.inspection is not None and notice.inspection.body is not None
    assert notice.inspection.body.text == body
    assert notice.inspection.feedback_date is not None and notice.inspection.feedback_date.start == feedback


@pytest.mark.parametrize(("preamble", "printed", "month"), [
    ("2022年3月至5月,区委第一巡察组对某某镇开展了常规巡察。6月,区委巡察组向镇党委反馈了巡察意见。",
     "6月", dt.date(2022, 6, 1)),  # the year of the period before it
    ("根据县委统一部署,县委第二巡察组对某某镇开展了常规巡察,2022年4月向镇党委反馈了巡察意见。",
     "2022年4月", dt.date(2022, 4, 1)),
    ("根据县委统一部署,县委第二巡察组对某某镇开展了常规巡察,并于7月反馈了巡察意见。",
     "7月", dt.date(2022, 7, 1)),  # no year printed: the publication's
])
def test_a_feedback_date_printed_as_a_month(preamble: str, printed: str, month: dt.date) -> None:
    """A month is a printed feedback date (header-missing does not name it), but the chronology is not
    checked against it: its days cannot be ordered against a day within the month."""
    text = f"某某镇党委关于巡察整改情况的通报\n发布时间:2022-08-15\n{preamble}\n一、整改情况\n1.问题。\n"
    notice = parse_text(text, Locator(text))
    feedback = notice.inspection.feedback_date if notice.inspection else None
    assert feedback is not None and (feedback.text, feedback.start) == (printed, month)
    assert feedback.precision.value == "month" and feedback.end.month == month.month and feedback.end.day >= 28
    assert notice.inspection is not None and notice.inspection.period_start is None  # months are no period
    (fact,) = build_facts(notice).of("notice")
    assert fact["has_feedback_date"] is True and "feedback_date" not in fact and "feedback_date_text" not in fact


@pytest.mark.parametrize("issuer", ["市住房和城乡建设局党组", "中共某某县委员会", "某某区人民政府办公室"])
def test_the_issuer_on_a_line_under_a_title_that_names_none(issuer: str) -> None:
    text = (f"关于十四届市委第三轮巡察反馈意见整改落实情况的通报\n{issuer}\n（2023年8月28日）\n"
            "根据市委统一部署,市委第一巡察组对某某局党组开展了常规巡察,5月26日向局党组反馈了巡察意见。\n"
            "一、整改情况\n1.问题。整改情况:已完成。\n")
    notice = parse_text(text, Locator(text))
    assert notice.issuer is not None and notice.issuer.text == issuer
    assert notice.published is not None and notice.published.start == dt.date(2023, 8, 28)
    assert notice.inspection is not None and notice.inspection.feedback_date is not None
    assert notice.inspection.feedback_date.start == dt.date(2023, 5, 26)
    assert not notice.warnings


def test_a_line_under_a_title_that_names_its_issuer_is_no_second_issuer() -> None:
    text = ("中共某某局党组关于巡察整改情况的通报\n某某县人民政府办公室\n"
            "根据县委统一部署,县委第一巡察组对某某局开展了巡察。\n一、整改情况\n1.问题。整改情况:已完成。\n")
    notice = parse_text(text, Locator(text))
    assert notice.issuer is not None and notice.issuer.text == "中共某某局党组"


def test_the_metadata_table_of_a_government_information_page() -> None:
    """政府信息公开 pages open with a table (索引号, 分类, 发布机构, 发文日期, 名称), one row per line with
    cells apart by tabs as the readers give it: it is meta, and the title under it is read."""
    text = ("索引号:\t11330100MB1234567X/2024-00012\t分类:\t巡察整改\n"
            "发布机构:\t中共某某乡委员会\t发文日期:\t2024-03-08\n"
            "名称:\t中共某某乡委员会关于巡察整改情况的通报\n"
            "中共某某乡委员会关于巡察整改情况的通报\n"
            "根据县委统一部署,县委第三巡察组对某某乡党委进行了巡察,并于11月16日反馈了巡察意见。\n"
            "一、整改情况\n1.问题。整改情况:已完成。\n")
    notice = parse_text(text, Locator(text))
    assert notice.title is not None and notice.title.text == "中共某某乡委员会关于巡察整改情况的通报"
    assert notice.published is not None and notice.published.start == dt.date(2024, 3, 8)
    assert notice.source.index_number is not None
    assert notice.source.index_number.text == "11330100MB1234567X/2024-00012"
    assert notice.inspection is not None and notice.inspection.feedback_date is not None
    assert notice.inspection.feedback_date.start == dt.date(2023, 11, 16)
