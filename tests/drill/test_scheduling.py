"""Which cards are due, and in which order: table-driven, on a fake wall clock."""

from __future__ import annotations

from datetime import timedelta

import pytest

from coach.drill.cards import drill_queue, face, lesson_cards
from coach.drill.scheduler import end_of_day, is_due, review_card
from coach.drill.store import RATINGS, CardKey, Memory

from .helpers import START, FakeWall, mini

A, B, C, D = (CardKey("mini", s, "do") for s in "abcd")


@pytest.mark.parametrize(
    ("rating", "later", "due"),
    [
        ("again", timedelta(minutes=1), True),  # again: due again today
        ("again", timedelta(hours=2), True),
        ("hard", timedelta(minutes=10), True),
        ("good", timedelta(minutes=10), True),  # a new card's second learning step
        ("easy", timedelta(hours=2), False),  # easy moves it out by days
        ("easy", timedelta(days=7), False),
        ("easy", timedelta(days=8), True),
    ],
)
def test_a_new_card_graded(rating: str, later: timedelta, due: bool) -> None:
    memory = Memory()
    card = review_card(memory, A, RATINGS.index(rating) + 1, START)
    assert is_due(card, START + later) is due
    assert memory.reviews[-1].rating == RATINGS.index(rating) + 1


@pytest.mark.parametrize(
    ("day2", "day2_due", "day3_due"),
    [
        # Graded on day 1 (09:00), then again on day 2: what is due on day 3?
        ("again", True, True),
        ("good", True, False),  # graduates: out for days
        ("easy", True, False),
    ],
)
def test_a_learned_card_moves_out_as_it_is_recalled(
    day2: str, day2_due: bool, day3_due: bool
) -> None:
    memory = Memory()
    review_card(memory, A, 3, START)  # good on day 1
    wall = FakeWall()
    assert is_due(memory.cards[A], wall.day(1)) is day2_due
    review_card(memory, A, RATINGS.index(day2) + 1, wall())
    assert is_due(memory.cards[A], wall.day(2)) is day3_due


def test_due_today_ends_at_local_midnight() -> None:
    tonight = end_of_day(START)
    assert tonight > START and tonight - START <= timedelta(days=1)


def _graded(memory: Memory, grades: dict[CardKey, str], when=START) -> Memory:
    for key, rating in grades.items():
        review_card(memory, key, RATINGS.index(rating) + 1, when)
    return memory


@pytest.mark.parametrize(
    ("grades", "cram", "expected"),
    [
        ({}, False, [A, B, C, D]),  # all new, in lesson order
        # due first (most overdue first), then new ones in lesson order
        ({C: "again"}, False, [C, A, B, D]),
        # a is not due, b is; both drilled, so "what comes after a?" is new
        ({A: "easy", B: "again"}, False, [B, CardKey("mini", "a", "next"), C, D]),
        (
            {A: "easy", B: "easy", C: "easy", D: "easy"},
            False,
            [
                CardKey("mini", "a", "next"),
                CardKey("mini", "b", "next"),
                CardKey("mini", "c", "next"),
            ],
        ),
        # cram: everything offered, due or not, in lesson order
        ({A: "easy", B: "easy"}, True, [A, CardKey("mini", "a", "next"), B, C, D]),
    ],
)
def test_one_lesson_queue(grades: dict[CardKey, str], cram: bool, expected: list[CardKey]) -> None:
    memory = _graded(Memory(), grades)
    queue = drill_queue([mini()], memory, START + timedelta(hours=1), cram=cram)
    assert queue == expected


def test_what_comes_next_cards_follow_two_learned_steps() -> None:
    memory = _graded(Memory(), {A: "good"})
    assert CardKey("mini", "a", "next") not in lesson_cards(mini(), memory)
    _graded(memory, {B: "good"})
    assert lesson_cards(mini(), memory)[:3] == [A, CardKey("mini", "a", "next"), B]
    card = face(mini(), CardKey("mini", "a", "next"))
    assert card.question == "What comes next?"
    assert card.prompt == "Wash hands"
    assert card.answer_title == "Next: Tools"
    with pytest.raises(KeyError):
        face(mini(), CardKey("mini", "d", "next"))  # the last step has no next


def test_a_section_drill_offers_that_section_only() -> None:
    assert lesson_cards(mini(), Memory(), "work") == [C, D]
    assert drill_queue([mini()], Memory(), START, section="prepare") == [A, B]


def test_every_lesson_drills_only_what_is_due_across_lessons() -> None:
    other = mini("other")
    memory = _graded(Memory(), {A: "easy", B: "again"})
    review_card(memory, CardKey("other", "c", "do"), 1, START - timedelta(hours=1))
    queue = drill_queue([mini(), other], memory, START + timedelta(hours=1), new=False)
    assert queue == [CardKey("other", "c", "do"), B]  # the most overdue first; no new cards


def test_an_edited_lesson_keeps_the_history_of_a_step_with_the_same_id() -> None:
    memory = _graded(Memory(), {C: "easy", D: "again"})
    edited = mini(
        steps=[
            {"id": "new", "title": "A step added before"},
            {"id": "c", "title": "Hold, renamed", "do": "Now an instruction"},
            {"id": "d", "kind": "timed", "title": "Rest", "seconds": 30},
        ]
    )
    later = START + timedelta(hours=1)
    queue = drill_queue([edited], memory, later)
    # d keeps its "again" (due first); c keeps its "easy" (not due); a, b and the added
    # step are new, and so is "what comes after c?" (both c and d were drilled)
    assert queue == [D, A, B, CardKey("mini", "new", "do"), CardKey("mini", "c", "next")]
    assert face(edited, C).prompt == "Hold, renamed"
    assert memory.cards[C].stability is not None


def test_a_card_whose_step_was_removed_is_kept_but_not_shown() -> None:
    memory = _graded(Memory(), {C: "again"})
    edited = mini(steps=[{"id": "z", "title": "Other"}])
    assert C not in drill_queue([edited], memory, START + timedelta(hours=1))
    assert C in memory.cards
