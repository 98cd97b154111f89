"""Hand-built report sets for the formatter tests: Chinese messages, spans, special characters."""

from __future__ import annotations

from engine.model import Span
from engine.reports.formatting import RuleInfo, RuleMeta
from engine.reports.model import Messages, Report, ReportSet, RuleFailure, Violation, summarise
from engine.reports.render import report_set as make_report_set
from engine.rule_language.schema import Rule

# Spanned texts with the characters formatters must escape: | % : , < & " and a line break.
QUOTE_ONE_LINE = '整改期限:2024年|100% <完成>, "验收" & 复核'
QUOTE_TWO_LINES = "第一行\n第二行 <b>"
QUOTE_MARKUP = "@someone #12 [链接](http://x) *粗体* `代码` $x$ ~~删~~ \\ 响铃\x07"

ROOT = "/abs/repo"


def violation(rule_id: str, severity: str, zh: str, en: str, **extra: object) -> Violation:
    data: dict[str, object] = {
        "rule_id": rule_id, "severity": severity, "title": f"title of {rule_id}",
        "message": Messages(zh=zh, en=en), "subject": "finding", "fact_id": f"fact-{rule_id}",
        "expected": "a deadline", "fingerprint": f"fp-{rule_id}-{len(zh)}",
    }
    data.update(extra)
    return Violation.model_validate(data)


def _report(source: str | None, violations: list[Violation], passed: dict[str, list[str]]) -> Report:
    return Report(source=source, violations=violations, passed=passed, summary=summarise(violations))


def sample_set() -> ReportSet:
    """Three notices: one with five violations, one clean (absolute path), one from stdin."""
    start = 120
    first = _report("notices\\2024\\整改 通报.txt", [
        violation("finding-has-deadline", "error", "问题未写明整改期限|请补充", "No deadline | add one",
                  span=Span(start=start, end=start + len(QUOTE_ONE_LINE), line=5, column=3),
                  quote=QUOTE_ONE_LINE, finding_number="1.", section_path="二、存在的问题",
                  actual={"deadline": None, "status": "ongoing"}),
        violation("measure-has-owner", "warning", "整改措施未明确责任人: 100%, 见\n下文", "No owner: 100%, see\nbelow",
                  finding_number="3.", section_path="二、存在的问题", quote="责任人\n未明确 %0A"),
        violation("finding-has-deadline", "error", "第二处缺少期限", "Second missing deadline",
                  span=Span(start=300, end=300 + len(QUOTE_TWO_LINES), line=9, column=7),
                  quote=QUOTE_TWO_LINES, finding_number="4."),
        violation("claim-sum-matches", "info", "合计与分项不符 <差 3 万元> & 复核", "Sum mismatch <3> & check",
                  span=Span(start=500, end=520, line=12, column=1), quote=QUOTE_MARKUP),
        violation("unknown-rule", "warning", "未登记的规则", "Unregistered rule",
                  span=Span(start=600, end=601, line=14, column=2)),
    ], {"finding-has-deadline": ["f2"], "measure-has-owner": [], "claim-sum-matches": [],
        "date-order": ["d1", "d2"]})
    clean = _report(f"{ROOT}/notices/clean.txt", [], {"finding-has-deadline": ["f9"], "date-order": []})
    piped = _report("-", [violation("date-order", "error", "日期倒置", "Dates reversed", fingerprint="")],
                    {"date-order": []})
    return make_report_set([first, clean, piped])


def sample_rules() -> dict[str, RuleInfo]:
    """Rule metadata: plain RuleMeta, a bilingual title, and a real schema Rule."""
    schema_rule = Rule.model_validate({
        "id": "date-order", "title": "日期先后顺序", "severity": "error", "subject": "date",
        "assert": {"exists": "start"}, "message": {"zh": "日期倒置", "en": "Dates reversed"},
        "rationale": "开始日期应早于结束日期。", "tags": ["dates", "consistency"],
    })
    return {
        "finding-has-deadline": RuleMeta(title="问题须有整改期限", severity="error",
                                         rationale={"zh": "每个问题都要写明整改期限。",
                                                    "en": "Every finding needs a deadline."},
                                         tags=("deadline", "finding", "deadline")),
        "measure-has-owner": RuleMeta(title={"zh": "措施须有责任人", "en": "Measures need an owner"},
                                      severity="warning", rationale="责任到人。"),
        "claim-sum-matches": RuleMeta(title="合计与分项一致", severity="info", rationale="", tags=("arithmetic",)),
        "date-order": schema_rule,
    }


# A notice text for excerpts and HTML: CJK, ASCII, markup-like characters and a long line.
NOTICE_TEXT = ("关于整改情况的通报\n"
               "一、存在的问题\n"
               "1.资金<b>使用</b> & \"管理\" 不规范, <script>alert('x')</script> 已追回 abc 75.1万元\n"
               "二、" + "长" * 60 + "追回资金26.89万元" + "尾" * 60 + "\n")


def failing_set() -> ReportSet:
    """One notice with its text, two violations (one without a span but with a place) and a rule that failed."""
    text = NOTICE_TEXT
    third = text.index("1.资金")
    start = text.index("<script>")
    money = text.index("追回资金26.89万元")
    violations = [
        violation("header-missing-title", "warning", "通报没有标题", "No title",
                  place=Messages(zh="通报头部", en="notice header"), subject="notice"),
        violation("pii-exposed", "error", "出现 <script> & \"引号\"", "Has <script> & \"quotes\"",
                  span=Span(start=start, end=start + len("<script>alert('x')</script>"), line=3,
                            column=start - third + 1),
                  quote="<script>alert('x')</script>", place=Messages(zh="一 第1个问题（编号1.）", en="一 finding 1.")),
        violation("money-recovered-destination-missing", "warning", "追回资金未说明去向", "No destination",
                  span=Span(start=money, end=money + len("追回资金26.89万元"), line=4,
                            column=money - text.index("二、") + 1),
                  quote="追回资金26.89万元"),
    ]
    failure = RuleFailure(rule_id="slow-pattern", code="ZG610",
                          message="pattern `(a+)+$` took longer than 1s on field 'problem' of fact finding:1",
                          fact_id="finding:1", line=3,
                          hint="simplify the pattern or raise the limit with --pattern-timeout")
    report = Report(source="notices/带错误 <a>.txt", violations=violations, passed={"pii-exposed": []},
                    summary=summarise(violations), errors=[failure])
    report.attach_source_text(text)
    return make_report_set([report])
