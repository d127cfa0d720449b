"""What a drill memory holds: cards, their FSRS schedule, and the reviews given.

Why a module of its own: the store (reading and writing the file) and the
scheduler (FSRS) both speak these types, and the store's migration of old
files replays grades through the scheduler; with the types here, neither
module imports the other both ways.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal, NamedTuple

Ask = Literal["do", "next"]
ASKS: tuple[Ask, ...] = ("do", "next")
RATINGS: tuple[str, ...] = ("again", "hard", "good", "easy")  # FSRS ratings 1..4


class CardKey(NamedTuple):
    """Which card: a step of a lesson, and what it asks (what is done / what comes next)."""

    lesson_id: str
    step_id: str
    ask: Ask


@dataclass(frozen=True, slots=True)
class CardState:
    """One card's FSRS state (`fsrs.Card` fields, without its numeric id)."""

    state: int  # 1 learning, 2 review, 3 relearning
    step: int | None
    stability: float | None
    difficulty: float | None
    due: datetime
    last_review: datetime | None


@dataclass(frozen=True, slots=True)
class Review:
    """One grade given in a drill: when (UTC), which card, the FSRS rating 1..4."""

    when: datetime
    key: CardKey
    rating: int


@dataclass
class Memory:
    """Every card a person has drilled, and every review, in the order given."""

    cards: dict[CardKey, CardState] = field(default_factory=dict)
    reviews: list[Review] = field(default_factory=list)

    def lessons(self) -> list[str]:
        """Lesson ids with at least one card, sorted."""
        return sorted({key.lesson_id for key in self.cards})
