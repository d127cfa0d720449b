"""The lesson format as typed, frozen value classes.

A lesson is sections of steps. Each step has a `kind` (instruction when left
out) that decides which fields it takes. These classes are the single
definition of the format: the loader validates a file against them
(`coach.lesson.validate`), `coach schema` prints the JSON Schema generated from
them (`coach.lesson.schema`), and the engine reads them. Unknown keys are
errors, so a typo never silently drops an instruction.

Each field's bounds live in its `Annotated` type (`coach.lesson.fields`);
rules that tie several fields together live in a model's `problems()`. The
classes are `Frozen` value classes (`coach.lesson.frozen`): immutable,
keyword-only, compared by value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, ClassVar, Literal

from coach.lesson.fields import Rule, Shorthand, Tagged, doc
from coach.lesson.frozen import Frozen

FORMAT_VERSION = 1

ID_PATTERN = r"^[a-z0-9][a-z0-9_.-]*$"
_ID_RE = re.compile(ID_PATTERN)

Text = Annotated[str, Rule(min_length=1)]
StepId = Annotated[
    str,
    Rule(
        pattern=ID_PATTERN,
        max_length=80,
        pattern_hint="must be lower-case letters, digits, `-`, `_` or `.`",
    ),
]
Seconds = Annotated[float, Rule(gt=0, le=24 * 3600)]
ClockHour = Annotated[
    int,
    Rule(
        ge=1,
        le=12,
        description="A clock-face position, 1 to 12.",
        out_of_range="clock position {got} is not on the clock face; use 1 to 12",
    ),
]


class Model(Frozen):
    """A part of a lesson. `problems()` names rules that span several fields."""

    SHORTHAND: ClassVar[Shorthand | None] = None

    def problems(self) -> list[tuple[str | None, str]]:
        """(field or None for the whole part, message) for each broken rule."""
        return []


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
    rest: Annotated[float, Rule(ge=0, le=60)] = 0.0

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
    minutes: Annotated[float, Rule(gt=0, le=600)] | None = None
    ack: Annotated[bool, doc("The flow waits until the person acknowledges it.")] = False

    def problems(self) -> list[tuple[str | None, str]]:
        if self.when is Trigger.EVERY and self.minutes is None:
            return [(None, "a reminder with `when: every` needs `minutes`")]
        if self.when is not Trigger.EVERY and self.minutes is not None:
            return [("minutes", "`minutes` only applies to `when: every`")]
        return []


class Route(Model):
    """Where a check-in answer leads: continue (default), repeat, goto or stop."""

    goto: StepId | None = None
    stop: Annotated[Text | None, doc("End the lesson with this message.")] = None
    repeat: Annotated[bool, doc("Go back to the step before the check-in.")] = False
    say: Annotated[Text | None, doc("Shown to the person on the way.")] = None

    def problems(self) -> list[tuple[str | None, str]]:
        chosen = [name for name in ("goto", "stop") if getattr(self, name)]
        if self.repeat:
            chosen.append("repeat")
        if len(chosen) > 1:
            return [(None, f"choose one of goto / stop / repeat, not {' and '.join(chosen)}")]
        return []

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

    SHORTHAND: ClassVar[Shorthand | None] = Shorthand(field="at")

    at: ClockHour
    breaths: Annotated[int, Rule(ge=1, le=50)] | None = None
    note: Text | None = None


class Between(Model):
    """What the hands do between two positions of a hold."""

    action: Literal["withdraw", "reposition", "stay"] = "withdraw"
    seconds: Annotated[float, Rule(ge=0, le=600)] = 5.0
    text: Text | None = None


class StepBase(Model):
    id: Annotated[StepId | None, doc("Needed only as a goto target; else generated.")] = None
    title: Text
    do: Annotated[Text | None, doc("What to do, in plain words.")] = None
    cue: Annotated[Text | None, doc("What to notice: the sign it is working.")] = None
    why: Text | None = None
    safety: Annotated[
        Text | None,
        doc("What the learner needs to stay safe here; shown in every view, spoken and printed."),
    ] = None
    say: Annotated[
        Text | None, doc("A shorter line to speak where the written text is too long to hear.")
    ] = None
    note: Annotated[Text | None, doc("For the instructor only; never shown to a class.")] = None
    who: Annotated[str | None, doc("Which role acts (one of the lesson's roles).")] = None
    reminders: tuple[Reminder, ...] = ()

    def problems(self) -> list[tuple[str | None, str]]:
        if not isinstance(self, HoldStep) and any(
            r.when is Trigger.BETWEEN_POSITIONS for r in self.reminders
        ):
            return [(None, "`when: between_positions` reminders belong to hold steps")]
        return []


class InstructionStep(StepBase):
    kind: Literal["instruction"] = "instruction"


class ChecklistStep(StepBase):
    kind: Literal["checklist"]
    items: Annotated[tuple[Text, ...], Rule(min_length=1)]


class OpenStep(StepBase):
    """Open-ended: a stopwatch counts up; move on when the sensation has peaked."""

    kind: Literal["open"]
    suggested_seconds: Seconds | None = None


class TimedStep(StepBase):
    kind: Literal["timed"]
    seconds: Seconds
    auto_advance: bool = False
    lead_in: Annotated[bool, doc("Wait for 'ready' (any next key) before the timer counts.")] = True


class HoldStep(StepBase):
    """Breath-paced holds at clock positions, pressure on the exhale."""

    kind: Literal["hold"]
    depth: Depth
    positions: Annotated[tuple[HoldPosition, ...], Rule(min_length=1, max_length=12)]
    breaths: Annotated[int, Rule(ge=1, le=50)] = 3
    pace: Pace | None = None
    pressure: Literal["exhale"] = "exhale"
    between: Between = Between()
    lead_in: Annotated[bool, doc("Wait for 'ready' (any next key) before breaths count.")] = True

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
    items: Annotated[tuple[Text, ...], Rule(min_length=1)]


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
Step = Annotated[
    AnyStep, Tagged(key="kind", default="instruction", noun="step", example="title:, do:, ...")
]


class Section(Model):
    id: StepId | None = None
    title: Text
    summary: Text | None = None
    steps: Annotated[tuple[Step, ...], Rule(min_length=1)]


class Role(Model):
    id: StepId
    name: Text
    description: Text | None = None


class Lesson(Model):
    """A whole lesson file."""

    format: Annotated[Literal[1], doc("The lesson format version.")] = FORMAT_VERSION
    id: StepId
    title: Text
    version: Annotated[str, Rule(min_length=1, max_length=40)] = "1"
    summary: Text
    minutes: Annotated[int, Rule(ge=1, le=600, description="Estimated minutes.")]
    content_note: Annotated[Text | None, doc("Shown, and agreed to, before starting.")] = None
    roles: tuple[Role, ...] = ()
    pace: Pace = Pace()
    reminders: Annotated[
        tuple[Reminder, ...], doc("Lesson-wide reminders; only `when: every` makes sense here.")
    ] = ()
    sections: Annotated[tuple[Section, ...], Rule(min_length=1)]

    def problems(self) -> list[tuple[str | None, str]]:
        if any(reminder.when is not Trigger.EVERY for reminder in self.reminders):
            return [("reminders", "lesson-wide reminders must use `when: every`")]
        return []

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
