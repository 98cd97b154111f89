"""Text of an .html page (a notice saved from a government site), one block per line.

Stdlib ``html.parser`` with character references handled one by one, so every extracted piece
keeps the (line, column) of the markup it came from. Rules:

* dropped with their content: ``head script style noscript template iframe object svg nav footer
  aside`` and elements whose ``id``/``class`` has a token such as ``footer``, ``nav``, ``menu``,
  ``breadcrumb``, ``copyright``, ``sidebar`` (site chrome);
* block elements (``p div br li h1–h6 tr td th table section article …``) end the line; at most
  one blank line in a row (``<br><br>`` or an empty paragraph gives one); but a table row with text
  in two or more cells is one line, as from a .docx (``engine.parsing.ledger``): the text of each
  further cell follows the row's last filled cell after a tab per cell (empty cells keep their
  columns), and the paragraphs and ``<br>`` inside a cell are apart by spaces. A row is decided when
  it ends: a row with a cell that holds a page rather than a value (a heading, a table, more than
  ``LAYOUT_BLOCKS`` paragraphs or ``LAYOUT_CHARACTERS`` characters: a layout table holding the
  page beside a menu) keeps its line breaks, and so does a row with one filled cell;
* runs of ASCII whitespace become one space (not in ``pre``/``textarea``), trimmed at line ends;
  ``&nbsp;`` and U+3000 are kept (normalisation turns them into spaces later);
* entities are decoded (``&amp;`` → ``&``), and a ``<meta charset>`` that decodes the bytes
  strictly wins over detection.

Spans point at the markup: line and column of the character in the .html file (exact for text,
the ``&`` of an entity for decoded characters).
"""

from __future__ import annotations

import re
from html import unescape
from html.entities import name2codepoint
from html.parser import HTMLParser

from engine.errors import InputError
from engine.reading.decoding import decode_bytes
from engine.reading.source_text import Anchors, SourceText
from engine.reading.table_grid import cell_span

DROPPED = frozenset({"head", "script", "style", "noscript", "template", "iframe", "object", "svg", "nav",
                     "footer", "aside", "select", "button"})
CHROME_TOKENS = frozenset({"footer", "foot", "nav", "navbar", "navigation", "menu", "breadcrumb", "breadcrumbs",
                           "crumbs", "copyright", "sidebar", "share", "toolbar"})
BLOCKS = frozenset({"p", "div", "br", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6",
                    "tr", "td", "th", "table", "thead", "tbody", "tfoot", "caption", "section", "article",
                    "header", "main", "blockquote", "pre", "hr", "address", "figure", "figcaption", "center",
                    "form", "fieldset", "legend", "title", "body", "html", "textarea"})
VOID = frozenset({"br", "hr", "img", "meta", "link", "input", "area", "base", "col", "embed", "param", "source",
                  "track", "wbr"})
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# A table cell with more paragraphs or characters than this holds a page, not a ledger's value.
LAYOUT_BLOCKS = 12
LAYOUT_CHARACTERS = 1500
_WS = re.compile(r"[ \t\n\r\f]+")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.IGNORECASE)
_CHARSET_CODECS = {"gb2312": "gb18030", "gbk": "gb18030", "gb18030": "gb18030", "x-gbk": "gb18030",
                   "utf-8": "utf-8", "utf8": "utf-8", "big5": "big5"}


def read_html(data: bytes, path: str) -> SourceText:
    """Extract the text of an HTML document given as bytes."""
    markup, encoding = _decode(data, path)
    markup = markup.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    parser = _Extractor()
    try:
        parser.feed(markup)
        parser.close()
        parser.end_rows()
    except (AssertionError, ValueError) as err:  # html.parser is lenient; guard its rare internal errors
        raise InputError(f"cannot parse the HTML: {err}", path=path) from None
    original = "".join(parser.out)
    if not original.strip():
        raise InputError("empty document (no text in the HTML body)", path=path)
    anchors = Anchors(parser.offsets, parser.lines, parser.columns, parser.exact)
    return SourceText.from_original(path, "html", encoding, original, positions=anchors)


def _decode(data: bytes, path: str) -> tuple[str, str]:
    match = _META_CHARSET.search(data[:4096])
    if match is not None and not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        codec = _CHARSET_CODECS.get(match.group(1).decode("ascii").lower())
        if codec is not None:
            try:
                return data.decode(codec), codec
            except UnicodeDecodeError:
                pass  # the declaration is wrong; detect instead
    return decode_bytes(data, path)


class _Extractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.out: list[str] = []
        self.length = 0
        self.offsets: list[int] = []
        self.lines: list[int] = []
        self.columns: list[int] = []
        self.exact: list[bool] = []
        self.drop_stack: list[str] = []  # tags of open dropped elements (outermost first)
        self.pre = 0
        self.newlines = 0  # pending line breaks (capped at 2 when emitted)
        self.space = False  # a pending space between words
        self.at_line_start = True
        self.rows: list[_Row | None] = []  # open tables' rows, innermost last (None: no row open)
        self.merged: list[dict[int, int]] = []  # per open table: grid column -> rows a cell above still covers

    # structure
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.drop_stack:
            if tag == self.drop_stack[0] and tag not in VOID:
                self.drop_stack.append(tag)
            return
        if tag not in VOID and (tag in DROPPED or _is_chrome(attrs)):
            self.drop_stack.append(tag)
            return
        if tag in BLOCKS:
            self._break(tag)
        if tag in HEADINGS and self.rows and self.rows[-1] is not None and self.rows[-1].cell >= 0:
            self.rows[-1].layout = True  # a heading in a cell: the page is laid out in the table
        self._table_start(tag, attrs)
        if tag in ("pre", "textarea"):
            self.pre += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not self.drop_stack and tag in BLOCKS:
            self._break(tag)

    def handle_endtag(self, tag: str) -> None:
        if self.drop_stack:
            if tag == self.drop_stack[0]:
                self.drop_stack.pop()
            return
        if tag in BLOCKS:
            self._break(tag)
        self._table_end(tag)
        if tag in ("pre", "textarea") and self.pre:
            self.pre -= 1

    # tables: a row with text in two or more cells is one line, its cells apart by tabs
    def _table_start(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            if self.rows and self.rows[-1] is not None:
                self.rows[-1].layout = True  # a table in a cell
            self.rows.append(None)
            self.merged.append({})
        elif tag == "tr" and self.rows:
            self._end_row()  # a row whose end tag was left out
            merged = self.merged[-1]
            covered = frozenset(merged)  # columns a cell of a row above spans down into (rowspan)
            for column in covered:
                merged[column] -= 1
                if not merged[column]:
                    del merged[column]
            self.rows[-1] = _Row(covered)
        elif tag in ("td", "th") and self.rows and self.rows[-1] is not None:
            row = self.rows[-1]
            while row.next in row.covered:
                row.next += 1  # under a cell merged down from above: an empty cell of this row, as in a .docx
            row.cell = row.next  # a cell spanning columns (colspan) moves the next one along the grid
            columns, rows = _span(attrs, "colspan"), _span(attrs, "rowspan")
            row.next += columns
            for column in range(row.cell, row.cell + columns) if rows > 1 else ():
                self.merged[-1][column] = rows - 1

    def _table_end(self, tag: str) -> None:
        if tag in ("table", "tr") and self.rows:
            self._end_row()
        if tag == "table" and self.rows:
            self.rows.pop()
            self.merged.pop()

    def end_rows(self) -> None:
        """Decide the rows still open at the end of the document (their end tags were left out)."""
        while self.rows:
            self._end_row()
            self.rows.pop()
            self.merged.pop()

    def _end_row(self) -> None:
        """Decide the innermost open row, now that all of it is in the output: joined (a tab per cell,
        the breaks inside a cell made spaces) or not (the tabs made line breaks where a cell has
        several lines). Every piece keeps its length, so the offsets already recorded stay right."""
        row = self.rows[-1] if self.rows else None
        if row is None:
            return
        self.rows[-1] = None
        if len(row.sizes) >= 2 and not row.layout:
            for index in row.breaks:
                self.out[index] = " " * len(self.out[index])
        elif row.breaks or row.layout:
            for index in row.tabs:
                self.out[index] = "\n" * len(self.out[index])

    def _row_separator(self, pending: bool) -> str | None:
        """Instead of a pending line break inside a table row: tabs from the row's last filled cell to
        this one (from the row's start for its first), or the line break inside a cell (a paragraph or
        a ``<br>``), noted so that the row can be decided when it ends (``_end_row``); None outside
        rows and for a normal break."""
        row = self.rows[-1] if self.rows else None
        if row is None or row.cell < 0:
            return None
        last, row.last = row.last, row.cell
        if pending and last == row.cell:
            blocks = row.blocks[row.cell] = row.blocks.get(row.cell, 1) + 1
            if blocks > LAYOUT_BLOCKS:
                row.layout = True
            row.breaks.append(len(self.out))  # the piece _emit appends next
            return "\n" * min(self.newlines, 2)
        if not pending or (last < 0 and row.cell == 0):
            return None
        row.tabs.append(len(self.out))
        if last < 0:
            return "\n" + "\t" * row.cell  # leading empty cells keep their columns
        return "\t" * (row.cell - last)  # cells only move right, so this is a new cell of the row

    def _cell_text(self, text: str) -> None:
        """Count text of the current cell towards the row's decision."""
        row = self.rows[-1] if self.rows else None
        if row is None or row.cell < 0:
            return
        size = row.sizes[row.cell] = row.sizes.get(row.cell, 0) + len(text)
        if size > LAYOUT_CHARACTERS:
            row.layout = True

    def _break(self, tag: str) -> None:
        """A block boundary ends the line; each ``br`` adds one (at most one blank line in a row)."""
        if self.length:
            self.newlines = min(self.newlines + 1, 2) if tag == "br" else max(self.newlines, 1)
        self.at_line_start = True
        self.space = False

    # text
    def handle_data(self, data: str) -> None:
        if self.drop_stack or not data:
            return
        line, column = self.getpos()
        if self.pre:
            for index, piece in enumerate(data.splitlines(keepends=True)):
                self._emit(piece, line + index, column + 1 if index == 0 else 1, exact=True)
            return
        start = 0
        for match in _WS.finditer(data):
            if match.start() > start:
                self._word(data, start, match.start(), line, column)
            self.space = not self.at_line_start
            start = match.end()
        if start < len(data):
            self._word(data, start, len(data), line, column)

    def _word(self, data: str, start: int, end: int, line: int, column: int) -> None:
        newlines = data.count("\n", 0, start)
        if newlines:
            line += newlines
            column = start - data.rfind("\n", 0, start) - 1
        else:
            column += start
        self._emit(data[start:end], line, column + 1, exact=True)

    def _reference(self, text: str) -> None:
        if self.drop_stack:
            return
        line, column = self.getpos()
        self._emit(text, line, column + 1, exact=False)

    def handle_entityref(self, name: str) -> None:
        self._reference(chr(name2codepoint[name]) if name in name2codepoint else unescape(f"&{name}"))

    def handle_charref(self, name: str) -> None:
        self._reference(unescape(f"&#{name};"))

    def _emit(self, text: str, line: int, column: int, *, exact: bool) -> None:
        separator = self._row_separator(bool(self.newlines and self.length)) if not self.pre else None
        if separator is not None:
            self._append(separator)
        elif self.newlines and self.length:
            self._append("\n" * min(self.newlines, 2))
        elif self.space and not self.pre:
            self._append(" ")
        self.newlines = 0
        self.space = False
        self.offsets.append(self.length)
        self.lines.append(line)
        self.columns.append(column)
        self.exact.append(exact)
        self._append(text)
        if not self.pre:
            self._cell_text(text)
        self.at_line_start = text.endswith("\n")

    def _append(self, text: str) -> None:
        self.out.append(text)
        self.length += len(text)


class _Row:
    """An open table row: the current cell, the last cell with text, and what decides it when it ends:
    where its tabs and the line breaks inside its cells are in the output, how much text each cell has."""

    def __init__(self, covered: frozenset[int] = frozenset()) -> None:
        self.covered = covered  # grid columns taken by cells of rows above (rowspan)
        self.cell = -1
        self.next = 0  # the grid column of the next cell
        self.last = -1
        self.tabs: list[int] = []  # indexes in the output of the pieces of tabs between cells
        self.breaks: list[int] = []  # … and of the line breaks inside cells
        self.blocks: dict[int, int] = {}  # grid column -> lines of text in that cell (when more than one)
        self.sizes: dict[int, int] = {}  # grid column -> characters of text in that cell
        self.layout = False  # a cell holds a page (heading, table, many paragraphs): never joined


def _span(attrs: list[tuple[str, str | None]], name: str) -> int:
    """A cell's colspan or rowspan (1 when absent or not a sensible number)."""
    return cell_span(next((value for key, value in attrs if key == name), None))


def _is_chrome(attrs: list[tuple[str, str | None]]) -> bool:
    for name, value in attrs:
        if name in ("id", "class") and value:
            tokens = re.split(r"[\s_\-]+", value.lower())
            if CHROME_TOKENS.intersection(tokens):
                return True
    return False
