"""The recall drill: order, actions, memory between runs, journal and export."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from coach.drill.export import drill_markdown
from coach.drill.model import Drill, card_for, drill_order, replay_drill
from coach.drill.session import DrillSession
from coach.drill.store import Memory, load_memory, memory_path, save_memory
from coach.engine.clock import FakeClock
from coach.journal.store import list_sessions, read_journal
from coach.lesson import load_lesson
from coach.lesson.model import Lesson
from coach.lesson.validate import build

from ..conftest import LESSONS

LESSON = build(Lesson,
    {
        "id": "mini",
        "title": "Mini [b]lesson[/b]",
        "summary": "s",
        "minutes": 5,
        "sections": [
            {
                "title": "Prepare",
                "steps": [
                    {"id": "a", "title": "Wash hands", "do": "Soap, 20 s", "cue": "clean"},
                    {"id": "b", "kind": "checklist", "title": "Tools", "items": ["lube", "gloves"]},
                ],
            },
            {
                "title": "Work",
                "steps": [
                    {
                        "id": "c",
                        "kind": "hold",
                        "title": "Hold",
                        "depth": "surface",
                        "positions": [12, 6],
                    },
                    {"id": "d", "kind": "timed", "title": "# Rest | *now*", "seconds": 30},
                ],
            },
        ],
    }
)


@pytest.mark.parametrize(
    ("weak", "expected"),
    [
        ({}, ("a", "b", "c", "d")),
        ({"c": "missed"}, ("c", "a", "b", "d")),
        ({"d": "partly", "b": "partly"}, ("b", "d", "a", "c")),
        ({"d": "missed", "b": "partly"}, ("d", "b", "a", "c")),  # missed before partly
        ({"a": "knew", "c": "knew"}, ("a", "b", "c", "d")),  # knew is not weak
        ({"gone": "missed", "c": "partly"}, ("c", "a", "b", "d")),  # removed step ignored
        ({"a": "bogus"}, ("a", "b", "c", "d")),
    ],
)
def test_drill_order(weak: dict[str, str], expected: tuple[str, ...]) -> None:
    assert drill_order(LESSON, weak) == expected


# Each row: actions, then (position, revealed, grades, ended, reason) expected after them.
ACTIONS = [
    ([], (0, False, (), False, None)),
    (["grade:knew"], (0, False, (), False, None)),  # grading before revealing is refused
    (["reveal", "reveal"], (0, True, (), False, None)),  # a second reveal does nothing
    (["reveal", "grade:knew"], (1, False, (("a", "knew"),), False, None)),
    (["reveal", "grade:meh"], (0, True, (), False, None)),
    (
        ["reveal", "grade:missed", "reveal", "grade:partly", "stop"],
        (2, False, (("a", "missed"), ("b", "partly")), True, "stopped"),
    ),
    (
        ["reveal", "grade:knew"] * 4 + ["reveal", "stop"],
        (4, False, tuple((s, "knew") for s in "abcd"), True, "finished"),
    ),
]


@pytest.mark.parametrize(("actions", "expected"), ACTIONS)
def test_drill_actions(actions: list[str], expected: tuple) -> None:
    clock = FakeClock()
    drill = Drill(LESSON, clock)
    drill.start()
    for action in actions:
        clock.advance(1)
        if action == "reveal":
            drill.reveal()
        elif action == "stop":
            drill.stop()
        else:
            drill.grade(action.split(":")[1])  # type: ignore[arg-type]
    st = drill.state
    assert (st.position, st.revealed, st.grades, st.ended, st.end_reason) == expected
    assert replay_drill(drill.events) == st  # the state is the fold of its events
    assert all(json.loads(json.dumps(e)) == e for e in drill.events)


def test_card_shows_where_and_reveals_particulars() -> None:
    card = card_for(LESSON, "c")
    assert card.where == "Work · step 3 of 4"
    assert any("12, 6 o'clock" in line and "surface" in line for line in card.answer)
    assert card_for(LESSON, "b").answer == ("• lube", "• gloves")
    assert card_for(LESSON, "a").answer == ("Do: Soap, 20 s", "Notice: clean")


def _bad(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)


@pytest.mark.parametrize(
    "content",
    [
        b"{not json",
        b"\xff\xfe",
        b"[]",
        b'{"schema": 99, "lesson_id": "mini", "steps": {}}',
        b'{"schema": 1, "lesson_id": "other", "steps": {}}',
        b'{"schema": 1, "lesson_id": "mini", "steps": []}',
        b'{"schema": 1, "lesson_id": "mini", "steps": {"a": {"last": "great"}}}',
        b"",
    ],
    ids=["json", "utf8", "list", "schema", "lesson", "steps-list", "grade", "empty"],
)
def test_corrupt_memory_starts_fresh_with_a_warning(tmp_path: Path, content: bytes) -> None:
    _bad(memory_path("mini", tmp_path), content)
    memory, warnings = load_memory("mini", tmp_path)
    assert memory == Memory("mini")
    assert len(warnings) == 1 and "starting fresh" in warnings[0]


def test_memory_missing_is_empty_and_save_is_private_and_atomic(tmp_path: Path) -> None:
    assert load_memory("mini", tmp_path) == (Memory("mini"), [])
    memory = Memory("mini").updated([("a", "missed"), ("b", "knew")], wall="w")
    assert save_memory(memory, tmp_path / "drills") is None
    path = memory_path("mini", tmp_path / "drills")
    assert os.stat(path).st_mode & 0o777 == 0o600
    assert os.stat(path.parent).st_mode & 0o777 == 0o700
    assert [p.name for p in path.parent.iterdir()] == ["mini.json"]  # no temp file left
    again, warnings = load_memory("mini", tmp_path / "drills")
    assert warnings == [] and again == memory
    assert again.weak() == {"a": "missed"}
    later = again.updated([("a", "knew")], wall="w2")
    assert later.weak() == {} and later.steps["a"].counts == (1, 0, 1)


def test_save_problem_is_a_message(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    problem = save_memory(Memory("mini"), blocker)
    assert problem is not None and "cannot save" in problem


def _run_drill(grades: list[str], clock: FakeClock, **dirs: Path) -> DrillSession:
    session = DrillSession.open(LESSON, None, clock=clock, **dirs)
    for grade in grades:
        clock.advance(5)
        session.reveal()
        session.grade(grade)  # type: ignore[arg-type]
    session.close()
    return session


def test_weak_steps_come_first_next_time_and_journal_is_listed(tmp_path: Path) -> None:
    dirs = {"directory": tmp_path / "sessions", "memory_dir": tmp_path / "drills"}
    clock = FakeClock()
    first = _run_drill(["knew", "missed", "partly", "knew"], clock, **dirs)
    assert first.state.end_reason == "finished"
    assert first.problem is None
    second = DrillSession.open(LESSON, None, clock=FakeClock(), **dirs)
    assert second.state.order == ("b", "c", "a", "d")
    assert second.card is not None and second.card.step_id == "b"
    # Stopped early: the grades so far still count.
    second.reveal()
    second.grade("knew")
    second.close()
    third = DrillSession.open(LESSON, None, clock=FakeClock(), **dirs)
    assert third.state.order == ("c", "a", "b", "d")
    third.close()

    listed = list_sessions(tmp_path / "sessions")
    assert {s.mode for s in listed} == {"rehearse"}
    assert sorted(s.status for s in listed) == ["finished", "stopped", "stopped"]
    journal = read_journal(first.writer.path)
    assert journal.header.mode == "rehearse"
    assert [e["type"] for e in journal.events][:3] == [
        "DrillStarted",
        "CardRevealed",
        "DrillGraded",
    ]
    assert journal.events[-1]["type"] == "SessionEnded"
    summary = next(s for s in listed if s.id == first.session_id)
    assert summary.active_seconds == 20.0


def test_drill_markdown_is_literal_and_lists_weak_steps(tmp_path: Path) -> None:
    session = _run_drill(["knew", "knew", "knew", "missed"], FakeClock(), directory=tmp_path)
    journal = read_journal(session.writer.path)
    text = drill_markdown(journal.header, journal.events)
    assert "# Rehearsal: Mini \\[b\\]lesson\\[/b\\]" in text
    assert "3 knew, 0 partly, 1 missed" in text
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    headings = [t for t in tokens if t.type == "heading_open"]
    assert len(headings) == 2  # "# Rest" in a title did not become a heading
    assert "\\# Rest \\| \\*now\\* (missed)" in text


def test_bundled_lessons_drill_to_the_end(tmp_path: Path) -> None:
    for path in sorted(LESSONS.glob("*.yaml")):
        lesson = load_lesson(path)
        drill = Drill(lesson, FakeClock())
        drill.start()
        while not drill.done:
            assert drill.card is not None and drill.card.answer
            drill.reveal()
            drill.grade("partly")
        assert len(drill.state.grades) == len(lesson.flat_steps())
