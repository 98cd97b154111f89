"""Text tests (vocabularies and patterns) computed in Python onto facts, before evaluation.

durable_rules' own regex operator is unreliable (see ``durable_rules.md``), so a ``matches``
condition is compiled to a derived boolean field that is filled in here. User patterns run with
the ``regex`` module and a timeout; a timeout is an EngineError naming the rule ids.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import Any

import regex

from engine.errors import EngineError
from engine.rule_language.compiler import TextTestSpec
from engine.vocabulary import load_vocabularies

PATTERN_TIMEOUT_SECONDS = 0.5


@lru_cache(maxsize=512)
def _compiled(pattern: str) -> regex.Pattern[str]:
    return regex.compile(pattern)


def text_matches(spec: TextTestSpec, text: str) -> bool:
    """Whether ``text`` contains a phrase of the spec's vocabulary or a match of its pattern."""
    try:
        if spec.vocab is not None:
            return load_vocabularies()[spec.vocab].matches(text)
        assert spec.pattern is not None
        return _compiled(spec.pattern).search(text, timeout=PATTERN_TIMEOUT_SECONDS) is not None
    except TimeoutError:
        what = f"vocabulary {spec.vocab!r}" if spec.vocab else f"pattern {spec.pattern!r}"
        raise EngineError(f"{what} took longer than {PATTERN_TIMEOUT_SECONDS}s on field {spec.field!r}",
                          where=", ".join(spec.rule_ids)) from None


def apply_text_tests(fact: dict[str, Any], specs: Iterable[TextTestSpec]) -> None:
    """Set each derived field: true when the field is a string that matches, else false."""
    for spec in specs:
        value = fact.get(spec.field)
        fact[spec.derived] = isinstance(value, str) and text_matches(spec, value)
