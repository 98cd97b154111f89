"""Safe YAML/JSON loading that remembers where each node stands, for error messages.

Only ``yaml.SafeLoader`` is used: tags such as ``!!python/object`` are errors, never code.
Aliases are refused outright (structured notices and rules never need them, and an alias
bomb cannot expand). Every error names the file and line:column.

When PyYAML has libyaml (``yaml.CSafeLoader``), documents are composed in C, about ten times
faster than PyYAML's pure-Python scanner and parser (loading the rule packs was a quarter of a
cold ``zhenggai check``). Construction and tag resolution stay PyYAML's own Python code, so the
data is the same. Anything unusual goes to the pure-Python loader instead, which accepts, refuses and words errors
exactly as before: an alias, nesting deeper than ``_FAST_MAX_DEPTH``, any error at all, a
character YAML forbids, and the characters on which a fuzz comparison of the two found them to
disagree (tabs, ``?``, ``!`` tags, a BOM inside the text: libyaml accepts some documents PyYAML
refuses). Node marks (line, column, offset) were checked to be identical on every YAML file of the
repository.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from engine.errors import ZhenggaiError

MAX_SOURCE_BYTES = 20 * 1024 * 1024
_TOO_DEEP = "nested too deeply (lists or mappings inside each other hundreds of levels deep)"
_FAST_MAX_DEPTH = 64  # deeper documents take the pure-Python path (same RecursionError handling as before)
_PURE_ONLY = re.compile("[\t?!\ufeff]")  # where libyaml and PyYAML were seen to disagree


class _NoAliasSafeLoader(yaml.SafeLoader):
    """A safe loader that rejects anchors/aliases (no alias bombs)."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise yaml.composer.ComposerError(
                None, None, "aliases (*name) are not allowed", event.start_mark
            )
        return super().compose_node(parent, index)


def _checked_timestamp(loader: Any, node: yaml.ScalarNode) -> Any:
    """PyYAML's timestamp constructor, with impossible dates (2020-13-01) as marked errors."""
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except (ValueError, OverflowError) as exc:
        raise _ValueError(None, None, f"invalid date {node.value!r}: {exc}", node.start_mark) from None


class _ValueError(yaml.MarkedYAMLError):
    """A scalar that looks like a typed value (a date) but is not a valid one."""


_NoAliasSafeLoader.add_constructor("tag:yaml.org,2002:timestamp", _checked_timestamp)

_FastLoader: Any = None
if getattr(yaml, "__with_libyaml__", False):

    class _CSafeLoader(yaml.CSafeLoader):
        """libyaml composition, PyYAML's safe construction (with the checked timestamps)."""

    _CSafeLoader.add_constructor("tag:yaml.org,2002:timestamp", _checked_timestamp)
    _FastLoader = _CSafeLoader


def _plain_tree(root: yaml.Node) -> bool:
    """No node reached twice (an alias) and no nesting deeper than ``_FAST_MAX_DEPTH``."""
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, int]] = [(root, 0)]
    while stack:
        node, depth = stack.pop()
        if id(node) in seen or depth > _FAST_MAX_DEPTH:
            return False
        seen.add(id(node))
        if isinstance(node, yaml.SequenceNode):
            stack.extend((child, depth + 1) for child in node.value)
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.append((key, depth + 1))
                stack.append((value, depth + 1))
    return True


def _fast_compose(text: str) -> tuple[bool, yaml.Node | None, Any]:
    """(ok, root, loader) from libyaml; ok is False when the pure-Python loader must decide."""
    if _FastLoader is None or yaml.reader.Reader.NON_PRINTABLE.search(text) or _PURE_ONLY.search(text):
        return False, None, None
    loader = _FastLoader(text)
    try:
        root = loader.get_single_node()
    except Exception:  # any error is worded by the pure-Python loader
        loader.dispose()
        return False, None, None
    if root is not None and not _plain_tree(root):
        loader.dispose()
        return False, None, None
    return True, root, loader


def _fast_load(text: str) -> tuple[bool, yaml.Node | None, Any]:
    """(ok, root, data) from libyaml; ok is False when the pure-Python loader must decide."""
    ok, root, loader = _fast_compose(text)
    if not ok:
        return False, None, None
    try:
        data = loader.construct_document(root) if root is not None else None
    except Exception:
        return False, None, None
    finally:
        loader.dispose()
    return True, root, data


class LoadedSource:
    """A parsed YAML/JSON document plus its node tree, to map field paths to lines."""

    def __init__(self, path: str, data: Any, root: yaml.Node | None, *, compose_text: str | None = None) -> None:
        self.path = path
        self.data = data
        self._root = root
        self._compose_text = compose_text  # JSON: the node tree is composed only when a position is asked for

    @property
    def root(self) -> yaml.Node | None:
        if self._compose_text is not None:
            text, self._compose_text = self._compose_text, None
            try:
                self._root = _compose(text)
            except (yaml.YAMLError, RecursionError):
                self._root = None
        return self._root

    def position(self, loc: Sequence[int | str]) -> tuple[int, int] | None:
        """1-based (line, column) of the node at a pydantic-style location, or the deepest known parent."""
        node = self.root
        found: tuple[int, int] | None = None
        if node is not None:
            found = (node.start_mark.line + 1, node.start_mark.column + 1)
        for key in loc:
            if node is None:
                break
            nxt: yaml.Node | None = None
            if isinstance(node, yaml.MappingNode) and isinstance(key, str):
                for key_node, value_node in node.value:
                    if isinstance(key_node, yaml.ScalarNode) and key_node.value == key:
                        nxt = value_node
                        found = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
                        break
            elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and 0 <= key < len(node.value):
                nxt = node.value[key]
                found = (nxt.start_mark.line + 1, nxt.start_mark.column + 1)
            node = nxt
        return found


def read_source_text(path: Path, error: type[ZhenggaiError], max_bytes: int = MAX_SOURCE_BYTES) -> str:
    """Read a UTF-8 (optionally BOM) YAML/JSON file, with clear errors."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise error("file not found", path=str(path)) from None
    except OSError as exc:
        raise error(f"cannot read file: {exc.strerror}", path=str(path)) from None
    if path.is_dir():
        raise error("is a directory, expected a file", path=str(path))
    check_source_size(size, max_bytes, str(path), error)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise error(f"cannot read file: {exc.strerror or exc}", path=str(path)) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise error(f"not UTF-8 text (byte offset {exc.start})", path=str(path)) from None
    if not text.strip():
        raise error("file is empty", path=str(path))
    return text


def check_source_size(size: int, max_bytes: int, path: str, error: type[ZhenggaiError]) -> None:
    """Refuse a YAML/JSON source over ``max_bytes``, naming the flag that raises the limit."""
    if size > max_bytes:
        raise error(f"file is {size / 1048576:.1f} MB, over the {max_bytes / 1048576:.1f} MB limit", path=path,
                    hint="raise the limit with --max-bytes (max_bytes= in the API)")


def parse_yaml_or_json(text: str, path: str, error: type[ZhenggaiError]) -> LoadedSource:
    """Parse YAML (or JSON) safely; syntax errors name line:column."""
    if path.endswith(".json"):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise error(f"JSON syntax error: {exc.msg}", path=path, line=exc.lineno, column=exc.colno) from None
        except RecursionError:
            raise error(_TOO_DEEP, path=path) from None
        # JSON is (nearly) YAML: composed (on first use) only to know where nodes stand
        return LoadedSource(path, data, None, compose_text=text)
    ok, fast_root, fast_data = _fast_load(text)
    if ok:
        return LoadedSource(path, fast_data, fast_root)
    try:
        loader = _NoAliasSafeLoader(text)
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow (control characters, …)
        at_line, at_column = _line_column(text, exc.position)
        raise error(f"YAML syntax error: {exc.reason} (character {_codepoint(exc.character)})", path=path,
                    line=at_line, column=at_column) from None
    try:
        root = loader.get_single_node()
        data = loader.construct_document(root) if root is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "syntax error"
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        if isinstance(exc, _ValueError):
            message = f"YAML value error: {problem}"
        elif isinstance(exc, yaml.constructor.ConstructorError):
            message = f"YAML tag not allowed, only plain data is accepted: {problem}"
        elif isinstance(exc, yaml.composer.ComposerError):
            message = f"YAML structure not allowed: {problem}"
        else:
            message = f"YAML syntax error: {problem}"
        raise error(message, path=path, line=line, column=column) from None
    except yaml.YAMLError as exc:
        raise error(f"YAML error: {exc}", path=path) from None
    except RecursionError:
        raise error(_TOO_DEEP, path=path) from None
    except (ValueError, OverflowError) as exc:  # a scalar constructor that failed without a mark
        raise error(f"YAML value error: {exc}", path=path) from None
    finally:
        loader.dispose()
    return LoadedSource(path, data, root)


def _line_column(text: str, position: int) -> tuple[int, int]:
    """1-based line and column of a character offset."""
    before = text[:position]
    return before.count("\n") + 1, position - (before.rfind("\n") + 1) + 1


def _codepoint(character: object) -> str:
    return f"U+{character:04X}" if isinstance(character, int) else repr(character)


def _compose(text: str) -> yaml.Node | None:
    ok, root, fast = _fast_compose(text)
    if ok:
        fast.dispose()
        return root
    loader = _NoAliasSafeLoader(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def validation_error(source: LoadedSource, exc: ValidationError, error: type[ZhenggaiError],
                     prefix: Sequence[int | str] = ()) -> ZhenggaiError:
    """Turn the first pydantic validation error into a one-line error with field path and line."""
    first = exc.errors()[0]
    loc = [*prefix, *first["loc"]]
    field_path = ".".join(str(part) for part in loc) or "<root>"
    position = source.position(loc)
    line, column = position if position else (None, None)
    message = first["msg"]
    extra = len(exc.errors()) - 1
    if extra:
        message += f" (and {extra} more error{'s' if extra > 1 else ''})"
    return error(message, path=source.path, line=line, column=column, where=field_path)
