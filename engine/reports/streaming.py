"""Writing an output format one report at a time, so that a run's memory does not grow with its notices.

Every format needs a few figures of the whole run: counts in a header (markdown, HTML, JUnit),
the rules table and notifications ahead of the results (SARIF), the summary at the end (text,
JSON). A :class:`ReportWriter` takes the reports one by one (``add``), renders each at once into
a :class:`Spool` (a temporary file) and keeps only small counters; ``pieces`` then gives the
whole output: header, the spooled reports, footer. The bytes are those of the format's one-shot
renderer (``engine.reports.outputs.render``) on the same reports in the same order.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import PurePath
from typing import TextIO

from engine.reports.formatting import RuleInfo, RuleMeta, check_lang
from engine.reports.model import Report, ReportSet, Summary
from engine.reports.render import Lang, add_summary, text_block, text_summary

BLOCK = 1 << 16  # characters read back from a spool at a time


class Spool:
    """Text written as it comes and read back once at the end (a temporary file, not memory)."""

    def __init__(self) -> None:
        self._file: TextIO = tempfile.TemporaryFile("w+", encoding="utf-8", newline="")  # noqa: SIM115
        self.empty = True

    def write(self, text: str) -> None:
        if text:
            self._file.write(text)
            self.empty = False

    def pieces(self) -> Iterator[str]:
        """Everything written, in blocks; the spool is closed afterwards."""
        try:
            self._file.seek(0)
            while block := self._file.read(BLOCK):
                yield block
        finally:
            self._file.close()

    def lines(self) -> Iterator[str]:
        """Everything written, line by line (with line ends); the spool is closed afterwards."""
        try:
            self._file.seek(0)
            yield from self._file
        finally:
            self._file.close()

    def close(self) -> None:
        self._file.close()


class RuleTable:
    """``formatting.rule_table`` built as the reports come: the given rules, plus each violated rule
    missing from them with the metadata of its first violation."""

    def __init__(self, rules: Mapping[str, RuleInfo]) -> None:
        self.known: dict[str, RuleInfo] = dict(rules)
        self.grown = False  # a violated rule missing from the given ones was added (users may reset it)

    def see(self, report: Report) -> None:
        for violation in report.violations:
            if violation.rule_id not in self.known:
                self.known[violation.rule_id] = RuleMeta(title=violation.title, severity=violation.severity)
                self.grown = True

    def table(self) -> dict[str, RuleInfo]:
        """Rule id -> metadata, sorted by id (as ``rule_table`` orders it)."""
        return {rule_id: self.known[rule_id] for rule_id in sorted(self.known)}


class ReportWriter:
    """One output format, written report by report (see the module docstring)."""

    def __init__(self) -> None:
        self.spool = Spool()
        self.count = 0  # reports added

    def add(self, report: Report) -> None:
        self.count += 1

    def pieces(self) -> Iterator[str]:
        """The whole output, in pieces to write one after the other."""
        yield from self.spool.pieces()

    def close(self) -> None:
        """Drop the spool (for a run that ends without writing this output)."""
        self.spool.close()


class RuleTableWriter(ReportWriter):
    """A format that names the rules it reports (the given ones, plus each violated rule missing
    from them), in one language, with notice paths relative to ``root``."""

    def __init__(self, rules: Mapping[str, RuleInfo], lang: str = "zh", *, root: str | PurePath | None = None) -> None:
        super().__init__()
        self.language = check_lang(lang)
        self.root = root
        self.rules = RuleTable(rules)

    def add(self, report: Report) -> None:
        super().add(report)
        self.rules.see(report)


class TextWriter(ReportWriter):
    """``render.to_text`` (``quiet``: only its summary line)."""

    def __init__(self, lang: Lang, *, quiet: bool = False, color: bool = False) -> None:
        super().__init__()
        self.lang = lang
        self.quiet = quiet
        self.color = color
        self.total = Summary()
        self.failed = 0

    def add(self, report: Report) -> None:
        super().add(report)
        add_summary(self.total, report.summary)
        self.failed += len(report.errors)
        if not self.quiet:
            self.spool.write("\n".join(text_block(report, self.lang, color=self.color)) + "\n")

    def pieces(self) -> Iterator[str]:
        yield from self.spool.pieces()
        yield text_summary(self.total, self.count, self.failed, self.lang, color=self.color) + "\n"


class JsonWriter(ReportWriter):
    """``render.to_json``: the reports in their list, the summary of all of them after it."""

    def __init__(self) -> None:
        super().__init__()
        self.total = Summary()

    def add(self, report: Report) -> None:
        item = json.dumps(report.model_dump(mode="json"), ensure_ascii=False, indent=2, sort_keys=True)
        self.spool.write(("\n" if not self.count else ",\n") + indent(item, 4))
        super().add(report)
        add_summary(self.total, report.summary)

    def pieces(self) -> Iterator[str]:
        data = ReportSet(summary=self.total).model_dump(mode="json")
        whole = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        if not self.count:
            self.spool.close()
            yield whole
            return
        head, _, tail = whole.partition('"reports": []')  # sorted keys: the first one
        yield head + '"reports": ['
        yield from self.spool.pieces()
        yield "\n  ]" + tail


def indent(text: str, spaces: int) -> str:
    """``text`` (JSON from ``json.dumps(indent=2)``) as it reads nested ``spaces`` deep in a larger document."""
    prefix = " " * spaces
    return prefix + text.replace("\n", "\n" + prefix)


def open_writer(name: str, rules: Mapping[str, RuleInfo], lang: Lang, *, root: str | None = None,
                quiet: bool = False, color: bool = False) -> ReportWriter:
    """The writer of one format (names as in ``engine.reports.outputs.FORMATS``)."""
    if name == "text":
        return TextWriter(lang, quiet=quiet, color=color)
    if name == "json":
        return JsonWriter()
    if name == "sarif":
        from engine.reports.sarif import SarifWriter

        return SarifWriter(rules, lang, root=root)
    if name == "junit":
        from engine.reports.junit import JunitWriter

        return JunitWriter(rules, lang, root=root)
    if name == "markdown":
        from engine.reports.markdown import MarkdownWriter

        return MarkdownWriter(rules, lang, root=root)
    if name == "github":
        from engine.reports.github import GithubWriter

        return GithubWriter(rules, lang, root=root)
    if name == "html":
        from engine.reports.html import HtmlWriter

        return HtmlWriter(rules, lang, root=root)
    raise ValueError(f"unknown format {name!r}")
