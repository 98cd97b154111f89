"""Loading structured notices (YAML or JSON written by hand, or produced by ``zhenggai parse``)."""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from engine.errors import InputError, ParseError, SchemaError
from engine.model import Notice
from engine.yaml_source import (
    MAX_SOURCE_BYTES,
    check_source_size,
    parse_yaml_or_json,
    read_source_text,
    validation_error,
)

STRUCTURED_SUFFIXES = (".yaml", ".yml", ".json")


def load_notice_text(text: str, path: str = "<input>.yaml") -> Notice:
    """Validate a YAML/JSON text as a Notice. Errors name the file, line and field path."""
    source = parse_yaml_or_json(text, path, ParseError)
    if not isinstance(source.data, dict):
        raise SchemaError("a structured notice must be a mapping at the top level", path=path, line=1, column=1)
    try:
        notice = Notice.model_validate(source.data)
    except ValidationError as exc:
        raise validation_error(source, exc, SchemaError) from None
    if notice.source.path is None:
        notice.source.path = path
    if notice.source.format is None:
        notice.source.format = "json" if path.endswith(".json") else "yaml"
    return notice


def load_notice(path: str | Path, *, max_bytes: int = MAX_SOURCE_BYTES) -> Notice:
    """Load a structured notice file (.yaml/.yml/.json).

    >>> notice = load_notice("fixtures/structured/yuzhou-2021-01-07.yaml")
    >>> sum(1 for _ in notice.iter_findings())
    28
    """
    file = Path(path)
    try:
        size = file.stat().st_size
    except OSError:
        size = 0  # read_source_text names the problem
    check_source_size(size, max_bytes, str(path), InputError)  # too large is an input error, as for raw files
    text = read_source_text(file, ParseError, max_bytes)
    return load_notice_text(text, str(path))
