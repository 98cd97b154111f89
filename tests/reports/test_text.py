"""The text report: source line and marker under each spanned violation, rule errors, colour only when asked."""

from __future__ import annotations

import re

from report_samples import failing_set, sample_set

from engine.reports.render import to_text

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def test_source_line_and_marker_under_a_violation() -> None:
    text = to_text(failing_set().reports, "zh")
    lines = text.splitlines()
    index = next(i for i, line in enumerate(lines) if "money-recovered-destination-missing" in line)
    source, marker = lines[index + 1], lines[index + 2]
    assert source.startswith("      4 | …") and source.endswith("…")
    assert marker.startswith("        | ")
    column = source.index("追回资金")
    # display columns before the span: the CJK characters of the source line take two each
    prefix = source[len("      4 | "):column]
    carets = marker[len("        | "):]
    assert len(carets) - len(carets.lstrip(" ")) == sum(2 if ord(c) > 0x2E80 else 1 for c in prefix)
    assert carets.strip() == "^" * (4 * 2 + 5 + 2 * 2)  # 追回资金 26.89 万元
    assert "「追回资金26.89万元」" not in text  # the source line replaces the quote


def test_quote_when_the_text_is_unknown() -> None:
    text = to_text(sample_set().reports, "zh")
    assert " | " not in text.replace("|请补充", "").replace("|100%", "")
    assert "「整改期限:2024年|100% <完成>, \"验收\" & 复核」" in text


def test_rule_errors_are_listed_and_counted() -> None:
    zh = to_text(failing_set().reports, "zh")
    assert re.search(r"^  3  未检查  slow-pattern  ZG610 pattern `\(a\+\)\+\$` took longer", zh, re.M)
    assert zh.rstrip().endswith("1 项规则未能检查")
    en = to_text(failing_set().reports, "en")
    assert re.search(r"^  3  not evaluated  slow-pattern  ZG610 ", en, re.M)
    assert en.rstrip().endswith("1 rule(s) not evaluated")
    assert "no violations" not in en


def test_no_escape_codes_without_colour_and_codes_with_it() -> None:
    plain = to_text(failing_set().reports, "zh")
    assert "\x1b" not in plain
    coloured = to_text(failing_set().reports, "zh", color=True)
    assert "\x1b[31m" in coloured  # errors in red
    assert "\x1b[33m" in coloured  # warnings in yellow
    assert "\x1b[2m" in coloured  # dim locations
    assert ANSI.sub("", coloured) == plain
