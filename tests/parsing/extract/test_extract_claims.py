"""Claims extractor: one row per expression (zh_libs.md §10.4 cases included)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from engine.model import Claim
from engine.parsing.extract import ClaimContext, extract_claims
from engine.spans import Locator


def claims(text: str) -> list[Claim]:
    return extract_claims(text, 0, len(text), Locator(text))


# (expression, kind, target, claimed, text of the claim, extra fields to check)
ROWS: list[tuple[str, str, str, str, str, dict[str, Any]]] = [
    ("市委巡察办第一巡察组向我部反馈脱贫攻坚专项巡察五个方面10个问题后", "count", "sections", "5", "五个方面", {}),
    ("市委巡察办第一巡察组向我部反馈脱贫攻坚专项巡察五个方面10个问题后", "count", "findings", "10", "10个问题", {}),
    ("针对巡视组反馈的3大类9个方面问题,明确整改的目标任务", "count", "categories", "3", "3大类", {}),
    ("针对巡视组反馈的3大类9个方面问题,明确整改的目标任务", "count", "findings", "9", "9个方面问题", {}),
    ("明确整改的目标任务,制定了33条具体整改措施。", "count", "measures", "33", "33条具体整改措施", {}),
    ("制定整改措施共计12条,已完成10条", "count", "measures", "12", "整改措施共计12条", {}),
    ("针对巡察组反馈问题和建议,梳理症结原因10条,制定整改举措29项", "count", "causes", "10", "症结原因10条", {}),
    ("针对巡察组反馈问题和建议,梳理症结原因10条,制定整改举措29项", "count", "measures", "29", "整改举措29项", {}),
    ("根据国家、省、州检查考核发现问题,涉及个性问题3个:", "count", "findings", "3", "个性问题3个", {}),
    ("(一)已基本整改到位的7个问题", "count", "findings", "7", "7个问题", {}),
    ("(二)已取得阶段性成效,列入长期整改的2个问题", "count", "findings", "2", "2个问题", {}),
    ("重点督促寿县落实省民委审计反馈整改的6个方面21个具体问题整改", "count", "sections", "6", "6个方面", {}),
    ("重点督促寿县落实省民委审计反馈整改的6个方面21个具体问题整改", "count", "findings", "21", "21个具体问题", {}),
    ("目前,3大类9个方面问题中,有7个问题基本整改到位,2个问题列入长期整改任务", "status_count", "findings", "7",
     "有7个问题基本整改到位", {"status": "mostly_closed"}),
    ("有7个问题基本整改到位,2个问题即“层层压实责任不够到位”和“扶贫政策宣传不够到位”列入长期整改任务", "status_count",
     "findings", "2", "2个问题即“层层压实责任不够到位”和“扶贫政策宣传不够到位”列入长期整改任务",
     {"status": "long_term"}),
    ("反馈的28个问题中,已完成25个、正在整改3个", "status_count", "findings", "25", "已完成25个", {"status": "closed"}),
    ("反馈问题共50项,已整改40项,正在整改10项。", "status_count", "findings", "40", "已整改40项", {"status": "closed"}),
    ("巡察反馈问题共计28个,已完成整改26个。", "count", "findings", "28", "反馈问题共计28个", {}),
    # 项 and 具体 in the counts of a summary, and a status count after 的
    ("省委巡视组反馈的2个方面5项具体问题,", "count", "findings", "5", "5项具体问题", {}),
    ("省委巡视组反馈的2个方面5项具体问题,", "count", "sections", "2", "2个方面", {}),
    ("省委巡视组反馈的5个具体问题,", "count", "findings", "5", "5个具体问题", {}),
    ("已完成整改3项,基本完成1项,需长期坚持的1项。", "status_count", "findings", "1", "需长期坚持的1项",
     {"status": "long_term"}),
    ("反馈问题二十八个,已整改二十六个。", "count", "findings", "28", "反馈问题二十八个", {}),
    ("697个问题中,未完成5个。", "status_count", "findings", "5", "未完成5个", {"status": "ongoing"}),
    ("反馈的28个问题中,已完成25个、正在整改3个", "status_count", "findings", "3", "正在整改3个",
     {"status": "ongoing"}),
    ("共建立漠视侵害群众利益整改类问题台账108个,整改108个,整改率100%;", "rate", "other", "100", "整改率100%",
     {"numerator": "108", "denominator": "108", "decimals": 0}),
    ("发现问题18个,完成整改18个,完成率100%。", "rate", "other", "100", "完成率100%",
     {"numerator": "18", "denominator": "18"}),
    # the last two counts are of items done and not done: the parts are the total and the one count done
    ("截至目前,巡察反馈的28个问题,已整改到位24个,正在整改4个,整改完成率85.7%。", "rate", "other", "85.7",
     "整改完成率85.7%", {"numerator": "24", "denominator": "28", "decimals": 1}),
    # the total is of problems, not of the groups they fall in
    ("巡察反馈的3个方面12个问题,已完成整改10个,正在整改2个,整改完成率83.3%。", "rate", "other", "83.3",
     "整改完成率83.3%", {"numerator": "10", "denominator": "12", "decimals": 1}),
    ("巡察反馈的697个问题,完成整改688个,基本完成取得阶段性成果并持续整改问题4个,未完成5个,总体完成率98.71%。",
     "rate", "other", "98.71", "总体完成率98.71%", {"numerator": "688", "denominator": "697"}),
    # the problems' total in an earlier sentence of the paragraph
    ("市委巡察组共反馈问题3个方面15个具体问题。制定整改措施48条,截至目前已完成整改13个问题,完成率达90%。", "rate",
     "other", "90", "完成率达90%", {"numerator": "13", "denominator": "15", "decimals": 0}),
    ("共反馈问题87个。截至2023年12月31日,已完成整改79个,整改完成率90.8%;", "rate", "other", "90.8",
     "整改完成率90.8%", {"numerator": "79", "denominator": "87"}),
    # … but not a count of other things, nor one the nearest count of its classifier hides, nor below the count done
    ("共梳理制度漏洞15项。已完成整改13个,完成率90%。", "rate", "other", "90", "完成率90%",
     {"numerator": "13", "denominator": None}),
    ("共组织专题培训15个。已完成整改13个,完成率90%。", "rate", "other", "90", "完成率90%",
     {"numerator": "13", "denominator": None}),
    ("共反馈问题15个。建立台账30个。已完成整改13个,完成率90%。", "rate", "other", "90", "完成率90%",
     {"numerator": "13", "denominator": None}),
    ("共反馈问题10个。已完成整改13个,完成率90%。", "rate", "other", "90", "完成率90%",
     {"numerator": "13", "denominator": None}),
    ("共反馈问题15个。制定措施20项,正在整改13个,整改率90%。", "rate", "other", "90", "整改率90%",
     {"numerator": None, "denominator": None}),
    # no total, or two counts that could be the one done: not read (the rate is not checked)
    ("已整改到位24个,正在整改4个,整改完成率85.7%。", "rate", "other", "85.7", "整改完成率85.7%",
     {"numerator": None, "denominator": None}),
    ("反馈问题28个,已整改到位20个,已办结4个,正在整改4个,整改率85.7%。", "rate", "other", "85.7", "整改率85.7%",
     {"numerator": None, "denominator": None}),
    ("截至目前,我镇扶贫小额信贷共放贷136户,完成了任务数的92.94%。", "rate", "other", "92.94",
     "完成了任务数的92.94%", {"numerator": "136", "decimals": 2}),
    ("2014年-2016年,中央、省级下达的扶贫项目(共674个)完成率为60.08%。", "rate", "other", "60.08",
     "完成率为60.08%", {"denominator": "674", "decimals": 2}),
    ("2016年产业扶贫工程已拨付资金1952.35万元,拨付率达97.62%。", "rate", "other", "97.62", "拨付率达97.62%",
     {"numerator": None, "denominator": None}),
    ("禹州市乡镇敬老院虽设置床位3569张,但入住率只有53.4%", "rate", "other", "53.4", "入住率只有53.4%",
     {"numerator": None, "denominator": None, "decimals": 1}),
    ("今年总额为392万元(潘集区为25.5万元,寿县为230万元,八公山区45万元,凤台县70万元,市本级18.5万元),今年9月份",
     "sum", "money", "3920000",
     "392万元(潘集区为25.5万元,寿县为230万元,八公山区45万元,凤台县70万元,市本级18.5万元)",
     {"parts": [("潘集区", "255000"), ("寿县", "2300000"), ("八公山区", "450000"), ("凤台县", "700000"),
                ("市本级", "185000")]}),
    ("2020年市级民族发展资金392万元已于5月9日下达县区(潘集区为25.5万元,寿县为230万元)。", "sum", "money",
     "3920000", "392万元已于5月9日下达县区(潘集区为25.5万元,寿县为230万元)",
     {"parts": [("潘集区", "255000"), ("寿县", "2300000")]}),
    ("排查出疑似危房806户,出具鉴定报告806份(B级143份,C级339份,D级324份),其中鉴定为C、D级危房共663户", "sum",
     "items", "806", "806份(B级143份,C级339份,D级324份)",
     {"parts": [("B级", "143"), ("C级", "339"), ("D级", "324")]}),
    ("共设置床位235张,入住重残人员151人(其中,特困对象91人,非特困对象60人)。", "sum", "people", "151",
     "151人(其中,特困对象91人,非特困对象60人)", {"parts": [("特困对象", "91"), ("非特困对象", "60")]}),
    # a 其中 sentence breaking down the amount that ends the sentence before
    ("追回资金56.3万元。其中,项目资金20万元,补贴资金30万元,管理费6.2万元,均已上缴国库。", "sum", "money", "563000",
     "56.3万元。其中,项目资金20万元,补贴资金30万元,管理费6.2万元",
     {"parts": [("项目资金", "200000"), ("补贴资金", "300000"), ("管理费", "62000")]}),
    # a total after 合计 and its parts in parentheses: one sum (the amounts in the parentheses are no totals)
    ("追回资金合计56.3万元(项目资金20万元、补贴资金30万元、管理费6.2万元),均已上缴国库", "sum", "money", "563000",
     "56.3万元(项目资金20万元、补贴资金30万元、管理费6.2万元)",
     {"parts": [("项目资金", "200000"), ("补贴资金", "300000"), ("管理费", "62000")]}),
    ("对超范围分配的扶贫资金42.5万元和用于1个乡镇新建大桥工程建设的150万元,合计192.5万元,区财政已全部拨入", "sum",
     "money", "1925000", "42.5万元和用于1个乡镇新建大桥工程建设的150万元,合计192.5万元",
     {"parts": [(None, "425000"), (None, "1500000")]}),
    ("申请财政拨付培训资金31万元,开展培训,培训各项费用21.4062万元;后期回访,各项费用1.832万元;"
     "共计发放下乡补助0.36万元;结余7.4018万元,申请退回国库。", "sum", "money", "310000",
     "31万元,开展培训,培训各项费用21.4062万元;后期回访,各项费用1.832万元;共计发放下乡补助0.36万元;结余7.4018万元",
     {"parts": [(None, "214062"), (None, "18320"), (None, "3600"), (None, "74018")]}),
    ("大姚县沪滇对口帮扶援建项目17个,其中实施养殖基地建设项目4个、种植基地建设项目5个、基础设施建设项目5个、"
     "劳务协作项目2个、贫困村致富带头人培训项目1个。", "sum", "items", "17",
     "17个,其中实施养殖基地建设项目4个、种植基地建设项目5个、基础设施建设项目5个、劳务协作项目2个、"
     "贫困村致富带头人培训项目1个", {"parts": [("实施养殖基地建设项目", "4"), ("种植基地建设项目", "5"),
                                       ("基础设施建设项目", "5"), ("劳务协作项目", "2"),
                                       ("贫困村致富带头人培训项目", "1")]}),
    ("我区先后对落实“一岗双责”不力的13名科级干部进行了问责,其中立案查处5人,诫勉谈话1人,约谈7人;落实“一岗双查”",
     "sanction_breakdown", "people", "13", "13名科级干部进行了问责,其中立案查处5人,诫勉谈话1人,约谈7人",
     {"parts": [("立案查处", "5"), ("诫勉谈话", "1"), ("约谈", "7")]}),
    ("落实好台账式管理、包案督办、抽查复核等三项机制,确保案件查的清", "count", "items", "3",
     "台账式管理、包案督办、抽查复核等三项", {}),
    ("大力推广乡村旅游型、资源开发型、优势产业型、资产盘活型、筑巢引凤型、服务创收型、股金收益型和基金扶持型等8种村级集体"
     "经济发展模式", "count", "items", "8",
     "乡村旅游型、资源开发型、优势产业型、资产盘活型、筑巢引凤型、服务创收型、股金收益型和基金扶持型等8种", {}),
    ("组织王贵奇、马晓飞等2名贫困户先进典型宣讲个人脱贫事迹", "count", "people", "2", "王贵奇、马晓飞等2名", {}),
    ("紧紧围绕沪滇扶贫协作“产业合作、劳务协作、人才支持、资金支持、携手奔小康”5项主要任务", "count", "items", "5",
     "“产业合作、劳务协作、人才支持、资金支持、携手奔小康”5项", {}),
    ("为保障工作有序推进,健全完善五项推进机制:一是宣传引导机制。", "count", "measures", "5", "五项推进机制", {}),
    ("禹州市24家带贫企业仅有5家与“三农”有关,其他19家为工业生产企业", "sum", "items", "24",
     "24家带贫企业仅有5家与“三农”有关,其他19家", {"parts": [(None, "5"), (None, "19")]}),
    ("2016年兴建的14个易地扶贫搬迁集中安置点中12个已完工,还有2个安置点预计2017年4月底完工。", "sum", "items", "14",
     "14个易地扶贫搬迁集中安置点中12个已完工,还有2个", {"parts": [(None, "12"), (None, "2")]}),
    ("申请培训资金31万元,实际产生费用只有23.6万元,多付的7.4万元扶贫部门未及时收回。", "sum", "money", "310000",
     "31万元,实际产生费用只有23.6万元,多付的7.4万元", {"parts": [(None, "236000"), (None, "74000")]}),
    ("2019年,乡镇卫生院住院总人数3141人,比2018年下降19%;住院总费用650.47万元", "rate", "other", "19",
     "比2018年下降19%", {"decimals": 0}),
    ("住院总费用650.47万元,基金补偿费用947.31万元,分别下降了38%、39%。", "rate", "other", "39", "39%", {}),
    ("深化行业监督,实现100%项目在线监管,确保交易项目公开透明", "rate", "other", "100", "实现100%", {}),
    ("追究主体责任2人(其中立案查处1人、约谈1人),监督责任3人(其中立案查处2人、诫勉谈话1人)。",
     "sanction_breakdown", "people", "3", "3人(其中立案查处2人、诫勉谈话1人)",
     {"parts": [("立案查处", "2"), ("诫勉谈话", "1")]}),
    # 人次 (person-times) is a classifier of its own: 四种形态 breakdowns count in it
    ("运用“四种形态”批评教育和处理32人次,其中第一种形态28人次、第二种形态3人次、第三种形态1人次。",
     "sum", "items", "32", "32人次,其中第一种形态28人次、第二种形态3人次、第三种形态1人次",
     {"parts": [("第一种形态", "28"), ("第二种形态", "3"), ("第三种形态", "1")]}),
    # items named right before the count
    ("紧盯不作为、乱作为现象,抓牢缺岗离岗、履职不力两个切入口,从严查处严查快办", "count", "items", "2",
     "缺岗离岗、履职不力两个", {}),
    ("搭建两个平台,即搭建公益性岗位、扶贫车间两个就业平台,让贫困群众在家门口实现增收", "count", "items", "2",
     "公益性岗位、扶贫车间两个", {}),
    # sessions counted by the dates listed right before them
    ("区扶贫和移民办分别于2016年11月9日、11月21日、12月26日、2017年2月28日举办了四期针对乡镇领导的培训班", "count",
     "items", "4", "2016年11月9日、11月21日、12月26日、2017年2月28日举办了四期", {}),
    # organisations (家) named right after the count, remarks in parentheses aside
    ("2019年禹州市选择了2家有相应关联企业作为担保的大型企业禹州市天源生物科技有限公司(由禹州市石油天然气有限公司担保)、"
     "禹州市盛博园林有限公司(由北大公学禹州国际学校担保)管理运营产业扶贫扶持资金", "count", "items", "2",
     "2家有相应关联企业作为担保的大型企业禹州市天源生物科技有限公司(由禹州市石油天然气有限公司担保)、"
     "禹州市盛博园林有限公司(由北大公学禹州国际学校担保)", {}),
    # a counted set (对N…), then its parts in the same sentence (same specific classifier)
    ("对54所无学生无老师的空壳学校,撤销32所,根据需要改扩建为幼儿园22所。", "sum", "items", "54",
     "54所无学生无老师的空壳学校,撤销32所,根据需要改扩建为幼儿园22所",
     {"parts": [("撤销", "32"), ("根据需要改扩建为幼儿园", "22")]}),
    # ... or in the next sentence, the parts naming kinds of the set's noun (…卫生室 under 个)
    ("组织26个调查组对全市653个行政村卫生室进行全面调查摸排,摸清底数。目前,共排查出公有产权卫生室114所、"
     "公私合建卫生室92所、私有产权卫生室447所。", "sum", "items", "653",
     "653个行政村卫生室进行全面调查摸排,摸清底数。目前,共排查出公有产权卫生室114所、公私合建卫生室92所、私有产权卫生室447所",
     {"parts": [("公有产权卫生室", "114"), ("公私合建卫生室", "92"), ("私有产权卫生室", "447")]}),
]

# Expressions that hold no claim: slogans, set phrases, single-part 其中.
NO_CLAIMS = [
    "已解决12个村的饮水问题,已落实5户的危房改造。",  # the counts after a status word count something else
    "截至目前,全市共排查具体问题402条,已全部完成整改",
    "资金投入产业发展不低于50%的工作要求,保证村级年10%的保底收益",
    "明确到2021年底公有化产权村卫生室比例达到40%以上",
    "在扶贫村开展《中国共产党农村基层组织工作条例》等专项辅导",
    "严格落实“四个不摘”要求,持续向任务重的村派驻第一书记和工作队",
    "一是强化理论学习。二是抓紧编制规划。形成“一村一品”产业发展格局",
    "坚持一个问题一本台账,实事求是、分类整改",
    "县域治理“三起来”、乡镇工作“三结合”联系不紧,“两不愁三保障”仍有短板",
    "目前已办理完成64件,其中立案调查10人,全部给予党纪政纪处分",
    "做到解决一个问题、堵塞一个漏洞、完善一套制度",
    # not a set with its parts: other nouns under the general 个, a list, a count in the total's own clause
    "对19个乡镇2014年以来的政府投资扶贫项目进行全面检查,发现问题18个,完成整改18个。",
    "对2个国家级示范社、29个省级示范社、37个市级示范社、52个县级示范社进行了评定。",
    "对全区19个乡镇14个单位扶贫领域的资金项目进行了为期2个月的专项检查。",
    "对13324户疑似危房户进行了鉴定认定,对鉴定出的711户C、D级危房进行改造。对2019年以前的6705户改造户进行了回头看",
    # plain statistics, no items listed (longjie): not counts of what the notice enumerates
    "整合党政机关、县级部门挂包等工作力量193名干部职工挂包贫困户553户2106人,做到全覆盖",
    "把未脱贫的61户195人贫困人口作为脱贫攻坚的重点、难点和关键点",
    # dates and sessions that do not match: no claim
    "区扶贫办分别于3月5日、4月8日举办了三期培训班",
    "2017年许昌市委脱贫攻坚专项巡察反馈的36项问题,仍有干部作风不严不实问题",  # 项问题 without 具体
    "全市共有2家企业被许昌市认定为许昌市扶贫龙头企业,有2个产业脱贫村、20个带贫主体作为典型",
]


def _value(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


@pytest.mark.parametrize(("expr", "kind", "target", "claimed", "text", "extra"), ROWS)
def test_claim_row(expr: str, kind: str, target: str, claimed: str, text: str, extra: dict[str, Any]) -> None:
    found = [c for c in claims(expr) if c.kind.value == kind and c.text == text]
    assert found, f"{kind} {text!r} not in {[(c.kind.value, c.text) for c in claims(expr)]}"
    claim = found[0]
    assert claim.target.value == target
    assert claim.claimed == Decimal(claimed)
    if "status" in extra:
        assert claim.status is not None and claim.status.value == extra["status"]
    for field in ("numerator", "denominator"):
        if field in extra:
            assert _value(getattr(claim, field)) == extra[field]
    if "decimals" in extra:
        assert claim.decimals == extra["decimals"]
    if "parts" in extra:
        parts = [(p.label, str(p.value)) for p in claim.parts]
        expected = extra["parts"]
        if all(label is None for label, _ in expected):
            parts = [(None, value) for _, value in parts]
        assert parts == [(label, str(Decimal(value))) for label, value in expected]
    assert claim.span is not None and expr[claim.span.start:claim.span.end] == text


@pytest.mark.parametrize("expr", NO_CLAIMS)
def test_no_claims(expr: str) -> None:
    assert [c.text for c in claims(expr)] == []


@pytest.mark.parametrize(("expr", "counted"), [
    ("制定整改措施86条,已完成79条。", []),  # the measures done, not findings
    ("明确整改任务30项,已完成28项,正在推进2项。", []),
    ("反馈问题21条,已完成整改18条。", ["已完成整改18条"]),  # 条 of problems
    ("制定整改措施86条,21个问题已完成整改18个。", ["已完成整改18个"]),  # 个 after a total of problems
])
def test_a_status_count_of_measures_or_tasks_counts_no_findings(expr: str, counted: list[str]) -> None:
    assert [c.text for c in claims(expr) if c.kind.value == "status_count"] == counted


@pytest.mark.parametrize("unit", ["处", "宗", "起", "件"])
def test_a_rate_from_counts_of_places_cases_and_incidents(unit: str) -> None:
    expr = f"排查隐患148{unit},已整改136{unit},整改率91.9%。"
    (rate,) = [c for c in claims(expr) if c.kind.value == "rate"]
    assert (rate.numerator, rate.denominator) == (Decimal(136), Decimal(148))


@pytest.mark.parametrize(("expr", "findings"), [
    ("对正在整改的3个问题,实行挂图作战、对账销号。", []),  # those in one state, not all the findings
    ("对已完成整改的5个问题开展“回头看”。", []),
    ("对需长期坚持的2项具体问题,建立长效机制。", []),
    ("(一)已基本整改到位的7个问题", ["7个问题"]),  # a group heading counts its own findings
    ("对反馈的5个问题逐一制定整改措施。", ["5个问题"]),  # no state: all the findings
])
def test_a_count_of_the_problems_in_one_state_acted_on_is_no_total(expr: str, findings: list[str]) -> None:
    assert [c.text for c in claims(expr) if c.target is not None and c.target.value == "findings"] == findings


@pytest.mark.parametrize(("expr", "measures"), [
    ("制定整改措施15条,目前已完成整改措施12条,剩余整改措施3条正在推进。", ["整改措施15条"]),  # done, left: no totals
    ("共制定并落实整改措施15条。", ["整改措施15条"]),  # made and carried out: all of them
    ("尚未完成整改措施2条。", []),
])
def test_a_count_of_measures_in_a_state_is_no_total(expr: str, measures: list[str]) -> None:
    assert [c.text for c in claims(expr) if c.target is not None and c.target.value == "measures"] == measures


def test_structure_counts_in_a_rectification_block_are_not_claims() -> None:
    expr = "重点督促寿县落实省民委审计反馈整改的6个方面21个具体问题整改。健全完善五项推进机制:一是宣传引导机制。"
    inside = extract_claims(expr, 0, len(expr), Locator(expr), ClaimContext(rectification=(0, len(expr))))
    assert [(c.target.value, c.claimed) for c in inside] == [("measures", Decimal(5))]
    outside = extract_claims(expr, 0, len(expr), Locator(expr), ClaimContext(rectification=(len(expr), len(expr))))
    assert sorted(c.target.value for c in outside) == ["findings", "measures", "sections"]


def test_breakdown_parts_sum_when_consistent() -> None:
    expr = "对落实“一岗双责”不力的13名科级干部进行了问责,其中立案查处5人,诫勉谈话1人,约谈7人;"
    (claim,) = [c for c in claims(expr) if c.kind.value == "sanction_breakdown"]
    assert sum(p.value for p in claim.parts) == claim.claimed


@pytest.mark.parametrize(("expr", "claimed", "parts"), [
    ("给予党纪处分3人、政务处分2人,诫勉谈话4人,共计9人。", "9", ["3", "2", "4"]),
    ("给予党纪处分3人、政务处分2人,共计6人。", "6", ["3", "2"]),  # read as printed: sum-mismatch's to flag
    ("组织集中学习12次、专题党课3次,共计15次。", "15", ["12", "3"]),
])
def test_count_lists_closed_by_their_total(expr: str, claimed: str, parts: list[str]) -> None:
    (claim,) = [c for c in claims(expr) if c.kind.value == "sum"]
    assert claim.claimed == Decimal(claimed) and [str(p.value) for p in claim.parts] == parts


def test_a_total_of_another_classifier_closes_no_list() -> None:
    assert [c for c in claims("走访贫困户200户、贫困人口800人,共计1000人。") if c.kind.value == "sum"] == []


def test_breakdown_amounts_with_thousands_separators() -> None:
    expr = "共计追缴、退还各类资金1,234.56万元,其中上缴国库1,000万元,退还群众234.56万元。"
    (claim,) = [c for c in claims(expr) if c.kind.value == "sum"]
    assert claim.claimed == Decimal("12345600")
    assert [p.value for p in claim.parts] == [Decimal("10000000"), Decimal("2345600")]


def test_huainan_defect_is_visible() -> None:
    expr = "总额为392万元(潘集区为25.5万元,寿县为230万元,八公山区45万元,凤台县70万元,市本级18.5万元)。"
    (claim,) = [c for c in claims(expr) if c.kind.value == "sum"]
    assert claim.claimed - sum(p.value for p in claim.parts) == Decimal(30000)


def test_count_rows() -> None:
    assert len(ROWS) + len(NO_CLAIMS) >= 30


def test_a_total_after_its_cue_is_the_first_amount_after_it() -> None:
    """合计 governs the amount right after it: the amounts of a breakdown after that total are no totals of
    the amounts before them."""
    expr = "追回资金合计56.3万元(项目资金20万元、补贴资金30万元、管理费6.2万元),均已上缴国库"
    sums = [(c.text, str(c.claimed)) for c in claims(expr) if c.kind.value == "sum"]
    assert sums == [("56.3万元(项目资金20万元、补贴资金30万元、管理费6.2万元)", "563000")]
