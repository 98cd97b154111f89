"""Values derived from a compiled pack, worked out once per pack object rather than once per notice."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from engine.rule_language.compiler import CompiledPack

T = TypeVar("T")
MAX_PACKS = 16  # packs are few in a run; tests compile many

# id(pack) -> (the pack, kept alive so that its id cannot be reused; derive function -> value)
_CACHE: dict[int, tuple[CompiledPack, dict[Callable[[CompiledPack], Any], Any]]] = {}


def per_pack(pack: CompiledPack, derive: Callable[[CompiledPack], T]) -> T:
    """``derive(pack)``, computed on first use for this pack object and kept while it is in use.

    Keyed by identity, not by ``pack.key``: a hand-made pack may leave the key empty.
    """
    entry = _CACHE.get(id(pack))
    if entry is None or entry[0] is not pack:
        if len(_CACHE) >= MAX_PACKS:
            _CACHE.clear()
        entry = (pack, {})
        _CACHE[id(pack)] = entry
    values = entry[1]
    if derive not in values:
        values[derive] = derive(pack)
    result: T = values[derive]
    return result
