"""Running ``zhenggai`` as a subprocess from the repository root (the installed script when present)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
_SCRIPT = Path(sys.executable).parent / "zhenggai"
COMMAND = [str(_SCRIPT)] if _SCRIPT.is_file() else [sys.executable, "-m", "engine.cli"]
RAW = ROOT / "fixtures" / "raw"
CASES = ROOT / "fixtures" / "cases"
STRUCTURED = ROOT / "fixtures" / "structured"


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str
    out_bytes: bytes

    @property
    def err_lines(self) -> list[str]:
        return self.err.splitlines()


def zhenggai(*args: str, cwd: Path = ROOT, stdin: bytes | None = None, env: Mapping[str, str] | None = None) -> Run:
    """Run ``zhenggai ARGS`` and capture everything."""
    full_env = {**os.environ, **(env or {})}
    result = subprocess.run([*COMMAND, *args], cwd=cwd, input=stdin, capture_output=True, env=full_env,
                            check=False, timeout=300)
    return Run(result.returncode, result.stdout.decode("utf-8"), result.stderr.decode("utf-8"), result.stdout)


def assert_one_error_line(run: Run, *fragments: str) -> None:
    """Exit 2, exactly one stderr line, no traceback, and the line names what went wrong."""
    assert run.code == 2, (run.code, run.err)
    assert len(run.err_lines) == 1, run.err
    assert "Traceback" not in run.err
    for fragment in fragments:
        assert fragment in run.err, (fragment, run.err)
