"""The rule language: a strict pydantic schema for rule files (exported as JSON Schema).

A condition is a mapping with exactly one operator key, from a closed set::

    all: [cond, ...]          any: [cond, ...]          not: cond
    exists: field             missing: field
    equals: {field: f, value: v} | {field: f, other: g}
    in: {field: f, values: [v, ...]}
    lt|le|gt|ge: {field: f, value: v} | {field: f, other: g}
    matches: {field: f, vocab: name} | {field: f, pattern: regex}

A fact *violates* a rule when ``when`` holds (or is absent) and ``assert`` does not.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal, Union

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    StrictBool,
    StrictFloat,
    StrictInt,
    StrictStr,
    Tag,
    model_validator,
)

from engine.field_defaults import empty_list

SUBJECTS = ("notice", "section", "finding", "measure", "date", "money", "sanction", "claim", "contact")
Subject = Literal["notice", "section", "finding", "measure", "date", "money", "sanction", "claim", "contact"]
Severity = Literal["error", "warning", "info"]
SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}

FIELD_PATTERN = r"^[a-z][a-z0-9_]*$"
RULE_ID_PATTERN = r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$"

FieldName = Annotated[str, Field(pattern=FIELD_PATTERN, max_length=64)]
# A literal value: YAML dates (2021-01-07) are allowed and compile to YYYYMMDD integers.
Scalar = StrictBool | StrictInt | StrictFloat | StrictStr | dt.date

OPERATORS = ("all", "any", "not", "exists", "missing", "equals", "in", "lt", "le", "gt", "ge", "matches")


class _Strict(BaseModel):
    # defer_build: only RuleFile is ever validated, so only its validator is built (when the first
    # rule file is read) instead of one per class at import; the forward references to Condition
    # resolve then too. About 2.5 ms less per cold start.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Comparison(_Strict):
    """``field`` compared with a literal ``value`` or with ``other`` field of the same fact."""

    field: FieldName
    value: Scalar | None = None
    other: FieldName | None = None

    @model_validator(mode="after")
    def _one_operand(self) -> Comparison:
        if (self.value is None) == (self.other is None):
            raise ValueError("give exactly one of 'value' or 'other'")
        return self


class Membership(_Strict):
    field: FieldName
    values: list[Scalar] = Field(min_length=1, max_length=64)


class TextTest(_Strict):
    """``field`` contains a phrase of vocabulary ``vocab`` or a match of ``pattern`` (regex module)."""

    field: FieldName
    vocab: str | None = Field(default=None, pattern=r"^[a-z][a-z0-9_]*$")
    pattern: str | None = Field(default=None, min_length=1, max_length=1000)

    @model_validator(mode="after")
    def _one_source(self) -> TextTest:
        if (self.vocab is None) == (self.pattern is None):
            raise ValueError("give exactly one of 'vocab' or 'pattern'")
        return self


class AllOf(_Strict):
    all: list[Condition] = Field(min_length=1, max_length=64)


class AnyOf(_Strict):
    any: list[Condition] = Field(min_length=1, max_length=64)


class NotOf(_Strict):
    model_config = ConfigDict(populate_by_name=True)
    not_: Condition = Field(alias="not")


class Exists(_Strict):
    exists: FieldName


class Missing(_Strict):
    missing: FieldName


class Equals(_Strict):
    equals: Comparison


class In(_Strict):
    model_config = ConfigDict(populate_by_name=True)
    in_: Membership = Field(alias="in")


class Lt(_Strict):
    lt: Comparison


class Le(_Strict):
    le: Comparison


class Gt(_Strict):
    gt: Comparison


class Ge(_Strict):
    ge: Comparison


class Matches(_Strict):
    matches: TextTest


def _operator_of(value: Any) -> str | None:
    """The discriminator: the single operator key of a condition mapping."""
    if isinstance(value, dict):
        keys = list(value)
    elif isinstance(value, BaseModel):
        name = str(next(iter(type(value).model_fields)))
        return {"not_": "not", "in_": "in"}.get(name, name)
    else:
        return None
    if len(keys) == 1 and keys[0] in OPERATORS:
        return str(keys[0])
    return None


Condition = Annotated[
    Union[  # noqa: UP007 - a long union of tagged members reads better this way
        Annotated[AllOf, Tag("all")],
        Annotated[AnyOf, Tag("any")],
        Annotated[NotOf, Tag("not")],
        Annotated[Exists, Tag("exists")],
        Annotated[Missing, Tag("missing")],
        Annotated[Equals, Tag("equals")],
        Annotated[In, Tag("in")],
        Annotated[Lt, Tag("lt")],
        Annotated[Le, Tag("le")],
        Annotated[Gt, Tag("gt")],
        Annotated[Ge, Tag("ge")],
        Annotated[Matches, Tag("matches")],
    ],
    Discriminator(
        _operator_of,
        custom_error_type="unknown_operator",
        custom_error_message="a condition is a mapping with exactly one operator: " + ", ".join(OPERATORS),
    ),
]


class Message(_Strict):
    """Message templates; ``{field}`` placeholders name fields of the subject fact."""

    zh: str = Field(min_length=1)
    en: str = Field(min_length=1)


class Reference(_Strict):
    """A regulation or practice the rule enforces; quote only what can be quoted."""

    title: str = Field(min_length=1)
    url: str | None = None
    quote: str | None = None


class Example(_Strict):
    """A subject fact written by its fields (the type and id are added by the test runner)."""

    fact: dict[FieldName, Scalar] = Field(default_factory=dict)
    note: str | None = None


class Examples(_Strict):
    model_config = ConfigDict(populate_by_name=True)
    pass_: list[Example] = Field(default_factory=empty_list, alias="pass")
    fail: list[Example] = Field(default_factory=empty_list)


class SeverityCase(_Strict):
    """A severity that replaces the rule's default on a violating fact for which ``when`` holds."""

    severity: Severity
    when: Condition


class Rule(_Strict):
    """One declarative rule over one subject."""

    model_config = ConfigDict(populate_by_name=True)
    id: str = Field(pattern=RULE_ID_PATTERN, max_length=80)
    title: str = Field(min_length=1)
    severity: Severity
    severity_when: list[SeverityCase] = Field(default_factory=empty_list, max_length=8)  # first match wins
    subject: Subject
    when: Condition | None = None
    assert_: Condition = Field(alias="assert")
    message: Message
    rationale: str = Field(min_length=1)
    references: list[Reference] = Field(default_factory=empty_list)
    tags: list[Annotated[str, Field(pattern=r"^[a-z][a-z0-9-]*$")]] = Field(default_factory=empty_list)
    examples: Examples = Field(default_factory=Examples)


class PackInfo(_Strict):
    """Optional pack metadata in a rule file."""

    name: str | None = Field(default=None, pattern=r"^[a-z][a-z0-9_-]*$")
    description: str | None = None
    version: str | None = None


class RuleFile(_Strict):
    """A rule file: optional pack metadata and a list of rules."""

    pack: PackInfo | None = None
    rules: list[Rule] = Field(min_length=1)


def rules_json_schema() -> dict[str, Any]:
    """The JSON Schema of rule files, for editors."""
    document = RuleFile.model_json_schema(by_alias=True)
    document["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    document["title"] = "zhenggai rule file"
    return document
