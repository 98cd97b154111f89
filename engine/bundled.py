"""Where the bundled rule packs and vocabularies are.

In a source checkout (and an editable install) they are the top-level ``rules/`` folder; a
wheel ships the same files as the data package ``zhenggai_rules``.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path


@cache
def rules_dir() -> Path:
    """The folder holding the bundled rule packs (``core/``, ``examples/``) and ``vocab/``."""
    checkout = Path(__file__).resolve().parent.parent / "rules"
    if (checkout / "vocab").is_dir():
        return checkout
    from importlib.resources import files

    return Path(str(files("zhenggai_rules")))
