"""Pre-split message templates render exactly what ``str.format_map`` renders."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.evaluation.messages import MessageTemplate, render_message

FACT: dict[str, Any] = {"finding_number": "(三)", "amount": 3920000.0, "ok": True, "count": 7, "rate": 7.4018,
                        "text": "{not a placeholder}"}
names = st.sampled_from([*FACT, "missing"])
literals = st.text(alphabet="问题：{}ab ,", max_size=6).map(lambda text: text.replace("{", "{{").replace("}", "}}"))
templates = st.lists(st.tuples(literals, names), max_size=4).map(
    lambda parts: "".join(f"{literal}{{{name}}}" for literal, name in parts))


@settings(max_examples=200, deadline=None)
@given(templates, literals, st.sampled_from(["zh", "en"]))
def test_split_templates_render_like_format_map(template: str, tail: str, lang: str) -> None:
    message = MessageTemplate(template + tail, lang)
    assert message.parts is not None
    assert message.render(FACT) == render_message(template + tail, FACT, lang)


@pytest.mark.parametrize("template", ["{amount:.2f}", "{text!r}", "{0}", "{}", "{a.b}"])
def test_other_placeholders_are_left_to_format_map(template: str) -> None:
    message = MessageTemplate(template, "en")
    assert message.parts is None
    try:
        expected: str | type[Exception] = render_message(template, FACT, "en")
    except (ValueError, IndexError, AttributeError, KeyError) as exc:
        expected = type(exc)
    if isinstance(expected, str):
        assert message.render(FACT) == expected
    else:
        with pytest.raises(expected):
            message.render(FACT)


def test_malformed_template_still_fails_when_rendered() -> None:
    message = MessageTemplate("{unclosed", "zh")
    assert message.parts is None
    with pytest.raises(ValueError):
        message.render(FACT)
