"""The export's shortcuts give exactly what the plain loops they replace give."""

from __future__ import annotations

import random
from datetime import datetime
from typing import Any

import pytest

from coach.engine import events as e
from coach.journal.export import _Scan, _Timeline
from coach.lesson.model import Rating
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
    timeline = _Timeline.of(events)
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


# --------------------------------------------------------------------------- one scan


def _parse(wall: str | None) -> datetime | None:
    try:
        return None if wall is None else datetime.fromisoformat(wall)
    except ValueError:
        return None


def _title(flat: dict[str, str], step_id: str | None) -> str | None:
    return None if step_id is None else flat.get(step_id, step_id)


def _r(seconds: float) -> float:
    return round(seconds, 3)


def _reference(events: list[e.Event], walls: list[str | None]) -> dict[str, Any]:
    """What the export's seven walks over the events gave (before `_Scan` did it in one)."""
    out: dict[str, Any] = {}
    # the timeline
    intervals: list[tuple[float, float]] = []
    pauses: list[dict[str, Any]] = []

    def close(start: float, end: float) -> None:
        intervals.append((start, end))
        if pauses and pauses[-1]["seconds"] is None and pauses[-1]["t"] == _r(start):
            pauses[-1]["seconds"] = _r(end - start)

    start: float | None = None
    last = 0.0
    for ev in events:
        last = max(last, ev.t)
        if isinstance(ev, e.Paused | e.Stopped) and start is None:
            start = ev.t
            if isinstance(ev, e.Paused):
                pauses.append({"t": _r(ev.t), "seconds": None})
        elif isinstance(ev, e.Resumed | e.SessionEnded) and start is not None:
            close(start, ev.t)
            start = None
        if isinstance(ev, e.SessionEnded):
            break
    if start is not None:
        close(start, last)
    out["intervals"], out["pauses"] = intervals, pauses
    # the visits and the end
    visits: list[tuple[Any, ...]] = []
    current: list[Any] | None = None
    end: e.SessionEnded | None = None
    for ev in events:
        if isinstance(ev, e.StepEntered):
            current = [ev.step_id, ev.index, ev.t, None, None, {}]
            visits.append(current)  # type: ignore[arg-type]
        elif isinstance(ev, e.StepLeft) and current is not None:
            current[3], current[4] = ev.t, ev.reason
            current = None
        elif isinstance(ev, e.HoldPositionStarted) and current is not None:
            current[5][ev.position_index] = {"hour": ev.hour, "start": ev.t}
        elif isinstance(ev, e.HoldPositionFinished) and current is not None:
            pos = current[5].setdefault(ev.position_index, {"hour": ev.hour, "start": ev.t})
            pos["end"], pos["breaths"] = ev.t, ev.breaths
        elif isinstance(ev, e.SessionEnded) and end is None:
            end = ev
    out["visits"] = [tuple(v) for v in visits]
    out["end"] = end
    last_t = max((ev.t for ev in events), default=0.0)
    out["last_t"] = last_t
    out["started_t"] = next((ev.t for ev in events if isinstance(ev, e.SessionStarted)), 0.0)
    end_t = end.t if end is not None else last_t
    out["end_t"] = end_t
    out["ended_wall"] = walls[-1] if walls else None
    if end is not None:
        out["ended_wall"] = next(w for ev, w in zip(events, walls, strict=True) if ev is end)
    # check-ins, reminders, STOPs
    out["checkins"] = [
        {
            "t": _r(ev.t),
            "step_id": ev.step_id,
            "question": ev.question,
            "answer": "yes" if ev.answer else "no",
            "action": ev.action,
            "target": ev.target,
            "target_title": _title(FLAT, ev.target),
            "say": ev.say,
        }
        for ev in events
        if isinstance(ev, e.CheckinAnswered)
    ]
    reminders: list[dict[str, Any]] = []
    waiting: dict[str, dict[str, Any]] = {}
    for ev in events:
        if isinstance(ev, e.ReminderShown):
            item = {"t": _r(ev.t), "step_id": ev.step_id, "trigger": ev.trigger,
                    "text": ev.text, "needs_ack": ev.ack, "acknowledged_t": None}  # fmt: skip
            reminders.append(item)
            if ev.ack:
                waiting.setdefault(ev.key, item)
        elif isinstance(ev, e.ReminderAcknowledged):
            shown = waiting.pop(ev.key, None)
            if shown is not None:
                shown["acknowledged_t"] = _r(ev.t)
    out["reminders"] = reminders
    stops: list[dict[str, Any]] = []
    for ev in events:
        if isinstance(ev, e.Stopped):
            stops.append(
                {
                    "t": _r(ev.t),
                    "step_id": ev.step_id,
                    "step_title": _title(FLAT, ev.step_id),
                    "outcome": None,
                    "resolved_t": None,
                    "seconds": _r(end_t - ev.t),
                }
            )
        elif isinstance(ev, e.StopResolved) and stops and stops[-1]["outcome"] is None:
            stops[-1]["outcome"] = ev.choice
            stops[-1]["resolved_t"] = _r(ev.t)
            stops[-1]["seconds"] = _r(ev.t - stops[-1]["t"])
    out["stops"] = stops
    # interruptions: the step, the walls around each Recovered after the first event
    interruptions = []
    step_id = None
    for i, cur in enumerate(events):
        if isinstance(cur, e.StepEntered):
            step_id = cur.step_id
        if not isinstance(cur, e.Recovered) or i == 0:
            continue
        w0, w1 = _parse(walls[i - 1]), _parse(walls[i])
        wall_gap = (w1 - w0).total_seconds() if w0 is not None and w1 is not None else 0.0
        gap = wall_gap - (cur.t - events[i - 1].t)
        interruptions.append(
            {
                "after_t": _r(events[i - 1].t),
                "step_id": step_id,
                "from_wall": walls[i - 1],
                "to_wall": walls[i],
                "seconds": _r(max(0.0, gap)),
                "message": cur.message,
            }
        )
    out["interruptions"] = interruptions
    # what the events say without a replay
    checked: dict[str, frozenset[int]] = {}
    ratings: dict[str, dict[int, Any]] = {}
    notes: dict[str, str] = {}
    review = None
    for ev in events:
        if isinstance(ev, e.ChecklistToggled):
            items = checked.get(ev.step_id, frozenset())
            checked[ev.step_id] = items | {ev.item} if ev.checked else items - {ev.item}
        elif isinstance(ev, e.Rated):
            ratings.setdefault(ev.step_id, {})[ev.item] = ev.rating
        elif isinstance(ev, e.NoteWritten):
            if ev.text.strip():
                notes[ev.step_id] = ev.text
            else:
                notes.pop(ev.step_id, None)
        elif isinstance(ev, e.ReviewSaved):
            review = ev.text
    out["checked"], out["ratings"], out["notes"], out["review"] = checked, ratings, notes, review
    return out


FLAT = {"a": "Step A", "b": "Step B"}


class _Flat(dict):  # type: ignore[type-arg]
    """`flat` as the export has it: step id -> a flat step with `.step.title`."""

    def get(self, key: Any, default: Any = None) -> Any:
        title = FLAT.get(key)
        if title is None:
            return default
        step = type("Step", (), {"title": title})()
        return type("Flat", (), {"step": step, "index": 0})()


class _Late(e.Paused):
    """A subclass: the walks took it as a `Paused` (isinstance), and so must the scan."""


def _events(rng: random.Random, n: int, in_order: bool) -> list[e.Event]:
    sids = ["a", "b", "c"]
    events: list[e.Event] = []
    t = 0.0
    for _ in range(n):
        t = t + rng.choice([0.0, 0.5, 1.25, 3.0]) if in_order else rng.uniform(0.0, 100.0)
        sid = rng.choice(sids)
        events.append(
            rng.choice(
                [
                    e.SessionStarted(t, "l", "1", 3),
                    e.StepEntered(t, sid, 0),
                    e.StepLeft(t, sid, 0, rng.choice(["next", "back", "skip"])),
                    e.HoldPositionStarted(t, sid, rng.randrange(3), 12),
                    e.HoldPositionFinished(t, sid, rng.randrange(3), 3, 2),
                    e.BreathPhaseChanged(t, sid, 0, 1, "inhale"),
                    e.BreathPhaseChanged(t, sid, 0, 1, "exhale"),
                    e.BreathPhaseChanged(t, sid, 0, 2, "inhale"),
                    e.TimerDone(t, sid),
                    e.ReminderShown(
                        t, f"k{rng.randrange(3)}", "x", rng.random() < 0.5, "every", sid
                    ),
                    e.ReminderAcknowledged(t, f"k{rng.randrange(3)}"),
                    e.CheckinAnswered(
                        t, sid, "Q?", rng.random() < 0.5, "goto", rng.choice(sids), None
                    ),
                    e.ChecklistToggled(t, sid, rng.randrange(3), rng.random() < 0.6),
                    e.Rated(t, sid, rng.randrange(3), Rating.GOOD),
                    e.NoteWritten(t, sid, rng.choice(["", " ", "note"])),
                    e.ReviewSaved(t, "review"),
                    e.Paused(t),
                    _Late(t),
                    e.Resumed(t, 1.0),
                    e.Stopped(t, rng.choice([None, *sids])),
                    e.StopResolved(t, rng.choice(["resume", "back", "end"])),
                    e.SessionEnded(t, rng.choice(["finished", "stopped"]), None),
                    e.Recovered(t, "back"),
                ]
            )
        )
    return events


def _scanned(events: list[e.Event], walls: list[str | None]) -> dict[str, Any]:
    scan = _Scan(events, walls, _Flat())
    return {
        "intervals": scan.timeline.intervals,
        "pauses": scan.timeline.pauses,
        "visits": [
            (v.step_id, v.index, v.start, v.end, v.reason, v.positions) for v in scan.visits
        ],
        "end": scan.end,
        "last_t": scan.last_t,
        "started_t": scan.started_t,
        "end_t": scan.end_t,
        "ended_wall": scan.ended_wall,
        "checkins": scan.checkins,
        "reminders": scan.reminders,
        "stops": scan.stops,
        "interruptions": scan.interruptions,
        "checked": scan.checked,
        "ratings": scan.ratings,
        "notes": scan.notes,
        "review": scan.review,
    }


@pytest.mark.parametrize("in_order", [True, False])
@pytest.mark.parametrize("seed", range(40))
def test_one_scan_gives_what_the_seven_walks_gave(seed: int, in_order: bool) -> None:
    rng = random.Random(seed)
    events = _events(rng, rng.choice([0, 1, 5, 60, 300]), in_order)
    walls = [
        rng.choice([None, "garbage", f"2026-11-25T14:{rng.randrange(60):02d}:00+01:00"])
        for _ in events
    ]
    want, got = _reference(events, walls), _scanned(events, walls)
    assert want.keys() == got.keys()
    for key, value in want.items():
        assert got[key] == value, key
        assert repr(got[key]) == repr(value), key  # the same types too (0 is not 0.0)
