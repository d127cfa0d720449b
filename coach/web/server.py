"""The class view's web application: one page and one event stream for everyone.

One process serves every viewer: a single task polls the `SessionFeed` and,
when the snapshot changes, puts the encoded message in the `Hub`; each viewer
is one server-sent-event connection that waits on the hub and writes the
newest message (a slow viewer skips to the newest, it never queues). So an
extra viewer costs a connection and a few kilobytes, not a process.

Nothing a browser sends can change the session: the only routes are GETs of
the page, its script and style (package data, read once), and the stream.
Request lines, headers and bodies are capped by the server's parser limits.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from collections.abc import AsyncIterator, Callable
from importlib import resources
from typing import Any

from aiohttp import web
from aiohttp.http_exceptions import HttpProcessingError

from coach.text import one_line
from coach.web.auth import add_security_headers, guard, refuse
from coach.web.feed import SessionFeed
from coach.web.snapshot import UNAVAILABLE_MESSAGE, banner

POLL_SECONDS = 0.05  # how often the journal is looked at (a stat when nothing changed)
HEARTBEAT_SECONDS = 15.0  # a comment line keeps idle connections honest
WRITE_TIMEOUT = 10.0  # a viewer that takes longer to accept a message is dropped
MAX_MESSAGE = 256 * 1024  # a snapshot larger than this is not sent
DEFAULT_MAX_VIEWERS = 60

# Parser limits for requests (we read no bodies at all).
SERVER_LIMITS: dict[str, Any] = {
    "max_line_size": 4096,
    "max_field_size": 4096,
    "max_headers": 48,
    "keepalive_timeout": 30.0,
}


class _OneLine(logging.Handler):
    """Server errors as one line for the console, never a traceback; a malformed
    request (the parser refused it with a 400) is the sender's problem, not news."""

    def __init__(self, echo: Callable[[str], None]) -> None:
        super().__init__(logging.ERROR)
        self.echo = echo

    def emit(self, record: logging.LogRecord) -> None:
        problem = record.exc_info[1] if record.exc_info else None
        if isinstance(problem, HttpProcessingError):
            return
        text = record.getMessage()
        if problem is not None:
            text += f": {type(problem).__name__}: {problem}"
        self.echo(one_line(f"coach serve: {text}"))


def server_logger(echo: Callable[[str], None]) -> logging.Logger:
    """The logger the HTTP server reports to (instead of aiohttp's, which prints tracebacks)."""
    logger = logging.getLogger("coach.web.server")
    logger.handlers[:] = [_OneLine(echo)]
    logger.propagate = False
    logger.setLevel(logging.ERROR)
    return logger


STATIC = {
    "/": ("index.html", "text/html"),
    "/app.js": ("app.js", "text/javascript"),
    "/app.css": ("app.css", "text/css"),
    "/favicon.svg": ("favicon.svg", "image/svg+xml"),
}


def _clock_event(wall: Callable[[], float]) -> bytes:
    data = json.dumps({"server_ms": round(wall() * 1000)})
    return b"event: clock\ndata: " + data.encode() + b"\n\n"


def encode(shot: dict[str, Any]) -> bytes:
    """One server-sent event carrying `shot` (JSON has no raw newlines)."""
    data = json.dumps(shot, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    if len(data) > MAX_MESSAGE:
        data = json.dumps(banner("unavailable", UNAVAILABLE_MESSAGE))
    return b"data: " + data.encode("utf-8") + b"\n\n"


class Hub:
    """The newest message and who is listening; viewers wait for the next version."""

    def __init__(self, max_viewers: int) -> None:
        self.max_viewers = max_viewers
        self.viewers = 0
        self.message = encode(banner("waiting", "Connecting to the instructor's coach"))
        self.version = 0
        self.closed = False
        self._changed = asyncio.Event()

    def publish(self, shot: dict[str, Any]) -> None:
        self.message = encode(shot)
        self.version += 1
        changed, self._changed = self._changed, asyncio.Event()
        changed.set()

    def close(self) -> None:
        self.closed = True
        self._changed.set()

    async def wait(self, timeout: float) -> bool:
        """True when a new version (or the end) came within `timeout` seconds."""
        changed = self._changed
        try:
            await asyncio.wait_for(changed.wait(), timeout)
        except TimeoutError:
            return False
        return True


class ClassView:
    """The pieces of one server: the feed, the hub, the page, the token."""

    def __init__(
        self,
        feed: SessionFeed,
        token: str,
        *,
        max_viewers: int = DEFAULT_MAX_VIEWERS,
        echo: Callable[[str], None] = print,
        poll_seconds: float = POLL_SECONDS,
        heartbeat_seconds: float = HEARTBEAT_SECONDS,
        wall: Callable[[], float] = time.time,
    ) -> None:
        self.feed = feed
        self.token = token
        self.max_viewers = max_viewers
        self.echo = echo
        self.poll_seconds = poll_seconds
        self.heartbeat_seconds = heartbeat_seconds
        self.wall = wall
        self.hub: Hub | None = None
        self._pages = {
            route: (resources.files("coach.web").joinpath("static", name).read_bytes(), kind)
            for route, (name, kind) in STATIC.items()
        }
        self._told = 0

    def app(self) -> web.Application:
        app = web.Application(middlewares=[guard(self.token)], client_max_size=1024)
        app.on_response_prepare.append(add_security_headers)
        for route in self._pages:
            app.router.add_get(route, self.page)
        app.router.add_get("/events", self.events)
        app.cleanup_ctx.append(self._follow)
        app.on_shutdown.append(self._shutdown)
        return app

    # ---- the feed task

    async def _follow(self, app: web.Application) -> AsyncIterator[None]:
        self.hub = Hub(self.max_viewers)
        task = asyncio.create_task(self._poll_forever())
        yield
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        self.feed.close()

    async def _shutdown(self, app: web.Application) -> None:
        self.close()

    def close(self) -> None:
        """End every viewer's stream now (before the server waits for open requests)."""
        if self.hub is not None:
            self.hub.close()

    def poll_once(self) -> bool:
        """Look at the journal once; True if a new snapshot was published."""
        assert self.hub is not None
        shot = self.feed.poll()
        for problem in self.feed.problems[self._told :]:
            self.echo(one_line(f"coach serve: {problem}"))
        self._told = len(self.feed.problems)
        if shot is None:
            return False
        self.hub.publish(shot)
        return True

    async def _poll_forever(self) -> None:
        said = ""
        while True:
            try:
                self.poll_once()
            except Exception as exc:  # a bug must not freeze every viewer: say it, go on
                line = one_line(f"coach serve: cannot follow the session: {exc!r}")
                if line != said:
                    self.echo(line)
                    said = line
            await asyncio.sleep(self.poll_seconds)

    # ---- routes

    async def page(self, request: web.Request) -> web.Response:
        body, kind = self._pages[request.path]
        return web.Response(body=body, content_type=kind, charset="utf-8")

    async def events(self, request: web.Request) -> web.StreamResponse:
        hub = self.hub
        if hub is None or hub.closed:
            return refuse(503)
        if hub.viewers >= hub.max_viewers:
            return refuse(503)
        headers = {"Content-Type": "text/event-stream; charset=utf-8", "X-Accel-Buffering": "no"}
        if request.method == "HEAD":
            return web.Response(headers=headers)
        hub.viewers += 1
        try:
            response = web.StreamResponse(headers=headers)
            await response.prepare(request)
            await self._send(response, b"retry: 2000\n" + _clock_event(self.wall))
            seen = -1
            while not hub.closed:
                if hub.version != seen:
                    seen = hub.version
                    await self._send(response, hub.message)
                    continue
                if not await hub.wait(self.heartbeat_seconds):
                    await self._send(response, _clock_event(self.wall))
        except (ConnectionError, TimeoutError):
            pass
        finally:
            hub.viewers -= 1
        return response

    @staticmethod
    async def _send(response: web.StreamResponse, data: bytes) -> None:
        await asyncio.wait_for(response.write(data), WRITE_TIMEOUT)
