"""The one place where segmentation calls the extractors (dates, money, claims, sanctions, contacts).

Extractors live in ``engine.parsing.extract`` and are imported lazily, each on its own:
a missing extractor yields no values (``available()`` says which are there), so that
segmentation works and is testable on its own.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib
import inspect
from collections.abc import Callable
from functools import cache
from typing import Any

from engine.model import Claim, Contact, DateMention, Money, Sanction
from engine.parsing.lines import SpanMaker

EXTRACTORS = ("dates", "money", "claims", "sanctions", "contacts")

Extractor = Callable[..., list[Any]]


@cache
def _extractor(name: str) -> Extractor | None:
    """``extract_<name>`` from ``engine.parsing.extract`` or its ``<name>`` module, if present."""
    function_name = f"extract_{name}"
    for module_name in ("engine.parsing.extract", f"engine.parsing.extract.{name}"):
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        function = getattr(module, function_name, None)
        if callable(function):
            return function  # type: ignore[no-any-return]
    return None


def available() -> list[str]:
    """Names of the extractors that can be called."""
    return [name for name in EXTRACTORS if _extractor(name) is not None]


@cache
def _takes_context(name: str) -> bool:
    """Whether ``extract_<name>`` takes a fifth (context) parameter (its signature, read once)."""
    function = _extractor(name)
    return function is not None and len(inspect.signature(function).parameters) > 4


def _call(name: str, text: str, start: int, end: int, spans: SpanMaker, context: object | None = None) -> list[Any]:
    function = _extractor(name)
    if function is None or start >= end:
        return []
    if context is not None and _takes_context(name):
        return function(text, start, end, spans, context)
    return function(text, start, end, spans)


@cache
def _base_factory(name: str) -> Callable[..., object] | None:
    """``engine.parsing.extract.base.<name>`` (a context class), if present (looked up once)."""
    try:
        base = importlib.import_module("engine.parsing.extract.base")
    except ImportError:
        return None
    factory: Callable[..., object] | None = getattr(base, name, None)
    return factory


_PROBLEM_FIELD: dict[type, bool] = {}


def _has_problem_field(context_type: type) -> bool:
    """Whether a DateContext class is a dataclass with a ``problem`` range (read once per class)."""
    known = _PROBLEM_FIELD.get(context_type)
    if known is None:
        known = dataclasses.is_dataclass(context_type) and any(f.name == "problem"
                                                                for f in dataclasses.fields(context_type))
        _PROBLEM_FIELD[context_type] = known
    return known


def date_context(published: dt.date | None, year: int | None) -> object | None:
    """The extractors' DateContext, when the extractor package provides it."""
    factory = _base_factory("DateContext")
    return None if factory is None else factory(published=published, year=year)


def dates(text: str, start: int, end: int, spans: SpanMaker, context: object | None,
          problem: tuple[int, int] | None = None) -> list[DateMention]:
    """Dates of ``text[start:end]``; ``problem`` is the range of a finding's problem statement in it, if any."""
    if context is None:
        context = date_context(None, None)
    if problem is not None and context is not None and not isinstance(context, type) \
            and _has_problem_field(type(context)):
        context = dataclasses.replace(context, problem=problem)  # type: ignore[type-var]  # a dataclass (checked)
    return _call("dates", text, start, end, spans, context)


def money(text: str, start: int, end: int, spans: SpanMaker) -> list[Money]:
    return _call("money", text, start, end, spans)


def claims(text: str, start: int, end: int, spans: SpanMaker,
           rectification: tuple[int, int] | None = None) -> list[Claim]:
    """Claims of ``text[start:end]``; ``rectification`` is the range of a finding's rectification blocks in it."""
    context: object | None = None
    if rectification is not None:
        factory = _base_factory("ClaimContext")
        context = None if factory is None else factory(rectification=rectification)
    return _call("claims", text, start, end, spans, context)


def sanctions(text: str, start: int, end: int, spans: SpanMaker) -> list[Sanction]:
    return _call("sanctions", text, start, end, spans)


def contacts(text: str, start: int, end: int, spans: SpanMaker) -> list[Contact]:
    return _call("contacts", text, start, end, spans)
