"""A session does not make width-cache entries as it goes.

The clock labels draw each second's reading without adding it to rich's
process-wide width cache, which kept a 30-minute session growing
(benchmarks/memory.py).
"""

from __future__ import annotations

import pytest
from rich.cells import cached_cell_len, cell_len

from coach.ui.fmt import cell_width
from tests.ui.helpers import advance, make_app, press, screen_text


async def test_clock_labels_leave_the_width_cache_alone() -> None:
    app, _session, clock = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "enter", "enter", "space", "down", "space", "down", "space", "enter")
        assert app.heartbeat is not None and app.heartbeat[0] == "timer"  # open step, counting
        await advance(pilot, clock, 1)
        misses = cached_cell_len.cache_info().misses
        for _ in range(120):  # two minutes: 120 new readings of each clock
            await advance(pilot, clock, 1)
        new = cached_cell_len.cache_info().misses - misses
        assert "elapsed 2:" in screen_text(app)
        # Each clock reading measured there would be 2 or 3 entries a second (240+);
        # what is left is the lesson's own words (a reminder shows up meanwhile).
        assert new < 30, f"{new} new strings measured through rich's cache"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "elapsed 12:34",
        "⏱ 2:48 left",
        "⏱ 2:48  (about 5:00)",
        "12 o'clock · breath 3 of 10 · 7 left",
        "日本語 text",
        "e\u0301 combining",
        "family 👨\u200d👩\u200d👧 emoji",
        "keycap #\ufe0f",
        "tab\there",
    ],
)
def test_cell_width_is_rich_width(text: str) -> None:
    assert cell_width(text) == cell_len(text)


def test_cell_width_of_ascii_is_not_cached() -> None:
    before = cached_cell_len.cache_info().misses
    for second in range(200):
        cell_width(f"elapsed {second // 60}:{second % 60:02d}")
    assert cached_cell_len.cache_info().misses == before
