"""`coach stats`: the person's practice over time (sessions and drill reviews).

Why this module exists: the figures come from `coach.stats` (one fold over the
journals and the drill memory); this module only prints them, through the CLI's
visible-text console, or as JSON for scripts. It never opens a screen.
"""

from typing import Annotated

import typer

from coach.cli.options import JsonOption
from coach.cli.output import console, err
from coach.errors import CoachError


def stats(
    as_json: JsonOption = False,
    lesson: Annotated[
        str | None, typer.Option("--lesson", help="Only this lesson (its id).")
    ] = None,
    days: Annotated[int, typer.Option("--days", min=7, max=366, help="Days to chart.")] = 30,
) -> None:
    """Your practice: sessions and reviews per day.

    Sessions and drill reviews per day, the streak, the weakest steps and retention.

    Example: coach stats --json
    """
    from coach.stats.load import load_stats
    from coach.text import json_text

    found, notes = load_stats()
    for note in notes:
        err(f"note: {note}")
    if lesson is not None and all(p.lesson_id != lesson for p in found.lessons):
        raise CoachError(f"no practice recorded for lesson `{lesson}`")
    if as_json:
        data = found.to_dict()
        if lesson is not None:
            data["lessons"] = [p for p in data["lessons"] if p["lesson_id"] == lesson]
        typer.echo(json_text(data), nl=False)
        return
    from coach.stats.render import stats_renderable

    printer = console()
    width = min(printer.width, 100)
    printer.print(stats_renderable(found, lesson_id=lesson, width=width, days=days))
