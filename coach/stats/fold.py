"""A person's practice history, folded from session records and drill reviews.

`coach stats` and the stats screen show the same `Stats`, computed here from
plain records (`SessionRecord`, one per journal, and the drill memory's
reviews) with no I/O, so every figure is tested with hand-made inputs and a
fixed day. Per lesson and overall:

- sessions and drill reviews per local day (the chart), minutes practised;
- the streak: consecutive days with any practice, up to today (a streak is
  not broken yet if the learner has not practised today);
- the weakest steps: most often skipped in sessions, rated bad in feedback,
  or graded again / hard in drills;
- the retention FSRS predicts now (mean over the lesson's drilled cards), the
  cards due today and how many fall due in each of the next seven days.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from coach.drill.scheduler import end_of_day, retrievability
from coach.drill.store import EVERY_LESSON_ID, Memory

WEAKEST = 5
FORECAST_DAYS = 7
Titles = Callable[[str, str], str]  # (lesson id, step id) -> step title


@dataclass(frozen=True, slots=True)
class SessionRecord:
    """What stats needs of one journal."""

    lesson_id: str
    lesson_title: str
    mode: str  # run, present, rehearse
    day: date
    minutes: float
    skipped: tuple[str, ...] = ()  # step ids left with "skip"
    rated_bad: tuple[str, ...] = ()  # step ids with a feedback item rated bad


@dataclass(frozen=True, slots=True)
class WeakStep:
    lesson_id: str
    step_id: str
    title: str
    skipped: int
    bad: int
    again: int
    hard: int

    @property
    def score(self) -> int:
        return self.skipped + self.bad + self.again + self.hard


@dataclass(frozen=True)
class Practice:
    """The figures for one lesson (`lesson_id`) or for everything (`lesson_id` None)."""

    lesson_id: str | None
    title: str
    sessions: int = 0
    drills: int = 0
    reviews: int = 0
    minutes: float = 0.0
    streak: int = 0
    active_days: int = 0
    sessions_by_day: dict[date, int] = field(default_factory=dict)
    reviews_by_day: dict[date, int] = field(default_factory=dict)
    weakest: tuple[WeakStep, ...] = ()
    cards: int = 0
    due_today: int = 0
    forecast: tuple[int, ...] = ()  # cards falling due on each of the next days
    retention: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "lesson_id": self.lesson_id,
            "title": self.title,
            "sessions": self.sessions,
            "drills": self.drills,
            "reviews": self.reviews,
            "minutes": round(self.minutes, 1),
            "streak_days": self.streak,
            "active_days": self.active_days,
            "sessions_by_day": {d.isoformat(): n for d, n in sorted(self.sessions_by_day.items())},
            "reviews_by_day": {d.isoformat(): n for d, n in sorted(self.reviews_by_day.items())},
            "weakest_steps": [
                {
                    "lesson_id": w.lesson_id,
                    "step_id": w.step_id,
                    "title": w.title,
                    "skipped": w.skipped,
                    "rated_bad": w.bad,
                    "again": w.again,
                    "hard": w.hard,
                }
                for w in self.weakest
            ],
            "cards": self.cards,
            "due_today": self.due_today,
            "forecast_next_days": list(self.forecast),
            "predicted_retention": None if self.retention is None else round(self.retention, 4),
        }


@dataclass(frozen=True)
class Stats:
    today: date
    overall: Practice
    lessons: tuple[Practice, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "stats": 1,
            "today": self.today.isoformat(),
            "overall": self.overall.to_dict(),
            "lessons": [p.to_dict() for p in self.lessons],
        }


def streak(days: Iterable[date], today: date) -> int:
    """Consecutive practice days ending today, or yesterday if today is still open."""
    practised = set(days)
    day = today if today in practised else today - timedelta(days=1)
    count = 0
    while day in practised:
        count += 1
        day -= timedelta(days=1)
    return count


class _Tally:
    """Running totals for one lesson (or for all)."""

    def __init__(self) -> None:
        self.sessions = 0
        self.drills = 0
        self.minutes = 0.0
        self.sessions_by_day: Counter[date] = Counter()
        self.reviews_by_day: Counter[date] = Counter()
        self.weak: dict[tuple[str, str], Counter[str]] = {}
        self.retention: list[float] = []
        self.due_today = 0
        self.forecast = [0] * FORECAST_DAYS

    def mark(self, lesson_id: str, step_id: str, what: str, count: int = 1) -> None:
        self.weak.setdefault((lesson_id, step_id), Counter())[what] += count

    def practice(self, lesson_id: str | None, title: str, today: date, titles: Titles) -> Practice:
        ranked = sorted(
            self.weak.items(), key=lambda item: (-item[1].total(), item[0][0], item[0][1])
        )
        weakest = tuple(
            WeakStep(lid, sid, titles(lid, sid), c["skip"], c["bad"], c["again"], c["hard"])
            for (lid, sid), c in ranked[:WEAKEST]
        )
        days = set(self.sessions_by_day) | set(self.reviews_by_day)
        return Practice(
            lesson_id=lesson_id,
            title=title,
            sessions=self.sessions,
            drills=self.drills,
            reviews=sum(self.reviews_by_day.values()),
            minutes=self.minutes,
            streak=streak(days, today),
            active_days=len(days),
            sessions_by_day=dict(self.sessions_by_day),
            reviews_by_day=dict(self.reviews_by_day),
            weakest=weakest,
            cards=len(self.retention),
            due_today=self.due_today,
            forecast=tuple(self.forecast),
            retention=sum(self.retention) / len(self.retention) if self.retention else None,
        )


def fold_stats(
    records: Iterable[SessionRecord],
    memory: Memory,
    now: datetime,
    *,
    lesson_titles: Mapping[str, str] | None = None,
    titles: Titles | None = None,
) -> Stats:
    """Every figure of the stats screen from the records, the drill memory and `now`."""
    today = now.astimezone().date()
    names: dict[str, str] = dict(lesson_titles or {})
    step_title: Titles = titles or (lambda _lesson, step: step)
    overall = _Tally()
    per: dict[str, _Tally] = {}

    def tally(lesson_id: str) -> _Tally:
        return per.setdefault(lesson_id, _Tally())

    for record in records:
        targets = [overall]
        if record.lesson_id != EVERY_LESSON_ID:  # a drill of what was due everywhere
            targets.append(tally(record.lesson_id))
            names.setdefault(record.lesson_id, record.lesson_title or record.lesson_id)
        for t in targets:
            t.minutes += record.minutes
            if record.mode == "rehearse":
                t.drills += 1
            else:
                t.sessions += 1
                t.sessions_by_day[record.day] += 1
            for step_id in record.skipped:
                t.mark(record.lesson_id, step_id, "skip")
            for step_id in record.rated_bad:
                t.mark(record.lesson_id, step_id, "bad")

    # Reviews are many: count them by (lesson, day) and (lesson, step, rating) first.
    by_day: Counter[tuple[str, date]] = Counter()
    weak: Counter[tuple[str, str, int]] = Counter()
    for review in memory.reviews:
        lesson_id = review.key.lesson_id
        by_day[lesson_id, review.when.astimezone().date()] += 1
        if review.rating <= 2:
            weak[lesson_id, review.key.step_id, review.rating] += 1
    for (lesson_id, day), count in by_day.items():
        names.setdefault(lesson_id, lesson_id)
        for t in (overall, tally(lesson_id)):
            t.reviews_by_day[day] += count
    for (lesson_id, step_id, rating), count in weak.items():
        for t in (overall, tally(lesson_id)):
            t.mark(lesson_id, step_id, "again" if rating == 1 else "hard", count)

    tonight = end_of_day(now)
    for key, card in memory.cards.items():
        lesson = tally(key.lesson_id)
        names.setdefault(key.lesson_id, key.lesson_id)
        chance = retrievability(card, now) if card.last_review is not None else None
        days_out = (card.due - tonight).days if card.due >= tonight else -1
        for t in (overall, lesson):
            if chance is not None:
                t.retention.append(chance)
            if days_out < 0:
                t.due_today += 1
            elif days_out < FORECAST_DAYS:
                t.forecast[days_out] += 1

    lessons = tuple(
        per[lid].practice(lid, names.get(lid, lid), today, step_title) for lid in sorted(per)
    )
    return Stats(today, overall.practice(None, "All lessons", today, step_title), lessons)
