"""`coach help TOPIC`: reference pages that ship with coach, one Markdown file each.

Why this exists: the lesson format and the JSON keys are documented in the README
too, and two copies drift. The pages live in `coach/docs/` (installed with the
package, so they work offline and after `pip install`); the README holds the same
text, and a test fails when the two differ.
"""

from importlib import resources
from typing import Annotated

import typer

from coach.cli.output import out
from coach.errors import CoachError

TOPICS = {
    "lessons": "the lesson format: every key, with a complete example",
    "json": "the keys of `coach list --json` and `coach sessions --json`",
}


def topic_text(topic: str) -> str:
    """The Markdown page of `topic` (a key of `TOPICS`)."""
    return resources.files("coach").joinpath("docs", f"{topic}.md").read_text(encoding="utf-8")


def _complete_topic(incomplete: str) -> list[tuple[str, str]]:
    return [(name, about) for name, about in TOPICS.items() if name.startswith(incomplete)]


def show_help(
    topic: Annotated[
        str | None,
        typer.Argument(help="A topic (leave out to list them).", autocompletion=_complete_topic),
    ] = None,
) -> None:
    """Reference pages: the lesson format, the JSON keys.

    Example: coach help lessons
    """
    if topic is None:
        out("Topics (coach help TOPIC):")
        for name, about in TOPICS.items():
            out(f"  {name:<8} {about}")
        out("Every command also has --help.")
        return
    if topic not in TOPICS:
        raise CoachError(f"no help topic `{topic}`; topics: {', '.join(TOPICS)}")
    out(topic_text(topic).rstrip("\n"))
