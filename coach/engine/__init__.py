"""The session engine: a pure state machine from commands to events.

No Textual, no I/O, no clock of its own: the UI, the journal and the report
build on `decide` / `evolve` / `replay` / `view` over a `CompiledLesson`, and
tests drive time with `FakeClock`.
"""

from __future__ import annotations

from coach.engine import commands, events
from coach.engine.clock import Clock, FakeClock, MonotonicClock
from coach.engine.compiled import CompiledLesson, EngineError, compile_lesson
from coach.engine.decide import apply, decide, next_deadline
from coach.engine.decoding import event_from_dict
from coach.engine.events import Event, EventError, event_to_dict
from coach.engine.evolve import INITIAL, current_step, evolve, replay
from coach.engine.refusals import NEXT_GUARD_SECONDS, why_refused
from coach.engine.session import Session
from coach.engine.state import HoldView, PendingReminder, State, TimerView, View
from coach.engine.view import view

__all__ = [
    "INITIAL",
    "NEXT_GUARD_SECONDS",
    "Clock",
    "CompiledLesson",
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
    "compile_lesson",
    "current_step",
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
