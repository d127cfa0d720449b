"""The class view in a real headless Chromium, driven over the DevTools protocol.

Skips where the system has no Chromium. Checks what only a browser can: the
page follows the engine within 300 ms, the pacer moves by itself, the page
loads nothing from anywhere but our own address, and another origin's script
or a visitor without the token gets nothing.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from coach.engine import commands as c
from coach.follower import GETTING_READY_MESSAGE
from coach.web.feed import SessionFeed
from coach.web.server import ClassView

from ..drivers import advance_to
from .cdp import Browser, chromium, launch
from .conftest import Instructor, start_hold

pytestmark = pytest.mark.skipif(chromium() is None, reason="needs Chromium (apt install chromium)")

TOKEN = "browser-test-token"


@pytest.fixture
async def server(sessions: Path) -> AsyncIterator[TestServer]:
    view = ClassView(SessionFeed(directory=sessions), TOKEN, echo=lambda line: None)
    server = TestServer(view.app(), host="127.0.0.1", port=0)
    await server.start_server()
    yield server
    await server.close()


@pytest.fixture
async def browser(tmp_path: Path) -> AsyncIterator[Browser]:
    executable = chromium()
    assert executable is not None
    async with launch(executable, tmp_path / "profile") as browser:
        yield browser


async def until(browser: Browser, tab: str, expression: str, want: Any, timeout: float) -> float:
    """Seconds until `expression` evaluates to `want` in the tab (fails after `timeout`)."""
    start = time.monotonic()
    async with asyncio.timeout(timeout):
        while await browser.evaluate(tab, expression) != want:
            await asyncio.sleep(0.005)
    return time.monotonic() - start


async def elsewhere(request: web.Request) -> web.Response:
    return web.Response(text="<p>elsewhere</p>", content_type="text/html")


TITLE = "document.getElementById('title').textContent"
DISC = "getComputedStyle(document.getElementById('pacer-disc')).transform"


async def test_the_page_follows_the_engine_and_animates_from_deadlines(
    server: TestServer, browser: Browser, instructor: Instructor
) -> None:
    base = f"http://127.0.0.1:{server.port}/"
    session = instructor.start()
    session.do(c.Start())
    tab = await browser.tab()
    await browser.send("Page.navigate", {"url": f"{base}?t={TOKEN}"}, tab)
    await until(browser, tab, TITLE, "Settle in", timeout=10)
    assert await browser.evaluate(tab, "location.href") == base  # the token left the URL

    # A step taken in the engine is on the page within 300 ms.
    written = time.monotonic()
    session.do(c.Next())
    await until(browser, tab, TITLE, "Ready?", timeout=2)
    assert time.monotonic() - written <= 0.3

    # A hold waiting for the instructor's "ready" says so and shows no pacer.
    advance_to(session, "hold")
    banner = "document.getElementById('banner').textContent"
    await until(browser, tab, banner, GETTING_READY_MESSAGE, timeout=2)
    assert await browser.evaluate(tab, "document.getElementById('hold').hidden") is True

    # The pacer moves by itself between two reads, with no message in between.
    start_hold(session)
    await until(browser, tab, "document.getElementById('hold').hidden", False, timeout=2)
    first = await browser.evaluate(tab, DISC)
    await until(browser, tab, f"{DISC} !== {first!r}", True, timeout=2)
    assert (await browser.evaluate(tab, "document.getElementById('phase').textContent")) in (
        "Breathe in",
        "Breathe out · press",
    )
    timer = await browser.evaluate(tab, "document.getElementById('timer').textContent")
    assert timer.count(":") == 1

    # Nothing the page asked for left our own address.
    urls = [event["request"]["url"] for event in browser.of(tab, "Network.requestWillBeSent")]
    assert urls and all(url.startswith(base) for url in urls), urls
    assert {f"{base}app.js", f"{base}app.css", f"{base}events"} <= set(urls)

    # No CSP violation, no failed load, no script error on the page.
    problems = [e["entry"] for e in browser.of(tab, "Log.entryAdded")]
    problems += [e for e in browser.of(tab, "Runtime.exceptionThrown")]
    problems += [e for e in browser.of(tab, "Runtime.consoleAPICalled") if e["type"] == "error"]
    assert problems == []

    # The instructor's coach stops: the page says so within 3 s.
    session.close()
    waited = await until(browser, tab, banner, "The instructor's coach stopped", timeout=3)
    assert waited < 3.0


async def test_without_the_token_and_from_another_origin_nothing(
    server: TestServer, browser: Browser, instructor: Instructor
) -> None:
    base = f"http://127.0.0.1:{server.port}/"
    instructor.start().do(c.Start())

    # A stranger (a fresh profile: no cookie) opens the address without the token.
    stranger = (await browser.send("Target.createBrowserContext"))["browserContextId"]
    tab = await browser.tab(stranger)
    await browser.send("Page.navigate", {"url": base}, tab)
    async with asyncio.timeout(10):
        while not browser.of(tab, "Network.responseReceived"):
            await asyncio.sleep(0.01)
    assert browser.of(tab, "Network.responseReceived")[0]["response"]["status"] == 403
    assert "Settle in" not in (await browser.evaluate(tab, "document.body.innerText"))

    # Another page (another port of this machine: the same site, so the cookie
    # goes along) tries to read the stream with the viewer's cookie.
    viewer = await browser.tab()
    await browser.send("Page.navigate", {"url": f"{base}?t={TOKEN}"}, viewer)
    await until(browser, viewer, TITLE, "Settle in", timeout=10)
    other_app = web.Application()
    other_app.router.add_get("/", elsewhere)
    other = TestServer(other_app, host="127.0.0.1", port=0)
    await other.start_server()
    try:
        await browser.send("Page.navigate", {"url": f"http://127.0.0.1:{other.port}/"}, viewer)
        await until(browser, viewer, "document.body.innerText", "elsewhere", timeout=10)
        got = await browser.evaluate(
            viewer,
            f"fetch('{base}events', {{credentials: 'include'}})"
            ".then(r => r.status, e => 'refused')",
        )
        assert got == "refused"
        # The request did go out (CORS only hides the answer); our server refused it.
        elsewhere_url = f"http://127.0.0.1:{other.port}/"
        asked = [
            r["requestId"]
            for r in browser.of(viewer, "Network.requestWillBeSent")
            if r["request"]["url"] == f"{base}events" and r["documentURL"] == elsewhere_url
        ]
        assert len(asked) == 1
        async with asyncio.timeout(5):
            while not (
                answers := [
                    r["statusCode"]
                    for r in browser.of(viewer, "Network.responseReceivedExtraInfo")
                    if r["requestId"] == asked[0]
                ]
            ):
                await asyncio.sleep(0.01)
        assert answers == [403]
        sent = [
            r["headers"]
            for r in browser.of(viewer, "Network.requestWillBeSentExtraInfo")
            if r["requestId"] == asked[0]
        ]
        # It carried the viewer's cookie: only the Origin check stood in its way.
        assert TOKEN in sent[0]["Cookie"] and sent[0]["Origin"] == elsewhere_url.rstrip("/")
    finally:
        await other.close()
