"""`coach --help` fits, choices are listed, and `coach help TOPIC` is the README's own text."""

from __future__ import annotations

import re

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from coach.cli.root import app
from coach.cli.topics import TOPICS, topic_text

from ..conftest import REPO
from .helpers import coach

runner = CliRunner()

COMMANDS = [
    "run",
    "resume",
    "validate",
    "list",
    "preview",
    "schema",
    "sessions",
    "present",
    "rehearse",
    "follow",
    "serve",
    "export",
    "help",
]


@pytest.mark.parametrize("columns", ["80", "100"])
def test_every_command_summary_fits_on_its_line(columns: str) -> None:
    result = runner.invoke(app, ["--help"], env={"COLUMNS": columns})
    assert result.exit_code == 0
    listing = result.output.split("Commands:", 1)[1]
    rows = [line.split(None, 1) for line in listing.splitlines() if line.strip()]
    assert [row[0] for row in rows] == list(get_command(app).commands)  # type: ignore[attr-defined]
    assert set(COMMANDS) <= {row[0] for row in rows}
    for name, summary in rows:
        assert not summary.endswith("..."), (name, summary)
        assert summary.endswith(".") and len(summary) < 60, (name, summary)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_and_an_example(command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Usage: coach ")
    assert "Example: coach" in result.output


def test_fixed_choices_are_listed() -> None:
    result = runner.invoke(app, ["export", "--help"])
    assert "<markdown|md|json>" in result.output
    result = runner.invoke(app, ["--help"])
    assert "<auto|dark|light|mono>" in result.output


def test_a_choice_outside_the_list_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = coach(capsys, "export", "x", "--format", "pdf")
    assert status == 2 and out == ""
    assert "'pdf' is not one of 'markdown', 'md', 'json'" in err


def test_help_lists_its_topics(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _err = coach(capsys, "help")
    assert status == 0
    for topic in TOPICS:
        assert f"  {topic} " in out


@pytest.mark.parametrize("topic", sorted(TOPICS))
def test_a_topic_prints_its_page(topic: str, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _err = coach(capsys, "help", topic)
    assert status == 0
    assert out == topic_text(topic)


def test_an_unknown_topic_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = coach(capsys, "help", "nope")
    assert status == 1 and out == ""
    assert err == "coach: no help topic `nope`; topics: lessons, json\n"


README_SECTIONS = {"lessons": "## The lesson format", "json": "## JSON for scripts"}


@pytest.mark.parametrize("topic", sorted(TOPICS))
def test_the_readme_holds_each_topic_word_for_word(topic: str) -> None:
    """One source: the README section under the topic's heading is the page, minus its title.

    To change the reference, edit `coach/docs/TOPIC.md` and paste it into the README.
    """
    page = topic_text(topic)
    title, body = page.split("\n", 1)
    heading = README_SECTIONS[topic]
    assert title == "# " + heading.removeprefix("## ")
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert heading + "\n" in readme
    section = readme.split(heading + "\n", 1)[1]
    section = re.split(r"^## ", section, maxsplit=1, flags=re.M)[0]
    assert section.strip("\n") == body.strip("\n")


def test_the_pages_ship_with_the_package() -> None:
    for topic in TOPICS:
        assert (REPO / "coach" / "docs" / f"{topic}.md").is_file()
