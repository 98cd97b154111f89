"""Foundation: the notice model, its JSON Schema, and loading structured notices with clear errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from engine.errors import ParseError, SchemaError, ZhenggaiError
from engine.model import Notice
from engine.structured import load_notice, load_notice_text

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "structured"


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "engine.cli", *args], capture_output=True, text=True, cwd=ROOT)


def test_help_exits_zero() -> None:
    result = run_cli("--help")
    assert result.returncode == 0
    assert "zhenggai" in result.stdout


def test_schema_notice_is_valid_json_schema() -> None:
    result = run_cli("schema", "notice")
    assert result.returncode == 0, result.stderr
    schema = json.loads(result.stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    minimal = json.loads((DATA / "minimal.json").read_text(encoding="utf-8"))
    assert list(validator.iter_errors(minimal)) == []
    assert list(validator.iter_errors({"title": {"text": "x"}, "bogus": 1}))


def test_minimal_json_loads() -> None:
    notice = load_notice(DATA / "minimal.json")
    assert notice.title is not None and notice.title.text == "测试通报"
    assert [finding.number for _, finding in notice.iter_findings()] == ["1."]
    assert notice.source.format == "json"


@pytest.mark.parametrize(
    ("name", "error", "line", "fragment"),
    [
        ("bad-syntax.yaml", ParseError, 6, "YAML syntax error"),
        ("bad-type.yaml", SchemaError, 5, "sections.0.ordinal"),
        ("unknown-key.yaml", SchemaError, 10, "sections.0.findings.0.statsu"),
        ("python-tag.yaml", ParseError, 1, "tag not allowed"),
        ("alias-bomb.yaml", ParseError, 2, "aliases"),
    ],
)
def test_bad_structured_notices_name_file_line_and_field(
    name: str, error: type[ZhenggaiError], line: int, fragment: str
) -> None:
    with pytest.raises(error) as caught:
        load_notice(DATA / name)
    assert caught.value.line == line
    message = str(caught.value)
    assert name in message and fragment in message
    assert "\n" not in message


def test_missing_and_empty_files(tmp_path: Path) -> None:
    with pytest.raises(ParseError, match="file not found"):
        load_notice(DATA / "does-not-exist.yaml")
    empty = tmp_path / "empty.yaml"
    empty.write_text("   \n", encoding="utf-8")
    with pytest.raises(ParseError, match="empty"):
        load_notice(empty)


def test_top_level_must_be_mapping() -> None:
    with pytest.raises(SchemaError, match="mapping"):
        load_notice_text("- a\n- b\n", "list.yaml")


def test_models_forbid_unknown_keys() -> None:
    with pytest.raises(Exception, match="Extra inputs"):
        Notice.model_validate({"titel": {"text": "x"}})
