"""Journal lines as engine events, and the time the app was away between two of them.

The journal stores each event dict with a ``"wall"`` time beside its fields;
the report needs both: the events to fold and the wall times for the gaps
where the app was not running.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from coach.engine import events as e
from coach.engine.decoding import event_from_dict
from coach.engine.events import EventError
from coach.journal.header import parse_wall
from coach.report.model import Interruption

_WALL = frozenset({"wall"})


def engine_events(
    records: Iterable[Mapping[str, Any]],
) -> tuple[list[e.Event], list[str | None], list[str]]:
    """Journal dicts -> engine events, their wall times, and warnings (bad ones skipped)."""
    events: list[e.Event] = []
    walls: list[str | None] = []
    warnings: list[str] = []
    for number, record in enumerate(records, start=2):  # line 1 is the header
        data = record if isinstance(record, dict) else dict(record)
        try:
            events.append(event_from_dict(data, ignore=_WALL))
        except EventError as exc:
            warnings.append(f"journal line {number}: {exc}; skipped")
            continue
        wall = data.get("wall")
        walls.append(wall if isinstance(wall, str) else None)
    return events, walls, warnings


def _parse(wall: str | None) -> datetime | None:
    return parse_wall(wall) if wall is not None else None


def interruption(
    events: Sequence[e.Event],
    walls: Sequence[str | None],
    i: int,
    step_id: str | None,
    message: str,
) -> Interruption:
    """The time away that the `Recovered` event `events[i]` marks (the app stopped mid-session).

    A resumed session's clock carries on from the journal's last ``t``, so the
    time away is the wall-clock gap between the last event before the marker
    and the marker itself, less any session time between them.
    """
    w0, w1 = _parse(walls[i - 1]), _parse(walls[i])
    wall_gap = (w1 - w0).total_seconds() if w0 is not None and w1 is not None else 0.0
    gap = wall_gap - (events[i].t - events[i - 1].t)
    return Interruption(
        round(events[i - 1].t, 3),
        step_id,
        walls[i - 1],
        walls[i],
        round(max(0.0, gap), 3),
        message,
    )
