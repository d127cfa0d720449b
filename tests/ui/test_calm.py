"""Issue 19: time stands still behind every question, the enlarge screen pauses and quits,
declining starts nothing, and the app says what it left behind."""

from __future__ import annotations

import pytest

from coach.engine.clock import FakeClock
from coach.engine.session import Session
from coach.engine.state import HoldView
from coach.lesson.catalog import Entry, resolve
from coach.ui.app import CoachApp
from coach.ui.launch import leaving_line
from coach.ui.screens.confirm_quit import ConfirmQuit
from coach.ui.screens.content_note import ContentNoteScreen
from coach.ui.screens.help import HelpScreen
from coach.ui.screens.picker import PickerScreen
from coach.ui.screens.step import StepScreen
from coach.ui.screens.too_small import TooSmallScreen
from coach.ui.session import Resumable
from coach.ui.widgets.hold_panel import breath_text
from tests.ui.helpers import advance, make_app, press, screen_text
from tests.ui.test_controls import _to_hold


async def _frozen_behind(pilot, app, session, clock, key: str, dialog: type) -> None:
    before = session.view()
    await press(pilot, key)
    assert isinstance(app.screen, dialog)
    assert session.view().status == "paused"
    await advance(pilot, clock, 30)
    during = session.view()
    assert during.active_seconds == pytest.approx(before.active_seconds)
    assert during.hold is not None and before.hold is not None
    assert (during.hold.hour, during.hold.phase) == (before.hold.hour, before.hold.phase)
    assert during.hold.phase_fraction == pytest.approx(before.hold.phase_fraction)


@pytest.mark.parametrize(
    ("key", "dialog", "leave"),
    [("q", ConfirmQuit, "n"), ("question_mark", HelpScreen, "escape")],
    ids=["quit", "help"],
)
async def test_the_clock_is_frozen_behind_a_dialog_and_runs_again_after(
    key: str, dialog: type, leave: str
) -> None:
    app, session, clock = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await _to_hold(pilot, app, session)
        await advance(pilot, clock, 1.0)
        await _frozen_behind(pilot, app, session, clock, key, dialog)
        frozen = session.view().active_seconds
        await press(pilot, leave)
        assert isinstance(app.screen, StepScreen)
        assert session.view().status == "running"
        await advance(pilot, clock, 2.0)
        assert session.view().active_seconds == pytest.approx(frozen + 2.0)


async def test_a_dialog_over_a_paused_session_leaves_it_paused() -> None:
    app, session, _clock = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await _to_hold(pilot, app, session)
        await press(pilot, "space")
        await press(pilot, "question_mark", "escape")
        assert session.view().status == "paused"


@pytest.mark.parametrize("size", [(40, 12), (59, 19)], ids=["40x12", "59x19"])
async def test_enlarge_screen_pauses_says_how_to_quit_and_quits(size: tuple[int, int]) -> None:
    app, session, clock = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await _to_hold(pilot, app, session)
        await advance(pilot, clock, 1.0)
        before = session.view().active_seconds
        await pilot.resize_terminal(*size)
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        assert session.view().status == "paused"
        text = screen_text(app)
        assert "Please enlarge the terminal" in text and "q quit" in text
        await advance(pilot, clock, 20)
        assert session.view().active_seconds == pytest.approx(before)
        await press(pilot, "q")
        assert isinstance(app.screen, ConfirmQuit)  # above the enlarge screen, not under it
        await press(pilot, "n")
        assert isinstance(app.screen, TooSmallScreen)
        await press(pilot, "escape")
        assert isinstance(app.screen, ConfirmQuit)
        await press(pilot, "y")
    assert app.return_code == 0
    assert session.view().active_seconds == pytest.approx(before)


async def test_ctrl_c_asks_to_quit_from_the_enlarge_screen() -> None:
    app, _session, _clock = make_app()
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        await press(pilot, "ctrl+c")
        assert isinstance(app.screen, ConfirmQuit)
        await press(pilot, "y")
    assert app.return_code == 0


async def test_enlarging_again_resumes_the_session() -> None:
    app, session, _clock = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await _to_hold(pilot, app, session)
        await pilot.resize_terminal(40, 12)
        await pilot.pause()
        assert session.view().status == "paused"
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert isinstance(app.screen, StepScreen)
        assert session.view().status == "running"


async def test_declining_the_note_under_run_makes_no_session_and_says_so() -> None:
    lesson, path = resolve("tour")
    made: list[Session] = []

    def factory(lesson, path):
        made.append(Session(lesson, FakeClock()))
        return made[-1]

    app = CoachApp(lesson=lesson, lesson_path=path, make_session=factory, animate=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ContentNoteScreen)
        text = screen_text(app)
        assert "Leave (Esc)" in text and "Back" not in text
        await press(pilot, "escape")
    assert made == []
    assert app.session_status == "declined" and app.session_id is None
    assert "nothing was saved" in (leaving_line(app) or "")


async def test_declining_from_the_picker_goes_back_and_says_nothing_started() -> None:
    lesson, path = resolve("tour")
    made: list[Session] = []

    def factory(lesson, path):
        made.append(Session(lesson, FakeClock()))
        return made[-1]

    app = CoachApp(
        lesson_entries=[Entry(path, "bundled", lesson, None)], make_session=factory, animate=False
    )
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "enter")
        assert "Back to the list (Esc)" in screen_text(app)
        await press(pilot, "escape")
        assert isinstance(app.screen, PickerScreen)
        assert "Nothing was started" in screen_text(app)
    assert made == []


class _Journaled(Session):
    session_id = "20261204-203000-abcd"


async def test_after_the_run_the_app_names_the_session_and_its_status() -> None:
    lesson = resolve("tour")[0]
    clock = FakeClock()
    session = _Journaled(lesson, clock)
    app = CoachApp(session, clock=clock, animate=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "enter", "q", "y")
    assert app.session_id == "20261204-203000-abcd"
    assert app.session_status == "interrupted"
    assert leaving_line(app) == (
        "coach: session 20261204-203000-abcd is kept. Continue it: coach resume "
        "20261204-203000-abcd"
    )


async def test_picker_starts_on_the_tour_and_offers_resume_first(tmp_path) -> None:
    tour_lesson, tour_path = resolve("tour")
    guided_lesson, guided_path = resolve("guided")
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: [/]\n", encoding="utf-8")
    entries = [
        Entry(guided_path, "bundled", guided_lesson, None),
        Entry(broken, "yours", None, None),
        Entry(tour_path, "bundled", tour_lesson, None),
    ]
    clock = FakeClock()
    opened: list[Session] = []

    def open_it() -> Session:
        opened.append(Session(tour_lesson, clock))
        return opened[-1]

    app = CoachApp(lesson_entries=entries, animate=False, clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        options = app.screen.query_one("#lessons")
        assert options.get_option_at_index(options.highlighted).id == "2"  # the tour
        text = screen_text(app)
        assert "broken.yaml" in text and "broken" in text
        await press(pilot, "question_mark")
        assert "resume the interrupted session" in screen_text(app)
        await press(pilot, "escape")

    app = CoachApp(
        lesson_entries=entries,
        resumable=Resumable("20261204-1", "A short tour", open_it),
        animate=False,
        clock=clock,
    )
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert "Resume: A short tour" in screen_text(app)
        await press(pilot, "enter")
        assert len(opened) == 1 and app.session is opened[0]


def _hold(breath: int, breaths: int) -> HoldView:
    return HoldView(
        positions=(12, 3), index=0, hour=12, next_hour=3, phase="inhale", phase_fraction=0.1,
        phase_seconds_left=2.0, breath=breath, breaths=breaths,
        breaths_left=breaths - breath + 1, depth="surface", in_transition=False,
        between_action="withdraw", done=False, seconds_left=30.0,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("breath", "breaths", "said"),
    [(1, 2, "breath 1 of 2 · 1 more after this"), (2, 2, "breath 2 of 2 · the last one here")],
)
def test_breath_text_does_not_count_the_current_breath_as_left(
    breath: int, breaths: int, said: str
) -> None:
    assert breath_text(_hold(breath, breaths)) == f"12 o'clock · {said}"


async def test_done_marks_stay_when_the_hold_finishes() -> None:
    app, session, clock = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await _to_hold(pilot, app, session)
        for _ in range(40):
            if session.view().hold.done:
                break
            await advance(pilot, clock, 5)
            if session.view().needs_ack:
                await press(pilot, "a")
        assert session.view().hold.done
        text = screen_text(app)
        for hour in session.view().hold.positions:
            assert f"{hour}✓" in text


async def test_check_in_answers_q_and_help_as_its_key_bar_says() -> None:
    from coach.engine import commands as c
    from coach.ui.screens.checkin import CheckinDialog

    app, session, _clock = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "enter")
        checkin = next(fs for fs in session.lesson.flat_steps() if fs.step.kind == "checkin")
        app.send(c.JumpTo(checkin.id))
        await pilot.pause()
        assert isinstance(app.screen, CheckinDialog)
        bar = screen_text(app).splitlines()[-1]
        assert "? Help" in bar and "q Quit" in bar
        await press(pilot, "question_mark")
        assert isinstance(app.screen, HelpScreen)
        await press(pilot, "escape", "q")
        assert isinstance(app.screen, ConfirmQuit)
        await press(pilot, "n")
        assert isinstance(app.screen, CheckinDialog)


async def test_time_cannot_be_resumed_unseen_from_the_enlarge_screen() -> None:
    app, session, _clock = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await _to_hold(pilot, app, session)
        await pilot.resize_terminal(40, 12)
        await pilot.pause()
        await press(pilot, "p", "space")
        assert session.view().status == "paused"
        await press(pilot, "s")  # STOP still works
        assert session.view().status == "stopped"


async def test_help_works_on_the_content_note() -> None:
    app, _session, _clock = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await press(pilot, "question_mark")
        assert isinstance(app.screen, HelpScreen)
        assert "leave without starting" in screen_text(app)
        await press(pilot, "escape")
        assert isinstance(app.screen, ContentNoteScreen)


@pytest.mark.parametrize("width", [20, 27, 40, 80])
@pytest.mark.parametrize("phase", ["inhale", "exhale", "rest", "transition", None], ids=str)
def test_the_pacer_caption_fits_its_width(width: int, phase: str | None) -> None:
    from coach.ui.widgets.breath_pacer import PacerState, caption

    for done in (False, True):
        for paused in (False, True):
            state = PacerState(phase, 0.5, 12, "reposition", paused=paused, done=done)
            assert len(caption(state, width)) <= width
