"""`coach serve`: start the class view, print its private link, serve until Ctrl+C.

The socket is bound here, before the server starts, so a bad or busy port is
one line for a person (never a traceback), and the printed link carries the
port actually bound (``--port 0`` picks a free one). The link holds the
token; anyone without it gets a bare 403.

By default the server listens on 127.0.0.1 (a projector on this machine).
``--lan`` binds the machine's LAN address instead, says plainly that anyone
with the link can watch, and prints the link as a QR code for phones.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import io
import signal
import socket
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from coach.errors import CoachError
from coach.web import INSTALL_HINT

if TYPE_CHECKING:
    from coach.web.server import ClassView

LOOPBACK = "127.0.0.1"
MAX_VIEWERS_LIMIT = 1000
# A documentation-only address (RFC 5737): connecting a UDP socket to it sends
# nothing, it only asks the OS which local address would be used.
_PROBE = ("192.0.2.1", 9)


class ServeError(CoachError):
    """`coach serve` cannot start; the message says why in one line."""


def check_port(port: int) -> None:
    if not 0 <= port <= 65535:
        raise ServeError(f"--port must be between 0 and 65535 (got {port})")


def lan_address() -> str:
    """This machine's address on its local network (the one its default route uses)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(_PROBE)
            address = str(probe.getsockname()[0])
        except OSError:
            address = ""
    if not address or address.startswith("127.") or address == "0.0.0.0":
        raise ServeError("--lan: this machine has no LAN address (is it on a network?)")
    return address


def bind(host: str, port: int) -> socket.socket:
    """A listening TCP socket on host:port, or `ServeError` in one line."""
    check_port(port)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(128)
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            reason = "the port is already in use (try another --port, or --port 0)"
        elif exc.errno == errno.EACCES:
            reason = "permission denied (ports below 1024 need privileges)"
        else:
            reason = exc.strerror or str(exc)
        raise ServeError(f"cannot serve on {host}:{port}: {reason}") from None
    sock.setblocking(False)
    return sock


def qr_text(url: str) -> str:
    """The link as a QR code drawn with block characters (segno, compact)."""
    import segno

    out = io.StringIO()
    segno.make(url, error="m").terminal(out=out, compact=True)
    return out.getvalue().rstrip("\n")


def serve(
    *,
    port: int,
    lan: bool,
    max_viewers: int,
    session: str | None,
    lesson: str | None,
    sessions_dir: Path | None = None,
    echo: Callable[[str], None] = print,
) -> int:
    """Serve the class view until Ctrl+C or SIGTERM; the exit code.

    Raises `ServeError` (bad port, busy port, no LAN address, missing extra)
    and `JournalError` (no such ``--session``) with a one-line message.
    """
    check_port(port)
    if not 1 <= max_viewers <= MAX_VIEWERS_LIMIT:
        raise ServeError(f"--max-viewers must be between 1 and {MAX_VIEWERS_LIMIT}")
    try:
        import aiohttp  # noqa: F401
        import segno  # noqa: F401
    except ImportError:
        raise ServeError(INSTALL_HINT) from None

    from coach.web.auth import new_token
    from coach.web.feed import SessionFeed, describe
    from coach.web.server import ClassView

    feed = SessionFeed(directory=sessions_dir, session=session, lesson=lesson)
    host = LOOPBACK
    if lan:
        host = lan_address()
        echo(
            f"coach: --lan: the class view will be open to the network at {host}; "
            "everyone with the link (or its QR code) can watch this session."
        )
    sock = bind(host, port)
    bound = sock.getsockname()[1]
    token = new_token()
    link = f"http://{host}:{bound}/?t={token}"
    view = ClassView(feed, token, max_viewers=max_viewers, echo=echo)

    def announce() -> None:
        echo(f"coach: class view of {describe(feed)} at {link}")
        if lan:
            echo(qr_text(link))
        echo(f"coach: up to {max_viewers} viewers; Ctrl+C stops serving")

    try:
        asyncio.run(_run(view, sock, announce))
    except KeyboardInterrupt:
        pass
    finally:
        sock.close()
    echo("coach: stopped serving")
    return 0


async def _run(view: ClassView, sock: socket.socket, announce: Callable[[], None]) -> None:
    """Serve on `sock` until SIGINT or SIGTERM; `announce` once the server is up."""
    from aiohttp import web

    from coach.web.server import SERVER_LIMITS, server_logger

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(signum, stop.set)
    runner = web.AppRunner(
        view.app(),
        access_log=None,
        handle_signals=False,
        logger=server_logger(view.echo),
        **SERVER_LIMITS,
    )
    await runner.setup()
    try:
        site = web.SockSite(runner, sock, shutdown_timeout=1.0)
        await site.start()
        announce()  # only now: the printed link answers at once
        await stop.wait()
    finally:
        view.close()
        await runner.cleanup()
