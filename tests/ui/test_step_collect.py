"""The app asks for a full garbage collection when the step or the dialogs change, not per frame."""

from __future__ import annotations

import coach.ui.app as app_module
from tests.ui.helpers import advance, make_app, press
from tests.ui.test_controls import _to_hold


async def test_a_collection_follows_each_step_change_and_no_tick(monkeypatch) -> None:
    calls: list[int | None] = []
    app, session, clock = make_app(animate=True)

    def collect() -> int:
        view = session.view()
        calls.append(view.step.index if view.step is not None else None)
        return 0

    monkeypatch.setattr(app_module, "collect_between_steps", collect)
    async with app.run_test(size=(100, 30)) as pilot:
        await _to_hold(pilot, app, session)
        hold_index = session.view().step.index
        assert calls[-1] == hold_index
        assert sorted(set(calls)) == list(range(hold_index + 1))  # at each step reached
        before = len(calls)
        for _ in range(20):  # frames of the hold
            await advance(pilot, clock, 0.1)
        assert len(calls) == before
        await press(pilot, "left")  # back one step
        assert calls[-1] == hold_index - 1
        before = len(calls)
        await press(pilot, "s")  # the STOP dialog opens ...
        await press(pilot, "r")  # ... and closes (resume)
        assert len(calls) == before + 2
