"""A session, told back: the journal folded into Markdown (for people) or JSON (for tools).

A session is its event list, so an export is a fold over the journal. The
engine does the state-keeping: `replay` gives the final answers, ratings,
notes, checklist and review exactly as the app had them; this module only
walks the events for *when* things happened (time per step and per hold
position, check-ins and where they led, reminders, STOPs, pauses) and adds the
lesson's plan (`planned_seconds`) beside it.

Both formats come from one `report` dict, so they always agree. The JSON is
documented in `report`'s docstring and versioned (``"export": 1``).

Everything quoted from the lesson or typed by the person is data: it goes
through `coach.text.visible` and the escaping in `coach.journal.md`, and the
review is kept verbatim in a code fence. Exports are written 0600 like the
journal: they are just as intimate.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from coach.durations import clock, spoken
from coach.engine import EngineError, EventError, State, replay
from coach.engine import events as e
from coach.engine.events import event_reader
from coach.engine.machine import flat_steps
from coach.errors import CoachError
from coach.journal import md
from coach.journal.store import Header, Journal, describe_os_error, read_journal
from coach.lesson.model import (
    ChecklistStep,
    FeedbackStep,
    HoldStep,
    Lesson,
    planned_seconds,
)
from coach.text import json_text, visible

EXPORT_VERSION = 1


class ExportError(CoachError):
    """An export could not be written."""


# --------------------------------------------------------------------------- events


def engine_events(
    records: Iterable[Mapping[str, Any]],
) -> tuple[list[e.Event], list[str | None], list[str]]:
    """Journal dicts -> engine events, their wall times, and warnings.

    The store adds ``"wall"`` to each event dict; the engine does not know that
    field, so it is split off here. A dict the engine cannot read is skipped
    with a warning (an export should show what it can). `resume` wants the
    same conversion but should refuse on warnings, not carry on.
    """
    events: list[e.Event] = []
    walls: list[str | None] = []
    warnings: list[str] = []
    read = event_reader(("wall",))  # reads each dict as it is, without copying it
    for number, record in enumerate(records, start=2):  # line 1 is the header
        data = record if isinstance(record, dict) else dict(record)
        try:
            events.append(read(data))
        except EventError as exc:
            warnings.append(f"journal line {number}: {exc}; skipped")
            continue
        wall = data.get("wall")
        walls.append(wall if isinstance(wall, str) else None)
    return events, walls, warnings


# --------------------------------------------------------------------------- the fold


@dataclass
class _Visit:
    step_id: str
    index: int
    start: float
    end: float | None = None
    reason: str | None = None
    positions: dict[int, dict[str, Any]] = field(default_factory=dict)


class _Timeline:
    """Paused intervals in session time, to turn spans into active seconds."""

    def __init__(self, events: Sequence[e.Event]) -> None:
        self.intervals: list[tuple[float, float]] = []
        self.pauses: list[dict[str, Any]] = []
        start: float | None = None
        last = 0.0
        for ev in events:
            last = max(last, ev.t)
            if isinstance(ev, e.Paused | e.Stopped) and start is None:
                start = ev.t
                if isinstance(ev, e.Paused):
                    self.pauses.append({"t": _r(ev.t), "seconds": None})
            elif isinstance(ev, e.Resumed | e.SessionEnded) and start is not None:
                self._close(start, ev.t)
                start = None
            if isinstance(ev, e.SessionEnded):
                break
        if start is not None:  # still paused when the journal ends
            self._close(start, last)
        # In time order (as a journal is), the intervals are sorted by start and by
        # end, so `active` finds the ones that overlap a span by bisection.
        self._starts = [p0 for p0, _ in self.intervals]
        self._ends = [p1 for _, p1 in self.intervals]
        self._in_order = self._starts == sorted(self._starts) and self._ends == sorted(self._ends)

    def _close(self, start: float, end: float) -> None:
        self.intervals.append((start, end))
        if self.pauses and self.pauses[-1]["seconds"] is None and self.pauses[-1]["t"] == _r(start):
            self.pauses[-1]["seconds"] = _r(end - start)

    def active(self, a: float, b: float) -> float:
        """Seconds between session times `a` and `b` not spent paused or stopped."""
        intervals = self.intervals
        if self._in_order:
            # Those ending by `a` or starting from `b` would add exactly 0.0: leave them out.
            first = bisect_right(self._ends, a)
            intervals = intervals[first : bisect_left(self._starts, b, first)]
        paused = sum(max(0.0, min(b, p1) - max(a, p0)) for p0, p1 in intervals)
        return max(0.0, b - a - paused)

    @property
    def paused_total(self) -> float:
        return sum(p1 - p0 for p0, p1 in self.intervals)


def _r(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds, 3)


def _steps_by_id(lesson: Lesson | None) -> dict[str, Any]:
    return {fs.id: fs for fs in flat_steps(lesson)} if lesson is not None else {}


def _title(flat: Mapping[str, Any], step_id: str | None) -> str | None:
    if step_id is None:
        return None
    fs = flat.get(step_id)
    return fs.step.title if fs is not None else step_id


def report(
    lesson: Lesson | None,
    header: Header | Mapping[str, Any],
    records: Sequence[Mapping[str, Any]],
    warnings: Iterable[str] = (),
) -> dict[str, Any]:
    """The whole session as one JSON-safe dict (what `to_json` prints).

    Structure (``"export": 1``; times are seconds, ``t`` is session time —
    active plus paused — counted from the session's start):

    - ``session``: id, mode, started_wall, ended_wall, coach, status
      (finished / stopped / interrupted), end_reason, end_message
    - ``lesson``: id, version, title, path, sha256, loaded (was the lesson file
      available), matches (False if the journal does not fit it)
    - ``time``: active_seconds, paused_seconds, planned_seconds, not_running_seconds
    - ``steps``: per lesson step (or per step seen, without a lesson): index,
      id, section, title, kind, planned_seconds, actual_seconds, visits,
      outcome (done / skipped / went back / ... / in progress / not reached)
    - ``holds``: per visit of a hold step: step_id, title, depth, visit,
      planned_seconds, actual_seconds, positions [hour, planned_breaths,
      breaths (None if not finished), seconds, planned_seconds]
    - ``checklists``: step_id, title, items [text, checked]
    - ``checkins``: t, step_id, question, answer (yes/no), action, target,
      target_title, say
    - ``reminders``: t, step_id, trigger, text, needs_ack, acknowledged_t
    - ``stops``: t, step_id, step_title, outcome (resume / back / end / None),
      resolved_t, seconds
    - ``feedback``: step_id, title, ratings [item, text, rating]
    - ``notes``: step_id, title, text
    - ``pauses``: t, seconds (up to the journal's end if never resumed)
    - ``interruptions``: after_t, step_id, from_wall, to_wall, seconds, message
    - ``review``: the review text, verbatim (None if none)
    - ``warnings``: anything odd found on the way
    """
    if not isinstance(header, Header):
        header = Header.from_dict(dict(header), "header")
    events, walls, event_warnings = engine_events(records)
    notes_out = [*warnings, *event_warnings]
    flat = _steps_by_id(lesson)

    state: State | None = None
    if lesson is not None:
        if lesson.id != header.lesson_id:
            notes_out.append(
                f"this journal is of lesson {header.lesson_id!r}, not {lesson.id!r}; "
                "the lesson was not used"
            )
            lesson, flat = None, {}
        else:
            if lesson.version != header.lesson_version:
                notes_out.append(
                    f"the session used lesson version {header.lesson_version!r}; "
                    f"the file now says {lesson.version!r}"
                )
            try:
                state = replay(lesson, events)
            except (EngineError, IndexError, AssertionError) as exc:
                notes_out.append(
                    f"the journal does not fit this lesson file ({exc}); "
                    "showing what the events say"
                )
                lesson, flat = None, {}

    timeline = _Timeline(events)
    visits, end = _walk(events)
    last_t = max((ev.t for ev in events), default=0.0)
    started_t = next((ev.t for ev in events if isinstance(ev, e.SessionStarted)), 0.0)
    end_t = end.t if end is not None else last_t
    active_total = timeline.active(started_t, end_t)

    status = "interrupted"
    if end is not None:
        status = "finished" if end.reason == "finished" else "stopped"

    result: dict[str, Any] = {
        "export": EXPORT_VERSION,
        "session": {
            "id": header.session,
            "mode": header.mode,
            "started_wall": header.started_wall,
            "ended_wall": _end_wall(events, walls, end),
            "coach": header.coach,
            "status": status,
            "end_reason": end.reason if end is not None else None,
            "end_message": end.message if end is not None else None,
        },
        "lesson": {
            "id": header.lesson_id,
            "version": header.lesson_version,
            "title": header.lesson_title,
            "path": header.lesson_path,
            "sha256": header.lesson_sha256,
            "loaded": lesson is not None,
        },
        "time": {},
        "steps": _steps(lesson, visits, timeline, end_t),
        "holds": _holds(lesson, flat, visits, timeline, end_t),
        "checklists": _checklists(lesson, flat, events, state),
        "checkins": _checkins(events, flat),
        "reminders": _reminders(events),
        "stops": _stops(events, flat, end_t),
        "feedback": _feedback(flat, events, state),
        "notes": _notes(flat, events, state),
        "pauses": timeline.pauses,
        "interruptions": _interruptions(events, walls),
        "review": _review(events, state),
        "warnings": notes_out,
    }
    planned = [s["planned_seconds"] for s in result["steps"] if s["planned_seconds"] is not None]
    result["time"] = {
        "active_seconds": _r(active_total),
        "paused_seconds": _r(timeline.paused_total),
        "planned_seconds": _r(sum(planned)) if planned else None,
        "not_running_seconds": _r(float(sum(i["seconds"] for i in result["interruptions"]))),
    }
    return result


def _walk(events: Sequence[e.Event]) -> tuple[list[_Visit], e.SessionEnded | None]:
    visits: list[_Visit] = []
    current: _Visit | None = None
    end: e.SessionEnded | None = None
    for ev in events:
        if isinstance(ev, e.StepEntered):
            current = _Visit(ev.step_id, ev.index, ev.t)
            visits.append(current)
        elif isinstance(ev, e.StepLeft) and current is not None:
            current.end, current.reason = ev.t, ev.reason
            current = None
        elif isinstance(ev, e.HoldPositionStarted) and current is not None:
            current.positions[ev.position_index] = {"hour": ev.hour, "start": ev.t}
        elif isinstance(ev, e.HoldPositionFinished) and current is not None:
            pos = current.positions.setdefault(ev.position_index, {"hour": ev.hour, "start": ev.t})
            pos["end"], pos["breaths"] = ev.t, ev.breaths
        elif isinstance(ev, e.SessionEnded) and end is None:
            end = ev
    return visits, end


_OUTCOMES = {
    "next": "done",
    "timer": "done",
    "checkin": "answered",
    "skip": "skipped",
    "back": "went back",
    "jump": "jumped away",
    "finish": "finished here",
    "stopped": "stopped here",
    "restart": "restarted",
}


def _steps(
    lesson: Lesson | None, visits: list[_Visit], timeline: _Timeline, end_t: float
) -> list[dict[str, Any]]:
    by_id: dict[str, list[_Visit]] = {}
    for visit in visits:
        by_id.setdefault(visit.step_id, []).append(visit)

    def row(
        index: int,
        step_id: str,
        section: str | None,
        title: str,
        kind: str | None,
        planned: float | None,
    ) -> dict[str, Any]:
        mine = by_id.get(step_id, [])
        actual = sum(timeline.active(v.start, v.end if v.end is not None else end_t) for v in mine)
        if not mine:
            outcome = "not reached"
        elif mine[-1].reason is None:
            outcome = "in progress"
        else:
            outcome = _OUTCOMES.get(mine[-1].reason or "", mine[-1].reason or "")
        return {
            "index": index,
            "id": step_id,
            "section": section,
            "title": title,
            "kind": kind,
            "planned_seconds": _r(planned),
            "actual_seconds": _r(actual) if mine else None,
            "visits": len(mine),
            "outcome": outcome,
        }

    if lesson is not None:
        return [
            row(
                fs.index,
                fs.id,
                fs.section_title,
                fs.step.title,
                fs.step.kind,
                planned_seconds(fs.step, lesson.pace),
            )
            for fs in flat_steps(lesson)
        ]
    seen: dict[str, int] = {}
    for visit in visits:
        seen.setdefault(visit.step_id, visit.index)
    return [
        row(i, sid, None, sid, None, None) for sid, i in sorted(seen.items(), key=lambda x: x[1])
    ]


def _holds(
    lesson: Lesson | None,
    flat: Mapping[str, Any],
    visits: list[_Visit],
    timeline: _Timeline,
    end_t: float,
) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    rounds: dict[str, int] = {}
    for visit in visits:
        fs = flat.get(visit.step_id)
        step = fs.step if fs is not None else None
        if not visit.positions and not isinstance(step, HoldStep):
            continue
        rounds[visit.step_id] = rounds.get(visit.step_id, 0) + 1
        breath = None
        if isinstance(step, HoldStep) and lesson is not None:
            breath = (step.pace or lesson.pace).breath_seconds
        hours: list[tuple[int, int | None]] = []
        if isinstance(step, HoldStep):
            hours = [(p.at, step.breaths_at(i)) for i, p in enumerate(step.positions)]
        else:
            hours = [(visit.positions[i]["hour"], None) for i in sorted(visit.positions)]
        positions = []
        for i, (hour, planned_breaths) in enumerate(hours):
            pos = visit.positions.get(i)
            seconds = None
            if pos is not None:
                stop = pos.get("end", visit.end if visit.end is not None else end_t)
                seconds = timeline.active(pos["start"], stop)
            positions.append(
                {
                    "hour": hour,
                    "planned_breaths": planned_breaths,
                    "breaths": pos.get("breaths") if pos is not None else None,
                    "seconds": _r(seconds),
                    "planned_seconds": _r(planned_breaths * breath)
                    if planned_breaths is not None and breath is not None
                    else None,
                }
            )
        stop = visit.end if visit.end is not None else end_t
        out.append(
            {
                "step_id": visit.step_id,
                "title": step.title if step is not None else visit.step_id,
                "depth": step.depth.label if isinstance(step, HoldStep) else None,
                "visit": rounds[visit.step_id],
                "planned_seconds": _r(planned_seconds(step, lesson.pace))
                if isinstance(step, HoldStep) and lesson is not None
                else None,
                "actual_seconds": _r(timeline.active(visit.start, stop)),
                "positions": positions,
            }
        )
    return out


def _checklists(
    lesson: Lesson | None,
    flat: Mapping[str, Any],
    events: Sequence[e.Event],
    state: State | None,
) -> list[dict[str, Any]]:
    if state is not None:
        checked = dict(state.checked)
    else:
        checked = {}
        for ev in events:
            if isinstance(ev, e.ChecklistToggled):
                items = checked.get(ev.step_id, frozenset())
                checked[ev.step_id] = items | {ev.item} if ev.checked else items - {ev.item}
    out = []
    if lesson is not None:
        for fs in flat_steps(lesson):
            if isinstance(fs.step, ChecklistStep):
                ticked = checked.get(fs.id, frozenset())
                items = [{"text": t, "checked": i in ticked} for i, t in enumerate(fs.step.items)]
                out.append({"step_id": fs.id, "title": fs.step.title, "items": items})
        return out
    for step_id, ticked in checked.items():
        items = [{"text": f"item {i + 1}", "checked": True} for i in sorted(ticked)]
        out.append({"step_id": step_id, "title": _title(flat, step_id), "items": items})
    return out


def _checkins(events: Sequence[e.Event], flat: Mapping[str, Any]) -> list[dict[str, Any]]:
    return [
        {
            "t": _r(ev.t),
            "step_id": ev.step_id,
            "question": ev.question,
            "answer": "yes" if ev.answer else "no",
            "action": ev.action,
            "target": ev.target,
            "target_title": _title(flat, ev.target),
            "say": ev.say,
        }
        for ev in events
        if isinstance(ev, e.CheckinAnswered)
    ]


def _reminders(events: Sequence[e.Event]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    waiting: dict[str, dict[str, Any]] = {}
    for ev in events:
        if isinstance(ev, e.ReminderShown):
            item = {
                "t": _r(ev.t),
                "step_id": ev.step_id,
                "trigger": ev.trigger,
                "text": ev.text,
                "needs_ack": ev.ack,
                "acknowledged_t": None,
            }
            out.append(item)
            if ev.ack:
                waiting.setdefault(ev.key, item)
        elif isinstance(ev, e.ReminderAcknowledged):
            item = waiting.pop(ev.key, None)
            if item is not None:
                item["acknowledged_t"] = _r(ev.t)
    return out


def _stops(
    events: Sequence[e.Event], flat: Mapping[str, Any], end_t: float
) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for ev in events:
        if isinstance(ev, e.Stopped):
            out.append(
                {
                    "t": _r(ev.t),
                    "step_id": ev.step_id,
                    "step_title": _title(flat, ev.step_id),
                    "outcome": None,
                    "resolved_t": None,
                    "seconds": _r(end_t - ev.t),
                }
            )
        elif isinstance(ev, e.StopResolved) and out and out[-1]["outcome"] is None:
            out[-1]["outcome"] = ev.choice
            out[-1]["resolved_t"] = _r(ev.t)
            out[-1]["seconds"] = _r(ev.t - out[-1]["t"])
    return out


def _feedback(
    flat: Mapping[str, Any], events: Sequence[e.Event], state: State | None
) -> list[dict[str, Any]]:
    if state is not None:
        ratings = {sid: dict(pairs) for sid, pairs in state.ratings}
    else:
        ratings = {}
        for ev in events:
            if isinstance(ev, e.Rated):
                ratings.setdefault(ev.step_id, {})[ev.item] = ev.rating
    out = []
    for step_id, items in ratings.items():
        fs = flat.get(step_id)
        labels = fs.step.items if fs is not None and isinstance(fs.step, FeedbackStep) else ()
        out.append(
            {
                "step_id": step_id,
                "title": _title(flat, step_id),
                "ratings": [
                    {
                        "item": i,
                        "text": labels[i] if i < len(labels) else f"item {i + 1}",
                        "rating": str(getattr(r, "value", r)),
                    }
                    for i, r in sorted(items.items())
                ],
            }
        )
    return sorted(out, key=lambda f: _order(flat, f["step_id"]))


def _notes(
    flat: Mapping[str, Any], events: Sequence[e.Event], state: State | None
) -> list[dict[str, Any]]:
    if state is not None:
        notes = dict(state.notes)
    else:
        notes = {}
        for ev in events:
            if isinstance(ev, e.NoteWritten):
                if ev.text.strip():
                    notes[ev.step_id] = ev.text
                else:
                    notes.pop(ev.step_id, None)
    out = [
        {"step_id": sid, "title": _title(flat, sid), "text": text} for sid, text in notes.items()
    ]
    return sorted(out, key=lambda n: _order(flat, n["step_id"]))


def _order(flat: Mapping[str, Any], step_id: str) -> tuple[int, str]:
    fs = flat.get(step_id)
    return (fs.index if fs is not None else 10**6, step_id)


def _review(events: Sequence[e.Event], state: State | None) -> str | None:
    if state is not None:
        return state.review
    text = None
    for ev in events:
        if isinstance(ev, e.ReviewSaved):
            text = ev.text
    return text


def _parse(wall: str | None) -> datetime | None:
    if wall is None:
        return None
    try:
        return datetime.fromisoformat(wall)
    except ValueError:
        return None


def _interruptions(events: Sequence[e.Event], walls: Sequence[str | None]) -> list[dict[str, Any]]:
    """Each `Recovered` event marks the app coming back after it stopped mid-session.

    A resumed session's clock carries on from the journal's last ``t``, so the
    time away is the wall-clock gap between the last event before the marker
    and the marker itself, less any session time between them.
    """
    out = []
    step_id: str | None = None
    for i, cur in enumerate(events):
        if isinstance(cur, e.StepEntered):
            step_id = cur.step_id
        if not isinstance(cur, e.Recovered) or i == 0:
            continue
        w0, w1 = _parse(walls[i - 1]), _parse(walls[i])
        wall_gap = (w1 - w0).total_seconds() if w0 is not None and w1 is not None else 0.0
        gap = wall_gap - (cur.t - events[i - 1].t)
        out.append(
            {
                "after_t": _r(events[i - 1].t),
                "step_id": step_id,
                "from_wall": walls[i - 1],
                "to_wall": walls[i],
                "seconds": _r(max(0.0, gap)),
                "message": cur.message,
            }
        )
    return out


def _end_wall(
    events: Sequence[e.Event], walls: Sequence[str | None], end: e.SessionEnded | None
) -> str | None:
    if end is not None:
        for ev, wall in zip(events, walls, strict=True):
            if ev is end:
                return wall
    return walls[-1] if walls else None


# --------------------------------------------------------------------------- JSON


def to_json(
    lesson: Lesson | None,
    header: Header | Mapping[str, Any],
    records: Sequence[Mapping[str, Any]],
    warnings: Iterable[str] = (),
) -> str:
    """The `report` as pretty JSON (UTF-8 text, stable key order, newline at the end)."""
    return json_text(report(lesson, header, records, warnings))


# --------------------------------------------------------------------------- Markdown


def duration(seconds: float | None) -> str:
    """``0:42``, ``12:03``, ``1:02:03``; an en dash for unknown."""
    return "–" if seconds is None else clock(seconds)


def _when(wall: str | None) -> str:
    moment = _parse(wall)
    if moment is None:
        return md.inline(wall or "unknown")
    text = moment.strftime("%A %d %B %Y, %H:%M")
    offset = moment.strftime("%z")  # "+0100"; empty for a naive time
    return f"{text} (UTC{offset[:3]}:{offset[3:]})" if offset else text


def _clock(wall: str | None) -> str:
    moment = _parse(wall)
    return moment.strftime("%H:%M") if moment is not None else "?"


def _q(text: str | None) -> str:
    """Inline-escaped text in typographic quotes."""
    return f"“{md.inline(text or '')}”"


_TRIGGERS = {
    "before": "before the step",
    "after": "after the step",
    "between_positions": "between positions",
    "every": "periodic",
}
_STOP_OUTCOMES = {
    "resume": "then resumed",
    "back": "then went back a step",
    "end": "then ended the session",
    None: "not resolved",
}


def to_markdown(
    lesson: Lesson | None,
    header: Header | Mapping[str, Any],
    records: Sequence[Mapping[str, Any]],
    warnings: Iterable[str] = (),
) -> str:
    """The session as a CommonMark document (GFM tables) that reads well rendered."""
    return render_markdown(report(lesson, header, records, warnings))


def render_markdown(rep: Mapping[str, Any]) -> str:
    """Markdown from a `report` dict."""
    out: list[str] = []
    session, lesson_info, times = rep["session"], rep["lesson"], rep["time"]
    titles = {s["id"]: s["title"] for s in rep["steps"]}

    def step_name(step_id: str | None) -> str:
        if step_id is None:
            return "before the first step"
        return _q(titles.get(step_id, step_id))

    out.append(f"# Session: {md.inline(lesson_info['title'] or lesson_info['id'])}")
    out.append("")
    status = session["status"]
    if status == "finished":
        outcome = "finished"
    elif status == "stopped" and session["end_reason"] == "checkin":
        outcome = "stopped by a check-in"
        if session["end_message"]:
            outcome += f": {_q(session['end_message'])}"
    elif status == "stopped":
        ended_by_stop = [s for s in rep["stops"] if s["outcome"] == "end"]
        outcome = "stopped"
        if ended_by_stop:
            outcome += f" with STOP at {step_name(ended_by_stop[-1]['step_id'])}"
    else:
        outcome = "interrupted — the journal ends without the session ending"
    facts = [
        f"**Date:** {_when(session['started_wall'])}",
        f"**Lesson:** {md.inline(lesson_info['id'])}, version {md.inline(lesson_info['version'])}",
        f"**Session:** {md.inline(session['id'])} ({md.inline(session['mode'])})",
        f"**Outcome:** {outcome}",
        f"**Active time:** {spoken(times['active_seconds'] or 0)}",
        f"**Paused or stopped:** {spoken(times['paused_seconds'] or 0)}",
    ]
    if times["planned_seconds"]:
        facts.append(
            f"**Planned:** {spoken(times['planned_seconds'])} "
            "(the timed, open and hold steps, once each)"
        )
    if times["not_running_seconds"]:
        facts.append(f"**App not running:** {spoken(times['not_running_seconds'])}")
    out.extend(f"- {fact}" for fact in facts)
    out.append("")

    if rep["warnings"]:
        out.append("> **Note:** " + "\\\n> ".join(md.inline(w) for w in rep["warnings"]))
        out.append("")

    # Steps
    out.append("## Steps")
    out.append("")
    rows = []
    for s in rep["steps"]:
        rows.append(
            [
                str(s["index"] + 1),
                md.cell(s["section"] or ""),
                md.cell(s["title"]),
                md.cell(s["kind"] or ""),
                duration(s["planned_seconds"]),
                duration(s["actual_seconds"]),
                str(s["visits"]),
                md.cell(s["outcome"]),
            ]
        )
    out.append(
        md.table(
            ["#", "Section", "Step", "Kind", "Planned", "Actual", "Visits", "Outcome"],
            rows,
            ["right", "left", "left", "left", "right", "right", "right", "left"],
        )
    )
    out.append("")
    out.append(
        "Durations are active time (pauses and STOPs left out). Moments in the lists "
        "below (m:ss) count from the start of the session."
    )
    out.append("")

    if rep["holds"]:
        out.append("## Holds")
        out.append("")
        for h in rep["holds"]:
            depth = f", {md.inline(h['depth'])}" if h["depth"] else ""
            round_ = f" (round {h['visit']})" if h["visit"] > 1 else ""
            out.append(f"### {md.inline(h['title'])}{round_}")
            out.append("")
            out.append(
                f"Planned {duration(h['planned_seconds'])}, actual {duration(h['actual_seconds'])}"
                f"{depth}."
            )
            out.append("")
            rows = [
                [
                    f"{p['hour']} o’clock",
                    "–" if p["planned_breaths"] is None else str(p["planned_breaths"]),
                    "–" if p["breaths"] is None else str(p["breaths"]),
                    duration(p["planned_seconds"]),
                    duration(p["seconds"]),
                ]
                for p in h["positions"]
            ]
            out.append(
                md.table(
                    ["Position", "Breaths planned", "Breaths done", "Planned", "Actual"],
                    rows,
                    ["left", "right", "right", "right", "right"],
                )
            )
            out.append("")

    if rep["checklists"]:
        out.append("## Checklists")
        out.append("")
        for c in rep["checklists"]:
            out.append(f"- **{md.inline(c['title'])}**")
            for item in c["items"]:
                mark = "✓" if item["checked"] else "·"
                out.append(f"  - {mark} {md.inline(item['text'])}")
        out.append("")

    if rep["checkins"]:
        out.append("## Check-ins")
        out.append("")
        for c in rep["checkins"]:
            action = c["action"]
            if action == "goto":
                led = f"went to {step_name(c['target'])}"
            elif action == "repeat":
                led = f"repeated from {step_name(c['target'])}"
            elif action == "stop":
                led = "ended the session"
            elif c["target"] is None:
                led = "continued to the end"
            else:
                led = f"continued to {step_name(c['target'])}"
            line = f"- {duration(c['t'])} — {_q(c['question'])} **{c['answer']}**, {led}"
            if c["say"]:
                line += f"; coach said {_q(c['say'])}"
            out.append(line)
        out.append("")

    if rep["reminders"]:
        out.append("## Reminders shown")
        out.append("")
        for r in rep["reminders"]:
            where = f", {step_name(r['step_id'])}" if r["step_id"] else ""
            ack = ""
            if r["needs_ack"]:
                ack = (
                    f" — acknowledged at {duration(r['acknowledged_t'])}"
                    if r["acknowledged_t"] is not None
                    else " — not acknowledged"
                )
            trigger = _TRIGGERS.get(r["trigger"], r["trigger"])
            out.append(f"- {duration(r['t'])} ({trigger}{where}): {_q(r['text'])}{ack}")
        out.append("")

    if rep["stops"]:
        out.append("## STOPs")
        out.append("")
        for s in rep["stops"]:
            out.append(
                f"- {duration(s['t'])} at {step_name(s['step_id'])}: stopped for "
                f"{spoken(s['seconds'] or 0)}, {_STOP_OUTCOMES.get(s['outcome'], '')}"
            )
        out.append("")

    if rep["feedback"]:
        out.append("## Feedback")
        out.append("")
        for f in rep["feedback"]:
            out.append(f"### {md.inline(f['title'])}")
            out.append("")
            rows = [[md.cell(r["text"]), md.cell(r["rating"])] for r in f["ratings"]]
            out.append(md.table(["Item", "Rating"], rows))
            out.append("")

    if rep["notes"]:
        out.append("## Notes")
        out.append("")
        for n in rep["notes"]:
            body = md.block(n["text"]).replace("\n", "\n  ")
            out.append(f"- **{md.inline(n['title'])}:** {body}")
        out.append("")

    if rep["pauses"] or rep["interruptions"]:
        out.append("## Pauses and interruptions")
        out.append("")
        for p in rep["pauses"]:
            length = "until the end" if p["seconds"] is None else spoken(p["seconds"])
            out.append(f"- {duration(p['t'])} paused, {length}")
        for i in rep["interruptions"]:
            out.append(
                f"- {duration(i['after_t'])} the app was not running for "
                f"{spoken(i['seconds'])} ({_clock(i['from_wall'])} to "
                f"{_clock(i['to_wall'])}), during {step_name(i['step_id'])}: "
                f"{md.inline(i['message'])}"
            )
        out.append("")

    out.append("## Review")
    out.append("")
    if rep["review"] and rep["review"].strip():
        out.append(md.fenced(rep["review"]))
    else:
        out.append("*No review was written.*")
    out.append("")
    # Every piece was made visible already; this is the last guard for the file.
    # `visible` maps character by character and keeps newlines, so line by line
    # is the same text, and almost every line is printable and passes at once.
    return "\n".join(visible(line) for line in "\n".join(out).split("\n"))


# --------------------------------------------------------------------------- files


def export_journal(journal: Journal, lesson: Lesson | None, fmt: str = "markdown") -> str:
    """`to_markdown` / `to_json` of a read journal, carrying its read warnings."""
    render = to_json if fmt == "json" else to_markdown
    return render(lesson, journal.header, journal.events, journal.warnings)


def export_file(path: str | Path, lesson: Lesson | None, fmt: str = "markdown") -> str:
    """Read the journal at `path` and export it (raises `JournalError` if unreadable)."""
    return export_journal(read_journal(path), lesson, fmt)


def write_private(path: str | Path, text: str) -> Path:
    """Write `text` to `path`, owner-only (0600), replacing it atomically.

    The text goes to a hidden temporary file beside `path` first, so a full
    disk never leaves half an export where a whole one was.
    """
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o600)
    except OSError as exc:
        raise ExportError(f"cannot write {path}: {describe_os_error(exc)}") from None
    try:
        try:
            data = text.encode("utf-8")
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fchmod(fd, 0o600)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise ExportError(f"cannot write {path}: {describe_os_error(exc)}") from None
    return path
