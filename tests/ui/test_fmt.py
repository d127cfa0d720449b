"""The app shows time one way: `coach.timefmt`'s clock and duration, and the header's
session time in whole minutes rounded like every other figure."""

from __future__ import annotations

import pytest

from coach import timefmt
from coach.ui import fmt


def test_the_ui_uses_the_one_clock_and_the_one_duration() -> None:
    assert fmt.clock is timefmt.clock
    assert fmt.duration is timefmt.duration


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [(0.0, "elapsed 0 min"), (59.4, "elapsed 0 min"), (59.6, "elapsed 1 min"),
     (119.4, "elapsed 1 min"), (754.0, "elapsed 12 min"), (3599.4, "elapsed 59 min"),
     (3900.0, "elapsed 1 h 05 min")],
)  # fmt: skip
def test_the_header_shows_whole_minutes(seconds: float, shown: str) -> None:
    assert fmt.elapsed_text(seconds) == shown


@pytest.mark.parametrize("seconds", [0.0, 29.5, 59.5, 61.0, 151.7, 754.2, 3900.0])
def test_the_header_agrees_with_the_stop_dialogs_clock(seconds: float) -> None:
    """The header's minutes are the minutes of the clock STOP shows for the same moment."""
    *hours, minutes, _ = (int(part) for part in timefmt.clock(seconds).split(":"))
    assert fmt.whole_minutes(seconds) == sum(hours) * 60 + minutes
