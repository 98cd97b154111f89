"""Date extractor: one row per expression (zh_libs.md §3 table and §10.3 cases included)."""

from __future__ import annotations

import datetime as dt

import pytest

from engine.model import DateMention
from engine.parsing.extract import DateContext, extract_dates
from engine.parsing.extract.dates import festival_day
from engine.spans import Locator

YUZHOU = dt.date(2021, 1, 7)
HUAINAN = dt.date(2020, 12, 17)
GANXIAN = dt.date(2017, 4, 10)


def dates(text: str, published: dt.date | None = None, year: int | None = None) -> list[DateMention]:
    return extract_dates(text, 0, len(text), Locator(text), DateContext(published, year))


D = dt.date.fromisoformat
# (expression, publication date, mention text, start, end, precision, role, year inferred)
ROWS: list[tuple[str, dt.date | None, str, str | None, str | None, str, str, bool]] = [
    ("2020年10月9日至10月23日,许昌市委第三巡察组对我市开展专项巡察", YUZHOU, "2020年10月9日至10月23日",
     "2020-10-09", "2020-10-23", "day", "other", False),
    ("2020年10月9日至10月23日,巡察组进驻。11月3日,向我市反馈了巡察意见。", YUZHOU, "11月3日", "2020-11-03",
     "2020-11-03", "day", "other", True),
    ("全市678个村(社区)已于11月11日前全部完成党组织换届选举", YUZHOU, "11月11日前", "2020-11-11", "2020-11-11",
     "day", "completed", True),
    ("11月份以来,每周二“宣传帮扶日”活动", YUZHOU, "11月份以来", "2020-11-01", "2021-01-07", "month", "since", True),
    ("11月份,共为新增符合条件的118名困难残疾人发放了生活补贴", YUZHOU, "11月份", "2020-11-01", "2020-11-30",
     "month", "other", True),
    ("11月中旬以来,各行政村脱贫责任组统筹组织帮扶干部", YUZHOU, "11月中旬以来", "2020-11-11", "2021-01-07", "xun",
     "since", True),
    ("11月中旬以来,县乡村三级对照2017年以来省级以上考核反馈问题整改台账。11月下旬,指导组到村督促", YUZHOU,
     "11月下旬", "2020-11-21", "2020-11-30", "xun", "other", True),
    ("11月中旬以来,县乡村三级对照2017年以来省级以上考核反馈问题整改台账", YUZHOU, "2017年以来", "2017-01-01",
     "2021-01-07", "year", "since", False),
    ("拟于明年在全市开展“道路革命”", YUZHOU, "拟于明年", None, None, "vague", "target", False),
    ("全市361个未启动的村2025年前全部完成", YUZHOU, "2025年前", "2025-01-01", "2025-12-31", "year", "target", False),
    ("明确到2021年底公有化产权村卫生室比例达到40%以上", YUZHOU, "到2021年底", "2021-12-31", "2021-12-31",
     "year_end", "target", False),
    ("预计2020年度13个项目(392万元)年底前全部竣工。", HUAINAN, "年底前", "2020-12-31", "2020-12-31", "year_end",
     "target", True),
    ("各县区资金再分配工作进行会议研究,预计年底前按时完工。", HUAINAN, "年底前", "2020-12-31", "2020-12-31",
     "year_end", "target", True),
    ("今年9月份,市民族宗教局又实地前往检查指导各县区施工进程", HUAINAN, "今年9月份", "2020-09-01", "2020-09-30",
     "month", "other", True),
    ("今年以来,理论学习中心组集中专题学习6次", HUAINAN, "今年以来", "2020-01-01", "2020-12-17", "year", "since",
     True),
    ("开展2019年度少数民族发展资金使用情况全面检查验收工作,4月21日-23日实地走访寿县", HUAINAN, "4月21日-23日",
     "2020-04-21", "2020-04-23", "day", "other", True),
    ("2020年5月14日,邀请专家开展培训。5月18日、6月4日协调县农业农村局开展培训", HUAINAN, "6月4日", "2020-06-04",
     "2020-06-04", "day", "other", True),
    ("4月初至今,先后有200余名贫困户外出务工", HUAINAN, "4月初至今", "2020-04-01", "2020-12-17", "xun", "since",
     True),
    ("2016年已完成放贷5.77亿元,2017年1-3月新增贷款放贷6039万元", GANXIAN, "2017年1-3月", "2017-01-01",
     "2017-03-31", "month", "other", False),
    ("2014年-2016年9月,赣县区存在专项扶贫资金滞留的问题", GANXIAN, "2014年-2016年9月", "2014-01-01", "2016-09-30",
     "month", "other", False),
    ("2017年—2018年磨街乡3名非建档立卡贫困家庭学生享受补助", YUZHOU, "2017年—2018年", "2017-01-01", "2018-12-31",
     "year", "other", False),
    ("加强扶贫项目招投标管理,2016年10月至2017年3月止,共有30个扶贫项目进行了招标", GANXIAN,
     "2016年10月至2017年3月止", "2016-10-01", "2017-03-31", "month", "other", False),
    ("2016年底制定下发了方案,于12月1日—12月31日在全区范围内开展了集中攻坚", None, "12月1日—12月31日",
     "2016-12-01", "2016-12-31", "day", "other", True),
    ("督促乡镇于2016年12月底前完成水泥公路工程建设", GANXIAN, "2016年12月底前", "2016-12-31", "2016-12-31",
     "month_end", "target", False),
    ("还有2个安置点预计2017年4月底完工", GANXIAN, "2017年4月底", "2017-04-30", "2017-04-30", "month_end", "target",
     False),
    ("我市福利中心改造项目已于2020年10月底建成完工,11月7日搬迁入住", YUZHOU, "2020年10月底", "2020-10-31",
     "2020-10-31", "month_end", "completed", False),
    ("我市福利中心改造项目已于2020年10月底建成完工,11月7日搬迁入住", YUZHOU, "11月7日", "2020-11-07",
     "2020-11-07", "day", "other", True),
    ("2019年10月10日,涉及的7.4018万元资金已结算至财政国库支付中心", YUZHOU, "2019年10月10日", "2019-10-10",
     "2019-10-10", "day", "completed", False),
    ("截止2017年3月31日,全区93个贫困村已引进培育龙头企业26家", GANXIAN, "截止2017年3月31日", "2017-03-31",
     "2017-03-31", "day", "completed", False),
    ("在2020年6月之前,禹州市住建局只是简单地委托乡、村自行排查鉴定", YUZHOU, "2020年6月之前", "2020-06-01",
     "2020-06-30", "month", "other", False),
    ("市脱贫攻坚调研指导组自10月23日起开展了为期两周的专项复核工作", YUZHOU, "自10月23日起", "2020-10-23",
     "2021-01-07", "day", "since", True),
    ("三家企业资产负债率分别96%、89%、95%(2018年3月底),长期亏损", YUZHOU, "2018年3月底", "2018-03-31",
     "2018-03-31", "month_end", "other", False),
    ("力争2020年底全县农村集体经济100%达到1万元以上", dt.date(2020, 7, 30), "2020年底", "2020-12-31",
     "2020-12-31", "year_end", "target", False),
    ("发布时间: 2021/01/07 09:08:57 访问次数:", None, "2021/01/07", "2021-01-07", "2021-01-07", "day", "other",
     False),
    ("时间:2020-12-17 09:37 来源:淮南市纪检监察网", None, "2020-12-17", "2020-12-17", "2020-12-17", "day", "other",
     False),
    ("发布日期:2019年12月30日 文号:", None, "2019年12月30日", "2019-12-30", "2019-12-30", "day", "other", False),
    ("二〇二〇年十月九日", None, "二〇二〇年十月九日", "2020-10-09", "2020-10-09", "day", "other", False),
    ("2017年1月16日-19日,督查组对第一书记考勤进行督查", GANXIAN, "2017年1月16日-19日", "2017-01-16", "2017-01-19",
     "day", "other", False),
    ("下一步,继续把推进户厕改造作为重要任务", YUZHOU, "下一步", None, None, "vague", "target", False),
    ("已完成专项规划编制工作,待资金解决后即可组织实施", YUZHOU, "待资金解决后", None, None, "vague", "target", False),
    ("2018年、2019年、2020年禹州市委研究脱贫攻坚工作会议分别是16次、8次、5次", YUZHOU, "2019年", "2019-01-01",
     "2019-12-31", "year", "other", False),
    ("围绕2020年度省脱贫攻坚交叉考核重点和2020年5月份以来的16个信访村", YUZHOU, "2020年5月份以来", "2020-05-01",
     "2021-01-07", "month", "since", False),
    ("12月20日召开整改会议,计划于3月底前完成全部整改", HUAINAN, "3月底前", "2021-03-31", "2021-03-31",
     "month_end", "target", True),
    ("预计2020年度13个项目(392万元)年底前全部竣工。", HUAINAN, "2020年度", "2020-01-01", "2020-12-31", "year",
     "other", False),
    ("后期组织专家深入到各乡镇接受培训学员家中回访", YUZHOU, "后期", None, None, "vague", "other", False),
    # …but a deadline as the value of a deadline label
    ("整改时限:长期。建立巡查台账", YUZHOU, "长期", None, None, "vague", "target", False),
    ("完成时限:长期。每季度开展督查", YUZHOU, "长期", None, None, "vague", "target", False),
    # a span from an unstated start: vague (a reviewer sees it named, not "no deadline at all")
    ("正在整改,计划3个月内完成", YUZHOU, "3个月内", None, None, "vague", "target", False),
    ("力争三十天内整改到位", YUZHOU, "三十天内", None, None, "vague", "target", False),
    ("在15个工作日内办结", YUZHOU, "15个工作日内", None, None, "vague", "target", False),
    ("确保顺利完成2019 年农村贫困劳动力培训和转移就业任务", dt.date(2019, 12, 30), "2019 年", "2019-01-01",
     "2019-12-31", "year", "target", False),
    ("截至2017年3月31日,2014年-2016年中央、省级下达的扶贫项目完成率为90.9%", GANXIAN, "截至2017年3月31日",
     "2017-03-31", "2017-03-31", "day", "other", False),
    ("10月份,重点对巡察反馈具体问题整改情况进行复核督促", YUZHOU, "10月份", "2020-10-01", "2020-10-31", "month",
     "other", True),
    # the same plan outside a problem statement is a target (PROBLEM_ROWS: inside one, other)
    ("原计划2020年9月底投入使用", YUZHOU, "2020年9月底", "2020-09-30", "2020-09-30", "month_end", "target", False),
]

# Rows with a context year carried by the caller and no publication date.
CONTEXT_ROWS = [
    ("11月份,共为新增困难残疾人发放了生活补贴", 2020, "11月份", "2020-11-01", "2020-11-30", "month"),
    ("(2)11月25日下发了《关于进一步加快财政专项资金支出进度的通知》", 2016, "11月25日", "2016-11-25",
     "2016-11-25", "day"),
]

# Rows read as a finding's problem statement (DateContext.problem covers the expression): never a target.
# (expression, publication date, mention text, start, end, role)
PROBLEM_ROWS = [
    ("2014年—2016年9月,赣县区存在资金滞留的问题,其中:2016年下达的扶贫专项资金到9月底实际拨付比例不高。", GANXIAN,
     "到9月底", "2016-09-30", "2016-09-30", "other"),
    ("如,原计划2020年9月底投入使用的禹州市福利院建设项目,因多部门协调配合不够,至今仍未完工。", YUZHOU,
     "2020年9月底", "2020-09-30", "2020-09-30", "other"),
    ("群众反映的问题未能尽快解决", YUZHOU, "尽快", None, None, "other"),
    ("2019年以来,有的村未按要求开展评议", YUZHOU, "2019年以来", "2019-01-01", "2021-01-07", "since"),
]

NOT_DATES = [
    "争取县扶贫办资金124万元,用于修建生产生活道路1700米",
    "如81岁高龄的方岗镇帖沟村边缘户文十一,夫妻2人至今仍住在村外",
    "《河南省扶持村级集体经济发展试点实施方案》(豫财农改〔2016〕13号)中",
    "将村卫生室产权公有化工作列入禹州市“十四五”卫生健康事业规划",
    "已完成全市农村污水治理专项规划(2019—2030)编制工作",
    "赠送《六项纪律漫画解读》书籍1900余册,受教育党员2000余名",
    "对排查出的10个方面涉及1839户的问题,逐个解决销号",
    "通过《大姚县东西部扶贫协作三年行动计划(2018—2020年)》加强对接",
]


@pytest.mark.parametrize(("expr", "published", "text", "start", "end", "precision", "role", "inferred"), ROWS)
def test_date_row(expr: str, published: dt.date | None, text: str, start: str | None, end: str | None,
                  precision: str, role: str, inferred: bool) -> None:
    found = [m for m in dates(expr, published) if m.text == text]
    assert found, f"{text!r} not in {[m.text for m in dates(expr, published)]}"
    mention = found[0]
    assert (mention.start, mention.end) == (D(start) if start else None, D(end) if end else None)
    assert mention.precision.value == precision
    assert mention.role.value == role
    assert mention.year_inferred is inferred
    assert mention.span is not None and expr[mention.span.start:mention.span.end] == text


@pytest.mark.parametrize(("expr", "year", "text", "start", "end", "precision"), CONTEXT_ROWS)
def test_context_year(expr: str, year: int, text: str, start: str, end: str, precision: str) -> None:
    (mention,) = [m for m in dates(expr, None, year) if m.text == text]
    assert (mention.start, mention.end, mention.precision.value) == (D(start), D(end), precision)
    assert mention.year_inferred


@pytest.mark.parametrize("expr", NOT_DATES)
def test_not_dates(expr: str) -> None:
    assert [m.text for m in dates(expr, YUZHOU) if m.precision.value != "vague"] == []


@pytest.mark.parametrize(("expr", "published", "text", "start", "end", "role"), PROBLEM_ROWS)
def test_problem_statement_row(expr: str, published: dt.date, text: str, start: str | None, end: str | None,
                               role: str) -> None:
    context = DateContext(published, problem=(0, len(expr)))
    found = [m for m in extract_dates(expr, 0, len(expr), Locator(expr), context) if m.text == text]
    assert found, text
    assert (found[0].start, found[0].end) == (D(start) if start else None, D(end) if end else None)
    assert found[0].role.value == role


def test_problem_range_only_covers_the_problem() -> None:
    expr = "项目进度滞后。整改措施:力争2021年6月底前完工。"
    context = DateContext(YUZHOU, problem=(0, expr.index("整改")))
    (mention,) = extract_dates(expr, 0, len(expr), Locator(expr), context)
    assert mention.role.value == "target"


PROBLEM = "问题:工作推进不力。"  # a problem statement before each rectification text below
# (rectification text, mention text, role): in a finding's rectification blocks a day, an as-of date or a
# date followed by an act with 了 is the date of something done, unless a deadline, plan or "since" word says otherwise
RECTIFICATION_ROWS: list[tuple[str, str, str]] = [
    ("11月12日,印发《关于开展村庄清洁行动的通知》", "11月12日", "completed"),
    ("于12月1日—12月31日在全区范围内开展了集中攻坚", "12月1日—12月31日", "completed"),
    ("截至2017年3月31日,全区93个贫困村已引进龙头企业26家", "截至2017年3月31日", "completed"),
    ("截止2017年3月,区供电分公司共计投入资金4633万元", "截止2017年3月", "completed"),
    ("2016年底制定下发了《工作方案》", "2016年底", "completed"),
    ("2017年还印制了《政策读本》", "2017年", "completed"),
    ("2020年已有2家企业申报省级龙头企业", "2020年", "completed"),
    ("2020年全市种植优质小麦15万亩", "2020年", "other"),  # the period of a figure
    ("2016年下达的147个项目已全部开工建设", "2016年", "other"),  # the 已 is the projects', the year qualifies them
    ("为了2020年的目标", "2020年", "other"),
    ("11月份,市纪委监委开展脱贫攻坚作风专项整治", "11月份", "other"),  # a month, no act with 了
    ("力争12月31日前完成", "12月31日前", "target"),
    ("整改时限:2023年12月。", "2023年12月", "target"),  # a deadline label makes any date a target
    ("完成时限:2023年12月31日。", "2023年12月31日", "target"),
    ("整改期限为2023年。", "2023年", "target"),
    # half-years and quarters; a period followed by a completion word: a target while it is open
    ("计划于2021年上半年完成。", "2021年上半年", "target"),
    ("力争2021年第三季度完成。", "2021年第三季度", "target"),
    ("2021年全面完成。", "2021年", "target"),  # the notice is of 2021-01-07
    ("2020年全面完成。", "2020年", "completed"),
    ("2020年下半年以来,每月开展督查。", "2020年下半年以来", "since"),
    ("11月12日以来,每周开展一次督查", "11月12日以来", "since"),
]


@pytest.mark.parametrize(("rectification", "text", "role"), RECTIFICATION_ROWS,
                         ids=[row[0][:12] for row in RECTIFICATION_ROWS])
def test_rectification_row(rectification: str, text: str, role: str) -> None:
    expr = PROBLEM + rectification
    found = [m for m in extract_dates(expr, 0, len(expr), Locator(expr),
                                      DateContext(YUZHOU, problem=(0, len(PROBLEM)))) if m.text == text]
    assert [m.role.value for m in found] == [role]


@pytest.mark.parametrize("rectification", [row[0] for row in RECTIFICATION_ROWS
                                           if row[2] == "completed" and "已" not in row[0] and "完成" not in row[0]])
def test_done_dates_outside_the_rectification_are_other(rectification: str) -> None:
    # the same words in a problem statement, or with no problem statement to place them, are not read as
    # done (a 已, or a completion word after a past period, is read as done everywhere: those rows are left out)
    for context in (DateContext(YUZHOU, problem=(0, len(rectification))), DateContext(YUZHOU)):
        roles = [m.role.value for m in extract_dates(rectification, 0, len(rectification), Locator(rectification),
                                                       context)]
        assert roles == ["other"]


@pytest.mark.parametrize(("expr", "start", "end"), [
    ("2023年上半年", "2023-01-01", "2023-06-30"), ("2023年下半年", "2023-07-01", "2023-12-31"),
    ("2023年一季度", "2023-01-01", "2023-03-31"), ("2023年第四季度", "2023-10-01", "2023-12-31"),
    ("2023年2季度", "2023-04-01", "2023-06-30"),
])
def test_half_years_and_quarters_are_their_months(expr: str, start: str, end: str) -> None:
    (mention,) = dates(expr, YUZHOU)
    assert (mention.text, mention.precision.value, mention.start, mention.end) == (expr, "month", D(start), D(end))


@pytest.mark.parametrize(("expr", "text", "start", "end", "precision", "role"), [
    # published 2024-03-01: a deadline in the publication's year
    ("计划二季度末前完成", "二季度末前", "2024-06-30", "2024-06-30", "month_end", "target"),
    ("力争第三季度完成整改", "第三季度", "2024-07-01", "2024-09-30", "month", "target"),
    ("确保下半年全面完成", "下半年", "2024-07-01", "2024-12-31", "month", "target"),
    # a deadline already past in the publication's year is next year's
    ("计划一季度末前完成", "一季度末前", "2025-03-31", "2025-03-31", "month_end", "target"),
])
def test_half_years_and_quarters_without_a_year(expr: str, text: str, start: str, end: str, precision: str,
                                                role: str) -> None:
    (mention,) = dates(expr, dt.date(2024, 5, 10) if "一季度" in expr else dt.date(2024, 3, 1))
    assert (mention.text, mention.start, mention.end) == (text, D(start), D(end))
    assert (mention.precision.value, mention.role.value, mention.year_inferred) == (precision, role, True)


@pytest.mark.parametrize(("expr", "texts"), [
    ("每季度召开一次会议", []), ("近半年来", []), ("一个季度", []), ("半年内完成", []),
    ("今年二季度完成", ["今年二季度"]), ("2024年上半年完成", ["2024年上半年"]),  # read once, with their year
])
def test_periods_with_a_year_or_none_at_all(expr: str, texts: list[str]) -> None:
    assert [m.text for m in dates(expr, dt.date(2024, 3, 1)) if m.precision.value != "vague"] == texts


PUBLISHED_2024 = dt.date(2024, 1, 16)


def rectification_date(expr: str, published: dt.date) -> DateMention:
    """The last date mention of ``expr`` read as a finding's rectification (after ``PROBLEM``)."""
    text = PROBLEM + expr
    return extract_dates(text, 0, len(text), Locator(text), DateContext(published, problem=(0, len(PROBLEM))))[-1]


@pytest.mark.parametrize(("expr", "text", "start", "end", "precision", "role", "inferred"), [
    # a year-less month after 明年 is next year's, not the publication's
    ("确保明年6月底前完成", "明年6月底前", "2025-06-30", "2025-06-30", "month_end", "target", True),
    ("计划来年3月完成验收", "来年3月", "2025-03-01", "2025-03-31", "month", "target", True),
    # 次年 follows the year last printed, whatever its precision
    ("2019年制定方案,次年3月完成", "次年3月", "2020-03-01", "2020-03-31", "month", "completed", True),
    # 年内 is this year, as 今年: a target before a completion word, done with 已
    ("剩余工作年内完成", "年内", "2024-01-01", "2024-12-31", "year", "target", True),
    ("力争在年内全面完成", "年内", "2024-01-01", "2024-12-31", "year", "target", True),
    ("年内已完成3项", "年内", "2024-01-01", "2024-12-31", "year", "completed", True),
    # the year end of a relative year (明年 only there: a bare 明年 is vague)
    ("力争今年年底前完成", "今年年底前", "2024-12-31", "2024-12-31", "year_end", "target", True),
    ("计划明年底前完成", "明年底前", "2025-12-31", "2025-12-31", "year_end", "target", True),
    ("计划明年年底前完成", "明年年底前", "2025-12-31", "2025-12-31", "year_end", "target", True),
    ("确保来年末完成", "来年末", "2025-12-31", "2025-12-31", "year_end", "target", True),
    ("去年底已完成", "去年底", "2023-12-31", "2023-12-31", "year_end", "completed", True),
    # a Chinese-numeral month without a year, when it reads as a date
    ("确保十月底前完成", "十月底前", "2024-10-31", "2024-10-31", "month_end", "target", True),
    ("力争十二月中旬前完成", "十二月中旬前", "2024-12-11", "2024-12-20", "xun", "target", True),
    ("计划三月份完成验收", "三月份", "2024-03-01", "2024-03-31", "month", "target", True),
    ("确保十一月前完成", "十一月前", "2024-11-01", "2024-11-30", "month", "target", True),
    # 在…以前 after a plan word is a deadline (without one it tells of a past state: see ROWS)
    ("计划在2024年6月底以前完成", "2024年6月底以前", "2024-06-30", "2024-06-30", "month_end", "target", False),
    ("争取在年底前完成", "年底前", "2024-12-31", "2024-12-31", "year_end", "target", True),
    # a part of this or next month: counted from the publication's (2024-01-16)
    ("正在整改,本月底前完成", "本月底前", "2024-01-31", "2024-01-31", "month_end", "target", True),
    ("确保下月底前完成", "下月底前", "2024-02-29", "2024-02-29", "month_end", "target", True),
    ("计划下个月中旬完成", "下个月中旬", "2024-02-11", "2024-02-20", "xun", "target", True),
    ("争取在十月底前完成", "十月底前", "2024-10-31", "2024-10-31", "month_end", "target", True),
    # a deadline label in 【】, as a line of its own
    ("\n【整改时限】2024年3月底", "2024年3月底", "2024-03-31", "2024-03-31", "month_end", "target", False),
])
def test_relative_years_chinese_months_and_planned_deadlines(expr: str, text: str, start: str, end: str,
                                                             precision: str, role: str, inferred: bool) -> None:
    mention = rectification_date(expr, PUBLISHED_2024)
    assert (mention.text, mention.start, mention.end) == (text, D(start), D(end))
    assert (mention.precision.value, mention.role.value, mention.year_inferred) == (precision, role, inferred)


@pytest.mark.parametrize("expr", ["一周一调度、一月一通报", "用三个月时间完成", "二十一月", "第十一月"])
def test_chinese_numerals_before_month_that_are_no_date(expr: str) -> None:
    assert dates(expr, PUBLISHED_2024) == []


PUBLISHED_2023_12 = dt.date(2023, 12, 20)


@pytest.mark.parametrize(("expr", "text", "day", "role", "inferred"), [
    # a festival deadline is the festival's day; lunar festivals by the lunar calendar
    ("确保春节前全部兑付到位", "春节前", "2024-02-10", "target", True),  # the next after publication
    ("计划2024年春节前完成专项检查", "2024年春节前", "2024-02-10", "target", False),
    ("力争2024年国庆节前完成", "2024年国庆节前", "2024-10-01", "target", False),
    ("2025年端午节之前完成验收", "2025年端午节之前", "2025-05-31", "target", False),
    ("确保2024年除夕以前结清", "2024年除夕以前", "2024-02-09", "target", False),
    ("力争七一前完成", "七一前", "2024-07-01", "target", True),
    ("已于2023年中秋节前全部发放", "2023年中秋节前", "2023-09-29", "completed", False),
    ("已于中秋节前全部发放", "中秋节前", "2023-09-29", "completed", True),  # done: the last before publication
    ("2023年5月制定计划,确保元旦前完成", "元旦前", "2024-01-01", "target", True),  # not 2023's: no anchor
])
def test_festival_deadlines(expr: str, text: str, day: str, role: str, inferred: bool) -> None:
    mention = rectification_date(expr, PUBLISHED_2023_12)
    assert (mention.text, mention.start, mention.end) == (text, D(day), D(day))
    assert (mention.precision.value, mention.role.value, mention.year_inferred) == ("day", role, inferred)


@pytest.mark.parametrize("expr", ["春节前后走访慰问", "春节期间值班", "国庆假期", "“五一”劳动奖章"])
def test_festivals_that_are_no_deadline(expr: str) -> None:
    """Only a festival followed by 前 (之前, 以前; not 前后) is read."""
    assert all(mention.precision.value != "day" for mention in dates(expr, PUBLISHED_2023_12))


def test_festival_days_outside_the_lunar_table_are_unknown() -> None:
    assert festival_day("春节", 2100) == dt.date(2100, 2, 9)
    assert festival_day("春节", 2101) is None and festival_day("国庆节", 2101) == dt.date(2101, 10, 1)


@pytest.mark.parametrize("expr", ["确保三年内完成", "半年内完成", "拟于明年完成"])
def test_spans_of_years_and_a_bare_next_year_are_no_concrete_dates(expr: str) -> None:
    assert all(mention.precision.value == "vague" for mention in dates(expr, PUBLISHED_2024))


def test_unresolved_without_any_year() -> None:
    (mention,) = dates("11月3日,向我市反馈了巡察意见")
    assert mention.start is None and mention.end is None and not mention.year_inferred


def test_anchor_from_before_the_slice() -> None:
    text = "2016年11月9日举办培训,11月21日再次举办。"
    lo = text.index("11月21日")
    (mention,) = extract_dates(text, lo, len(text), Locator(text), DateContext(None))
    assert mention.start == dt.date(2016, 11, 21) and mention.span is not None and mention.span.start == lo


def test_count_rows() -> None:
    assert len(ROWS) + len(CONTEXT_ROWS) + len(NOT_DATES) >= 40


def test_a_part_of_next_month_rolls_over_the_year_and_needs_a_publication_date() -> None:
    (mention,) = dates("确保下月底前完成", dt.date(2023, 12, 20))
    assert (mention.start, mention.end) == (D("2024-01-31"), D("2024-01-31"))
    (unresolved,) = dates("确保下月底前完成", None)
    assert (unresolved.text, unresolved.start, unresolved.role.value) == ("下月底前", None, "target")
    # 个月 and 每月 are no such month (三个月内 is a vague span)
    assert [(m.text, m.precision.value) for m in dates("三个月内完成,每月底通报", dt.date(2023, 12, 20))] == [
        ("三个月内", "vague")]
