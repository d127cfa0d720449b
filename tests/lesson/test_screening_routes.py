"""The screening check-ins route as a person answering them would need.

Each bundled intimate lesson is driven through the engine (FakeClock, real
commands) with every other question answered the safe way, and one question
answered "yes". A condition that makes touch unsafe today ends the session at
that question with a message that points to a clinician, before the gloves go
on; a latex allergy instead leads to the nitrile-only step and the lesson goes
on. Answered "no", every question lets the lesson reach the gloves.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from coach.engine import commands as c
from coach.engine import events as e
from coach.engine.clock import FakeClock
from coach.engine.session import Session
from coach.lesson import Lesson, load_lesson
from coach.lesson.model import CheckinStep

LESSONS = Path(__file__).resolve().parents[2] / "lessons"
INTIMATE = ("guided", "therapeutic")
GLOVES = "glove-on"

# Questions whose "yes" ends the session, and a word each question must ask about.
STOPS = {
    "screen-fissure": "fissure",
    "screen-bleeding": "bleeding",
    "screen-infection": "fever",
    "screen-surgery": "biopsy",
    "screen-bleeding-risk": "blood thinner",
    "screen-sores": "sexually transmitted",
    "screen-haemorrhoid-flare": "painful, swollen",
}
THERAPEUTIC_ONLY_STOPS = {"screen-pregnancy": "pregnant"}


@dataclass
class Walk:
    session: Session
    entered: list[str]

    @property
    def ended(self) -> e.SessionEnded | None:
        last = self.session.events[-1]
        return last if isinstance(last, e.SessionEnded) else None


def _load(lesson_id: str) -> Lesson:
    return load_lesson(LESSONS / f"{lesson_id}.yaml")


def _safe_answer(step: CheckinStep) -> bool:
    """The answer that carries on: "yes" to consent, "no" to a health question."""
    for answer in (False, True):
        if step.route(answer).action in ("continue", "goto"):
            return answer
    raise AssertionError(f"{step.title}: no answer carries on")


def walk(lesson: Lesson, answers: dict[str, bool], until: str = GLOVES) -> Walk:
    """Press on from the start until `until` is entered or the session ends."""
    session = Session(lesson, FakeClock(), next_guard=0.0)
    session.do(c.Start())
    entered: list[str] = []
    for _ in range(500):
        view = session.view()
        if view.status == "ended":
            break
        assert view.step is not None
        if not entered or entered[-1] != view.step.id:
            entered.append(view.step.id)
        if view.step.id == until:
            break
        step = view.step.step
        if view.needs_ack:
            new = session.do(c.AckReminder())
        elif view.needs_answer:
            assert isinstance(step, CheckinStep)
            new = session.do(c.Answer(answers.get(view.step.id, _safe_answer(step))))
        else:
            new = session.do(c.Next())
        assert new, f"stuck at {view.label}"
    return Walk(session, entered)


def _cases() -> list[tuple[str, str, str]]:
    cases = [(lid, sid, word) for lid in INTIMATE for sid, word in STOPS.items()]
    return cases + [("therapeutic", sid, w) for sid, w in THERAPEUTIC_ONLY_STOPS.items()]


@pytest.mark.parametrize(("lesson_id", "step_id", "word"), _cases())
def test_yes_stops_with_a_message_before_any_touch(lesson_id: str, step_id: str, word: str) -> None:
    lesson = _load(lesson_id)
    step = next(f.step for f in lesson.flat_steps() if f.id == step_id)
    assert isinstance(step, CheckinStep)
    assert word in step.question.lower()

    stopped = walk(lesson, {step_id: True})
    assert stopped.entered[-1] == step_id
    assert GLOVES not in stopped.entered
    ended = stopped.ended
    assert ended is not None and ended.reason == "checkin"
    assert ended.message and ended.message.startswith("Stop here")
    assert "clinician" in ended.message

    carried_on = walk(lesson, {step_id: False})
    assert carried_on.ended is None
    assert carried_on.entered[-1] == GLOVES


@pytest.mark.parametrize("lesson_id", INTIMATE)
def test_safe_answers_reach_the_gloves_only_after_every_question(lesson_id: str) -> None:
    lesson = _load(lesson_id)
    asked = set(walk(lesson, {}).entered)
    expected = set(STOPS) | {"screen-latex", "screen-haemorrhoids", "stop-signs"}
    if lesson_id == "therapeutic":
        expected |= set(THERAPEUTIC_ONLY_STOPS)
    assert expected <= asked


@pytest.mark.parametrize("lesson_id", INTIMATE)
def test_a_latex_allergy_leads_to_nitrile_only_not_a_stop(lesson_id: str) -> None:
    lesson = _load(lesson_id)
    allergic = walk(lesson, {"screen-latex": True})
    at = allergic.entered.index("screen-latex")
    assert allergic.entered[at + 1] == "latex-free"
    assert allergic.ended is None and allergic.entered[-1] == GLOVES
    latex_free = next(f.step for f in lesson.flat_steps() if f.id == "latex-free")
    assert "nitrile" in (latex_free.do or "").lower()
    assert "latex" in (latex_free.do or "").lower()

    not_allergic = walk(lesson, {"screen-latex": False})
    assert "latex-free" not in not_allergic.entered
    assert not_allergic.entered[-1] == GLOVES


@pytest.mark.parametrize("lesson_id", INTIMATE)
def test_quiet_haemorrhoids_get_extra_care_and_carry_on(lesson_id: str) -> None:
    lesson = _load(lesson_id)
    quiet = walk(lesson, {"screen-haemorrhoids": True})
    assert "haemorrhoid-care" in quiet.entered and quiet.entered[-1] == GLOVES
    assert "haemorrhoid-care" not in walk(lesson, {}).entered


def test_pregnancy_is_asked_before_the_front_wall_of_the_vagina() -> None:
    lesson = _load("therapeutic")
    order = [f.id for f in lesson.flat_steps()]
    assert order.index("screen-pregnancy") < order.index(GLOVES)
    assert order.index("screen-pregnancy") < order.index("front-wall-vagina")


@pytest.mark.parametrize("lesson_id", INTIMATE)
def test_the_stop_signs_rule_out_numbing_and_say_what_to_do_on_feeling_faint(
    lesson_id: str,
) -> None:
    signs = next(f.step for f in _load(lesson_id).flat_steps() if f.id == "stop-signs")
    safety = (signs.safety or "").lower()
    for words in ("numbing", "faint", "sweaty", "pale", "flat", "legs raised", "sit up slowly"):
        assert words in safety, words
