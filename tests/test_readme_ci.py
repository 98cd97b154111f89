"""README's two set-up commands (Chinese and English sections alike) are exactly what .ci/run runs."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _quick_start_commands(readme: str) -> list[list[str]]:
    blocks = re.findall(r"```bash\n(.*?)```", readme, flags=re.DOTALL)
    found = []
    for block in blocks:
        commands = [line for line in block.splitlines() if line.strip() and not line.startswith("#")]
        if commands and commands[0].startswith("python3 -m venv"):
            found.append(commands)
    return found


def test_readme_commands_match_ci() -> None:
    sections = _quick_start_commands((ROOT / "README.md").read_text(encoding="utf-8"))
    assert len(sections) == 2 and sections[0] == sections[1]
    ci = [line for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
          if line.strip() and not line.lstrip().startswith("#")]
    for command in sections[0]:
        assert command.replace("python3 -m venv", '"$PYTHON" -m venv', 1) in ci, command
    assert "zhenggai check fixtures/raw/" in sections[0][0]
