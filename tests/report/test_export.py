"""Export: golden files of a scripted tour, CommonMark structure, hostile text.

Regenerate the golden files after an intended change with
``COACH_UPDATE_GOLDEN=1 pytest tests/report/test_export.py`` and read the diff.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt

from coach.engine import commands as c
from coach.engine.clock import FakeClock
from coach.engine.events import event_to_dict
from coach.engine.session import Session
from coach.journal.reader import read_journal
from coach.journal.writer import JournalWriter
from coach.lesson import load_lesson_text
from coach.lesson.model import Rating
from coach.report.files import export_file, to_json, to_markdown
from coach.report.fold import engine_events, fold
from coach.report.json import report_dict
from coach.text import visible
from tests.journal.scripted import AWAY_SECONDS, HOSTILE_REVIEW, NOTE, header, scripted_tour

GOLDEN = Path(__file__).parent.parent / "journal" / "golden"
PARSER = MarkdownIt("commonmark").enable(["table", "strikethrough"])
UPDATE = os.environ.get("COACH_UPDATE_GOLDEN") == "1"


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.write_text(text, encoding="utf-8")
    assert path.read_text(encoding="utf-8") == text, f"{name} changed; see the module docstring"


def heading_texts(tokens: list[Any]) -> list[str]:
    """Headings as a reader sees them (escapes resolved)."""
    return [
        "".join(child.content for child in tokens[i + 1].children or [])
        for i, t in enumerate(tokens)
        if t.type == "heading_open"
    ]


@pytest.fixture(scope="module")
def tour() -> tuple[Any, Any, list[dict[str, Any]]]:
    return scripted_tour()


def test_golden_markdown(tour: Any) -> None:
    check_golden("tour.md", to_markdown(*tour))


def test_golden_json(tour: Any) -> None:
    check_golden("tour.json", to_json(*tour))


def test_through_the_store(tour: Any, tmp_path: Path) -> None:
    """Write the events with JournalWriter, read them back: the same export."""
    lesson, head, records = tour
    walls: Iterator[datetime] = (datetime.fromisoformat(r["wall"]) for r in records)
    with JournalWriter.create(head, tmp_path, wall=lambda: next(walls)) as writer:
        for record in records:
            writer.append({k: v for k, v in record.items() if k != "wall"}, durable=False)
    assert export_file(writer.path, lesson) == (GOLDEN / "tour.md").read_text(encoding="utf-8")
    assert export_file(writer.path, lesson, "json") == to_json(*tour)


def test_report_figures(tour: Any) -> None:
    rep = report(*tour)
    assert rep["export"] == 1
    assert rep["session"]["status"] == "finished"
    assert rep["time"]["paused_seconds"] == 30.0  # a 20 s pause and a 10 s STOP
    assert rep["time"]["not_running_seconds"] == AWAY_SECONDS
    assert len(rep["interruptions"]) == 1
    assert rep["interruptions"][0]["step_id"] == "clock"
    assert [ci["answer"] for ci in rep["checkins"]] == ["yes", "no"]
    assert rep["checkins"][0]["target"] == "clock"
    assert [s["outcome"] for s in rep["stops"]] == ["resume"]
    hold = rep["holds"][0]
    assert [p["hour"] for p in hold["positions"]] == [12, 3, 6, 9]
    assert [p["breaths"] for p in hold["positions"]] == [1, 1, 2, 1]
    assert hold["planned_seconds"] == 41.0
    assert rep["feedback"][0]["ratings"][-1]["rating"] == "bad"  # the changed rating
    assert rep["review"] == HOSTILE_REVIEW
    steps = {s["id"]: s for s in rep["steps"]}
    assert steps["clock"]["visits"] == 2
    # Step times add up to the active time (nothing counted twice or lost).
    total = sum(s["actual_seconds"] or 0 for s in rep["steps"])
    assert total == pytest.approx(rep["time"]["active_seconds"])
    json.dumps(rep, allow_nan=False)  # plain JSON


def test_markdown_structure(tour: Any) -> None:
    text = to_markdown(*tour)
    tokens = PARSER.parse(text)
    headings = heading_texts(tokens)
    assert headings == [
        "Session: A short tour", "Steps", "Holds", "Around the clock",
        "Around the clock (round 2)", "Checklists", "Check-ins", "Reminders shown", "STOPs",
        "Feedback", "How was each hour?", "Notes", "Pauses and interruptions", "Review",
    ]  # fmt: skip
    kinds = {t.type for t in tokens}
    assert {"table_open", "fence", "bullet_list_open"} <= kinds
    assert "html_block" not in kinds
    fences = [t for t in tokens if t.type == "fence"]
    assert len(fences) == 1 and fences[0].content == visible(HOSTILE_REVIEW)
    html = PARSER.render(text)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "\x1b" not in text and "\x07" not in text
    # The note's markup stays literal text inside its list item.
    note = next(t for t in tokens if t.type == "inline" and t.content.startswith("**Settle in:**"))
    literal = "".join("\n" if ch.type == "hardbreak" else ch.content for ch in note.children or [])
    assert literal == "Settle in: " + NOTE


def test_every_table_row_has_its_columns(tour: Any) -> None:
    tokens = PARSER.parse(to_markdown(*tour))
    widths: list[int] = []
    row = 0
    for t in tokens:
        if t.type == "tr_open":
            row = 0
        elif t.type in ("th_open", "td_open"):
            row += 1
        elif t.type == "tr_close":
            widths.append(row)
    assert widths and all(w in (2, 5, 8) for w in widths)


HOSTILE_LESSON = """\
id: evil
title: "# Evil | `tick` <script>x</script> \\e[2J"
summary: S
minutes: 1
sections:
  - title: "| Section | *bold* |"
    steps:
      - title: "<img src=x onerror=alert(1)> [click](javascript:x) - item"
      - kind: feedback
        title: "## Rate | me"
        items: ["a | b", "`c`", "\\x1b[31mred"]
      - kind: checkin
        title: "Ask"
        question: "Go on? <b>yes</b> | no"
        yes: continue
        no: {stop: "Stop **now** | <em>please</em>"}
"""


def test_hostile_lesson_text_stays_literal() -> None:
    lesson = load_lesson_text(HOSTILE_LESSON)
    session = Session(lesson, FakeClock(), next_guard=0.0)
    records: list[dict[str, Any]] = []
    script: list[c.Command] = [
        c.Start(),
        c.Note("`a` | b\n# c"),
        c.Next(),
        c.Rate(0, Rating.GOOD),
        c.Rate(2, Rating.BAD),
        c.Rate(1, Rating.NEUTRAL),
        c.Next(),
        c.Answer(False),
    ]
    for command in script:
        for event in session.do(command):
            records.append(event_to_dict(event) | {"wall": "2026-11-25T14:23:01.000+01:00"})
    head = header(lesson)
    text = to_markdown(lesson, head, records)
    tokens = PARSER.parse(text)
    headings = heading_texts(tokens)
    assert headings == [
        "Session: # Evil | `tick` <script>x</script> \\x1b[2J", "Steps", "Check-ins",
        "Feedback", "## Rate | me", "Notes", "Review",
    ]  # fmt: skip
    kinds = {t.type for t in tokens}
    assert not kinds & {"html_block", "code_block", "fence"}
    html = PARSER.render(text)
    assert "<script>" not in html and "<img" not in html and "<b>" not in html
    assert 'href="javascript' not in html and "<em>please" not in html
    assert "\x1b" not in text
    inline_children = [ch for t in tokens if t.type == "inline" for ch in t.children or []]
    assert not {ch.type for ch in inline_children} & {"html_inline", "code_inline", "link_open"}
    rendered_text = "".join(ch.content for ch in inline_children)
    for literal in ("# Evil | `tick` <script>x</script>", "a | b", "`c`", "Go on? <b>yes</b> | no",
                    "Stop **now** | <em>please</em>", "<img src=x onerror=alert(1)>"):  # fmt: skip
        assert literal in rendered_text
    rep = report(lesson, head, records)
    assert rep["session"]["status"] == "stopped"
    assert rep["session"]["end_reason"] == "checkin"


def untitled(value: Any) -> Any:
    """Drop the fields only a lesson can fill in (titles)."""
    if isinstance(value, list):
        return [{k: v for k, v in item.items() if "title" not in k} for item in value]
    return value


def test_without_the_lesson(tour: Any) -> None:
    lesson, head, records = tour
    with_lesson = report(lesson, head, records)
    without = report(None, head, records)
    assert without["lesson"]["loaded"] is False
    for key in ("notes", "review", "checkins", "stops", "reminders", "pauses", "interruptions"):
        assert untitled(without[key]) == untitled(with_lesson[key]), key
    assert [r["rating"] for r in without["feedback"][0]["ratings"]] == [
        r["rating"] for r in with_lesson["feedback"][0]["ratings"]
    ]
    assert without["time"]["active_seconds"] == with_lesson["time"]["active_seconds"]
    text = to_markdown(None, head, records)
    assert "clock" in text
    PARSER.parse(text)


def test_other_lesson_and_changed_version(tour: Any) -> None:
    lesson, head, records = tour
    other = load_lesson_text(HOSTILE_LESSON)
    rep = report(other, head, records)
    assert rep["lesson"]["loaded"] is False
    assert any("not 'evil'" in w for w in rep["warnings"])
    older = head.__class__(**{**head.to_dict(), "lesson_version": "1"})
    rep = report(lesson, older, records)
    assert any("lesson version '1'" in w for w in rep["warnings"])
    assert "> **Note:**" in to_markdown(lesson, older, records)


def test_interrupted_and_torn(tour: Any, tmp_path: Path) -> None:
    lesson, head, records = tour
    cut = [r for r in records if r["t"] <= 150]
    with JournalWriter.create(head, tmp_path) as writer:
        for record in cut:
            writer.append({k: v for k, v in record.items() if k != "wall"})
    with open(writer.path, "ab") as f:
        f.write(b'{"type":"Ste')
    journal = read_journal(writer.path)
    rep = report(lesson, journal.header, journal.events, journal.warnings)
    assert rep["session"]["status"] == "interrupted"
    assert len(rep["warnings"]) == 1 and "incomplete" in rep["warnings"][0]
    assert any(s["outcome"] == "in progress" for s in rep["steps"])
    text = export_file(writer.path, lesson)
    assert "interrupted" in text and "incomplete" in text


def test_bad_event_dicts_are_skipped_with_a_warning(tour: Any) -> None:
    lesson, head, records = tour
    broken = [*records[:3], {"type": "Martian", "t": 1.0}, *records[3:]]
    events, walls, warnings = engine_events(broken)
    assert len(events) == len(records) == len(walls)
    assert warnings == ["journal line 5: unknown event type 'Martian'; skipped"]
    assert report(lesson, head, broken)["warnings"] == warnings


def test_stop_then_end(tour: Any) -> None:
    lesson = tour[0]
    session = Session(lesson, FakeClock())
    clock: FakeClock = session.clock  # type: ignore[assignment]
    records: list[dict[str, Any]] = []
    for command, wait in [(c.Start(), 5), (c.Stop(), 40), (c.StopChoice("end"), 0)]:
        records += [event_to_dict(ev) | {"wall": None} for ev in session.do(command)]
        clock.advance(wait)
    rep = report(lesson, header(lesson), records)
    assert rep["session"]["status"] == "stopped"
    assert rep["stops"] == [
        {"t": 5.0, "step_id": "arrive.1", "step_title": "Settle in", "outcome": "end",
         "resolved_t": 45.0, "seconds": 40.0}
    ]  # fmt: skip
    assert rep["time"] == {
        "active_seconds": 5.0, "paused_seconds": 40.0, "planned_seconds": 81.0,
        "not_running_seconds": 0,
    }  # fmt: skip
    assert rep["interruptions"] == [] and rep["session"]["ended_wall"] is None
    text = to_markdown(lesson, header(lesson), records)
    assert "**Outcome:** stopped with STOP at “Settle in”" in text
    assert "stopped for 40 s, then ended the session" in text


def report(*args: Any) -> dict[str, Any]:
    """The report as its JSON dict (what the tests below look into)."""
    return report_dict(fold(*args))
