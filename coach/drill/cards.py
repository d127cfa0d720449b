"""Which cards a drill shows, in which order, and what each card says.

Every step of a lesson is a card that asks "what is done here?". Once a step
and the one after it have both been drilled, a second card asks "what comes
next?" from that step: the sequence is what the learner carries into the
session. Cards are picked by `drill_queue`:

- one lesson: the cards due today (most overdue first), then new ones in
  lesson order;
- every lesson (no lesson named): only what is due today;
- cram: every card of the lesson(s), in lesson order, due or not.

A card's face shows where the step is and its title (or, for "what comes
next?", the step before); the answer shows the step as the handout does: what
to do, the hold's positions each with its own breath count and note, the cue
and the step's safety text. Lines are plain strings; screens render them with
`coach.text.visible` through `rich.text.Text`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from coach.drill.scheduler import is_due
from coach.drill.store import CardKey, Memory
from coach.lesson import model as m


@dataclass(frozen=True, slots=True)
class Face:
    """What a card shows: where, the prompt, the question, and (revealed) the answer."""

    key: CardKey
    lesson_title: str
    where: str
    prompt: str  # the title the learner sees before revealing
    question: str
    answer_title: str
    answer: tuple[str, ...]
    safety: str | None


def step_lines(flat: m.FlatStep, lesson: m.Lesson) -> tuple[str, ...]:
    """A step's particulars as the handout gives them, as plain lines."""
    step = flat.step
    lines: list[str] = []
    if step.do:
        lines.append(f"Do: {step.do}")
    if isinstance(step, m.HoldStep):
        pace = step.pace or lesson.pace
        lines.append(
            f"Hold at {step.depth.label}, pressure on the exhale "
            f"(in {pace.inhale:g} s, out {pace.exhale:g} s):"
        )
        for index, position in enumerate(step.positions):
            note = f" — {position.note}" if position.note else ""
            lines.append(f"  {position.at} o'clock: {step.breaths_at(index)} breaths{note}")
        if len(step.positions) > 1:
            extra = f": {step.between.text}" if step.between.text else ""
            lines.append(f"Between positions: {step.between.action}{extra}")
    elif isinstance(step, m.TimedStep):
        lines.append(f"Timed: {step.seconds:g} s")
    elif isinstance(step, m.OpenStep) and step.suggested_seconds:
        lines.append(f"About {step.suggested_seconds:g} s, as long as it helps")
    elif isinstance(step, m.ChecklistStep | m.FeedbackStep):
        lines.extend(f"• {item}" for item in step.items)
    elif isinstance(step, m.CheckinStep):
        lines.append(f"Ask: {step.question}")
    elif isinstance(step, m.ReviewStep):
        lines.extend(f"• {prompt}" for prompt in step.prompts)
    if step.cue:
        lines.append(f"Notice: {step.cue}")
    if not lines:
        lines.append("(nothing more than the title)")
    return tuple(lines)


def face(lesson: m.Lesson, key: CardKey) -> Face:
    """The face of `key` in `lesson`; `KeyError` if the lesson has no such step (or next)."""
    flat = lesson.flat_steps()
    index = next(i for i, fs in enumerate(flat) if fs.id == key.step_id)  # StopIteration
    here = flat[index]
    where = f"{here.section_title} · step {index + 1} of {len(flat)}"
    if key.ask == "do":
        return Face(
            key,
            lesson.title,
            where,
            here.step.title,
            "What is done here?",
            here.step.title,
            step_lines(here, lesson),
            here.step.safety,
        )
    if index + 1 >= len(flat):
        raise KeyError(key)
    after = flat[index + 1]
    return Face(
        key,
        lesson.title,
        where,
        here.step.title,
        "What comes next?",
        f"Next: {after.step.title}",
        step_lines(after, lesson),
        after.step.safety,
    )


def lesson_cards(lesson: m.Lesson, memory: Memory, section: str | None = None) -> list[CardKey]:
    """Every card the lesson offers now, in lesson order (see the module docstring)."""
    flat = lesson.flat_steps()
    if section is not None:
        flat_ids = {fs.id for fs in flat if lesson.section_id(fs.section_index) == section}
    else:
        flat_ids = {fs.id for fs in flat}
    out: list[CardKey] = []
    for index, fs in enumerate(flat):
        if fs.id not in flat_ids:
            continue
        do = CardKey(lesson.id, fs.id, "do")
        out.append(do)
        if index + 1 < len(flat):
            after = CardKey(lesson.id, flat[index + 1].id, "do")
            nxt = CardKey(lesson.id, fs.id, "next")
            if nxt in memory.cards or (do in memory.cards and after in memory.cards):
                out.append(nxt)
    return out


def drill_queue(
    lessons: Iterable[m.Lesson],
    memory: Memory,
    now: datetime,
    *,
    cram: bool = False,
    new: bool = True,
    section: str | None = None,
) -> list[CardKey]:
    """The cards of a drill, in the order shown (see the module docstring)."""
    offered = [key for lesson in lessons for key in lesson_cards(lesson, memory, section)]
    if cram:
        return offered
    due = [k for k in offered if k in memory.cards and is_due(memory.cards[k], now)]
    due.sort(key=lambda k: memory.cards[k].due)
    fresh = [k for k in offered if k not in memory.cards] if new else []
    return due + fresh
