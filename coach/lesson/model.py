"""The lesson format as typed, frozen models.

A lesson is sections of steps. Each step has a `kind` (instruction when left
out) that decides which fields it takes. The models are the single definition
of the format: the loader validates against them, `coach schema` prints the
JSON Schema generated from them, and the engine reads them. Unknown keys are
errors (`extra="forbid"`), so a typo never silently drops an instruction.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    field_validator,
    model_validator,
)

FORMAT_VERSION = 1

ID_PATTERN = r"^[a-z0-9][a-z0-9_.-]*$"
_ID_RE = re.compile(ID_PATTERN)

Text = Annotated[str, Field(min_length=1)]
StepId = Annotated[str, Field(pattern=ID_PATTERN, max_length=80)]
Seconds = Annotated[float, Field(gt=0, le=24 * 3600)]
ClockHour = Annotated[int, Field(ge=1, le=12, description="A clock-face position, 1 to 12.")]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Depth(StrEnum):
    SURFACE = "surface"
    FIRST_KNUCKLE = "first_knuckle"
    SECOND_KNUCKLE = "second_knuckle"
    FULL_FINGER = "full_finger"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ")


class Trigger(StrEnum):
    BEFORE = "before"
    AFTER = "after"
    BETWEEN_POSITIONS = "between_positions"
    EVERY = "every"


class Rating(StrEnum):
    GOOD = "good"
    NEUTRAL = "neutral"
    BAD = "bad"


class Pace(Model):
    """One breath: inhale, exhale (pressure is applied here), then a rest."""

    inhale: Seconds = 4.0
    exhale: Seconds = 6.0
    rest: Annotated[float, Field(ge=0, le=60)] = 0.0

    @property
    def breath_seconds(self) -> float:
        return self.inhale + self.exhale + self.rest


class Reminder(Model):
    """A short message bound to a moment of the lesson.

    `before`/`after` fire when the step is entered/left; `between_positions`
    fires at every transition inside a hold; `every` fires each `minutes` of
    active (unpaused) time while its scope (the step, or the whole lesson) runs.
    """

    text: Text
    when: Trigger
    minutes: Annotated[float, Field(gt=0, le=600)] | None = None
    ack: bool = Field(False, description="The flow waits until the person acknowledges it.")

    @model_validator(mode="after")
    def _minutes_only_for_every(self) -> Reminder:
        if self.when is Trigger.EVERY and self.minutes is None:
            raise ValueError("a reminder with `when: every` needs `minutes`")
        if self.when is not Trigger.EVERY and self.minutes is not None:
            raise ValueError("`minutes` only applies to `when: every`")
        return self


class Route(Model):
    """Where a check-in answer leads: continue (default), repeat, goto or stop."""

    goto: StepId | None = None
    stop: Text | None = Field(None, description="End the lesson with this message.")
    repeat: bool = Field(False, description="Go back to the step before the check-in.")
    say: Text | None = Field(None, description="Shown to the person on the way.")

    @model_validator(mode="after")
    def _one_action(self) -> Route:
        chosen = [name for name in ("goto", "stop") if getattr(self, name)]
        if self.repeat:
            chosen.append("repeat")
        if len(chosen) > 1:
            raise ValueError(f"choose one of goto / stop / repeat, not {' and '.join(chosen)}")
        return self

    @property
    def action(self) -> Literal["continue", "repeat", "goto", "stop"]:
        if self.goto:
            return "goto"
        if self.stop:
            return "stop"
        if self.repeat:
            return "repeat"
        return "continue"


RouteSpec = Literal["continue", "repeat"] | Route


def as_route(spec: RouteSpec) -> Route:
    if isinstance(spec, Route):
        return spec
    return Route(repeat=spec == "repeat")


class HoldPosition(Model):
    """One clock position of a hold, with optional overrides."""

    at: ClockHour
    breaths: Annotated[int, Field(ge=1, le=50)] | None = None
    note: Text | None = None


class Between(Model):
    """What the hands do between two positions of a hold."""

    action: Literal["withdraw", "reposition", "stay"] = "withdraw"
    seconds: Annotated[float, Field(ge=0, le=600)] = 5.0
    text: Text | None = None


class StepBase(Model):
    id: StepId | None = Field(None, description="Needed only as a goto target; else generated.")
    title: Text
    do: Text | None = Field(None, description="What to do, in plain words.")
    cue: Text | None = Field(None, description="What to notice: the sign it is working.")
    why: Text | None = None
    note: Text | None = Field(None, description="For the instructor only; never shown to a class.")
    who: str | None = Field(None, description="Which role acts (one of the lesson's roles).")
    reminders: tuple[Reminder, ...] = ()

    @model_validator(mode="after")
    def _between_positions_only_in_holds(self) -> StepBase:
        if not isinstance(self, HoldStep) and any(
            r.when is Trigger.BETWEEN_POSITIONS for r in self.reminders
        ):
            raise ValueError("`when: between_positions` reminders belong to hold steps")
        return self


class InstructionStep(StepBase):
    kind: Literal["instruction"] = "instruction"


class ChecklistStep(StepBase):
    kind: Literal["checklist"]
    items: Annotated[tuple[Text, ...], Field(min_length=1)]


class OpenStep(StepBase):
    """Open-ended: a stopwatch counts up; move on when the sensation has peaked."""

    kind: Literal["open"]
    suggested_seconds: Seconds | None = None


class TimedStep(StepBase):
    kind: Literal["timed"]
    seconds: Seconds
    auto_advance: bool = False


class HoldStep(StepBase):
    """Breath-paced holds at clock positions, pressure on the exhale."""

    kind: Literal["hold"]
    depth: Depth
    positions: Annotated[tuple[HoldPosition, ...], Field(min_length=1, max_length=12)]
    breaths: Annotated[int, Field(ge=1, le=50)] = 3
    pace: Pace | None = None
    pressure: Literal["exhale"] = "exhale"
    between: Between = Between()

    @field_validator("positions", mode="before")
    @classmethod
    def _bare_hours(cls, value: Any) -> Any:
        if isinstance(value, list | tuple):
            return [
                {"at": v} if isinstance(v, int) and not isinstance(v, bool) else v for v in value
            ]
        return value

    def breaths_at(self, index: int) -> int:
        return self.positions[index].breaths or self.breaths


class CheckinStep(StepBase):
    """A yes/no question whose answer routes the lesson."""

    kind: Literal["checkin"]
    question: Text
    yes: RouteSpec = "continue"
    no: RouteSpec = "continue"

    def route(self, answer: bool) -> Route:
        return as_route(self.yes if answer else self.no)


class FeedbackStep(StepBase):
    """Rate each item good / neutral / bad (e.g. each spot of the pelvic floor)."""

    kind: Literal["feedback"]
    items: Annotated[tuple[Text, ...], Field(min_length=1)]


class ReviewStep(StepBase):
    """Free text at the end of a session."""

    kind: Literal["review"]
    prompts: tuple[Text, ...] = ()


def _step_kind(value: Any) -> str:
    if isinstance(value, dict):
        kind = value.get("kind", "instruction")
        return kind if isinstance(kind, str) else "invalid"
    return getattr(value, "kind", "instruction")


STEP_KINDS = ("instruction", "checklist", "open", "timed", "hold", "checkin", "feedback", "review")

Step = Annotated[
    Annotated[InstructionStep, Tag("instruction")]
    | Annotated[ChecklistStep, Tag("checklist")]
    | Annotated[OpenStep, Tag("open")]
    | Annotated[TimedStep, Tag("timed")]
    | Annotated[HoldStep, Tag("hold")]
    | Annotated[CheckinStep, Tag("checkin")]
    | Annotated[FeedbackStep, Tag("feedback")]
    | Annotated[ReviewStep, Tag("review")],
    Discriminator(
        _step_kind,
        custom_error_type="step_kind",
        custom_error_message=f"unknown step kind; use one of: {', '.join(STEP_KINDS)}",
    ),
]


class Section(Model):
    id: StepId | None = None
    title: Text
    summary: Text | None = None
    steps: Annotated[tuple[Step, ...], Field(min_length=1)]


class Role(Model):
    id: StepId
    name: Text
    description: Text | None = None


class Lesson(Model):
    """A whole lesson file."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        str_strip_whitespace=True,
        json_schema_extra={
            "title": "coach lesson",
            "$schema": "https://json-schema.org/draft/2020-12/schema",
        },
    )

    format: Literal[1] = Field(FORMAT_VERSION, description="The lesson format version.")
    id: StepId
    title: Text
    version: Annotated[str, Field(min_length=1, max_length=40)] = "1"
    summary: Text
    minutes: Annotated[int, Field(ge=1, le=600, description="Estimated minutes.")]
    content_note: Text | None = Field(None, description="Shown, and agreed to, before starting.")
    roles: tuple[Role, ...] = ()
    pace: Pace = Pace()
    reminders: tuple[Reminder, ...] = Field(
        (), description="Lesson-wide reminders; only `when: every` makes sense here."
    )
    sections: Annotated[tuple[Section, ...], Field(min_length=1)]

    @model_validator(mode="after")
    def _lesson_reminders_are_periodic(self) -> Lesson:
        for reminder in self.reminders:
            if reminder.when is not Trigger.EVERY:
                raise ValueError("lesson-wide reminders must use `when: every`")
        return self

    # Generated ids: stable for a given file, so a journal can name its steps.
    def section_id(self, index: int) -> str:
        return self.sections[index].id or f"section-{index + 1}"

    def step_id(self, section_index: int, step_index: int) -> str:
        step = self.sections[section_index].steps[step_index]
        return step.id or f"{self.section_id(section_index)}.{step_index + 1}"

    def flat_steps(self) -> list[FlatStep]:
        """Every step in order, with its section and a resolved id."""
        flat: list[FlatStep] = []
        for s_index, section in enumerate(self.sections):
            for t_index, step in enumerate(section.steps):
                flat.append(
                    FlatStep(
                        index=len(flat),
                        id=self.step_id(s_index, t_index),
                        section_index=s_index,
                        section_title=section.title,
                        position_in_section=t_index,
                        section_length=len(section.steps),
                        step=step,
                    )
                )
        return flat


class FlatStep(BaseModel):
    """A step placed in the whole lesson: what the engine walks through."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    index: int
    id: str
    section_index: int
    section_title: str
    position_in_section: int
    section_length: int
    step: Step


AnyStep = (
    InstructionStep
    | ChecklistStep
    | OpenStep
    | TimedStep
    | HoldStep
    | CheckinStep
    | FeedbackStep
    | ReviewStep
)


def planned_seconds(step: AnyStep, lesson_pace: Pace) -> float | None:
    """The planned duration of a step, where the lesson fixes one."""
    if isinstance(step, TimedStep):
        return step.seconds
    if isinstance(step, OpenStep):
        return step.suggested_seconds
    if isinstance(step, HoldStep):
        pace = step.pace or lesson_pace
        breaths = sum(step.breaths_at(i) for i in range(len(step.positions)))
        transitions = (len(step.positions) - 1) * step.between.seconds
        return breaths * pace.breath_seconds + transitions
    return None


def is_valid_id(value: str) -> bool:
    return bool(_ID_RE.match(value))
