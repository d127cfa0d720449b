"""A session does not make widgets or width-cache entries as it goes.

The step screen keeps one step card and re-points it at each step; the clock
labels draw each second's reading without adding it to rich's process-wide
width cache. Both kept a 30-minute session growing (benchmarks/memory.py).
"""

from __future__ import annotations

import gc
from pathlib import Path

import pytest
from rich.cells import cached_cell_len, cell_len
from textual.widget import Widget

from coach.engine import commands as c
from coach.lesson.loader import load_lesson
from coach.ui.fmt import cell_width
from coach.ui.widgets.lists import ChecklistView, FeedbackTable
from tests.ui.helpers import advance, make_app, press, screen_text

TWO_OF_EACH = """\
id: twice
title: Twice
summary: Every kind twice.
minutes: 5
sections:
  - title: One
    steps:
      - title: First list
        kind: checklist
        items: [alpha, beta, gamma]
      - title: Plain words
        do: Nothing to tick here.
      - title: Second list
        kind: checklist
        items: [one, two]
      - title: First hold
        kind: hold
        depth: surface
        positions: [12, 3]
        breaths: 1
      - title: Rate it
        kind: feedback
        items: [pressure, pace]
      - title: Second hold
        kind: hold
        depth: full_finger
        positions: [6, 9, 12]
        breaths: 1
      - title: Rate again
        kind: feedback
        items: [a much longer item name, b]
"""


def _live_widgets() -> int:
    gc.collect()
    return sum(1 for o in gc.get_objects() if isinstance(o, Widget))


@pytest.fixture
def twice(tmp_path: Path) -> Path:
    path = tmp_path / "twice.yaml"
    path.write_text(TWO_OF_EACH)
    return path


async def test_one_card_serves_every_step_and_shows_each_steps_own_words(twice: Path) -> None:
    app, session, _clock = make_app(load_lesson(twice))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        card = app.step_screen.card
        assert card is not None
        checklist = card.checklist
        await press(pilot, "space")  # tick "alpha"
        assert session.view().checked == frozenset({0})
        await press(pilot, "enter")
        assert "Nothing to tick here." in screen_text(app)
        assert not checklist.display and "alpha" not in screen_text(app)
        await press(pilot, "enter")  # the second list: same widget, its own items, nothing ticked
        text = screen_text(app)
        assert app.step_screen.card is card and card.checklist is checklist
        assert "[ ] one" in text and "[ ] two" in text and "alpha" not in text
        assert checklist.cursor == 0 and checklist.checked == frozenset()
        assert app.focused is checklist
        await press(pilot, "enter")  # the first hold, docked below the text
        hold = card.hold
        assert hold is not None and hold.display and hold.dial.state.positions == (12, 3)
        assert "Depth: surface" in screen_text(app)
        for _ in range(2):
            app.send(c.Skip())
            await pilot.pause()
        assert session.view().step.step.title == "Second hold"  # feedback between them
        assert card.hold is hold and hold.dial.state.positions == (6, 9, 12)
        text = screen_text(app)
        assert "Depth: full finger" in text and "Depth: surface" not in text
        app.send(c.Skip())
        await pilot.pause()
        feedback = card.feedback
        assert isinstance(feedback, FeedbackTable) and feedback.items[0].startswith("a much")
        assert feedback.ratings == {} and not hold.display
        assert not app.step_screen.hold_dock.display


async def test_walking_the_steps_back_and_forth_makes_no_widgets(twice: Path) -> None:
    app, _session, _clock = make_app(load_lesson(twice))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        for _ in range(6):  # every kind once, so every body exists
            app.send(c.Skip())
            await pilot.pause()
        for _ in range(6):
            app.send(c.Back())
            await pilot.pause()
        before = _live_widgets()
        card = app.step_screen.card
        for _ in range(5):
            for command in [c.Skip()] * 6 + [c.Back()] * 6:
                app.send(command)
                await pilot.pause()
        assert app.step_screen.card is card
        assert _live_widgets() <= before
        assert len(app.step_screen.query(ChecklistView)) == 1


async def test_clock_labels_leave_the_width_cache_alone() -> None:
    app, _session, clock = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "enter", "enter", "space", "down", "space", "down", "space", "enter")
        assert app.heartbeat is not None and app.heartbeat[0] == "timer"  # open step, counting
        await advance(pilot, clock, 1)
        misses = cached_cell_len.cache_info().misses
        for _ in range(120):  # two minutes: 120 new readings of each clock
            await advance(pilot, clock, 1)
        new = cached_cell_len.cache_info().misses - misses
        assert "elapsed 2:" in screen_text(app)
        # Each clock reading measured there would be 2 or 3 entries a second (240+);
        # what is left is the lesson's own words (a reminder shows up meanwhile).
        assert new < 30, f"{new} new strings measured through rich's cache"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "elapsed 12:34",
        "⏱ 2:48 left",
        "⏱ 2:48  (about 5:00)",
        "12 o'clock · breath 3 of 10 · 7 left",
        "日本語 text",
        "e\u0301 combining",
        "family 👨\u200d👩\u200d👧 emoji",
        "keycap #\ufe0f",
        "tab\there",
    ],
)
def test_cell_width_is_rich_width(text: str) -> None:
    assert cell_width(text) == cell_len(text)


def test_cell_width_of_ascii_is_not_cached() -> None:
    before = cached_cell_len.cache_info().misses
    for second in range(200):
        cell_width(f"elapsed {second // 60}:{second % 60:02d}")
    assert cached_cell_len.cache_info().misses == before
