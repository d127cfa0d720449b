"""Shared helpers for the UI tests: a tour session on a FakeClock, time travel, screen text."""

from __future__ import annotations

import html
import re
from pathlib import Path

from textual.pilot import Pilot

from coach.engine.clock import FakeClock
from coach.engine.session import Session
from coach.lesson.catalog import resolve
from coach.lesson.loader import load_lesson
from coach.lesson.model import Lesson
from coach.ui.app import CoachApp

LESSONS = Path(__file__).resolve().parents[2] / "lessons"


def tour() -> Lesson:
    return resolve("tour")[0]


def make_app(
    lesson: Lesson | str | Path = "tour", **kwargs: object
) -> tuple[CoachApp, Session, FakeClock]:
    if isinstance(lesson, Path):
        lesson = load_lesson(lesson)
    elif isinstance(lesson, str):
        lesson = resolve(lesson)[0]
    clock = FakeClock()
    session = Session(lesson, clock, next_guard=0.0)  # pilot keys come at machine speed
    kwargs.setdefault("animate", False)
    app = CoachApp(session, clock=clock, **kwargs)  # type: ignore[arg-type]
    return app, session, clock


async def advance(pilot: Pilot, clock: FakeClock, seconds: float) -> None:
    """Move session time, let the app tick once, and let the screen settle."""
    clock.advance(seconds)
    app = pilot.app
    assert isinstance(app, CoachApp)
    app.tick()
    await pilot.pause()


async def press(pilot: Pilot, *keys: str) -> None:
    for key in keys:
        await pilot.press(key)
        await pilot.pause()


_LINE = re.compile(r'clip-path="url\(#[^)]*-line-(\d+)\)"[^>]*>(.*?)</text>', re.S)


def screen_text(app: CoachApp) -> str:
    """What a person sees, as plain text lines (from the SVG screenshot)."""
    svg = app.export_screenshot()
    lines: dict[int, list[str]] = {}
    for number, content in _LINE.findall(svg):
        lines.setdefault(int(number), []).append(html.unescape(content).replace("\xa0", " "))
    return "\n".join("".join(lines[n]).rstrip() for n in sorted(lines))


def screen_name(app: CoachApp) -> str:
    return type(app.screen).__name__
