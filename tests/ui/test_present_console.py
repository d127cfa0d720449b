"""The presenter's console: notes, plan, next step; blank key; `g` jump; `--from`; resume mode."""

from __future__ import annotations

from pathlib import Path

import pytest

from coach.engine import commands as c
from coach.engine import events as e
from coach.engine.clock import FakeClock
from coach.engine.session import Session
from coach.journal.reader import read_journal
from coach.lesson.catalog import resolve
from coach.live import LiveSession
from coach.ui import keymap
from coach.ui.console import PresentScreen, plan_text
from coach.ui.jump import JumpScreen, UnknownStep, matching, resolve_start, targets
from coach.ui.present import PresentApp
from tests.ui.helpers import advance, press, screen_text


def _present(start_at: str | None = None, lesson: str = "tour"):
    clock = FakeClock()
    session = Session(resolve(lesson)[0], clock, next_guard=0.0)
    app = PresentApp(session, clock=clock, animate=False, start_at=start_at)
    return app, session, clock


async def test_console_shows_notes_plan_and_the_projector_command() -> None:
    app, _session, clock = _present()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await press(pilot, "enter")  # the content note
        text = screen_text(app)
        assert "Give people a moment" in text  # "Settle in"'s instructor note
        assert "coach follow --projector" in text
        assert "Lesson  0:00 of 3:00 planned" in text
        app.send(c.JumpTo("clock"))
        await pilot.pause()
        await press(pilot, "t")
        await advance(pilot, clock, 50)
        text = screen_text(app)
        assert "Step    0:41 of 0:41 planned" in text or "of 0:41 planned" in text
        assert "Next: Once more?" in text


def test_plan_text_says_over_time() -> None:
    lesson = resolve("tour")[0]
    session = Session(lesson, FakeClock(), next_guard=0.0)
    session.do(c.Start())
    session.do(c.JumpTo("clock"))
    view = session.view()
    plain = plan_text(lesson, view, 60.0).plain
    assert "Step    1:00 of 0:41 planned  (+0:19)" in plain
    assert "Step 5 of 8" in plain


@pytest.mark.parametrize("key", ["b", "full_stop"])
async def test_blank_key_toggles_the_projector_and_is_journaled(tmp_path: Path, key: str) -> None:
    lesson, path = resolve("tour")
    clock = FakeClock()
    live = LiveSession.start(
        lesson, path, mode="present", clock=clock, directory=tmp_path, next_guard=0.0
    )
    app = PresentApp(live, clock=clock, animate=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await press(pilot, "enter")
        await press(pilot, key)
        assert live.state.projector_blank
        assert "Projector: BLANK" in screen_text(app)
        assert live.view().status == "running"  # the session goes on behind a black screen
        await press(pilot, key)
        assert not live.state.projector_blank
    live.close()
    records = read_journal(live.writer.path).events
    assert [r["on"] for r in records if r["type"] == "ProjectorBlanked"] == [True, False]


async def test_g_jumps_to_a_filtered_step_and_esc_stays() -> None:
    app, session, _clock = _present()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await press(pilot, "enter")
        await press(pilot, "g")
        assert isinstance(app.screen, JumpScreen)
        await press(pilot, "escape")
        assert isinstance(app.screen, PresentScreen)
        assert session.view().step.id == "arrive.1"
        await press(pilot, "g", *"clock", "enter")
        await pilot.pause()
        assert session.view().step.id == "clock"
        left = [ev for ev in session.events if isinstance(ev, e.StepLeft)]
        assert left[-1].reason == "jump"
        assert app.armed  # a timed step waits for the room, as after Next


async def test_g_list_moves_with_arrows_and_a_section_goes_to_its_first_step() -> None:
    app, session, _clock = _present()
    lesson = session.lesson
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await press(pilot, "enter")
        await press(pilot, "g")
        screen = app.screen
        assert isinstance(screen, JumpScreen)
        wanted = next(t for t in screen.all if t.section and t.step_id != "arrive.1")
        index = screen.shown.index(wanted)
        here = screen.options.highlighted or 0
        await press(pilot, *(["down"] * (index - here)))
        await press(pilot, "enter")
        await pilot.pause()
        first = next(fs for fs in lesson.flat_steps() if fs.id == wanted.step_id)
        assert session.view().step.id == first.id


def test_targets_and_filter() -> None:
    lesson = resolve("tour")[0]
    found = targets(lesson)
    steps = [t for t in found if not t.section]
    assert [t.step_id for t in steps] == [fs.id for fs in lesson.flat_steps()]
    assert sum(t.section for t in found) == len(lesson.sections)
    assert [t.step_id for t in matching(found, "AROUND clock")] == ["clock"]
    assert matching(found, "no such words at all") == []


@pytest.mark.parametrize(
    ("wanted", "step_id"),
    [("clock", "clock"), ("5", "clock"), ("1", "arrive.1"), ("arrive.4", "arrive.4")],
)
def test_from_resolves_a_step_id_or_number(wanted: str, step_id: str) -> None:
    assert resolve_start(resolve("tour")[0], wanted) == step_id


def test_from_resolves_a_section_to_its_first_step() -> None:
    lesson = resolve("tour")[0]
    flat = lesson.flat_steps()
    last = flat[-1]
    assert resolve_start(lesson, lesson.section_id(last.section_index)) == next(
        fs.id for fs in flat if fs.section_index == last.section_index
    )


@pytest.mark.parametrize("wanted", ["nope", "0", "99", "\x1b[31mred"])
def test_from_an_unknown_step_is_one_clear_error(wanted: str) -> None:
    with pytest.raises(UnknownStep) as caught:
        resolve_start(resolve("tour")[0], wanted)
    message = str(caught.value)
    assert "no such step or section" in message and "\x1b" not in message


async def test_present_from_starts_there_after_the_content_note() -> None:
    app, session, _clock = _present(start_at="clock")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert session.view().status == "idle"  # the note is asked first
        await press(pilot, "enter")
        assert session.view().step.id == "clock"
        assert app.armed


def test_run_from_starts_the_journaled_session_there() -> None:
    from coach.cli.screens import JournaledSessions

    lesson, path = resolve("tour")
    made = JournaledSessions(start_at="clock")
    session = made.start(lesson, path)
    try:
        assert session.view().step.id == "clock"
    finally:
        session.close()
    kinds = [r["type"] for r in read_journal(session.writer.path).events]
    assert kinds[:2] == ["SessionStarted", "StepEntered"] and "StepLeft" in kinds


def test_resume_of_a_present_session_reopens_the_console(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from coach.ui import launch, present
    from tests.cli.helpers import coach

    lesson, path = resolve("tour")
    live = LiveSession.start(lesson, path, mode="present", clock=FakeClock())
    live.do(c.Start())
    live.close()
    opened: list[object] = []

    def fake_present(name: str, *, open_session, **kwargs: object) -> int:
        session = open_session()
        opened.append(session)
        session.close()
        return 0

    def no_run(*args: object, **kwargs: object) -> int:
        raise AssertionError("a present session must not reopen as a plain run")

    monkeypatch.setattr(present, "launch_present", fake_present)
    monkeypatch.setattr(launch, "launch_session", no_run)
    status, _out, err = coach(capsys, "resume", live.session_id)
    assert status == 0, err
    [session] = opened
    assert read_journal(session.writer.path).header.mode == "present"


def test_jump_screen_bindings_come_from_the_table() -> None:
    table = {(k.keys, k.action) for k in keymap.rows("jump")}
    assert {(b.key, b.action) for b in JumpScreen.BINDINGS} == table
    assert keymap.clashes(keymap.FAMILIES["jump"]) == []


def test_clicker_blank_keys_are_in_the_present_table() -> None:
    actions = {name: k.action for k in keymap.rows("present") for name in k.keys.split(",")}
    assert actions["b"] == actions["full_stop"] == "blank"
    assert actions["g"] == "jump"


def test_snapshot_console(snap_compare) -> None:
    app, _session, clock = _present()

    async def run_before(pilot) -> None:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        app.send(c.JumpTo("clock"))
        await pilot.pause()
        await pilot.press("t")
        clock.advance(9.5)
        app.tick()
        await pilot.pause()

    assert snap_compare(app, terminal_size=(100, 30), run_before=run_before)


def test_a_hung_shutdown_never_leaves_a_ghost_holding_the_lock(tmp_path: Path) -> None:
    from coach.journal.lock import is_live

    lesson, path = resolve("tour")
    live = LiveSession.start(lesson, path, mode="present", clock=FakeClock(), directory=tmp_path)
    live.do(c.Start())
    app = PresentApp(live, animate=False)
    assert is_live(live.writer.path)
    app.force_exit(1)  # what the watchdog does EXIT_GRACE_SECONDS after SIGHUP
    assert not is_live(live.writer.path)  # followers say "the instructor's coach stopped"
    kinds = [r["type"] for r in read_journal(live.writer.path).events]
    assert kinds[-1] == "StepEntered"  # nothing lost, nothing invented
