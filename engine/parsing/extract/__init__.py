"""Extractors of facts from slices of a normalised notice text (money, dates, claims, sanctions, contacts).

Each is a pure function ``extract_x(text, start, end, spans, ...)`` over ``text[start:end]``
returning model objects whose spans are document offsets.
"""

from __future__ import annotations

from .base import ClaimContext, DateContext, SpanMaker
from .claims import extract_claims
from .contacts import extract_contacts
from .dates import extract_dates
from .money import extract_money
from .sanctions import extract_sanctions

__all__ = [
    "ClaimContext",
    "DateContext",
    "SpanMaker",
    "extract_claims",
    "extract_contacts",
    "extract_dates",
    "extract_money",
    "extract_sanctions",
]
