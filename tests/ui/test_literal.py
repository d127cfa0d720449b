"""Lesson text is data: markup, links and terminal escapes are shown, never obeyed."""

from __future__ import annotations

import sys

from rich.text import Text
from textual.widgets import Static

from coach.lesson.model import Lesson
from coach.lesson.validate import build
from coach.ui import launch
from tests.ui.helpers import make_app, press, screen_text

HOSTILE = "[bold red]x[/] [link=https://e.invalid]y[/link] \x1b[2J \x1b]0;title\x07 \u202eabc"
SHOWN = (
    "[bold red]x[/]",
    "[link=https://e.invalid]y[/link]",
    "\\x1b[2J",
    "\\x1b]0;title\\x07",
    "\\u202eabc",
)


def hostile_lesson() -> Lesson:
    return build(
        Lesson,
        {
            "id": "hostile",
            "title": f"T {HOSTILE}",
            "summary": "s",
            "minutes": 1,
            "sections": [
                {
                    "title": f"S {HOSTILE}",
                    "steps": [
                        {
                            "title": f"Step {HOSTILE}",
                            "do": f"Do {HOSTILE}",
                            "cue": f"Cue {HOSTILE}",
                            "reminders": [{"when": "before", "text": f"R {HOSTILE}"}],
                        },
                        {"kind": "checklist", "title": "c", "items": [f"I {HOSTILE}"]},
                    ],
                }
            ],
        },
    )


async def test_hostile_text_renders_literally() -> None:
    app, _session, _clock = make_app(hostile_lesson())
    async with app.run_test(size=(140, 30)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        for shown in SHOWN:
            assert text.count(shown) >= 4, (shown, text)  # title, step title, do, cue, reminder
        assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text
        svg = app.export_screenshot()
        assert "<a " not in svg and 'e.invalid"' not in svg  # no link was made
        for widget in app.screen.query(Static):
            content = widget.render()
            if isinstance(content, Text) and "bold red" in content.plain:
                assert not any("red" in str(span.style) for span in content.spans)
        await press(pilot, "enter")
        assert text.count("[bold red]x[/]") >= 1
        assert "I [bold red]x[/]" in screen_text(app)


def test_launch_refuses_without_a_terminal(capsys, monkeypatch) -> None:
    class NotTTY:
        def isatty(self) -> bool:
            return False

    monkeypatch.setattr(sys, "stdin", NotTTY())
    assert launch.launch_run(None) == 2
    assert launch.launch_picker() == 2
    err = capsys.readouterr().err
    assert err.count("coach: needs an interactive terminal (stdin/stdout is not a TTY)") == 2
    assert "Traceback" not in err
