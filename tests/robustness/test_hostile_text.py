"""Hostile strings in a lesson or a review reach no terminal and no document as markup.

Each output path of the CLI is fed text with Rich markup, ANSI and OSC escapes,
bidi overrides, zero-width characters, emoji and a very long line. No control
character may reach stdout or a file, and the markup must be printed as text.
"""

from __future__ import annotations

import json
import random
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


# --- names from journals, file names, paths and the command line (a seeded family) ------

TITLE_GRAB = "\x1b]2;pwned\x07"
PIECES = [
    TITLE_GRAB,
    "\x1b]0;t\x1b\\",
    "\x1b[2J",
    "\x1b[31m",
    "\x9b31m",
    "\x07",
    "\x08",
    "\r",
    "\u202e",
    "\u2066",
    "\u200b",
    "[/]",
    "[x]",
    "[bold]",
    "[link=https://evil.invalid]",
    "\\[/]",
    "🙂",
    "ab",
    "-",
    " ",
]


def hostile_names(count: int = 24, seed: int = 16) -> list[str]:
    """`count` seeded names, each mixing terminal control with markup and ordinary text."""
    rng = random.Random(seed)
    names = []
    for index in range(count):
        parts = [PIECES[index % 2], *rng.sample(PIECES, rng.randint(2, 6)), "x"]
        rng.shuffle(parts)
        names.append("".join(parts))
    return names


MARKUP = re.compile(r"\[/?[a-z]*\]")


def _plain(text: str) -> str:
    """What a name looks like once every control character is escaped (for finding it)."""
    from coach.text import one_line

    return one_line(text)


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    from coach import entry

    capsys.readouterr()
    status = entry.run(list(args))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def _journal_with(session_id: str | None, title: str) -> None:
    """A real journal whose header then says `title` (and `session_id`, when given)."""
    session = LiveSession.start(
        load_lesson(REPO_LESSONS / "tour.yaml"), REPO_LESSONS / "tour.yaml", clock=FakeClock()
    )
    session.do(c.Start())
    session.do(c.Stop())
    session.do(c.StopChoice("end"))
    session.close()
    path = session.writer.path
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    header = json.loads(lines[0])
    if session_id is not None:
        header["session"] = session_id
    header["lesson_title"] = title
    lines[0] = json.dumps(header, ensure_ascii=False) + "\n"
    path.write_text("".join(lines), encoding="utf-8")


from ..conftest import LESSONS as REPO_LESSONS  # noqa: E402


@pytest.mark.parametrize("name", hostile_names())
def test_a_journal_header_never_reaches_the_terminal_raw(
    name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """`coach sessions` with a lesson title, and a session id, that try to retitle the terminal.

    The title is data and shown as it is (markup as text); an id that is not a plain
    name makes its journal unreadable (the journal's rule), still without a raw byte.
    """
    _journal_with(None, name)
    _journal_with(name, "Plain title")
    status, out, err = _run(capsys, "sessions")
    assert status == 0, err
    assert not CONTROL.search(out + err), (out, err)
    for markup in MARKUP.findall(name):
        assert markup in out, (markup, out)  # shown, not applied
    status, out, err = _run(capsys, "sessions", "--json")
    assert status == 0 and not CONTROL.search(out)
    titles = {record["lesson_title"] for record in json.loads(out)}
    assert name in titles  # the data itself round-trips


@pytest.mark.parametrize("name", hostile_names(seed=19))
def test_validate_shows_file_names_visibly(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    safe = name.replace("/", "_")
    good = tmp_path / f"{safe}.yaml"
    good.write_text(_lesson("fine"), encoding="utf-8")
    bad = tmp_path / f"{safe}-bad.yaml"
    bad.write_text("id: [\n", encoding="utf-8")
    status, out, err = _run(capsys, "validate", str(tmp_path))
    assert status == 1
    assert not CONTROL.search(out + err), (out, err)
    assert out.count("\n") == 2, out  # one line per file, even with a newline in its name
    assert _plain(str(good)) in out


@pytest.mark.parametrize("name", hostile_names(seed=20))
def test_names_typed_on_the_command_line_are_echoed_visibly(
    name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    for args in (["preview", name], ["export", name], ["resume", name], ["help", name]):
        status, out, err = _run(capsys, *args)
        assert status == 1, (args, err)
        assert out == "" and err.count("\n") == 1, (args, err)
        assert not CONTROL.search(err) and "Traceback" not in err, (args, err)


@pytest.mark.parametrize("folder", ["h[x]y", "a[/]b", "[bold]c[/bold]", "d\x1b]2;t\x07e"])
def test_a_data_folder_with_markup_in_its_path_is_printed_literally(
    folder: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    home = tmp_path / folder
    home.mkdir(parents=True)
    monkeypatch.setenv("COACH_HOME", str(home))
    for args in (["list"], ["sessions"]):
        status, out, err = _run(capsys, *args)
        assert status == 0, err
        assert _plain(str(home)) in out, out
        assert not CONTROL.search(out)
