"""Bad input gets one clear error naming the file (and the place), never a traceback or a guess."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from reading_factory import ROOT, seed_text

from engine.errors import EncodingError, InputError
from engine.reading import read_bytes, read_document

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def read_error(path: Path, **kwargs: int) -> InputError:
    with pytest.raises(InputError) as info:
        read_document(path, **kwargs)  # type: ignore[arg-type]
    error = info.value
    assert error.path == str(path)
    assert str(error).startswith(f"{error.code} {path}")
    assert "\n" not in str(error)
    return error


def test_missing_file(tmp_path: Path) -> None:
    error = read_error(tmp_path / "nope.txt")
    assert error.message == "no such file" and error.code == "ZG100"


def test_directory(tmp_path: Path) -> None:
    assert "directory" in read_error(tmp_path).message


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n", "\u3000\u3000\n".encode(), b"\xef\xbb\xbf",
                                  "\ufeff  \n".encode("utf-16-le"), " \n".encode("utf-16")])
def test_empty_and_whitespace_only(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(data)
    assert read_error(path).message.startswith("empty file")


@pytest.mark.parametrize(("data", "kind"), [
    (PNG, "PNG"),
    (zip_bytes({"a.txt": b"hello"}), "zip"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), ".doc"),
    (bytes(range(256)) * 4, "NUL"),
])
def test_binary_as_txt(tmp_path: Path, data: bytes, kind: str) -> None:
    path = tmp_path / "notice.txt"
    path.write_bytes(data)
    error = read_error(path)
    assert error.message == "binary file, not text"
    assert kind in error.hint


def test_control_characters_mean_binary(tmp_path: Path) -> None:
    path = tmp_path / "notice.txt"
    path.write_bytes(bytes([1, 2, 3, 4, 5, 6, 7, 8, 14, 15, 16]) * 20 + "整改".encode())
    assert read_error(path).message == "binary file, not text"


@pytest.mark.parametrize("suffix", [".doc", ".wps", ".pdf", ".rtf", ".odt", ".DOC"])
def test_unsupported_formats(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"notice{suffix}"
    path.write_bytes(b"whatever")
    error = read_error(path)
    assert error.message.startswith(f"unsupported format {suffix.lower()}: save it as ")
    assert error.code == "ZG100"


def test_unsupported_format_message_for_doc(tmp_path: Path) -> None:
    path = tmp_path / "notice.doc"
    path.write_bytes(b"x")
    assert read_error(path).message == "unsupported format .doc: save it as .docx or .txt"


@pytest.mark.parametrize(("data", "detail"), [
    (b"this is not a zip", "not a zip archive"),
    (zip_bytes({"a.txt": b"x"}), "no word/document.xml"),
    (zip_bytes({"word/document.xml": b"<broken"}), "not a valid .docx"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "old Word"),
])
def test_junk_docx(tmp_path: Path, data: bytes, detail: str) -> None:
    path = tmp_path / "notice.docx"
    path.write_bytes(data)
    error = read_error(path)
    assert error.message.startswith("not a valid .docx (")
    assert detail in str(error)


def char_start(data: bytes, index: int) -> int:
    """Offset of the first byte of the UTF-8 character that holds byte ``index``."""
    while data[index] & 0xC0 == 0x80:
        index -= 1
    return index


def test_truncated_utf8_is_an_error_not_gb18030_garbage(tmp_path: Path) -> None:
    """Decision: a UTF-8 file cut inside a character is reported, not re-read as GB18030 (which would
    "succeed" with garbage). The error names the byte offset and the line."""
    data = seed_text("yuzhou").encode()
    cut = data[:2001]
    assert cut[-1] >= 0x80  # cut inside a multi-byte character
    start = char_start(cut, 2000)
    path = tmp_path / "notice.txt"
    path.write_bytes(cut)
    with pytest.raises(EncodingError) as info:
        read_document(path)
    error = info.value
    assert error.code == "ZG110"
    assert f"invalid UTF-8 at byte {start}: cut off in the middle of a character" in error.message
    assert error.line == cut[:start].count(b"\n") + 1
    assert str(error).startswith(f"ZG110 {path}:{error.line}: ")


def test_corrupted_utf8_in_the_middle(tmp_path: Path) -> None:
    data = bytearray(seed_text("ganxian").encode())
    start = char_start(bytes(data), 5000)
    data[5000] = 0xFF
    path = tmp_path / "notice.txt"
    path.write_bytes(bytes(data))
    with pytest.raises(EncodingError, match=f"invalid UTF-8 at byte {start}: invalid byte sequence"):
        read_document(path)


def test_corrupt_gb18030_names_the_byte(tmp_path: Path) -> None:
    text = seed_text("huainan")
    data = bytearray(text.encode("gb18030"))
    offset = 0
    for char in text:  # the first byte of the character that holds byte 3001
        size = len(char.encode("gb18030"))
        if offset + size > 3001:
            break
        offset += size
    data[3001] = 0xFF  # 0xFF is never valid in GB18030
    path = tmp_path / "notice.txt"
    path.write_bytes(bytes(data))
    with pytest.raises(EncodingError) as info:
        read_document(path)
    assert f"cannot decode as gb18030: illegal multibyte sequence at byte {offset}" == info.value.message
    assert info.value.line == data[:offset].count(b"\n") + 1


def test_over_the_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    with open(path, "wb") as handle:
        handle.truncate(25 * 1024 * 1024)  # sparse: no 25 MB written
    error = read_error(path)
    assert "25.0 MB, over the 20.0 MB limit" in error.message
    assert "--max-bytes" in error.hint


def test_size_limit_is_a_parameter(tmp_path: Path) -> None:
    path = tmp_path / "small.txt"
    path.write_text("整改情况" * 100, encoding="utf-8")
    assert "over the" in read_error(path, max_bytes=100).message
    assert read_document(path, max_bytes=1200).text.startswith("整改情况")


def test_read_bytes_limit() -> None:
    with pytest.raises(InputError, match="over the"):
        read_bytes(b"x" * 11, "<stdin>", max_bytes=10)


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read anything")
def test_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("x")
    path.chmod(0)
    assert "permission denied" in read_error(path).message


def test_unknown_suffix_is_sniffed(tmp_path: Path) -> None:
    text_file = tmp_path / "notice.dat"
    text_file.write_bytes(seed_text("qinxian").encode("gb18030"))
    assert read_document(text_file).format == "txt"
    html_file = tmp_path / "notice"
    html_file.write_bytes(b"<!DOCTYPE html><html><body><p>\xe6\x95\xb4\xe6\x94\xb9</p></body></html>")
    assert read_document(html_file).text == "整改"
    binary = tmp_path / "image.bin"
    binary.write_bytes(PNG)
    assert read_error(binary).message == "binary file, not text"


def test_import_is_cheap() -> None:
    """``import engine.reading`` must not pull in python-docx, lxml, cn2an or charset-normalizer."""
    code = ("import sys, engine.reading; heavy = {'docx', 'lxml', 'cn2an', 'charset_normalizer'}; "
            "print(sorted(heavy & set(sys.modules)))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert result.stdout.strip() == "[]"
