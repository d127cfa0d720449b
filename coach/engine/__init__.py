"""The session engine: a pure state machine from commands to events.

No Textual, no I/O, no clock of its own: the UI, the journal and export all
build on `apply` / `replay` / `view`, and tests drive time with `FakeClock`.
"""

from __future__ import annotations

from coach.engine import commands, events
from coach.engine.clock import Clock, FakeClock, MonotonicClock
from coach.engine.events import Event, EventError, event_from_dict, event_to_dict
from coach.engine.machine import (
    INITIAL,
    EngineError,
    Session,
    apply,
    decide,
    evolve,
    next_deadline,
    replay,
    why_refused,
)
from coach.engine.state import HoldView, PendingReminder, State, TimerView, View
from coach.engine.view import view

__all__ = [
    "INITIAL",
    "Clock",
    "EngineError",
    "Event",
    "EventError",
    "FakeClock",
    "HoldView",
    "MonotonicClock",
    "PendingReminder",
    "Session",
    "State",
    "TimerView",
    "View",
    "apply",
    "commands",
    "decide",
    "event_from_dict",
    "event_to_dict",
    "events",
    "evolve",
    "next_deadline",
    "replay",
    "view",
    "why_refused",
]
