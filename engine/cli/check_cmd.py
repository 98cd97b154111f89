"""``zhenggai check``: check notices against the configured rule packs.

Exit codes: 0 when no violation is at or above ``--fail-on``, 1 when one is, 2 for usage or
input errors (raised as ZhenggaiError and printed as one line by the CLI group).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from engine.cli.rules_cmd import resolve_config
from engine.errors import InputError
from engine.evaluation.runner import BACKENDS, Backend, build_pack, check
from engine.model import Notice
from engine.reports.model import Report
from engine.reports.render import Lang, to_json, to_text
from engine.rule_language.compiler import CompiledPack
from engine.rule_language.config import Config, load_packs
from engine.rule_language.schema import SEVERITY_RANK
from engine.structured import STRUCTURED_SUFFIXES, load_notice


def load_any(path: str) -> Notice:
    """Load a notice file: the one place ``check`` reads notices (looked up at call time).

    Structured (.yaml/.yml/.json) for now; the reading/parsing stage extends it to raw texts.
    """
    if Path(path).suffix.lower() in STRUCTURED_SUFFIXES:
        return load_notice(path)
    raise InputError("only structured notices (.yaml, .yml, .json) can be checked so far", path=path)


def _split(values: tuple[str, ...]) -> list[str]:
    return [item.strip() for value in values for item in value.split(",") if item.strip()]


def expand_paths(paths: tuple[str, ...]) -> list[str]:
    """Files as given; folders become their structured notice files, sorted."""
    files: list[str] = []
    for path in paths:
        folder = Path(path)
        if folder.is_dir():
            found = sorted(str(p) for p in folder.rglob("*") if p.suffix.lower() in STRUCTURED_SUFFIXES)
            if not found:
                raise InputError("folder holds no notice files", path=path)
            files.extend(found)
        else:
            files.append(path)
    return files


@click.command("check")
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True, help="Message language.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info", "never"]), default="error",
              show_default=True, help="Lowest severity that makes the exit code 1.")
@click.option("--backend", type=click.Choice(list(BACKENDS)), default="durable", show_default=True)
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="zhenggai.toml or pyproject.toml.")
@click.option("--select", multiple=True, help="Only these rule ids (comma-separated; repeatable).")
@click.option("--ignore", multiple=True, help="Skip these rule ids (comma-separated; repeatable).")
@click.option("--rules", "extra", multiple=True, type=click.Path(), help="An extra rule pack folder or file.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True), help="Write the report here.")
def check_command(paths: tuple[str, ...], output_format: str, lang: Lang, fail_on: str,
                  backend: Backend, config_path: str | None, select: tuple[str, ...], ignore: tuple[str, ...],
                  extra: tuple[str, ...], output: str | None) -> None:
    """Check notices (structured .yaml/.json files or folders) against the rules.

    \b
    Examples:
      zhenggai check fixtures/structured/yuzhou-2021-01-07.yaml
      zhenggai check fixtures/structured --format json --fail-on warning
      zhenggai check notice.yaml --rules my-rules/ --lang en
    """
    config = resolve_config(config_path, extra)
    if select:
        config.select = _split(select)
    config.ignore = [*config.ignore, *_split(ignore)]
    pack = build_pack(load_packs(config, extra), config)
    reports = check_files(expand_paths(paths), pack, config, backend)
    text = to_json(reports) if output_format == "json" else to_text(reports, lang)
    if output:
        Path(output).write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)
    if fail_on != "never":
        threshold = SEVERITY_RANK[fail_on]
        if any(SEVERITY_RANK[v.severity] >= threshold for report in reports for v in report.violations):
            sys.exit(1)  # click.Context.exit would be swallowed by standalone_mode=False


def check_files(files: list[str], pack: CompiledPack, config: Config, backend: Backend) -> list[Report]:
    """One report per file, in the order given."""
    return [check(load_any(path), pack, config, backend, source=path) for path in files]
