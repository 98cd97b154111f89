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

__version__ = "0.1.0"  # set before the imports below: engine.reports.sarif reads it

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
