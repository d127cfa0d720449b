"""Any sequence of commands and clock moves keeps the engine's promises.

A hypothesis state machine presses random keys at random times and checks, after
every step: the state is exactly the replay of its events, event times never go
backwards, nothing shows a negative time, hold positions come in order, nothing
moves while paused or stopped, and Stop + "end" always ends the session.
"""

from __future__ import annotations

from dataclasses import replace

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from coach.engine import commands as c
from coach.engine.clock import FakeClock
from coach.engine.decide import apply
from coach.engine.evolve import replay
from coach.engine.session import Session
from coach.engine.view import view
from coach.lesson.model import Rating

from .helpers import MAIN
from .helpers import lesson as load

ACKS = MAIN.replace(
    "          - {when: between_positions, text: Withdraw}\n",
    "          - {when: between_positions, text: Withdraw, ack: true}\n"
    "          - {when: every, minutes: 0.2, text: Move}\n",
).replace(
    "        seconds: 10\n",
    "        seconds: 10\n        auto_advance: true\n        reminders:\n"
    "          - {when: after, text: Done, ack: true}\n",
)

STEP_IDS = ["intro", "list", "open", "timed", "hold", "ask", "rate", "review", "missing"]

commands = st.one_of(
    st.sampled_from(
        [c.Next(), c.Next(), c.Next(), c.Back(), c.Skip(), c.Pause(), c.Resume(), c.Stop(),
         c.StopChoice("resume"), c.StopChoice("back"), c.AckReminder(), c.AckReminder(), c.Tick(),
         c.Finish()]
    ),
    st.builds(c.JumpTo, st.sampled_from(STEP_IDS)),
    st.builds(c.StopChoice, st.just("end")),
    st.builds(c.Answer, st.booleans()),
    st.builds(c.Toggle, st.integers(-1, 2)),
    st.builds(c.Rate, st.integers(0, 2), st.sampled_from(list(Rating))),
    st.builds(c.Note, st.text(max_size=5)),
    st.builds(c.ReviewText, st.text(max_size=5)),
)


class EngineMachine(RuleBasedStateMachine):
    source = MAIN

    def __init__(self) -> None:
        super().__init__()
        self.lesson = load(self.source)
        self.session = Session(self.lesson, FakeClock(), next_guard=0.0)

    @property
    def clock(self) -> FakeClock:
        return self.session.clock  # type: ignore[return-value]

    @precondition(lambda self: self.session.state.status == "idle")
    @rule()
    def start(self) -> None:
        assert self.session.do(c.Start())

    @rule(command=commands)
    def press(self, command: c.Command) -> None:
        before = self.session.state
        events = self.session.do(command)
        if not events:
            assert self.session.state == before

    @rule(seconds=st.one_of(st.floats(0, 30, allow_nan=False), st.sampled_from([0.0, 1.0, 2.0, 4.0])))
    def wait(self, seconds: float) -> None:
        frozen = self.session.state.status in ("paused", "stopped", "ended")
        before = self.session.view()
        self.clock.advance(seconds)
        events = self.session.tick()
        if frozen:
            assert events == []
            after = self.session.view()
            assert replace(after, paused_seconds=0.0) == replace(before, paused_seconds=0.0)

    @invariant()
    def replay_is_exact(self) -> None:
        assert replay(self.session.compiled, self.session.events) == self.session.state

    @invariant()
    def time_moves_forward(self) -> None:
        times = [ev.t for ev in self.session.events]
        assert times == sorted(times)
        assert all(t <= self.clock.now() for t in times)

    @invariant()
    def view_is_sane(self) -> None:
        v = self.session.view()
        assert v.timer.seconds >= 0 and v.active_seconds >= 0 and v.paused_seconds >= 0
        if v.hold is not None:
            h = v.hold
            assert h.seconds_left >= 0 and h.phase_seconds_left >= 0
            assert 0.0 <= h.phase_fraction <= 1.0
            assert 0 <= h.breaths_left <= h.breaths
        if v.next_deadline is not None:
            assert v.status == "running"
            assert v.next_deadline >= self.clock.now() or v.next_deadline >= self.session.state.last_t

    @invariant()
    def hold_positions_in_order(self) -> None:
        hold = self.session.state.hold
        if hold is not None:
            assert hold.started == tuple(range(len(hold.started)))
            assert hold.finished == tuple(range(len(hold.finished)))
            assert len(hold.started) - len(hold.finished) in (0, 1)

    @invariant()
    def can_always_end(self) -> None:
        state = self.session.state
        if state.status in ("idle", "ended"):
            return
        now = self.clock.now()
        if state.status != "stopped":
            state, events = apply(self.session.compiled, state, c.Stop(), now)
            assert events
        state, events = apply(self.session.compiled, state, c.StopChoice("end"), now)
        assert state.status == "ended" and state.end_reason == "stopped"
        assert view(self.session.compiled, state, now + 100).next_deadline is None


class AckEngineMachine(EngineMachine):
    source = ACKS


BUDGET = settings(
    max_examples=60,
    stateful_step_count=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)

TestEngine = EngineMachine.TestCase
TestEngine.settings = BUDGET
TestEngineWithAcks = AckEngineMachine.TestCase
TestEngineWithAcks.settings = BUDGET


def test_the_ack_variant_differs() -> None:
    assert ACKS.count("ack: true") == 2 and "auto_advance: true" in ACKS
    assert load(ACKS).id == "t"
