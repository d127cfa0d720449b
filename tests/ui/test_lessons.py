"""Whole bundled lessons driven by the keyboard: every step kind, every dialog, to the summary.

The driver reads the engine's view only to choose the key a person would press
(tick every item, rate every item, answer so the lesson continues); all moves
still go through keys and the FakeClock.
"""

from __future__ import annotations

import pytest

from coach.lesson.model import (
    CheckinStep,
    ChecklistStep,
    FeedbackStep,
    ReviewStep,
    TimedStep,
)
from coach.ui.screens.checkin import CheckinDialog
from coach.ui.screens.content_note import ContentNoteScreen
from coach.ui.screens.step import StepScreen
from coach.ui.screens.summary import SummaryScreen
from tests.ui.helpers import LESSONS, advance, make_app, press, screen_text


def _answer_key(step: CheckinStep) -> str:
    """The answer that carries on; never the one that stops."""
    for yes in (True, False):
        if step.route(yes).action == "continue":
            return "y" if yes else "n"
    for yes in (True, False):
        if step.route(yes).action != "stop":
            return "y" if yes else "n"
    return "y"


async def drive_to_summary(pilot, app, session, clock, *, hold_by_clock: bool = False) -> int:
    """Walk the lesson like a person would; the number of key presses."""
    presses = 0
    for _ in range(3000):
        screen = app.screen
        if isinstance(screen, SummaryScreen):
            return presses
        if isinstance(screen, ContentNoteScreen):
            keys = ["enter"]
        elif isinstance(screen, CheckinDialog):
            keys = ["enter"] if screen.answer is not None else [_answer_key(screen.step)]
        else:
            assert isinstance(screen, StepScreen), screen
            view = session.view()
            step = view.step.step
            if view.needs_ack:
                keys = ["a"]
            elif view.waiting_ready:  # a lead-in: Enter says ready
                keys = ["enter"]
            elif view.hold is not None and not view.hold.done and hold_by_clock:
                await advance(pilot, clock, 1.0)
                continue
            elif isinstance(step, ChecklistStep):
                keys = []
                for i in range(len(step.items)):
                    if i not in view.checked:
                        keys.append("space")
                    keys.append("down")
                keys.append("enter")
            elif isinstance(step, FeedbackStep) and len(view.ratings) < len(step.items):
                keys = ["up"] * len(step.items) + ["1", "2", "3"] * len(step.items)
                keys = [*keys[: len(step.items) * 2], "enter"]
            elif isinstance(step, ReviewStep):
                await pilot.press(*"It went well.")
                keys = ["escape", "enter"]
            elif isinstance(step, TimedStep) and not view.timer.done:
                await advance(pilot, clock, step.seconds + 1)
                continue
            else:
                keys = ["enter"]
        await press(pilot, *keys)
        presses += len(keys)
    raise AssertionError("the lesson never reached its summary")


async def test_guided_lesson_end_to_end() -> None:
    path = LESSONS / "guided.yaml"
    if not path.exists():
        pytest.skip("lessons/guided.yaml is not written yet")
    app, session, clock = make_app(path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await drive_to_summary(pilot, app, session, clock)
        text = screen_text(app)
        assert "Finished" in text
        assert "Steps done" in text
        assert session.state.review == "It went well."
        assert session.view().status == "ended"


async def test_tour_hold_by_the_clock_at_80x24() -> None:
    app, session, clock = make_app("tour")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await drive_to_summary(pilot, app, session, clock, hold_by_clock=True)
        assert "Finished" in screen_text(app)
