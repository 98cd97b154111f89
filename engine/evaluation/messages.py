"""Violation messages: a rule's ``{field}`` templates filled from the violating fact."""

from __future__ import annotations

import string
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

# What a placeholder of a field the fact does not have renders as (the loader refuses placeholders
# that are not fields of the subject; a field may still be absent from one fact).
MISSING: dict[str, str] = {"zh": "（未注明）", "en": "(not given)"}


def format_value(value: object, lang: str = "zh") -> str:
    """A fact value as a message shows it; an absent one as a neutral phrase."""
    if value is None:
        return MISSING.get(lang, MISSING["en"])
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return format(Decimal(repr(value)).normalize(), "f")
    return str(value)


class _Values(dict[str, str]):
    """The placeholder values of one message: each looked up in the fact on first use."""

    __slots__ = ("fact", "lang")

    def __init__(self, fact: Mapping[str, Any], lang: str) -> None:
        # no dict.__init__ call: the mapping starts empty anyway
        self.fact = fact
        self.lang = lang

    def __missing__(self, key: str) -> str:
        return format_value(self.fact.get(key), self.lang)


def render_message(template: str, fact: Mapping[str, Any], lang: str = "zh") -> str:
    """Fill ``{field}`` placeholders from the fact; missing fields show as （未注明） / (not given)."""
    return template.format_map(_Values(fact, lang))


class MessageTemplate:
    """A template split once into literal text and field names: ``render`` is ``render_message``
    without parsing the template again for each violation.

    A template with anything but plain ``{name}`` placeholders (the loader refuses the rest; a
    hand-made pack may not) is left to ``render_message``.
    """

    __slots__ = ("lang", "parts", "template")

    def __init__(self, template: str, lang: str) -> None:
        self.template = template
        self.lang = lang
        self.parts = _split(template)

    def render(self, fact: Mapping[str, Any]) -> str:
        if self.parts is None:
            return render_message(self.template, fact, self.lang)
        out = []
        for literal, name in self.parts:
            out.append(literal)
            if name is not None:
                value = fact.get(name)
                out.append(value if type(value) is str else format_value(value, self.lang))
        return "".join(out)


def _split(template: str) -> tuple[tuple[str, str | None], ...] | None:
    """(literal text, field name or None) pairs of a template; None if it is not plain ``{name}`` ones."""
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError:  # a malformed template: render_message raises as it did
        return None
    if any(name is not None and (spec or conversion or not name.isidentifier())
           for _literal, name, spec, conversion in parsed):
        return None
    return tuple((literal, name) for literal, name, _spec, _conversion in parsed)
