"""``zhenggai serve`` and the program's hand-over to it (``engine.launch``, ``engine.server``).

A command run through the server must be indistinguishable from the same command run in a fresh
process: stdout bytes, stderr, exit code, files written (relative to the client's folder), stdin.
The server's log shows that each command went through it.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from cli_helpers import COMMAND, RAW, ROOT, Run, zhenggai

from engine import server as server_module
from engine.launch import PROTOCOL, SERVER_ENV

pytestmark = pytest.mark.skipif(not hasattr(socket, "send_fds") or not hasattr(os, "fork"),
                                reason="zhenggai serve needs Unix sockets and fork")

SEED = str((RAW / "yuzhou-2021-01-07.txt").relative_to(ROOT))
START_SECONDS = 60


class Served:
    """A running ``zhenggai serve`` and its log."""

    def __init__(self, folder: Path, *extra: str) -> None:
        self.socket = folder / "s" / "serve.sock"
        self.log_path = folder / "serve.log"
        self.log_file = open(self.log_path, "wb")  # noqa: SIM115
        env = {key: value for key, value in os.environ.items() if key != SERVER_ENV}
        self.process = subprocess.Popen([*COMMAND, "serve", "--socket", str(self.socket), *extra], cwd=ROOT,
                                        stdout=subprocess.DEVNULL, stderr=self.log_file, env=env)

    def wait_listening(self) -> None:
        deadline = time.monotonic() + START_SECONDS
        while "listening on" not in self.log():
            assert self.process.poll() is None, self.log()
            assert time.monotonic() < deadline, self.log()
            time.sleep(0.05)

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8")

    def wait_log(self, fragment: str, count: int = 1) -> None:
        deadline = time.monotonic() + START_SECONDS
        while self.log().count(fragment) < count:
            assert time.monotonic() < deadline, self.log()
            time.sleep(0.05)

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        code = self.process.wait(timeout=30)
        self.log_file.close()
        return code


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    instance = Served(tmp_path)
    try:
        instance.wait_listening()
        yield instance
    finally:
        instance.stop()


def through(served: Served, *args: str, cwd: Path = ROOT, stdin: bytes | None = None) -> Run:
    return zhenggai(*args, cwd=cwd, stdin=stdin, env={SERVER_ENV: str(served.socket)})


def here(*args: str, cwd: Path = ROOT, stdin: bytes | None = None) -> Run:
    env = {key: value for key, value in os.environ.items() if key != SERVER_ENV}
    result = subprocess.run([*COMMAND, *args], cwd=cwd, input=stdin, capture_output=True, env=env, check=False,
                            timeout=300)
    return Run(result.returncode, result.stdout.decode("utf-8"), result.stderr.decode("utf-8"), result.stdout)


@pytest.mark.parametrize("args", [
    ("check", SEED),
    ("check", SEED, "--lang", "en", "--format", "json"),
    ("check", str(RAW)),
    ("check", "fixtures/raw/missing.txt"),
    ("check", SEED, "--fail-on", "bogus"),
    ("rules", "list"),
    ("--version",),
])
def test_a_command_through_the_server_is_the_command_run_here(served: Served, args: tuple[str, ...]) -> None:
    there = through(served, *args)
    served.wait_log(f"-> exit {there.code}")
    assert there == here(*args)
    assert "zhenggai " + " ".join(args) in served.log()


def test_stdin_and_output_files_are_the_clients(served: Served, tmp_path: Path) -> None:
    folder = tmp_path / "client"
    folder.mkdir()
    data = (RAW / "yuzhou-2021-01-07.txt").read_bytes()
    there = through(served, "check", "-", "--stdin-name", "draft.txt", "--format", "json", "-o", "out.json",
                    cwd=folder, stdin=data)
    assert there.code == 1, there.err
    written = json.loads((folder / "out.json").read_text(encoding="utf-8"))
    (folder / "out.json").unlink()
    local = here("check", "-", "--stdin-name", "draft.txt", "--format", "json", "-o", "out.json", cwd=folder,
                 stdin=data)
    assert (there.code, there.out, there.err) == (local.code, local.out, local.err)
    assert written == json.loads((folder / "out.json").read_text(encoding="utf-8"))
    assert "check - --stdin-name draft.txt" in served.log()


def test_an_edited_rule_file_is_read_anew(served: Served, tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    pack.mkdir()
    rule = pack / "rules.yaml"
    template = ("rules:\n- id: number-zzz\n  title: 编号\n  subject: finding\n  severity: warning\n"
                "  message: {{zh: 编号不是zzz, en: the number is not zzz}}\n  rationale: a test rule\n"
                "  assert: {assertion}\n")
    rule.write_text(template.format(assertion="{not: {equals: {field: finding_number, value: zzz}}}"),
                    encoding="utf-8")
    first = through(served, "check", SEED, "--rules", str(pack), "--format", "json")
    rule.write_text(template.format(assertion="{equals: {field: finding_number, value: zzz}}"), encoding="utf-8")
    second = through(served, "check", SEED, "--rules", str(pack), "--format", "json")
    assert second == here("check", SEED, "--rules", str(pack), "--format", "json")
    assert first.err == second.err == "", (first.err, second.err)
    assert _violated(first.out, "number-zzz") == 0 and _violated(second.out, "number-zzz") > 0


def _violated(report: str, rule_id: str) -> int:
    return sum(violation["rule_id"] == rule_id for notice in json.loads(report)["reports"]
               for violation in notice["violations"])


def test_without_a_server_the_command_runs_here(tmp_path: Path) -> None:
    run = zhenggai("check", SEED, env={SERVER_ENV: str(tmp_path / "nobody.sock")})
    assert run == here("check", SEED)


def test_ctrl_c_at_the_client_stops_the_command(served: Served) -> None:
    env = {**os.environ, SERVER_ENV: str(served.socket)}
    client = subprocess.Popen([*COMMAND, "check", "-"], cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, env=env)
    deadline = time.monotonic() + START_SECONDS
    while not _children(served.process.pid):  # the command is running (reading stdin) in the server
        assert time.monotonic() < deadline and client.poll() is None
        time.sleep(0.05)
    client.send_signal(signal.SIGINT)
    out, err = client.communicate(timeout=60)
    # what Ctrl-C does to `zhenggai check -` run here: click turns it into an abort while stdin is read
    assert (client.returncode, out, err) == (2, b"", b"\nzhenggai: aborted\n")
    served.wait_log("zhenggai check - -> exit 2")


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def test_a_second_server_on_the_same_socket_is_an_error(served: Served) -> None:
    run = here("serve", "--socket", str(served.socket))
    assert run.code == 2 and "already listens" in run.err and str(served.socket) in run.err, run.err
    assert "Traceback" not in run.err


def test_a_socket_path_that_is_a_file_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("keep me", encoding="utf-8")
    run = here("serve", "--socket", str(path))
    assert run.code == 2 and "is not a socket" in run.err and str(path) in run.err, run.err
    assert path.read_text(encoding="utf-8") == "keep me"


def test_stopping_removes_the_socket(tmp_path: Path) -> None:
    instance = Served(tmp_path)
    instance.wait_listening()
    assert instance.socket.exists()
    assert instance.stop() == 0
    assert not instance.socket.exists()
    assert instance.log().splitlines()[-1] == "zhenggai serve: stopped"


def test_a_stale_socket_file_is_replaced(tmp_path: Path) -> None:
    path = tmp_path / "s" / "serve.sock"
    path.parent.mkdir()
    left = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    left.bind(str(path))
    left.close()  # the file stays, nobody listens: a server that was killed
    instance = Served(tmp_path)
    try:
        instance.wait_listening()
        assert through(instance, "check", SEED) == here("check", SEED)
    finally:
        instance.stop()


def _raw_request(path: Path, payload: bytes, fds: list[int]) -> dict[str, object]:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
        connection.settimeout(30)
        connection.connect(str(path))
        replies = connection.makefile("rb")
        assert json.loads(replies.readline()) == {"protocol": PROTOCOL}
        socket.send_fds(connection, [len(payload).to_bytes(4, "big") + payload], fds)
        answer: dict[str, object] = json.loads(replies.readline())
        return answer


@pytest.mark.parametrize("payload", [b"not json", b"[1, 2]", json.dumps({"protocol": 99}).encode(),
                                     json.dumps({"protocol": PROTOCOL, "args": "check"}).encode()])
def test_a_malformed_request_is_refused_and_the_server_goes_on(served: Served, payload: bytes) -> None:
    answer = _raw_request(served.socket, payload, [])
    assert "refused" in answer
    assert through(served, "--version") == here("--version")


def test_a_client_of_another_installation_is_refused(served: Served) -> None:
    request = {"protocol": PROTOCOL, "args": ["--version"], "cwd": str(ROOT), "env": {}, "umask": 0o22,
               "installation": ["/elsewhere/python", "/elsewhere", "/elsewhere/engine"], "streams": [None, None, None],
               "fds": []}
    answer = _raw_request(served.socket, json.dumps(request).encode(), [])
    assert answer == {"refused": "another installation of zhenggai"}


def test_a_changed_file_makes_the_server_refuse_and_restart(tmp_path: Path) -> None:
    watched = tmp_path / "module.py"
    watched.write_text("x = 1\n", encoding="utf-8")
    instance = server_module.Server(tmp_path / "unused.sock", log=lambda line: None)
    instance.watched = server_module._stat_all([str(watched)])
    assert instance._stale() is None and not instance.restart
    watched.write_text("x = 22\n", encoding="utf-8")
    assert instance._stale() == f"{watched} changed since the server started"
    assert instance.restart


def test_a_deeply_nested_request_is_refused_and_the_server_goes_on(served: Served) -> None:
    answer = _raw_request(served.socket, b"[" * 200_000, [])
    assert answer == {"refused": "malformed request"}
    assert through(served, "--version") == here("--version")


def test_a_killed_client_takes_its_command_with_it(served: Served) -> None:
    env = {**os.environ, SERVER_ENV: str(served.socket)}
    client = subprocess.Popen([*COMMAND, "check", "-"], cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, env=env)
    deadline = time.monotonic() + START_SECONDS
    while not (children := _children(served.process.pid)):
        assert time.monotonic() < deadline and client.poll() is None
        time.sleep(0.05)
    client.kill()
    client.wait(timeout=30)
    served.wait_log("the client went away; stopped it")
    served.wait_log("zhenggai check - -> killed by signal 15")
    assert all(not Path(f"/proc/{pid}").exists() or "Z" in _state(pid) for pid in children)


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "gone"


def test_a_closed_stdout_is_closed_for_the_command_too(served: Served) -> None:
    command = ["sh", "-c", 'exec "$@" >&-', "sh", *COMMAND, "check", SEED, "--format", "json", "-o", "/dev/stdout"]
    there = subprocess.run(command, cwd=ROOT, capture_output=False, stderr=subprocess.PIPE, check=False,
                           env={**os.environ, SERVER_ENV: str(served.socket)}, timeout=120)
    direct = subprocess.run(command, cwd=ROOT, stderr=subprocess.PIPE, check=False, timeout=120,
                            env={key: value for key, value in os.environ.items() if key != SERVER_ENV})
    assert (there.returncode, there.stderr) == (direct.returncode, direct.stderr)
    served.wait_log(f"-> exit {there.returncode}")


def test_a_folder_others_may_write_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    folder.chmod(0o777)
    run = here("serve", "--socket", str(folder / "serve.sock"))
    assert run.code == 2 and "no one else may write" in run.err and str(folder) in run.err, run.err


def test_a_socket_path_too_long_is_an_error_and_makes_no_folder(tmp_path: Path) -> None:
    folder = tmp_path / ("x" * 120)
    run = here("serve", "--socket", str(folder / "serve.sock"))
    assert run.code == 2 and "shorter than" in run.err, run.err
    assert not folder.exists()


def test_serve_is_never_handed_to_a_server(tmp_path: Path) -> None:
    # with the variable set, `zhenggai serve` is the server itself and listens on that socket
    socket_path = tmp_path / "s" / "serve.sock"
    env = {**os.environ, SERVER_ENV: str(socket_path)}
    process = subprocess.Popen([*COMMAND, "--debug", "serve"], cwd=ROOT, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, env=env)
    try:
        deadline = time.monotonic() + START_SECONDS
        while not socket_path.exists():
            assert process.poll() is None and time.monotonic() < deadline
            time.sleep(0.05)
    finally:
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=30)
    assert process.returncode == 0
    assert err.decode("utf-8").startswith(f"zhenggai serve: listening on {socket_path}")


def test_a_stopped_server_lets_running_commands_finish_and_reports_their_status(tmp_path: Path) -> None:
    instance = Served(tmp_path)
    instance.wait_listening()
    env = {**os.environ, SERVER_ENV: str(instance.socket)}
    client = subprocess.Popen([*COMMAND, "check", "-", "--stdin-name", "draft.txt"], cwd=ROOT, stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    deadline = time.monotonic() + START_SECONDS
    while not _children(instance.process.pid):
        assert time.monotonic() < deadline and client.poll() is None
        time.sleep(0.05)
    instance.process.send_signal(signal.SIGTERM)
    while instance.socket.exists():  # new clients no longer reach it
        assert time.monotonic() < deadline
        time.sleep(0.05)
    assert instance.process.poll() is None  # still waiting for the command
    data = (RAW / "yuzhou-2021-01-07.txt").read_bytes()
    out, err = client.communicate(data, timeout=120)
    local = here("check", "-", "--stdin-name", "draft.txt", stdin=data)
    assert (client.returncode, out, err.decode("utf-8")) == (local.code, local.out_bytes, local.err)
    assert instance.stop() == 0
    assert instance.log().splitlines()[-1] == "zhenggai serve: stopped"
