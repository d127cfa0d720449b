"""Small lessons and a script runner shared by the engine tests."""

from __future__ import annotations

from collections.abc import Sequence

from coach.engine import commands as c
from coach.engine import events as e
from coach.engine.clock import FakeClock
from coach.engine.evolve import replay
from coach.engine.session import Session
from coach.lesson import load_lesson_text
from coach.lesson.model import Lesson

HEAD = "id: t\ntitle: T\nsummary: S\nminutes: 5\n"

MAIN = (
    HEAD
    + """\
reminders:
  - {when: every, minutes: 1, text: Lube}
sections:
  - id: a
    title: Alpha
    steps:
      - id: intro
        title: Intro
        reminders:
          - {when: before, text: Hello}
          - {when: after, text: Bye}
      - id: list
        kind: checklist
        title: List
        items: [one, two]
      - id: open
        kind: open
        title: Open
        suggested_seconds: 30
      - id: timed
        kind: timed
        lead_in: false
        title: Timed
        seconds: 10
  - id: b
    title: Beta
    steps:
      - id: hold
        kind: hold
        lead_in: false
        title: Hold
        depth: surface
        positions: [12, 3]
        breaths: 2
        pace: {inhale: 2, exhale: 3}
        between: {seconds: 4}
        reminders:
          - {when: between_positions, text: Withdraw}
      - id: ask
        kind: checkin
        title: Ask
        question: OK?
        yes: continue
        no: {stop: Stop here., say: Thank you}
      - id: rate
        kind: feedback
        title: Rate
        items: [x, y]
      - id: review
        kind: review
        title: Review
"""
)

ROUTES = (
    HEAD
    + """\
sections:
  - title: S
    steps:
      - id: one
        title: One
      - id: two
        title: Two
      - id: q
        kind: checkin
        title: Q
        question: Again?
        yes: repeat
        no: {goto: one, say: From the top}
      - id: three
        title: Three
"""
)

AUTO = (
    HEAD
    + """\
sections:
  - title: S
    steps:
      - id: wait
        kind: timed
        lead_in: false
        title: Wait
        seconds: 5
        auto_advance: true
      - id: gate
        kind: timed
        lead_in: false
        title: Gate
        seconds: 5
        auto_advance: true
        reminders:
          - {when: before, text: Ready?, ack: true}
      - id: end
        title: End
        reminders:
          - {when: every, minutes: 0.5, text: Still here}
"""
)

LESSONS = {"main": MAIN, "routes": ROUTES, "auto": AUTO}

Script = Sequence[c.Command | float]


def lesson(name_or_yaml: str) -> Lesson:
    return load_lesson_text(LESSONS.get(name_or_yaml, name_or_yaml))


def drive(source: str | Lesson, script: Script) -> Session:
    """Run `script`: a float advances the fake clock, a command is applied."""
    lsn = source if isinstance(source, Lesson) else lesson(source)
    session = Session(lsn, FakeClock(), next_guard=0.0)
    for item in script:
        if isinstance(item, c.Command):
            session.do(item)
        else:
            session.clock.advance(item)  # type: ignore[attr-defined]
        assert replay(session.compiled, session.events) == session.state
    return session


def kinds(events: Sequence[e.Event]) -> list[str]:
    return [type(ev).__name__ for ev in events]
