"""Stats read from real journals and a real drill memory (the benchmark's inputs, small)."""

from __future__ import annotations

from pathlib import Path

from benchmarks.stats_year import make_year, open_stats
from coach.stats.load import load_stats


def test_a_few_days_of_journals_and_reviews(coach_home: Path) -> None:
    make_year(coach_home, days=4, reviews=60)
    stats, notes = load_stats()
    assert notes == []
    overall = stats.overall
    assert (overall.sessions, overall.reviews, overall.streak) == (4, 60, 4)
    assert overall.minutes > 4 * 20  # each run: every step of the guided lesson, 30 s each
    [guided] = stats.lessons
    assert guided.title == "Guided prostate massage"
    weakest = guided.weakest[0]
    assert weakest.score > 0 and weakest.title != weakest.step_id  # named by its title
    assert sum(w.skipped for w in guided.weakest) > 0
    assert open_stats(4, 60) < 5


def test_an_unreadable_journal_is_counted_in_a_note(coach_home: Path) -> None:
    make_year(coach_home, days=2, reviews=4)
    (coach_home / "data" / "sessions" / "20260101-000000-dead.jsonl").write_bytes(b"garbage\n")
    stats, notes = load_stats()
    assert stats.overall.sessions == 2
    assert notes == ["1 journal(s) could not be read; see `coach sessions`"]
