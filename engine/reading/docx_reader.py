"""Text of a .docx, one paragraph per line, with the automatic list labels Word would show.

python-docx opens and validates the package; the text is taken by walking the XML because
``Paragraph.text`` leaves out automatic numbering (``一、`` ``(一)`` ``1.``), tracked insertions
(``w:ins``) and content controls (``w:sdt``). Rules:

* paragraphs in body order, including those in tables, content controls and text boxes
  (``mc:Fallback`` copies are skipped); a cell continuing a vertical merge is skipped, so merged
  text appears once;
* a table row with text in two or more cells is one line, its cells apart by a tab per grid column
  (a cell spanning columns is followed by as many; a cell continuing a vertical merge counts as an
  empty cell; tabs and breaks inside a cell become spaces), so a ledger table reads row by row with
  its columns aligned (``engine.parsing.ledger``);
* ``w:ins``/``w:moveTo`` text is kept, ``w:del``/``w:moveFrom`` text dropped (changes accepted);
* ``w:tab`` is a tab, a text-wrapping ``w:br``/``w:cr`` a line break inside the paragraph (page
  and column breaks are dropped), field instructions dropped and field results kept;
* list labels are rebuilt from numbering.xml (see :class:`Numbering`).

Line numbers in spans are paragraph numbers (1-based, document order), columns count
characters in the paragraph including its label.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from engine.errors import InputError
from engine.reading.source_text import LineStarts, SourceText
from engine.reading.table_grid import cell_span

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
P, T, TC, TR = W + "p", W + "t", W + "tc", W + "tr"
VAL = W + "val"
_DROPPED = {W + "del", W + "moveFrom", W + "sectPr", _MC + "Fallback", W + "pPr", W + "tblPr", W + "trPr",
            W + "tcPr", W + "rPr", W + "instrText", W + "delText", W + "sdtPr", W + "sdtEndPr"}
_NOT_INLINE = _DROPPED | {P, W + "drawing", W + "pict", W + "object", _MC + "AlternateContent", W + "txbxContent"}
_BREAKS = {None, "textWrapping"}
_XML_LIMIT_FACTOR = 20


def read_docx(data: bytes, path: str, *, max_bytes: int) -> SourceText:
    """Extract the text of a .docx given as bytes."""
    root, numbering_root, styles_root = _open(data, path, max_bytes)
    numbering = Numbering(numbering_root, styles_root)
    placed = [(None if paragraph is None else numbering.label(paragraph) + paragraph_text(paragraph), row, cell)
              for paragraph, row, cell in _iter_placed(root)]
    filled: dict[int, set[int]] = {}  # row -> the cells with text
    for line, row, cell in placed:
        if line is not None and row is not None and line.strip():
            filled.setdefault(id(row), set()).add(id(cell))
    pieces: list[str] = []
    starts: list[int] = []
    offset = 0
    for index, (line, row, _) in enumerate(placed):
        if line is None:
            continue  # a cell continuing a vertical merge: an empty cell of its row (see _separator)
        joined = row is not None and len(filled.get(id(row), ())) >= 2
        if joined:  # a table row with text in two or more cells is one line, its cells apart by tabs
            line = line.replace("\t", " ").replace("\n", " ")
        starts.append(offset)
        pieces.append(line)
        offset += len(line)
        separator = _separator(placed, index, filled)
        if separator is None:
            break
        pieces.append(separator)
        offset += len(separator)
    if not any(piece.strip() for piece in pieces):
        raise InputError("empty document (no text in the .docx)", path=path)
    return SourceText.from_original(path, "docx", None, "".join(pieces), positions=LineStarts(starts or [0]))


def _separator(placed: list[tuple[str | None, Any, Any]], index: int, filled: dict[int, set[int]]) -> str | None:
    """What follows paragraph ``index``: a line break, or within a joined row a tab per cell boundary
    (merged cells skipped on the way count as empty cells) or a space inside a cell; None at the end."""
    _, row, cell = placed[index]
    following = index + 1
    while following < len(placed) and placed[following][0] is None:
        following += 1
    if following == len(placed):
        return None
    _, next_row, next_cell = placed[following]
    # grid columns of the merged cells skipped on the way (a cell may span several: w:gridSpan)
    merged = sum(_grid_span(between[2]) for between in placed[index + 1:following] if between[1] is next_row)
    if next_row is None or len(filled.get(id(next_row), ())) < 2:
        return "\n"
    if next_row is not row:
        return "\n" + "\t" * merged  # the next row opens with merged cells
    return " " if next_cell is cell else "\t" * (_grid_span(cell) + merged)


def _grid_span(cell: Any) -> int:
    """How many grid columns a cell spans (w:gridSpan), so that every row's tabs follow the grid."""
    span = cell.find(f"{W}tcPr/{W}gridSpan") if cell is not None else None
    return cell_span(span.get(VAL) if span is not None else None)


def _iter_placed(element: Any, row: Any = None, cell: Any = None) -> Iterator[tuple[Any, Any, Any]]:
    """``iter_paragraphs`` with each paragraph's innermost table row and cell (None outside tables); a
    cell continuing a vertical merge comes as ``(None, row, cell)``."""
    for child in element:
        tag = child.tag
        if not isinstance(tag, str) or tag in _DROPPED:
            continue
        if tag == P:
            yield child, row, cell
            yield from _iter_placed(child, row, cell)
        elif tag == TC:
            if _continues_vertical_merge(child):
                yield None, row, child
            else:
                yield from _iter_placed(child, row, child)
        elif tag == TR:
            yield from _iter_placed(child, child, None)
        else:
            yield from _iter_placed(child, row, cell)


def _open(data: bytes, path: str, max_bytes: int) -> tuple[Any, Any, Any]:
    """The body element and the numbering/styles roots (None when absent)."""
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise InputError("not a valid .docx (it is an old Word .doc/.wps file)", path=path,
                         hint="save it as .docx or .txt")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            info = archive.getinfo("word/document.xml")
    except zipfile.BadZipFile:
        raise InputError("not a valid .docx (not a zip archive)", path=path) from None
    except KeyError:
        raise InputError("not a valid .docx (no word/document.xml in the archive)", path=path) from None
    if info.file_size > _XML_LIMIT_FACTOR * max_bytes:
        raise InputError(f"not a valid .docx (word/document.xml unpacks to {info.file_size} bytes)", path=path)
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
        body = document.element.body
        part = document.part
        try:
            numbering_root = part.numbering_part.element
        except (KeyError, NotImplementedError):  # python-docx's signal for "no numbering part"
            numbering_root = None
        styles_root = part.styles.element if hasattr(part, "styles") else None
    except Exception as err:  # python-docx/lxml raise many types on damaged packages
        detail = str(err).splitlines()[0] if str(err) else type(err).__name__
        raise InputError(f"not a valid .docx ({detail[:200]})", path=path) from None
    return body, numbering_root, styles_root


def iter_paragraphs(element: Any) -> Iterator[Any]:
    """Every ``w:p`` under ``element`` in document order (see the module notes for what is skipped)."""
    for child in element:
        tag = child.tag
        if not isinstance(tag, str) or tag in _DROPPED:
            continue
        if tag == P:
            yield child
            yield from iter_paragraphs(child)  # text boxes anchored in the paragraph
        elif tag == TC and _continues_vertical_merge(child):
            continue
        else:
            yield from iter_paragraphs(child)


def _continues_vertical_merge(cell: Any) -> bool:
    merge = cell.find(f"{W}tcPr/{W}vMerge")
    return merge is not None and merge.get(VAL) in (None, "continue")


def paragraph_text(paragraph: Any) -> str:
    """The visible text of one paragraph, without its list label."""
    out: list[str] = []
    _inline(paragraph, out)
    return "".join(out).replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")


def _inline(element: Any, out: list[str]) -> None:
    for child in element:
        tag = child.tag
        if not isinstance(tag, str) or tag in _NOT_INLINE:
            continue
        if tag == T:
            out.append(child.text or "")
        elif tag in (W + "tab", W + "ptab"):
            out.append("\t")
        elif tag == W + "br":
            if child.get(W + "type") in _BREAKS:
                out.append("\n")
        elif tag == W + "cr":
            out.append("\n")
        elif tag == W + "noBreakHyphen":
            out.append("-")
        else:
            _inline(child, out)


@dataclass
class Level:
    """One level of a list definition (``w:lvl``)."""

    fmt: str = "decimal"
    text: str = "%1."
    start: int = 0
    restart: int | None = None  # w:lvlRestart: None = after any higher level, 0 = never
    legal: bool = False  # w:isLgl: show all numbers as decimal
    suffix: str = "tab"
    style: str | None = None  # w:pStyle: the paragraph style bound to this level


class Numbering:
    """Rebuilds automatic list labels from numbering.xml and styles.xml.

    A paragraph's ``numPr`` (numId, ilvl) comes from its own properties or from its paragraph
    style (following ``basedOn``); numId 0 means "not numbered". Counters belong to the abstract
    definition, as in Word: ``w:num`` instances sharing one continue each other's numbering unless
    a ``w:startOverride`` restarts a level where that instance is first used. When a level
    advances, deeper levels restart (``w:lvlRestart`` can say otherwise). ``%n`` in ``lvlText``
    is level n's current number in level n's format.
    """

    def __init__(self, numbering: Any, styles: Any) -> None:
        self.abstracts: dict[str, dict[int, Level]] = {}
        self.style_links: dict[str, str] = {}  # abstractNum id → numStyleLink style id
        self.nums: dict[str, tuple[str, dict[int, int], dict[int, Level]]] = {}
        self.styles: dict[str, tuple[str | None, str | None, int | None]] = {}
        self.default_style: str | None = None
        self.counters: dict[str, dict[int, int]] = {}
        self.starts: dict[str, dict[int, int]] = {}
        self.seen: set[str] = set()
        if styles is not None:
            self._read_styles(styles)
        if numbering is not None:
            self._read_numbering(numbering)

    def _read_styles(self, root: Any) -> None:
        for style in root.iter(W + "style"):
            style_id = style.get(W + "styleId")
            if style_id is None:
                continue
            based = style.find(W + "basedOn")
            num_id = style.find(f"{W}pPr/{W}numPr/{W}numId")
            ilvl = style.find(f"{W}pPr/{W}numPr/{W}ilvl")
            self.styles[style_id] = (
                based.get(VAL) if based is not None else None,
                num_id.get(VAL) if num_id is not None else None,
                _int(ilvl.get(VAL)) if ilvl is not None else None,
            )
            if style.get(W + "type") == "paragraph" and style.get(W + "default") in ("1", "true", "on"):
                self.default_style = style_id

    def _read_numbering(self, root: Any) -> None:
        for abstract in root.iter(W + "abstractNum"):
            abstract_id = abstract.get(W + "abstractNumId")
            if abstract_id is None:
                continue
            self.abstracts[abstract_id] = {
                _int(lvl.get(W + "ilvl")) or 0: _level(lvl) for lvl in abstract.iterchildren(W + "lvl")
            }
            link = abstract.find(W + "numStyleLink")
            if link is not None and link.get(VAL):
                self.style_links[abstract_id] = link.get(VAL)
        for num in root.iter(W + "num"):
            num_id = num.get(W + "numId")
            ref = num.find(W + "abstractNumId")
            if num_id is None or ref is None:
                continue
            start_overrides: dict[int, int] = {}
            level_overrides: dict[int, Level] = {}
            for override in num.iterchildren(W + "lvlOverride"):
                ilvl = _int(override.get(W + "ilvl")) or 0
                start = override.find(W + "startOverride")
                if start is not None:
                    start_overrides[ilvl] = _int(start.get(VAL)) or 0
                lvl = override.find(W + "lvl")
                if lvl is not None:
                    level_overrides[ilvl] = _level(lvl)
            self.nums[num_id] = (ref.get(VAL) or "", start_overrides, level_overrides)

    def _abstract_of(self, num_id: str, depth: int = 0) -> str | None:
        entry = self.nums.get(num_id)
        if entry is None:
            return None
        abstract_id = entry[0]
        link = self.style_links.get(abstract_id)
        if link is not None and depth < 5:
            linked_num = self._style_numpr(link)[0]
            if linked_num is not None and linked_num != num_id:
                return self._abstract_of(linked_num, depth + 1) or abstract_id
        return abstract_id

    def _style_numpr(self, style_id: str | None) -> tuple[str | None, int | None]:
        for _ in range(20):  # basedOn chains are short; the bound guards against cycles
            if style_id is None or style_id not in self.styles:
                break
            based, num_id, ilvl = self.styles[style_id]
            if num_id is not None:
                return num_id, ilvl
            style_id = based
        return None, None

    def _numpr(self, paragraph: Any) -> tuple[str | None, int | None, str | None]:
        ppr = paragraph.find(W + "pPr")
        style_el = ppr.find(W + "pStyle") if ppr is not None else None
        style_id = style_el.get(VAL) if style_el is not None else self.default_style
        num_el = ilvl_el = None
        if ppr is not None:
            num_el = ppr.find(f"{W}numPr/{W}numId")
            ilvl_el = ppr.find(f"{W}numPr/{W}ilvl")
        num_id = num_el.get(VAL) if num_el is not None else None
        ilvl = _int(ilvl_el.get(VAL)) if ilvl_el is not None else None
        if num_id is None:
            num_id, style_ilvl = self._style_numpr(style_id)
            ilvl = ilvl if ilvl is not None else style_ilvl
        return num_id, ilvl, style_id

    def label(self, paragraph: Any) -> str:
        """The label Word shows before ``paragraph`` (advancing the counters), or ""."""
        if not self.nums:
            return ""
        num_id, ilvl, style_id = self._numpr(paragraph)
        if num_id is None or num_id == "0" or num_id not in self.nums:
            return ""
        abstract_id = self._abstract_of(num_id)
        if abstract_id is None or abstract_id not in self.abstracts:
            return ""
        levels = dict(self.abstracts[abstract_id])
        _, start_overrides, level_overrides = self.nums[num_id]
        levels.update(level_overrides)
        if ilvl is None:
            ilvl = next((n for n, lvl in levels.items() if lvl.style == style_id), 0)
        if ilvl not in levels:
            return ""
        counters = self.counters.setdefault(abstract_id, {})
        starts = self.starts.setdefault(abstract_id, {})
        if num_id not in self.seen:
            self.seen.add(num_id)
            for overridden, value in start_overrides.items():
                counters.pop(overridden, None)
                starts[overridden] = value
        level = levels[ilvl]
        counters[ilvl] = counters[ilvl] + 1 if ilvl in counters else starts.get(ilvl, level.start)
        for deeper in [n for n in counters if n > ilvl]:
            restart = levels[deeper].restart if deeper in levels else None
            if restart is None or (restart > 0 and ilvl < restart):
                del counters[deeper]

        def number(match: re.Match[str]) -> str:
            index = int(match.group(1)) - 1
            lvl = levels.get(index, Level())
            value = counters.get(index, starts.get(index, lvl.start))
            return format_number(value, "decimal" if level.legal else lvl.fmt)

        text = re.sub(r"%([1-9])", number, level.text)
        if level.fmt == "bullet":
            text = "".join("•" if 0xE000 <= ord(ch) <= 0xF8FF else ch for ch in text)
        if not text:
            return ""
        if level.suffix == "space":
            return text + " "
        if level.suffix == "tab" and not unicodedata.category(text[-1]).startswith(("P", "S")):
            return text + "\t"
        return text


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def _level(lvl: Any) -> Level:
    def val(name: str) -> str | None:
        element = lvl.find(W + name)
        return element.get(VAL) if element is not None else None

    restart = _int(val("lvlRestart"))
    legal = lvl.find(W + "isLgl")
    level = Level(
        fmt=val("numFmt") or "decimal",
        text=val("lvlText") or "",
        start=_int(val("start")) or 0,
        restart=restart,
        legal=legal is not None and legal.get(VAL) not in ("0", "false", "off"),
        suffix=val("suff") or "tab",
        style=val("pStyle"),
    )
    return level


_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_DIZHI = "子丑寅卯辰巳午未申酉戌亥"
_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
          (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))
_CHINESE_FORMATS = {"chineseCounting", "chineseCountingThousand", "taiwaneseCounting",
                    "taiwaneseCountingThousand", "japaneseCounting", "koreanCounting"}


def format_number(value: int, fmt: str) -> str:
    """A list number in a Word ``numFmt``; unknown formats fall back to decimal."""
    if fmt in _CHINESE_FORMATS or fmt in ("chineseLegalSimplified", "ideographLegalTraditional"):
        if value <= 0:
            return "〇"
        import cn2an

        return str(cn2an.an2cn(value, "low" if fmt in _CHINESE_FORMATS else "up"))
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese"):
        if 1 <= value <= 20:
            return chr(0x2460 + value - 1)
        if 21 <= value <= 35:
            return chr(0x3251 + value - 21)
        if 36 <= value <= 50:
            return chr(0x32B1 + value - 36)
        return str(value)
    if fmt == "decimalEnclosedParen" and 1 <= value <= 20:
        return chr(0x2474 + value - 1)
    if fmt == "decimalEnclosedFullstop" and 1 <= value <= 20:
        return chr(0x2488 + value - 1)
    if fmt == "decimalZero":
        return f"{value:02d}"
    if fmt == "decimalFullWidth":
        return "".join(chr(ord(d) + 0xFEE0) for d in str(value))
    if fmt in ("lowerLetter", "upperLetter") and value >= 1:
        letter = chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1)
        return letter if fmt == "lowerLetter" else letter.upper()
    if fmt in ("lowerRoman", "upperRoman") and value >= 1:
        roman, rest = "", value
        for size, numeral in _ROMAN:
            while rest >= size:
                roman, rest = roman + numeral, rest - size
        return roman if fmt == "lowerRoman" else roman.upper()
    if fmt == "ideographTraditional" and value >= 1:
        return _TIANGAN[(value - 1) % 10]
    if fmt == "ideographZodiac" and value >= 1:
        return _DIZHI[(value - 1) % 12]
    if fmt == "ideographDigital":
        return "".join("〇一二三四五六七八九"[int(d)] for d in str(value))
    if fmt in ("none", "bullet"):
        return ""
    return str(value)
