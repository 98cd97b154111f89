"""``zhenggai rules list|show|test|doc``: inspect rule packs, run their embedded examples, document them."""

from __future__ import annotations

import datetime as dt
import json
import sys
from typing import Any

import click

from engine.evaluation.runner import BACKENDS, evaluate
from engine.rule_language.compiler import compile_pack
from engine.rule_language.config import Config, find_config, load_packs, read_config, select_rules
from engine.rule_language.ir import render
from engine.rule_language.loader import LoadedRule, load_pack, resolve_pack


def _rules(config_path: str | None, extra: tuple[str, ...], path: str | None = None) -> list[LoadedRule]:
    if path is not None:
        return list(load_pack(resolve_pack(path)).rules)
    config = resolve_config(config_path, extra)
    return select_rules(load_packs(config, extra), config)


def resolve_config(config_path: str | None, extra: tuple[str, ...]) -> Config:
    """The config given, else the nearest one; with only ``--rules`` and no config file, just those packs."""
    config = read_config(config_path) if config_path else find_config()
    if extra and config.path is None:
        config = Config(packs=[], base=config.base)
    return config


_options = [
    click.option("--config", "config_path", type=click.Path(dir_okay=False), help="zhenggai.toml or pyproject.toml."),
    click.option("--rules", "extra", multiple=True, type=click.Path(), help="An extra rule pack folder or file."),
]


def _with_options(func: Any) -> Any:
    for option in reversed(_options):
        func = option(func)
    return func


@click.group()
def rules() -> None:
    """List, show and test rules.

    \b
    Examples:
      zhenggai rules list
      zhenggai rules show finding-has-status
      zhenggai rules test rules/examples
      zhenggai rules doc --lang zh > docs/rules-reference.md
    """


@rules.command("list")
@_with_options
def list_rules(config_path: str | None, extra: tuple[str, ...]) -> None:
    """List the rules of the configured packs: id, severity, subject, title."""
    for loaded in _rules(config_path, extra):
        rule = loaded.compiled.rule
        click.echo(f"{rule.id}\t{rule.severity}\t{rule.subject}\t{rule.title}")


@rules.command("show")
@click.argument("rule_id")
@_with_options
def show_rule(rule_id: str, config_path: str | None, extra: tuple[str, ...]) -> None:
    """Show one rule: its definition, compiled violation condition and source."""
    for loaded in _rules(config_path, extra):
        if loaded.compiled.id == rule_id:
            rule = loaded.compiled.rule
            data = rule.model_dump(mode="json", by_alias=True, exclude_none=True)
            data["source"] = f"{loaded.path}:{loaded.line}"
            data["violation"] = render(loaded.compiled.violation)
            click.echo(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True))
            return
    raise click.ClickException(f"unknown rule id {rule_id!r}")


@rules.command("doc")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True,
              help="Language of the headings.")
@_with_options
def doc_rules(lang: str, config_path: str | None, extra: tuple[str, ...]) -> None:
    """Print a Markdown reference of the configured rules, generated from the rule files."""
    from engine.cli.rules_doc import rules_doc

    config = resolve_config(config_path, extra)
    loaded = select_rules(load_packs(config, extra), config)
    click.echo(rules_doc(loaded, "en" if lang == "en" else "zh", base=config.base, severity=config.severity), nl=False)


@rules.command("test")
@click.argument("path", required=False, type=click.Path())
@_with_options
def test_rules(path: str | None, config_path: str | None, extra: tuple[str, ...]) -> None:
    """Run every rule's pass/fail examples through both backends.

    Fails (exit 1) when a pass example violates its rule, a fail example does not, the
    backends disagree, or a rule lacks a pass or a fail example.
    """
    loaded_rules = _rules(config_path, extra, path)
    failures = run_examples(loaded_rules)
    for line in failures:
        click.echo(f"FAIL {line}")
    total = len(loaded_rules)
    click.echo(f"{total - len({line.split(' ', 1)[0] for line in failures})}/{total} rules passed their examples")
    if failures:
        sys.exit(1)  # click.Context.exit would be swallowed by standalone_mode=False


def run_examples(loaded_rules: list[LoadedRule]) -> list[str]:
    """Failures as lines ``rule-id: what went wrong``; empty when every example behaves."""
    pack = compile_pack([loaded.compiled for loaded in loaded_rules])
    facts: list[dict[str, Any]] = []
    expected: dict[str, tuple[str, bool]] = {}  # fact id -> (rule id, should violate)
    failures: list[str] = []
    for loaded in loaded_rules:
        rule = loaded.compiled.rule
        if not rule.examples.pass_ or not rule.examples.fail:
            failures.append(f"{rule.id}: needs at least one pass and one fail example ({loaded.path}:{loaded.line})")
        for label, examples in (("pass", rule.examples.pass_), ("fail", rule.examples.fail)):
            for index, example in enumerate(examples):
                fact_id = f"{rule.id}/{label}/{index}"
                fact: dict[str, Any] = {"t": rule.subject, "id": fact_id}
                for name, value in example.fact.items():
                    fact[name] = _fact_value(value)
                facts.append(fact)
                expected[fact_id] = (rule.id, label == "fail")
    results = {backend: set(evaluate(facts, pack, backend)) for backend in BACKENDS}
    for fact_id, (rule_id, should_violate) in expected.items():
        for backend, found in results.items():
            violated = (rule_id, fact_id) in found
            if violated != should_violate:
                kind = "fail example does not violate" if should_violate else "pass example violates"
                failures.append(f"{rule_id}: {kind} the rule ({fact_id}, {backend} backend)")
    return failures


def _fact_value(value: object) -> Any:
    if isinstance(value, dt.date):
        return value.year * 10000 + value.month * 100 + value.day
    return value

