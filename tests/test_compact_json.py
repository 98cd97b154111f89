"""``json_encoder`` writes what ``json.dumps`` writes, and fails where it fails."""

from __future__ import annotations

import json
import math
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.compact_json import json_encoder

scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False, allow_infinity=False),
                    st.text())
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                       st.dictionaries(st.text(max_size=5), inner, max_size=4)),
                      max_leaves=12)


@settings(max_examples=200, deadline=None)
@given(values, st.booleans())
def test_same_text_as_json_dumps(value: Any, sort_keys: bool) -> None:
    assert json_encoder(sort_keys=sort_keys)(value) == json.dumps(value, ensure_ascii=False, sort_keys=sort_keys)


def test_failures() -> None:
    assert json_encoder()([math.nan]) == json.dumps([math.nan])
    with pytest.raises(ValueError):
        json_encoder(allow_nan=False)([math.inf])
    with pytest.raises(TypeError, match="not JSON serializable"):
        json_encoder()({"a": object()})


def test_default_hook() -> None:
    assert json_encoder(default=str)([1, {2}]) == '[1, "{2}"]'
