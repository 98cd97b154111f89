"""Bytes → str: the encoding cascade (see docs/decisions.md, "Encoding cascade").

1. byte-order mark (UTF-32, UTF-8, UTF-16), the BOM kept in the decoded text (normalise drops it);
2. NUL-byte pattern of BOM-less UTF-32/UTF-16 (ASCII-heavy text, or any text with line breaks);
3. strict UTF-8; when it fails after plenty of valid UTF-8 (a truncated or corrupted UTF-8 file)
   the error is reported instead of falling back to GB18030, which would decode it to garbage;
4. charset-normalizer restricted to {utf_8, gb18030, big5, utf_16_le, utf_16_be} (gb2312/gbk
   labels mean gb18030; any other label, or no answer, means gb18030 if that decodes strictly);
5. strict decoding with the chosen codec, else :class:`EncodingError` naming the byte offset.

Never ``errors="replace"``: a reviewer must not get a report on text the tool invented.
"""

from __future__ import annotations

import re
import unicodedata

from engine.errors import EncodingError, InputError

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF file"),
    (b"PK\x03\x04", "a zip archive (.docx/.xlsx/.zip)"),
    (b"PK\x05\x06", "a zip archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office file (.doc/.wps/.xls)"),
    (b"{\\rtf", "an RTF file"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7z archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\x7fELF", "an executable"),
    (b"MZ", "a Windows executable"),
)
_DETECTOR_SET = ["utf_8", "gb18030", "big5", "utf_16_le", "utf_16_be"]
_LABELS = {
    "utf_8": "utf-8", "ascii": "utf-8", "gb18030": "gb18030", "gbk": "gb18030", "gb2312": "gb18030",
    "hz": "gb18030", "big5": "big5", "big5hkscs": "big5", "cp950": "big5", "utf_16_le": "utf-16-le",
    "utf_16_be": "utf-16-be",
}
_CONTROL = re.compile("[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")
_SPACE = re.compile(r"\s")
_SUSPECT_RATIO = 0.01
_SAMPLE = 8192
_ODD_CATEGORIES = frozenset({"Cn", "Co", "Cs"})


def binary_kind(data: bytes) -> str | None:
    """What a file is when its first bytes are a well-known binary signature, else None."""
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            if magic == b"MZ" and data[2:4].strip(b"\x00\x90\x50"):
                return None  # an executable's DOS header follows MZ with bytes like 90 00; text does not
            return kind
    return None


def decode_bytes(data: bytes, path: str) -> tuple[str, str]:
    """Decode ``data`` strictly. Returns ``(text, encoding)``; a BOM stays as U+FEFF in ``text``.

    Raises InputError for empty or binary data and EncodingError when no supported encoding fits.
    """
    if not data:
        raise InputError("empty file", path=path)
    kind = binary_kind(data)
    if kind is not None:
        raise InputError("binary file, not text", path=path, hint=f"it looks like {kind}; save it as .docx or .txt")
    text, encoding = _cascade(data, path)
    _check_text(text, path)
    return text, encoding


def _cascade(data: bytes, path: str) -> tuple[str, str]:
    bom = _by_bom(data)
    if bom is not None:
        codec, label = bom
        return _strict(data, codec, path, label), label
    wide = _by_nul_pattern(data)
    if wide is not None:
        try:
            return data.decode(wide), wide
        except UnicodeDecodeError:
            raise InputError("binary file, not text", path=path,
                             hint=f"it contains NUL bytes and is not valid {wide}") from None
    if b"\x00" in data:
        raise InputError("binary file, not text", path=path, hint="it contains NUL bytes")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as err:
        _reject_broken_utf8(data, err, path)
    codec = _detect(data)
    return _strict(data, codec, path, codec), codec


def _by_bom(data: bytes) -> tuple[str, str] | None:
    if data.startswith(b"\xff\xfe\x00\x00"):
        return "utf-32-le", "utf-32"
    if data.startswith(b"\x00\x00\xfe\xff"):
        return "utf-32-be", "utf-32"
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8", "utf-8-sig"
    if data.startswith(b"\xff\xfe"):
        return "utf-16-le", "utf-16"
    if data.startswith(b"\xfe\xff"):
        return "utf-16-be", "utf-16"
    return None


def _by_nul_pattern(data: bytes) -> str | None:
    """BOM-less UTF-32/16 guessed from where the NUL bytes are (ASCII and LF have a zero byte)."""
    if b"\x00" not in data:
        return None
    size = len(data)
    if size % 4 == 0:
        if not data[2::4].strip(b"\x00") and not data[3::4].strip(b"\x00"):
            return "utf-32-le"
        if not data[0::4].strip(b"\x00") and not data[1::4].strip(b"\x00"):
            return "utf-32-be"
    if size % 2 == 0:
        even, odd = data[0::2].count(0), data[1::2].count(0)
        if odd > 2 * even:
            return "utf-16-le"
        if even > 2 * odd:
            return "utf-16-be"
    return None


def _reject_broken_utf8(data: bytes, err: UnicodeDecodeError, path: str) -> None:
    """Raise when the bytes before the first invalid sequence are convincingly UTF-8.

    GB18030 accepts almost any byte pair, so a truncated or corrupted UTF-8 file would otherwise
    "decode" as GB18030 garbage. Four or more valid multi-byte UTF-8 characters before the error
    are taken as proof that the file is UTF-8 (GB18030/Big5 text almost never forms even one).
    """
    window = data[: min(err.start, 65536)].decode("utf-8", "ignore")  # valid up to err.start; bounded work
    multibyte = sum(1 for char in window if ord(char) >= 0x80)
    if multibyte >= 4:
        where = "cut off in the middle of a character" if err.end >= len(data) else "invalid byte sequence"
        raise EncodingError(f"invalid UTF-8 at byte {err.start}: {where}", path=path,
                            line=data.count(b"\n", 0, err.start) + 1,
                            hint="the file is UTF-8 up to there; re-save it or fix the damaged bytes")


def _detect(data: bytes) -> str:
    """charset-normalizer restricted to the encodings Chinese notices use; gb18030 as the fallback."""
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=_DETECTOR_SET).best()
    label = _LABELS.get(best.encoding) if best is not None else None
    if label is None or label == "utf-8":
        return "gb18030"
    return label


def _strict(data: bytes, codec: str, path: str, label: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as err:
        narrow = codec in ("utf-8", "gb18030", "big5")
        line = data.count(b"\n", 0, err.start) + 1 if narrow else None
        raise EncodingError(f"cannot decode as {label}: {err.reason} at byte {err.start}", path=path, line=line,
                            hint="save the file as UTF-8") from None


def _check_text(text: str, path: str) -> None:
    """Reject empty text and text that is really binary data decoded by accident."""
    body = text.lstrip("\ufeff")
    if not body.strip():
        raise InputError("empty file" if not body else "empty file (whitespace only)", path=path)
    if "\x00" in body:
        raise InputError("binary file, not text", path=path, hint="it contains NUL characters")
    controls = len(_CONTROL.findall(body))
    if controls > max(4, len(body) * _SUSPECT_RATIO):
        raise InputError("binary file, not text", path=path,
                         hint=f"{controls} control characters in {len(body)}")
    sample = body[:_SAMPLE]
    # Unassigned, private-use and surrogate characters are never printable (str.isprintable): a sample that
    # is printable once its blanks are gone has none, which is checked in C. Otherwise count them per
    # distinct character (a Chinese sample has ~1,000 of them in 8,192): same count, fewer lookups.
    odd = 0
    if not _SPACE.sub("", sample).isprintable():
        odd = sum(sample.count(char) for char in set(sample) if unicodedata.category(char) in _ODD_CATEGORIES)
    if odd > max(4, len(sample) * _SUSPECT_RATIO * 5):
        raise InputError("binary file, not text", path=path,
                         hint=f"{odd} unassigned or private-use characters in the first {len(sample)}")
