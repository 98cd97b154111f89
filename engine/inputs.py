"""What ``zhenggai check`` reads: paths, folders, globs and stdin, expanded into notice inputs.

``expand_inputs`` turns command-line arguments into :class:`NoticeInput` items in a stable order
(arguments in the order given, folder contents sorted), and ``load_input`` turns one item into a
:class:`~engine.model.Notice`: raw texts (.txt, .docx, .html and anything else) through the
reading and parsing stages, structured files (.yaml, .yml, .json) through ``load_notice``.

Problems with one argument (a missing file, a glob matching nothing, a folder without notices)
do not stop the others: they come back as errors next to the inputs that are fine.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Sequence
from dataclasses import dataclass, field

from engine.errors import InputError, ZhenggaiError
from engine.model import Notice
from engine.reading.formats import DEFAULT_MAX_BYTES
from engine.structured import STRUCTURED_SUFFIXES, load_notice, load_notice_text
from engine.yaml_source import check_source_size

RAW_SUFFIXES = (".txt", ".docx", ".html", ".htm")
NOTICE_SUFFIXES = RAW_SUFFIXES + STRUCTURED_SUFFIXES
STDIN = "-"
STDIN_NAME = "<stdin>"
_GLOB_CHARS = frozenset("*?[")


@dataclass(frozen=True, slots=True)  # slots: a batch holds one per input (memory)
class NoticeInput:
    """One notice to check: ``name`` is what reports show; ``data`` holds stdin's bytes."""

    name: str
    data: bytes | None = None

    @property
    def structured(self) -> bool:
        return suffix(self.name) in STRUCTURED_SUFFIXES


@dataclass
class Expanded:
    """The inputs found, the per-argument errors, and notes about files left out of folders.

    ``errors`` pairs each error with the number of inputs found before it, so that errors and
    results can be reported in argument order.
    """

    inputs: list[NoticeInput] = field(default_factory=list)
    errors: list[tuple[int, ZhenggaiError]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def error(self, error: ZhenggaiError) -> None:
        self.errors.append((len(self.inputs), error))


def suffix(path: str) -> str:
    """``PurePath(path).suffix``, lower-cased, without pathlib's ``sys.intern`` of every part: interning
    each name of a folder of thousands of notices grows the interpreter's table of interned strings."""
    name = os.path.basename(path)
    dot = name.rfind(".")
    return name[dot:].lower() if 0 < dot < len(name) - 1 else ""


def display_path(path: str, cwd: str | None = None) -> str:
    """``path`` relative to the current directory when it lies under it, with forward slashes."""
    base = os.path.abspath(cwd or os.getcwd())
    absolute = os.path.abspath(path)
    if absolute == base or absolute.startswith(base.rstrip(os.sep) + os.sep):
        shown = os.path.relpath(absolute, base)
    else:
        shown = os.path.normpath(path) if not os.path.isabs(path) else absolute
    return shown.replace(os.sep, "/")


def expand_inputs(arguments: Sequence[str], *, stdin: bytes | None = None, stdin_name: str | None = None) -> Expanded:
    """Files as given, folders recursively (notice suffixes, sorted), globs expanded, ``-`` as stdin.

    The same file named twice is checked once (at its first place).
    """
    result = Expanded()
    seen: set[str] = set()

    def add(path: str) -> None:
        shown = display_path(path)
        if shown not in seen:
            seen.add(shown)
            result.inputs.append(NoticeInput(shown))

    for argument in arguments:
        if argument == STDIN:
            name = stdin_name or STDIN_NAME
            if name not in seen:
                seen.add(name)
                result.inputs.append(NoticeInput(name, stdin if stdin is not None else b""))
            continue
        if os.path.isdir(argument):
            found, skipped = _folder(argument)
            if not found:
                result.error(InputError("folder holds no notice files (" + ", ".join(NOTICE_SUFFIXES) + ")",
                                                path=display_path(argument)))
            for path in found:
                add(path)
            if skipped:
                shown = [display_path(path) for path in skipped]
                more = f" and {len(shown) - 3} more" if len(shown) > 3 else ""
                result.notes.append(f"skipped {len(shown)} file(s) that are not notices: "
                                    f"{', '.join(shown[:3])}{more}")
            continue
        if not os.path.exists(argument) and _GLOB_CHARS & set(argument):
            matches = sorted(glob.glob(argument, recursive=True))
            files = [m for m in matches if os.path.isfile(m) and suffix(m) in NOTICE_SUFFIXES]
            if not files:
                result.error(InputError("no notice files match this pattern", path=argument))
            for path in files:
                add(path)
            continue
        if not os.path.exists(argument):
            result.error(InputError("file not found", path=display_path(argument)))
            continue
        add(argument)
    return result


def _folder(folder: str) -> tuple[list[str], list[str]]:
    """Notice files under ``folder`` (recursively, hidden entries left out) and the other files, sorted."""
    found: list[str] = []
    skipped: list[str] = []
    for directory, subdirectories, files in os.walk(folder):
        subdirectories[:] = sorted(d for d in subdirectories if not d.startswith("."))
        for name in files:
            if name.startswith("."):
                continue
            path = os.path.join(directory, name)
            (found if suffix(name) in NOTICE_SUFFIXES else skipped).append(path)
    return sorted(found, key=_sort_key), sorted(skipped, key=_sort_key)


def _sort_key(path: str) -> str:
    """Orders paths as their components would (``a/b`` before ``a-c``): a separator sorts below any
    character of a name. Cheaper than ``Path(path).parts`` for a folder of thousands of files."""
    return path.replace(os.sep, "\0")


def load_input(item: NoticeInput, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Notice:
    """The notice of one input: structured files validated, everything else read and parsed.

    Inputs over ``max_bytes`` are an InputError/ParseError naming ``--max-bytes``.
    """
    return load_input_text(item, max_bytes=max_bytes)[0]


def load_input_text(item: NoticeInput, *, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[Notice, str | None]:
    """As :func:`load_input`, with the decoded original text of a raw input (what spans index).

    The text is None for structured (YAML/JSON) inputs: their spans, if any, point elsewhere.
    """
    from engine.parsing import parse_text
    from engine.reading import read_bytes, read_document

    if item.data is None:
        if item.structured:
            return load_notice(item.name, max_bytes=max_bytes), None
        source = read_document(item.name, max_bytes=max_bytes)
    elif item.structured:
        check_source_size(len(item.data), max_bytes, item.name, InputError)
        try:
            text = item.data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise InputError(f"not UTF-8 text (byte offset {exc.start})", path=item.name) from None
        if not text.strip():
            raise InputError("input is empty", path=item.name)
        return load_notice_text(text, item.name), None
    else:
        source = read_bytes(item.data, item.name, max_bytes=max_bytes)
    notice = parse_text(source.text, source, path=item.name)
    notice.source.format = source.format
    notice.source.encoding = source.encoding
    return notice, source.original
