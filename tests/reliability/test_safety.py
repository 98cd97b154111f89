"""Safety: rule and notice files never execute code; outputs escape notice text; report paths are relative."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from engine.api import load_rules, parse_text_notice
from engine.errors import ParseError, RuleError
from engine.evaluation.runner import check
from engine.reports.outputs import render, rule_metadata
from engine.reports.render import report_set
from engine.rule_language.loader import load_pack
from engine.structured import load_notice_text

ENGINE = Path(__file__).resolve().parents[2] / "engine"
FORBIDDEN = {
    r"\beval\(": "eval",
    r"\bexec\(": "exec",
    r"\bpickle\b": "pickle",
    r"\bmarshal\b": "marshal",
    r"\bshelve\b": "shelve",
    r"__import__\(": "__import__",
    r"shell\s*=\s*True": "shell=True",
    r"\bos\.system\(": "os.system",
    r"yaml\.(?:load|load_all|full_load|unsafe_load)\(": "yaml.load without SafeLoader",
    r"yaml\.(?:Loader|FullLoader|UnsafeLoader|UnsafeConstructor|Constructor)\b": "an unsafe YAML loader",
}


def test_engine_source_has_no_code_execution() -> None:
    found = []
    for path in sorted(ENGINE.rglob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("#", 1)[0]
            for pattern, what in FORBIDDEN.items():
                if re.search(pattern, code):
                    found.append(f"{path.relative_to(ENGINE.parent)}:{number}: {what}: {line.strip()}")
    assert not found, "\n".join(found)


@pytest.mark.parametrize("tag", ["!!python/object/apply:os.system", "!!python/object:os.system",
                                 "!!python/name:os.system", "!!python/module:os"])
def test_python_tags_are_errors_not_code(tag: str, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    text = f'title: {tag} ["touch {marker}"]\n'
    with pytest.raises(ParseError, match="tag not allowed"):
        load_notice_text(text, "notice.yaml")
    rules = tmp_path / "rules.yaml"
    rules.write_text(f"pack: {tag} ['touch {marker}']\nrules: []\n", encoding="utf-8")
    with pytest.raises(RuleError, match="tag not allowed"):
        load_pack(rules)
    assert not marker.exists()


HOSTILE = '<script>alert("x")</script> | **bold** [link](http://evil) @someone `code` &amp; \x1b[31m'


def _hostile_reports() -> tuple[object, object]:
    text = (f"关于巡察整改情况的通报{HOSTILE}\n一、关于问题方面\n"
            f"1.问题一{HOSTILE}。\n整改情况:已追回资金{HOSTILE}。\n")
    notice = parse_text_notice(text, "hostile <notice>.txt")
    pack = load_rules()
    reports = report_set([check(notice, pack, backend="python", source="hostile <notice>.txt")])
    return reports, rule_metadata(pack, {})


def test_markdown_escapes_notice_text() -> None:
    reports, rules = _hostile_reports()
    markdown = render("markdown", reports.reports, rules, "zh", root=".")  # type: ignore[attr-defined]
    assert "script" in markdown  # the text is there, escaped
    assert "<script>" not in markdown and "<notice>" not in markdown
    assert "](http" not in markdown and "\x1b" not in markdown


@pytest.mark.parametrize("fmt", ["json", "sarif", "junit", "github", "text"])
def test_other_formats_are_well_formed_with_hostile_text(fmt: str) -> None:
    reports, rules = _hostile_reports()
    output = render(fmt, reports.reports, rules, "zh", root=".")  # type: ignore[attr-defined]
    if fmt in ("json", "sarif"):
        json.loads(output)
    elif fmt == "junit":
        ET.fromstring(output)
    elif fmt == "github":
        assert all(line.startswith("::") for line in output.splitlines() if line.strip())


def test_report_paths_are_relative(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from engine.cli import main

    notices = tmp_path / "notices"
    notices.mkdir()
    seed = Path(__file__).resolve().parents[2] / "fixtures" / "raw" / "yuzhou-2021-01-07.txt"
    (notices / "a.txt").write_bytes(seed.read_bytes())
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit):
        main(["check", str(notices / "a.txt"), str(notices), "--format", f"json:{tmp_path / 'r.json'}",
              "--format", f"sarif:{tmp_path / 'r.sarif'}", "--backend", "python"])
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert [item["source"] for item in report["reports"]] == ["notices/a.txt"]
    sarif = json.loads((tmp_path / "r.sarif").read_text(encoding="utf-8"))
    uris = [location["physicalLocation"]["artifactLocation"]["uri"]
            for result in sarif["runs"][0]["results"] for location in result.get("locations", [])]
    assert uris and set(uris) == {"notices/a.txt"}  # relative to the SRCROOT base (the only absolute URI)
