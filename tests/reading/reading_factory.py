"""Builders for the reading tests: encoded variants of the seed texts and .docx files with real
automatic numbering (numbering.xml definitions, not typed labels)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
SEEDS = sorted((ROOT / "fixtures" / "raw").glob("*.txt"))
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

FULL_WIDTH_TARGETS = "0123456789,():;"


def seed_text(name: str) -> str:
    return next(path for path in SEEDS if path.name.startswith(name)).read_text(encoding="utf-8")


def to_full_width(text: str, chars: str = FULL_WIDTH_TARGETS) -> str:
    """ASCII digits and ``,():;`` as their full-width forms (what real notices often print)."""
    return text.translate({ord(c): ord(c) + 0xFEE0 for c in chars})


def encodable(text: str, codec: str) -> str:
    """The characters of ``text`` that ``codec`` can encode (test generation only)."""
    return "".join(ch for ch in text if _fits(ch, codec))


def _fits(char: str, codec: str) -> bool:
    try:
        char.encode(codec)
    except UnicodeEncodeError:
        return False
    return True


# --- .docx with automatic numbering -------------------------------------------------------------

LEVELS = (  # (numFmt, lvlText, regex for the typed label it replaces)
    ("chineseCounting", "%1、", re.compile(r"^([一二三四五六七八九十]+)、")),
    ("chineseCounting", "(%2)", re.compile(r"^\(([一二三四五六七八九十]+)\)")),
    ("decimal", "%3.", re.compile(r"^(\d+)\.")),
)


def abstract_num_xml(abstract_id: int, levels: Iterable[tuple[str, str]], *, restart: dict[int, int] | None = None,
                     starts: dict[int, int] | None = None) -> str:
    """An ``w:abstractNum`` with one ``w:lvl`` per (numFmt, lvlText)."""
    restart = restart or {}
    starts = starts or {}
    body = []
    for ilvl, (fmt, text) in enumerate(levels):
        extra = f'<w:lvlRestart w:val="{restart[ilvl]}"/>' if ilvl in restart else ""
        body.append(
            f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{starts.get(ilvl, 1)}"/><w:numFmt w:val="{fmt}"/>{extra}'
            f'<w:lvlText w:val="{text}"/><w:suff w:val="nothing"/><w:lvlJc w:val="left"/></w:lvl>'
        )
    return (f'<w:abstractNum xmlns:w="{W_NS}" w:abstractNumId="{abstract_id}">'
            f'<w:multiLevelType w:val="multilevel"/>{"".join(body)}</w:abstractNum>')


def add_numbering(document: Any, abstract_xml: str, num_id: int, abstract_id: int, overrides: str = "") -> None:
    """Register an abstractNum and a w:num pointing to it in the document's numbering part."""
    from docx.oxml import parse_xml

    numbering = document.part.numbering_part.element
    abstract = parse_xml(abstract_xml)
    first_num = numbering.find(f"{{{W_NS}}}num")
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    numbering.append(parse_xml(
        f'<w:num xmlns:w="{W_NS}" w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>{overrides}</w:num>'))


def set_numbering(paragraph: Any, num_id: int, ilvl: int) -> None:
    from docx.oxml import parse_xml

    ppr = paragraph._p.get_or_add_pPr()
    ppr.append(parse_xml(f'<w:numPr xmlns:w="{W_NS}"><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'))


def numbered_docx(text: str, path: Path, *, restart_level2: int | None = None) -> int:
    """Write ``text`` as a .docx, one paragraph per line, typed heading labels replaced by Word
    automatic numbering (chineseCounting ``%1、``, ``(%2)``, decimal ``%3.``). Returns how many
    labels were replaced."""
    import docx

    document = docx.Document()
    restart = {2: restart_level2} if restart_level2 is not None else None
    add_numbering(document, abstract_num_xml(90, [(f, t) for f, t, _ in LEVELS], restart=restart), 77, 90)
    replaced = 0
    for line in text.split("\n"):
        for ilvl, (_, _, pattern) in enumerate(LEVELS):
            match = pattern.match(line)
            if match:
                paragraph = document.add_paragraph(line[match.end():])
                set_numbering(paragraph, 77, ilvl)
                replaced += 1
                break
        else:
            document.add_paragraph(line)
    document.save(str(path))
    return replaced
