"""``json.dumps`` for hot paths: the same text, with the encoder built once instead of per call."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any


def _not_serialisable(value: Any) -> Any:
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def json_encoder(*, sort_keys: bool = False, allow_nan: bool = True,
                 default: Callable[[Any], Any] = _not_serialisable) -> Callable[[Any], str]:
    """``json.dumps(value, ensure_ascii=False, sort_keys=sort_keys, allow_nan=allow_nan, default=default)``.

    ``json.dumps`` builds an encoder per call and ``JSONEncoder.encode`` adds two Python calls
    around the stdlib's C encoder (``c_make_encoder``, what ``JSONEncoder.iterencode`` uses); for
    a small value that is most of the cost. The C encoder is built here once and called directly.
    Circular references are not looked for (callers pass flat or tree-shaped data).
    """
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:  # pragma: no cover - CPython always has the C encoder
        return json.JSONEncoder(ensure_ascii=False, sort_keys=sort_keys, allow_nan=allow_nan, default=default).encode
    # (markers, default, encode string, indent, key separator, item separator, sort_keys, skipkeys, allow_nan)
    chunks = make(None, default, json.encoder.encode_basestring, None, ": ", ", ", sort_keys, False, allow_nan)
    return lambda value: "".join(chunks(value, 0))
