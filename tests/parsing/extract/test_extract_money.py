"""Money extractor: one row per expression (zh_libs.md §3 / §10.2 cases included)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from engine.model import Money
from engine.parsing.extract import extract_money
from engine.spans import Locator

FULLWIDTH = str.maketrans({chr(code): chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)})


def money(text: str) -> list[Money]:
    return extract_money(text, 0, len(text), Locator(text))


# (expression, mention text, amount in 元 or None, action, modifiers, destination)
ROWS: list[tuple[str, str, str | None, str, tuple[str, ...], str | None]] = [
    ("培训费用3000元已支付", "3000元", "3000", "other", (), None),
    # 违规发放 names the money (where it came from): 清退 governs it; 上缴县财政 says where it went
    ("清退违规发放补贴资金3.26万元,已全部上缴县财政。", "3.26万元", "32600", "recovered", (), "上缴县财政"),
    ("收回多拨付的项目资金12万元,已归还原资金渠道。", "12万元", "120000", "recovered", (), "归还原资金渠道"),
    ("追缴违规用车费用0.36万元,已上缴乡财政所。", "0.36万元", "3600", "recovered", (), "上缴乡财政所"),  # a township's
    ("收缴违纪款2万元上交镇财政。", "2万元", "20000", "recovered", (), "上交镇财政"),
    ("追缴资金1,234.56万元,其中上缴国库1,000万元,", "1,234.56万元", "12345600", "recovered", (), "上缴国库1,000万元"),
    ("违规发放补贴资金3.26万元", "3.26万元", "32600", "allocated", (), None),  # with no other verb, 发放 governs
    ("违规发放津补贴1.5万元已全部收回并上缴国库。", "1.5万元", "15000", "recovered", (), "上缴国库"),
    ("追缴扶贫资金8.5万元并退还贫困户。", "8.5万元", "85000", "recovered", (), "退还贫困户"),
    ("清退违规收取的伙食费4.56万元,已退还学生家长。", "4.56万元", "45600", "recovered", (), "退还学生家长"),
    ("追回资金3万元,尚未缴入国库。", "3万元", "30000", "recovered", (), None),  # not gone there yet
    ("追回资金3万元,尚未退还群众。", "3万元", "30000", "recovered", (), None),
    ("共计挽回经济损失126万元。", "126万元", "1260000", "other", ("total",), None),  # losses avoided: no money moved
    ("主动上交或退还违纪所得26.89万元;", "26.89万元", "268900", "recovered", (), None),  # no place named
    ("追回资金7.4018万元,", "7.4018万元", "74018", "recovered", (), None),
    ("申请培训资金31万元,实际产生费用只有23.6万元", "31万元", "310000", "other", (), None),
    ("申请培训资金31万元,实际产生费用只有23.6万元", "23.6万元", "236000", "other", (), None),
    ("争取国开行贷款1.9亿元用于基础设施", "1.9亿元", "190000000", "other", (), None),
    ("给予84.2万元行政处罚,并对8名乡镇党委书记进行了集中约谈", "84.2万元", "842000", "fined", (), None),
    ("合计192.5万元,区财政已全部拨入至区扶贫办", "192.5万元", "1925000", "allocated", ("total",), None),
    ("暂借给2个乡镇用于扶贫示范点建设的各150万元,区财政已全部收回;", "150万元", "1500000", "recovered",
     ("each",), None),
    ("要求尽快落实保障民族乡支付资金(2016年至2019年),共计1051.15万元。", "1051.15万元", "10511500", "other",
     ("total",), None),
    ("“财政惠农信贷通”累计放款3.45亿元,受益农业经营主体800余户", "3.45亿元", "345000000", "other",
     ("cumulative",), None),
    ("组织18家企业开展捐助活动,共购买近30万元的鸡鱼肉蛋", "30万元", "300000", "other", ("approximate",), None),
    ("农工党淮南市委会向沟北村捐赠价值3500元药品", "3500元", "3500", "other", ("in_kind",), None),
    ("公共资源交易中心开展项目26个,交易金额13367.81万元,确保了规范", "13367.81万元", "133678100", "other", (),
     None),
    ("住院总费用650.47万元,基金补偿费用947.31万元,分别下降了38%、39%", "947.31万元", "9473100", "other", (), None),
    ("积极协调市财政部门将中央298万元,省级138万元,市级392万元分批分金额下达至各县区", "392万元", "3920000",
     "allocated", (), None),
    ("积极协调市财政部门将中央298万元,省级138万元,市级392万元分批分金额下达至各县区", "298万元", "2980000",
     "allocated", (), None),
    ("2020年市级民族发展资金392万元已于5月9日下达县区(潘集区为25.5万元,寿县为230万元)。", "230万元", "2300000",
     "allocated", (), None),
    ("今年总额为392万元(潘集区为25.5万元,寿县为230万元)", "230万元", "2300000", "other", (), None),
    ("对超范围分配的扶贫资金42.5万元和用于1个乡镇新建大桥工程建设的150万元,合计192.5万元,区财政已全部拨入至区扶贫办",
     "192.5万元", "1925000", "allocated", ("total",), None),
    ("涉及的7.4018万元资金已结算至财政国库支付中心。", "7.4018万元", "74018", "recovered", (),
     "结算至财政国库支付中心"),
    ("将再增加500万元以上的基础设施建设投入", "500万元", "5000000", "other", ("approximate",), None),
    ("产业奖补由2016年的2200万提升到2017年的3000万,户均1200元", "2200万", "22000000", "other", (), None),
    ("产业奖补由2016年的2200万提升到2017年的3000万,户均1200元", "3000万", "30000000", "other", (), None),
    ("产业奖补由2016年的2200万提升到2017年的3000万,户均1200元", "1200元", "1200", "other", (), None),
    ("“雨露计划”资金3000元已全部追回,并缴至禹州市会计委派管理中心。", "3000元", "3000", "recovered", (),
     "缴至禹州市会计委派管理中心"),
    ("结余7.4018万元,职业中专于2019年6月15日申请退回国库,该资金于2019年10月10日结算至财政国库支付中心。",
     "7.4018万元", "74018", "recovered", (), "结算至财政国库支付中心"),
    ("多付的7.4万元扶贫部门未及时收回。", "7.4万元", "74000", "other", (), None),
    ("对雨露计划补贴违反规定问题进行整改,已按要求全数追回资金。", "已按要求全数追回资金", None, "recovered", (), None),
    ("目前已办理完成64件,全部给予党纪政纪处分,追回项目资金7.98万元。", "7.98万元", "79800", "recovered", (), None),
    ("对超范围分配、使用的42.5万元资金予以收回,用于精准帮扶到户奖补和产业贷款贴息", "42.5万元", "425000",
     "recovered", (), "用于精准帮扶到户奖补和产业贷款贴息"),
    ("利用蜀山区援建项目资金,投资95万元建成一座农产品加工钢构车间", "95万元", "950000", "invested", (), None),
    ("区供电分公司共计投入资金4633万元,全面完成了施工", "4633万元", "46330000", "invested", ("total",), None),
    ("县财政安排专项资金150万元,争取市级专项资金70万元", "150万元", "1500000", "allocated", (), None),
    ("依法对建设停业整顿两个月,并处以罚款23万元。", "23万元", "230000", "fined", (), None),
    ("追回基金和扣除违约金共计75.1万元。", "75.1万元", "751000", "recovered", ("total",), None),
    ("主动上交或退还违纪所得26.89万元;", "26.89万元", "268900", "recovered", (), None),
    ("年集体经济收入5万元以上的村达到60%以上", "5万元", "50000", "other", ("approximate",), None),
    ("每个贫困村平均投入资金800万元左右", "800万元", "8000000", "invested", ("approximate",), None),
    ("社会各界捐款十余万元", "十余万元", "100000", "other", ("approximate",), None),
    ("共筹集资金三千五百元", "三千五百元", "3500", "other", (), None),
    ("补助标准为每人3元5角", "3元5角", "3.5", "other", (), None),
    ("收取管理费12元5角3分", "12元5角3分", "12.53", "other", (), None),
    ("慰问资金5万余元已发放到户", "5万余元", "50000", "allocated", ("approximate",), None),
    ("拟投入资金200万元建设冷链仓库", "200万元", "2000000", "other", (), None),
    ("累计投入帮扶资金1026.63万元,慰问贫困户1570户", "1026.63万元", "10266300", "invested", ("cumulative",),
     None),
    ("项目总额为392万元(潘集区为25.5万元,寿县为230万元)", "392万元", "3920000", "other", ("total",), None),
    ("已拨付资金1,200万元", "1,200万元", "12000000", "allocated", (), None),
    ("暂未发放补助资金20万元", "20万元", "200000", "other", (), None),
    # 发放 is an allocation verb (money_actions vocab)
    ("按照市财政补助标准共计发放下乡补助0.36万元;结余7.4018万元", "0.36万元", "3600", "allocated", ("total",),
     None),
    # a clause with no tense of its own continues the plan of an earlier clause in its sentence
    ("每个贫困村在原有投入资金基础上将再增加500万元以上的基础设施建设投入,累计每个贫困村平均投入资金800万元以上;",
     "800万元", "8000000", "other", ("cumulative", "approximate"), None),
    # ... and a fact between them (已, 目前) ends the plan
    ("拟于明年建设冷链仓库,今年已完成选址,投入资金200万元", "200万元", "2000000", "invested", (), None),
    # 退款 holds its money object; 督促退款 reports a refund pursued (a recovery with no amount)
    ("教育部门逐一进行比对,并督促退款。", "督促退款", None, "recovered", (), None),
    # destinations drafts name: the treasury of a level, a clean-government account, the original account,
    # handed back to the treasury; 国库 inside the money's name (国库集中支付资金) is none
    ("追回违规资金5万元,已全部收归国库", "5万元", "50000", "recovered", (), "收归国库"),
    ("追回资金5万元,已上缴区国库", "5万元", "50000", "recovered", (), "区国库"),
    ("收缴违纪款5万元,上缴县纪委廉政账户", "5万元", "50000", "recovered", (), "廉政账户"),
    ("追回被挪用资金5万元,已归还原账户", "5万元", "50000", "recovered", (), "原账户"),
    ("收回资金5万元,已交回县财政", "5万元", "50000", "recovered", (), "交回县财政"),
    ("追回国库集中支付资金5万元", "5万元", "50000", "recovered", (), None),
    # taxes and fees paid into the treasury (入库, 缴库) or a non-tax revenue account
    ("追缴税款及滞纳金86.3万元,已入库", "86.3万元", "863000", "recovered", (), "已入库"),
    ("追缴税款86.3万元,已全部入库", "86.3万元", "863000", "recovered", (), "全部入库"),
    ("追缴土地出让金300万元并及时缴库", "300万元", "3000000", "recovered", (), "缴库"),
    ("收缴违纪款5万元,上缴非税收入专户", "5万元", "50000", "recovered", (), "非税收入专户"),
    # the destination at the end of the 其中 sentence that breaks the amount down
    ("追回资金56.3万元。其中,项目资金20万元,补贴资金36.3万元,均已上缴国库", "56.3万元", "563000", "recovered", (),
     "上缴国库"),
    ("清退违规收取的费用1.5万元,已全部上缴省级国库", "1.5万元", "15000", "recovered", (), "省级国库"),
    ("追回违规发放的补贴3万元,退回原资金渠道", "3万元", "30000", "recovered", (), "退回原资金渠道"),
    # ... or at the end of the next sentence when it names the same money again
    ("追回违规资金5.2万元。上述资金已全部上缴县财政", "5.2万元", "52000", "recovered", (), "上缴县财政"),
    ("收回借出资金850万元。上述资金已全部缴回市财政", "850万元", "8500000", "recovered", (), "缴回市财政"),
]

# Expressions with no money at all (after normalisation).
NOT_MONEY = [
    "开展项目26个,交易项目在线监管",
    "累计改造农村户厕4.69万户,全市卫生厕所普及率达到90%",
    "全市种植优质小麦15万亩、精品水果3万亩",
    "累计受教育党员干部5万余人次",
    "修建生产生活道路1700米,赠送书籍1900余册",
    "累计印发宣传资料、致农户信等20多万份",
    "对问题分别整改、分批推进,每人分得3分",
    "推进多元化投入机制",
    "待核实后督促退款",
]


@pytest.mark.parametrize(("expr", "text", "amount", "action", "modifiers", "destination"), ROWS)
def test_money_row(expr: str, text: str, amount: str | None, action: str, modifiers: tuple[str, ...],
                   destination: str | None) -> None:
    found = [m for m in money(expr) if m.text == text]
    assert found, f"{text!r} not found in {[m.text for m in money(expr)]}"
    mention = found[0]
    assert mention.amount == (Decimal(amount) if amount is not None else None)
    assert mention.action.value == action
    assert tuple(m.value for m in mention.modifiers) == modifiers
    assert (mention.destination.text if mention.destination else None) == destination
    assert mention.span is not None and expr[mention.span.start:mention.span.end] == text


@pytest.mark.parametrize("expr", NOT_MONEY)
def test_not_money(expr: str) -> None:
    assert money(expr) == []


@pytest.mark.parametrize("expr", ["追回违规资金5.2万元。上述资金已全部上缴县财政。",
                                  "清退多发补贴3万元;该笔款项已上缴县财政。"])
def test_money_named_again_is_no_recovery_without_an_amount(expr: str) -> None:
    """上述资金/该笔款项 names the amount of the sentence before: one recovery, with its amount."""
    found = money(expr)
    assert [m.action.value for m in found] == ["recovered"]
    assert found[0].amount is not None and found[0].destination is not None


def test_a_recovery_without_an_amount_is_still_one_when_no_money_is_named_again() -> None:
    assert [(m.amount, m.action.value) for m in money("违规发放的补贴已全部追回资金。")] == [(None, "recovered")]


def test_fullwidth_after_normalisation() -> None:
    expr = "追回资金７．４０１８万元，合计１９２．５万元。".translate(FULLWIDTH)
    found = money(expr)
    assert [(m.text, m.amount) for m in found] == [("7.4018万元", Decimal("74018")), ("192.5万元", Decimal("1925000"))]


def test_fen_only_in_yuan_jiao_fen() -> None:
    found = money("市级392万元分批分金额下达;基金补偿费用947.31万元,分别下降")
    assert [m.amount for m in found] == [Decimal("3920000"), Decimal("9473100")]


def test_slice_and_offsets() -> None:
    text = "前言。投资95万元建成车间。追回资金3000元。"
    lo = text.index("追")
    found = extract_money(text, lo, len(text), Locator(text))
    assert [m.text for m in found] == ["3000元"]
    assert found[0].span is not None and found[0].span.start == text.index("3000")


def test_count_rows() -> None:
    assert len(ROWS) + len(NOT_MONEY) >= 40


@pytest.mark.parametrize("expr", ["追回被挪用资金,已缴入县国库。", "已全额收回违规发放的补贴,并缴回县财政。",
                                  "已清退违规发放的津补贴,退回原资金渠道。"])
def test_a_recovery_of_money_named_by_what_it_was_without_an_amount(expr: str) -> None:
    """追回被挪用资金 with no amount in its sentence: a recovery without an amount."""
    assert [(m.amount, m.action.value) for m in money(expr)] == [(None, "recovered")]


@pytest.mark.parametrize("expr", ["追回违规发放的补贴,共计3万元。", "追回被挪用资金5万元,已缴入县国库。"])
def test_a_recovery_of_money_named_by_what_it_was_with_its_amount_in_the_sentence(expr: str) -> None:
    assert all(m.amount is not None for m in money(expr))
