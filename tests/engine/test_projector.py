"""The presenter's blank-screen key as engine rows: `BlankProjector` and `ProjectorBlanked`."""

from __future__ import annotations

import pytest

from coach.engine import commands as c
from coach.engine import events as e
from coach.engine.evolve import replay

from .helpers import drive, kinds

S, N, T = c.Start(), c.Next(), c.Tick()
ON, OFF = c.BlankProjector(True), c.BlankProjector(False)

# (case id, script, blank afterwards, status afterwards)
BLANK = [
    ("not blank by default", [S], False, "running"),
    ("blank", [S, ON], True, "running"),
    ("blank then shown", [S, ON, OFF], False, "running"),
    ("blank while paused stays paused", [S, c.Pause(), ON], True, "paused"),
    ("blank while stopped", [S, c.Stop(), ON], True, "stopped"),
    ("blank survives a step change", [S, ON, N], True, "running"),
    ("blank survives time passing", [S, ON, 90.0, T], True, "running"),
]


@pytest.mark.parametrize(
    ("script", "blank", "status"), [b[1:] for b in BLANK], ids=[b[0] for b in BLANK]
)
def test_blanking(script: list, blank: bool, status: str) -> None:
    session = drive("main", script)
    assert session.state.projector_blank is blank
    assert session.view().status == status


# (case id, script, refused command, the reason contains)
REFUSED = [
    ("nothing before start", [], ON, "Start"),
    ("already blank", [S, ON], ON, "already blank"),
    ("already shown", [S], OFF, "shown"),
    ("after the end", [S, c.Finish()], ON, "ended"),
]


@pytest.mark.parametrize(
    ("script", "command", "reason"), [r[1:] for r in REFUSED], ids=[r[0] for r in REFUSED]
)
def test_blank_refused(script: list, command: c.Command, reason: str) -> None:
    session = drive("main", script)
    before = session.state
    why = session.why_refused(command)
    assert why is not None and reason.lower() in why.lower()
    assert session.do(command) == []
    assert session.state == before


def test_blank_is_one_event_and_replays() -> None:
    session = drive("main", [S])
    new = session.do(ON)
    assert kinds(new) == ["ProjectorBlanked"]
    assert isinstance(new[0], e.ProjectorBlanked) and new[0].on is True
    assert replay(session.compiled, session.events) == session.state


def test_jump_is_journaled_as_step_left_and_entered() -> None:
    session = drive("main", [S])
    new = session.do(c.JumpTo("review"))
    assert kinds(new)[:1] == ["StepLeft"] and "StepEntered" in kinds(new)
    left = new[0]
    assert isinstance(left, e.StepLeft) and left.reason == "jump"
