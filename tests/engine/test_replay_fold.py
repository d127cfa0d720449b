"""`replay` is the fold of `evolve`, however it gets there.

It folds a run of breath phases without making a state per phase; `_fold`
below is the plain fold (the replay it replaced), kept as the oracle. Random
sessions on the test lessons are replayed whole, from every point in between
(so runs are cut anywhere), and with events spoiled where a run can go wrong:
both must give the same state (same field values and types) or the same error.
"""

from __future__ import annotations

import random
from collections.abc import Iterable

import pytest

from coach.engine import INITIAL, EngineError, FakeClock, Session, State, evolve, replay
from coach.engine import commands as c
from coach.engine import events as e
from coach.lesson.model import Lesson, Rating

from .helpers import MAIN
from .helpers import lesson as load

RESTFUL = MAIN.replace("pace: {inhale: 2, exhale: 3}", "pace: {inhale: 2, exhale: 3, rest: 1}")


def _fold(lesson: Lesson, events: Iterable[e.Event], state: State = INITIAL) -> State:
    for number, event in enumerate(events, 1):
        try:
            state = evolve(lesson, state, event)
        except EngineError as exc:
            raise EngineError(f"event {number} ({type(event).__name__}): {exc}") from None
        except (IndexError, ValueError, AssertionError) as exc:
            raise EngineError(
                f"event {number} ({type(event).__name__}) does not fit lesson "
                f"{lesson.id!r} version {lesson.version!r}: {exc or 'out of range'}"
            ) from None
    return state


def _outcome(lesson: Lesson, events: list[e.Event], state: State = INITIAL) -> tuple[str, str]:
    try:
        return "state", repr(replay(lesson, iter(events), state))
    except EngineError as exc:
        return "error", str(exc)


def _oracle(lesson: Lesson, events: list[e.Event], state: State = INITIAL) -> tuple[str, str]:
    try:
        return "state", repr(_fold(lesson, events, state))
    except EngineError as exc:
        return "error", str(exc)


_MOVES: list[c.Command] = [
    c.Next(), c.Next(), c.Next(), c.Back(), c.Skip(), c.Pause(), c.Resume(), c.Stop(),
    c.StopChoice("resume"), c.StopChoice("back"), c.AckReminder(), c.Answer(True),
    c.Toggle(0), c.Toggle(1), c.Rate(1, Rating.GOOD), c.Note("n"),
    c.JumpTo("hold"), c.JumpTo("hold"), c.JumpTo("hold"), c.JumpTo("intro"), c.Recover(),
    c.ReviewText("r"),
]  # fmt: skip
"""A person's moves; none ends the session on purpose (the last step's Next does)."""


def _session(source: str, seed: int, moves: int = 300) -> tuple[Lesson, list[e.Event]]:
    rng = random.Random(seed)
    lesson = load(source)
    session = Session(lesson, FakeClock())
    session.do(c.Start())
    for _ in range(moves):
        session.clock.advance(rng.choice([0.0, 0.5, 1.0, 2.5, 7.0]))  # type: ignore[attr-defined]
        session.do(rng.choice(_MOVES) if rng.random() < 0.4 else c.Tick())
        if session.state.status == "ended":
            break
    return lesson, session.events


@pytest.mark.parametrize("source", [MAIN, RESTFUL], ids=["main", "with rest"])
@pytest.mark.parametrize("seed", range(8))
def test_replay_is_the_fold_of_evolve_from_anywhere(source: str, seed: int) -> None:
    lesson, events = _session(source, seed)
    assert sum(type(ev) is e.BreathPhaseChanged for ev in events) > 3
    assert _outcome(lesson, events) == _oracle(lesson, events)
    for k in range(len(events) + 1):
        assert _outcome(lesson, events[:k]) == _oracle(lesson, events[:k])
        start = _fold(lesson, events[:k])
        assert _outcome(lesson, events[k:], start) == _oracle(lesson, events[k:], start)


def _spoiled(ev: e.BreathPhaseChanged, how: str) -> e.Event:
    if how == "phase":
        return e.BreathPhaseChanged(ev.t, ev.step_id, ev.position_index, ev.breath, "rest")
    if how == "position":
        return e.BreathPhaseChanged(ev.t, ev.step_id, 7, ev.breath, ev.phase)
    if how == "breath":
        return e.BreathPhaseChanged(ev.t, ev.step_id, ev.position_index, 9, ev.phase)
    if how == "bool":
        return e.BreathPhaseChanged(ev.t, ev.step_id, True, ev.breath, ev.phase)
    if how == "earlier":
        return e.BreathPhaseChanged(
            ev.t - 100.0, ev.step_id, ev.position_index, ev.breath, ev.phase
        )
    return e.BreathPhaseChanged(float(int(ev.t)), ev.step_id, 0, 0, "transition")


@pytest.mark.parametrize("how", ["phase", "position", "breath", "bool", "earlier", "transition"])
@pytest.mark.parametrize("seed", range(4))
def test_a_spoiled_phase_fails_or_folds_as_the_fold_does(how: str, seed: int) -> None:
    lesson, events = _session(MAIN, seed)
    rng = random.Random(seed)
    phases = [i for i, ev in enumerate(events) if type(ev) is e.BreathPhaseChanged]
    for i in rng.sample(phases, min(6, len(phases))):
        spoiled = [*events[:i], _spoiled(events[i], how), *events[i + 1 :]]  # type: ignore[arg-type]
        assert _outcome(lesson, spoiled) == _oracle(lesson, spoiled)


def test_phases_outside_a_hold_fail_with_the_fold_s_message() -> None:
    lesson, events = _session(MAIN, 1)
    phase = next(ev for ev in events if type(ev) is e.BreathPhaseChanged)
    cases = [
        [phase],
        [events[0], phase, phase],
        [*events[:2], phase],  # on the first step, which is not a hold
        [*events, events[-1], phase] if events[-1].t else [phase],
    ]
    for spoiled in cases:
        assert _oracle(lesson, spoiled)[0] == "error"
        assert _outcome(lesson, spoiled) == _oracle(lesson, spoiled)
