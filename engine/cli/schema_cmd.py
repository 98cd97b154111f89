"""``zhenggai schema``: print JSON Schemas of the data formats."""

from __future__ import annotations

import json

import click

from engine.model import Notice


@click.command()
@click.argument("kind", type=click.Choice(["notice", "rules"]))
def schema(kind: str) -> None:
    """Print the JSON Schema of KIND (notice or rules).

    \b
    Example:
      zhenggai schema notice > notice.schema.json
    """
    if kind == "rules":
        from engine.rule_language.schema import rules_json_schema

        document = rules_json_schema()
    else:
        document = Notice.model_json_schema()
        document["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    click.echo(json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True))
