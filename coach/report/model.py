"""The report of a session as typed values; its JSON is exactly these fields.

`coach.report.fold.fold` makes one; `markdown` and `json` render it and the
summary screen shows it. Times are seconds; ``t`` is session time (active
plus paused) from the session's start.
"""

from __future__ import annotations

from dataclasses import dataclass, field

EXPORT_VERSION = 1

DONE_OUTCOMES = frozenset({"done", "answered"})
"""Outcomes that count as a step done: not skipped, not the step a STOP ended on."""

OUTCOMES = {  # how a visit ended (`StepLeft.reason`) -> the step's outcome
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


@dataclass
class SessionInfo:
    id: str
    mode: str
    started_wall: str
    ended_wall: str | None
    coach: str
    status: str  # finished / stopped / interrupted
    end_reason: str | None
    end_message: str | None


@dataclass
class LessonInfo:
    id: str
    version: str
    title: str
    path: str | None
    sha256: str | None
    loaded: bool  # the lesson file was at hand and fits the journal


@dataclass
class Times:
    active_seconds: float
    paused_seconds: float
    planned_seconds: float | None
    not_running_seconds: float


@dataclass
class StepRow:
    index: int
    id: str
    section: str | None
    title: str
    kind: str | None
    planned_seconds: float | None
    actual_seconds: float | None
    visits: int
    outcome: str  # done / answered / skipped / stopped here / ... / not reached


@dataclass
class HoldPositionRow:
    hour: int
    planned_breaths: int | None
    breaths: int | None  # None if the position was not finished
    seconds: float | None
    planned_seconds: float | None


@dataclass
class HoldRow:
    step_id: str
    title: str
    depth: str | None
    visit: int
    planned_seconds: float | None
    actual_seconds: float
    positions: list[HoldPositionRow]


@dataclass
class ChecklistItem:
    text: str
    checked: bool


@dataclass
class ChecklistRow:
    step_id: str
    title: str
    items: list[ChecklistItem]


@dataclass
class CheckinRow:
    t: float
    step_id: str
    question: str
    answer: str  # yes / no
    action: str
    target: str | None
    target_title: str | None
    say: str | None


@dataclass
class ReminderRow:
    t: float
    step_id: str | None
    trigger: str
    text: str
    needs_ack: bool
    acknowledged_t: float | None


@dataclass
class StopRow:
    t: float
    step_id: str | None
    step_title: str | None
    outcome: str | None  # resume / back / end, None if never resolved
    resolved_t: float | None
    seconds: float | None


@dataclass
class FeedbackRating:
    item: int
    text: str
    rating: str


@dataclass
class FeedbackRow:
    step_id: str
    title: str
    ratings: list[FeedbackRating]


@dataclass
class NoteRow:
    step_id: str
    title: str
    text: str


@dataclass
class PauseRow:
    t: float
    seconds: float | None  # None: still paused at the end


@dataclass
class Interruption:
    after_t: float
    step_id: str | None
    from_wall: str | None
    to_wall: str | None
    seconds: float
    message: str


@dataclass
class Report:
    session: SessionInfo
    lesson: LessonInfo
    time: Times
    steps: list[StepRow]
    holds: list[HoldRow]
    checklists: list[ChecklistRow]
    checkins: list[CheckinRow]
    reminders: list[ReminderRow]
    stops: list[StopRow]
    feedback: list[FeedbackRow]
    notes: list[NoteRow]
    pauses: list[PauseRow]
    interruptions: list[Interruption]
    review: str | None
    warnings: list[str] = field(default_factory=list)

    @property
    def steps_done(self) -> int:
        """Steps whose last visit ended by doing them (not skipped, not stopped on)."""
        return sum(1 for s in self.steps if s.outcome in DONE_OUTCOMES)

    @property
    def steps_skipped(self) -> int:
        return sum(1 for s in self.steps if s.outcome == "skipped")
