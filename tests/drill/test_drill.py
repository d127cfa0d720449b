"""The recall drill: actions as events, the journal, the memory saved at each grade, export."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from coach.drill.cards import face
from coach.drill.export import drill_markdown
from coach.drill.model import Drill, replay_drill
from coach.drill.session import DrillSession
from coach.drill.store import CardKey, Memory, load_memory
from coach.engine.clock import FakeClock
from coach.journal import list_sessions, read_journal

from .helpers import FakeWall, mini

A, B, C, D = (CardKey("mini", s, "do") for s in "abcd")

# Each row: actions, then (position, revealed, grades, ended, reason) expected after them.
ACTIONS = [
    ([], (0, False, (), False, None)),
    (["grade:good"], (0, False, (), False, None)),  # grading before revealing is refused
    (["reveal", "reveal"], (0, True, (), False, None)),  # a second reveal does nothing
    (["reveal", "grade:good"], (1, False, ((A, "good"),), False, None)),
    (["reveal", "grade:meh"], (0, True, (), False, None)),  # not an FSRS rating
    (
        ["reveal", "grade:again", "reveal", "grade:hard", "stop"],
        (2, False, ((A, "again"), (B, "hard")), True, "stopped"),
    ),
    (  # "again" brings the card back at the end of this drill
        ["reveal", "grade:again"] * 4 + ["reveal", "grade:good"] * 4,
        (
            8,
            False,
            tuple((k, "again") for k in (A, B, C, D)) + tuple((k, "good") for k in (A, B, C, D)),
            True,
            "finished",
        ),
    ),
    (  # ... twice more at most
        [
            f"{a}:{g}"
            for g in ("again", "easy", "easy", "easy", "again", "again")
            for a in ("reveal", "grade")
        ],
        (
            6,
            False,
            ((A, "again"), (B, "easy"), (C, "easy"), (D, "easy"), (A, "again"), (A, "again")),
            True,
            "finished",
        ),
    ),
    (
        ["reveal", "grade:easy"] * 4 + ["reveal", "stop"],
        (4, False, tuple((k, "easy") for k in (A, B, C, D)), True, "finished"),
    ),
]


@pytest.mark.parametrize(("actions", "expected"), ACTIONS)
def test_drill_actions(actions: list[str], expected: tuple) -> None:
    clock = FakeClock()
    drill = Drill({"mini": mini()}, Memory(), clock, wall=FakeWall())
    drill.start([A, B, C, D])
    for action in actions:
        clock.advance(1)
        if action.startswith("reveal"):
            drill.reveal()
        elif action == "stop":
            drill.stop()
        else:
            drill.grade(action.split(":")[1])
    st = drill.state
    assert (st.position, st.revealed, st.grades, st.ended, st.end_reason) == expected
    assert replay_drill(drill.events) == st  # the state is the fold of its events
    assert all(json.loads(json.dumps(e)) == e for e in drill.events)
    assert len(drill.memory.reviews) == len(st.grades)  # each grade reschedules its card


def test_a_card_shows_the_step_as_the_handout_does() -> None:
    card = face(mini(), C)
    assert card.where == "Work · step 3 of 4"
    assert card.prompt == "Hold x[/]y" and card.question == "What is done here?"
    assert card.answer[0].startswith("Hold at surface")
    assert card.answer[1:3] == ("  12 o'clock: 5 breaths — [b]gentle[/b]", "  6 o'clock: 3 breaths")
    assert card.safety == "Stop at any sharp pain."
    assert face(mini(), B).answer == ("• lube", "• gloves")
    assert face(mini(), A).answer == ("Do: Soap, 20 s", "Notice: clean")


def _open(tmp_path: Path, wall: FakeWall, **kwargs: object) -> DrillSession:
    return DrillSession.open(
        [(mini(), None)],
        clock=FakeClock(),
        wall=wall,
        directory=tmp_path / "sessions",
        memory_dir=tmp_path,
        **kwargs,  # type: ignore[arg-type]
    )


def test_a_drill_is_journaled_as_a_drill_and_each_grade_is_saved(tmp_path: Path) -> None:
    wall = FakeWall()
    drill = _open(tmp_path, wall)
    drill.reveal()
    drill.grade("again")
    # saved at once: a crash now keeps the grade
    assert load_memory(tmp_path)[0].cards.keys() == {A}
    drill.reveal()
    drill.grade("good")
    drill.close()
    [summary] = list_sessions(tmp_path / "sessions")
    assert summary.mode == "rehearse" and summary.status == "stopped"
    journal = read_journal(summary.path)
    graded = [e for e in journal.events if e["type"] == "DrillGraded"]
    assert [(e["step_id"], e["ask"], e["rating"]) for e in graded] == [
        ("a", "do", "again"),
        ("b", "do", "good"),
    ]
    text = drill_markdown(journal.header, journal.events)
    assert "1 again, 0 hard, 1 good, 0 easy" in text
    assert "Wash hands (again)" in text
    MarkdownIt("commonmark").enable("table").parse(text)


def test_nothing_due_is_not_journaled(tmp_path: Path) -> None:
    drill = DrillSession.open(
        [(mini(), None)],
        every_lesson=True,
        clock=FakeClock(),
        wall=FakeWall(),
        directory=tmp_path / "sessions",
        memory_dir=tmp_path,
    )
    assert drill.done and drill.state.order == () and drill.writer is None
    drill.close()
    assert list_sessions(tmp_path / "sessions") == []


def test_a_corrupt_memory_is_named_in_the_drill_warnings(tmp_path: Path) -> None:
    (tmp_path / "drill.json").write_bytes(b"{")
    drill = _open(tmp_path, FakeWall())
    assert len(drill.warnings) == 1 and "set aside" in drill.warnings[0]
    assert drill.state.order[:2] == (A, B)
    drill.close()


def test_two_drills_at_once_both_keep_their_grades(tmp_path: Path) -> None:
    wall = FakeWall()
    one = _open(tmp_path, wall)
    two = _open(tmp_path, wall)
    one.reveal()
    one.grade("again")  # a
    two.reveal()
    two.grade("easy")  # a too, in the other terminal
    two.reveal()
    two.grade("good")  # b
    wall.advance(minutes=1)
    one.reveal()
    one.grade("hard")  # b
    one.close()
    two.close()
    memory = load_memory(tmp_path)[0]
    assert [(r.key.step_id, r.rating) for r in memory.reviews] == [
        ("a", 1),
        ("a", 4),
        ("b", 3),
        ("b", 2),
    ]
    assert set(memory.cards) == {A, B}
