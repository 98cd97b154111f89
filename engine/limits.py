"""Size and time limits of one ``zhenggai check`` run, with the flags that raise them.

* ``max_bytes`` (``--max-bytes``): the largest input file read, raw or structured (default 20 MiB).
* ``pattern_timeout`` (``--pattern-timeout``): seconds one user pattern or vocabulary may run on
  one fact field (default 1 s); past it only that rule is lost for that notice.
* ``notice_timeout`` (``--notice-timeout``): seconds one notice may take from reading to report
  when it is checked in a worker process (default 300 s; ``None``: no limit).

See docs/reliability.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from engine.evaluation.text_tests import PATTERN_TIMEOUT_SECONDS
from engine.reading.formats import DEFAULT_MAX_BYTES

NOTICE_TIMEOUT_SECONDS = 300.0
NOTICE_TIMEOUT_FLAG = "--notice-timeout"
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmg]i?b?|b)?\s*$", re.IGNORECASE)
_UNITS = {"": 1, "b": 1, "k": 1024, "m": 1024**2, "g": 1024**3}


@dataclass(frozen=True)
class Limits:
    """The limits one notice is checked under."""

    max_bytes: int = DEFAULT_MAX_BYTES
    pattern_timeout: float = PATTERN_TIMEOUT_SECONDS
    notice_timeout: float | None = NOTICE_TIMEOUT_SECONDS


def parse_size(text: str) -> int:
    """A byte count: ``52428800``, ``50M``, ``50MB``, ``50MiB``, ``2G``, ``512k`` (units are binary).

    >>> parse_size("50M"), parse_size("1.5k"), parse_size("100")
    (52428800, 1536, 100)
    """
    found = _SIZE.match(text)
    if found is None:
        raise ValueError(f"not a size: {text!r} (use bytes or a K/M/G suffix, e.g. 50M)")
    unit = (found.group(2) or "").lower()[:1]
    return int(float(found.group(1)) * _UNITS[unit])
