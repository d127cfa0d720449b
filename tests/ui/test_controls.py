"""Pilot tests of the controls around the steps: hold, pause, STOP, quit, help, size, sound."""

from __future__ import annotations

import pytest

from coach.engine.clock import FakeClock
from coach.engine.session import Session
from coach.lesson.catalog import Entry, resolve
from coach.lesson.validate import build
from coach.ui.app import CoachApp
from coach.ui.heartbeat import DEADLINE_SLACK
from coach.ui.screens.confirm_quit import ConfirmQuit
from coach.ui.screens.content_note import ContentNoteScreen
from coach.ui.screens.help import HelpScreen
from coach.ui.screens.picker import PickerScreen
from coach.ui.screens.step import StepScreen
from coach.ui.screens.stop import StopDialog
from coach.ui.screens.summary import SummaryScreen
from coach.ui.screens.too_small import TooSmallScreen
from tests.ui.helpers import advance, make_app, press, screen_text

HOLD_INDEX = 4  # "Around the clock" in the tour


async def _to_hold(pilot, app, session) -> None:
    """Content note, then Next through the first steps (acking what asks for it)."""
    await press(pilot, "enter")
    for _ in range(10):
        view = session.view()
        if view.step.index == HOLD_INDEX:
            if view.waiting_ready:  # the lead-in: Enter says ready and the breaths begin
                await press(pilot, "enter")
            return
        await press(pilot, "a" if view.needs_ack else "p" if view.status == "paused" else "enter")
    raise AssertionError("never reached the hold")


async def test_hold_moves_through_positions_as_the_clock_moves() -> None:
    app, session, clock = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await _to_hold(pilot, app, session)
        panel = app.step_screen.card.hold
        assert panel.dial.state.hour == 12
        assert app.heartbeat is not None and app.heartbeat[0] == "hold"
        await advance(pilot, clock, 3.5)  # inhale 3 s, now exhaling
        assert session.view().hold.phase == "exhale"
        assert "press on the exhale" in screen_text(app)
        await advance(pilot, clock, 4)  # into the transition
        view = session.view()
        assert view.hold.in_transition
        text = screen_text(app)
        assert "reposition · move to 3 o'clock" in text
        assert "press on the exhale" not in text
        assert "Let the last hour go" in text  # between_positions reminder, in the banner
        await advance(pilot, clock, 2)
        assert panel.dial.state.hour == 3
        assert panel.dial.state.next_hour == 6


async def test_pause_freezes_the_hold_and_resume_continues() -> None:
    app, session, clock = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await _to_hold(pilot, app, session)
        await advance(pilot, clock, 1.5)
        before = session.view().hold
        await press(pilot, "space")
        assert session.view().status == "paused"
        assert app.heartbeat is None  # nothing moves, nothing ticks
        assert "Paused — press Space or p to resume" in screen_text(app)
        await advance(pilot, clock, 30)
        frozen = session.view().hold
        assert (frozen.hour, frozen.phase, frozen.phase_fraction) == (
            before.hour,
            before.phase,
            before.phase_fraction,
        )
        await press(pilot, "space")
        assert session.view().status == "running"
        await advance(pilot, clock, 2)
        assert session.view().hold.phase == "exhale"


async def test_dial_repaints_only_when_the_position_changes() -> None:
    app, session, clock = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await _to_hold(pilot, app, session)
        dial = app.step_screen.card.hold.dial
        pacer = app.step_screen.card.hold.pacer
        paints, pacer_paints = dial.paints, pacer.paints
        for _ in range(6):
            await advance(pilot, clock, 0.5)  # inside the first breath at 12
        assert dial.paints == paints
        assert pacer.paints > pacer_paints


@pytest.mark.parametrize("choice", ["resume", "back", "end"])
async def test_stop_then_choose(choice: str) -> None:
    app, session, clock = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "enter", "enter")  # into the checklist (step 2)
        await advance(pilot, clock, 65)
        await press(pilot, "s")
        assert isinstance(app.screen, StopDialog)
        assert session.view().status == "stopped"
        assert "Stopped at 1:05" in screen_text(app)
        await advance(pilot, clock, 100)  # frozen while stopped
        assert session.view().active_seconds == pytest.approx(65)
        await press(pilot, choice[0])
        if choice == "end":
            assert isinstance(app.screen, SummaryScreen)
            assert "Ended after STOP" in screen_text(app)
            return
        assert isinstance(app.screen, StepScreen)
        assert session.view().status == "running"
        expected = 1 if choice == "back" else 2
        assert session.view().step_number == expected


async def test_stop_works_inside_a_checkin_and_back_closes_the_question() -> None:
    app, session, _clock = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await _to_hold(pilot, app, session)
        await press(pilot, *["enter"] * 7)  # Next through the positions and on
        assert session.view().needs_answer
        await press(pilot, "s")
        assert isinstance(app.screen, StopDialog)
        await press(pilot, "b")
        assert isinstance(app.screen, StepScreen)
        assert session.view().step.id == "clock"


async def test_quit_asks_first() -> None:
    app, _session, _clock = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "enter", "q")
        assert isinstance(app.screen, ConfirmQuit)
        await press(pilot, "n")
        assert isinstance(app.screen, StepScreen)
        await press(pilot, "q", "y")
    assert app.return_value == 0


async def test_help_lists_the_keys_and_the_unsaved_problem() -> None:
    app, session, _clock = make_app()
    session.saved = False  # type: ignore[attr-defined]
    session.problem = "the disk is full (/tmp/x.jsonl)"  # type: ignore[attr-defined]
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "enter")
        assert "● not saved" in screen_text(app)
        await press(pilot, "question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        assert "STOP: freeze everything" in text
        assert "the disk is full" in text
        await press(pilot, "escape")
        assert isinstance(app.screen, StepScreen)


async def test_refusal_is_shown_inline() -> None:
    app, _session, _clock = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "enter", "left")
        assert "This is the first step; there is nothing to go back to." in screen_text(app)
        await press(pilot, "enter")
        assert "nothing to go back to" not in screen_text(app)


async def test_tiny_terminal_asks_to_enlarge_and_recovers() -> None:
    app, _session, _clock = make_app()
    async with app.run_test(size=(50, 15)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        text = screen_text(app)
        assert "Please enlarge the terminal" in text
        assert "(needs 60×20, now 50×15)" in text
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert not isinstance(app.screen, TooSmallScreen)
        await press(pilot, "enter")
        assert isinstance(app.screen, StepScreen)


async def test_resize_during_a_hold() -> None:
    app, session, clock = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await _to_hold(pilot, app, session)
        await advance(pilot, clock, 3.5)
        for size in ((80, 24), (50, 15), (120, 40), (80, 24)):
            await pilot.resize_terminal(*size)
            await advance(pilot, clock, 0.5)
        assert isinstance(app.screen, StepScreen)
        assert session.view().hold is not None
        assert "Around the clock" in screen_text(app)
        # The stop key still works while too small.
        await pilot.resize_terminal(50, 15)
        await press(pilot, "s")
        assert session.view().status == "stopped"
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert isinstance(app.screen, StopDialog)


async def test_sound_rings_on_each_breath_phase_change() -> None:
    app, session, clock = make_app(sound=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await _to_hold(pilot, app, session)
        start = app.bells
        await advance(pilot, clock, 3.5)  # inhale -> exhale
        assert app.bells == start + 1
        await advance(pilot, clock, 1)
        assert app.bells == start + 1


async def test_idle_screen_waits_for_a_deadline_instead_of_ticking() -> None:
    app, _session, _clock = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "enter")
        assert app.heartbeat is not None and app.heartbeat[0] == "once"
        assert "elapsed 0 min" in screen_text(app)
        # The header shows whole minutes: the next wake is when it turns to 1 min (59.5 s).
        assert app.heartbeat[1] == pytest.approx(59.5 + DEADLINE_SLACK, abs=0.01)
        await press(pilot, "enter", "enter")  # the open step counts up
        assert app.heartbeat is not None and app.heartbeat[0] == "timer"


async def test_notes_are_hidden_unless_allowed() -> None:
    app, _session, _clock = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "enter", "i")
        assert "nobody needs to hurry" not in screen_text(app)
    app, _session, _clock = make_app(show_notes=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "enter")
        assert "nobody needs to hurry" not in screen_text(app)
        await press(pilot, "i")
        assert "nobody needs to hurry" in screen_text(app)


async def test_picker_starts_a_lesson_through_the_factory() -> None:
    lesson, path = resolve("tour")
    clock = FakeClock()
    made: list[Session] = []

    def factory(lesson, path):
        made.append(Session(lesson, clock))
        return made[-1]

    entries = [Entry(path, "bundled", lesson, None)]
    app = CoachApp(lesson_entries=entries, make_session=factory, animate=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        text = screen_text(app)
        assert "A short tour" in text and "3 min" in text and "Content note:" in text
        await press(pilot, "enter")
        assert isinstance(app.screen, ContentNoteScreen)
        await press(pilot, "escape")
        assert isinstance(app.screen, PickerScreen)
        await press(pilot, "enter", "enter")
        assert isinstance(app.screen, StepScreen)
        assert made[-1].view().status == "running"


async def test_summary_export_calls_the_callback() -> None:
    exported: list[object] = []
    app, session, _clock = make_app(on_export=exported.append)
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "enter", "s", "e")
        assert isinstance(app.screen, SummaryScreen)
        await press(pilot, "x")
        assert exported == [session]
    app, session, _clock = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "enter", "s", "e", "x")
        notice = str(app.screen.query_one("#export-notice").render())
        assert "not journaled" in notice


async def test_checkin_stop_route_ends_with_its_message() -> None:
    from coach.lesson.model import Lesson

    lesson = build(
        Lesson,
        {
            "id": "screen",
            "title": "Screening",
            "summary": "s",
            "minutes": 1,
            "sections": [
                {
                    "title": "Check",
                    "steps": [
                        {
                            "kind": "checkin",
                            "title": "Today",
                            "question": "Are you free of pain today?",
                            "no": {"stop": "Please come back another day."},
                        },
                        {"title": "Begin"},
                    ],
                }
            ],
        },
    )
    app, session, _clock = make_app(lesson)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ContentNoteScreen)  # a screening check-in opens it
        assert "a few questions" in screen_text(app)
        await press(pilot, "enter", "n")
        assert isinstance(app.screen, SummaryScreen)
        text = screen_text(app)
        assert "Ended by a check-in — Please come back another day." in text
        assert "Are you free of pain today?  no" in text
        assert session.view().ended_reason == "checkin"
