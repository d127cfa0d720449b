"""The whole lesson in planned time, checked against times worked out by hand."""

from __future__ import annotations

import pytest

from coach.audio.cues import CueKind, cue_seconds
from coach.audio.lines import READY_LINE
from coach.audio.timeline import LEAD_IN_PAUSE, STEP_PAUSE, lesson_timeline
from coach.lesson import load_lesson

from ..conftest import LESSONS
from .helpers import HOLD, lesson

K = CueKind


def times(kind: CueKind, text: str | None = None) -> list[float]:
    timeline = lesson_timeline(lesson())
    return [round(c.at, 6) for c in timeline.cues if c.kind is kind]


def test_lead_in_counts_in_then_says_ready_to_the_engine() -> None:
    # "Hello" lasts STEP_PAUSE; the hold's lead-in waits LEAD_IN_PAUSE, then 3 ticks.
    start = STEP_PAUSE + LEAD_IN_PAUSE
    assert times(K.COUNT_IN)[:3] == [start, start + 1, start + 2]
    assert times(K.INHALE)[0] == start + 3
    # 2 breaths of 6 s at 12 o'clock, then the transition, then 3 o'clock.
    assert times(K.INHALE) == [7.0, 13.0, 23.0, 29.0]
    assert times(K.NEXT_POSITION) == [19.0]
    assert times(K.COUNT_IN)[3:6] == [20.0, 21.0, 22.0]  # before the second position


def test_the_count_in_sounds_once_and_the_live_ready_prompt_not_at_all() -> None:
    timeline = lesson_timeline(lesson())
    first_inhale = times(K.INHALE)[0]
    assert len([t for t in times(K.COUNT_IN) if t <= first_inhale]) == 3  # never a 4th tick
    assert times(K.READY) == []
    assert not any(c.text == READY_LINE for c in timeline.cues)


def test_without_a_lead_in_the_hold_starts_when_it_is_entered() -> None:
    text = HOLD.replace(
        "        between: {seconds: 4}\n", "        between: {seconds: 4}\n        lead_in: false\n"
    )
    timeline = lesson_timeline(lesson(text))
    inhales = [c.at for c in timeline.cues if c.kind is K.INHALE]
    ticks = [c.at for c in timeline.cues if c.kind is K.COUNT_IN]
    assert inhales[0] == STEP_PAUSE  # entered after "Hello" and its pause, at once
    assert [t for t in ticks if t < inhales[0]] == []


def test_whole_lesson_length_and_timer_worked_out_by_hand() -> None:
    timeline = lesson_timeline(lesson())
    hold_done = 35.0
    wait_entered = hold_done + cue_seconds(K.HOLD_DONE) + STEP_PAUSE  # 38.72
    # The timer's lead-in starts after what is sounding (the hold-done cue has ended).
    go = wait_entered + LEAD_IN_PAUSE + 3
    assert times(K.HOLD_DONE)[0] == hold_done
    assert times(K.TIMER_DONE) == [pytest.approx(go + 5)]
    assert times(K.CHECKIN) == [pytest.approx(go + 5)]  # auto-advance
    # The two cues of that moment sound one after the other, then the pause.
    answered = go + 5 + cue_seconds(K.TIMER_DONE) + cue_seconds(K.CHECKIN) + STEP_PAUSE
    finished = answered + 20 + STEP_PAUSE  # the open step at its suggested 20 s, then review
    assert times(K.HOLD_DONE)[-1] == pytest.approx(finished)
    assert timeline.seconds == pytest.approx(finished + cue_seconds(K.HOLD_DONE) + 2.0)


def test_speech_lengthens_the_steps_that_wait_for_it() -> None:
    quiet = lesson_timeline(lesson())
    spoken = lesson_timeline(lesson(), lambda text: 2.0)
    first_inhale = next(c.at for c in spoken.cues if c.kind is K.INHALE)
    # "Hello there." takes 2 s before the pause; the hold's own line 2 s before its lead-in.
    assert first_inhale == pytest.approx(2 + STEP_PAUSE + 2 + LEAD_IN_PAUSE + 3)
    assert spoken.seconds > quiet.seconds


@pytest.mark.parametrize("name", ["tour", "guided", "therapeutic"])
def test_bundled_lessons_reach_the_end(name: str) -> None:
    timeline = lesson_timeline(load_lesson(LESSONS / f"{name}.yaml"))
    ats = [c.at for c in timeline.cues]
    assert ats == sorted(ats)
    assert timeline.seconds > ats[-1]
    assert any(c.text and "complete" in c.text for c in timeline.cues)


@pytest.mark.parametrize("name", ["tour", "guided", "therapeutic"])
def test_every_spoken_line_is_rendered_ahead_of_time(name: str) -> None:
    from coach.audio.lines import lesson_lines

    source = load_lesson(LESSONS / f"{name}.yaml")
    spoken = {c.text for c in lesson_timeline(source).cues if c.text}
    assert spoken <= set(lesson_lines(source))
