"""Review text is never lost on the way out: Next sends what is on screen if the engine
does not have it yet, even when the text's own change event or debounced send is still
on its way (it would be overtaken by Next)."""

from __future__ import annotations

from coach.engine import commands as c
from tests.ui.helpers import make_app, press, screen_text
from tests.ui.test_snapshots import _to_step

REVIEW_INDEX = 7  # the tour's last step


async def test_text_whose_change_event_has_not_arrived_is_sent_before_next() -> None:
    app, session, _clock = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await _to_step(pilot, session, REVIEW_INDEX)
        screen = app.step_screen
        review = screen.step_view.review
        assert review is not None
        # In one go, as a fast typist on a busy machine: the TextArea's Changed
        # message is still queued when Next is taken.
        review.area.insert("Calm.")
        screen.set_focus(None)
        screen.action_next()
        await pilot.pause()
        view = session.view()
        assert view.status == "ended" and view.review == "Calm."
        assert "Calm." in screen_text(app)  # the summary has it too


async def test_text_already_on_its_way_is_sent_again_rather_than_overtaken() -> None:
    app, session, _clock = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await _to_step(pilot, session, REVIEW_INDEX)
        review = app.step_screen.step_view.review
        assert review is not None
        await press(pilot, *"Calm.")
        assert review.take_pending() == "Calm."  # as the debounce does; never delivered
        await press(pilot, "escape", "enter")
        assert session.view().review == "Calm."


async def test_text_the_engine_has_is_not_sent_again() -> None:
    app, session, _clock = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await _to_step(pilot, session, REVIEW_INDEX)
        step_view = app.step_screen.step_view
        await press(pilot, *"Calm.")
        assert step_view.take_review() == "Calm."  # typed, not yet in the engine
        app.send(c.ReviewText("Calm."))
        await pilot.pause()
        assert step_view.take_review() is None
