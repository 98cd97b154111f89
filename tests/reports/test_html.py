"""The HTML report: standalone, well formed, everything escaped, spans highlighted and linked, deterministic."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from report_samples import NOTICE_TEXT, failing_set, sample_rules, sample_set, violation

from engine.model import Span
from engine.reports.html import render_html
from engine.reports.model import Report
from engine.reports.render import report_set

VOID = {"meta", "br", "link", "img", "hr", "input", "wbr"}


class _Checker(HTMLParser):
    """Tag balance, ids, links, the text inside <pre class="text">, and every tag and attribute seen."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.ids: list[str] = []
        self.links: list[str] = []
        self.tags: set[str] = set()
        self.attributes: list[tuple[str, str, str | None]] = []
        self.in_text = False
        self.text: list[str] = []
        self.marks: list[tuple[str | None, str | None]] = []  # (id, title) of each mark

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        values = dict(attrs)
        self.attributes += [(tag, name, value) for name, value in attrs]
        if "id" in values:
            self.ids.append(values["id"] or "")
        if tag == "a" and values.get("href"):
            self.links.append(values["href"] or "")
        if tag == "pre" and values.get("class") == "text":
            self.in_text = True
        if tag == "mark":
            self.marks.append((values.get("id"), values.get("title")))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1] if self.stack else None}>")
            return
        self.stack.pop()
        if tag == "pre":
            self.in_text = False

    def handle_data(self, data: str) -> None:
        if self.in_text and "a" not in self.stack[self.stack.index("pre"):]:
            self.text.append(data)


def _check(page: str) -> _Checker:
    checker = _Checker()
    checker.feed(page)
    checker.close()
    assert not checker.errors, checker.errors
    assert checker.stack == [], checker.stack
    assert len(checker.ids) == len(set(checker.ids)), "duplicate ids"
    for link in checker.links:
        assert link.startswith("#") and link[1:] in checker.ids, link
    return checker


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_well_formed_standalone_and_escaped(lang: str) -> None:
    page = render_html(failing_set(), sample_rules(), lang)
    checker = _check(page)
    assert page.startswith("<!DOCTYPE html>\n")
    assert f'<html lang="{"zh-CN" if lang == "zh" else "en"}">' in page
    assert "script" not in checker.tags  # the notice's <script> is text, not markup
    assert "b" not in checker.tags
    assert not re.search(r"(src|href)=\"(https?:|//)", page)  # no external resources
    assert "<script>" not in page and "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "&amp; &quot;管理&quot;" in page
    # the notice text survives exactly: escaping and marks change nothing a reader sees
    assert "".join(checker.text) == NOTICE_TEXT
    for _tag, _name, value in checker.attributes:
        assert value is None or "\n" not in value


def test_marks_link_to_the_list_and_back() -> None:
    page = render_html(failing_set(), sample_rules(), "zh")
    checker = _check(page)
    titled = [(mark_id, title) for mark_id, title in checker.marks if mark_id]
    assert [mark_id for mark_id, _ in titled] == ["n1-v2", "n1-v3"]  # document order; v1 has no span
    assert titled[0][1] == 'pii-exposed: 出现 <script> & "引号"'  # the tooltip, unescaped by the parser
    assert '<a href="#n1-v2">3:27 一 第1个问题（编号1.）</a>' in page
    assert 'href="#n1-v2-item"' in page
    assert '<li id="n1-v1-item" class="warning">' in page and "通报头部" in page
    assert "slow-pattern" in page


def test_overlapping_and_empty_spans_stay_well_formed() -> None:
    text = "甲乙丙丁戊己庚辛\n第二行"
    violations = [
        violation("outer", "error", "外", "outer", span=Span(start=0, end=6, line=1, column=1)),
        violation("inner", "warning", "内", "inner", span=Span(start=2, end=9, line=1, column=3)),
        violation("empty", "info", "空", "empty", span=Span(start=4, end=4, line=1, column=5)),
        violation("beyond", "info", "越界", "beyond", span=Span(start=100, end=120, line=9, column=1)),
    ]
    report = Report(source="a.txt", violations=violations).attach_source_text(text)
    page = render_html(report_set([report]), {}, "zh")
    checker = _check(page)
    assert "".join(checker.text) == text
    assert [mark_id for mark_id, _ in checker.marks if mark_id] == ["n1-v1", "n1-v2", "n1-v3"]
    assert page.count("<mark") == 7  # outer; outer+inner; empty; outer+inner again; inner


def test_structured_notice_without_text() -> None:
    page = render_html(sample_set(), sample_rules(), "en")
    _check(page)
    assert "The text is not available" in page
    assert page.count('<section class="notice"') == 3


def test_deterministic() -> None:
    assert render_html(failing_set(), sample_rules(), "zh") == render_html(failing_set(), sample_rules(), "zh")
