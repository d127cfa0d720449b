"""`coach audio`: a whole lesson as one audio file, to rehearse with no screen at all.

Why this module exists: rendering is `coach.audio.command.render_guide` (core,
no Textual); this module turns its stages into a progress bar on stderr and its
errors into one line. The file is written where the person asked, nowhere else.
"""

from pathlib import Path
from typing import Annotated

import typer

from coach.cli.options import LessonArgument
from coach.cli.output import err


def audio(
    lesson: LessonArgument,
    output: Annotated[
        Path,
        typer.Option("--output", "-o", help="The audio file: .ogg, .mp3 or .wav (by its suffix)."),
    ],
    voice: Annotated[
        bool, typer.Option("--voice/--no-voice", help="Speak the steps (the system's voice).")
    ] = True,
    speech_voice: Annotated[
        str | None,
        typer.Option("--speech-voice", help="A voice of the speech engine (e.g. en-gb)."),
    ] = None,
) -> None:
    """Render a lesson as an audio guide file.

    The voice, the breath cues and the count-ins in the lesson's planned time,
    open steps at their suggested length: rehearse on a phone with no screen.

    Example: coach audio guided -o guided.ogg
    """
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    from coach.audio.command import render_guide
    from coach.cli.output import err_console
    from coach.files import output_path
    from coach.lesson.catalog import resolve

    target = output_path(output)  # a new file or a regular one; never a device or a link
    found = resolve(lesson)[0]
    stages = {"speech": "speaking the lines", "mixing": "mixing", "writing": "writing"}
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TimeRemainingColumn(),
        console=err_console(),
        transient=True,
    ) as bar:
        tasks: dict[str, int] = {}

        def progress(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stages.get(stage, stage), total=max(total, 1))
            bar.update(tasks[stage], completed=done, total=max(total, 1))

        written = render_guide(
            found, target, voice=voice, speech_voice=speech_voice, progress=progress
        )
    err(f"wrote {written}")
