"""``zhenggai parse``: print the structured notice read from a file; optionally compare or measure coverage."""

from __future__ import annotations

import json
from typing import Any

import click
import yaml

from engine.model import Notice
from engine.parsing.assemble import segment
from engine.parsing.compare import AREAS, compare_notices
from engine.parsing.coverage import coverage
from engine.structured import load_notice


def notice_data(notice: Notice, *, spans: bool = True) -> dict[str, Any]:
    """A notice as plain data: no None or default values, Decimals as strings, dates ISO."""
    data: dict[str, Any] = notice.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
    data = {"model_version": notice.model_version, **data}
    return data if spans else _without_spans(data)


def _without_spans(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _without_spans(item) for key, item in value.items() if key != "span"}
    if isinstance(value, list):
        return [_without_spans(item) for item in value]
    return value


def dump_yaml(data: dict[str, Any]) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)


@click.command("parse")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--format", "output_format", type=click.Choice(["yaml", "json"]), default="yaml", show_default=True,
              help="Output format of the structured notice.")
@click.option("--compare", "gold_path", type=click.Path(dir_okay=False), default=None,
              help="Compare with a gold structured notice (YAML/JSON) instead of printing the notice.")
@click.option("--coverage", "show_coverage", is_flag=True,
              help="Report which characters of the text no part of the notice accounts for.")
@click.option("--no-spans", is_flag=True, help="Leave out spans (the notice as a gold file is written).")
def parse(file: str, output_format: str, gold_path: str | None, show_coverage: bool, no_spans: bool) -> None:
    """Parse FILE (.txt, .docx, .html) and print the structured notice.

    \b
    Examples:
      zhenggai parse fixtures/raw/yuzhou-2021-01-07.txt
      zhenggai parse notice.txt --format json
      zhenggai parse notice.docx --no-spans
      zhenggai parse fixtures/raw/yuzhou-2021-01-07.txt --compare fixtures/structured/yuzhou-2021-01-07.yaml
      zhenggai parse fixtures/raw/qinxian-2020-07-30.txt --coverage
    """
    from engine.reading import read_document

    source = read_document(file)
    result = segment(source.text, source, path=file)
    notice = result.notice
    notice.source.format = source.format
    notice.source.encoding = source.encoding
    if gold_path is None and not show_coverage:
        data = notice_data(notice, spans=not no_spans)
        if output_format == "json":
            click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        else:
            click.echo(dump_yaml(data), nl=False)
        return
    failed = False
    if gold_path is not None:
        differences = compare_notices(load_notice(gold_path), notice)
        for difference in differences:
            click.echo(str(difference))
        counts = {area: sum(1 for d in differences if d.area == area) for area in AREAS}
        click.echo("  ".join(f"{area}: {count or 'ok'}" for area, count in counts.items()))
        click.echo(f"{len(differences)} difference(s) from {gold_path}")
        failed = bool(differences)
    if show_coverage:
        report = coverage(result)
        click.echo(f"coverage: {report.unclassified_chars} of {report.total} characters unclassified "
                   f"({report.unclassified_ratio:.2%})")
        for kind, count in sorted(report.by_kind.items()):
            click.echo(f"  {kind}: {count}")
        for piece in report.unclassified:
            line, column = source.position(piece.start)
            click.echo(f"  unclassified {file}:{line}:{column}: {piece.text[:80]!r}")
    if failed:
        raise click.exceptions.Exit(1)
