"""The tour lesson end to end with the keyboard alone, as a person would walk it."""

from __future__ import annotations

from coach.lesson.model import Rating
from coach.ui.screens.checkin import CheckinDialog
from coach.ui.screens.content_note import ContentNoteScreen
from coach.ui.screens.step import StepScreen
from coach.ui.screens.summary import SummaryScreen
from tests.ui.helpers import advance, make_app, press, screen_name, screen_text


async def _walk_hold(pilot, app, session, clock) -> None:
    """Let the clock carry the hold through every position."""
    seen = []
    for _ in range(200):
        view = session.view()
        if view.hold is None or view.hold.done:
            break
        if not seen or seen[-1] != view.hold.hour:
            seen.append(view.hold.hour)
            dial = app.step_screen.card.hold.dial
            assert dial.state.hour == view.hold.hour
        if view.needs_ack:
            await press(pilot, "a")
        await advance(pilot, clock, 1.0)
    assert seen == [12, 3, 6, 9]


async def test_tour_end_to_end_with_the_keyboard() -> None:
    app, session, clock = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ContentNoteScreen)
        assert "A gentle breathing exercise" in screen_text(app)
        await press(pilot, "enter")
        assert isinstance(app.screen, StepScreen)
        assert "Arrive · 1 of 8" in screen_text(app)

        await press(pilot, "enter")  # settle in -> checklist
        assert session.view().step.step.kind == "checklist"
        await press(pilot, "x", "down", "x", "down", "x")
        assert session.view().checked == frozenset({0, 1, 2})
        await press(pilot, "up", "x")
        assert session.view().checked == frozenset({0, 2})
        await press(pilot, "x", "enter")

        view = session.view()  # open step: counts up
        assert view.timer.mode == "up"
        await advance(pilot, clock, 7)
        assert "⏱ 0:07" in screen_text(app)
        await press(pilot, "enter")

        view = session.view()  # timed step with an ack reminder
        assert view.timer.mode == "down" and view.needs_ack
        text = screen_text(app)
        assert "Close your eyes if you like" in text
        assert "Press Enter or a to acknowledge." in text
        await press(pilot, "enter")  # acknowledges, does not advance
        assert not session.view().needs_ack
        assert session.view().step.step.kind == "timed"
        assert session.view().waiting_ready
        await press(pilot, "enter")  # ready: the timer starts
        await advance(pilot, clock, 21)
        assert session.view().timer.done
        assert "⏱ done" in screen_text(app)
        await press(pilot, "enter")
        await press(pilot, "enter")  # ready: the breaths begin

        assert session.view().hold is not None
        await _walk_hold(pilot, app, session, clock)
        await press(pilot, "enter")  # hold done -> check-in

        assert isinstance(app.screen, CheckinDialog)
        assert "Would you like another round of the clock?" in screen_text(app)
        await press(pilot, "y")  # the route says something first
        assert "One more round. Take your time." in screen_text(app)
        await press(pilot, "enter")
        assert isinstance(app.screen, StepScreen)
        assert session.view().step.id == "clock"
        assert "One more round" in screen_text(app)  # the say stays where the eye is
        await press(pilot, "enter")  # ready
        await _walk_hold(pilot, app, session, clock)
        await press(pilot, "enter")
        assert isinstance(app.screen, CheckinDialog)
        await press(pilot, "n")
        assert isinstance(app.screen, StepScreen)

        assert session.view().step.step.kind == "feedback"
        await press(pilot, "1", "2", "3", "1")
        assert dict(session.view().ratings) == {
            0: Rating.GOOD,
            1: Rating.NEUTRAL,
            2: Rating.BAD,
            3: Rating.GOOD,
        }
        await press(pilot, "enter")

        assert session.view().step.step.kind == "review"
        assert "What did you notice?" in screen_text(app)
        await pilot.press(*"Calm, s and q typed here")
        await press(pilot, "escape", "enter")  # flushed on leaving, then finished
        assert isinstance(app.screen, SummaryScreen)
        assert session.state.review == "Calm, s and q typed here"
        text = screen_text(app)
        assert "Finished" in text
        assert "Steps done" in text
        assert "Would you like another round of the clock?  no" in text
        assert "12 o'clock: good" in text
        assert "Calm, s and q typed here" in text
        assert screen_name(app) == "SummaryScreen"
        await press(pilot, "q")
    assert app.return_value == 0
