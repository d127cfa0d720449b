"""The live guide on a FakeClock: every cue on its deadline, pause and STOP silence."""

from __future__ import annotations

from array import array

from coach.audio.cues import CueKind
from coach.audio.lines import READY_LINE, STOP_LINE
from coach.audio.plan import plan_ahead
from coach.engine import commands as c
from coach.engine.pacer import hold_schedule
from coach.lesson.model import HoldStep

from .helpers import HEAD, Rig

K = CueKind


def hold_rig() -> Rig:
    rig = Rig()
    rig.do(c.Start())
    rig.run_to(1.0)
    rig.do(c.Next())  # into the hold at t = 1 (past the Next guard) ...
    rig.do(c.Ready())  # ... and ready at once: the first inhale is at 1
    return rig


def test_hold_cues_sound_on_the_engines_deadlines() -> None:
    rig = hold_rig()
    step = rig.session.lesson.flat_steps()[1].step
    assert isinstance(step, HoldStep)
    expected = [(1.0, K.READY), (1.0, K.COUNT_IN)]  # the lead-in's prompt, then the "go"
    t = 1.0
    for phase in hold_schedule(step, step.pace):  # type: ignore[arg-type]
        kind = {"inhale": K.INHALE, "exhale": K.EXHALE, "transition": K.NEXT_POSITION}.get(
            phase.phase
        )
        if kind:
            expected.append((t, kind))
        if phase.phase == "transition":
            end = t + phase.seconds
            expected.append((t, K.REMINDER))  # the between_positions reminder
            expected += [(end - 3, K.COUNT_IN), (end - 2, K.COUNT_IN), (end - 1, K.COUNT_IN)]
        t += phase.seconds
    expected.append((t, K.HOLD_DONE))
    rig.run_to(t + 0.5)
    played = [(r.onset, k) for r in rig.sink.played for k in r.kinds]
    assert sorted(played) == sorted(expected)
    for record in rig.sink.played:
        assert record.onset == record.planned  # on the deadline, not on a tick


def test_every_planned_cue_is_played_at_its_planned_time() -> None:
    rig = hold_rig()
    plan = plan_ahead(rig.session.compiled, rig.session.state)
    assert plan and all(cue.at > 1.0 for cue in plan)
    rig.run_to(plan[-1].at)
    played = {(r.onset, k) for r in rig.sink.played for k in r.kinds}
    assert {(cue.at, cue.kind) for cue in plan if cue.kind} <= played


def test_a_step_entered_by_a_key_sounds_at_once() -> None:
    rig = Rig()
    rig.do(c.Start())
    rig.run_to(2.5)
    rig.do(c.Next())
    first = rig.sink.played[0]
    assert first.onset == 2.5 and first.kinds == (K.READY,)


def test_a_lead_in_waits_for_ready_then_counts_in_on_the_engines_deadlines() -> None:
    class Bank:
        def samples(self, text: str) -> array:
            return array("h", [1] * 10)

    rig = Rig(speech=Bank())
    rig.do(c.Start())
    rig.run_to(1.0)
    rig.do(c.Next())  # into the hold at 1: the ready prompt, with its line
    prompt = rig.sink.played[-1]
    assert (prompt.onset, prompt.kinds) == (1.0, (K.READY,))
    assert prompt.texts == ("Hold.", READY_LINE)
    rig.run_to(20.0)  # nothing counts while the person gets into place
    assert rig.sink.played[-1] is prompt
    assert rig.guide.scheduler.next_at() is None
    rig.do(c.Ready())  # the hold starts now, at 20
    go = rig.sink.played[-1]
    assert (go.onset, go.kinds) == (20.0, (K.COUNT_IN, K.INHALE))
    rig.run_to(37.0)
    after = [(r.onset, r.kinds) for r in rig.sink.played if r.onset > 20.0]
    # breaths of 2 + 3 + 1 s: exhales at 22 and 28, the second inhale at 26; the
    # transition (4 s) at 32 counts in on 33, 34, 35 before 3 o'clock at 36.
    assert after == [
        (22.0, (K.EXHALE,)),
        (26.0, (K.INHALE,)),
        (28.0, (K.EXHALE,)),
        (32.0, (K.NEXT_POSITION, K.REMINDER)),
        (33.0, (K.COUNT_IN,)),
        (34.0, (K.COUNT_IN,)),
        (35.0, (K.COUNT_IN,)),
        (36.0, (K.INHALE,)),
    ]
    assert all(r.onset == r.planned for r in rig.sink.played)


def test_next_says_ready_too() -> None:
    rig = Rig()
    rig.do(c.Start())
    rig.run_to(1.0)
    rig.do(c.Next())
    rig.run_to(5.0)
    rig.do(c.Next())  # while the lead-in waits, Next means ready
    assert (rig.sink.played[-1].onset, rig.sink.played[-1].kinds) == (5.0, (K.COUNT_IN, K.INHALE))


def test_pause_silences_at_once_and_nothing_sounds_until_resume() -> None:
    rig = hold_rig()
    rig.run_to(3.5)  # mid exhale
    before = len(rig.sink.records)
    rig.do(c.Pause())
    assert rig.sink.records[before].action == "silence"
    assert rig.sink.records[before].onset == 3.5
    rig.run_to(30.0)
    assert len(rig.sink.records) == before + 1  # quiet while paused
    rig.do(c.Resume())
    rig.run_to(34.0)
    # The exhale that began at 3 ends at 6; resumed at 30 after 26.5 s paused, the
    # next phase (rest) starts at 32.5 and the next inhale at 33.5.
    after = [(r.onset, r.kinds) for r in rig.sink.played if r.onset > 30]
    assert after == [(33.5, (K.INHALE,))]


def test_stop_silences_then_sounds_stop_and_stays_quiet() -> None:
    rig = hold_rig()
    rig.run_to(2.0)
    rig.do(c.Stop())
    silence, stop = rig.sink.records[-2:]
    assert silence.action == "silence" and silence.onset == 2.0
    assert stop.kinds == (K.STOP,) and stop.onset == 2.0
    count = len(rig.sink.records)
    rig.run_to(60.0)
    assert len(rig.sink.records) == count


def test_timer_counts_in_then_finishes_and_auto_advance_sounds_the_check_in() -> None:
    rig = hold_rig()
    rig.run_to(40.0)
    rig.do(c.Next())  # hold done: into the 5 s timer at 40, which waits for ready
    rig.run_to(41.0)
    rig.do(c.Ready())  # the timer runs 41..46
    rig.run_to(47.0)
    after = [(r.onset, r.kinds) for r in rig.sink.played if r.onset >= 40]
    assert after == [
        (40.0, (K.READY,)),
        (41.0, (K.COUNT_IN,)),
        (43.0, (K.COUNT_IN,)),
        (44.0, (K.COUNT_IN,)),
        (45.0, (K.COUNT_IN,)),
        (46.0, (K.TIMER_DONE, K.CHECKIN)),
    ]


def test_nothing_is_played_twice_when_ticks_catch_up_late() -> None:
    rig = hold_rig()
    rig.run_to(40.0, tick_every=0.7)
    keys = [(r.onset, r.kinds) for r in rig.sink.played]
    assert len(keys) == len(set(keys))


def test_voice_lines_follow_their_cues() -> None:
    class Bank:
        def samples(self, text: str) -> array:
            return array("h", [1] * 10)

    rig = Rig(speech=Bank())
    rig.do(c.Start())
    assert rig.sink.played[0].texts == ("Hello there.",)
    assert rig.sink.played[0].sample_count == 10
    rig.run_to(1.0)
    rig.do(c.Next())  # the hold: the ready cue, then the step's line and the ready line
    assert rig.sink.played[-1].kinds == (K.READY,)
    assert rig.sink.played[-1].texts == ("Hold.", READY_LINE)
    rig.do(c.Stop())
    assert rig.sink.played[-1].texts == (STOP_LINE,)


def test_a_reminder_far_into_a_quiet_step_still_sounds_on_time() -> None:
    text = HEAD + (
        "sections:\n  - title: S\n    steps:\n      - id: open\n        kind: open\n"
        "        title: Open\n        reminders:\n"
        "          - {when: every, minutes: 5, text: Check in with your partner}\n"
    )
    rig = Rig(text)
    rig.do(c.Start())
    rig.run_to(601.0, tick_every=0.7)  # ticks never land on the deadlines
    reminders = [(r.onset, r.planned) for r in rig.sink.played if r.kind is K.REMINDER]
    assert reminders == [(300.0, 300.0), (600.0, 600.0)]


def test_a_resumed_session_plans_what_is_left_and_replays_nothing() -> None:
    from coach.audio.guide import AudioGuide
    from coach.audio.sinks import RecordingSink
    from coach.engine.clock import FakeClock
    from coach.engine.session import Session

    first = hold_rig()
    first.run_to(10.5)  # breath 2 at 12 o'clock, mid exhale (exhale 9..12)
    clock = FakeClock(10.5)
    session = Session(first.session.lesson, clock, first.session.events)
    sink = RecordingSink(clock)
    guide = AudioGuide(session, sink, threaded=False)
    guide.update()
    assert sink.records == []  # nothing from before the resume
    assert guide.scheduler.next_at() == 13.0  # rest 12..13, then the transition
