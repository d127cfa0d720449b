"""`serve()`: one-line errors for bad ports, the bound port printed, a clean stop."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest

from coach.web import INSTALL_HINT, command
from coach.web.command import ServeError, bind, qr_text, serve


def run(**kwargs: object) -> int:
    options: dict[str, object] = {
        "port": 0,
        "lan": False,
        "max_viewers": 60,
        "session": None,
        "lesson": None,
        "echo": lambda line: None,
    }
    options.update(kwargs)
    return serve(**options)  # type: ignore[arg-type]


@pytest.mark.parametrize("port", [99999, -1, 65536])
def test_a_bad_port_is_one_line(port: int, sessions: Path) -> None:
    with pytest.raises(ServeError) as caught:
        run(port=port, sessions_dir=sessions)
    assert str(caught.value) == f"--port must be between 0 and 65535 (got {port})"


def test_a_busy_port_is_one_line(sessions: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        with pytest.raises(ServeError) as caught:
            run(port=port, sessions_dir=sessions)
    message = str(caught.value)
    assert message == f"cannot serve on 127.0.0.1:{port}: the port is already in use " + (
        "(try another --port, or --port 0)"
    )
    assert "\n" not in message


@pytest.mark.parametrize("viewers", [0, -5, 100_000])
def test_max_viewers_is_bounded(viewers: int, sessions: Path) -> None:
    with pytest.raises(ServeError, match="--max-viewers must be between 1 and"):
        run(max_viewers=viewers, sessions_dir=sessions)


def test_the_missing_extra_names_it(monkeypatch: pytest.MonkeyPatch, sessions: Path) -> None:
    monkeypatch.setitem(sys.modules, "aiohttp", None)
    with pytest.raises(ServeError) as caught:
        run(sessions_dir=sessions)
    assert str(caught.value) == INSTALL_HINT and "coach[serve]" in INSTALL_HINT


def test_bind_port_zero_gets_a_real_port() -> None:
    sock = bind("127.0.0.1", 0)
    try:
        assert sock.getsockname()[1] > 0
    finally:
        sock.close()


def test_lan_says_who_can_watch_and_prints_a_qr_code(
    monkeypatch: pytest.MonkeyPatch, sessions: Path
) -> None:
    said: list[str] = []

    async def no_serving(view: object, sock: socket.socket, announce: Callable[[], None]) -> None:
        announce()

    monkeypatch.setattr(command, "lan_address", lambda: "127.0.0.1")
    monkeypatch.setattr(command, "_run", no_serving)
    assert run(lan=True, sessions_dir=sessions, echo=said.append) == 0
    assert "everyone with the link" in said[0]
    link = said[1].split(" at ", 1)[1]
    assert link.startswith("http://127.0.0.1:") and "/?t=" in link
    assert said[2] == qr_text(link) and "█" in said[2] and said[2].count("\n") > 10
    assert said[-1] == "coach: stopped serving"


def test_serves_on_the_port_it_prints_and_stops_on_ctrl_c(sessions: Path) -> None:
    code = (
        "import sys; from pathlib import Path; from coach.web.command import serve; "
        "sys.exit(serve(port=0, lan=False, max_viewers=5, session=None, lesson=None, "
        f"sessions_dir=Path({str(sessions)!r}), echo=lambda s: print(s, flush=True)))"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", code],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        link = first.strip().split(" at ", 1)[1]
        assert link.startswith("http://127.0.0.1:") and ":0/" not in link
        base = link.split("?", 1)[0]
        process.stdout.readline()  # "up to 5 viewers"
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(base, timeout=5)
        assert refused.value.code == 403
        browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
        with browser.open(link, timeout=5) as page:  # takes the cookie, follows the redirect
            assert page.status == 200 and b"class view" in page.read()
        big = urllib.request.Request(base, headers={"X-Big": "a" * 5000})
        with pytest.raises(urllib.error.HTTPError) as too_big:
            browser.open(big, timeout=5)
        assert too_big.value.code in (400, 431)  # the server runs with our parser limits
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=10)
        assert process.returncode == 0, err
        assert "stopped serving" in out and "Traceback" not in err
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
