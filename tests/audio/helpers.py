"""Small lessons and a FakeClock driver shared by the audio tests."""

from __future__ import annotations

from coach.audio.guide import AudioGuide
from coach.audio.sinks import RecordingSink
from coach.engine.clock import FakeClock
from coach.engine.session import Session
from coach.lesson import load_lesson_text
from coach.lesson.model import Lesson

HEAD = "id: a\ntitle: A\nsummary: S\nminutes: 5\n"

HOLD = (
    HEAD
    + """\
sections:
  - title: S
    steps:
      - id: hello
        title: Hello
        say: Hello there
      - id: hold
        kind: hold
        title: Hold
        depth: surface
        positions: [12, 3]
        breaths: 2
        pace: {inhale: 2, exhale: 3, rest: 1}
        between: {seconds: 4}
        reminders:
          - {when: between_positions, text: Breathe with them}
      - id: wait
        kind: timed
        title: Wait
        seconds: 5
        auto_advance: true
      - id: ask
        kind: checkin
        title: Ask
        question: Go on?
        yes: continue
        no: {stop: We stop here.}
      - id: open
        kind: open
        title: Open
        suggested_seconds: 20
      - id: review
        kind: review
        title: Review
"""
)


def lesson(text: str = HOLD) -> Lesson:
    return load_lesson_text(text)


class Rig:
    """A session, a fake clock and a guide playing into a recording sink."""

    def __init__(self, text: str = HOLD, speech: object = None) -> None:
        self.clock = FakeClock()
        self.session = Session(lesson(text), self.clock)
        self.sink = RecordingSink(self.clock)
        self.guide = AudioGuide(
            self.session,
            self.sink,
            speech,
            threaded=False,  # type: ignore[arg-type]
        )

    def do(self, command: object) -> None:
        self.session.do(command)  # type: ignore[arg-type]
        self.guide.update()

    def run_to(self, t: float, tick_every: float = 0.1) -> None:
        """Let time pass to `t` as the app would: the scheduler fires each sound on its
        deadline, and the UI ticks (late, at `tick_every`) and updates the guide."""
        next_tick = self.clock.now() + tick_every
        while True:
            due = self.guide.scheduler.next_at()
            step = min(x for x in (due, next_tick, t) if x is not None)
            self.clock.set(max(step, self.clock.now()))
            self.guide.scheduler.run_due()
            if step >= next_tick:
                self.session.tick()
                self.guide.update()
                next_tick += tick_every
            later = self.guide.scheduler.next_at()
            if step >= t and (later is None or later > t):
                return
