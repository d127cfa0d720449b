"""The class view's server through aiohttp's test client: privacy, limits, the stream."""

from __future__ import annotations

import asyncio
import json
import re
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp import ClientResponse
from aiohttp.test_utils import TestClient, TestServer

from coach.engine import commands as c
from coach.web.auth import CSP
from coach.web.feed import SessionFeed
from coach.web.server import SERVER_LIMITS, ClassView

from .conftest import Instructor

TOKEN = "test-token-abc"


async def make_client(sessions: Path, **kwargs: Any) -> TestClient:
    view = ClassView(SessionFeed(directory=sessions), TOKEN, poll_seconds=0.01, **kwargs)
    server = TestServer(view.app(), host="127.0.0.1", port=0)
    await server.start_server(**SERVER_LIMITS)  # the parser limits `coach serve` runs with
    client = TestClient(server)
    await client.start_server()
    return client


@pytest.fixture
async def client(sessions: Path) -> AsyncIterator[TestClient]:
    client = await make_client(sessions, echo=lambda line: None)
    yield client
    await client.close()


async def enter(client: TestClient) -> None:
    response = await client.get(f"/?t={TOKEN}", allow_redirects=False)
    assert response.status == 303


async def next_message(response: ClientResponse, timeout: float = 3.0) -> dict[str, Any]:
    """The next `data:` event of a stream (clock events and comments are skipped)."""
    async with asyncio.timeout(timeout):
        while True:
            line = (await response.content.readline()).decode()
            if line.startswith("data: ") and "server_ms" not in line:
                return json.loads(line[len("data: ") :])


def authority(client: TestClient) -> str:
    return f"127.0.0.1:{client.port}"


# ---- the token


@pytest.mark.parametrize(
    "path", ["/", "/events", "/app.js", "/app.css", "/favicon.svg", "/nothing", "/?t=wrong"]
)
async def test_without_the_token_everything_is_refused(client: TestClient, path: str) -> None:
    response = await client.get(path, allow_redirects=False)
    assert response.status == 403
    assert await response.text() == "403\n"  # no details
    assert "Set-Cookie" not in response.headers


async def test_the_token_becomes_a_cookie_and_leaves_the_url(client: TestClient) -> None:
    response = await client.get(f"/?t={TOKEN}", allow_redirects=False)
    assert response.status == 303 and response.headers["Location"] == "/"
    cookie = response.headers["Set-Cookie"]
    assert TOKEN in cookie and "HttpOnly" in cookie and "SameSite=Strict" in cookie
    page = await client.get("/")
    assert page.status == 200 and "<title>coach · class view</title>" in await page.text()
    assert (await client.get("/app.js")).status == 200


async def test_a_wrong_cookie_is_refused(client: TestClient) -> None:
    name = "coach_view_127_0_0_1_" + str(client.port)
    response = await client.get("/", cookies={name: "not-it"})
    assert response.status == 403


async def test_a_link_opened_from_another_site_hops_home_from_our_own_page(
    client: TestClient,
) -> None:
    response = await client.get(
        f"/?t={TOKEN}",
        headers={"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "navigate"},
        allow_redirects=False,
    )
    assert response.status == 200 and 'http-equiv="refresh" content="0;url=/"' in (
        await response.text()
    )
    assert "SameSite=Strict" in response.headers["Set-Cookie"]


async def test_non_ascii_tokens_are_just_wrong(client: TestClient) -> None:
    assert (await client.get("/?t=%C3%A9t%C3%A9")).status == 403


# ---- Host and Origin


@pytest.mark.parametrize(
    "host", ["evil.example", "evil.example:80", "localhost:{port}", "127.0.0.1:1", ""]
)
async def test_a_foreign_host_is_refused_even_with_the_cookie(
    client: TestClient, host: str
) -> None:
    await enter(client)
    headers = {"Host": host.format(port=client.port)}
    for path in ("/", "/events", f"/?t={TOKEN}"):
        assert (await client.get(path, headers=headers, allow_redirects=False)).status == 403


@pytest.mark.parametrize("origin", ["http://evil.example", "null", "http://127.0.0.1:1"])
async def test_a_foreign_origin_is_refused(client: TestClient, origin: str) -> None:
    await enter(client)
    for path in ("/", "/events"):
        assert (await client.get(path, headers={"Origin": origin})).status == 403


@pytest.mark.parametrize("site", ["cross-site", "same-site"])
@pytest.mark.parametrize(
    ("mode", "path", "allowed"),
    [
        ("no-cors", "/events", False),
        ("cors", "/events", False),
        ("no-cors", "/app.js", False),
        ("navigate", "/events", False),
        ("navigate", "/", True),
    ],
)
async def test_from_another_site_only_a_followed_link_to_the_page(
    client: TestClient, site: str, mode: str, path: str, allowed: bool
) -> None:
    await enter(client)  # the cookie goes along: another port of 127.0.0.1 is the same site
    headers = {"Sec-Fetch-Site": site, "Sec-Fetch-Mode": mode}
    response = await client.get(path, headers=headers)
    assert (response.status == 200) is allowed
    response.close()


async def test_our_own_origin_is_fine(client: TestClient) -> None:
    await enter(client)
    response = await client.get("/", headers={"Origin": f"http://{authority(client)}"})
    assert response.status == 200


# ---- methods, headers, limits


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH", "OPTIONS"])
async def test_only_get_and_head(client: TestClient, method: str) -> None:
    assert (await client.request(method, "/")).status == 403  # no token: nothing at all
    await enter(client)
    response = await client.request(method, "/events", data=b"x")
    assert response.status == 405 and response.headers["Allow"] == "GET, HEAD"


async def test_head_answers_without_a_body(client: TestClient) -> None:
    await enter(client)
    for path in ("/", "/events"):
        response = await client.head(path)
        assert response.status == 200 and await response.read() == b""


@pytest.mark.parametrize("path", ["/", "/app.js", "/events", "/nothing"])
async def test_security_headers_on_everything(client: TestClient, path: str) -> None:
    for cookie in (False, True):
        if cookie:
            await enter(client)
        response = await client.get(path)
        assert response.headers["Cache-Control"] == "no-store"
        assert response.headers["Content-Security-Policy"] == CSP
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "no-referrer"
        response.close()
    assert "default-src 'none'" in CSP and "script-src 'self'" in CSP


async def test_the_page_has_no_inline_code_and_no_external_url(client: TestClient) -> None:
    await enter(client)
    html = await (await client.get("/")).text()
    script = await (await client.get("/app.js")).text()
    assert not re.search(r"\son[a-z]+\s*=", html, re.IGNORECASE)  # no inline handlers
    assert "<script>" not in html and "<style" not in html and "style=" not in html
    assert "innerHTML" not in script and "eval(" not in script
    for text in (html, script, await (await client.get("/app.css")).text()):
        assert "https://" not in text and "//fonts" not in text and "@import" not in text


async def test_oversized_requests_are_refused(client: TestClient) -> None:
    await enter(client)
    # Our limits (4 KiB lines and fields, 48 headers), below aiohttp's own 8 KiB.
    response = await client.get("/", headers={"X-Big": "a" * 5000})
    assert response.status in (400, 431)
    response = await client.get("/" + "a" * 5000)
    assert response.status in (400, 414)
    many = {f"X-{i}": "1" for i in range(60)}
    response = await client.get("/", headers=many)
    assert response.status in (400, 431)
    assert (await client.get("/", headers={"X-Fine": "a" * 3000})).status == 200


async def test_the_viewer_cap(sessions: Path) -> None:
    client = await make_client(sessions, max_viewers=2, echo=lambda line: None)
    try:
        await enter(client)
        first = await client.get("/events")
        second = await client.get("/events")
        assert first.status == second.status == 200
        third = await client.get("/events")
        assert third.status == 503
        first.close()
        async with asyncio.timeout(3):
            while (again := await client.get("/events")).status != 200:
                await asyncio.sleep(0.01)  # the server notices the closed connection
        again.close()
        second.close()
    finally:
        await client.close()


# ---- the stream


async def test_the_stream_sends_each_change(
    client: TestClient, sessions: Path, instructor: Instructor
) -> None:
    session = instructor.start()
    await enter(client)
    stream = await client.get("/events")
    assert stream.headers["Content-Type"].startswith("text/event-stream")
    shot = await next_message(stream)
    while shot["state"] != "live":  # the feed may not have found it on its first poll
        shot = await next_message(stream)
    assert shot["status"] == "idle"
    written = time.monotonic()
    session.do(c.Start())
    shot = await next_message(stream)
    assert shot["status"] == "running" and shot["step"]["title"] == "Settle in"
    assert time.monotonic() - written < 1.0
    session.do(c.Next())
    assert (await next_message(stream))["step"]["title"] == "Ready?"
    stream.close()


async def test_the_stream_starts_with_the_server_clock(client: TestClient) -> None:
    await enter(client)
    stream = await client.get("/events")
    async with asyncio.timeout(3):
        while not (line := (await stream.content.readline()).decode()).startswith("data: "):
            pass
    assert abs(json.loads(line[6:])["server_ms"] - time.time() * 1000) < 5000
    stream.close()


async def test_the_ghost_message_and_moving_on(
    client: TestClient, sessions: Path, instructor: Instructor
) -> None:
    first = instructor.start()
    first.do(c.Start())
    await enter(client)
    stream = await client.get("/events")
    shot = await next_message(stream)
    while shot.get("status") != "running":
        shot = await next_message(stream)
    gone = time.monotonic()
    first.close()  # the instructor's coach quits
    shot = await next_message(stream, timeout=3.0)
    assert shot["state"] == "stopped" and shot["message"] == "The instructor's coach stopped"
    assert time.monotonic() - gone < 3.0
    second = instructor.start("guided")
    second.do(c.Start())
    shot = await next_message(stream, timeout=5.0)
    while shot["state"] != "live" or shot["status"] != "running":
        shot = await next_message(stream, timeout=5.0)
    assert shot["lesson"] == second.lesson.title
    stream.close()
