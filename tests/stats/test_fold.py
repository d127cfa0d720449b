"""The practice history fold: streaks, per-day counts, weakest steps, retention, JSON."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest
from rich.console import Console

from coach.drill.scheduler import review_card
from coach.drill.store import CardKey, Memory
from coach.stats.fold import SessionRecord, fold_stats, streak
from coach.stats.render import stats_renderable

TODAY = date(2026, 12, 10)
NOW = datetime(2026, 12, 10, 12, 0, tzinfo=UTC)


def _days(*offsets: int) -> list[date]:
    return [TODAY - timedelta(days=n) for n in offsets]


@pytest.mark.parametrize(
    ("days", "expected"),
    [
        ([], 0),
        (_days(0), 1),
        (_days(1), 1),  # not practised yet today: yesterday's streak still stands
        (_days(2), 0),
        (_days(0, 1, 2), 3),
        (_days(1, 2, 3, 5), 3),
        (_days(0, 2, 3), 1),
        (_days(0, 0, 1), 2),
    ],
)
def test_streak(days: list[date], expected: int) -> None:
    assert streak(days, TODAY) == expected


def _record(lesson: str, day: int, mode: str = "run", **kw: object) -> SessionRecord:
    return SessionRecord(lesson, lesson.title(), mode, TODAY - timedelta(days=day), 10.0, **kw)  # type: ignore[arg-type]


def test_sessions_drills_and_reviews_are_counted_per_lesson_and_overall() -> None:
    memory = Memory()
    review_card(memory, CardKey("alpha", "s1", "do"), 1, NOW - timedelta(days=1))
    review_card(memory, CardKey("alpha", "s1", "do"), 3, NOW - timedelta(hours=1))
    review_card(memory, CardKey("beta", "s9", "do"), 4, NOW - timedelta(hours=2))
    records = [
        _record("alpha", 0, skipped=("s2", "s2")),
        _record("alpha", 3, rated_bad=("s1",)),
        _record("beta", 1),
        _record("due", 0, mode="rehearse"),  # a drill of every lesson: overall only
        _record("alpha", 1, mode="rehearse"),
    ]
    stats = fold_stats(records, memory, NOW)
    overall = stats.overall
    assert (overall.sessions, overall.drills, overall.reviews) == (3, 2, 3)
    assert overall.minutes == 50.0
    assert overall.streak == 2 and overall.active_days == 3
    assert overall.sessions_by_day == {
        TODAY: 1,
        TODAY - timedelta(days=3): 1,
        TODAY - timedelta(days=1): 1,
    }
    assert overall.reviews_by_day == {TODAY: 2, TODAY - timedelta(days=1): 1}
    alpha, beta = stats.lessons
    assert (alpha.lesson_id, alpha.sessions, alpha.drills, alpha.reviews) == ("alpha", 2, 1, 2)
    assert (beta.lesson_id, beta.sessions, beta.drills, beta.reviews) == ("beta", 1, 0, 1)
    # s1: forgotten once and rated bad once; s2: skipped twice
    assert [(w.step_id, w.skipped, w.bad, w.again) for w in alpha.weakest] == [
        ("s1", 0, 1, 1),
        ("s2", 2, 0, 0),
    ]
    assert alpha.cards == 1 and 0.5 < (alpha.retention or 0) <= 1
    assert alpha.due_today == 1  # still learning: due again ten minutes after "good"
    assert beta.due_today == 0 and sum(beta.forecast) == 0  # easy: eight days out
    data = json.loads(json.dumps(stats.to_dict()))
    assert data["overall"]["streak_days"] == 2
    assert data["lessons"][0]["weakest_steps"][0]["step_id"] == "s1"


def test_no_practice_at_all() -> None:
    stats = fold_stats([], Memory(), NOW)
    assert stats.lessons == () and stats.overall.retention is None and stats.overall.streak == 0
    console = Console(width=90, record=True, file=open("/dev/null", "w"))  # noqa: SIM115
    console.print(stats_renderable(stats, width=90))
    assert "No weak steps yet" in console.export_text()


def test_lesson_text_is_shown_literally() -> None:
    records = [
        SessionRecord("x", "[bold red]Title[/]\x1b[2J", "run", TODAY, 5.0, skipped=("x[/]y",))
    ]
    stats = fold_stats(records, Memory(), NOW, titles=lambda _l, step: f"[link=evil]{step}")
    console = Console(width=100, record=True, file=open("/dev/null", "w"))  # noqa: SIM115
    console.print(stats_renderable(stats, width=100))
    text = console.export_text()
    assert "[bold red]Title[/]\\x1b[2J" in text
    assert "[link=evil]x[/]y" in text
