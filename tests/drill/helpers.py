"""Small lessons and a wall clock that moves only when told, for the drill tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from coach.lesson.model import Lesson
from coach.lesson.validate import build

START = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


class FakeWall:
    """The moment FSRS schedules from; `day(n)` jumps to 09:00 UTC n days after START."""

    def __init__(self, moment: datetime = START) -> None:
        self.moment = moment

    def __call__(self) -> datetime:
        return self.moment

    def advance(self, **delta: float) -> datetime:
        self.moment += timedelta(**delta)
        return self.moment

    def day(self, n: int) -> datetime:
        self.moment = START + timedelta(days=n)
        return self.moment


def mini(lesson_id: str = "mini", *, steps: list[dict[str, Any]] | None = None) -> Lesson:
    """Two sections, four steps (a hold with its own breaths and notes, and safety text)."""
    work = steps or [
        {
            "id": "c",
            "kind": "hold",
            "title": "Hold x[/]y",
            "depth": "surface",
            "breaths": 3,
            "positions": [{"at": 12, "breaths": 5, "note": "[b]gentle[/b]"}, 6],
            "safety": "Stop at any sharp pain.",
        },
        {"id": "d", "kind": "timed", "title": "Rest", "seconds": 30},
    ]
    return build(
        Lesson,
        {
            "id": lesson_id,
            "title": f"Mini {lesson_id} [b]lesson[/b]",
            "summary": "s",
            "minutes": 5,
            "sections": [
                {
                    "id": "prepare",
                    "title": "Prepare",
                    "steps": [
                        {"id": "a", "title": "Wash hands", "do": "Soap, 20 s", "cue": "clean"},
                        {
                            "id": "b",
                            "kind": "checklist",
                            "title": "Tools",
                            "items": ["lube", "gloves"],
                        },
                    ],
                },
                {"id": "work", "title": "Work", "steps": work},
            ],
        },
    )
