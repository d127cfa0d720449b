"""Every terminal a person might have: tiny to huge, resized mid-hold, no colour,
TERM=dumb, and a locale without UTF-8. Either the lesson or "Please enlarge the
terminal" is on screen, never a traceback."""

from __future__ import annotations

import re
import time

import pytest

from coach.ui.screens.step import StepScreen
from coach.ui.screens.too_small import MIN_HEIGHT, MIN_WIDTH, TooSmallScreen
from tests.robustness.test_signals import PtyApp
from tests.ui.helpers import advance, make_app, press, screen_text
from tests.ui.test_controls import _to_hold

ENLARGE = "Please enlarge the terminal"
SIZES = [(40, 12), (59, 24), (80, 19), (60, 20), (80, 24), (100, 30), (160, 50), (300, 100)]


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
async def test_every_size_shows_the_lesson_or_asks_to_enlarge(size: tuple[int, int]) -> None:
    width, height = size
    small = width < MIN_WIDTH or height < MIN_HEIGHT
    app, session, _clock = make_app()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await press(pilot, "enter")  # the content note (the overlay, if small, keeps it)
        await press(pilot, "enter")  # a step on
        text = screen_text(app)
        if small:
            assert isinstance(app.screen, TooSmallScreen)
            assert ENLARGE in text and f"now {width}×{height}" in text
        else:
            assert isinstance(app.screen, StepScreen)
            assert ENLARGE not in text
            assert session.lesson.title in text
            assert session.view().step is not None


async def test_resizing_during_a_hold_never_breaks_it() -> None:
    app, session, clock = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await _to_hold(pilot, app, session)
        for width, height in [
            (80, 24),
            (40, 12),
            (120, 40),
            (61, 20),
            (59, 30),
            (300, 100),
            (100, 30),
        ]:
            await pilot.resize_terminal(width, height)
            await pilot.pause()
            for _ in range(3):
                await advance(pilot, clock, 0.3)
            small = width < MIN_WIDTH or height < MIN_HEIGHT
            assert isinstance(app.screen, TooSmallScreen) is small
            text = screen_text(app)
            if small:
                assert ENLARGE in text
            else:
                assert session.view().hold is not None
                pacer = app.step_screen.card.hold.pacer
                assert pacer.size.width > 0
                assert "o'clock" in text
        assert session.view().status == "running"


_SGR = re.compile(r"\x1b\[([0-9;]*)m")


def _colours(output: str) -> list[tuple[int, int, int]]:
    """Every truecolor foreground and background the app wrote."""
    found = []
    for params in _SGR.findall(output):
        parts = params.split(";")
        for i, part in enumerate(parts):
            if part in ("38", "48") and parts[i + 1 : i + 2] == ["2"] and len(parts) >= i + 5:
                found.append(tuple(int(x) for x in parts[i + 2 : i + 5]))
    return found


def test_no_color_is_honoured(coach_home) -> None:
    app = PtyApp(["run", "tour"], coach_home, NO_COLOR="1", COLORTERM="truecolor")
    try:
        app.wait_for("gentle", timeout=20)  # the content note
        app.keys("\r")
        app.wait_for("Settle in")
        app.keys("q")
        app.keys("y")
        app.wait(timeout=10)
    finally:
        app.close()
    colours = _colours(app.output)
    assert colours, "no colours written at all: the check would prove nothing"
    assert [c for c in colours if not c[0] == c[1] == c[2]] == []


@pytest.mark.parametrize(
    "env",
    [
        {"TERM": "dumb"},
        {"LANG": "C", "LC_ALL": "C"},
        {"TERM": "dumb", "LANG": "C", "LC_ALL": "C", "NO_COLOR": "1"},
    ],
    ids=["TERM=dumb", "LANG=C", "dumb+C+NO_COLOR"],
)
def test_odd_terminals_run_and_quit_cleanly(env: dict[str, str], coach_home) -> None:
    app = PtyApp(["run", "tour"], coach_home, **env)
    try:
        time.sleep(1.0)
        if app.proc.poll() is None:
            app.wait_for("gentle", timeout=20)  # the content note
            app.keys("\r")
            app.wait_for("Settle in")
            app.keys("q")  # asks first
            app.keys("y")
        code = app.wait(timeout=10)
    finally:
        app.close()
    out = app.output
    assert "Traceback" not in out, out[-3000:]
    if code == 2:  # launch refused the terminal: one clear line
        assert "coach:" in out and len(out.strip().splitlines()) == 1, out
    else:
        assert code == 0, out[-3000:]
