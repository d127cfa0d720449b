"""The `coach` commands, declared with Typer.

`coach.cli.main` imports this module for every command line except the plain
`coach` and `coach run [LESSON] [--sound]`, which it starts without Typer
(see `coach.cli`). Textual costs about 200 ms to import, so only the commands
that open a screen import `coach.ui`, and only inside their function bodies:
`coach --help`, `validate`, `list`, `schema`, `sessions` and `export` stay
fast (a subprocess test holds us to that). Every expected failure is a
`CoachError` whose message is printed as one clear line; no input produces a
traceback.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from coach import __version__
from coach.cli import _err, _journaled, _out
from coach.errors import CoachError, LessonError

if TYPE_CHECKING:  # types only: these modules load lazily where they are used
    from coach.journal.store import Header
    from coach.lesson.model import Lesson

app = typer.Typer(
    name="coach",
    help="A calm terminal coach that walks you through a hands-on lesson, step by step.",
    no_args_is_help=False,
    add_completion=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


# Options several commands share, declared once.
SoundOption = Annotated[
    bool, typer.Option("--sound", help="Ring the terminal bell at each breath phase.")
]
OutputOption = Annotated[
    Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")
]


def _version(value: bool) -> None:
    if value:
        _out(f"coach {__version__}")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def root(
    ctx: typer.Context,
    version: Annotated[
        bool,
        typer.Option("--version", "-V", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """With no command, open the lesson picker."""
    if ctx.invoked_subcommand is None:
        from coach.ui.launch import launch_picker

        raise typer.Exit(launch_picker(make_session=_journaled))


# --- running a lesson ----------------------------------------------------------------


@app.command()
def run(
    lesson: Annotated[
        str | None, typer.Argument(help="A lesson id (see `coach list`) or a path. Default: tour.")
    ] = None,
    sound: SoundOption = False,
    watch: Annotated[
        bool,
        typer.Option("--watch", help="Reload the lesson when its file changes (for authors)."),
    ] = False,
) -> None:
    """Run a lesson in the terminal.

    Example: coach run guided --sound
    """
    if watch:
        from coach.ui.watch import launch_watch

        raise typer.Exit(launch_watch(lesson, sound=sound))
    from coach.ui.launch import launch_run

    raise typer.Exit(launch_run(lesson, sound=sound, make_session=_journaled))


@app.command()
def resume(
    session: Annotated[
        str | None,
        typer.Argument(help="A session id or its start (default: the latest interrupted one)."),
    ] = None,
    sound: SoundOption = False,
) -> None:
    """Continue an interrupted session where it stopped (a hold restarts its position).

    Example: coach resume
    """
    from coach.journal.store import find_session, latest_interrupted, read_journal
    from coach.live import LiveSession, lesson_for

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
    from coach.ui.launch import launch_session

    raise typer.Exit(launch_session(lambda: LiveSession.resume(lesson, found.path), sound=sound))


# --- lessons -----------------------------------------------------------------------


def _expand(paths: list[Path]) -> list[Path]:
    from coach.lesson.catalog import lesson_files

    files: list[Path] = []
    for path in paths:
        files.extend(lesson_files(path) if path.is_dir() else [path])
    return files


@app.command()
def validate(
    paths: Annotated[
        list[Path], typer.Argument(help="Lesson files or folders of lessons.", metavar="PATH...")
    ],
) -> None:
    """Check lesson files; print every problem as path:line:col: message.

    Example: coach validate lessons/ my-lesson.yaml
    """
    from coach.lesson.loader import display_path, load_lesson
    from coach.text import one_line

    failed = False
    files = _expand(paths)
    if not files:
        _err("coach validate: no lesson files (*.yaml) found in " + ", ".join(map(str, paths)))
        raise typer.Exit(1)
    for path in files:
        try:
            lesson = load_lesson(path)
        except LessonError as exc:
            failed = True
            for problem in exc.problems:
                _out(one_line(str(problem)))
            continue
        steps = len(lesson.flat_steps())
        _out(f"ok {display_path(path)}: {lesson.id} ({steps} steps, about {lesson.minutes} min)")
    raise typer.Exit(1 if failed else 0)


@app.command("list")
def list_lessons() -> None:
    """List the bundled lessons and your own (from your lessons folder).

    Example: coach list
    """
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from coach import paths
    from coach.lesson.catalog import catalog, shown
    from coach.text import one_line

    table = Table(box=None, pad_edge=False, header_style="bold")
    for column in ("id", "title", "min", "source"):
        table.add_column(column, justify="right" if column == "min" else "left")
    broken: list[str] = []
    for entry in catalog():
        if entry.lesson is None:
            broken.append(
                f"{shown(entry.path)}: {len(entry.error.problems) if entry.error else '?'} "
                "problem(s); run `coach validate` on it"
            )
            continue
        lesson = entry.lesson
        table.add_row(
            Text(lesson.id),
            Text(one_line(lesson.title)),
            Text(str(lesson.minutes)),
            Text(entry.source),
        )
    console = Console(highlight=False, soft_wrap=False)
    console.print(table)
    console.print(Text(f"\nYour own lessons go in {paths.user_lessons_dir()}", style="dim"))
    for line in broken:
        console.print(Text("not loaded: " + one_line(line), style="yellow"))


@app.command()
def preview(
    lesson: Annotated[str, typer.Argument(help="A lesson id or path.")],
    output: OutputOption = None,
    notes: Annotated[bool, typer.Option("--notes", help="Include instructor notes.")] = False,
) -> None:
    """The whole lesson as a Markdown handout, with its estimated time.

    Example: coach preview guided -o handout.md
    """
    from coach.lesson.catalog import resolve
    from coach.lesson.handout import to_markdown

    text = to_markdown(resolve(lesson)[0], notes=notes)
    if output is None:
        _out(text.rstrip("\n"))
        return
    from coach.report.files import write_private

    write_private(output, text)
    _err(f"wrote {output}")


@app.command()
def schema(
    output: OutputOption = None,
) -> None:
    """Print the JSON Schema of the lesson format (for editor validation).

    Example: coach schema -o lesson.schema.json
    """
    from coach.lesson.schema import schema_text

    text = schema_text()
    if output is None:
        _out(text.rstrip("\n"))
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise CoachError(f"cannot write {output}: {exc.strerror or exc}") from None
    _err(f"wrote {output}")


# --- sessions ----------------------------------------------------------------------


@app.command()
def sessions() -> None:
    """List your sessions, newest first: id, lesson, started, active minutes, status.

    Example: coach sessions
    """
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from coach import paths
    from coach.journal.store import list_sessions
    from coach.text import one_line

    found = list_sessions()
    console = Console(highlight=False, soft_wrap=False)
    if not found:
        console.print(Text(f"No sessions yet (they are kept in {paths.sessions_dir()})."))
        return
    table = Table(box=None, pad_edge=False, header_style="bold")
    for column in ("id", "lesson", "started", "active", "status"):
        table.add_column(column, justify="right" if column == "active" else "left")
    styles = {"finished": "green", "stopped": "yellow", "interrupted": "cyan", "unreadable": "red"}
    for item in found:
        started = item.started.strftime("%Y-%m-%d %H:%M") if item.started else "?"
        status = Text(item.status, style=styles.get(item.status, ""))
        if item.reason:
            status.append(f" ({one_line(item.reason)})", style="dim")
        table.add_row(
            Text(item.id),
            Text(one_line(item.lesson_title or item.lesson_id or "?")),
            Text(started),
            Text(f"{item.active_minutes:.0f} min"),
            status,
        )
    console.print(table)


# --- class and rehearsal (issue 7) ------------------------------------------------------


@app.command()
def present(
    lesson: Annotated[str, typer.Argument(help="A lesson id (see `coach list`) or a path.")],
    sound: SoundOption = False,
) -> None:
    """Present a lesson to a class: large title and timer, notes on n, timers start on t.

    Example: coach present guided   (and in another window: coach follow)
    """
    from coach.ui.present import launch_present

    raise typer.Exit(launch_present(lesson, sound=sound))


@app.command()
def rehearse(
    lesson: Annotated[
        str | None,
        typer.Argument(help="A lesson id or path. Default: what is due in every lesson."),
    ] = None,
    cram: Annotated[bool, typer.Option("--cram", help="Drill every card, due or not.")] = False,
    section: Annotated[
        str | None, typer.Option("--section", help="Only this section's steps (its id).")
    ] = None,
) -> None:
    """Drill steps from memory; a spaced-repetition schedule says what is due.

    Example: coach rehearse guided   (due cards first, then new ones)
    """
    from coach.ui.rehearse import launch_rehearse

    raise typer.Exit(launch_rehearse(lesson, cram=cram, section=section))


@app.command()
def stats(
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
    lesson: Annotated[
        str | None, typer.Option("--lesson", help="Only this lesson (its id).")
    ] = None,
    days: Annotated[int, typer.Option("--days", min=7, max=366, help="Days to chart.")] = 30,
) -> None:
    """Your practice: sessions and drill reviews per day, streak, weakest steps, retention.

    Example: coach stats --json
    """
    from coach.stats.load import load_stats
    from coach.text import json_text, one_line

    found, notes = load_stats()
    for note in notes:
        _err(f"note: {one_line(note)}")
    if lesson is not None and all(p.lesson_id != lesson for p in found.lessons):
        raise CoachError(f"no practice recorded for lesson `{one_line(lesson)}`")
    if json_out:
        data = found.to_dict()
        if lesson is not None:
            data["lessons"] = [p for p in data["lessons"] if p["lesson_id"] == lesson]
        _out(json_text(data).rstrip("\n"))
        return
    from rich.console import Console

    from coach.stats.render import stats_renderable

    console = Console(highlight=False, soft_wrap=False)
    width = min(console.width, 100)
    console.print(stats_renderable(found, lesson_id=lesson, width=width, days=days))


@app.command()
def follow(
    session: Annotated[
        str | None,
        typer.Argument(help="A session id (or its start). Default: the newest live session."),
    ] = None,
) -> None:
    """Mirror a live session, read-only (a class watching the instructor's screen).

    Example: coach follow
    """
    from coach.ui.follow import launch_follow

    raise typer.Exit(launch_follow(session))


@app.command()
def serve(
    port: Annotated[int, typer.Option("--port", help="Port on 127.0.0.1.")] = 8000,
    session: Annotated[
        str | None, typer.Option("--session", help="Follow this session id (default: newest live).")
    ] = None,
) -> None:
    """Serve the follow view in a browser on 127.0.0.1 (needs coach[serve]).

    Example: coach serve --port 8000
    """
    from coach.serve import serve as serve_follow

    raise typer.Exit(serve_follow(port, session, say=_out))


@app.command()
def export(
    session: Annotated[
        str, typer.Argument(help="A session id, or the start of one (see `coach sessions`).")
    ],
    output: OutputOption = None,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="markdown (default) or json.")
    ] = "markdown",
) -> None:
    """Export a session as Markdown (or JSON for tools).

    Example: coach export 20261125-1423 -o session.md
    """
    from coach.journal.store import find_session, read_journal
    from coach.report.files import export_journal, write_private

    if fmt not in ("markdown", "md", "json"):
        raise CoachError(f"unknown format `{fmt}`; use markdown or json")
    journal = read_journal(find_session(session).path)
    for warning in journal.warnings:
        _err(f"warning: {warning}")
    if journal.header.mode == "rehearse":
        from coach.drill.export import drill_markdown

        if fmt == "json":
            from coach.text import json_text

            report = {"export": 1, "session": journal.header.to_dict(), "events": journal.events}
            text = json_text(report)
        else:
            text = drill_markdown(journal.header, journal.events)
    else:
        lesson = _recorded_lesson(journal.header)
        text = export_journal(journal, lesson, "json" if fmt == "json" else "markdown")
    if output is None:
        _out(text.rstrip("\n"))
        return
    write_private(output, text)
    _err(f"wrote {output}")


def _recorded_lesson(header: Header) -> Lesson | None:
    """The session's lesson if it can still be found; an export works without it."""
    from coach.live import lesson_for

    try:
        return lesson_for(header)[0]
    except CoachError as exc:
        _err(f"warning: the lesson is not available ({exc}); exporting from the journal alone")
        return None
