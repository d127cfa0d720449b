"""A session, told back: the journal folded into Markdown (for people) or JSON (for tools).

A session is its event list, so an export is a fold over the journal. The
engine does the state-keeping: `replay` gives the final answers, ratings,
notes, checklist and review exactly as the app had them; this module only
walks the events for *when* things happened (time per step and per hold
position, check-ins and where they led, reminders, STOPs, pauses) and adds the
lesson's plan (`planned_seconds`) beside it. It walks them once (`_Scan`): a
long session has a hundred thousand events, nearly all of them breath phases
that the report passes over.

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
from coach.journal.store import (
    Header,
    Journal,
    describe_os_error,
    read_journal,
)
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

    Every event made here is kept (a session is its events), so the cyclic
    collector is paused meanwhile: it would find nothing to free, but on a
    long journal it walked all the events made so far several times over,
    a third of the time of the whole conversion.
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

    def __init__(self, intervals: list[tuple[float, float]], pauses: list[dict[str, Any]]) -> None:
        self.intervals = intervals
        self.pauses = pauses
        # In time order (as a journal is), the intervals are sorted by start and by
        # end, so `active` finds the ones that overlap a span by bisection.
        self._starts = [p0 for p0, _ in self.intervals]
        self._ends = [p1 for _, p1 in self.intervals]
        self._in_order = self._starts == sorted(self._starts) and self._ends == sorted(self._ends)

    @classmethod
    def of(cls, events: Sequence[e.Event]) -> _Timeline:
        """The timeline of `events` (`_Scan` makes it on its way through them)."""
        return _Scan(events, [None] * len(events), {}).timeline

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


class _Scan:
    """Everything `report` reads off the events, gathered in one pass over them.

    An export of a long session walked its 100,000 events seven times (the
    timeline, the step visits, check-ins, reminders, STOPs, interruptions, the
    end), nearly always to pass over a breath phase. Here each event is looked
    at once, by its class, and what each part of the report needs is kept as
    it goes: the same figures those walks gave, in the same order.

    - the timeline (paused and stopped intervals, and the pauses) stops at the
      first ``SessionEnded``; a pause still open is closed at the last time
      seen up to there;
    - `visits` and every list go on to the journal's end (a note or the review
      can come after it);
    - `end` is the first ``SessionEnded``, `last_t` the latest ``t`` of all.
    """

    def __init__(
        self, events: Sequence[e.Event], walls: Sequence[str | None], flat: Mapping[str, Any]
    ) -> None:
        intervals: list[tuple[float, float]] = []
        pauses: list[dict[str, Any]] = []
        self.visits: list[_Visit] = []
        self.end: e.SessionEnded | None = None
        self.ended_wall: str | None = walls[-1] if walls else None
        self.started_t = 0.0
        self.checkins: list[dict[str, Any]] = []
        self.reminders: list[dict[str, Any]] = []
        self.stops: list[dict[str, Any]] = []
        self.interruptions: list[dict[str, Any]] = []
        # What the events say, for an export without a replayed state.
        self.checked: dict[str, frozenset[int]] = {}
        self.ratings: dict[str, dict[int, Any]] = {}
        self.notes: dict[str, str] = {}
        self.review: str | None = None

        current: _Visit | None = None
        started = False
        waiting: dict[str, dict[str, Any]] = {}  # reminders waiting for their ack, by key
        open_stops: list[tuple[dict[str, Any], float]] = []  # (stop, its t): seconds at the end
        step_id: str | None = None  # the step last entered (for interruptions)
        paused_from: float | None = None  # the timeline: paused or stopped since
        timeline_open = True  # until the first SessionEnded
        timeline_last = 0.0
        last_t = events[0].t if events else 0.0
        for i, ev in enumerate(events):
            t = ev.t
            if t > last_t:  # max(), without the call: the first of equals stays
                last_t = t
            if timeline_open and t > timeline_last:
                timeline_last = t
            if type(ev) is e.BreathPhaseChanged:  # most events; nothing the report reads
                continue
            match ev:
                case e.StepEntered():
                    current = _Visit(ev.step_id, ev.index, t)
                    self.visits.append(current)
                    step_id = ev.step_id
                case e.StepLeft():
                    if current is not None:
                        current.end, current.reason = t, ev.reason
                        current = None
                case e.ReminderShown():
                    item = {
                        "t": _r(t),
                        "step_id": ev.step_id,
                        "trigger": ev.trigger,
                        "text": ev.text,
                        "needs_ack": ev.ack,
                        "acknowledged_t": None,
                    }
                    self.reminders.append(item)
                    if ev.ack:
                        waiting.setdefault(ev.key, item)
                case e.HoldPositionStarted():
                    if current is not None:
                        current.positions[ev.position_index] = {"hour": ev.hour, "start": t}
                case e.HoldPositionFinished():
                    if current is not None:
                        pos = current.positions.setdefault(
                            ev.position_index, {"hour": ev.hour, "start": t}
                        )
                        pos["end"], pos["breaths"] = t, ev.breaths
                case e.ChecklistToggled():
                    items = self.checked.get(ev.step_id, frozenset())
                    self.checked[ev.step_id] = (
                        items | {ev.item} if ev.checked else items - {ev.item}
                    )
                case e.Rated():
                    self.ratings.setdefault(ev.step_id, {})[ev.item] = ev.rating
                case e.CheckinAnswered():
                    self.checkins.append(
                        {
                            "t": _r(t),
                            "step_id": ev.step_id,
                            "question": ev.question,
                            "answer": "yes" if ev.answer else "no",
                            "action": ev.action,
                            "target": ev.target,
                            "target_title": _title(flat, ev.target),
                            "say": ev.say,
                        }
                    )
                case e.NoteWritten():
                    if ev.text.strip():
                        self.notes[ev.step_id] = ev.text
                    else:
                        self.notes.pop(ev.step_id, None)
                case e.ReminderAcknowledged():
                    shown = waiting.pop(ev.key, None)
                    if shown is not None:
                        shown["acknowledged_t"] = _r(t)
                case e.ReviewSaved():
                    self.review = ev.text
                case e.SessionStarted():
                    if not started:
                        self.started_t, started = t, True
                case e.Paused():
                    if timeline_open and paused_from is None:
                        paused_from = t
                        pauses.append({"t": _r(t), "seconds": None})
                case e.Stopped():
                    if timeline_open and paused_from is None:
                        paused_from = t
                    stop = {
                        "t": _r(t),
                        "step_id": ev.step_id,
                        "step_title": _title(flat, ev.step_id),
                        "outcome": None,
                        "resolved_t": None,
                        "seconds": None,  # until resolved, or the end
                    }
                    self.stops.append(stop)
                    open_stops.append((stop, t))
                case e.StopResolved():
                    if self.stops and self.stops[-1]["outcome"] is None:
                        stop = self.stops[-1]
                        stop["outcome"], stop["resolved_t"] = ev.choice, _r(t)
                        stop["seconds"] = _r(t - stop["t"])
                case e.Resumed():
                    if timeline_open and paused_from is not None:
                        _close(intervals, pauses, paused_from, t)
                        paused_from = None
                case e.SessionEnded():
                    if timeline_open and paused_from is not None:
                        _close(intervals, pauses, paused_from, t)
                        paused_from = None
                    timeline_open = False
                    if self.end is None:
                        self.end, self.ended_wall = ev, walls[i]
                case e.Recovered() if i > 0:
                    self.interruptions.append(_interruption(events, walls, i, step_id, ev.message))
        if paused_from is not None:  # still paused when the journal (or the session) ends
            _close(intervals, pauses, paused_from, timeline_last)

        self.timeline = _Timeline(intervals, pauses)
        self.last_t = last_t
        self.end_t = self.end.t if self.end is not None else last_t
        for stop, t in open_stops:
            if stop["outcome"] is None:  # never resolved: stopped until the end
                stop["seconds"] = _r(self.end_t - t)


def _close(
    intervals: list[tuple[float, float]], pauses: list[dict[str, Any]], start: float, end: float
) -> None:
    intervals.append((start, end))
    if pauses and pauses[-1]["seconds"] is None and pauses[-1]["t"] == _r(start):
        pauses[-1]["seconds"] = _r(end - start)


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

    Made with the cyclic collector paused: a long session's report makes a
    few hundred thousand objects (events, states, rows) that all live until
    it is printed and then go with their last reference; the collector
    would only walk them, again and again, while they pile up.
    """
    return _report(lesson, header, records, warnings)


def _report(
    lesson: Lesson | None,
    header: Header | Mapping[str, Any],
    records: Sequence[Mapping[str, Any]],
    warnings: Iterable[str],
) -> dict[str, Any]:
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

    scan = _Scan(events, walls, flat)
    timeline, visits, end, end_t = scan.timeline, scan.visits, scan.end, scan.end_t
    active_total = timeline.active(scan.started_t, end_t)

    status = "interrupted"
    if end is not None:
        status = "finished" if end.reason == "finished" else "stopped"

    result: dict[str, Any] = {
        "export": EXPORT_VERSION,
        "session": {
            "id": header.session,
            "mode": header.mode,
            "started_wall": header.started_wall,
            "ended_wall": scan.ended_wall,
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
        "checklists": _checklists(lesson, flat, scan, state),
        "checkins": scan.checkins,
        "reminders": scan.reminders,
        "stops": scan.stops,
        "feedback": _feedback(flat, scan, state),
        "notes": _notes(flat, scan, state),
        "pauses": timeline.pauses,
        "interruptions": scan.interruptions,
        "review": state.review if state is not None else scan.review,
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
        mine = by_id.get(step_id)
        actual = None
        if mine is None:  # most steps of a long lesson, until the end
            outcome, visited = "not reached", 0
        else:
            seconds = sum(
                timeline.active(v.start, v.end if v.end is not None else end_t) for v in mine
            )
            actual, visited = _r(seconds), len(mine)
            if mine[-1].reason is None:
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
            "actual_seconds": actual,
            "visits": visited,
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
    scan: _Scan,
    state: State | None,
) -> list[dict[str, Any]]:
    checked = dict(state.checked) if state is not None else scan.checked
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


def _feedback(flat: Mapping[str, Any], scan: _Scan, state: State | None) -> list[dict[str, Any]]:
    if state is not None:
        ratings = {sid: dict(pairs) for sid, pairs in state.ratings}
    else:
        ratings = scan.ratings
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


def _notes(flat: Mapping[str, Any], scan: _Scan, state: State | None) -> list[dict[str, Any]]:
    notes = dict(state.notes) if state is not None else scan.notes
    out = [
        {"step_id": sid, "title": _title(flat, sid), "text": text} for sid, text in notes.items()
    ]
    return sorted(out, key=lambda n: _order(flat, n["step_id"]))


def _order(flat: Mapping[str, Any], step_id: str) -> tuple[int, str]:
    fs = flat.get(step_id)
    return (fs.index if fs is not None else 10**6, step_id)


def _parse(wall: str | None) -> datetime | None:
    if wall is None:
        return None
    try:
        return datetime.fromisoformat(wall)
    except ValueError:
        return None


def _interruption(
    events: Sequence[e.Event],
    walls: Sequence[str | None],
    i: int,
    step_id: str | None,
    message: str,
) -> dict[str, Any]:
    """The time away that the `Recovered` event `events[i]` marks (the app stopped mid-session).

    A resumed session's clock carries on from the journal's last ``t``, so the
    time away is the wall-clock gap between the last event before the marker
    and the marker itself, less any session time between them.
    """
    w0, w1 = _parse(walls[i - 1]), _parse(walls[i])
    wall_gap = (w1 - w0).total_seconds() if w0 is not None and w1 is not None else 0.0
    gap = wall_gap - (events[i].t - events[i - 1].t)
    return {
        "after_t": _r(events[i - 1].t),
        "step_id": step_id,
        "from_wall": walls[i - 1],
        "to_wall": walls[i],
        "seconds": _r(max(0.0, gap)),
        "message": message,
    }


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
    # A row per lesson step, whose section, kind and outcome repeat: each
    # distinct text is escaped once.
    cells: dict[str, str] = {}

    def cell(text: str) -> str:
        done = cells.get(text)
        if done is None:
            done = cells[text] = md.cell(text)
        return done

    for s in rep["steps"]:
        rows.append(
            [
                str(s["index"] + 1),
                cell(s["section"] or ""),
                md.cell(s["title"]),
                cell(s["kind"] or ""),
                duration(s["planned_seconds"]),
                duration(s["actual_seconds"]),
                str(s["visits"]),
                cell(s["outcome"]),
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
    # is the same text, and almost every line is printable and passes at once;
    # when every line is (the whole text less its newlines), the text is done.
    text = "\n".join(out)
    if text.replace("\n", "").isprintable():
        return text
    return "\n".join(visible(line) for line in text.split("\n"))


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
