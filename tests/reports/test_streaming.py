"""Report writers (``engine.reports.streaming``): each format written report by report gives the bytes of
the one-shot renderer, whatever the reports (none, several, rules missing from the table, rule errors)."""

from __future__ import annotations

import pytest
from report_samples import ROOT, failing_set, sample_rules, sample_set, violation

from engine.model import Span
from engine.reports.model import Report, ReportSet, summarise
from engine.reports.outputs import FORMATS, render
from engine.reports.render import Lang, report_set
from engine.reports.streaming import Spool, open_writer


def _late_unknown_rule() -> ReportSet:
    """A set whose last report violates a rule missing from the rules given, which sorts before them all:
    every result written before it has its rule index moved."""
    base = sample_set()
    late = violation("aaa-new-rule", "error", "新规则", "New rule", span=Span(start=1, end=2, line=1, column=2))
    extra = Report(source="notices/late.txt", violations=[late], summary=summarise([late]))
    return report_set([*base.reports, extra, *failing_set().reports])


SETS = {"empty": ReportSet, "sample": sample_set, "failing": failing_set, "late-unknown-rule": _late_unknown_rule}


@pytest.mark.parametrize("name", FORMATS)
@pytest.mark.parametrize("which", sorted(SETS))
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_writer_matches_the_one_shot_renderer(name: str, which: str, lang: Lang) -> None:
    reports = SETS[which]().reports
    for quiet, color in ((False, False), (True, False), (False, True)):
        writer = open_writer(name, sample_rules(), lang, root=ROOT, quiet=quiet, color=color)
        for report in reports:
            writer.add(report)
        assert "".join(writer.pieces()) == render(name, reports, sample_rules(), lang, root=ROOT, quiet=quiet,
                                                  color=color)


def test_sarif_results_are_renumbered_when_the_table_grows() -> None:
    reports = _late_unknown_rule().reports
    writer = open_writer("sarif", sample_rules(), "zh", root=ROOT)
    for report in reports:
        writer.add(report)
    text = "".join(writer.pieces())
    assert '"ruleIndex": 0,' in text and text == render("sarif", reports, sample_rules(), "zh", root=ROOT)


def test_spool_gives_back_what_was_written_in_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("engine.reports.streaming.BLOCK", 7)
    spool = Spool()
    assert spool.empty
    for part in ("整改", "", "a\r\nb\n", "c" * 20):
        spool.write(part)
    pieces = list(spool.pieces())
    assert "".join(pieces) == "整改a\r\nb\n" + "c" * 20 and max(len(piece) for piece in pieces) == 7
    assert not spool.empty
