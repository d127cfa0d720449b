"""`coach serve`: the follow view in a browser, for a class on the same machine.

textual-serve runs one ``coach follow`` process per browser tab and streams
it over a websocket. We keep it local and private:

- it listens on 127.0.0.1 only (a class watches a projector or this machine);
- the page is our own template (``serve_templates/app_index.html``): the
  stock one loads a Google Fonts stylesheet, which leaks that a session is
  running and delays the first paint offline. Ours declares the Roboto Mono
  files textual-serve ships as a local ``@font-face``, so the page has no
  external link at all;
- the follow view is read-only and never shows the instructor's notes.

textual-serve is an optional extra; without it the command says how to get it.
"""

from __future__ import annotations

import shlex
import sys
from collections.abc import Callable
from pathlib import Path

from coach.errors import CoachError

HOST = "127.0.0.1"
TEMPLATES = Path(__file__).resolve().parent / "serve_templates"
INSTALL_HINT = 'coach serve needs textual-serve: pip install "coach[serve]"'


def follow_command(session: str | None = None, python: str | None = None) -> str:
    """The shell command textual-serve runs for each browser connection."""
    argv = [python or sys.executable, "-m", "coach", "follow"]
    if session:
        argv.append(session)
    return shlex.join(argv)


def url(port: int) -> str:
    return f"http://{HOST}:{port}/"


def make_server(port: int = 8000, session: str | None = None) -> object:
    """A textual-serve `Server` for the follow view; `CoachError` if it is not installed."""
    try:
        from textual_serve.server import Server
    except ImportError:
        raise CoachError(INSTALL_HINT) from None

    class CoachServer(Server):  # type: ignore[misc]
        """Quieter than the stock server: we print our own one-line address."""

        async def on_startup(self, app: object) -> None:
            return None

        def initialize_logging(self) -> None:
            # No access log: who opened the page is nobody's business here.
            import logging

            logging.basicConfig(level=logging.WARNING, format="coach serve: %(message)s")

    return CoachServer(
        follow_command(session),
        host=HOST,
        port=port,
        title="coach · follow",
        templates_path=TEMPLATES,
    )


def serve(port: int = 8000, session: str | None = None, say: Callable[[str], None] = print) -> int:
    """Serve until Ctrl+C (or SIGTERM); returns the exit code."""
    server = make_server(port, session)
    say(f"coach: serving the follow view on {url(port)} (127.0.0.1 only) — Ctrl+C to stop")
    try:
        server.serve()  # type: ignore[attr-defined]
    except KeyboardInterrupt:
        pass
    except OSError as exc:
        raise CoachError(f"cannot serve on {url(port)}: {exc.strerror or exc}") from None
    say("coach: stopped serving")
    return 0
