"""What a person sees, pinned as SVG snapshots (100×30, frozen FakeClock, animation off).

Regenerate with `pytest tests/ui --snapshot-update` after a deliberate change,
and read the new SVGs before committing them.
"""

from __future__ import annotations

from coach.lesson.catalog import Entry, resolve
from coach.ui.app import CoachApp
from tests.ui.helpers import advance, make_app, press

SIZE = (100, 30)


async def _to_step(pilot, session, index: int) -> None:
    await press(pilot, "enter")  # the content note
    for _ in range(20):
        view = session.view()
        if view.step.index == index:
            if view.waiting_ready:  # the lead-in: Enter says ready
                await press(pilot, "enter")
            return
        key = "a" if view.needs_ack else "n" if view.needs_answer else "enter"
        await press(pilot, key)
    raise AssertionError(f"never reached step {index}")


def test_picker(snap_compare) -> None:
    lesson, path = resolve("tour")
    app = CoachApp(lesson_entries=[Entry(path, "bundled", lesson, None)], animate=False)
    assert snap_compare(app, terminal_size=SIZE)


def test_checklist_step(snap_compare) -> None:
    app, session, clock = make_app()

    async def run_before(pilot) -> None:
        await _to_step(pilot, session, 1)
        await advance(pilot, clock, 75)
        await press(pilot, "x", "down")

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_reminder_waiting_for_ack(snap_compare) -> None:
    app, _session, _clock = make_app()

    async def run_before(pilot) -> None:
        await press(pilot, "enter", "enter", "enter", "enter")

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_hold_mid_exhale(snap_compare) -> None:
    app, session, clock = make_app()

    async def run_before(pilot) -> None:
        await _to_step(pilot, session, 4)
        await advance(pilot, clock, 9)  # 12 done, transition 2 s, now at 3: inhale 3 s ...
        await advance(pilot, clock, 3 + 2)  # ... and half-way through the exhale
        assert session.view().hold.phase == "exhale"

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_checkin(snap_compare) -> None:
    app, session, _clock = make_app()

    async def run_before(pilot) -> None:
        await _to_step(pilot, session, 5)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_stop(snap_compare) -> None:
    app, session, clock = make_app()

    async def run_before(pilot) -> None:
        await _to_step(pilot, session, 2)
        await advance(pilot, clock, 754)
        await press(pilot, "s")

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_review(snap_compare) -> None:
    app, session, _clock = make_app()

    async def run_before(pilot) -> None:
        await _to_step(pilot, session, 7)
        await pilot.press(*"Slower breaths at 6.")

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_summary(snap_compare) -> None:
    app, session, clock = make_app()

    async def run_before(pilot) -> None:
        await _to_step(pilot, session, 5)
        await advance(pilot, clock, 95)
        await press(pilot, "n", "1", "1", "2", "3", "enter")
        await pilot.press(*"Calm.")
        await press(pilot, "escape", "enter")

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


# ---------------------------------------------------------------- at the minimum size (60x20)
MIN = (60, 20)


def test_min_hold(snap_compare) -> None:
    app, session, clock = make_app()

    async def run_before(pilot) -> None:
        await _to_step(pilot, session, 4)
        await advance(pilot, clock, 9 + 3 + 2)
        assert session.view().hold.phase == "exhale"

    assert snap_compare(app, terminal_size=MIN, run_before=run_before)


def test_min_stop(snap_compare) -> None:
    app, session, clock = make_app()

    async def run_before(pilot) -> None:
        await _to_step(pilot, session, 2)
        await advance(pilot, clock, 754)
        await press(pilot, "s")

    assert snap_compare(app, terminal_size=MIN, run_before=run_before)


def test_min_help(snap_compare) -> None:
    app, session, _clock = make_app()

    async def run_before(pilot) -> None:
        await _to_step(pilot, session, 1)
        await press(pilot, "question_mark")

    assert snap_compare(app, terminal_size=MIN, run_before=run_before)


def test_min_checkin(snap_compare) -> None:
    app, session, _clock = make_app()

    async def run_before(pilot) -> None:
        await _to_step(pilot, session, 5)

    assert snap_compare(app, terminal_size=MIN, run_before=run_before)


def test_min_enlarge(snap_compare) -> None:
    app, _session, _clock = make_app()
    assert snap_compare(app, terminal_size=(59, 19))
