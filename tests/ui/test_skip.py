"""`k` skips a step on purpose (Enter only ever goes Next); it is in the help, not the key bar."""

from __future__ import annotations

from coach.ui.screens.help import HelpScreen
from coach.ui.widgets.key_bar import KeyBar
from tests.ui.helpers import make_app, press, screen_text


async def test_k_skips_the_step_and_is_listed_in_help_only() -> None:
    app, session, _clock = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "enter")  # the content note
        first = session.view().step
        assert "Skip" not in app.screen.query_one(KeyBar).text
        await press(pilot, "k")
        view = session.view()
        assert view.step.index == first.index + 1
        assert first.id in session.state.skipped
        assert view.step.step.kind == "checklist"  # focus in the list: k still skips
        await press(pilot, "k")
        assert session.view().step.index == first.index + 2
        await press(pilot, "question_mark")
        assert isinstance(app.screen, HelpScreen)
        assert "skip this step" in screen_text(app)
