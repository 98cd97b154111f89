"""The ``zhenggai`` program: hand the command to a running ``zhenggai serve``, or run it here.

A cold ``zhenggai check`` spends most of its time importing pydantic, click, the parser and the
rule packs before it reads a byte of the notice. ``zhenggai serve`` keeps one process that has
done all that; with ``ZHENGGAI_SERVER`` set to its socket, this entry point sends the command
line, the working folder, the environment and its own stdin, stdout and stderr (the descriptors
themselves, over the Unix socket) to the server, which forks a warm copy of itself to run it. The
output goes straight to this process's descriptors, so it is byte for byte what the command
prints here, and the exit code comes back as this process's exit code.

This module imports only the standard library's ``os`` and ``sys`` unless the variable is set: the
program's start-up is unchanged without a server. Whenever the server cannot take the command
(no server on that socket, one from another installation, one whose files changed since it
started, no answer within ``HELLO_SECONDS``), the command runs here as it would have anyway: the
same output, only slower. Once the server has said it runs the command, it is never run twice.
"""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False  # not imported from typing: the client's start-up imports nothing it does not use
if TYPE_CHECKING:
    from socket import socket
    from typing import BinaryIO

SERVER_ENV = "ZHENGGAI_SERVER"
PROTOCOL = 1
HELLO_SECONDS = 3.0  # how long to wait for a server that accepted the connection to greet
STD_FDS = (0, 1, 2)
LOCAL_COMMANDS = frozenset({"serve"})  # never handed to a server


def main() -> None:
    """The console script: through the server named by ``ZHENGGAI_SERVER`` if one takes it, else here."""
    path = os.environ.get(SERVER_ENV)
    args = sys.argv[1:]
    if path and _command(args) not in LOCAL_COMMANDS:
        status = run_via_server(path, args)
        if status is not None:
            sys.exit(status)
    from engine.cli import main as run_here

    run_here()


def _command(args: list[str]) -> str | None:
    """The sub-command's name: the first argument that is not an option (None without one)."""
    return next((arg for arg in args if not arg.startswith("-")), None)


def run_via_server(path: str, args: list[str]) -> int | None:
    """Run ``zhenggai ARGS`` in the server at ``path``: its exit code, or None if it did not take it.

    Ctrl-C is never an exception here: before the command is sent it means not sending it (exit
    130); once the server says which process runs it, Ctrl-C is passed on to that process, which
    then stops as the command would here. If this process is killed, the server sees the connection
    close and stops the command.
    """
    import signal
    import socket

    if not hasattr(socket, "AF_UNIX") or not hasattr(socket, "send_fds"):
        return None
    try:
        request = _request(args)
    except OSError:  # no working folder: running here reports it
        return None
    fds = [fd for fd in STD_FDS if is_open(fd)]  # before the socket takes the number of a closed one
    control = _Interrupts()
    previous = signal.getsignal(signal.SIGINT)
    if previous is not signal.SIG_IGN:  # started with Ctrl-C ignored: it stays ignored, as it would here
        signal.signal(signal.SIGINT, control.handle)
    connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    replies = connection.makefile("rb")
    try:
        try:
            connection.settimeout(HELLO_SECONDS)
            connection.connect(path)
            if not same_user(connection) or _reply(replies.readline()).get("protocol") != PROTOCOL:
                return None
            if control.interrupted:  # Ctrl-C before the command was sent: it never runs
                return _interrupted()
            data = _frame({**request, "fds": fds})
            sent = socket.send_fds(connection, [data], fds)
            connection.sendall(data[sent:])
            connection.settimeout(None)
            answer = _reply(replies.readline())
        except OSError:  # no server there, or it went away before taking the command
            return None if not control.interrupted else _interrupted()
        pid = answer.get("pid")
        if not isinstance(pid, int):  # refused (another installation, changed files): run here
            return None if not control.interrupted else _interrupted()
        control.forward_to(pid)
        return _wait(replies, pid, path)
    finally:
        if previous is not None:
            signal.signal(signal.SIGINT, previous)
        replies.close()
        connection.close()


class _Interrupts:
    """The client's SIGINT handler: remembers Ctrl-C until the command's process is known, then passes
    each one on to it (a handler that raises nothing: no read is ever cut short)."""

    def __init__(self) -> None:
        self.interrupted = False
        self.pid: int | None = None

    def handle(self, number: int, frame: object) -> None:
        self.interrupted = True
        if self.pid is not None:
            _interrupt(self.pid)

    def forward_to(self, pid: int) -> None:
        self.pid = pid
        if self.interrupted:
            _interrupt(pid)


def _interrupted() -> int:
    print("zhenggai: interrupted", file=sys.stderr)
    return 130


def same_user(connection: socket) -> bool:
    """Whether the peer of a Unix socket runs as this user (Linux tells; elsewhere the socket folder's mode
    guards)."""
    import socket
    import struct

    option = getattr(socket, "SO_PEERCRED", None)
    if option is None:
        return True
    credentials = connection.getsockopt(socket.SOL_SOCKET, option, struct.calcsize("3i"))
    return bool(struct.unpack("3i", credentials)[1] == os.geteuid())


def _request(args: list[str]) -> dict[str, object]:
    """What the server needs to run the command as this process would."""
    umask = os.umask(0o022)
    os.umask(umask)
    return {"protocol": PROTOCOL, "args": args, "cwd": os.getcwd(), "env": dict(os.environ), "umask": umask,
            "installation": installation(),
            "streams": [_stream_settings(stream) for stream in (sys.stdin, sys.stdout, sys.stderr)]}


def installation() -> list[str]:
    """What a server and its clients must share: the interpreter, the environment (a venv's
    libraries) and the copy of the engine."""
    return [os.path.realpath(sys.executable), sys.prefix, os.path.dirname(os.path.realpath(__file__))]


def _stream_settings(stream: object) -> list[str] | None:
    """A standard stream's encoding and error handler (None: the stream is closed)."""
    encoding, errors = getattr(stream, "encoding", None), getattr(stream, "errors", None)
    return [encoding, errors or "strict"] if isinstance(encoding, str) else None


def is_open(fd: int) -> bool:
    """Whether a file descriptor is open."""
    try:
        os.fstat(fd)
    except OSError:
        return False
    return True


def _frame(message: dict[str, object]) -> bytes:
    import json

    data = json.dumps(message).encode("ascii")  # \u escapes keep undecodable arguments (surrogates) intact
    return len(data).to_bytes(4, "big") + data


def _reply(line: bytes) -> dict[str, object]:
    """One line the server sent (a JSON object); an empty dict when it sent nothing or something else."""
    import json

    try:
        value = json.loads(line)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _wait(replies: BinaryIO, pid: int, path: str) -> int:
    """The command's exit code, which the server sends once the process that ran it has ended."""
    try:
        answer = _reply(replies.readline())
    except OSError:
        answer = {}
    status = answer.get("exit")
    if isinstance(status, int):
        return status
    print(f"zhenggai: error: the zhenggai serve process running this command (pid {pid}, {path}) ended "
          "without an exit status", file=sys.stderr)
    return 2


def _interrupt(pid: int) -> None:
    import contextlib
    import signal

    with contextlib.suppress(OSError):  # already ended
        os.kill(pid, signal.SIGINT)


