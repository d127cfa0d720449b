"""Each rule of the engine as a row: a script of commands and clock moves, and the outcome."""

from __future__ import annotations

from dataclasses import replace

import pytest

from coach.engine import commands as c
from coach.engine import events as e
from coach.engine.view import view
from coach.lesson.model import Rating

from .helpers import drive, kinds

S, N, B, T = c.Start(), c.Next(), c.Back(), c.Tick()


# (case id, lesson, script, expected step id, expected status)
WHERE = [
    ("start enters the first step", "main", [S], "intro", "running"),
    ("instruction waits for Next", "main", [S, 500.0, T], "intro", "running"),
    ("next moves on", "main", [S, N], "list", "running"),
    ("checklist waits for Next", "main", [S, N, 90.0, T], "list", "running"),
    ("open step waits for Next", "main", [S, c.JumpTo("open"), 999.0, T], "open", "running"),
    ("timed step waits after its timer", "main", [S, c.JumpTo("timed"), 30.0, T], "timed", "running"),
    ("timed step: Next before the end", "main", [S, c.JumpTo("timed"), 3.0, N], "hold", "running"),
    ("auto_advance moves on by itself", "auto", [S, 5.0, T], "gate", "running"),
    ("auto_advance waits for an ack", "auto", [S, 20.0, T], "gate", "running"),
    ("an ack-gated timer starts at the ack", "auto", [S, 20.0, T, c.AckReminder(), 4.0, T], "gate", "running"),
    ("auto_advance after the ack", "auto", [S, 20.0, T, c.AckReminder(), 5.0, T], "end", "running"),
    ("feedback waits for Next", "main", [S, c.JumpTo("rate"), 60.0, T], "rate", "running"),
    ("review waits for Next", "main", [S, c.JumpTo("review"), 60.0, T], "review", "running"),
    ("back returns to the previous step", "main", [S, N, N, B], "list", "running"),
    ("back is the step before in lesson order", "main", [S, c.JumpTo("rate"), B], "ask", "running"),
    ("back twice", "main", [S, N, N, B, B], "intro", "running"),
    ("jump to any step", "main", [S, c.JumpTo("review")], "review", "running"),
    ("skip leaves the step", "main", [S, c.Skip()], "list", "running"),
    ("check-in yes continues", "main", [S, c.JumpTo("ask"), c.Answer(True)], "rate", "running"),
    ("check-in no stops", "main", [S, c.JumpTo("ask"), c.Answer(False)], "ask", "ended"),
    ("check-in repeat goes to the step before", "routes", [S, N, N, c.Answer(True)], "two", "running"),
    ("check-in goto", "routes", [S, N, N, c.Answer(False)], "one", "running"),
    ("next on the last step finishes", "main", [S, c.JumpTo("review"), N], "review", "ended"),
    ("finish ends at once", "main", [S, c.Finish()], "intro", "ended"),
    ("pause", "main", [S, c.Pause()], "intro", "paused"),
    ("resume", "main", [S, c.Pause(), 5.0, c.Resume()], "intro", "running"),
    ("stop", "main", [S, c.Stop()], "intro", "stopped"),
    ("stop from pause", "main", [S, c.Pause(), c.Stop()], "intro", "stopped"),
    ("stop then resume", "main", [S, c.Stop(), c.StopChoice("resume")], "intro", "running"),
    ("stop then back", "main", [S, N, c.Stop(), c.StopChoice("back")], "intro", "running"),
    ("stop then back on the first step restarts it", "main", [S, c.Stop(), c.StopChoice("back")], "intro", "running"),
    ("stop then end", "main", [S, N, c.Stop(), c.StopChoice("end")], "list", "ended"),
]


@pytest.mark.parametrize(("lesson_name", "script", "step_id", "status"), [w[1:] for w in WHERE], ids=[w[0] for w in WHERE])
def test_where_the_session_goes(lesson_name: str, script: list, step_id: str, status: str) -> None:
    session = drive(lesson_name, script)
    v = session.view()
    assert v.step is not None and v.step.id == step_id
    assert v.status == status


# (case id, lesson, script, refused command, the reason contains)
REFUSED = [
    ("nothing before start", "main", [], N, "Start"),
    ("start twice", "main", [S], S, "already"),
    ("check-in needs an answer", "main", [S, c.JumpTo("ask")], N, "Answer the question"),
    ("answer only at a check-in", "main", [S], c.Answer(True), "no question"),
    ("back on the first step", "main", [S], B, "first step"),
    ("unknown jump target", "main", [S], c.JumpTo("nope"), "no step"),
    ("toggle off a checklist", "main", [S], c.Toggle(0), "checklist"),
    ("toggle out of range", "main", [S, N], c.Toggle(2), "No such"),
    ("rate off a feedback step", "main", [S], c.Rate(0, Rating.GOOD), "nothing to rate"),
    ("rate out of range", "main", [S, c.JumpTo("rate")], c.Rate(5, Rating.GOOD), "No such"),
    ("review text off the review step", "main", [S], c.ReviewText("x"), "review step"),
    ("ack with nothing to ack", "main", [S], c.AckReminder(), "No reminder"),
    ("ack blocks next", "auto", [S, 5.0, T], N, "Acknowledge"),
    ("ack blocks skip", "auto", [S, 5.0, T], c.Skip(), "Acknowledge"),
    ("ack blocks jump", "auto", [S, 5.0, T], c.JumpTo("end"), "Acknowledge"),
    ("next while paused", "main", [S, c.Pause()], N, "resume first"),
    ("pause twice", "main", [S, c.Pause()], c.Pause(), "Already"),
    ("resume when running", "main", [S], c.Resume(), "not paused"),
    ("next while stopped", "main", [S, c.Stop()], N, "Stopped"),
    ("resume while stopped", "main", [S, c.Stop()], c.Resume(), "Stopped"),
    ("stop choice when not stopped", "main", [S], c.StopChoice("end"), "not stopped"),
    ("next after the end", "main", [S, c.Finish()], N, "ended"),
    ("stop after the end", "main", [S, c.Finish()], c.Stop(), "ended"),
]


@pytest.mark.parametrize(("lesson_name", "script", "command", "reason"), [r[1:] for r in REFUSED], ids=[r[0] for r in REFUSED])
def test_refused_commands_do_nothing(lesson_name: str, script: list, command: c.Command, reason: str) -> None:
    session = drive(lesson_name, script)
    before = session.state
    why = session.why_refused(command)
    assert why is not None and reason.lower() in why.lower()
    assert session.do(command) == []
    assert session.state == before


ALLOWED_AFTER_END = [c.Note("it went well"), c.ReviewText("calm")]


@pytest.mark.parametrize("command", ALLOWED_AFTER_END, ids=lambda x: type(x).__name__)
def test_notes_and_review_after_the_end(command: c.Command) -> None:
    session = drive("main", [S, c.Finish()])
    assert len(session.do(command)) == 1
    v = session.view()
    assert v.note == "it went well" or v.review == "calm"


def test_checkin_answer_records_the_route() -> None:
    session = drive("routes", [S, N, N, c.Answer(False)])
    answered = [ev for ev in session.events if isinstance(ev, e.CheckinAnswered)]
    assert answered == [e.CheckinAnswered(0.0, "q", "Again?", False, "goto", "one", "From the top")]
    assert session.view().say == "From the top"
    session.do(N)
    assert session.view().say is None


def test_checkin_stop_message() -> None:
    session = drive("main", [S, c.JumpTo("ask"), c.Answer(False)])
    ended = session.events[-1]
    assert ended == e.SessionEnded(0.0, "checkin", "Stop here.")
    assert session.view().end_message == "Stop here."


@pytest.mark.parametrize(
    ("script", "expected"),
    [
        ([c.Toggle(0)], frozenset({0})),
        ([c.Toggle(0), c.Toggle(1)], frozenset({0, 1})),
        ([c.Toggle(0), c.Toggle(1), c.Toggle(0)], frozenset({1})),
        ([c.Toggle(0), N, B], frozenset({0})),  # kept per step
    ],
)
def test_checklist_ticks(script: list, expected: frozenset[int]) -> None:
    assert drive("main", [S, N, *script]).view().checked == expected


def test_ratings_and_notes_per_step() -> None:
    session = drive(
        "main",
        [S, c.JumpTo("rate"), c.Rate(0, Rating.GOOD), c.Rate(1, Rating.BAD), c.Rate(0, Rating.NEUTRAL),
         c.Note("first"), c.Note("second"), N],
    )
    assert session.view().note is None  # the review step has none
    session.do(B)
    v = session.view()
    assert v.ratings == ((0, Rating.NEUTRAL), (1, Rating.BAD))
    assert v.note == "second"
    session.do(c.Note("  "))
    assert session.view().note is None


def test_skip_marks_the_step() -> None:
    session = drive("main", [S, c.Skip()])
    assert session.state.skipped == frozenset({"intro"})
    assert session.events[-2] == e.StepEntered(0.0, "list", 1) or "skip" in str(session.events)


def test_leaving_the_last_step_finishes() -> None:
    session = drive("main", [S, c.JumpTo("review"), N])
    assert kinds(session.events)[-2:] == ["StepLeft", "SessionEnded"]
    assert session.events[-1] == e.SessionEnded(0.0, "finished", None)


# ---------------------------------------------------------------- reminders


def test_before_and_after_reminders() -> None:
    session = drive("main", [S])
    assert [r.text for r in session.view().reminders] == ["Hello"]
    session.do(N)
    # the before reminder is cleared with its step; the after one is shown on leaving
    assert [(r.text, r.trigger) for r in session.view().reminders] == [("Bye", "after")]
    session.do(N)
    assert session.view().reminders == ()


def test_ack_reminder_blocks_until_acknowledged() -> None:
    session = drive("auto", [S, 5.0, T])
    v = session.view()
    assert v.needs_ack and not v.can_next and not v.can_skip
    assert v.can_back  # going back is always possible
    assert session.do(c.AckReminder())[0] == e.ReminderAcknowledged(5.0, "gate/before/0")
    assert not session.view().needs_ack


def test_ack_reminders_survive_a_step_change() -> None:
    session = drive("auto", [S, 5.0, T, B])
    assert session.view().step.id == "wait"  # type: ignore[union-attr]
    assert session.view().needs_ack


@pytest.mark.parametrize(
    ("script", "shown_at"),
    [
        ([60.0, T], [60.0]),
        ([59.0, T], []),
        ([185.0, T], [60.0, 120.0, 180.0]),
        # paused time does not count: 30 s active, 100 s paused, 30 s active
        ([30.0, c.Pause(), 100.0, c.Resume(), 30.0, T], [160.0]),
        ([30.0, c.Stop(), 100.0, c.StopChoice("resume"), 29.0, T], []),
    ],
)
def test_lesson_wide_every_reminder_counts_active_time(script: list, shown_at: list[float]) -> None:
    session = drive("main", [S, *script])
    got = [ev.t for ev in session.events if isinstance(ev, e.ReminderShown) and ev.trigger == "every"]
    assert got == shown_at


def test_step_every_reminder_only_while_the_step_runs() -> None:
    session = drive("auto", [S, 5.0, T, c.AckReminder(), 5.0, T])  # at "end" since t=10
    assert session.view().step.id == "end"  # type: ignore[union-attr]
    session.clock.advance(30.0)  # type: ignore[attr-defined]
    session.tick()
    assert [ev.t for ev in session.events if isinstance(ev, e.ReminderShown) and ev.trigger == "every"] == [40.0]
    session.do(B)
    session.clock.advance(100.0)  # type: ignore[attr-defined]
    session.tick()
    assert sum(isinstance(ev, e.ReminderShown) and ev.trigger == "every" for ev in session.events) == 1


# ---------------------------------------------------------------- timers


def test_timed_step_emits_timer_done_at_the_deadline() -> None:
    session = drive("main", [S, 7.0, c.JumpTo("timed"), 3.0, T, 9.5, T])
    done = [ev for ev in session.events if isinstance(ev, e.TimerDone)]
    assert done == [e.TimerDone(17.0, "timed")]
    v = session.view()
    assert v.timer.mode == "down" and v.timer.done and v.timer.seconds == 0.0


def test_open_step_counts_up() -> None:
    session = drive("main", [S, c.JumpTo("open"), 12.5])
    v = session.view()
    assert (v.timer.mode, v.timer.seconds, v.timer.target) == ("up", 12.5, 30.0)
    assert v.next_deadline == 13.0  # the stopwatch's next whole second


def test_pause_shifts_the_deadline() -> None:
    session = drive("main", [S, c.JumpTo("timed"), 4.0, c.Pause(), 100.0, T, c.Resume()])
    assert session.view().timer.seconds == 6.0
    session.clock.advance(6.0)  # type: ignore[attr-defined]
    session.tick()
    assert [ev for ev in session.events if isinstance(ev, e.TimerDone)] == [e.TimerDone(110.0, "timed")]


def test_a_late_command_first_emits_the_crossed_deadlines() -> None:
    session = drive("main", [S, c.JumpTo("timed"), 25.0, N])
    done = next(i for i, ev in enumerate(session.events) if isinstance(ev, e.TimerDone))
    assert session.events[done].t == 10.0
    assert session.events[done + 1] == e.StepLeft(25.0, "timed", 3, "next")


def test_nothing_moves_while_paused_or_stopped() -> None:
    for hold_still in (c.Pause(), c.Stop()):
        session = drive("main", [S, c.JumpTo("hold"), 3.0, hold_still])
        before = session.view()
        session.clock.advance(1000.0)  # type: ignore[attr-defined]
        assert session.tick() == []
        after = session.view()
        assert after.paused_seconds == before.paused_seconds + 1000.0
        assert replace(after, paused_seconds=0.0) == replace(before, paused_seconds=0.0)
        assert before.next_deadline is None


# ---------------------------------------------------------------- holds


def test_hold_phases_and_positions() -> None:
    # pace 2 + 3 s, 2 breaths at 12 and at 3, 4 s between: 10 + 4 + 10 = 24 s
    session = drive("main", [S, c.JumpTo("hold"), 100.0, T])
    hold = [ev for ev in session.events if ev.t >= 0 and type(ev).__name__ in {
        "HoldPositionStarted", "HoldPositionFinished", "BreathPhaseChanged", "ReminderShown"}]
    hold = [ev for ev in hold if getattr(ev, "trigger", "between_positions") == "between_positions"]
    assert hold == [
        e.HoldPositionStarted(0.0, "hold", 0, 12),
        e.BreathPhaseChanged(0.0, "hold", 0, 1, "inhale"),
        e.BreathPhaseChanged(2.0, "hold", 0, 1, "exhale"),
        e.BreathPhaseChanged(5.0, "hold", 0, 2, "inhale"),
        e.BreathPhaseChanged(7.0, "hold", 0, 2, "exhale"),
        e.HoldPositionFinished(10.0, "hold", 0, 12, 2),
        e.BreathPhaseChanged(10.0, "hold", 0, 0, "transition"),
        e.ReminderShown(10.0, "hold/between_positions/0", "Withdraw", False, "between_positions", "hold"),
        e.HoldPositionStarted(14.0, "hold", 1, 3),
        e.BreathPhaseChanged(14.0, "hold", 1, 1, "inhale"),
        e.BreathPhaseChanged(16.0, "hold", 1, 1, "exhale"),
        e.BreathPhaseChanged(19.0, "hold", 1, 2, "inhale"),
        e.BreathPhaseChanged(21.0, "hold", 1, 2, "exhale"),
        e.HoldPositionFinished(24.0, "hold", 1, 3, 2),
    ]
    v = session.view()
    assert v.hold is not None and v.hold.done and v.step.id == "hold"  # type: ignore[union-attr]
    assert v.next_deadline == 120.0  # only the lesson-wide reminder is left


@pytest.mark.parametrize(
    ("at", "phase", "fraction", "breath", "breaths_left", "index", "next_hour", "left"),
    [
        (0.0, "inhale", 0.0, 1, 2, 0, 3, 24.0),
        (1.0, "inhale", 0.5, 1, 2, 0, 3, 23.0),
        (3.5, "exhale", 0.5, 1, 2, 0, 3, 20.5),
        (5.0, "inhale", 0.0, 2, 1, 0, 3, 19.0),
        (12.0, "transition", 0.5, 0, 0, 0, 3, 12.0),
        (23.0, "exhale", 2 / 3, 2, 1, 1, None, 1.0),
    ],
)
def test_hold_view(at: float, phase: str, fraction: float, breath: int, breaths_left: int,
                   index: int, next_hour: int | None, left: float) -> None:
    session = drive("main", [S, c.JumpTo("hold"), at])
    h = view(session.compiled, session.state, at).hold  # view catches up by itself
    assert h is not None
    assert (h.phase, h.breath, h.breaths_left, h.index, h.next_hour) == (phase, breath, breaths_left, index, next_hour)
    assert h.phase_fraction == pytest.approx(fraction)
    assert h.seconds_left == pytest.approx(left)
    assert h.in_transition == (phase == "transition")
    assert h.positions == (12, 3) and h.depth == "surface"


@pytest.mark.parametrize(
    ("script", "expect_tail"),
    [
        # Next during breathing finishes the position and goes to the transition
        ([1.0, N], ["HoldPositionFinished", "BreathPhaseChanged", "ReminderShown"]),
        # Next during the transition starts the next position now
        ([11.0, N], ["HoldPositionStarted", "BreathPhaseChanged"]),
        # Next on the last position leaves the step
        ([15.0, N], ["HoldPositionFinished", "StepLeft", "StepEntered"]),
        # Next once the hold is done leaves the step
        ([30.0, N], ["StepLeft", "StepEntered"]),
    ],
)
def test_next_inside_a_hold(script: list, expect_tail: list[str]) -> None:
    session = drive("main", [S, c.JumpTo("hold"), *script])
    assert kinds(session.events)[-len(expect_tail):] == expect_tail


def test_next_inside_a_hold_counts_breaths_done() -> None:
    session = drive("main", [S, c.JumpTo("hold"), 6.0, N])  # in the inhale of breath 2
    finished = [ev for ev in session.events if isinstance(ev, e.HoldPositionFinished)]
    assert finished == [e.HoldPositionFinished(6.0, "hold", 0, 12, 1)]


def test_between_reminders_clear_when_the_next_position_starts() -> None:
    session = drive("main", [S, c.JumpTo("hold"), 11.0, T])
    assert "Withdraw" in [r.text for r in session.view().reminders]
    session.clock.advance(4.0)  # type: ignore[attr-defined]
    session.tick()
    assert "Withdraw" not in [r.text for r in session.view().reminders]


def test_view_commands_available() -> None:
    v = drive("main", [S, c.JumpTo("ask")]).view()
    assert v.needs_answer and not v.can_next and v.can_back and v.can_pause and v.can_stop
    v = drive("main", [S, c.Stop()]).view()
    assert v.stop_choices == ("resume", "back", "end") and not v.can_next and not v.can_pause
    v = drive("main", []).view()
    assert v.can_start and v.status == "idle" and v.label == "" and v.next_deadline is None


def test_view_label_and_totals() -> None:
    v = drive("main", [S, 10.0, c.Pause(), 5.0, c.Resume(), 7.0, c.JumpTo("hold")]).view()
    assert v.label == "Beta · 5 of 8"
    assert v.active_seconds == 17.0 and v.paused_seconds == 5.0
    v = drive("main", [S, 10.0, c.Stop(), 5.0]).view()
    assert (v.active_seconds, v.paused_seconds) == (10.0, 5.0)
    v = drive("main", [S, 10.0, c.Stop(), 5.0, c.StopChoice("end"), 50.0]).view()
    assert (v.active_seconds, v.paused_seconds, v.ended_reason) == (10.0, 5.0, "stopped")


@pytest.mark.parametrize(
    "bad",
    [
        e.StepEntered(1.0, "nowhere", 1),
        e.StepEntered(1.0, "list", 99),
        e.BreathPhaseChanged(1.0, "intro", 0, 1, "inhale"),
    ],
    ids=["unknown id", "index out of range", "hold event outside a hold"],
)
def test_replay_of_foreign_events_fails_clearly(bad: e.Event) -> None:
    from coach.engine.compiled import EngineError
    from coach.engine.evolve import replay

    session = drive("main", [S])
    with pytest.raises(EngineError, match=f"event {len(session.events) + 1} "):
        replay(session.compiled, [*session.events, bad])
