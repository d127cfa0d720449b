"""Events survive the journal: dict -> JSON -> dict -> event is exact, bad lines fail clearly."""

from __future__ import annotations

import dataclasses
import json

import pytest

from coach.engine import commands as c
from coach.engine import events as e
from coach.engine.decoding import event_from_dict
from coach.errors import CoachError
from coach.lesson.model import Rating

from .helpers import drive

SAMPLES: list[e.Event] = [
    e.SessionStarted(0.0, "tour", "1", 8),
    e.StepEntered(1.5, "a.1", 0),
    e.StepLeft(2.25, "a.1", 0, "skip"),
    e.TimerDone(60.0, "t"),
    e.HoldPositionStarted(3.0, "h", 0, 12),
    e.HoldPositionFinished(13.0, "h", 0, 12, 2),
    e.BreathPhaseChanged(4.0, "h", 0, 1, "exhale"),
    e.ReminderShown(5.0, "h/before/0", "Lube", True, "before", "h"),
    e.ReminderShown(5.0, "lesson/every/0", "Lube", False, "every", None),
    e.ReminderAcknowledged(6.0, "h/before/0"),
    e.CheckinAnswered(7.0, "q", "OK?", False, "stop", None, "Thanks"),
    e.ChecklistToggled(8.0, "l", 1, True),
    e.Rated(9.0, "f", 0, Rating.BAD),
    e.NoteWritten(10.0, "f", "ünïcode \x1b[31m [b]markup[/b]"),
    e.Paused(11.0),
    e.Resumed(12.0, 1.0000000000000002),
    e.Stopped(13.0, None),
    e.StopResolved(14.0, "back"),
    e.ReviewSaved(15.0, "line one\nline two"),
    e.SessionEnded(16.0, "checkin", "Please stop."),
    e.SessionEnded(16.0, "finished"),
    e.LeadIn(16.5, "t"),
    e.Ready(16.75, "t"),
    e.Recovered(17.0, "Resumed mid-hold: 6 o'clock starts again from the first breath."),
    e.ProjectorBlanked(18.0, True),
]


def test_every_event_type_has_a_sample() -> None:
    assert {type(s).__name__ for s in SAMPLES} == set(e.EVENT_TYPES)


@pytest.mark.parametrize("event", SAMPLES, ids=lambda ev: type(ev).__name__)
def test_round_trip_through_json(event: e.Event) -> None:
    line = json.dumps(e.event_to_dict(event))
    back = event_from_dict(json.loads(line))
    assert back == event
    assert type(back) is type(event)
    assert e.event_to_dict(back) == e.event_to_dict(event)


def test_a_real_session_round_trips() -> None:
    session = drive(
        "main",
        [c.Start(), c.Next(), c.Toggle(0), 70.0, c.JumpTo("hold"), 13.0, c.Pause(), 2.5,
         c.Resume(), c.Next(), c.JumpTo("rate"), c.Rate(1, Rating.GOOD), c.Stop(), c.StopChoice("end")],
    )
    lines = [json.dumps(e.event_to_dict(ev)) for ev in session.events]
    assert [event_from_dict(json.loads(x)) for x in lines] == session.events


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "JSON object"),
        ({"t": 1.0}, "no event type"),
        ({"type": "Exploded", "t": 1.0}, "unknown event type 'Exploded'"),
        ({"type": "Paused"}, "missing field 't'"),
        ({"type": "Paused", "t": 1.0, "x": 1}, "unexpected field(s) x"),
        ({"type": "Paused", "t": "soon"}, "'t' has a bad value"),
        ({"type": "Paused", "t": True}, "'t' has a bad value"),
        ({"type": "Paused", "t": float("nan")}, "'t' has a bad value"),
        ({"type": "StepEntered", "t": 1.0, "step_id": "a", "index": 1.5}, "'index'"),
        ({"type": "StepLeft", "t": 1.0, "step_id": "a", "index": 1, "reason": "bored"}, "'reason'"),
        ({"type": "Rated", "t": 1.0, "step_id": "a", "item": 0, "rating": "great"}, "'rating'"),
        ({"type": "Stopped", "t": 1.0, "step_id": 3}, "'step_id'"),
    ],
)
def test_bad_dicts_raise_a_coach_error(data: object, message: str) -> None:
    with pytest.raises(e.EventError) as info:
        event_from_dict(data)
    assert isinstance(info.value, CoachError)
    assert message in str(info.value)


def test_optional_field_with_default_may_be_left_out() -> None:
    assert event_from_dict({"type": "SessionEnded", "t": 1, "reason": "finished"}) == e.SessionEnded(1.0, "finished")


def test_events_are_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        SAMPLES[0].t = 5.0  # type: ignore[misc]
