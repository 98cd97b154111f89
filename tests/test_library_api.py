"""The library API: exports, parse dispatch, load_rules, check; every doctest in engine and docs/library.md."""

from __future__ import annotations

import doctest
import importlib
import pkgutil
from pathlib import Path
from types import ModuleType

import pytest

import engine
from engine.errors import ConfigError, InputError, RuleError, ZhenggaiError
from engine.reports.model import Report

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "fixtures" / "raw"
STRUCTURED = ROOT / "fixtures" / "structured"
SKIP = {"engine.cli.__main__"}  # runs the CLI on import


def engine_modules() -> list[ModuleType]:
    names = [info.name for info in pkgutil.walk_packages(engine.__path__, "engine.") if info.name not in SKIP]
    return [engine, *(importlib.import_module(name) for name in sorted(names))]


@pytest.fixture
def at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # doctests name fixtures relative to the repository root


@pytest.mark.usefixtures("at_root")
@pytest.mark.parametrize("module", engine_modules(), ids=lambda module: module.__name__)
def test_module_doctests(module: ModuleType) -> None:
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0


@pytest.mark.usefixtures("at_root")
def test_library_docs_run() -> None:
    result = doctest.testfile(str(ROOT / "docs" / "library.md"), module_relative=False, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
    assert result.attempted >= 20


def test_public_names() -> None:
    for name in ("parse", "load_notice", "load_rules", "check", "Notice", "Report", "ZhenggaiError", "InputError",
                 "ConfigError", "RuleError", "ParseError", "SchemaError", "EncodingError", "EngineError",
                 "apply_waivers", "load_waivers", "apply_baseline", "load_baseline", "write_baseline"):
        assert name in engine.__all__ and hasattr(engine, name), name
    assert (ROOT / "engine" / "py.typed").is_file()


def test_parse_dispatch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from_path = engine.parse(RAW / "yuzhou-2021-01-07.txt")
    from_str = engine.parse(str(RAW / "yuzhou-2021-01-07.txt"))
    text = (RAW / "yuzhou-2021-01-07.txt").read_text(encoding="utf-8")
    from_text = engine.parse(text)
    assert from_path.source.path == str(RAW / "yuzhou-2021-01-07.txt")
    assert from_text.source.path == "<text>"
    count = len(list(from_path.iter_findings()))
    assert count == len(list(from_str.iter_findings())) == len(list(from_text.iter_findings())) == 28
    structured = engine.parse(STRUCTURED / "yuzhou-2021-01-07.yaml")
    assert structured.source.format == "yaml"
    # a one-line Chinese string is text, unless it names an existing file
    assert engine.parse("一、存在的问题").source.path == "<text>"
    monkeypatch.chdir(tmp_path)
    (tmp_path / "通报.txt").write_text("一、存在的问题\n1.问题一。\n", encoding="utf-8")
    assert engine.parse("通报.txt").source.path == "通报.txt"


@pytest.mark.parametrize("value", ["missing.txt", "", "   "])
def test_parse_errors(value: str) -> None:
    with pytest.raises(InputError):
        engine.parse(value)


def test_load_rules_and_check() -> None:
    rules = engine.load_rules()
    notice = engine.load_notice(STRUCTURED / "huainan-tzb-2020-12-17.yaml")
    durable = engine.check(notice, rules)
    python = engine.check(notice, rules, backend="python")
    assert isinstance(durable, Report)
    assert durable.model_dump() == python.model_dump()
    assert durable.summary.rules == len(rules.rules) > 0
    config = engine.Config(ignore=["status-missing"], severity={"sum-mismatch": "info"})
    checked = engine.check(notice, engine.load_rules(["core"], config=config), config=config, source="n.yaml")
    assert checked.source == "n.yaml"
    assert "status-missing" not in {v.rule_id for v in checked.violations}
    assert {v.severity for v in checked.violations if v.rule_id == "sum-mismatch"} == {"info"}


def test_load_rules_errors(tmp_path: Path) -> None:
    with pytest.raises(ConfigError):
        engine.load_rules(config=engine.Config(select=["no-such-rule"]))
    with pytest.raises(ConfigError):
        engine.load_rules([tmp_path / "nowhere"])
    bad = tmp_path / "bad.yaml"
    bad.write_text("rules:\n  - id: x\n    nonsense: 1\n", encoding="utf-8")
    with pytest.raises(RuleError) as caught:
        engine.load_rules([bad])
    assert isinstance(caught.value, ZhenggaiError) and "bad.yaml:" in str(caught.value)
