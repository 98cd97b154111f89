"""``zhenggai serve``: keep a warm process that runs ``zhenggai`` commands (see ``engine.server``)."""

from __future__ import annotations

import os
import socket

import click

from engine.errors import ConfigError
from engine.launch import SERVER_ENV


@click.command("serve")
@click.option("--socket", "socket_path", type=click.Path(dir_okay=False), default=None, metavar="PATH",
              help=f"The Unix socket to listen on (default: ${SERVER_ENV}, else $XDG_RUNTIME_DIR/zhenggai/serve.sock, "
                   "else zhenggai-<uid>/serve.sock in the temp folder).")
@click.option("--rules", "extra", multiple=True, type=click.Path(),
              help="Also load and compile this rule pack at start (the core pack always is).")
def serve(socket_path: str | None, extra: tuple[str, ...]) -> None:
    """Run zhenggai commands from a warm process, for reviewers and editors that check one notice at a time.

    With ZHENGGAI_SERVER set to the socket, every zhenggai command (but serve) is run by this
    server: the same output, exit code and files, without the start-up time. It stops on Ctrl-C,
    SIGTERM or SIGHUP (commands still running finish first; a second signal stops them), and
    starts itself anew when the engine's files change.

    \b
    Examples:
      zhenggai serve &
      export ZHENGGAI_SERVER=$XDG_RUNTIME_DIR/zhenggai/serve.sock
      zhenggai check draft.txt
    """
    from pathlib import Path

    from engine import server

    if not hasattr(socket, "AF_UNIX") or not hasattr(socket, "send_fds") or not hasattr(os, "fork"):
        raise ConfigError("zhenggai serve needs Unix sockets and fork (Linux, macOS)")
    path = Path(socket_path) if socket_path else server.default_socket()
    instance = server.Server(path, extra)
    instance.listen()  # socket errors first; a client that comes during the warm-up waits for it
    try:
        seconds = instance.warm_up()
    except BaseException:
        instance.close()
        instance.restore_signals()
        raise
    instance.log(f"listening on {path} (warm in {seconds:.1f} s); zhenggai uses it with {SERVER_ENV}={path}")
    instance.serve()
    instance.log("stopped")
    instance.restore_signals()
