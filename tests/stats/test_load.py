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


def test_marks_are_cached_until_a_journal_changes(coach_home: Path) -> None:
    from coach import paths
    from coach.stats.marks import FILE_NAME

    make_year(coach_home, days=3, reviews=3)
    first, _ = load_stats()
    cache = paths.cache_dir() / FILE_NAME
    assert cache.is_file() and (cache.stat().st_mode & 0o777) == 0o600
    assert load_stats()[0].lessons == first.lessons  # served from the cache: same figures
    # a journal that grows is read again
    journal = sorted((coach_home / "data" / "sessions").glob("*.jsonl"))[0]
    with journal.open("a") as handle:
        handle.write(
            '{"type": "StepLeft", "t": 9999, "step_id": "consent", "index": 0, "reason": "skip"}\n'
        )
    grown, _ = load_stats()
    skips = {w.step_id: w.skipped for w in grown.lessons[0].weakest}
    before = {w.step_id: w.skipped for w in first.lessons[0].weakest}
    assert skips.get("consent", 0) == before.get("consent", 0) + 1


def test_a_corrupt_marks_cache_is_ignored(coach_home: Path) -> None:
    from coach import paths
    from coach.stats.marks import FILE_NAME

    make_year(coach_home, days=2, reviews=2)
    expected, _ = load_stats()
    for content in (b"{", b"[" * 100_000, b'{"version": 1, "journals": {"x": [1, 2, 3]}}'):
        (paths.cache_dir() / FILE_NAME).write_bytes(content)
        assert load_stats()[0].lessons == expected.lessons
