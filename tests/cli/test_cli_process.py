"""The ``zhenggai`` program's own process handling (``engine.cli.process``): exit codes and output
survive the fast exit, garbage collection resumes once the command is imported, and running
``main([...])`` in-process leaves the caller's interpreter alone."""

from __future__ import annotations

import gc
import os
import subprocess
import sys

import pytest
from cli_helpers import RAW, ROOT, zhenggai

from engine.cli import main, process

SEED = str((RAW / "yuzhou-2021-01-07.txt").relative_to(ROOT))


def _python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False,
                          timeout=120)


@pytest.mark.parametrize(("code", "status", "err"), [
    ("None", 0, ""), ("0", 0, ""), ("3", 3, ""), ("True", 1, ""), ("'stopped'", 1, "stopped\n"),
])
def test_exit_now_ends_like_sys_exit_and_keeps_buffered_output(code: str, status: int, err: str) -> None:
    # stdout is a pipe here, so the text sits in a buffer until exit_now flushes it
    run = _python(f"import sys\nfrom engine.cli.process import exit_now\nsys.stdout.write('kept')\nexit_now({code})")
    assert (run.returncode, run.stdout, run.stderr) == (status, "kept", err)


def test_exit_now_runs_atexit_handlers() -> None:
    run = _python("import atexit\nfrom engine.cli.process import exit_now\n"
                  "atexit.register(print, 'handler ran')\nexit_now(0)")
    assert (run.returncode, run.stdout) == (0, "handler ran\n")


@pytest.mark.parametrize(("args", "enabled"), [(["schema", "rules"], True), (["--version"], False)])
def test_program_collects_garbage_again_once_the_command_is_imported(args: list[str], enabled: bool) -> None:
    # atexit handlers run at the fast exit, after the command: report whether collection is on
    run = _python("import atexit, gc, sys\n"
                  "atexit.register(lambda: print('gc', gc.isenabled(), len(gc.get_objects()) > 0, file=sys.stderr))\n"
                  f"sys.argv = ['zhenggai', *{args!r}]\n"
                  "from engine.cli import main\nmain()")
    assert run.returncode == 0, run.stderr
    assert run.stderr.splitlines()[-1] == f"gc {enabled} True"


def test_program_exit_codes_and_output_are_those_of_the_command() -> None:
    run = zhenggai("check", SEED)
    assert run.code == 1
    assert run.out == (ROOT / "reports" / "raw" / "yuzhou-2021-01-07.txt").read_text(encoding="utf-8")
    missing = zhenggai("check", "no-such-file.txt")
    assert missing.code == 2 and missing.err.startswith("zhenggai: error: ")


def test_main_with_arguments_leaves_the_interpreter_alone(capsys: pytest.CaptureFixture[str]) -> None:
    assert gc.isenabled()
    frozen = gc.get_freeze_count()
    with pytest.raises(SystemExit) as exit_info:
        main(["schema", "rules"])
    assert exit_info.value.code == 0
    assert '"title": "zhenggai rule file"' in capsys.readouterr().out
    assert gc.isenabled() and gc.get_freeze_count() == frozen
    process.imports_done()  # outside the program: does nothing
    assert gc.isenabled() and gc.get_freeze_count() == frozen


@pytest.mark.parametrize("closed", [1, 2])
@pytest.mark.parametrize(("args", "status"), [(["--version"], 0), (["parse", SEED], 0), (["check", SEED], 1)])
def test_program_started_with_stdout_or_stderr_closed_keeps_its_exit_code(closed: int, args: list[str],
                                                                         status: int) -> None:
    # Python sets sys.stdout / sys.stderr to None when its descriptor is closed at start (cron, daemons)
    code = f"import sys\nsys.argv = ['zhenggai', *{args!r}]\nfrom engine.cli import main\nmain()"
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False,
                         timeout=120, preexec_fn=lambda: os.close(closed))
    assert run.returncode == status
    assert "Traceback" not in run.stderr + run.stdout
