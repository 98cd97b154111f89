"""``zhenggai schema``: print JSON Schemas of the data formats."""

from __future__ import annotations

import json
from typing import Any

import click

from engine.model import Notice
from engine.reports.model import REPORT_VERSION, ReportSet


def report_json_schema() -> dict[str, Any]:
    """The JSON Schema of ``zhenggai check --format json`` output (a ReportSet, version ``REPORT_VERSION``).

    Validation mode: what the JSON holds is exactly what ``ReportSet.model_validate`` accepts
    (fields at their defaults, such as ``waived: false``, may be left out).
    """
    document: dict[str, Any] = ReportSet.model_json_schema(mode="validation")
    document["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    document["title"] = "zhenggai report"
    document["description"] = (f"Reports of checked notices (zhenggai check --format json), version {REPORT_VERSION}. "
                               "One report per notice, in input order; keys sorted.")
    return document


@click.command()
@click.argument("kind", type=click.Choice(["notice", "rules", "report"]))
def schema(kind: str) -> None:
    """Print the JSON Schema of KIND: notice, rules, or report (``check --format json`` output).

    \b
    Examples:
      zhenggai schema notice > notice.schema.json
      zhenggai schema report > report.schema.json
    """
    if kind == "report":
        document = report_json_schema()
    elif kind == "rules":
        from engine.rule_language.schema import rules_json_schema

        document = rules_json_schema()
    else:
        document = Notice.model_json_schema()
        document["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    click.echo(json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True))
