"""Active and paused time: the one place that counts them (`coach.report.timeline`)."""

from __future__ import annotations

import pytest

from coach.engine import events as e
from coach.report.timeline import Timeline

START = e.SessionStarted(0.0, "tour", "1", 3)

CASES = [
    ("no pause", [START, e.StepLeft(25.0, "a", 0, "next")], 25.0, 0.0),
    ("a pause and its resume", [START, e.Paused(10.0), e.Resumed(40.0, 30.0)], 10.0, 30.0),
    (
        "a pause still open runs to the last moment seen",
        [e.SessionStarted(5.0, "tour", "1", 3), e.Paused(10.0), e.Rated(25.0, "a", "x", 2)],
        5.0,
        15.0,
    ),
    (
        "a STOP lasts until resumed or the end; what follows the end does not count",
        [
            START,
            e.Stopped(10.0, "a"),
            e.StopResolved(20.0, "resume"),
            e.Resumed(20.0, 10.0),
            e.Stopped(30.0, "a"),
            e.SessionEnded(50.0, "stopped", None),
            e.ReviewSaved(400.0, "late"),
        ],
        20.0,
        30.0,
    ),
]


@pytest.mark.parametrize(
    ("events", "active", "paused"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_active_and_paused_seconds(events: list[e.Event], active: float, paused: float) -> None:
    timeline = Timeline.of(events)
    ended = next((ev.t for ev in events if isinstance(ev, e.SessionEnded)), timeline.last_t)
    assert timeline.active_total(ended) == pytest.approx(active)
    assert timeline.paused_total == pytest.approx(paused)
