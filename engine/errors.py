"""One exception hierarchy for everything a user can get wrong, each with a stable code.

The CLI prints ``str(error)`` as one line and exits 2; library callers catch the typed
exceptions. Codes are stable: tools may match on them.
"""

from __future__ import annotations


class ZhenggaiError(Exception):
    """Base of all expected errors. ``code`` is stable; ``place`` is file[:line[:col]] or similar."""

    code = "ZG000"
    hint = ""

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None,
                 column: int | None = None, where: str | None = None, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.column = column
        self.where = where  # a field path, rule id or other locator
        if hint is not None:
            self.hint = hint

    @property
    def place(self) -> str:
        parts = [self.path or "<input>"]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        place = ":".join(parts)
        if self.where:
            place += f" [{self.where}]"
        return place

    def __str__(self) -> str:
        text = f"{self.code} {self.place}: {self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return text.replace("\n", " ")


class InputError(ZhenggaiError):
    """A file that cannot be read: missing, empty, unsupported format, too large."""

    code = "ZG100"


class EncodingError(InputError):
    """Bytes that decode as no supported text encoding."""

    code = "ZG110"


class ParseError(ZhenggaiError):
    """Text or YAML/JSON that cannot be turned into a notice."""

    code = "ZG200"


class SchemaError(ZhenggaiError):
    """A structured notice that does not fit the notice model."""

    code = "ZG300"


class RuleError(ZhenggaiError):
    """A rule file that is not valid (syntax, unknown key or operator, bad vocabulary)."""

    code = "ZG400"


class ConfigError(ZhenggaiError):
    """A configuration that selects, ignores or overrides something that does not exist."""

    code = "ZG500"


class EngineError(ZhenggaiError):
    """The rule engine failed while evaluating a notice (also: a worker process that died on it)."""

    code = "ZG600"


class PatternTimeoutError(EngineError):
    """A rule's pattern (or vocabulary) ran past ``--pattern-timeout`` on one fact.

    Only that rule is lost for that notice: the report lists it under ``errors`` and every other
    rule is still evaluated. ``where`` names the rule id(s).
    """

    code = "ZG610"
    fact_id: str | None = None  # the fact whose field the pattern was running on


class NoticeTimeoutError(EngineError):
    """Checking one notice took longer than ``--notice-timeout``; its worker was stopped."""

    code = "ZG620"
