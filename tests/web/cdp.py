"""A minimal Chrome DevTools Protocol client over aiohttp's websocket, for the browser test.

Starts the system's Chromium headless on a throwaway profile with every
background service off, so the only requests it makes are the page's own.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
import shutil
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--metrics-recording-only",
    "--no-pings",
    "--remote-debugging-port=0",
)
LISTENING = re.compile(r"DevTools listening on (ws://\S+)")


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


class Browser:
    """One DevTools connection; `send` waits for the answer, `events` keeps what came."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.ws = ws
        self.events: list[dict[str, Any]] = []
        self._next = 0
        self._waiting: dict[int, asyncio.Future[dict[str, Any]]] = {}
        self._reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        async for message in self.ws:
            data = json.loads(message.data)
            future = self._waiting.pop(data.get("id", -1), None)
            if future is not None and not future.done():
                future.set_result(data)
            elif "method" in data:
                self.events.append(data)

    async def send(
        self, method: str, params: dict[str, Any] | None = None, session: str | None = None
    ) -> dict[str, Any]:
        self._next += 1
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._waiting[self._next] = future
        message: dict[str, Any] = {"id": self._next, "method": method, "params": params or {}}
        if session is not None:
            message["sessionId"] = session
        await self.ws.send_str(json.dumps(message))
        async with asyncio.timeout(10):
            answer = await future
        if "error" in answer:
            raise RuntimeError(f"{method}: {answer['error']}")
        return answer.get("result", {})

    async def tab(self, context: str | None = None) -> str:
        """A new blank tab (in `context`, if given), attached; its session id."""
        params: dict[str, Any] = {"url": "about:blank"}
        if context is not None:
            params["browserContextId"] = context
        target = (await self.send("Target.createTarget", params))["targetId"]
        attached = await self.send("Target.attachToTarget", {"targetId": target, "flatten": True})
        session = attached["sessionId"]
        for domain in ("Network", "Page", "Runtime", "Log"):
            await self.send(f"{domain}.enable", session=session)
        return session

    async def evaluate(self, session: str, expression: str) -> Any:
        result = await self.send(
            "Runtime.evaluate",
            {"expression": expression, "returnByValue": True, "awaitPromise": True},
            session,
        )
        return result["result"].get("value")

    def of(self, session: str, method: str) -> list[dict[str, Any]]:
        return [
            e["params"]
            for e in self.events
            if e.get("sessionId") == session and e["method"] == method
        ]

    async def close(self) -> None:
        self._reader.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._reader
        await self.ws.close()


@contextlib.asynccontextmanager
async def launch(executable: str, profile: Path) -> AsyncIterator[Browser]:
    process = await asyncio.create_subprocess_exec(
        executable,
        *FLAGS,
        f"--user-data-dir={profile}",
        "about:blank",
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        assert process.stderr is not None
        url = None
        async with asyncio.timeout(30):
            while url is None:
                line = (await process.stderr.readline()).decode(errors="replace")
                if not line:
                    raise RuntimeError("chromium exited before its DevTools were ready")
                if found := LISTENING.search(line):
                    url = found.group(1)
        # Keep draining stderr so Chromium never blocks on a full pipe.
        drain = asyncio.create_task(process.stderr.read())
        async with aiohttp.ClientSession() as http:
            ws = await http.ws_connect(url, max_msg_size=64 * 1024 * 1024)
            browser = Browser(ws)
            try:
                yield browser
            finally:
                await browser.close()
        drain.cancel()
    finally:
        if process.returncode is None:
            process.terminate()
            try:
                async with asyncio.timeout(10):
                    await process.wait()
            except TimeoutError:
                process.kill()
                await process.wait()
