"""coach serve: our own page on 127.0.0.1, no external links, clean stop, clear message without the extra."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from coach.serve import TEMPLATES, follow_command

pytest.importorskip("textual_serve")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.status, response.read()


def test_serves_our_template_without_external_links(coach_home: Path) -> None:
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "coach", "serve", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "COACH_HOME": str(coach_home)},
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                status, body = _get(f"http://127.0.0.1:{port}/")
                break
            except OSError:
                assert proc.poll() is None, proc.communicate()
                assert time.monotonic() < deadline, "the server did not come up"
                time.sleep(0.05)
        page = body.decode("utf-8")
        assert status == 200
        assert 'content="coach serve"' in page  # our template, not the stock one
        assert "fonts.googleapis.com" not in page
        assert "@font-face" in page
        links = re.findall(r"""(?:href|src)=["']([^"']+)["']|url\(["']?([^"')]+)""", page)
        urls = [a or b for a, b in links]
        assert urls, "the page links its script, stylesheet and fonts"
        for url in urls:
            assert url.startswith(f"http://127.0.0.1:{port}/static/"), url
        # The font the page names is really there, locally.
        font = next(u for u in urls if u.endswith(".ttf"))
        assert _get(font)[0] == 200
    finally:
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=15)
    assert proc.returncode == 0, err
    assert f"http://127.0.0.1:{port}/" in out
    assert "stopped serving" in out
    assert "Traceback" not in err


def test_without_textual_serve_says_how_to_get_it(coach_home: Path) -> None:
    code = (
        "import sys; sys.modules['textual_serve'] = None; "
        "sys.argv = ['coach', 'serve', '--port', '1']; "
        "from coach.cli import main; main()"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=30
    )
    assert result.returncode == 1
    assert (
        result.stderr.strip()
        == 'coach: coach serve needs textual-serve: pip install "coach[serve]"'
    )


def test_the_command_follows_with_this_python() -> None:
    assert follow_command("abc", python="/py") == "/py -m coach follow abc"
    assert follow_command(None, python="/p y") == "'/p y' -m coach follow"
    assert (TEMPLATES / "app_index.html").is_file()
