"""Source excerpts under violations: display widths, marker alignment under CJK and ASCII, window cutting."""

from __future__ import annotations

import pytest

from engine.model import Span
from engine.reports.excerpt import ELLIPSIS, char_width, display_width, excerpt


def _span(text: str, piece: str, line: int = 1) -> Span:
    start = text.index(piece)
    return Span(start=start, end=start + len(piece), line=line, column=start + 1)


def _under(shown_text: str, marker: str) -> str:
    """The characters of ``shown_text`` that stand above the marker's carets (by display column)."""
    column = 0
    picked = []
    for char in shown_text:
        width = char_width(char)
        if column < len(marker) and marker[column] == "^":
            picked.append(char)
        column += width
    return "".join(picked)


def test_widths() -> None:
    assert display_width("abc") == 3
    assert display_width("整改") == 4
    assert display_width("，（）") == 6  # fullwidth punctuation
    assert display_width("“…”") == 3  # ambiguous: one column
    assert display_width("e\u0301") == 1  # combining mark
    assert char_width("\u3000") == 2


@pytest.mark.parametrize(("line", "piece"), [
    ("1.资金使用不规范,已追回75.1万元", "75.1万元"),
    ("abc def ghi", "def"),
    ("混合 mixed 文本 text，全角：ＡＢＣ end", "ＡＢＣ"),
    ("混合 mixed 文本 text", "mixed 文本"),
])
def test_marker_lines_up_under_the_span(line: str, piece: str) -> None:
    text = "标题\n" + line + "\n下一行"
    shown = excerpt(text, _span(text, piece, line=2))
    assert shown is not None
    assert shown.line == 2
    assert shown.text == line
    marker = shown.marker()
    assert marker.strip(" ") == "^" * display_width(piece)
    assert display_width(line[:line.index(piece)]) == len(marker) - len(marker.lstrip(" "))
    assert _under(shown.text, marker) == piece
    assert shown.lines == 1 and not shown.cut_span


def test_long_line_is_cut_around_the_span() -> None:
    line = "长" * 80 + "追回资金26.89万元" + "尾" * 80
    shown = excerpt(line, _span(line, "追回资金26.89万元"), width=40)
    assert shown is not None
    assert shown.text.startswith(ELLIPSIS) and shown.text.endswith(ELLIPSIS)
    assert display_width(shown.text) <= 40
    assert "追回资金26.89万元" in shown.text
    assert _under(shown.text, shown.marker()) == "追回资金26.89万元"
    before, after = shown.text.split("追回资金26.89万元")
    assert abs(display_width(before) - display_width(after)) <= 3  # centred


def test_span_near_the_start_keeps_the_line_start() -> None:
    line = "1.追回" + "资金" * 100
    shown = excerpt(line, _span(line, "追回"), width=30)
    assert shown is not None
    assert shown.text.startswith("1.追回") and shown.text.endswith(ELLIPSIS)
    assert shown.marker() == "  ^^^^"


def test_span_wider_than_the_window_is_marked_to_its_end() -> None:
    line = "前" * 50 + "很长的被标记文字" * 20 + "后" * 50
    shown = excerpt(line, _span(line, "很长的被标记文字" * 20), width=30)
    assert shown is not None
    assert shown.cut_span
    assert shown.text.startswith(ELLIPSIS + "很长") and shown.text.endswith(ELLIPSIS)
    assert display_width(shown.text) <= 30
    assert len(shown.marker()) == display_width(shown.text) - 1  # from after the ellipsis to before the last


def test_multi_line_span_marks_its_first_line_and_counts_lines() -> None:
    text = "一、标题\r\n1.问题一\r\n\r\n整改情况\r\n二、下一节"
    start = text.index("1.问题一")
    end = text.index("\r\n二、")
    shown = excerpt(text, Span(start=start, end=end, line=2, column=1))
    assert shown is not None
    assert shown.text == "1.问题一"
    assert shown.lines == 3
    assert shown.marker() == "^" * display_width("1.问题一")


def test_empty_span_gets_one_caret_and_tabs_and_controls_are_shown_safely() -> None:
    text = "a\tb\x07c"
    shown = excerpt(text, Span(start=4, end=4, line=1, column=5))
    assert shown is not None
    assert shown.text == "a    b\ufffdc"
    assert shown.marker() == " " * 7 + "^"


def test_span_outside_the_text_gives_nothing() -> None:
    assert excerpt("短", Span(start=10, end=12, line=1, column=11)) is None


def test_widths_table_matches_per_character_widths() -> None:
    """The translate-table fast path cuts and marks exactly as per-character widths would."""
    import random

    from engine.reports.excerpt import _shown, _window

    alphabet = "ab 1.，整改（）“…”\u3000ＡＢe\u0301\u200b\t\x07\ufeff"
    generator = random.Random(8)
    for _ in range(400):
        text = "".join(generator.choice(alphabet) for _ in range(generator.randrange(1, 160)))
        start = generator.randrange(len(text))
        end = min(len(text), start + generator.randrange(0, 40))
        width = generator.choice((20, 40, 76))
        shown = excerpt(text, Span(start=start, end=end, line=1, column=start + 1), width=width)
        pieces = [_shown(char) for char in text]
        expected = _window(1, pieces, [display_width(piece) for piece in pieces], start, end, 1, width)
        assert shown == expected


def _whole_line_excerpt(text: str, span: Span, width: int) -> object:
    """The excerpt worked out on the whole line, with per-character widths (what excerpt() did before it
    looked at only the part of a long line around the span)."""
    from engine.reports.excerpt import _LINE_BREAK, _shown, _window

    line_start = max(text.rfind(char, 0, span.start) for char in "\n\r\u2028\u2029\x85\x0b\x0c") + 1
    found = _LINE_BREAK.search(text, span.start)
    line_end = found.start() if found else len(text)
    if span.start > line_end:
        return None
    end = min(span.end, len(text))
    lines = 1 + len(_LINE_BREAK.findall(text[span.start:end].rstrip("\r\n")))
    pieces = [_shown(char) for char in text[line_start:line_end]]
    return _window(span.line, pieces, [display_width(piece) for piece in pieces], span.start - line_start,
                   min(end, line_end) - line_start, lines, width)


@pytest.mark.parametrize("seed", range(4))
def test_long_lines_give_the_whole_line_excerpt(seed: int) -> None:
    """Long lines (a paragraph is one line), runs of zero-width characters that make the part around
    the span too narrow, line breaks inside spans: always the excerpt of the whole line."""
    import random

    generator = random.Random(seed)
    alphabet = ["整", "改", "，", "a", "1", " ", "\t", "\x07", "e\u0301", "\u200b", "Ａ", "“", "…", "\n", "\r\n"]
    zero_run = "\u200b" * 400 + "\u0301" * 100
    for _ in range(300):
        chunks = [generator.choice(alphabet) for _ in range(generator.randrange(1, 900))]
        if generator.random() < 0.3:
            chunks.insert(generator.randrange(len(chunks) + 1), zero_run)
        text = "".join(chunks)
        start = generator.randrange(len(text) + 1)
        end = min(len(text), start + generator.choice((0, 1, 5, 40, 300)))
        width = generator.choice((20, 40, 76))
        span = Span(start=start, end=end, line=1, column=1)
        assert excerpt(text, span, width=width) == _whole_line_excerpt(text, span, width)
