"""What the voice says: short spoken lines built from the lesson's own words.

Kept apart from timing so the live guide, the rendered guide and the speech
cache all speak exactly the same text (the cache is keyed by it). A step's
`say:` replaces its written title and instruction where those are too long to
hear; `safety:` is always spoken. Lesson text is data: control characters are
dropped and whitespace folded before it reaches a speech engine.
"""

from __future__ import annotations

import unicodedata

from coach.lesson.model import AnyStep, Between, CheckinStep, HoldStep, Lesson, TimedStep

STOP_LINE = "Stop. Everything stops. Either of you can press stop at any time."
FINISHED_LINE = "The session is complete."
ANSWER_HINT = "Answer yes or no."
READY_LINE = "Say ready, or press next, when you are in place."

_BETWEEN_WORDS = {
    "withdraw": "Withdraw slowly.",
    "reposition": "Reposition.",
    "stay": "Stay where you are.",
}


def speakable(text: str) -> str:
    """`text` on one line, without control or format characters (they are not words)."""
    kept = "".join(
        " " if ch in "\n\t\r" else ch
        for ch in text
        if ch in "\n\t\r" or unicodedata.category(ch) not in ("Cc", "Cf", "Co", "Cs")
    )
    return " ".join(kept.split())


def _sentence(text: str) -> str:
    text = speakable(text)
    return text if not text or text[-1] in ".!?:;" else text + "."


def step_line(step: AnyStep) -> str:
    """What is said when a step starts: its `say:`, else title and instruction; then safety."""
    if step.say:
        parts = [_sentence(step.say)]
    else:
        parts = [_sentence(step.title)]
        if step.do:
            parts.append(_sentence(step.do))
        if isinstance(step, CheckinStep):
            parts.append(_sentence(step.question))
    if isinstance(step, CheckinStep):
        parts.append(ANSWER_HINT)
    if step.safety:
        parts.append(_sentence(step.safety))
    return " ".join(part for part in parts if part)


def move_line(between: Between, hour: int) -> str:
    """Said as a transition starts: what the hands do, and where they go next."""
    first = _sentence(between.text) if between.text else _BETWEEN_WORDS[between.action]
    return f"{first} Move to {hour} o'clock."


def reminder_line(text: str) -> str:
    return _sentence(text)


def lesson_lines(lesson: Lesson) -> list[str]:
    """Every line a session of `lesson` can speak, for rendering ahead of time."""
    out = [STOP_LINE, FINISHED_LINE]
    for reminder in lesson.reminders:
        out.append(reminder_line(reminder.text))
    for fs in lesson.flat_steps():
        step = fs.step
        out.append(step_line(step))
        out.extend(reminder_line(r.text) for r in step.reminders)
        if isinstance(step, HoldStep | TimedStep) and step.lead_in:
            out.append(READY_LINE)
        if isinstance(step, HoldStep):
            out.extend(move_line(step.between, p.at) for p in step.positions[1:])
        if isinstance(step, CheckinStep):
            for route in (step.route(True), step.route(False)):
                out.extend(reminder_line(text) for text in (route.say, route.stop) if text)
    return list(dict.fromkeys(out))
