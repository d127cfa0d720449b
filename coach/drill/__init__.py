"""Rehearsal: spaced-repetition recall drills over lessons' steps, without Textual.

`store` is the person's drill memory (one private, atomic, versioned file),
`scheduler` says when each card is due (FSRS), `cards` picks a drill's cards
and what each shows, `model` is the pure drill (events in, state out),
`session` a drill journaled like any session, and `export` its Markdown
summary. The rehearse screen lives in `coach.ui.rehearse`.
"""

from __future__ import annotations

from coach.drill.cards import Face, drill_queue, face, lesson_cards
from coach.drill.model import WEAK, Drill, DrillState, replay_drill
from coach.drill.session import DrillSession
from coach.drill.store import RATINGS, CardKey, Memory, load_memory, save_memory

__all__ = [
    "RATINGS",
    "WEAK",
    "CardKey",
    "Drill",
    "DrillSession",
    "DrillState",
    "Face",
    "Memory",
    "drill_queue",
    "face",
    "lesson_cards",
    "load_memory",
    "replay_drill",
    "save_memory",
]
