"""``zhenggai check --jobs``: the process pool gives the same bytes, and a dying worker costs one notice."""

from __future__ import annotations

import json
from typing import Any

import pytest
from cli_helpers import zhenggai

from engine.cli import check_cmd, main
from engine.rule_language.compiler import CompiledPack

INPUTS = ("fixtures/raw/", "fixtures/cases/", "fixtures/structured/")
CRASH_HOOK = "ZHENGGAI_TEST_CRASH_ON"
VICTIM = "qinxian-2020-07-30"


@pytest.mark.parametrize("fmt", ["json", "text", "sarif"])
def test_jobs_output_is_byte_identical(fmt: str) -> None:
    serial = zhenggai("check", *INPUTS, "--format", fmt, "--quiet", "--fail-on", "never")
    parallel = zhenggai("check", *INPUTS, "--format", fmt, "--quiet", "--fail-on", "never", "--jobs", "3")
    assert serial.code == parallel.code == 0, parallel.err
    assert serial.out_bytes == parallel.out_bytes
    assert len(serial.out_bytes) > 1000 or fmt == "text"


def test_jobs_exit_code_matches_serial() -> None:
    assert zhenggai("check", "fixtures/raw/", "--jobs", "2", "--quiet").code == 1


def test_dead_worker_costs_only_its_notice() -> None:
    clean = zhenggai("check", "fixtures/raw/", "--jobs", "2", "--format", "json", "--fail-on", "never")
    crashed = zhenggai("check", "fixtures/raw/", "--jobs", "2", "--format", "json", "--fail-on", "never",
                       env={CRASH_HOOK: VICTIM})
    assert crashed.code == 2
    assert "Traceback" not in crashed.err
    assert crashed.err_lines == [f"zhenggai: error: ZG600 fixtures/raw/{VICTIM}.txt: the engine process died while "
                                 "checking this notice (killed by SIGSEGV); the other notices were checked"]
    expected = [report for report in json.loads(clean.out)["reports"] if VICTIM not in report["source"]]
    got = json.loads(crashed.out)["reports"]
    assert len(got) == 4
    assert got == expected


def test_every_worker_dying_still_reports_each_notice() -> None:
    run = zhenggai("check", "fixtures/raw/", "--jobs", "2", "--quiet", env={CRASH_HOOK: "fixtures/raw/"})
    assert run.code == 2
    assert len(run.err_lines) == 5 and all("ZG600" in line for line in run.err_lines)
    assert run.out.startswith("共 0 份通报")


def test_one_notice_has_its_rules_loaded_while_its_worker_starts(monkeypatch: pytest.MonkeyPatch,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    # start-up time: a single notice hands the pool a pack loader (called once the worker is forked);
    # a batch loads the pack first (its workers then share the parser's pages with the parent)
    seen: list[bool] = []
    original = check_cmd.iter_digests

    def spy(inputs: Any, pack: Any, *args: Any, **kwargs: Any) -> Any:
        seen.append(isinstance(pack, CompiledPack))
        return original(inputs, pack, *args, **kwargs)

    monkeypatch.setattr(check_cmd, "iter_digests", spy)
    for paths, loaded in ((["fixtures/raw/yuzhou-2021-01-07.txt"], False), (["fixtures/raw/"], True)):
        seen.clear()
        with pytest.raises(SystemExit) as exit_info:
            main(["check", *paths, "--quiet"])
        assert exit_info.value.code == 1 and seen == [loaded]
    assert capsys.readouterr().out.startswith("共")
