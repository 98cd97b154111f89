"""Which reader a file needs, and ``read_document`` that runs it.

By suffix: .txt/.text/.md → txt, .docx → docx, .html/.htm/.xhtml → html. Formats people save
notices in but that we cannot read (.doc, .wps, .pdf, .rtf, .odt …) get a clear error saying what
to save them as. Any other suffix (or none, or stdin) is sniffed: a zip holding
``word/document.xml`` is a docx, text starting with ``<!doctype html``/``<html`` is html, other
text is txt.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from engine.errors import InputError
from engine.reading.decoding import decode_bytes
from engine.reading.source_text import SourceFormat, SourceText

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
MAX_BYTES_FLAG = "--max-bytes"

SUFFIXES: dict[str, SourceFormat] = {
    ".txt": "txt", ".text": "txt", ".md": "txt",
    ".docx": "docx",
    ".html": "html", ".htm": "html", ".xhtml": "html", ".shtml": "html",
}
UNSUPPORTED: dict[str, str] = {
    ".doc": ".docx or .txt", ".wps": ".docx or .txt", ".pdf": ".txt (copy the text) or .docx",
    ".rtf": ".docx or .txt", ".odt": ".docx or .txt", ".docm": ".docx", ".dotx": ".docx",
    ".xls": ".txt", ".xlsx": ".txt", ".ofd": ".txt (copy the text) or .docx",
}
_HTML_START = re.compile(rb"^(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>]|head[\s>])",
                         re.IGNORECASE | re.DOTALL)


def format_for(path: str, data: bytes | None = None) -> SourceFormat:
    """The reader for ``path`` by its suffix; sniffs ``data`` when the suffix says nothing."""
    suffix = Path(path).suffix.lower()
    if suffix in SUFFIXES:
        return SUFFIXES[suffix]
    if suffix in UNSUPPORTED:
        raise InputError(f"unsupported format {suffix}: save it as {UNSUPPORTED[suffix]}", path=path)
    return sniff(data or b"")


def sniff(data: bytes) -> SourceFormat:
    """Guess a format from content: docx (zip with word/document.xml), html, else txt."""
    if data.startswith(b"PK\x03\x04") and b"word/document.xml" in data[:65536] + data[-65536:]:
        return "docx"
    if _HTML_START.match(data[:4096]):
        return "html"
    return "txt"


def read_document(path: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_BYTES,
                  format: SourceFormat | None = None) -> SourceText:
    """Read a .txt/.docx/.html file into a :class:`SourceText`.

    Every problem a user can cause (missing file, directory, too large, empty, binary,
    undecodable, unsupported or broken format) raises :class:`engine.errors.InputError`.
    """
    name = os.fspath(path)
    if format is None:
        format_for(name)  # an unsupported suffix fails before any reading
    return read_bytes(read_file_bytes(name, max_bytes=max_bytes), name, max_bytes=max_bytes, format=format)


def read_file_bytes(name: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """A file's bytes, with :func:`read_document`'s errors for a file that cannot be read or is too large."""
    try:
        size = os.stat(name).st_size
        if os.path.isdir(name):
            raise InputError("is a directory, not a file", path=name)
        _check_size(size, max_bytes, name)
        with open(name, "rb") as handle:
            data = handle.read(max_bytes + 1)
    except FileNotFoundError:
        raise InputError("no such file", path=name) from None
    except PermissionError:
        raise InputError("cannot read: permission denied", path=name) from None
    except IsADirectoryError:
        raise InputError("is a directory, not a file", path=name) from None
    except OSError as err:
        raise InputError(f"cannot read: {err.strerror or err}", path=name) from None
    return data


def read_bytes(data: bytes, path: str = "<stdin>", *, max_bytes: int = DEFAULT_MAX_BYTES,
               format: SourceFormat | None = None) -> SourceText:
    """Like :func:`read_document` for bytes already in memory (stdin, tests)."""
    _check_size(len(data), max_bytes, path)
    chosen = format or format_for(path, data)
    if chosen == "docx":
        from engine.reading.docx_reader import read_docx

        return read_docx(data, path, max_bytes=max_bytes)
    if chosen == "html":
        from engine.reading.html_reader import read_html

        return read_html(data, path)
    original, encoding = decode_bytes(data, path)
    return SourceText.from_original(path, "txt", encoding, original)


def _check_size(size: int, max_bytes: int, path: str) -> None:
    if size > max_bytes:
        raise InputError(f"file is {size / 1048576:.1f} MB, over the {max_bytes / 1048576:.1f} MB limit", path=path,
                         hint=f"raise the limit with {MAX_BYTES_FLAG} (max_bytes= in the API)")
