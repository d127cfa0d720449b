"""Hostile strings in a lesson or a review reach no terminal and no document as markup.

Each output path of the CLI is fed text with Rich markup, ANSI and OSC escapes,
bidi overrides, zero-width characters, emoji and a very long line. No control
character may reach stdout or a file, and the markup must be printed as text.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from typer.testing import CliRunner

from coach.cli.root import app
from coach.engine import commands as c
from coach.engine.clock import FakeClock
from coach.lesson import load_lesson
from coach.live import LiveSession

HOSTILE = {
    "markup": "[bold red]loud[/] [link=https://evil.invalid]click[/link]",
    "csi": "\x1b[2J\x1b[31mred",
    "osc": "\x1b]0;pwned\x07\x1b]8;;https://evil.invalid\x1b\\link\x1b]8;;\x1b\\",
    "bidi": "abc\u202edcba\u2066x",
    "zero-width": "a\u200bb\ufeffc",
    "emoji": "🙂👍🏽👨‍👩‍👧",
    "long": "x" * 5000,
}
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b\u202a-\u202e\u2066-\u2069\ufeff]")

runner = CliRunner()


def _lesson(text: str) -> str:
    quoted = json.dumps(text, ensure_ascii=False)
    return (
        f"id: hostile\ntitle: {quoted}\nsummary: {quoted}\nminutes: 1\n"
        f"content_note: {quoted}\nsections:\n  - title: {quoted}\n    steps:\n"
        f"      - title: {quoted}\n        do: {quoted}\n        cue: {quoted}\n"
        f"      - kind: review\n        title: Review\n"
    )


@pytest.mark.parametrize("name", HOSTILE)
def test_cli_outputs_are_clean(name: str, tmp_path: Path, coach_home: Path) -> None:
    text = HOSTILE[name]
    own = coach_home / "data" / "lessons"
    own.mkdir(parents=True)
    path = own / "hostile.yaml"
    path.write_text(_lesson(text), encoding="utf-8")
    broken = own / "broken.yaml"
    broken.write_text(
        _lesson(text).replace("minutes: 1", f"{json.dumps(text, ensure_ascii=False)}: 1"),
        encoding="utf-8",
    )

    outputs = {}
    for args in (["list"], ["validate", str(path), str(broken)], ["preview", str(path)]):
        result = runner.invoke(app, args)
        outputs[args[0]] = result.output
    session = LiveSession.start(load_lesson(path), path, clock=FakeClock())
    session.do(c.Start())
    session.do(c.Note(text))
    session.do(c.Next())
    session.do(c.ReviewText(f"# {text}\n| {text} |\n```\n{text}"))
    session.do(c.Finish())
    session.close()
    outputs["sessions"] = runner.invoke(app, ["sessions"]).output
    markdown = runner.invoke(app, ["export", session.session_id]).output
    outputs["export"] = markdown
    outputs["export-json"] = runner.invoke(app, ["export", session.session_id, "-f", "json"]).output

    for where, out in outputs.items():
        assert not CONTROL.search(out), (where, CONTROL.search(out))
    if name == "markup":
        assert "[bold red]loud[/]" in outputs["list"]
    html = MarkdownIt("commonmark").render(markdown)
    assert "<a " not in html and "<h1>" not in html.split("Review", 1)[-1]
