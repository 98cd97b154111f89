"""An empty-list default for pydantic fields that is cheap to declare.

``Field(default_factory=list)`` makes pydantic call ``inspect.signature(list)`` when it builds the
model (to see whether the factory takes the validated data), and for a builtin that means parsing
its text signature with ``tokenize``: about 0.1 ms per field, 4 ms of a cold ``zhenggai check`` for
the engine's 35 such fields. A plain function's signature is read directly. The field is the same:
same default, same validation, same JSON Schema (a factory's default is never shown there).
"""

from __future__ import annotations

from typing import Any


def empty_list() -> list[Any]:
    """A new empty list: ``Field(default_factory=empty_list)`` instead of ``default_factory=list``."""
    return []
