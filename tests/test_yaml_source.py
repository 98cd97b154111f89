"""YAML loading: the libyaml fast path gives the same data and node marks as the pure-Python loader."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
import yaml

from engine import yaml_source
from engine.errors import SchemaError

ROOT = Path(__file__).resolve().parent.parent
YAML_FILES = sorted({*ROOT.glob("rules/**/*.yaml"), *ROOT.glob("fixtures/**/*.yaml"),
                     *ROOT.glob("tests/data/**/*.yaml")})

pytestmark = pytest.mark.skipif(yaml_source._FastLoader is None, reason="PyYAML without libyaml")


def _pure(text: str) -> tuple[Any, yaml.Node | None] | None:
    loader = yaml_source._NoAliasSafeLoader(text)
    try:
        root = loader.get_single_node()
        return (loader.construct_document(root) if root is not None else None), root
    except (yaml.YAMLError, ValueError, OverflowError, RecursionError):
        return None
    finally:
        loader.dispose()


def _marks(node: yaml.Node | None) -> list[tuple[object, ...]]:
    found: list[tuple[object, ...]] = []
    stack = [node] if node is not None else []
    while stack:
        current = stack.pop()
        start, end = current.start_mark, current.end_mark
        found.append((current.tag, start.line, start.column, start.index, end.line, end.column, end.index))
        if isinstance(current, yaml.SequenceNode):
            stack.extend(current.value)
        elif isinstance(current, yaml.MappingNode):
            stack.extend(item for pair in current.value for item in pair)
    return found


def test_repository_yaml_same_data_and_marks() -> None:
    fast_count = 0
    for path in YAML_FILES:
        text = path.read_text(encoding="utf-8-sig")
        ok, root, data = yaml_source._fast_load(text)
        if not ok:
            continue
        fast_count += 1
        pure = _pure(text)
        assert pure is not None, path
        assert repr(data) == repr(pure[0]), path
        assert _marks(root) == _marks(pure[1]), path
    assert fast_count >= 20  # the rule packs and vocabularies take the fast path


def test_mutated_documents_never_accepted_differently() -> None:
    rng = random.Random(8)
    texts = [path.read_text(encoding="utf-8-sig")[:2000] for path in YAML_FILES]
    pieces = [*":-[]{}#&*!|>'\"\t\n ,?%@`", "一", "\n  ", "\n- ", ": ", "2020-13-01", "yes", "~", "\\", "\r", "\ufeff"]
    for _ in range(1500):
        text = rng.choice(texts)
        for _ in range(rng.randint(1, 3)):
            at = rng.randint(0, len(text))
            text = text[:at] + rng.choice(pieces) + text[at + rng.randint(0, 3):]
        ok, _, data = yaml_source._fast_load(text)
        if ok:
            pure = _pure(text)
            assert pure is not None and repr(pure[0]) == repr(data), text


def test_aliases_still_refused_with_their_line() -> None:
    with pytest.raises(SchemaError, match=r"aliases \(\*name\) are not allowed") as caught:
        yaml_source.parse_yaml_or_json("a: &x [1, 2]\nb: *x\n", "t.yaml", SchemaError)
    assert caught.value.line == 2


def test_json_positions_composed_on_demand() -> None:
    source = yaml_source.parse_yaml_or_json('{"a": [1, {"b": 2}]}', "t.json", SchemaError)
    assert source.data == {"a": [1, {"b": 2}]}
    assert source.position(["a", 1, "b"]) == (1, 12)  # the key "b"
