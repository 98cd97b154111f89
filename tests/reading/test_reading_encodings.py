"""Every encoded variant of every seed reads to the same normalised text, with spans into the file."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from reading_factory import SEEDS, encodable, seed_text, to_full_width

from engine.reading import SourceText, read_bytes, read_document
from engine.reading.normalise import normalise

SEED_NAMES = [path.name.split("-")[0] for path in SEEDS]

# variant name → (bytes from the UTF-8 text, the text the variant really holds)
Variant = Callable[[str], tuple[bytes, str]]
VARIANTS: dict[str, Variant] = {
    "utf-8": lambda t: (t.encode("utf-8"), t),
    "utf-8-bom": lambda t: (b"\xef\xbb\xbf" + t.encode("utf-8"), t),
    "gb18030": lambda t: (t.encode("gb18030"), t),
    "gbk": lambda t: (encodable(t, "gbk").encode("gbk"), encodable(t, "gbk")),
    "big5": lambda t: (encodable(t, "big5").encode("big5"), encodable(t, "big5")),
    "utf-16-le-bom": lambda t: (b"\xff\xfe" + t.encode("utf-16-le"), t),
    "utf-16-be-bom": lambda t: (b"\xfe\xff" + t.encode("utf-16-be"), t),
    "utf-16-le": lambda t: (t.encode("utf-16-le"), t),
    "utf-16-be": lambda t: (t.encode("utf-16-be"), t),
    "utf-32-bom": lambda t: (t.encode("utf-32"), t),
    "crlf": lambda t: (t.replace("\n", "\r\n").encode("utf-8"), t),
    "cr": lambda t: (t.replace("\n", "\r").encode("utf-8"), t),
    "crlf-gb18030-bom-less": lambda t: (t.replace("\n", "\r\n").encode("gb18030"), t),
    "full-width": lambda t: (to_full_width(t).encode("utf-8"), t),
    "full-width-gb18030-crlf": lambda t: (to_full_width(t).replace("\n", "\r\n").encode("gb18030"), t),
}
EXPECTED_ENCODING = {
    "utf-8": "utf-8", "utf-8-bom": "utf-8-sig", "gb18030": "gb18030", "gbk": "gb18030", "big5": "big5",
    "utf-16-le-bom": "utf-16", "utf-16-be-bom": "utf-16", "utf-16-le": "utf-16-le", "utf-16-be": "utf-16-be",
    "utf-32-bom": "utf-32", "crlf": "utf-8", "cr": "utf-8", "crlf-gb18030-bom-less": "gb18030",
    "full-width": "utf-8", "full-width-gb18030-crlf": "gb18030",
}


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("variant", sorted(VARIANTS))
@pytest.mark.parametrize("seed", SEED_NAMES)
def test_variant_reads_to_same_text(tmp_path: Path, seed: str, variant: str) -> None:
    data, holds = VARIANTS[variant](seed_text(seed))
    source = read_document(write(tmp_path, f"{seed}.txt", data))
    assert source.text == normalise(holds)[0]
    assert source.encoding == EXPECTED_ENCODING[variant]
    assert source.format == "txt"
    assert "\r" not in source.text and "\ufeff" not in source.text


SPAN_CODECS = {"utf-8": "utf-8", "utf-8-bom": "utf-8", "crlf": "utf-8", "cr": "utf-8",
               "utf-16-le-bom": "utf-16-le", "full-width": "utf-8", "full-width-gb18030-crlf": "gb18030",
               "gb18030": "gb18030"}


def file_position(as_in_file: str, offset: int) -> tuple[int, int]:
    """Line:column of a character of the decoded file, counted independently of the reader."""
    line_start, line = 0, 1
    for match in re.finditer(r"\r\n|\r|\n", as_in_file[:offset]):
        line_start, line = match.end(), line + 1
    column = offset - line_start + 1
    if line == 1 and as_in_file.startswith("\ufeff"):
        column -= 1
    return line, column


@pytest.mark.parametrize("variant", sorted(SPAN_CODECS))
@pytest.mark.parametrize("seed", SEED_NAMES)
def test_spans_point_into_the_file(tmp_path: Path, seed: str, variant: str) -> None:
    """Every occurrence of 整改 maps to the same characters and line:column of the file itself."""
    data, _ = VARIANTS[variant](seed_text(seed))
    source = read_document(write(tmp_path, f"{seed}.txt", data))
    as_in_file = data.decode(SPAN_CODECS[variant])  # BOM, CRs and full-width forms still there
    assert source.original == as_in_file
    found = [m.start() for m in re.finditer("整改", source.text)]
    expected = [m.start() for m in re.finditer("整改", as_in_file)]
    assert found and len(found) == len(expected)
    for offset, in_file in zip(found, expected, strict=True):
        span = source.span(offset, offset + 2)
        assert (span.start, span.end) == (in_file, in_file + 2)
        assert (span.line, span.column) == file_position(as_in_file, in_file)
        assert source.position(offset) == (span.line, span.column)


def test_crlf_span_end_excludes_the_cr(tmp_path: Path) -> None:
    source = read_document(write(tmp_path, "a.txt", "第一行\r\n整改情况:已完成\r\n".encode()))
    line_end = source.text.index("\n")
    span = source.span(0, line_end)
    assert source.original[span.start:span.end] == "第一行"
    span = source.span(line_end + 1, line_end + 5)
    assert (span.start, span.end, span.line, span.column) == (5, 9, 2, 1)
    assert source.original[span.start:span.end] == "整改情况"


def test_bom_is_in_original_but_not_in_columns(tmp_path: Path) -> None:
    source = read_document(write(tmp_path, "a.txt", "\ufeff整改情况:该项已办结".encode()))
    assert source.encoding == "utf-8-sig"
    assert source.text.startswith("整改情况")
    span = source.span(0, 4)
    assert (span.start, span.end, span.line, span.column) == (1, 5, 1, 1)


def test_full_width_digits_are_ascii_in_text_and_full_width_in_original(tmp_path: Path) -> None:
    raw = "追回资金７．４０１８万元，合计（１９２．５万元）；\u3000完成"
    source = read_document(write(tmp_path, "a.txt", raw.encode("gb18030")))
    assert source.text == "追回资金7.4018万元,合计(192.5万元); 完成"
    start = source.text.index("7.4018")
    span = source.span(start, start + 6)
    assert source.original[span.start:span.end] == "７．４０１８"
    assert (span.line, span.column) == (1, 5)


def test_no_nfkc(tmp_path: Path) -> None:
    """Circled and parenthesised numerals keep their one-character form (NFKC would expand them)."""
    source = read_document(write(tmp_path, "a.txt", "①⑴㈠（一）".encode()))
    assert source.text == "①⑴㈠(一)"
    assert len(source.text) == len(source.original)


def test_traditional_big5_paragraph() -> None:
    trad = ("關於巡察整改情況的通報\n根據市委統一部署，巡察組對我市開展專項巡察。\n"
            "整改情況：該項已辦結。一是強化理論學習。")
    source = read_bytes(trad.encode("big5"), "trad.txt")
    assert source.encoding == "big5"
    assert source.text == normalise(trad)[0]


@pytest.mark.parametrize("codec", ["gb18030", "utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("line", ["整改情况:该项已办结", "关于巡察整改情况的通报", "二、严查实改"])
def test_short_texts_decode(codec: str, line: str) -> None:
    """Short texts (a heading, five to ten characters) are where detectors fail; these must not."""
    assert read_bytes(line.encode(codec), "short.txt").text == line


def test_source_text_contract(tmp_path: Path) -> None:
    source = read_document(write(tmp_path, "a.txt", b"a\r\nb"))
    assert isinstance(source, SourceText)
    assert source.path.endswith("a.txt")
    assert source.position(source.text.index("b")) == (2, 1)
    assert source.line_starts() == [0, 2]
    with pytest.raises(ValueError):
        source.span(0, 99)
