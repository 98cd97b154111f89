"""``zhenggai serve``: one warm process that runs ``zhenggai`` commands for the program's entry point.

The server imports the engine, loads and compiles the rule packs it is given (the core pack at
least), and checks a small built-in notice so that every lazily built pattern and table exists.
Then it listens on a Unix socket. For each command ``engine.launch`` sends (arguments, working
folder, environment, umask and the client's stdin, stdout and stderr descriptors), it forks a copy
of itself, which takes on all of those and runs the command exactly as ``zhenggai`` would run it
in a fresh process. Each command has its own process, so commands run side by side, and a crash
or a runaway notice touches one command only (and inside it, its notice only, as always).

What the server refuses (the client then runs the command itself): a peer of another user, a
client of another installation (another interpreter, venv or copy of the engine), a malformed
request. When a file it imported or a bundled vocabulary has changed since it started, it refuses
the command and starts itself anew (``exec``), so it never answers with outdated code. Rule files
are read for each command; compiled rules are reused while a file's text is the same.
"""

from __future__ import annotations

import contextlib
import fcntl
import gc
import io
import json
import os
import select
import shlex
import signal
import socket
import stat
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

from engine.errors import ConfigError
from engine.launch import HELLO_SECONDS, PROTOCOL, SERVER_ENV, STD_FDS, installation, is_open, same_user

MAX_REQUEST_BYTES = 4 << 20  # a command line and an environment; anything larger is refused
MAX_SOCKET_PATH = 108 if sys.platform.startswith("linux") else 104  # sun_path, with its final NUL
POLL_SECONDS = 0.2  # how often the loop looks at finished commands and stop signals
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)

# A small notice in the shapes the extractors read (statuses, deadlines, amounts, counts, a
# sanction, a contact line): checking it once builds what the parser and the checks build lazily.
WARM_UP_NOTICE = """中共某县委关于巡察整改情况的通报
根据县委统一部署,2024年3月1日至4月30日,县委第一巡察组对某局开展了常规巡察。5月10日,巡察组反馈了巡察意见。

一、关于落实全面从严治党责任方面
1.对上级决策部署落实不到位的问题。
整改情况:已完成。一是制定整改方案,明确整改措施12条;二是追回违规发放补贴资金3.5万元,清退多收费用2000元。
2.“三重一大”制度执行不严格的问题。
整改情况:持续整改中。修订议事规则,计划于2025年6月底前完成。给予党内警告处分1人,诫勉谈话2人。
二、关于整改成效
巡察反馈的2个问题,已完成1个,整改完成率50%。
欢迎广大干部群众监督。联系电话:0000-1234567;电子邮箱:xuncha@example.com。
"""


class Log:
    """One line per event on the server's stderr (its own, not a client's)."""

    def __init__(self) -> None:
        self.fd = os.dup(2) if is_open(2) else None

    def __call__(self, line: str) -> None:
        if self.fd is None:
            return
        with contextlib.suppress(OSError):
            os.write(self.fd, f"zhenggai serve: {line}\n".encode("utf-8", "backslashreplace"))


def default_socket() -> Path:
    """``$ZHENGGAI_SERVER``, else ``$XDG_RUNTIME_DIR/zhenggai/serve.sock``, else one in the temp folder."""
    named = os.environ.get(SERVER_ENV)
    if named:
        return Path(named)
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if runtime and Path(runtime).is_dir():
        return Path(runtime) / "zhenggai" / "serve.sock"
    return Path(tempfile.gettempdir()) / f"zhenggai-{os.geteuid()}" / "serve.sock"


@dataclass
class Request:
    """One command, as the client sent it; ``fds`` are the received descriptors, by standard number."""

    args: list[str]
    cwd: str
    env: dict[str, str]
    umask: int
    streams: list[list[str] | None]
    fds: dict[int, int]
    installation: list[str]


@dataclass
class Running:
    """A command's process: what it runs, since when, and the server's end of its client's connection
    (watched: a client that goes away takes its command with it)."""

    command: str
    started: float
    connection: socket.socket
    gone: bool = False  # the client closed its end before the command ended


class BadRequest(Exception):
    """What a client sent cannot be a request."""


class Server:
    """The listening socket, the warm state, and the commands running in forked processes."""

    def __init__(self, path: Path, extra_packs: Sequence[str] = (), log: Callable[[str], None] | None = None) -> None:
        self.path = path
        self.extra_packs = list(extra_packs)
        self.log = log or Log()
        self.listener: socket.socket | None = None
        self.inode = 0  # the socket file's, once bound
        self.running: dict[int, Running] = {}  # the commands' processes, by pid
        self.watched: dict[str, tuple[int, int]] = {}
        self.stopping = 0  # stop signals received
        self.restart = False
        self.wakeup: tuple[int, int] = (-1, -1)
        self.previous_handlers: dict[int, signal._HANDLER] = {}

    # -- start ---------------------------------------------------------------------------------
    def warm_up(self) -> float:
        """Import, load and build everything a command needs; the seconds it took."""
        started = time.perf_counter()
        from engine.cli import check_cmd
        from engine.evaluation import batch
        from engine.evaluation.runner import build_pack
        from engine.inputs import NoticeInput
        from engine.reports import outputs  # noqa: F401  (every output format)
        from engine.rule_language import loader
        from engine.rule_language.config import Config, load_packs

        loader.remember_rule_files()
        config = Config()
        pack = build_pack(load_packs(config, self.extra_packs), config)
        batch._warm(html=False)
        for lang in ("zh", "en"):
            outcome = batch.check_one(NoticeInput("warm-up.txt", WARM_UP_NOTICE.encode("utf-8")), pack, config,
                                      "durable")
            check_cmd.text_digest(outcome, lang=lang, quiet=False, color=False, fail_on="error")
        gc.collect()
        gc.freeze()  # forked commands leave these pages shared
        self.watched = _stat_all(_watched_files())
        return time.perf_counter() - started

    def listen(self) -> None:
        """Bind the socket (only this user may use it); a stale socket file is replaced."""
        _prepare_path(self.path)
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            listener.bind(str(self.path))
        except OSError as exc:
            listener.close()
            raise ConfigError(f"cannot listen here: {exc.strerror or exc}", path=str(self.path)) from None
        os.chmod(self.path, 0o600)
        self.inode = os.lstat(self.path).st_ino
        listener.listen(64)
        listener.set_inheritable(False)
        self.listener = listener
        # from now on a stop signal stops the server cleanly (also during the warm-up)
        self.previous_handlers = {number: signal.signal(number, self._stop) for number in STOP_SIGNALS}

    # -- the loop ------------------------------------------------------------------------------
    def serve(self) -> None:
        """Take commands until a stop signal (Ctrl-C, SIGTERM, SIGHUP), or until a restart is due.

        Either way the socket goes first (new clients run their commands themselves) and the commands
        still running are waited for, since the server reports their exit statuses; a second stop
        signal stops them (SIGTERM to each command's process group).
        """
        assert self.listener is not None
        previous = {signal.SIGCHLD: signal.signal(signal.SIGCHLD, _ignore)}
        self.wakeup = os.pipe2(os.O_NONBLOCK | os.O_CLOEXEC)  # a signal (a command ended, stop) wakes select
        previous_wakeup = signal.set_wakeup_fd(self.wakeup[1], warn_on_full_buffer=False)
        try:
            while not self.stopping and not self.restart:
                self._wait_for_events(self.listener.fileno())
            self.close()
            while self.running:
                if self.stopping > 1:
                    for pid in self.running:
                        with contextlib.suppress(OSError):
                            os.killpg(pid, signal.SIGTERM)
                self._wait_for_events(None)
        finally:
            signal.set_wakeup_fd(previous_wakeup)
            for number, handler in previous.items():
                signal.signal(number, handler)
            for fd in self.wakeup:
                os.close(fd)
            self.close()
        if self.restart:
            self._exec_again()

    def _wait_for_events(self, listener: int | None) -> None:
        """One turn of the loop: notice clients gone, take a new command, report ended commands."""
        clients = {entry.connection.fileno(): pid for pid, entry in self.running.items() if not entry.gone}
        watched = [self.wakeup[0], *clients] + ([listener] if listener is not None else [])
        ready, _, _ = select.select(watched, [], [], POLL_SECONDS)
        if self.wakeup[0] in ready:
            with contextlib.suppress(OSError):
                os.read(self.wakeup[0], 4096)
        for fd in ready:
            if fd in clients:
                self._client_gone(clients[fd])
        if listener is not None and listener in ready:
            self._accept()
        self._reap()

    def _stop(self, number: int, frame: object) -> None:
        self.stopping += 1

    def close(self) -> None:
        """Stop listening and remove the socket file (if it is still this server's)."""
        if self.listener is None:
            return
        with contextlib.suppress(OSError):
            info = os.lstat(self.path)
            if stat.S_ISSOCK(info.st_mode) and info.st_ino == self.inode:  # not a later server's
                os.unlink(self.path)
        self.listener.close()
        self.listener = None

    def restore_signals(self) -> None:
        """The stop signals' handlers as they were before ``listen`` (once the server is done)."""
        for number, handler in self.previous_handlers.items():
            signal.signal(number, handler)
        self.previous_handlers = {}

    def _exec_again(self) -> NoReturn:
        self.log("restarting: files changed since start")
        sys.stdout.flush()
        sys.stderr.flush()
        os.execv(sys.executable, list(sys.orig_argv))

    def _reap(self) -> None:
        """Collect ended commands (also those of the server before a restart, which this one never knew)."""
        while True:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            entry = self.running.pop(pid, None)
            code = os.waitstatus_to_exitcode(status)
            if code < 0:  # killed: its workers (same process group) go too
                with contextlib.suppress(OSError):
                    os.killpg(pid, signal.SIGKILL)
            if entry is None:
                continue
            if code >= 0 and not entry.gone:  # the command's status; a killed one has none to give
                with contextlib.suppress(OSError):
                    entry.connection.settimeout(HELLO_SECONDS)
                    entry.connection.sendall(_line({"exit": code}))
            entry.connection.close()
            ended = f"exit {code}" if code >= 0 else f"killed by signal {-code}"
            self.log(f"{entry.command} -> {ended} ({(time.monotonic() - entry.started) * 1000:.0f} ms)")

    def _client_gone(self, pid: int) -> None:
        """A running command's client closed its connection (killed, or ended without waiting): stop the
        command and its workers, as they would have stopped with the client had it run there."""
        entry = self.running[pid]
        try:
            data = entry.connection.recv(1, socket.MSG_DONTWAIT)
        except BlockingIOError:
            return
        except OSError:
            data = b""
        if data:
            return  # a client never sends more; ignore it rather than stop the command
        entry.gone = True
        with contextlib.suppress(OSError):
            os.killpg(pid, signal.SIGTERM)
        self.log(f"{entry.command}: the client went away; stopped it")

    def _accept(self) -> None:
        assert self.listener is not None
        try:
            connection, _ = self.listener.accept()
        except OSError:
            return
        request: Request | None = None
        keep = False
        try:
            connection.settimeout(HELLO_SECONDS)
            if not same_user(connection):
                self.log("refused a connection from another user")
                return
            stale = self._stale()  # before the request is read: a newer client's request may not parse here
            if stale:
                self.log(f"refused a command: {stale}")
                connection.sendall(_line({"refused": stale}))
                return
            connection.sendall(_line({"protocol": PROTOCOL}))
            request = _receive(connection, time.monotonic() + HELLO_SECONDS)
            if request.installation != installation():
                self.log(f"refused {_describe(request.args)}: another installation of zhenggai")
                connection.sendall(_line({"refused": "another installation of zhenggai"}))
                return
            started = time.monotonic()
            pid = os.fork()
            if pid == 0:
                self._child(connection, request)
            self.running[pid] = Running(_describe(request.args), started, connection)
            keep = True
        except BadRequest as exc:
            self.log(f"refused a request: {exc}")
            with contextlib.suppress(OSError):
                connection.sendall(_line({"refused": str(exc)}))
        except OSError as exc:  # the client went away
            self.log(f"lost a client: {exc.strerror or exc}")
        except Exception as exc:  # whatever a client sends, the server goes on
            self.log(f"refused a request: {type(exc).__name__}: {exc}")
        finally:
            if request is not None:
                for fd in request.fds.values():
                    with contextlib.suppress(OSError):
                        os.close(fd)
            if not keep:
                connection.close()

    def _stale(self) -> str | None:
        """Why this server's code is outdated (a watched file changed), which makes it restart; else None."""
        changed = _first_change(self.watched)
        if changed is None:
            return None
        self.restart = True
        return f"{changed} changed since the server started"

    # -- one command ---------------------------------------------------------------------------
    def _child(self, connection: socket.socket, request: Request) -> NoReturn:
        """Become the process that runs the request's command; ends the process."""
        status = 2
        try:
            try:
                if self.listener is not None:
                    self.listener.close()
                for entry in self.running.values():  # other clients' connections are theirs alone
                    entry.connection.close()
                if isinstance(self.log, Log) and self.log.fd is not None:
                    os.close(self.log.fd)
                signal.set_wakeup_fd(-1)
                for fd in self.wakeup:
                    os.close(fd)
                signal.signal(signal.SIGCHLD, signal.SIG_DFL)
                # A session of its own: no controlling terminal (reading or writing the client's terminal
                # never stops it, Ctrl-C at the server's terminal does not reach it), and a process group
                # the server can stop as a whole when the client goes away.
                os.setsid()
                signal.signal(signal.SIGINT, signal.default_int_handler)
                for number in (signal.SIGTERM, signal.SIGHUP):
                    signal.signal(number, signal.SIG_DFL)
                _adopt(request)
            except Exception as exc:  # e.g. the working folder is gone: the client runs the command itself
                connection.sendall(_line({"refused": f"cannot take on the command's context: {exc}"}))
                os._exit(2)
            connection.settimeout(None)
            connection.sendall(_line({"pid": os.getpid()}))
            connection.close()  # the server reports the exit status once this process has ended
            status = _run_command(request.args)
        except BaseException:  # the exit status says it failed
            pass
        finally:
            os._exit(status)


def _ignore(number: int, frame: object) -> None:
    """SIGCHLD: only to wake the loop (through the wakeup descriptor)."""


def _run_command(args: list[str]) -> int:
    """Run ``zhenggai ARGS`` in this process as the program would; its exit status."""
    from engine.cli import _run
    from engine.cli.process import finish

    try:
        _run(args)
    except SystemExit as exc:
        return finish(exc.code)
    return finish(0)  # pragma: no cover - _run always ends with SystemExit


def _adopt(request: Request) -> None:
    """Take on the client's descriptors, folder, umask, environment and standard streams."""
    moved = {target: fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10) for target, fd in request.fds.items()}
    for fd in request.fds.values():
        os.close(fd)
    for target in STD_FDS:
        if target in moved:
            os.dup2(moved[target], target)
            os.close(moved[target])
        else:
            with contextlib.suppress(OSError):
                os.close(target)  # closed at the client: closed here too
    os.chdir(request.cwd)
    os.umask(request.umask)
    os.environ.clear()
    os.environ.update(request.env)
    time.tzset()
    streams = [_std_stream(fd, settings if fd in moved else None) for fd, settings in zip(STD_FDS, request.streams,
                                                                                         strict=True)]
    for name, stream in zip(("stdin", "stdout", "stderr"), streams, strict=True):
        setattr(sys, name, stream)  # None where the client had it closed, as Python sets it then
        setattr(sys, f"__{name}__", stream)
    sys.argv = ["zhenggai", *request.args]


def _std_stream(fd: int, settings: list[str] | None) -> io.TextIOWrapper | None:
    """A standard stream on ``fd`` as Python makes it at start-up (POSIX): buffered, ``\\n`` newlines,
    line-buffered when a terminal (stderr always); None when the client had it closed."""
    if settings is None:
        return None
    encoding, errors = settings
    writing = fd != 0
    raw = io.FileIO(fd, "w" if writing else "r", closefd=False)
    buffered: io.BufferedWriter | io.BufferedReader = io.BufferedWriter(raw) if writing else io.BufferedReader(raw)
    return io.TextIOWrapper(buffered, encoding=encoding, errors=errors, newline="\n",
                            line_buffering=writing and (raw.isatty() or fd == 2))


# -- the socket ------------------------------------------------------------------------------------
def _prepare_path(path: Path) -> None:
    """Make the socket's folder (this user's only) and clear a stale socket; refuse anything else."""
    if len(os.fsencode(path)) >= MAX_SOCKET_PATH:
        raise ConfigError(f"a socket path must be shorter than {MAX_SOCKET_PATH} bytes", path=str(path),
                          hint="choose a shorter one with --socket")
    folder = path.parent
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = folder.stat()
    except OSError as exc:
        raise ConfigError(f"cannot make the socket's folder: {exc.strerror or exc}", path=str(folder)) from None
    if info.st_uid != os.geteuid() or info.st_mode & 0o022:  # nobody else may replace the socket
        raise ConfigError("the socket's folder must belong to this user, and no one else may write to it",
                          path=str(folder), hint="choose another place with --socket")
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return
    if not stat.S_ISSOCK(mode):
        raise ConfigError("exists and is not a socket", path=str(path), hint="choose another place with --socket")
    probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        probe.settimeout(1.0)
        probe.connect(str(path))
    except OSError:
        os.unlink(path)  # nobody listens: left behind by a server that was killed
        return
    finally:
        probe.close()
    raise ConfigError("a zhenggai serve already listens on this socket", path=str(path))


def _receive(connection: socket.socket, deadline: float) -> Request:
    """The request: a 4-byte length, then that much JSON; the descriptors come with the first bytes.
    All of it must arrive before ``deadline`` (``time.monotonic``): a slow client cannot hold the server."""
    data, fds, _, _ = socket.recv_fds(connection, 1 << 16, len(STD_FDS))
    try:
        while len(data) < 4 or len(data) < 4 + int.from_bytes(data[:4], "big"):
            if len(data) >= 4 and int.from_bytes(data[:4], "big") > MAX_REQUEST_BYTES:
                raise BadRequest("the request is too large")
            left = deadline - time.monotonic()
            if left <= 0:
                raise BadRequest("the request took too long to arrive")
            connection.settimeout(left)
            try:
                more = connection.recv(1 << 16)
            except TimeoutError:
                raise BadRequest("the request took too long to arrive") from None
            if not more:
                raise BadRequest("the request ended early")
            data += more
        return _request(json.loads(data[4:4 + int.from_bytes(data[:4], "big")]), fds)
    except BaseException as exc:  # the descriptors are closed whatever went wrong
        for fd in fds:
            with contextlib.suppress(OSError):
                os.close(fd)
        if isinstance(exc, ValueError | TypeError | KeyError | RecursionError):  # JSON, or not a request's
            raise BadRequest("malformed request") from None
        raise


def _request(message: object, fds: list[int]) -> Request:
    """A checked Request; raises BadRequest for anything that is not one."""
    if not isinstance(message, dict) or message.get("protocol") != PROTOCOL:
        raise BadRequest("not a zhenggai request of this version")
    args, cwd, env, umask = message["args"], message["cwd"], message["env"], message["umask"]
    streams, numbers = message["streams"], message["fds"]
    installed = message["installation"]
    if not (isinstance(args, list) and all(isinstance(arg, str) for arg in args)
            and isinstance(cwd, str) and isinstance(env, dict)
            and all(isinstance(key, str) and isinstance(value, str) for key, value in env.items())
            and isinstance(umask, int) and 0 <= umask <= 0o777
            and isinstance(streams, list) and len(streams) == len(STD_FDS)
            and all(item is None or (isinstance(item, list) and len(item) == 2 and all(isinstance(part, str)
                                                                                   for part in item))
                    for item in streams)
            and isinstance(numbers, list) and len(numbers) == len(fds) and len(set(numbers)) == len(numbers)
            and all(number in STD_FDS for number in numbers)
            and isinstance(installed, list) and all(isinstance(part, str) for part in installed)):
        raise BadRequest("malformed request")
    return Request(args, cwd, env, umask, streams, dict(zip(numbers, fds, strict=True)), installed)


def _line(message: dict[str, object]) -> bytes:
    return json.dumps(message).encode("ascii") + b"\n"


def _describe(args: list[str]) -> str:
    return "zhenggai " + shlex.join(args)


# -- staleness -------------------------------------------------------------------------------------
def _watched_files() -> list[str]:
    """Every file the server has imported code from, and the bundled vocabularies."""
    from engine.vocabulary import DEFAULT_VOCAB_DIR

    files = {getattr(module, "__file__", None) for module in list(sys.modules.values())}
    named = {file for file in files if isinstance(file, str) and os.path.isfile(file)}
    named.update(str(path) for path in Path(DEFAULT_VOCAB_DIR).glob("*.yaml"))
    return sorted(named)


def _stat_all(files: Sequence[str]) -> dict[str, tuple[int, int]]:
    result = {}
    for file in files:
        with contextlib.suppress(OSError):
            info = os.stat(file)
            result[file] = (info.st_mtime_ns, info.st_size)
    return result


def _first_change(watched: dict[str, tuple[int, int]]) -> str | None:
    """The first watched file that changed or went away since start (None: none did)."""
    for file, known in watched.items():
        try:
            info = os.stat(file)
        except OSError:
            return file
        if (info.st_mtime_ns, info.st_size) != known:
            return file
    return None
