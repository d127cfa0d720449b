"""The lesson format as frozen pydantic models.

A lesson is sections of steps. Each step has a `kind` (instruction when left
out) that decides which fields it takes. These classes are the single
definition of the format: the loader validates a file against them
(`coach.lesson.validate`), `coach schema` prints the JSON Schema pydantic
generates from them (`coach.lesson.schema`), and the engine reads them.
Unknown keys are errors, so a typo never silently drops an instruction.

Bounds live in each field's `Annotated` type; rules that tie several fields
together live in `model_validator`s and raise `rule(...)`. Models are frozen
(immutable, hashable, compared by value) and lists are tuples.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Any, Literal, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    Strict,
    Tag,
    model_validator,
)
from pydantic_core import PydanticCustomError

FORMAT_VERSION = 1

ID_PATTERN = r"^[a-z0-9][a-z0-9_.-]*$"
_ID_RE = re.compile(ID_PATTERN)

# What a person reads when a value breaks a pattern, or a bound with its own words.
PATTERN_HINTS = {ID_PATTERN: "must be lower-case letters, digits, `-`, `_` or `.`"}
OUT_OF_RANGE = {"at": "clock position {got} is not on the clock face; use 1 to 12"}

Text = Annotated[str, Field(min_length=1)]
StepId = Annotated[str, Field(pattern=ID_PATTERN, max_length=80)]
Whole = Annotated[int, Strict()]
Number = Annotated[float, Strict(), Field(allow_inf_nan=False)]
Seconds = Annotated[Number, Field(gt=0, le=24 * 3600)]
ClockHour = Annotated[Whole, Field(ge=1, le=12, description="A clock-face position, 1 to 12.")]
Breaths = Annotated[Whole, Field(ge=1, le=50)]


def rule(message: str, field: str | None = None) -> PydanticCustomError:
    """A broken rule spanning several fields; `field` is where to point, else the whole part."""
    return PydanticCustomError("lesson_rule", message, {"field": field} if field else None)


class Model(BaseModel):
    """A part of a lesson: frozen, no unknown keys, text trimmed."""

    # defer_build: pydantic builds the validators once, for the whole lesson, at
    # the first validation instead of once per class at import (~40 ms less).
    model_config = ConfigDict(
        frozen=True, extra="forbid", str_strip_whitespace=True, defer_build=True
    )


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
    rest: Annotated[Number, Field(ge=0, le=60)] = 0.0

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
    minutes: Annotated[Number, Field(gt=0, le=600)] | None = None
    ack: bool = Field(False, description="The flow waits until the person acknowledges it.")

    @model_validator(mode="after")
    def _minutes_go_with_every(self) -> Self:
        if self.when is Trigger.EVERY and self.minutes is None:
            raise rule("a reminder with `when: every` needs `minutes`")
        if self.when is not Trigger.EVERY and self.minutes is not None:
            raise rule("`minutes` only applies to `when: every`", "minutes")
        return self


class Route(Model):
    """Where a check-in answer leads: continue (default), repeat, goto or stop."""

    goto: StepId | None = None
    stop: Text | None = Field(None, description="End the lesson with this message.")
    repeat: bool = Field(False, description="Go back to the step before the check-in.")
    say: Text | None = Field(None, description="Shown to the person on the way.")

    @model_validator(mode="after")
    def _one_way(self) -> Self:
        chosen = [name for name in ("goto", "stop") if getattr(self, name)]
        if self.repeat:
            chosen.append("repeat")
        if len(chosen) > 1:
            raise rule(f"choose one of goto / stop / repeat, not {' and '.join(chosen)}")
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


def _route_form(value: Any) -> str:
    return "route" if isinstance(value, dict | Route) else "word"


RouteSpec = Annotated[
    Annotated[Literal["continue", "repeat"], Tag("word")] | Annotated[Route, Tag("route")],
    Discriminator(_route_form),
]


def as_route(spec: Literal["continue", "repeat"] | Route) -> Route:
    if isinstance(spec, Route):
        return spec
    return Route(repeat=spec == "repeat")


class HoldPosition(Model):
    """One clock position of a hold, with optional overrides; a bare hour means `{at: hour}`."""

    at: ClockHour
    breaths: Breaths | None = None
    note: Text | None = None

    @model_validator(mode="before")
    @classmethod
    def _bare_hour(cls, value: Any) -> Any:
        if isinstance(value, dict | list | HoldPosition) or value is None:
            return value
        return {"at": value}

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema: Any, handler: Any) -> Any:
        written = handler(core_schema)
        hour = {"type": "integer", "minimum": 1, "maximum": 12}
        return {"anyOf": [hour, written]}


class Between(Model):
    """What the hands do between two positions of a hold."""

    action: Literal["withdraw", "reposition", "stay"] = "withdraw"
    seconds: Annotated[Number, Field(ge=0, le=600)] = 5.0
    text: Text | None = None


class StepBase(Model):
    id: StepId | None = Field(None, description="Needed only as a goto target; else generated.")
    title: Text
    do: Text | None = Field(None, description="What to do, in plain words.")
    cue: Text | None = Field(None, description="What to notice: the sign it is working.")
    why: Text | None = None
    safety: Text | None = Field(None, description="What keeps the learner safe; shown everywhere.")
    say: Text | None = Field(None, description="A shorter line to speak than the written text.")
    note: Text | None = Field(None, description="For the instructor only; never shown to a class.")
    who: str | None = Field(None, description="Which role acts (one of the lesson's roles).")
    reminders: tuple[Reminder, ...] = ()

    @model_validator(mode="after")
    def _between_reminders_in_holds(self) -> Self:
        if not isinstance(self, HoldStep) and any(
            r.when is Trigger.BETWEEN_POSITIONS for r in self.reminders
        ):
            raise rule("`when: between_positions` reminders belong to hold steps")
        return self


LeadIn = Annotated[bool, Field(description="Wait for 'ready' (any next key) before counting.")]


class InstructionStep(StepBase):
    """Something to do, read at the person's own pace (the kind when `kind` is left out)."""

    kind: Literal["instruction"] = "instruction"


class ChecklistStep(StepBase):
    """Items to tick off before going on."""

    kind: Literal["checklist"]
    items: Annotated[tuple[Text, ...], Field(min_length=1)]


class OpenStep(StepBase):
    """Open-ended: a stopwatch counts up; move on when the sensation has peaked."""

    kind: Literal["open"]
    suggested_seconds: Seconds | None = None


class TimedStep(StepBase):
    """A countdown of `seconds`."""

    kind: Literal["timed"]
    seconds: Seconds
    auto_advance: bool = False
    lead_in: LeadIn = True


class HoldStep(StepBase):
    """Breath-paced holds at clock positions, pressure on the exhale."""

    kind: Literal["hold"]
    depth: Depth
    positions: Annotated[tuple[HoldPosition, ...], Field(min_length=1, max_length=12)]
    breaths: Breaths = 3
    pace: Pace | None = None
    pressure: Literal["exhale"] = "exhale"
    between: Between = Field(default_factory=Between)
    lead_in: LeadIn = True

    def breaths_at(self, index: int) -> int:
        return self.positions[index].breaths or self.breaths


# What YAML 1.1 tools (PyYAML, yq) write for the keys `yes:` and `no:`.
BOOLEAN_KEYS = {"true": "yes", "false": "no"}


def _boolean_keys_schema(schema: dict[str, Any]) -> None:
    """Editors accept `true:`/`false:` too, as the loader does, but not both spellings."""
    properties = schema["properties"]
    for written, meant in BOOLEAN_KEYS.items():
        properties[written] = {
            **properties[meant],
            "title": written.title(),
            "description": f"The same as `{meant}:` (what YAML 1.1 tools write for it).",
        }
    schema["allOf"] = [{"not": {"required": [w, meant]}} for w, meant in BOOLEAN_KEYS.items()]


class CheckinStep(StepBase):
    """A yes/no question whose answer routes the lesson.

    `true:`/`false:` are read as `yes:`/`no:` (what YAML 1.1 tools write back).
    """

    model_config = ConfigDict(json_schema_extra=_boolean_keys_schema)

    kind: Literal["checkin"]
    question: Text
    yes: RouteSpec = "continue"
    no: RouteSpec = "continue"

    @model_validator(mode="before")
    @classmethod
    def _boolean_keys(cls, value: Any) -> Any:
        if not isinstance(value, dict) or not BOOLEAN_KEYS.keys() & value.keys():
            return value
        renamed = dict(value)
        for written, meant in BOOLEAN_KEYS.items():
            if written in renamed:
                if meant in renamed:
                    raise rule(f"`{written}` and `{meant}` mean the same answer; keep one", meant)
                renamed[meant] = renamed.pop(written)
        return renamed

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


STEP_KINDS = ("instruction", "checklist", "open", "timed", "hold", "checkin", "feedback", "review")

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
STEP_CLASSES: dict[str, type[StepBase]] = {
    "instruction": InstructionStep,
    "checklist": ChecklistStep,
    "open": OpenStep,
    "timed": TimedStep,
    "hold": HoldStep,
    "checkin": CheckinStep,
    "feedback": FeedbackStep,
    "review": ReviewStep,
}


def step_kind(value: Any) -> str | None:
    """The `kind` a step is written as (instruction when left out); None if not a mapping."""
    if isinstance(value, StepBase):
        return value.kind  # type: ignore[attr-defined]
    if not isinstance(value, dict):
        return None
    kind = value.get("kind", "instruction")
    return kind.strip() if isinstance(kind, str) else repr(kind)


Step = Annotated[
    Annotated[InstructionStep, Tag("instruction")]
    | Annotated[ChecklistStep, Tag("checklist")]
    | Annotated[OpenStep, Tag("open")]
    | Annotated[TimedStep, Tag("timed")]
    | Annotated[HoldStep, Tag("hold")]
    | Annotated[CheckinStep, Tag("checkin")]
    | Annotated[FeedbackStep, Tag("feedback")]
    | Annotated[ReviewStep, Tag("review")],
    Discriminator(step_kind),
]


class Section(Model):
    """A titled group of steps."""

    id: StepId | None = None
    title: Text
    summary: Text | None = None
    steps: Annotated[tuple[Step, ...], Field(min_length=1)]


class Role(Model):
    """Who acts in a lesson (steps name one with `who:`)."""

    id: StepId
    name: Text
    description: Text | None = None


class Lesson(Model):
    """A whole lesson file."""

    format: Literal[1] = Field(1, description="The lesson format version.")
    id: StepId
    title: Text
    version: Annotated[str, Field(min_length=1, max_length=40)] = "1"
    summary: Text
    minutes: Annotated[Whole, Field(ge=1, le=600, description="Estimated minutes.")]
    content_note: Text | None = Field(None, description="Shown, and agreed to, before starting.")
    roles: tuple[Role, ...] = ()
    pace: Pace = Field(default_factory=Pace)
    reminders: tuple[Reminder, ...] = Field((), description="Lesson-wide; only `when: every`.")
    sections: Annotated[tuple[Section, ...], Field(min_length=1)]

    @model_validator(mode="after")
    def _lesson_reminders_are_periodic(self) -> Self:
        if any(reminder.when is not Trigger.EVERY for reminder in self.reminders):
            raise rule("lesson-wide reminders must use `when: every`", "reminders")
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


@dataclass(frozen=True, kw_only=True)
class FlatStep:
    """A step placed in the whole lesson: what the engine walks through."""

    index: int
    id: str
    section_index: int
    section_title: str
    position_in_section: int
    section_length: int
    step: AnyStep


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
