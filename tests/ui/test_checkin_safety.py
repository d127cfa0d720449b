"""A check-in is answered on purpose: `y` / `n` or a click, never a stray Enter."""

from __future__ import annotations

from coach.lesson.model import Lesson
from coach.lesson.validate import build
from coach.ui.screens.checkin import CheckinDialog
from coach.ui.screens.step import StepScreen
from tests.ui.helpers import make_app, press, screen_text


def _lesson() -> Lesson:
    return build(
        Lesson,
        {
            "id": "fingers",
            "title": "Fingers",
            "summary": "s",
            "minutes": 1,
            "sections": [
                {
                    "title": "Check",
                    "steps": [
                        {"title": "Begin"},
                        {
                            "kind": "checkin",
                            "title": "Pressure",
                            "question": "Is one finger comfortable?",
                            "yes": {"say": "Good. Stay with one finger."},
                        },
                        {"title": "Next"},
                    ],
                }
            ],
        },
    )


async def _to_question(pilot, app) -> None:
    await pilot.pause()
    if not isinstance(app.screen, StepScreen):  # a content note first, if the lesson has one
        await press(pilot, "enter")
    await press(pilot, "enter")  # "Begin" -> the check-in
    assert isinstance(app.screen, CheckinDialog)


async def test_enter_does_not_answer_and_nothing_is_focused() -> None:
    app, session, _clock = make_app(_lesson())
    async with app.run_test(size=(100, 30)) as pilot:
        await _to_question(pilot, app)
        assert app.screen.focused is None
        await press(pilot, "enter", "enter", "space")
        assert isinstance(app.screen, CheckinDialog)
        assert app.screen.answer is None
        assert session.view().needs_answer
        assert "Is one finger comfortable?" in screen_text(app)


async def test_y_answers_then_enter_continues_after_the_message() -> None:
    app, session, _clock = make_app(_lesson())
    async with app.run_test(size=(100, 30)) as pilot:
        await _to_question(pilot, app)
        await press(pilot, "y")
        assert "Yes. Good. Stay with one finger." in screen_text(app)
        assert isinstance(app.screen, CheckinDialog)  # the message is read first
        await press(pilot, "enter")
        assert isinstance(app.screen, StepScreen)
        assert session.view().step.step.title == "Next"


async def test_n_and_a_click_answer() -> None:
    app, session, _clock = make_app(_lesson())
    async with app.run_test(size=(100, 30)) as pilot:
        await _to_question(pilot, app)
        await press(pilot, "n")  # no route message: closes at once
        assert isinstance(app.screen, StepScreen)
        assert session.view().step.step.title == "Next"

    app, session, _clock = make_app(_lesson())
    async with app.run_test(size=(100, 30)) as pilot:
        await _to_question(pilot, app)
        await pilot.click("#yes")
        await pilot.pause()
        assert app.screen.answer is True
        assert "Yes. Good. Stay with one finger." in screen_text(app)
