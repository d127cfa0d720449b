"""The export's shortcuts give exactly what the plain loops they replace give."""

from __future__ import annotations

import random

import pytest

from coach.engine import events as e
from coach.journal.export import _Timeline
from coach.text import visible


def _plain_active(timeline: _Timeline, a: float, b: float) -> float:
    paused = sum(max(0.0, min(b, p1) - max(a, p0)) for p0, p1 in timeline.intervals)
    return max(0.0, b - a - paused)


def _session(rng: random.Random, n: int, in_order: bool) -> list[e.Event]:
    events: list[e.Event] = [e.SessionStarted(0.0, "l", "1", 3)]
    t = 0.0
    for _ in range(n):
        t = t + rng.choice([0.0, 0.5, 1.25, 3.0, 10.1]) if in_order else rng.uniform(0.0, 100.0)
        kind = rng.choice(["pause", "resume", "stop", "resolve", "note"])
        if kind == "pause":
            events.append(e.Paused(t))
        elif kind == "resume":
            events.append(e.Resumed(t, 1.0))
        elif kind == "stop":
            events.append(e.Stopped(t, None))
        elif kind == "resolve":
            events.append(e.StopResolved(t, "resume"))
        else:
            events.append(e.NoteWritten(t, "s", "x"))
    return events


@pytest.mark.parametrize("in_order", [True, False])
@pytest.mark.parametrize("seed", range(6))
def test_active_is_the_plain_sum(seed: int, in_order: bool) -> None:
    rng = random.Random(seed)
    events = _session(rng, 300, in_order)
    timeline = _Timeline(events)
    assert timeline.intervals
    assert timeline._in_order is in_order  # both ways of summing are checked
    times = sorted({ev.t for ev in events})
    spans = [(rng.choice(times), rng.choice(times)) for _ in range(300)]
    spans += [(rng.uniform(-5, times[-1] + 5), rng.uniform(-5, times[-1] + 5)) for _ in range(300)]
    spans += [(p0, p1) for p0, p1 in timeline.intervals] + [(0.0, times[-1])]
    for a, b in spans:
        for x, y in ((a, b), (min(a, b), max(a, b))):
            fast, plain = timeline.active(x, y), _plain_active(timeline, x, y)
            assert fast == plain and type(fast) is type(plain), (x, y)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "\n",
        "plain\nlines\n\nhere\n",
        "tab\there\nand\x1b[31mred\x1b[0m\n",
        "bidi \u202eevil\u202c\nzero\u200bwidth\nfamily 👨\u200d👩\u200d👧\n",
        "c1 \x85 \x9b\r\nline sep \u2028 para \u2029 nbsp \xa0\n\x00\x7f",
        "private \ue000 and lone \ud800 surrogate\n",
    ],
)
def test_the_last_guard_line_by_line_is_visible_of_the_whole(text: str) -> None:
    assert "\n".join(visible(line) for line in text.split("\n")) == visible(text)
