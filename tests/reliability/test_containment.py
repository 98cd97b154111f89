"""Containment with the default ``--jobs 1``: a crash or a runaway notice costs only that notice.

``zhenggai check`` runs each notice in a forked worker (unless ``--debug``), so a SIGSEGV in
durable_rules' C core, or a notice over ``--notice-timeout``, becomes one error line (ZG600 /
ZG620) while every other notice's report is exactly that of a clean run. The ``--jobs 2`` case
is in tests/cli/test_cli_check_jobs.py.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "cli"))

from cli_helpers import zhenggai

CRASH_HOOK = "ZHENGGAI_TEST_CRASH_ON"
VICTIM = "qinxian-2020-07-30"
ROOT = Path(__file__).resolve().parents[2]


def _reports(out: str) -> list[dict[str, object]]:
    reports: list[dict[str, object]] = json.loads(out)["reports"]
    return reports


def test_jobs_1_contains_a_segfault() -> None:
    clean = zhenggai("check", "fixtures/raw/", "--format", "json", "--fail-on", "never")
    crashed = zhenggai("check", "fixtures/raw/", "--format", "json", "--fail-on", "never", env={CRASH_HOOK: VICTIM})
    assert crashed.code == 2
    assert "Traceback" not in crashed.err
    assert crashed.err_lines == [f"zhenggai: error: ZG600 fixtures/raw/{VICTIM}.txt: the engine process died while "
                                 "checking this notice (killed by SIGSEGV); the other notices were checked"]
    expected = [report for report in _reports(clean.out) if VICTIM not in str(report["source"])]
    assert _reports(crashed.out) == expected and len(expected) == 4


def test_notice_timeout_stops_only_that_notice(tmp_path: Path) -> None:
    seed = (ROOT / "fixtures" / "raw" / "yuzhou-2021-01-07.txt").read_text(encoding="utf-8")
    slow = tmp_path / "slow.txt"
    slow.write_text(seed * 150, encoding="utf-8")  # about 5.7 MB: over 10 s to parse
    good = str(ROOT / "fixtures" / "raw" / "ganxian-2017.txt")
    alone = zhenggai("check", good, "--format", "json", "--fail-on", "never", cwd=tmp_path)
    run = zhenggai("check", str(slow), good, "--notice-timeout", "2", "--format", "json", "--fail-on", "never",
                   cwd=tmp_path)
    assert run.code == 2 and "Traceback" not in run.err
    assert run.err_lines == ["zhenggai: error: ZG620 slow.txt: checking this notice took longer than 2s and was "
                             "stopped; the other notices were checked (raise the limit with --notice-timeout)"]
    assert run.out == alone.out
