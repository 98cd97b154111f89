"""Parsing: text → Notice (segmentation of header, headings, findings, blocks and footer).

>>> from engine.spans import Locator
>>> text = "一、关于问题方面\\n1.问题一。\\n整改情况:该项已办结。"
>>> notice = parse_text(text, Locator(text))
>>> [f.status.kind.value for _, f in notice.iter_findings() if f.status]
['closed']
"""

from __future__ import annotations

from pathlib import Path

from engine.model import Notice
from engine.parsing.assemble import segment
from engine.parsing.lines import SpanMaker


def parse_text(text: str, spans: SpanMaker, *, path: str | None = None) -> Notice:
    """Parse a normalised notice text; ``spans`` maps its offsets to Spans."""
    return segment(text, spans, path=path).notice


def parse_file(path: str | Path) -> Notice:
    """Read a file (txt, docx, html) and parse it."""
    from engine.reading import read_document

    source = read_document(path)
    notice = parse_text(source.text, source, path=str(path))
    notice.source.format = source.format
    notice.source.encoding = source.encoding
    return notice


__all__ = ["parse_file", "parse_text"]
