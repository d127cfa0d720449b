"""What a screen tells the app: "do this command". The app alone talks to the session.

Screens and widgets never import the app (no `ui/app <-> ui/screens` cycle):
they post `Send` and the app, which holds the session, handles it
(`CoachApp.on_send`), as frogmouth's screens post to its app.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from coach.engine.commands import Command


@dataclass
class Send(Message):
    """Apply `command` to the running session."""

    command: Command
