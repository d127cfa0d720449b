"""A session, told back: one fold over its events into a typed `Report`.

The summary screen, `coach export` (Markdown and JSON), `coach sessions` and
`resume` all read this one report, so they cannot disagree: steps done,
check-in answers (in the order given, repeats included), active and paused
time all come from here. The engine's `replay` gives the final ticks,
ratings, notes and review when the lesson is at hand; this fold walks the
events for *when* things happened and adds the lesson's plan beside it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from coach.engine import events as e
from coach.engine.compiled import CompiledLesson, EngineError, compile_lesson
from coach.engine.evolve import replay
from coach.engine.state import State
from coach.journal.header import Header
from coach.lesson.model import ChecklistStep, FeedbackStep, HoldStep, Lesson, planned_seconds
from coach.report.events import engine_events, interruption
from coach.report.model import (
    OUTCOMES,
    CheckinRow,
    ChecklistItem,
    ChecklistRow,
    FeedbackRating,
    FeedbackRow,
    HoldPositionRow,
    HoldRow,
    Interruption,
    LessonInfo,
    NoteRow,
    ReminderRow,
    Report,
    SessionInfo,
    StepRow,
    StopRow,
    Times,
)
from coach.report.timeline import Timeline


@dataclass
class _Visit:
    step_id: str
    index: int
    start: float
    end: float | None = None
    reason: str | None = None
    positions: dict[int, dict[str, Any]] = field(default_factory=dict)


def _r(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds, 3)


def _round(seconds: float) -> float:
    """Seconds to the millisecond, as the JSON shows them."""
    return round(seconds, 3)


def fold(
    lesson: Lesson | CompiledLesson | None,
    header: Header | Mapping[str, Any],
    records: Sequence[Mapping[str, Any]],
    warnings: Iterable[str] = (),
) -> Report:
    """The whole session as a `Report` (journal dicts with ``"wall"`` in, figures out)."""
    events, walls, event_warnings = engine_events(records)
    return fold_events(lesson, header, events, walls, [*warnings, *event_warnings])


def fold_events(
    lesson: Lesson | CompiledLesson | None,
    header: Header | Mapping[str, Any],
    events: Sequence[e.Event],
    walls: Sequence[str | None],
    warnings: Iterable[str] = (),
) -> Report:
    """`fold` for events already decoded, with each one's wall time (a live session's)."""
    if not isinstance(header, Header):
        header = Header.from_dict(dict(header), "header")
    notes_out = list(warnings)
    compiled = compile_lesson(lesson) if isinstance(lesson, Lesson) else lesson
    state: State | None = None
    if compiled is not None:
        if compiled.id != header.lesson_id:
            notes_out.append(
                f"this journal is of lesson {header.lesson_id!r}, not {compiled.id!r}; "
                "the lesson was not used"
            )
            compiled = None
        else:
            if compiled.version != header.lesson_version:
                notes_out.append(
                    f"the session used lesson version {header.lesson_version!r}; "
                    f"the file now says {compiled.version!r}"
                )
            try:
                state = replay(compiled, events)
            except EngineError as exc:
                notes_out.append(
                    f"the journal does not fit this lesson file ({exc}); "
                    "showing what the events say"
                )
                compiled = None
    return _Fold(compiled, header, events, walls, state, notes_out).report()


class _Fold:
    """One pass over the events, then the report's parts from what it gathered."""

    def __init__(
        self,
        lesson: CompiledLesson | None,
        header: Header,
        events: Sequence[e.Event],
        walls: Sequence[str | None],
        state: State | None,
        warnings: list[str],
    ) -> None:
        self.lesson = lesson
        self.header = header
        self.state = state
        self.warnings = warnings
        self.flat = {fs.id: fs for fs in lesson.steps} if lesson is not None else {}
        self.visits: list[_Visit] = []
        self.checkins: list[CheckinRow] = []
        self.reminders: list[ReminderRow] = []
        self.stops: list[StopRow] = []
        self.interruptions: list[Interruption] = []
        self.checked: dict[str, frozenset[int]] = {}
        self.ratings: dict[str, dict[int, Any]] = {}
        self.notes: dict[str, str] = {}
        self.review: str | None = None
        self.end: e.SessionEnded | None = None
        self.ended_wall: str | None = walls[-1] if walls else None
        self.timeline = Timeline.of(events)
        self._scan(events, walls)
        self.end_t = self.end.t if self.end is not None else self.timeline.last_t
        for stop in self.stops:
            if stop.outcome is None:  # never resolved: stopped until the end
                stop.seconds = _r(self.end_t - stop.t)

    def title(self, step_id: str | None) -> str | None:
        if step_id is None:
            return None
        fs = self.flat.get(step_id)
        return fs.step.title if fs is not None else step_id

    def _scan(self, events: Sequence[e.Event], walls: Sequence[str | None]) -> None:
        current: _Visit | None = None
        waiting: dict[str, ReminderRow] = {}
        step_id: str | None = None
        for i, ev in enumerate(events):
            t = ev.t
            match ev:
                case e.BreathPhaseChanged():  # most events; the replay has the breaths
                    continue
                case e.StepEntered():
                    current = _Visit(ev.step_id, ev.index, t)
                    self.visits.append(current)
                    step_id = ev.step_id
                case e.StepLeft():
                    if current is not None:
                        current.end, current.reason, current = t, ev.reason, None
                case e.ReminderShown():
                    row = ReminderRow(_round(t), ev.step_id, ev.trigger, ev.text, ev.ack, None)
                    self.reminders.append(row)
                    if ev.ack:
                        waiting.setdefault(ev.key, row)
                case e.ReminderAcknowledged():
                    shown = waiting.pop(ev.key, None)
                    if shown is not None:
                        shown.acknowledged_t = _r(t)
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
                        CheckinRow(
                            _round(t),
                            ev.step_id,
                            ev.question,
                            "yes" if ev.answer else "no",
                            ev.action,
                            ev.target,
                            self.title(ev.target),
                            ev.say,
                        )
                    )
                case e.NoteWritten():
                    if ev.text.strip():
                        self.notes[ev.step_id] = ev.text
                    else:
                        self.notes.pop(ev.step_id, None)
                case e.ReviewSaved():
                    self.review = ev.text
                case e.Stopped():
                    self.stops.append(
                        StopRow(_round(t), ev.step_id, self.title(ev.step_id), None, None, None)
                    )
                case e.StopResolved():
                    if self.stops and self.stops[-1].outcome is None:
                        stop = self.stops[-1]
                        stop.outcome, stop.resolved_t = ev.choice, _r(t)
                        stop.seconds = _r(t - stop.t)
                case e.SessionEnded():
                    if self.end is None:
                        self.end, self.ended_wall = ev, walls[i]
                case e.Recovered() if i > 0:
                    self.interruptions.append(interruption(events, walls, i, step_id, ev.message))

    def report(self) -> Report:
        header, end, timeline = self.header, self.end, self.timeline
        status = "interrupted"
        if end is not None:
            status = "finished" if end.reason == "finished" else "stopped"
        steps = self._steps()
        planned = [s.planned_seconds for s in steps if s.planned_seconds is not None]
        interruptions = self.interruptions
        return Report(
            session=SessionInfo(
                id=header.session,
                mode=header.mode,
                started_wall=header.started_wall,
                ended_wall=self.ended_wall,
                coach=header.coach,
                status=status,
                end_reason=end.reason if end is not None else None,
                end_message=end.message if end is not None else None,
            ),
            lesson=LessonInfo(
                id=header.lesson_id,
                version=header.lesson_version,
                title=header.lesson_title,
                path=header.lesson_path,
                sha256=header.lesson_sha256,
                loaded=self.lesson is not None,
            ),
            time=Times(
                active_seconds=_round(timeline.active_total(self.end_t)),
                paused_seconds=_round(timeline.paused_total),
                planned_seconds=_r(sum(planned)) if planned else None,
                not_running_seconds=_round(float(sum(i.seconds for i in interruptions))),
            ),
            steps=steps,
            holds=self._holds(),
            checklists=self._checklists(),
            checkins=self.checkins,
            reminders=self.reminders,
            stops=self.stops,
            feedback=self._feedback(),
            notes=self._notes(),
            pauses=timeline.pauses,
            interruptions=interruptions,
            review=self.state.review if self.state is not None else self.review,
            warnings=self.warnings,
        )

    def _steps(self) -> list[StepRow]:
        by_id: dict[str, list[_Visit]] = {}
        for visit in self.visits:
            by_id.setdefault(visit.step_id, []).append(visit)

        def row(
            index: int,
            step_id: str,
            section: str | None,
            title: str,
            kind: str | None,
            planned: float | None,
        ) -> StepRow:
            mine = by_id.get(step_id)
            if mine is None:
                return StepRow(
                    index, step_id, section, title, kind, _r(planned), None, 0, "not reached"
                )
            seconds = sum(
                self.timeline.active(v.start, v.end if v.end is not None else self.end_t)
                for v in mine
            )
            reason = mine[-1].reason
            outcome = "in progress" if reason is None else OUTCOMES.get(reason, reason)
            return StepRow(
                index, step_id, section, title, kind, _r(planned), _r(seconds), len(mine), outcome
            )

        if self.lesson is not None:
            pace = self.lesson.pace
            return [
                row(
                    fs.index,
                    fs.id,
                    fs.section_title,
                    fs.step.title,
                    fs.step.kind,
                    planned_seconds(fs.step, pace),
                )
                for fs in self.lesson.steps
            ]
        seen: dict[str, int] = {}
        for visit in self.visits:
            seen.setdefault(visit.step_id, visit.index)
        return [row(i, sid, None, sid, None, None) for sid, i in sorted(seen.items(), key=_second)]

    def _holds(self) -> list[HoldRow]:
        out: list[HoldRow] = []
        rounds: dict[str, int] = {}
        for visit in self.visits:
            fs = self.flat.get(visit.step_id)
            step = fs.step if fs is not None else None
            if not visit.positions and not isinstance(step, HoldStep):
                continue
            rounds[visit.step_id] = rounds.get(visit.step_id, 0) + 1
            breath = None
            if isinstance(step, HoldStep) and self.lesson is not None:
                breath = (step.pace or self.lesson.pace).breath_seconds
            if isinstance(step, HoldStep):
                hours = [(p.at, step.breaths_at(i)) for i, p in enumerate(step.positions)]
            else:
                hours = [(visit.positions[i]["hour"], None) for i in sorted(visit.positions)]
            visit_end = visit.end if visit.end is not None else self.end_t
            positions = []
            for i, (hour, planned_breaths) in enumerate(hours):
                pos = visit.positions.get(i)
                seconds = None
                if pos is not None:
                    seconds = self.timeline.active(pos["start"], pos.get("end", visit_end))
                positions.append(
                    HoldPositionRow(
                        hour,
                        planned_breaths,
                        pos.get("breaths") if pos is not None else None,
                        _r(seconds),
                        _r(planned_breaths * breath)
                        if planned_breaths is not None and breath is not None
                        else None,
                    )
                )
            out.append(
                HoldRow(
                    visit.step_id,
                    step.title if step is not None else visit.step_id,
                    step.depth.label if isinstance(step, HoldStep) else None,
                    rounds[visit.step_id],
                    _r(planned_seconds(step, self.lesson.pace))
                    if isinstance(step, HoldStep) and self.lesson is not None
                    else None,
                    _round(self.timeline.active(visit.start, visit_end)),
                    positions,
                )
            )
        return out

    def _checklists(self) -> list[ChecklistRow]:
        checked = dict(self.state.checked) if self.state is not None else self.checked
        if self.lesson is not None:
            return [
                ChecklistRow(
                    fs.id,
                    fs.step.title,
                    [
                        ChecklistItem(text, i in checked.get(fs.id, frozenset()))
                        for i, text in enumerate(fs.step.items)
                    ],
                )
                for fs in self.lesson.steps
                if isinstance(fs.step, ChecklistStep)
            ]
        return [
            ChecklistRow(
                sid,
                self.title(sid) or sid,
                [ChecklistItem(f"item {i + 1}", True) for i in sorted(ticked)],
            )
            for sid, ticked in checked.items()
        ]

    def _feedback(self) -> list[FeedbackRow]:
        if self.state is not None:
            ratings = {sid: dict(pairs) for sid, pairs in self.state.ratings}
        else:
            ratings = self.ratings
        out = []
        for sid, items in ratings.items():
            fs = self.flat.get(sid)
            labels = fs.step.items if fs is not None and isinstance(fs.step, FeedbackStep) else ()
            rated = [
                FeedbackRating(
                    i,
                    labels[i] if i < len(labels) else f"item {i + 1}",
                    str(getattr(r, "value", r)),
                )
                for i, r in sorted(items.items())
            ]
            out.append(FeedbackRow(sid, self.title(sid) or sid, rated))
        return sorted(out, key=lambda f: self._order(f.step_id))

    def _notes(self) -> list[NoteRow]:
        notes = dict(self.state.notes) if self.state is not None else self.notes
        out = [NoteRow(sid, self.title(sid) or sid, text) for sid, text in notes.items()]
        return sorted(out, key=lambda n: self._order(n.step_id))

    def _order(self, step_id: str) -> tuple[int, str]:
        fs = self.flat.get(step_id)
        return (fs.index if fs is not None else 10**6, step_id)


def _second(pair: tuple[str, int]) -> int:
    return pair[1]
