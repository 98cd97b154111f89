"""A content-addressed cache of each notice's facts, for re-checking many notices after a rule change.

Reading and parsing are most of a check's cost, and they depend only on the notice and on the
engine, never on the rules. So ``zhenggai check --cache`` keeps, per notice, what the rules are
evaluated on (its :class:`~engine.facts.builder.FactSet`) and the text its excerpts quote, under a
key made of the notice's name and bytes and of everything that could change what they parse to:
the engine's source files, the bundled vocabularies, the Python version and the versions of the
libraries that read and parse. A later run with other rules, waivers, output formats or language
loads the facts instead of parsing again; its reports are byte for byte those of a run without the
cache (the tests compare them).

An entry is one file, ``<folder>/<engine>/<2 hex>/<key>.facts``, written to a temporary name and
renamed, so that workers and concurrent runs never read half an entry. ``<engine>`` is the first 16
hex digits of the engine digest: a run removes the entries of every other engine (they could never
be read again), so the folder holds one engine's entries and does not grow with each upgrade or
edit. An entry that cannot be read whole (truncated, or not what this format writes) counts as
absent and is written again. The folder gets a ``CACHEDIR.TAG`` (backup tools skip it) and a
``.gitignore`` of ``*``.

Entries are zlib-compressed JSON (about the size of the notice's text file), decoded into the
engine's own types field by field: nothing in an entry can run code.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import sys
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, fields
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from engine.compact_json import json_encoder
from engine.errors import InputError
from engine.facts.builder import FactRef, FactSet
from engine.facts.claims import ClaimResult
from engine.model import Span

FORMAT = b"zhenggai-facts-1\n"  # first bytes of every entry; a new layout gets a new number
ENTRY_SUFFIX = ".facts"
# Distributions whose code turns a notice's bytes into its facts (decoding, .docx and .html
# reading, numerals, patterns, the notice model).
_READING_LIBRARIES = ("charset-normalizer", "python-docx", "lxml", "cn2an", "borax", "regex", "pydantic",
                      "pydantic-core", "PyYAML")
_encode = json_encoder()
_ENGINE_DIGITS = 16
_ENGINE_FOLDER = re.compile(f"[0-9a-f]{{{_ENGINE_DIGITS}}}")
_CLAIM_FIELDS = tuple(item.name for item in fields(ClaimResult))
_DECIMAL_FIELDS = frozenset({"claimed", "actual", "delta"})  # stored as their exact text
_TAG = ("Signature: 8a477f597d28d172789f06886806bc55\n"
        "# This file is a cache directory tag created by zhenggai.\n"
        "# For information about cache directory tags, see https://bford.info/cachedir/\n")


@dataclass(frozen=True)
class CachedFacts:
    """What a re-check needs of a notice: its facts, and the decoded text its excerpts quote."""

    facts: FactSet
    text: str | None


class FactCache:
    """The cache in one folder (created with its parents if need be)."""

    def __init__(self, directory: str | os.PathLike[str]) -> None:
        self.directory = Path(directory)
        self._engine = engine_fingerprint()
        self.entries = self.directory / self._engine.hex()[:_ENGINE_DIGITS]
        _prepare(self.directory, self.entries)

    def key(self, name: str, data: bytes) -> str:
        """The entry key of a notice read from ``name`` with these bytes."""
        digest = hashlib.sha256(self._engine)
        encoded = name.encode("utf-8", "surrogateescape")
        digest.update(len(encoded).to_bytes(8, "big"))
        digest.update(encoded)
        digest.update(data)
        return digest.hexdigest()

    def load(self, key: str, data: bytes) -> CachedFacts | None:
        """The entry under ``key`` (of a notice with these bytes), or None when there is none that
        can be read whole."""
        try:
            with open(self._path(key), "rb") as handle:
                blob = handle.read()
        except OSError:
            return None
        if not blob.startswith(FORMAT):
            return None
        try:
            shapes, rows, refs, claims, text = json.loads(zlib.decompress(memoryview(blob)[len(FORMAT):]))
            facts = [dict(zip(shapes[shape], values, strict=True)) for shape, values in rows]
            return CachedFacts(FactSet(facts, {key: _ref(value) for key, value in refs.items()},
                                       [_claim(value) for value in claims]),
                               data.decode("utf-8") if text is True else text)
        except Exception:  # truncated, or not what this format writes: parse again and overwrite it
            return None

    def store(self, key: str, entry: CachedFacts, data: bytes) -> None:
        """Write the entry (atomically). A write that fails (disk full, folder removed meanwhile)
        only costs the next run a parse: the result at hand does not depend on it."""
        import tempfile

        path = self._path(key)
        text: str | bool | None = entry.text
        if entry.text is not None and len(entry.text) <= len(data):
            with contextlib.suppress(UnicodeDecodeError):
                if data.decode("utf-8") == entry.text:
                    text = True  # most notices: the text is the bytes decoded, not stored twice
        facts = entry.facts
        shapes: dict[tuple[str, ...], int] = {}  # each fact's keys, stored once per notice
        rows = [[shapes.setdefault(tuple(fact), len(shapes)), list(fact.values())] for fact in facts.facts]
        value = [list(shapes), rows, {fact_id: _plain_ref(ref) for fact_id, ref in facts.refs.items()},
                 [_plain_claim(claim) for claim in facts.claims], text]
        blob = FORMAT + zlib.compress(_encode(value).encode("utf-8"), 1)
        try:
            path.parent.mkdir(exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
            try:
                with os.fdopen(handle, "wb") as file:
                    file.write(blob)
                os.replace(temporary, path)
            except BaseException:
                os.unlink(temporary)
                raise
        except OSError:
            pass

    def _path(self, key: str) -> Path:
        return self.entries / key[:2] / (key + ENTRY_SUFFIX)


def _plain_ref(ref: FactRef) -> list[Any]:
    span = ref.span
    return [None if span is None else [span.start, span.end, span.line, span.column], ref.quote, ref.section_path,
            ref.finding_number, ref.finding_ordinal, ref.finding_position, ref.label, ref.label_en,
            [[sorted(names), _plain_ref(place)] for names, place in ref.by_field]]


def _ref(value: list[Any]) -> FactRef:
    span, quote, section_path, number, ordinal, position, label, label_en, by_field = value
    return FactRef(None if span is None else Span(start=span[0], end=span[1], line=span[2], column=span[3]), quote,
                   section_path, number, ordinal, position, label, label_en,
                   tuple((frozenset(names), _ref(place)) for names, place in by_field))


def _plain_claim(claim: ClaimResult) -> list[Any]:
    values = [getattr(claim, name) for name in _CLAIM_FIELDS]
    return [str(value) if name in _DECIMAL_FIELDS and value is not None else value
            for name, value in zip(_CLAIM_FIELDS, values, strict=True)]


def _claim(value: list[Any]) -> ClaimResult:
    named: dict[str, Any] = {name: Decimal(item) if name in _DECIMAL_FIELDS and item is not None else item
                             for name, item in zip(_CLAIM_FIELDS, value, strict=True)}
    return ClaimResult(**named)


def _prepare(directory: Path, entries: Path) -> None:
    """Create the folder with its tag files and this engine's entry folder, and remove other engines'
    entries; a folder that cannot be made or written is an input error."""
    import shutil
    import tempfile

    try:
        entries.mkdir(parents=True, exist_ok=True)
        for name, text in (("CACHEDIR.TAG", _TAG), (".gitignore", "# created by zhenggai\n*\n")):
            marker = directory / name
            if not marker.exists():
                marker.write_text(text, encoding="utf-8")
        handle, probe = tempfile.mkstemp(dir=entries, prefix=".", suffix=".tmp")  # can entries be written?
        os.close(handle)
        os.unlink(probe)
        for other in directory.iterdir():
            if other != entries and other.is_dir() and _ENGINE_FOLDER.fullmatch(other.name):
                shutil.rmtree(other, ignore_errors=True)  # a run of that engine meanwhile only loses its writes
    except FileExistsError:
        raise InputError("cache folder is a file", path=str(directory)) from None
    except OSError as err:
        raise InputError(f"cannot use the cache folder: {err.strerror or err}", path=str(directory)) from None


@cache
def engine_fingerprint() -> bytes:
    """A digest of everything besides the notice that decides its facts: this engine's source files,
    the bundled vocabularies, the format of an entry, the Python version and the reading libraries'
    versions. Any change to one of them gives every notice a new key."""
    from importlib import metadata

    from engine.bundled import rules_dir

    digest = hashlib.sha256(FORMAT)
    digest.update(sys.version.encode())
    for library in _READING_LIBRARIES:
        try:
            version = metadata.version(library)
        except metadata.PackageNotFoundError:  # an optional reader that is not installed
            version = "-"
        digest.update(f"{library}={version}\n".encode())
    engine_root = Path(__file__).resolve().parent
    return tree_digest(digest, [("engine", engine_root, "**/*.py"), ("vocab", rules_dir() / "vocab", "*.yaml")])


def tree_digest(digest: hashlib._Hash, trees: Sequence[tuple[str, Path, str]]) -> bytes:
    """``digest`` updated with each file of the (label, folder, glob) trees: its path and its bytes."""
    files = sorted((label, path.relative_to(root).as_posix(), path)
                   for label, root, pattern in trees for path in root.glob(pattern))
    for label, relative, path in files:
        content = path.read_bytes()
        digest.update(f"{label}/{relative}\n{len(content)}\n".encode())
        digest.update(content)
    return digest.digest()
