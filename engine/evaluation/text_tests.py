"""Text tests (vocabularies and patterns) computed in Python onto facts, before evaluation.

durable_rules' own regex operator is unreliable (see ``durable_rules.md``), so a ``matches``
condition is compiled to a derived boolean field that is filled in here. User patterns run with
the ``regex`` module and a timeout (``--pattern-timeout``, default 1 s per pattern per fact).

A timeout is a :class:`~engine.errors.PatternTimeoutError` naming the rule ids. Given a
``failures`` dict (what ``check`` does), the timeout is recorded there instead of raised: the
test is skipped for the rest of the notice, and the caller reports those rules as not evaluated
while every other rule still runs (see docs/reliability.md).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import Any

import regex

from engine.errors import PatternTimeoutError
from engine.rule_language.compiler import TextTestSpec
from engine.vocabulary import load_vocabularies

PATTERN_TIMEOUT_SECONDS = 1.0
PATTERN_TIMEOUT_FLAG = "--pattern-timeout"

TextTestFailures = dict[TextTestSpec, PatternTimeoutError]


@lru_cache(maxsize=512)
def _compiled(pattern: str) -> regex.Pattern[str]:
    return regex.compile(pattern)


def text_matches(spec: TextTestSpec, text: str, timeout: float | None = None, fact_id: str | None = None) -> bool:
    """Whether ``text`` contains a phrase of the spec's vocabulary or a match of its pattern."""
    limit = PATTERN_TIMEOUT_SECONDS if timeout is None else timeout
    try:
        if spec.vocab is not None:
            return load_vocabularies()[spec.vocab].matches(text, limit)
        assert spec.pattern is not None
        return _compiled(spec.pattern).search(text, timeout=limit) is not None
    except TimeoutError:
        what = f"vocabulary {spec.vocab!r}" if spec.vocab else f"pattern `{spec.pattern}`"
        on = f" of fact {fact_id}" if fact_id else ""
        error = PatternTimeoutError(
            f"{what} took longer than {limit:g}s on field {spec.field!r}{on} ({len(text)} characters); "
            "the rule was not evaluated on this notice", where=", ".join(spec.rule_ids),
            hint=f"simplify the pattern or raise the limit with {PATTERN_TIMEOUT_FLAG}")
        error.fact_id = fact_id
        raise error from None


def apply_text_tests(fact: dict[str, Any], specs: Iterable[TextTestSpec], *, timeout: float | None = None,
                     failures: TextTestFailures | None = None) -> None:
    """Set each derived field: true when the field is a string that matches, else false.

    Without ``failures`` a timeout raises; with it, the timeout is recorded, the derived field is
    set to false, and the spec is not run again on later facts (the caller drops its rules).
    """
    for spec in specs:
        value = fact.get(spec.field)
        if failures is not None and spec in failures:
            fact[spec.derived] = False
            continue
        try:
            fact[spec.derived] = isinstance(value, str) and text_matches(spec, value, timeout, str(fact.get("id")))
        except PatternTimeoutError as error:
            if failures is None:
                raise
            failures[spec] = error
            fact[spec.derived] = False
