"""The bundled lessons load and keep the structure that makes them safe to follow.

These tests pin what matters, not the wording: the screening routes a
bleeding fissure to a stop before any internal work, every breath hold
withdraws between positions, the two-finger gate sends a "no" back to one
finger, the tour shows every kind of step, and no lesson text looks like Rich
markup.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from coach.lesson import Lesson, load_lesson
from coach.lesson.catalog import DEFAULT_LESSON_ID, lesson_files
from coach.lesson.model import (
    STEP_KINDS,
    CheckinStep,
    Depth,
    FeedbackStep,
    FlatStep,
    HoldStep,
    OpenStep,
    Trigger,
    planned_seconds,
)

LESSONS = Path(__file__).resolve().parents[2] / "lessons"
PARTS = LESSONS / "parts"
LESSON_FILES = lesson_files(LESSONS)
INTIMATE = ("guided", "therapeutic")
CLOCK_SPOT = re.compile(r"^(1[0-2]|[1-9]) o'clock$")


def _load(lesson_id: str) -> Lesson:
    return load_lesson(LESSONS / f"{lesson_id}.yaml")


def _steps(lesson: Lesson) -> dict[str, FlatStep]:
    return {flat.id: flat for flat in lesson.flat_steps()}


def _checkin_asking(lesson: Lesson, words: str) -> FlatStep:
    found = [
        flat
        for flat in lesson.flat_steps()
        if isinstance(flat.step, CheckinStep) and words in flat.step.question.lower()
    ]
    assert len(found) == 1, f"expected one check-in asking about {words!r}, found {len(found)}"
    return found[0]


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


# --- every file -------------------------------------------------------------------


def test_the_expected_lessons_are_bundled() -> None:
    assert {p.stem for p in LESSON_FILES} >= {"tour", "guided", "therapeutic"}
    assert DEFAULT_LESSON_ID == "tour"


@pytest.mark.parametrize("path", LESSON_FILES, ids=lambda p: p.stem)
def test_lesson_loads_and_its_id_matches_the_file(path: Path) -> None:
    assert load_lesson(path).id == path.stem


@pytest.mark.parametrize("path", LESSON_FILES, ids=lambda p: p.stem)
def test_lesson_file_starts_with_schema_line_and_header_comment(path: Path) -> None:
    first, second, third = path.read_text(encoding="utf-8").splitlines()[:3]
    assert first == "# yaml-language-server: $schema=lesson.schema.json"
    assert second.startswith("#") and third.startswith("#")


def test_fragments_are_not_lessons_and_every_fragment_is_used() -> None:
    fragments = sorted(PARTS.glob("*.yaml"))
    assert fragments, "the shared parts folder is empty"
    listed = set(LESSON_FILES)
    included: set[str] = set()
    for path in [*LESSON_FILES, *fragments]:
        for match in re.finditer(r"include:\s*(\S+\.yaml)", path.read_text(encoding="utf-8")):
            included.add((path.parent / match.group(1)).resolve().name)
    for fragment in fragments:
        assert fragment not in listed
        assert fragment.name in included, f"{fragment.name} is not included anywhere"


@pytest.mark.parametrize("path", LESSON_FILES, ids=lambda p: p.stem)
def test_no_text_looks_like_markup_or_escapes(path: Path) -> None:
    # Lesson text is shown literally; a bracket pair would read like Rich markup
    # to an author and an escape would read like a terminal control.
    for text in _strings(load_lesson(path).model_dump(mode="json")):
        assert not re.search(r"\[[^\]]*\]", text), text
        assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f]", text), text


@pytest.mark.parametrize("path", LESSON_FILES, ids=lambda p: p.stem)
def test_titles_fit_a_narrow_terminal(path: Path) -> None:
    lesson = load_lesson(path)
    titles = [lesson.title, *(s.title for s in lesson.sections)]
    titles += [flat.step.title for flat in lesson.flat_steps()]
    too_long = [t for t in titles if len(t) > 40]
    assert not too_long


@pytest.mark.parametrize("path", LESSON_FILES, ids=lambda p: p.stem)
def test_minutes_cover_the_planned_time(path: Path) -> None:
    lesson = load_lesson(path)
    planned = sum(planned_seconds(f.step, lesson.pace) or 0 for f in lesson.flat_steps())
    assert planned <= lesson.minutes * 60
    assert lesson.minutes * 60 <= max(3 * planned, 180), "minutes look inflated"


# --- both intimate lessons ------------------------------------------------------------


@pytest.mark.parametrize("lesson_id", INTIMATE)
def test_content_note_names_adults_consent_and_stopping(lesson_id: str) -> None:
    note = (_load(lesson_id).content_note or "").lower()
    for word in ("adults", "consenting", "stop at any moment"):
        assert word in note


@pytest.mark.parametrize("lesson_id", INTIMATE)
def test_both_roles_are_declared(lesson_id: str) -> None:
    assert {r.id for r in _load(lesson_id).roles} == {"giver", "receiver"}


@pytest.mark.parametrize("lesson_id", INTIMATE)
def test_a_bleeding_fissure_stops_before_any_internal_work(lesson_id: str) -> None:
    lesson = _load(lesson_id)
    screen = _checkin_asking(lesson, "fissure")
    assert isinstance(screen.step, CheckinStep)
    yes = screen.step.route(True)
    assert yes.action == "stop"
    assert yes.stop and "clinician" in yes.stop
    assert screen.step.route(False).action == "continue"
    # The gloves go on before anything goes inside; the screening comes first.
    assert screen.index < _steps(lesson)["glove-on"].index


@pytest.mark.parametrize("lesson_id", INTIMATE)
def test_consent_no_stops_the_lesson(lesson_id: str) -> None:
    consent = _steps(_load(lesson_id))["consent"].step
    assert isinstance(consent, CheckinStep)
    assert consent.route(False).action == "stop"
    assert consent.route(True).action == "continue"


@pytest.mark.parametrize("lesson_id", INTIMATE)
def test_haemorrhoids_lead_to_extra_care_and_no_skips_it(lesson_id: str) -> None:
    lesson = _load(lesson_id)
    steps = _steps(lesson)
    screen = _checkin_asking(lesson, "haemorrhoids")
    assert isinstance(screen.step, CheckinStep)
    care = steps["haemorrhoid-care"]
    assert screen.step.route(True).action == "continue"
    assert care.index == screen.index + 1
    skip = screen.step.route(False)
    assert skip.goto and steps[skip.goto].index == care.index + 1


@pytest.mark.parametrize("lesson_id", INTIMATE)
def test_safety_parts_are_shared_not_copied(lesson_id: str) -> None:
    text = (LESSONS / f"{lesson_id}.yaml").read_text(encoding="utf-8")
    for part in ("safety", "materials", "glove-on", "withdraw", "glove-off"):
        assert f"include: parts/{part}.yaml" in text
    assert "fissure" not in text.lower(), "the screening belongs in parts/screening.yaml"


@pytest.mark.parametrize("lesson_id", INTIMATE)
def test_a_periodic_lubricant_reminder_runs_through_the_lesson(lesson_id: str) -> None:
    reminders = _load(lesson_id).reminders
    assert any(r.when is Trigger.EVERY and "lubricant" in r.text for r in reminders)


# --- guided ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def guided() -> Lesson:
    return _load("guided")


def _holds(lesson: Lesson) -> list[HoldStep]:
    return [f.step for f in lesson.flat_steps() if isinstance(f.step, HoldStep)]


def test_guided_stretches_go_from_the_surface_to_the_second_knuckle(guided: Lesson) -> None:
    assert [h.depth for h in _holds(guided)] == [
        Depth.SURFACE,
        Depth.FIRST_KNUCKLE,
        Depth.SECOND_KNUCKLE,
    ]


@pytest.mark.parametrize("depth", [Depth.SURFACE, Depth.FIRST_KNUCKLE, Depth.SECOND_KNUCKLE])
def test_guided_hold_at_each_depth(guided: Lesson, depth: Depth) -> None:
    (hold,) = [h for h in _holds(guided) if h.depth is depth]
    assert [p.at for p in hold.positions] == [12, 3, 6, 9]
    assert hold.pressure == "exhale"
    assert all(hold.breaths_at(i) == 3 for i in range(len(hold.positions)))
    assert hold.between.action == "withdraw"
    between = [r for r in hold.reminders if r.when is Trigger.BETWEEN_POSITIONS]
    assert len(between) == 1
    assert "withdraw" in between[0].text.lower() and "twist" in between[0].text.lower()
    six = next(p for p in hold.positions if p.at == 6)
    assert six.note and "further" in six.note
    before = [r for r in hold.reminders if r.when is Trigger.BEFORE]
    if depth is Depth.SURFACE:
        assert not before
    else:
        assert any("lubricant" in r.text.lower() for r in before)


def test_guided_checks_arousal_before_the_prostate(guided: Lesson) -> None:
    steps = _steps(guided)
    check = steps["arousal-check"]
    assert isinstance(check.step, CheckinStep)
    assert steps["build-arousal"].index == check.index - 1
    assert check.index < steps["find-prostate"].index
    # "No" is not a loop without end: it asks whether to take more time
    # (back to arousal) or to go to the finish, past the prostate.
    more = steps[check.step.route(False).goto or ""]
    assert isinstance(more.step, CheckinStep)
    assert more.step.route(True).goto == "build-arousal"
    way_out = more.step.route(False)
    assert way_out.goto and steps[way_out.goto].index > steps["find-prostate"].index
    assert check.step.route(True).action in ("continue", "goto")


def test_guided_has_the_four_prostate_moves_as_open_steps(guided: Lesson) -> None:
    section = next(s for s in guided.sections if s.id == "prostate")
    moves = [s for s in section.steps if isinstance(s, OpenStep) and s.title != "Arousal first"]
    assert len(moves) == 4
    assert all("sensational" in (m.do or "") for m in moves)


def test_guided_pelvic_floor_is_optional(guided: Lesson) -> None:
    steps = _steps(guided)
    choice = steps["pelvic-floor-choice"]
    assert isinstance(choice.step, CheckinStep)
    skip = choice.step.route(False)
    assert skip.goto and steps[skip.goto].section_title == "Free play"


def test_guided_pelvic_floor_rates_clock_spots_and_changes_hands_halfway(guided: Lesson) -> None:
    section = next(s for s in guided.sections if s.id == "pelvic-floor")
    kinds = [type(s) for s in section.steps]
    feedback = [s for s in section.steps if isinstance(s, FeedbackStep)]
    assert len(feedback) == 2
    for step in feedback:
        assert all(CLOCK_SPOT.match(item) for item in step.items), step.items
    right, left = ([int(i.split()[0]) for i in s.items] for s in feedback)
    assert right[0] == 7 and left[0] == 5
    assert not {6, 12} & {*right, *left}, "6 is the prostate, 12 the tailbone"
    first, second = (i for i, k in enumerate(kinds) if k is FeedbackStep)
    between = section.steps[first + 1 : second]
    assert any("hands" in s.title.lower() for s in between)


def test_guided_two_finger_gate_sends_no_back_to_one_finger(guided: Lesson) -> None:
    steps = _steps(guided)
    gate = _checkin_asking(guided, "one finger")
    assert isinstance(gate.step, CheckinStep)
    back = gate.step.route(False)
    assert back.action == "goto" and back.goto
    target = steps[back.goto]
    assert target.index < gate.index
    assert "one finger" in target.step.title.lower()
    assert gate.step.route(True).action == "continue"
    # The seven steps of the progression follow the gate, before the climax step.
    progression = [
        f for f in guided.flat_steps() if gate.index < f.index < steps["near-climax"].index
    ]
    assert len(progression) == 7


def test_guided_one_finger_loop_has_a_way_out(guided: Lesson) -> None:
    steps = _steps(guided)
    want = steps["want-two"]
    gate = _checkin_asking(guided, "one finger")
    assert steps["one-finger"].index < want.index < gate.index
    assert isinstance(want.step, CheckinStep)
    out = want.step.route(False)
    assert out.goto and steps[out.goto].index > gate.index


def test_guided_ends_with_a_review(guided: Lesson) -> None:
    last = guided.flat_steps()[-1].step
    assert last.kind == "review" and last.prompts


# --- therapeutic ----------------------------------------------------------------------


def test_therapeutic_front_wall_routes_by_anatomy() -> None:
    lesson = _load("therapeutic")
    steps = _steps(lesson)
    has = steps["has-prostate"].step
    assert isinstance(has, CheckinStep)
    assert has.route(True).action == "continue"
    assert has.route(False).goto == "front-wall-vagina"
    done = steps["prostate-done"].step
    assert isinstance(done, CheckinStep)
    assert done.route(True).goto == "withdraw"
    assert done.route(False).action == "repeat"


def test_therapeutic_says_what_to_avoid_before_massaging_inside() -> None:
    lesson = _load("therapeutic")
    steps = _steps(lesson)
    avoid = steps["avoid"]
    text = " ".join(avoid.step.items).lower()
    for word in ("piriformis", "seminal vesicles", "sacrum", "bone"):
        assert word in text
    inside = [f for f in lesson.flat_steps() if f.section_title == "Inside the rectum"]
    massage = [f for f in inside if isinstance(f.step, OpenStep) and f.index > avoid.index]
    assert len(massage) == 3


# --- tour -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def tour() -> Lesson:
    return _load("tour")


def test_tour_uses_every_step_kind_once(tour: Lesson) -> None:
    counts = Counter(f.step.kind for f in tour.flat_steps())
    assert counts == Counter(STEP_KINDS)


def test_tour_reminders_cover_before_ack_every_and_between(tour: Lesson) -> None:
    step_reminders = [r for f in tour.flat_steps() for r in f.step.reminders]
    before = [r for r in step_reminders if r.when is Trigger.BEFORE]
    assert len(before) == 1 and before[0].ack
    assert [r.when for r in tour.reminders] == [Trigger.EVERY]
    (hold,) = _holds(tour)
    assert any(r.when is Trigger.BETWEEN_POSITIONS for r in hold.reminders)


def test_tour_is_short_neutral_and_routes(tour: Lesson) -> None:
    assert tour.content_note
    assert 2 <= tour.minutes <= 3
    assert not tour.roles
    durations = [planned_seconds(f.step, tour.pace) for f in tour.flat_steps()]
    assert all(d is None or d <= 60 for d in durations)
    (checkin,) = [f.step for f in tour.flat_steps() if isinstance(f.step, CheckinStep)]
    assert {checkin.route(True).action, checkin.route(False).action} & {"goto", "repeat"}
