"""docs/ci.md and .pre-commit-hooks.yaml: valid YAML, real CLI flags, commands that run."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import click
import pytest
import yaml
from click.testing import CliRunner

from engine.cli import cli
from engine.cli.check_cmd import check_command

ROOT = Path(__file__).resolve().parent.parent
CI_DOC = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")


def yaml_blocks() -> list[object]:
    return [yaml.safe_load(block) for block in re.findall(r"```yaml\n(.*?)```", CI_DOC, re.S)]


def check_commands() -> list[list[str]]:
    """Every ``zhenggai check ...`` command line in the YAML and console blocks."""
    commands: list[list[str]] = []
    for block in re.findall(r"```(?:yaml|console)\n(.*?)```", CI_DOC, re.S):
        folded = re.sub(r"\n\s+--", " --", block)  # the GitHub `run: >-` block folds lines
        for line in folded.splitlines():
            found = re.search(r"zhenggai check (.*?)(?:\s+#.*)?$", line)
            if found:
                commands.append(shlex.split(found.group(1)))
    return commands


def test_yaml_blocks_parse() -> None:
    blocks = yaml_blocks()
    assert len(blocks) == 3
    github, gitlab, precommit = blocks
    assert isinstance(github, dict) and isinstance(gitlab, dict) and isinstance(precommit, dict)
    steps = github["jobs"]["zhenggai"]["steps"]
    assert any(step.get("uses", "").startswith("github/codeql-action/upload-sarif@") for step in steps)
    assert gitlab["zhenggai"]["artifacts"]["reports"]["junit"] == "zhenggai-junit.xml"
    assert precommit["repos"][0]["hooks"][0]["id"] == "zhenggai"


def test_commands_use_real_flags() -> None:
    options = {opt for param in check_command.params if isinstance(param, click.Option) for opt in param.opts}
    commands = check_commands()
    assert len(commands) >= 4
    for args in commands:
        for arg in args:
            if arg.startswith("-"):
                assert arg in options, f"{arg} is not a flag of zhenggai check"


def test_github_command_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    shutil.copytree(ROOT / "fixtures" / "raw", tmp_path / "notices")
    (tmp_path / "waivers.yaml").write_text("waivers: []\n", encoding="utf-8")
    runner = CliRunner()
    for args in check_commands():
        result = runner.invoke(cli, ["check", *args])
        assert result.exit_code in (0, 1), (args, result.output)
    assert (tmp_path / "zhenggai.sarif").is_file() and (tmp_path / "zhenggai-junit.xml").is_file()
    assert (tmp_path / "zhenggai-baseline.yaml").is_file()
    final = runner.invoke(cli, ["check", "notices/", "--baseline", "zhenggai-baseline.yaml"])
    assert final.exit_code == 0, final.output


def test_pre_commit_hook() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert isinstance(hooks, list) and len(hooks) == 1
    hook = hooks[0]
    assert (hook["id"], hook["entry"], hook["language"]) == ("zhenggai", "zhenggai check", "python")
    files = re.compile(hook["files"])
    for path in ("notices/a.txt", "notices/2024/b.docx", "x/notices/c.html", "notices/d.yaml", "notices/e.yml"):
        assert files.search(path), path
    for path in (".github/workflows/ci.yml", "rules/core/claims.yaml", "notices/readme.md", "waivers.yaml"):
        assert not files.search(path), path
