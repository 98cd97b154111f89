"""Named vocabularies (``rules/vocab/*.yaml``): phrase lists and phrase→value mappings as data.

A vocabulary file has ``name``, ``description``, ``kind`` (``terms`` or ``mapping``), and
``terms`` (+ optional regex ``patterns``) or ``entries`` (``phrase``/``value``). Both the
parser and the rule engine read them, so the words live in one place.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Literal

import regex
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from engine.bundled import rules_dir
from engine.errors import RuleError
from engine.field_defaults import empty_list
from engine.yaml_source import parse_yaml_or_json, read_source_text, validation_error

PATTERN_TIMEOUT_SECONDS = 0.5

DEFAULT_VOCAB_DIR = rules_dir() / "vocab"


class VocabEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")
    phrase: str = Field(min_length=1)
    value: str


class Vocabulary(BaseModel):
    """A named list of phrases (optionally with patterns), or a phrase→value mapping."""

    model_config = ConfigDict(extra="forbid")
    name: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    description: str
    kind: Literal["terms", "mapping"]
    terms: list[str] = Field(default_factory=empty_list)
    patterns: list[str] = Field(default_factory=empty_list)
    entries: list[VocabEntry] = Field(default_factory=empty_list)

    def phrases(self) -> list[str]:
        """All literal phrases, longest first (so 该项已办结 wins over 已办结)."""
        words = self.terms if self.kind == "terms" else [entry.phrase for entry in self.entries]
        return sorted(set(words), key=lambda word: (-len(word), word))

    def value_of(self, phrase: str) -> str | None:
        for entry in self.entries:
            if entry.phrase == phrase:
                return entry.value
        return None

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """Non-overlapping (start, end, phrase) matches of phrases and patterns, leftmost-longest."""
        return [(m.start(), m.end(), m.group(0)) for m in self._regex().finditer(text, timeout=PATTERN_TIMEOUT_SECONDS)]

    def matches(self, text: str, timeout: float | None = None) -> bool:
        """Whether the text holds a phrase or a pattern match (``find`` would find one).

        The phrases are looked for first: when one is found the patterns are not run, so a pattern
        that would have run out of time on this text no longer raises ``TimeoutError`` here.
        """
        limit = PATTERN_TIMEOUT_SECONDS if timeout is None else timeout
        # The phrases alone are searched with ``re``: a literal alternation cannot backtrack badly,
        # and a ``regex`` search with a timeout costs several µs more per call. Only the patterns
        # need the timeout.
        phrases, patterns = self._search_regexes()
        if phrases is not None and phrases.search(text) is not None:
            return True
        return patterns is not None and patterns.search(text, timeout=limit) is not None

    def _search_regexes(self) -> tuple[re.Pattern[str] | None, regex.Pattern[str] | None]:
        cached: tuple[re.Pattern[str] | None, regex.Pattern[str] | None] | None = self.__dict__.get("_search")
        if cached is None:
            words = self.phrases()
            cached = (re.compile("|".join(re.escape(word) for word in words)) if words else None,
                      regex.compile("|".join(f"(?:{pattern})" for pattern in self.patterns)) if self.patterns else None)
            self.__dict__["_search"] = cached
        return cached

    def _regex(self) -> regex.Pattern[str]:
        cached: regex.Pattern[str] | None = self.__dict__.get("_compiled")
        if cached is None:
            alternatives = [regex.escape(word) for word in self.phrases()] + list(self.patterns)
            cached = regex.compile("|".join(f"(?:{alt})" for alt in alternatives) or r"(?!x)x")
            self.__dict__["_compiled"] = cached
        return cached


def load_vocabulary_file(path: Path) -> Vocabulary:
    """Load and validate one vocabulary file; errors name the file and line."""
    text = read_source_text(path, RuleError)
    source = parse_yaml_or_json(text, str(path), RuleError)
    try:
        vocab = Vocabulary.model_validate(source.data)
    except ValidationError as exc:
        raise validation_error(source, exc, RuleError) from None
    if vocab.name != path.stem:
        raise RuleError(f"vocabulary name {vocab.name!r} differs from its file name {path.stem!r}",
                        path=str(path), where="name")
    for index, pattern in enumerate(vocab.patterns):
        try:
            regex.compile(pattern)
        except regex.error as exc:
            raise RuleError(f"invalid pattern: {exc}", path=str(path), where=f"patterns.{index}") from None
    return vocab


@lru_cache(maxsize=8)
def load_vocabularies(directory: Path = DEFAULT_VOCAB_DIR) -> dict[str, Vocabulary]:
    """All vocabularies of a folder, by name."""
    vocabularies: dict[str, Vocabulary] = {}
    for path in sorted(directory.glob("*.yaml")):
        vocab = load_vocabulary_file(path)
        vocabularies[vocab.name] = vocab
    return vocabularies


def vocabulary(name: str) -> Vocabulary:
    """One of the bundled vocabularies by name."""
    vocabularies = load_vocabularies()
    if name not in vocabularies:
        raise RuleError(f"unknown vocabulary {name!r}; known: {', '.join(sorted(vocabularies))}")
    return vocabularies[name]
