"""The commands that open a screen: the picker, run, resume, present, rehearse, follow, serve.

Why this module exists: these are the commands that import Textual (about 200 ms),
each inside its own body, so that the other commands stay quick. The CLI hands the
screens a session factory that journals every session and remembers the ones it
made; once the screen closes, the person is told the session's id and the command
that comes next (`coach resume ID` or `coach export ID`).
"""

from typing import TYPE_CHECKING, Annotated

import typer

from coach.cli.options import (
    GuideSoundOption,
    HandsFreeOption,
    LessonArgument,
    OptionalLessonArgument,
    SoundOption,
    VoiceOption,
    complete_lesson,
    complete_session,
)
from coach.cli.output import out
from coach.errors import CoachError

if TYPE_CHECKING:
    from pathlib import Path

    from coach.lesson.model import Lesson
    from coach.live import LiveSession


FromOption = Annotated[
    str | None,
    typer.Option(
        "--from",
        help="Start at this step: a step id, a section id, or a step number.",
        metavar="STEP",
    ),
]


class JournaledSessions:
    """Makes the journaled sessions a screen runs (the screen says goodbye with their ids)."""

    def __init__(self, start_at: str | None = None) -> None:
        self.start_at = start_at  # a step id (`--from`): the session begins there

    def start(self, lesson: "Lesson", path: "Path | None") -> "LiveSession":
        from coach.live import LiveSession

        session = LiveSession.start(lesson, path)
        if self.start_at is not None:
            from coach.ui.jump import start_at

            start_at(session, self.start_at)
        return session

    def resume(self, lesson: "Lesson", path: "Path") -> "LiveSession":
        from coach.live import LiveSession

        return LiveSession.resume(lesson, path)


def open_picker() -> int:
    """`coach` alone: the lesson picker."""
    from coach.ui.launch import launch_picker

    made = JournaledSessions()
    return launch_picker(make_session=made.start)


def run(
    lesson: OptionalLessonArgument = None,
    sound: GuideSoundOption = False,
    voice: VoiceOption = False,
    hands_free: HandsFreeOption = False,
    watch: Annotated[
        bool,
        typer.Option("--watch", help="Reload the lesson when its file changes (for authors)."),
    ] = False,
    from_step: FromOption = None,
) -> None:
    """Run a lesson in the terminal (default: tour).

    Example: coach run guided --voice --hands-free
    """
    if watch:
        if voice or hands_free:
            raise CoachError(
                "--watch is for authors: it takes --sound, not --voice or --hands-free"
            )
        from coach.ui.watch import launch_watch

        raise typer.Exit(launch_watch(lesson, sound=sound))
    from coach.ui.launch import launch_run

    start_at = None
    if from_step is not None:
        from coach.lesson.catalog import DEFAULT_LESSON_ID, resolve
        from coach.ui.jump import resolve_start

        start_at = resolve_start(resolve(lesson or DEFAULT_LESSON_ID)[0], from_step)
    made = JournaledSessions(start_at)
    code = launch_run(
        lesson, sound=sound, voice=voice, hands_free=hands_free, make_session=made.start
    )
    raise typer.Exit(code)


def resume(
    session: Annotated[
        str | None,
        typer.Argument(
            help="A session id or its start (default: the latest interrupted one).",
            metavar="SESSION",
            autocompletion=complete_session,
        ),
    ] = None,
    sound: GuideSoundOption = False,
    voice: VoiceOption = False,
    hands_free: HandsFreeOption = False,
) -> None:
    """Continue an interrupted session where it stopped.

    A hold restarts the position it was in.

    Example: coach resume
    """
    from coach.journal.reader import read_journal
    from coach.journal.sessions import find_session, latest_interrupted
    from coach.live import lesson_for

    if session is None:
        found = latest_interrupted()
        if found is None:
            raise CoachError("no interrupted session to resume; `coach sessions` lists them all")
    else:
        found = find_session(session)
    header = read_journal(found.path).header
    if header.mode == "rehearse":
        raise CoachError(f"{found.id} is a recall drill; start a new one with `coach rehearse`")
    lesson, _path = lesson_for(header)
    made = JournaledSessions()
    if header.mode == "present":  # the presenter's console again, not a plain run
        from coach.ui.present import launch_present

        code = launch_present(
            lesson.id, sound=sound, open_session=lambda: made.resume(lesson, found.path)
        )
        raise typer.Exit(code)
    from coach.ui.launch import launch_session

    code = launch_session(
        lambda: made.resume(lesson, found.path),
        sound=sound,
        voice=voice,
        hands_free=hands_free,
    )
    raise typer.Exit(code)


def present(
    lesson: LessonArgument, sound: SoundOption = False, from_step: FromOption = None
) -> None:
    """Present a lesson to a class (console and projector).

    This terminal shows your notes, the next step and time against the plan;
    `coach follow --projector` in another terminal shows the class the step in
    large type, never the notes. `b` or `.` blanks the projector, `g` goes to any
    step, timers start on `t`; clickers' PageDown / PageUp go on and back.

    Example: coach present guided --from clock
    """
    from coach.ui.present import launch_present

    raise typer.Exit(launch_present(lesson, sound=sound, from_step=from_step))


def rehearse(
    lesson: Annotated[
        str | None,
        typer.Argument(
            help="A lesson id or path. Default: what is due in every lesson.",
            metavar="LESSON",
            autocompletion=complete_lesson,
        ),
    ] = None,
    cram: Annotated[bool, typer.Option("--cram", help="Drill every card, due or not.")] = False,
    section: Annotated[
        str | None, typer.Option("--section", help="Only this section's steps (its id).")
    ] = None,
) -> None:
    """Drill steps from memory, as they fall due.

    Recall each step before it is revealed and grade yourself; a spaced-repetition
    schedule says what is due (due cards first, then new ones).

    Example: coach rehearse guided
    """
    from coach.ui.rehearse import launch_rehearse

    raise typer.Exit(launch_rehearse(lesson, cram=cram, section=section))


def follow(
    session: Annotated[
        str | None,
        typer.Argument(
            help="A session id (or its start). Default: the newest live session.",
            metavar="SESSION",
            autocompletion=complete_session,
        ),
    ] = None,
    lesson: Annotated[
        str | None,
        typer.Option(
            "--lesson",
            help="Follow the newest live session of this lesson id (and the next ones).",
            autocompletion=complete_lesson,
        ),
    ] = None,
    projector: Annotated[
        bool,
        typer.Option("--projector", help="Large type for a projector; blanks on the console's b."),
    ] = False,
) -> None:
    """Mirror a live session, read-only (or for a projector).

    For a class watching in a second terminal: `coach follow --projector` is the
    projector view of `coach present`. When the instructor's coach stops it says so.

    Example: coach follow --projector
    """
    from coach.ui.follow import launch_follow

    raise typer.Exit(launch_follow(session, lesson_id=lesson, projector=projector))


def serve(
    port: Annotated[
        int, typer.Option("--port", help="Port to listen on (0: any free one).")
    ] = 8000,
    lan: Annotated[
        bool,
        typer.Option("--lan", help="Open it to the local network (with a QR code for phones)."),
    ] = False,
    max_viewers: Annotated[
        int, typer.Option("--max-viewers", help="How many browsers may watch at once.")
    ] = 60,
    session: Annotated[
        str | None,
        typer.Option(
            "--session",
            help="Show this session id (default: the newest live one).",
            autocompletion=complete_session,
        ),
    ] = None,
    lesson: Annotated[
        str | None,
        typer.Option(
            "--lesson",
            help="Only sessions of this lesson id.",
            autocompletion=complete_lesson,
        ),
    ] = None,
) -> None:
    """Serve the class view to browsers (127.0.0.1).

    Prints a private link; everyone with it can watch the live session, read-only.
    Needs the `serve` extra (see the README). Ctrl+C stops it.

    Example: coach serve --port 8000
    """
    from coach.web.command import serve as serve_class_view

    raise typer.Exit(
        serve_class_view(
            port=port,
            lan=lan,
            max_viewers=max_viewers,
            session=session,
            lesson=lesson,
            echo=out,
        )
    )
