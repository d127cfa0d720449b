"""`coach preview`: the lesson as a handout; hostile text stays literal."""

from __future__ import annotations

import pytest
from markdown_it import MarkdownIt
from typer.testing import CliRunner

from coach.cli import app
from coach.lesson import load_lesson_text
from coach.lesson.handout import format_seconds, to_markdown

LESSON = """\
id: h
title: "Handout # test"
summary: "A summary with <b>html</b> and | pipes."
minutes: 5
content_note: Adults only.
pace: {inhale: 4, exhale: 6}
sections:
  - title: One
    steps:
      - id: first
        title: "[bold]First[/bold]"
        do: "# not a heading\\n- not a list"
        safety: "Stop at once if it hurts."
        note: secret instructor note
      - kind: hold
        title: Hold
        depth: first_knuckle
        positions: [12, {at: 6, note: "Further | here"}]
        breaths: 2
        between: {action: withdraw, seconds: 5}
        reminders: [{when: between_positions, text: Withdraw first.}]
      - kind: checkin
        title: Gate
        question: Comfortable?
        yes: continue
        no: {goto: first, say: Stay with one.}
"""


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "0 s"),
        (45, "45 s"),
        (59.6, "1 min"),
        (119.97, "2 min"),
        (125, "2 min 05 s"),
        (3725, "1 h 02 min"),
    ],
)
def test_format_seconds_rounds_before_splitting(seconds: float, text: str) -> None:
    assert format_seconds(seconds) == text


def test_handout_structure_and_literal_text() -> None:
    text = to_markdown(load_lesson_text(LESSON))
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    headings = [
        "".join(child.content for child in tokens[i + 1].children or [])
        for i, t in enumerate(tokens)
        if t.type == "heading_open"
    ]
    assert headings == ["Handout # test", "One", "1. [bold]First[/bold]", "2. Hold", "3. Gate"]
    assert not any(t.type in ("html_block", "html_inline") for t in tokens)
    html = MarkdownIt("commonmark").enable("table").render(text)
    assert "&lt;b&gt;html&lt;/b&gt;" in html
    assert "# not a heading" in html
    assert "Further | here" in html  # a pipe inside a table cell stays in its cell
    assert "secret instructor note" not in text
    # hold: 2 positions x 2 breaths x 10 s + one 5 s withdraw = 45 s
    assert "*breath-paced hold · about 45 s*" in text
    assert "- no → go to “\\[bold\\]First\\[/bold\\]” (“Stay with one.”)" in text


def test_safety_lines_are_printed_without_notes() -> None:
    text = to_markdown(load_lesson_text(LESSON))
    assert "> **Safety:** Stop at once if it hurts." in text


def test_the_guided_handout_carries_every_safety_line() -> None:
    from coach import md
    from coach.lesson import load_lesson
    from tests.conftest import LESSONS

    lesson = load_lesson(LESSONS / "guided.yaml")
    text = to_markdown(lesson)
    lines = [f.step.safety for f in lesson.flat_steps() if f.step.safety]
    assert lines, "the guided lesson has safety lines"
    for line in lines:
        assert f"> **Safety:** {md.inline(line)}" in text


def test_notes_only_on_request() -> None:
    assert "secret instructor note" in to_markdown(load_lesson_text(LESSON), notes=True)


def test_preview_command_writes_private_file(tmp_path) -> None:
    path = tmp_path / "l.yaml"
    path.write_text(LESSON)
    out = tmp_path / "handout.md"
    result = CliRunner().invoke(app, ["preview", str(path), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text().startswith("# Handout # test")
    assert out.stat().st_mode & 0o777 == 0o600
