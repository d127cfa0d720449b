"""Entry points for the CLI: `coach` (picker), `coach run [LESSON]`, `coach resume`.

They return an exit code instead of raising, and refuse politely when there is
no terminal to draw on (piped stdin/stdout), because a full-screen app on a
pipe would hang or spray escape codes. `make_session` lets the CLI hand in
the journaled session later without this module knowing about the journal.
On leaving, one line on stderr names the session and the next useful command
(`leaving_line`).

`--sound`, `--voice` and `--hands-free` become `AudioSettings` here, before the
app starts: the voice's lines for the whole lesson are rendered first, with a
progress bar on stderr, so each plays on its deadline (`audio_settings`).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from coach.crash import run_app
from coach.errors import CoachError
from coach.text import one_line

if TYPE_CHECKING:
    from coach.audio.speech import SpeechBank
    from coach.lesson.model import Lesson
    from coach.ui.app import CoachApp
    from coach.ui.audio_bridge import AudioSettings
    from coach.ui.session import MakeSession, Resumable, SessionLike

NOT_A_TTY = "coach: needs an interactive terminal (stdin/stdout is not a TTY)"

MakeSpeech = Callable[[], "SpeechBank"]


def _system_speech() -> SpeechBank:
    from coach.audio.speech import SpeechBank, find_engine

    return SpeechBank(find_engine())


def audio_settings(
    lesson: Lesson,
    *,
    sound: bool = False,
    voice: bool = False,
    hands_free: bool = False,
    make_speech: MakeSpeech | None = None,
) -> AudioSettings | None:
    """What the app plays; with `voice`, every line of `lesson` is rendered now (progress bar).

    Raises `CoachError` with one line: no speech engine, the `[audio]` extra
    missing for `--voice`, a line the engine could not speak.
    """
    if not (sound or voice or hands_free):
        return None
    from coach.ui.audio_bridge import AudioSettings, spoken_lines

    speech = None
    if voice:
        from coach.errors import MissingExtra

        try:
            import miniaudio  # noqa: F401  (the voice is played through it)
        except ImportError:
            raise MissingExtra("--voice", "audio") from None
        speech = (make_speech or _system_speech)()
        _render_with_progress(speech, spoken_lines(lesson))
    return AudioSettings(sound=sound or voice, speech=speech, hands_free=hands_free)


def _render_with_progress(speech: SpeechBank, texts: list[str]) -> None:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    console = Console(stderr=True)
    columns = (TextColumn("preparing the voice"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task("voice", total=None)

        def progress(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        speech.prepare(texts, progress)


def _is_tty() -> bool:
    try:
        return sys.stdin.isatty() and sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def launch_picker(*, sound: bool = False, make_session: MakeSession | None = None) -> int:
    """Open the lesson picker; the exit code."""
    if not _is_tty():
        print(NOT_A_TTY, file=sys.stderr)
        return 2
    from coach.ui.app import CoachApp

    app = CoachApp(sound=sound, make_session=make_session, resumable=find_resumable())
    try:
        code = run_app(app, where="coach")
    finally:
        _close(app.session)
    _say_goodbye(app)
    return code


def find_resumable() -> Resumable | None:
    """The newest interrupted session, for the picker to offer (None if none or unreadable)."""
    from coach.journal.reader import read_journal
    from coach.journal.sessions import latest_interrupted
    from coach.live import LiveSession, lesson_for
    from coach.ui.session import Resumable

    try:
        found = latest_interrupted()
    except CoachError:
        return None
    if found is None:
        return None

    def open_it() -> SessionLike:
        header = read_journal(found.path).header
        lesson, _path = lesson_for(header)
        return LiveSession.resume(lesson, found.path)

    return Resumable(found.id, found.lesson_title or found.lesson_id, open_it)


def leaving_line(app: CoachApp) -> str | None:
    """One line for the terminal after the app: what happened, and the next useful command."""
    status, session_id = app.session_status, app.session_id
    if status == "declined":
        return "coach: you left before starting; nothing was saved."
    if session_id is None:
        return None
    shown = one_line(session_id)
    if status == "ended":
        return f"coach: session {shown} ended. Export it: coach export {shown}"
    return f"coach: session {shown} is kept. Continue it: coach resume {shown}"


def _say_goodbye(app: CoachApp) -> None:
    line = leaving_line(app)
    if line is not None:
        print(line, file=sys.stderr)


def launch_run(
    name_or_path: str | None,
    *,
    sound: bool = False,
    make_session: MakeSession | None = None,
    voice: bool = False,
    hands_free: bool = False,
    make_speech: MakeSpeech | None = None,
) -> int:
    """Run one lesson (None: the default `tour`); the exit code."""
    if not _is_tty():
        print(NOT_A_TTY, file=sys.stderr)
        return 2
    from coach.lesson.catalog import DEFAULT_LESSON_ID, resolve

    try:
        lesson, path = resolve(name_or_path or DEFAULT_LESSON_ID)
        audio = audio_settings(
            lesson, sound=sound, voice=voice, hands_free=hands_free, make_speech=make_speech
        )
    except CoachError as exc:
        print(f"coach: {exc}", file=sys.stderr)
        return 1
    from coach.ui.app import CoachApp

    # The app makes the session itself, once the content note (if any) is agreed.
    app = CoachApp(lesson=lesson, lesson_path=path, make_session=make_session, audio=audio)
    try:
        code = run_app(app, where="coach run")
    finally:
        _close(app.session)
    if app.open_error is not None:
        raise app.open_error
    _say_goodbye(app)
    return code


def launch_session(
    open_session: Callable[[], SessionLike],
    *,
    sound: bool = False,
    voice: bool = False,
    hands_free: bool = False,
    make_speech: MakeSpeech | None = None,
) -> int:
    """Run an existing session (`coach resume`); it is opened only once a TTY is known."""
    if not _is_tty():
        print(NOT_A_TTY, file=sys.stderr)
        return 2
    try:
        session = open_session()
    except CoachError as exc:
        print(f"coach: {exc}", file=sys.stderr)
        return 1
    try:
        audio = audio_settings(
            session.lesson, sound=sound, voice=voice, hands_free=hands_free, make_speech=make_speech
        )
    except CoachError as exc:
        _close(session)
        print(f"coach: {exc}", file=sys.stderr)
        return 1
    from coach.ui.app import CoachApp

    app = CoachApp(session, audio=audio)
    try:
        code = run_app(app, where="coach resume")
    finally:
        _close(app.session)
    _say_goodbye(app)
    return code


def _close(session: object) -> None:
    """Close a journaled session's writer (engine sessions have nothing to close)."""
    close = getattr(session, "close", None)
    if callable(close):
        close()
