"""zhenggai: a compliance-rule checking engine for Chinese rectification notices.

The library API (see docs/library.md)::

    parse(path_or_text) -> Notice          # .txt/.docx/.html file, structured file, or the text itself
    load_notice(path) -> Notice            # a structured .yaml/.json notice
    load_rules(paths=None, config=None)    # the compiled pack (default: the core pack)
    check(notice, rules, *, backend="durable") -> Report

>>> import engine
>>> report = engine.check(engine.load_notice("fixtures/structured/yuzhou-2021-01-07.yaml"), engine.load_rules())
>>> [(v.rule_id, v.finding_number) for v in report.violations]
[('target-date-missing', '8.')]
"""

__version__ = "0.1.0"

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from engine.api import check, load_rules, parse, parse_text_notice
    from engine.baseline import apply_baseline, load_baseline, write_baseline
    from engine.errors import (
        ConfigError,
        EncodingError,
        EngineError,
        InputError,
        ParseError,
        RuleError,
        SchemaError,
        ZhenggaiError,
    )
    from engine.model import Notice
    from engine.reports.model import Report, ReportSet, Violation
    from engine.rule_language.compiler import CompiledPack
    from engine.rule_language.config import Config
    from engine.structured import load_notice
    from engine.waivers import apply_waivers, load_waivers

# Public name -> the module that defines it. The names are imported on first access (PEP 562), so
# that ``import engine.<submodule>`` (every CLI start) does not import the parser, the evaluator
# and the rule schema when it needs only some of them.
_EXPORTS: dict[str, str] = {
    "check": "engine.api",
    "load_rules": "engine.api",
    "parse": "engine.api",
    "parse_text_notice": "engine.api",
    "apply_baseline": "engine.baseline",
    "load_baseline": "engine.baseline",
    "write_baseline": "engine.baseline",
    "ConfigError": "engine.errors",
    "EncodingError": "engine.errors",
    "EngineError": "engine.errors",
    "InputError": "engine.errors",
    "ParseError": "engine.errors",
    "RuleError": "engine.errors",
    "SchemaError": "engine.errors",
    "ZhenggaiError": "engine.errors",
    "Notice": "engine.model",
    "Report": "engine.reports.model",
    "ReportSet": "engine.reports.model",
    "Violation": "engine.reports.model",
    "CompiledPack": "engine.rule_language.compiler",
    "Config": "engine.rule_language.config",
    "load_notice": "engine.structured",
    "apply_waivers": "engine.waivers",
    "load_waivers": "engine.waivers",
}


def __getattr__(name: str) -> Any:
    """Import a public name on first access and keep it in the module namespace."""
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'engine' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS})


__all__ = [
    "CompiledPack",
    "Config",
    "ConfigError",
    "EncodingError",
    "EngineError",
    "InputError",
    "Notice",
    "ParseError",
    "Report",
    "ReportSet",
    "RuleError",
    "SchemaError",
    "Violation",
    "ZhenggaiError",
    "__version__",
    "apply_baseline",
    "apply_waivers",
    "check",
    "load_baseline",
    "load_notice",
    "load_rules",
    "load_waivers",
    "parse",
    "parse_text_notice",
    "write_baseline",
]
