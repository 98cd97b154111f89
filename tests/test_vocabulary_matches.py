"""``Vocabulary.matches`` (phrases with ``re``, patterns with ``regex``) answers like one search of it all."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from engine.vocabulary import Vocabulary, load_vocabularies

VOCABULARIES = load_vocabularies()
PIECES = sorted({phrase for vocab in VOCABULARIES.values() for phrase in vocab.phrases()})
# pieces of the bundled patterns (待…后) and of near misses: halves of phrases, punctuation
FILLER = ["待", "后", "，", "。", ";", "整改", "a", " ", "\n", "下", "一", "期", *[phrase[:1] for phrase in PIECES]]
texts = st.lists(st.sampled_from(PIECES + FILLER), max_size=12).map("".join)


@settings(max_examples=300, deadline=None)
@given(texts)
@example("待整改完成后")
@example("待" + "整" * 17 + "后")
@example("")
def test_bundled_vocabularies(text: str) -> None:
    for vocab in VOCABULARIES.values():
        assert vocab.matches(text) == (vocab._regex().search(text) is not None), vocab.name


@pytest.mark.parametrize(("terms", "patterns"), [([], []), (["已整改"], []), ([], ["待.{1,3}后"]),
                                                 (["已整改", "a.b"], ["待.{1,3}后", "x+y"])])
def test_phrases_and_patterns(terms: list[str], patterns: list[str]) -> None:
    vocab = Vocabulary(name="v", description="", kind="terms", terms=terms, patterns=patterns)
    for text in ["", "已整改", "待整改后", "a.b", "axb", "xxy", "待很久很久后", "无关"]:
        assert vocab.matches(text) == (vocab._regex().search(text) is not None), text
