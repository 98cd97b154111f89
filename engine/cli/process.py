"""The ``zhenggai`` process: start-up and exit tuned for one short-lived command.

Only the program itself uses this (``engine.cli.main()`` without arguments: the ``zhenggai``
script and ``python -m engine.cli``); tests and callers that run ``main([...])`` inside their own
process keep their interpreter as it was.

* **No garbage collection while the command is imported.** Importing the engine creates tens of
  thousands of long-lived objects (pydantic models and validators, compiled patterns, click
  commands) and every collection during start-up walks them again for nothing: about 100
  collections, 12 ms of a cold ``zhenggai check``. Once the sub-command's module is imported,
  those objects are frozen (``gc.freeze``: later collections skip them, and forked workers do
  not write to their pages, which is what the ``gc`` documentation recommends before ``fork``)
  and collection resumes, so checking many notices collects garbage as before.
* **No interpreter teardown.** Once the command has finished, the ``atexit`` handlers run (they
  stop any worker process still alive), stdout and stderr are flushed, and the process ends with
  ``os._exit``: freeing every module and object one by one took 40 ms or more, and nothing needs
  it (every file the engine writes is closed by then).
"""

from __future__ import annotations

import atexit
import contextlib
import gc
import os
import sys
from collections.abc import Callable
from typing import NoReturn

_collection_paused = False


def run_program(run: Callable[[list[str]], NoReturn], args: list[str]) -> NoReturn:
    """Run the CLI as the whole program: ``run(args)`` ends with SystemExit, which ends the process."""
    global _collection_paused
    gc.disable()
    _collection_paused = True
    try:
        run(args)
    except SystemExit as exc:
        exit_now(exc.code)


def imports_done() -> None:
    """The command is imported: freeze what start-up built and collect garbage again (program only)."""
    global _collection_paused
    if _collection_paused:
        _collection_paused = False
        gc.freeze()
        gc.enable()


def exit_now(code: object) -> NoReturn:
    """End the process with ``code`` as ``sys.exit(code)`` would, without tearing the interpreter down."""
    os._exit(finish(code))


def finish(code: object) -> int:
    """What ``sys.exit(code)`` does before the interpreter is torn down; the process's exit status.

    A message for ``sys.exit("message")`` goes to stderr, the ``atexit`` handlers run, stdout and
    stderr are flushed (status 1 if that fails and the status was 0)."""
    status = 0 if code is None else code if isinstance(code, int) else 1
    if not isinstance(code, int | None) and sys.stderr is not None:  # sys.exit("message"): to stderr
        with contextlib.suppress(OSError, ValueError):
            print(code, file=sys.stderr)
    atexit._run_exitfuncs()  # what a normal exit runs next (multiprocessing stops its children)
    for stream in (sys.stdout, sys.stderr):
        if stream is None:  # started with that descriptor closed: nothing was or can be written
            continue
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed or broken pipe: nothing more can be written there
            status = status or 1
    return status & 0xFF
