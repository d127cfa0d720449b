"""Rehearsal: recall drills over a lesson's steps, without Textual.

`model` is the pure drill (events in, state out), `store` the per-lesson
memory of weak steps, `session` a drill journaled like any session, and
`export` its Markdown summary. The rehearse screen lives in `coach.ui`.
"""

from __future__ import annotations

from coach.drill.model import (
    GRADES,
    Card,
    Drill,
    DrillState,
    Grade,
    card_for,
    drill_order,
    replay_drill,
)
from coach.drill.session import DrillSession
from coach.drill.store import Memory, load_memory, save_memory

__all__ = [
    "GRADES",
    "Card",
    "Drill",
    "DrillSession",
    "DrillState",
    "Grade",
    "Memory",
    "card_for",
    "drill_order",
    "load_memory",
    "replay_drill",
    "save_memory",
]
