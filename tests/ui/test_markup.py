"""No widget renders markup from data: a generated family of Rich/Textual markup strings in
every field that reaches the screen is shown literally, and never crashes the app.

Fields: the lesson title, section and step titles, what to do, cue, why, safety, the
role's name, a reminder, a check-in's question and answer, checklist items, the
instructor note (present), a review prompt; the lesson id as `follow` reports it;
paths in notices (the help's "not saved" line, the watch banner, a broken lesson in
the picker).
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
import yaml
from rich.text import Text

from coach.engine import commands as c
from coach.engine.clock import FakeClock
from coach.engine.session import Session
from coach.errors import CoachError
from coach.lesson.catalog import Entry
from coach.lesson.loader import load_lesson
from coach.ui.app import CoachApp
from coach.ui.follow import FollowApp
from coach.ui.watch import banner_text
from tests.ui.helpers import press, screen_text

FIXED = [
    "[/]",
    "[bold",
    "[link=x]",
    "x[/]y",
    "[bold red]x[/]",
    "[/bold]",
    "[on red]",
    "[$accent]",
    "[@click=app.quit]q[/]",
    "[link=https://e.invalid]y[/link]",
    "[[double]]",
    "\\[esc]",
    "[b]x",
    "[i]",
    "[#ff0000]",
    "[rgb(1,2,3)]",
    "[u]u[/u]",
    "[reverse]",
    "[",
    "]",
    "[/link]",
    "[dim]d[/dim]",
    ":smile:",
    "[red on blue]z",
]


def _generated(seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    tags = ["bold", "/", "link=x", "@click=app.bell", "red", "on blue", "$text", "i", "/i"]
    out = []
    for _ in range(count):
        parts = [
            f"[{rng.choice(tags)}]" if rng.random() < 0.6 else rng.choice("xy[]/")
            for _ in range(rng.randint(1, 4))
        ]
        out.append("".join(parts))
    return out


MARKUP = FIXED + _generated(16, 8)
assert len(MARKUP) >= 20


def _lesson_file(folder: Path, m: str) -> Path:
    data = {
        "id": "markup",
        "title": f"L{m}",
        "summary": "s",
        "minutes": 1,
        "roles": [{"id": "giver", "name": f"G{m}"}],
        "sections": [
            {
                "title": f"S{m}",
                "steps": [
                    {
                        "title": f"T{m}",
                        "do": f"D{m}",
                        "cue": f"C{m}",
                        "why": f"W{m}",
                        "safety": f"A{m}",
                        "note": f"N{m}",
                        "who": "giver",
                        "reminders": [{"when": "before", "text": f"R{m}"}],
                    },
                    {"kind": "checklist", "title": f"K{m}", "items": [f"I{m}"]},
                    {
                        "kind": "checkin",
                        "id": "ask",
                        "title": f"Q{m}",
                        "question": f"Q?{m}",
                        "yes": {"say": f"Y{m}"},
                    },
                    {"kind": "review", "title": f"V{m}", "prompts": [f"P{m}"]},
                ],
            }
        ],
    }
    path = folder / "markup.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize("m", MARKUP)
async def test_lesson_fields_are_shown_literally(m: str, tmp_path: Path) -> None:
    lesson = load_lesson(_lesson_file(tmp_path, m))
    clock = FakeClock()
    session = Session(lesson, clock, next_guard=0.0)  # keys come at machine speed
    session.problem = f"cannot write /tmp/h{m}/x.jsonl"  # type: ignore[attr-defined]
    app = CoachApp(session, clock=clock, animate=False, show_notes=True)
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        await press(pilot, "i")  # the note
        text = screen_text(app)
        for shown in (
            f"L{m}",
            f"T{m}",
            f"D{m}",
            f"Notice: C{m}",
            f"Why: W{m}",
            f"Safety: A{m}",
            f"Who: G{m}",
            f"R{m}",
            f"N{m}",
        ):
            assert shown in text, (shown, text)
        await press(pilot, "question_mark")
        assert f"/tmp/h{m}/x.jsonl" in screen_text(app)
        await press(pilot, "escape", "a", "enter")
        text = screen_text(app)
        assert f"K{m}" in text and f"I{m}" in text
        app.send(c.JumpTo("ask"))
        await pilot.pause()
        assert f"Q?{m}" in screen_text(app)
        await press(pilot, "y")
        assert f"Y{m}" in screen_text(app)
        await press(pilot, "enter")
        assert f"P{m}" in screen_text(app)


@pytest.mark.parametrize("m", MARKUP[:12])
async def test_follow_names_a_lesson_id_literally(m: str, tmp_path: Path) -> None:
    from coach.lesson.catalog import resolve
    from coach.live import LiveSession

    def lesson_for(header: object):
        raise CoachError(f"lesson x{m}y is not installed")

    lesson, path = resolve("tour")
    session = LiveSession.start(lesson, path, clock=FakeClock(), directory=tmp_path)
    session.do(c.Start())
    app = FollowApp(session.writer.path, lesson_for=lesson_for, animate=False, auto_poll=False)
    async with app.run_test(size=(120, 20)) as pilot:
        await pilot.pause()
        app.poll()
        await pilot.pause()
        assert f"Cannot follow: lesson x{m}y is not installed" in screen_text(app)
    session.close()


@pytest.mark.parametrize("m", MARKUP[:12])
async def test_paths_in_the_picker_and_the_watch_banner_are_literal(m: str, tmp_path: Path) -> None:
    folder = tmp_path / f"h{m}".replace("/", "_")
    folder.mkdir()
    broken = folder / "b[x]y.yaml"
    entries = [Entry(broken, "yours", None, None)]
    app = CoachApp(lesson_entries=entries, animate=False)
    async with app.run_test(size=(120, 20)) as pilot:
        await pilot.pause()
        assert "b[x]y.yaml" in screen_text(app)
    shown = banner_text((f"/tmp/h{m}/lesson.yaml:3:1: unknown key",))
    assert isinstance(shown, Text) and not shown.spans  # a Text: never parsed as markup
    assert f"/tmp/h{m}/lesson.yaml:3:1" in shown.plain


@pytest.mark.parametrize("typed", ["a\x07b", "x\x1b[2Jy", "l\u202er", "s\x0e\x0ft\x08"])
async def test_resumed_review_text_shows_control_characters_visibly(typed: str) -> None:
    from coach.lesson.catalog import resolve
    from coach.text import visible

    lesson = resolve("tour")[0]
    clock = FakeClock()
    session = Session(lesson, clock)
    session.do(c.Start())
    review = next(fs for fs in lesson.flat_steps() if fs.step.kind == "review")
    session.do(c.JumpTo(review.id))
    session.do(c.ReviewText(typed))
    app = CoachApp(Session(lesson, clock, session.events), clock=clock, animate=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.pause()
        area = app.step_screen.step_view.review.area
        assert area.text == visible(typed) != typed
        assert visible(typed) in screen_text(app)
