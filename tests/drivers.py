"""What a person at the keyboard would do next: one rule for the scripted sessions.

Tests that drive a whole session (in-process, or in a child process that is
killed mid-way) share this, so "acknowledge, answer, wait for the clock, or go
on" means the same thing everywhere.
"""

from __future__ import annotations

from coach.engine import commands as c
from coach.engine.session import Session
from coach.engine.state import View


def person_move(view: View, *, answer: bool) -> c.Command | None:
    """The command a person gives now; None when only time moves the session on."""
    if view.needs_ack:
        return c.AckReminder()
    if view.needs_answer:
        return c.Answer(answer)
    if view.next_deadline is not None and not view.can_next:
        return None
    return c.Next()


def advance_to(session: Session, kind: str, limit: int = 40) -> None:
    """Walk the session forward (acks, yes answers, next) until a step of `kind` is current."""
    if session.view().status == "idle":
        session.do(c.Start())
    for _ in range(limit):
        view = session.view()
        if view.step is not None and view.step.step.kind == kind:
            return
        if view.needs_ack:
            session.do(c.AckReminder())
        elif view.needs_answer:
            session.do(c.Answer(True))
        else:
            session.do(c.Next())
    raise AssertionError(f"no {kind} step reached")
