"""``zhenggai rules doc``: docs/rules-reference.md is exactly its output for the repository's configuration."""

from __future__ import annotations

from pathlib import Path

from cli_helpers import ROOT, zhenggai

REGENERATE = "zhenggai rules doc --lang zh > docs/rules-reference.md"


def test_committed_reference_is_the_commands_output() -> None:
    run = zhenggai("rules", "doc", "--lang", "zh")
    assert run.code == 0, run.err
    committed = (ROOT / "docs" / "rules-reference.md").read_text(encoding="utf-8")
    assert committed == run.out, f"docs/rules-reference.md is stale: {REGENERATE}"


def test_every_rule_is_documented_in_both_languages() -> None:
    listed = [line.split("\t")[0] for line in zhenggai("rules", "list").out.splitlines()]
    assert len(listed) >= 20
    for lang, heading in (("zh", "# 规则参考"), ("en", "# Rule reference")):
        text = zhenggai("rules", "doc", "--lang", lang).out
        assert text.startswith(heading + "\n")
        for rule_id in listed:
            assert f"\n### {rule_id}\n" in text
            assert f"[`{rule_id}`](#{rule_id})" in text
    en = zhenggai("rules", "doc", "--lang", "en").out
    assert "Must hold (assert):\n\n```yaml\nequals: {field: has_status, value: true}\n```" in en
    assert "- zh: `未说明整改状态：" in en


def test_configured_severity(tmp_path: Path) -> None:
    config = tmp_path / "zhenggai.toml"
    config.write_text('packs = ["core"]\nselect = ["status-missing"]\n[severity]\nstatus-missing = "warning"\n',
                      encoding="utf-8")
    run = zhenggai("rules", "doc", "--config", str(config), "--lang", "en")
    assert run.code == 0, run.err
    assert "1 rules in the pack(s) `core`." in run.out
    assert "error (configured as warning)" in run.out
