"""The class view's feed: which session it follows, what it shows, and no ghosts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coach.engine import commands as c
from coach.engine.clock import FakeClock
from coach.follower import GETTING_READY_MESSAGE, SEARCH_EVERY, find_live, read_header
from coach.journal.header import JournalError
from coach.web.feed import LIVE_CHECK, SessionFeed

from ..drivers import advance_to
from .conftest import Instructor, start_hold


class Ticker:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.seconds = 100.0

    def __call__(self) -> float:
        return self.seconds

    def advance(self, seconds: float) -> None:
        self.seconds += seconds


def feed_for(sessions: Path, **kwargs: object) -> tuple[SessionFeed, Ticker]:
    ticker = Ticker()
    return SessionFeed(directory=sessions, monotonic=ticker, **kwargs), ticker  # type: ignore[arg-type]


def test_waits_for_a_session_and_never_repeats_a_snapshot(sessions: Path) -> None:
    feed, ticker = feed_for(sessions)
    shot = feed.poll()
    assert shot is not None and shot["state"] == "waiting"
    ticker.advance(SEARCH_EVERY)
    assert feed.poll() is None  # nothing changed: nothing to send


def test_follows_the_live_session_and_each_command(sessions: Path, instructor: Instructor) -> None:
    session = instructor.start()
    feed, _ticker = feed_for(sessions)
    shot = feed.poll()
    assert shot is not None and shot["state"] == "live" and shot["status"] == "idle"
    assert shot["lesson"] == "A short tour"
    session.do(c.Start())
    shot = feed.poll()
    assert shot is not None and shot["status"] == "running"
    assert shot["step"]["title"] == "Settle in" and shot["number"] == 1
    session.do(c.Next())
    shot = feed.poll()
    assert shot is not None and shot["step"]["title"] == "Ready?"
    assert shot["step"]["items"]  # a checklist's items are for the class too


def test_instructor_notes_never_reach_the_class(sessions: Path, instructor: Instructor) -> None:
    session = instructor.start()
    session.do(c.Start())
    feed, _ticker = feed_for(sessions)
    first = json.dumps(feed.poll())
    assert "Settle in" in first
    assert "Give people a moment" not in first  # the step's note:
    start_hold(session)
    shot = feed.poll()
    assert shot is not None and shot["hold"]["positions"] == [12, 3, 6, 9]
    hold = json.dumps(shot)
    assert "Stay here a little longer" not in hold  # a hold position's note:


def test_a_hold_is_sent_as_deadlines(sessions: Path, instructor: Instructor) -> None:
    session = instructor.start()
    start_hold(session)
    feed, ticker = feed_for(sessions)
    shot = feed.poll()
    assert shot is not None
    hold = shot["hold"]
    assert hold["positions"] == [12, 3, 6, 9] and hold["hour"] == 12
    assert hold["running"] and hold["phase"] == "inhale"
    assert hold["phase_end_ms"] - hold["phase_start_ms"] == 3000  # the tour's inhale
    assert hold["end_ms"] > hold["phase_end_ms"]
    assert shot["timer"] == {
        "mode": "down",
        "seconds": None,
        "target": 41.0,
        "done": False,
        "running": True,
        "deadline_ms": hold["end_ms"],
    }
    # Until the next phase nothing changes, so nothing is sent.
    ticker.advance(0.2)
    assert feed.poll() is None


def test_a_lead_in_shows_getting_ready_and_no_running_clock(
    sessions: Path, instructor: Instructor
) -> None:
    clock = FakeClock()
    session = instructor.start(clock=clock)
    advance_to(session, "timed")
    session.do(c.AckReminder())  # the tour's quiet moment asks for an ack first
    clock.advance(5.0)  # the class waits while the instructor gets ready
    feed, _ticker = feed_for(sessions)
    shot = feed.poll()
    assert shot is not None and shot["status"] == "running" and shot["waiting_ready"]
    assert shot["message"] == GETTING_READY_MESSAGE
    assert shot["timer"] == {
        "mode": "down",
        "seconds": 20.0,  # the whole countdown, not started
        "target": 20.0,
        "done": False,
        "running": False,
    }
    session.do(c.Ready())
    shot = feed.poll()
    assert shot is not None and not shot["waiting_ready"] and shot["message"] == ""
    assert shot["timer"]["running"] and shot["timer"]["deadline_ms"] is not None

    advance_to(session, "hold")
    shot = feed.poll()
    assert shot is not None and shot["waiting_ready"]
    assert shot["message"] == GETTING_READY_MESSAGE
    assert shot["hold"] is None and shot["timer"] is None  # no pacer until ready
    session.do(c.Ready())
    shot = feed.poll()
    assert shot is not None and shot["message"] == "" and shot["hold"]["running"]


def test_a_pause_freezes_the_clocks(sessions: Path, instructor: Instructor) -> None:
    clock = FakeClock()
    session = instructor.start(clock=clock)
    start_hold(session)
    clock.advance(2.0)  # well into the first inhale
    session.do(c.Pause())
    feed, _ticker = feed_for(sessions)
    shot = feed.poll()
    assert shot is not None and shot["status"] == "paused"
    assert shot["message"] == "Paused by the instructor"
    assert not shot["hold"]["running"] and shot["hold"]["fraction"] is not None
    assert not shot["timer"]["running"] and shot["timer"]["seconds"] > 0


def test_the_ghost_stops_when_the_writer_is_gone(sessions: Path, instructor: Instructor) -> None:
    session = instructor.start()
    start_hold(session)
    feed, ticker = feed_for(sessions)
    assert feed.poll()["state"] == "live"  # type: ignore[index]
    session.close()  # the instructor's coach quits (the OS drops the lock)
    ticker.advance(LIVE_CHECK)
    shot = feed.poll()
    assert shot is not None and shot["state"] == "stopped"
    assert shot["message"] == "The instructor's coach stopped"
    assert shot["timer"] is None and shot["hold"] is None  # nothing animates any more


def test_moves_on_to_the_next_session_by_itself(sessions: Path, instructor: Instructor) -> None:
    first = instructor.start()
    first.do(c.Start())
    feed, ticker = feed_for(sessions)
    assert feed.poll()["step"]["title"] == "Settle in"  # type: ignore[index]
    first.close()
    ticker.advance(LIVE_CHECK)
    assert feed.poll()["state"] == "stopped"  # type: ignore[index]
    second = instructor.start("guided")
    ticker.advance(SEARCH_EVERY)
    shot = feed.poll()
    assert shot is not None and shot["state"] == "live"
    assert feed.follower.path == second.writer.path
    assert shot["lesson"] == second.lesson.title


def test_lesson_picks_the_newest_live_session_of_that_lesson(
    sessions: Path, instructor: Instructor
) -> None:
    tour = instructor.start("tour")
    instructor.start("guided")
    instructor.start("tour", mode="rehearse")  # a drill is never followed
    feed, _ = feed_for(sessions, lesson="tour")
    feed.poll()
    assert feed.follower.path == tour.writer.path


def test_a_finished_session_is_not_followed_and_a_closed_one_is_not_live(
    sessions: Path, instructor: Instructor
) -> None:
    old = instructor.start()
    old.close()
    assert find_live(sessions, None) is None
    live = instructor.start()
    assert find_live(sessions, None) == live.writer.path
    assert read_header(live.writer.path).session == live.session_id  # type: ignore[union-attr]


def test_a_named_session_is_followed_even_when_stopped(
    sessions: Path, instructor: Instructor
) -> None:
    session = instructor.start()
    session.do(c.Start())
    session.close()
    instructor.start()  # newer and live, but not the one asked for
    feed, _ = feed_for(sessions, session=session.session_id)
    shot = feed.poll()
    assert shot is not None and shot["state"] == "stopped"
    assert feed.follower.path == session.writer.path


def test_an_unknown_session_is_a_clear_error(sessions: Path) -> None:
    with pytest.raises(JournalError, match="no session id starts with"):
        SessionFeed(directory=sessions, session="nope")


def test_a_journal_that_cannot_be_shown_is_refused_once(
    sessions: Path, instructor: Instructor
) -> None:
    session = instructor.start()

    def no_lesson(header: object) -> object:
        raise JournalError("the lesson `tour` is not installed")

    feed = SessionFeed(directory=sessions, lesson_for=no_lesson)  # type: ignore[arg-type]
    shot = feed.poll()
    assert shot is not None and shot["state"] == "unavailable"
    assert feed.problems == ["the lesson `tour` is not installed"]
    assert session.writer.path in feed.follower.refused
    assert feed.poll() is None


def test_the_ended_session_says_so(sessions: Path, instructor: Instructor) -> None:
    session = instructor.start()
    advance_to(session, "open")
    session.do(c.Stop())
    session.do(c.StopChoice("end"))
    feed, _ = feed_for(sessions)
    shot = feed.poll()
    assert shot is not None and shot["state"] == "ended"
    assert shot["message"].startswith("Session ended")


def test_lesson_text_reaches_the_page_only_as_visible_characters(
    sessions: Path, tmp_path: Path
) -> None:
    from coach.lesson import load_lesson
    from coach.live import LiveSession

    from ..conftest import LESSONS

    source = (LESSONS / "tour.yaml").read_text()
    assert "title: Settle in" in source
    tricky = source.replace(
        "title: Settle in", 'title: "Settle \\e[31min \\u202eni <b>&amp;</b>"', 1
    )
    path = tmp_path / "tour.yaml"
    path.write_text(tricky)
    session = LiveSession.start(load_lesson(path), path, directory=sessions)
    try:
        session.do(c.Start())
        feed, _ = feed_for(sessions)
        shot = feed.poll()
        assert shot is not None
        # Escapes stay readable characters; markup is left as text for textContent.
        assert shot["step"]["title"] == "Settle \\x1b[31min \\u202eni <b>&amp;</b>"
    finally:
        session.close()


def test_an_ended_session_gives_way_to_a_newer_live_one(
    sessions: Path, instructor: Instructor
) -> None:
    first = instructor.start()
    advance_to(first, "open")
    first.do(c.Stop())
    first.do(c.StopChoice("end"))  # ended, but its coach is still open (the summary)
    feed, ticker = feed_for(sessions)
    assert feed.poll()["state"] == "ended"  # type: ignore[index]
    ticker.advance(SEARCH_EVERY)
    assert feed.poll() is None  # nothing newer yet: the end stays on the page
    second = instructor.start("guided")
    ticker.advance(SEARCH_EVERY)
    shot = feed.poll()
    assert shot is not None and shot["state"] == "live" and shot["lesson"] == second.lesson.title


def test_a_replaced_journal_is_replayed_from_its_start(
    sessions: Path, instructor: Instructor
) -> None:
    session = instructor.start()
    session.do(c.Start())
    session.do(c.Next())
    feed, _ = feed_for(sessions)
    assert feed.poll()["number"] == 2  # type: ignore[index]
    path = session.writer.path
    lines = path.read_bytes().splitlines(keepends=True)
    replacement = path.with_suffix(".tmp")
    replacement.write_bytes(b"".join(lines[:3]))  # header, SessionStarted, StepEntered
    replacement.replace(path)  # a new file under the same name
    shot = feed.poll()
    assert shot is not None and shot["number"] == 1
