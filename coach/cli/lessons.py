"""The commands about lesson files: validate, list, preview, schema.

Why this module exists: these commands read lessons and print about them, and
never open a screen, so nothing here imports Textual (a subprocess test holds us
to that). Each prints through `coach.cli.output`, which makes every character of
a title, id or path visible.
"""

from pathlib import Path
from typing import Annotated, Any

import typer

from coach.cli.options import JsonOption, LessonArgument, OutputOption, complete_lesson_path
from coach.cli.output import err, note, out, table
from coach.errors import LessonError


def _expand(paths: list[Path]) -> list[Path]:
    from coach.lesson.catalog import lesson_files

    files: list[Path] = []
    for path in paths:
        files.extend(lesson_files(path) if path.is_dir() else [path])
    return files


def validate(
    paths: Annotated[
        list[Path],
        typer.Argument(
            help="Lesson files or folders of lessons.",
            metavar="PATH",
            autocompletion=complete_lesson_path,
        ),
    ],
) -> None:
    """Check lessons; print each problem as path:line:col.

    Every problem of every file is printed, one per line, and the exit status is 1
    when there was any.

    Example: coach validate lessons/ my-lesson.yaml
    """
    from coach.lesson.loader import LessonSyntaxError, display_path, load_lesson

    failed = False
    files = _expand(paths)
    if not files:
        err("coach validate: no lesson files (*.yaml) found in " + ", ".join(map(str, paths)))
        raise typer.Exit(1)
    for path in files:
        try:
            lesson = load_lesson(path)
        except LessonError as exc:
            failed = True
            for problem in exc.problems:
                out(str(problem))
            if isinstance(exc, LessonSyntaxError) and exc.excerpt:
                out(exc.excerpt)  # the line it stumbled on, and a caret under the column
            continue
        steps = len(lesson.flat_steps())
        out(f"ok {display_path(path)}: {lesson.id} ({steps} steps, about {lesson.minutes} min)")
    raise typer.Exit(1 if failed else 0)


def list_lessons(as_json: JsonOption = False) -> None:
    """List the bundled lessons and your own.

    Your own lessons are the *.yaml files in your lessons folder (printed below the
    table). A file that does not load is listed with its first problem.

    Example: coach list
    """
    from coach import paths
    from coach.lesson.catalog import catalog, shown

    entries = catalog()
    if as_json:
        from coach.text import json_text

        typer.echo(json_text([_lesson_record(entry) for entry in entries]), nl=False)
        return
    rows = [
        (entry.lesson.id, entry.lesson.title, str(entry.lesson.minutes), entry.source)
        for entry in entries
        if entry.lesson is not None
    ]
    table(("id", "title", "min", "source"), rows, right=("min",), cut=("title",))
    note(f"\nYour own lessons go in {paths.user_lessons_dir()}")
    for entry in entries:
        if entry.lesson is None:
            problem = _first_problem(entry.error)
            note(f"not loaded: {shown(entry.path)}: {problem}", role="warn")


def _first_problem(error: LessonError | None) -> str:
    if error is None or not error.problems:
        return "could not be read; run `coach validate` on it"
    first = error.problems[0]
    more = len(error.problems) - 1
    tail = f" (and {more} more; run `coach validate` on it)" if more else ""
    return f"{first.line}:{first.col}: {first.message}{tail}"


def _lesson_record(entry: Any) -> dict[str, Any]:
    """One object of `coach list --json`; keys documented in `coach help json`."""
    lesson = entry.lesson
    return {
        "id": lesson.id if lesson is not None else None,
        "title": lesson.title if lesson is not None else None,
        "summary": lesson.summary if lesson is not None else None,
        "minutes": lesson.minutes if lesson is not None else None,
        "source": entry.source,
        "path": str(entry.path),
        "problem": None if lesson is not None else _first_problem(entry.error),
    }


def preview(
    lesson: LessonArgument,
    output: OutputOption = None,
    notes: Annotated[bool, typer.Option("--notes", help="Include instructor notes.")] = False,
) -> None:
    """A lesson as a Markdown handout, with its time.

    Example: coach preview guided -o handout.md
    """
    from coach.lesson.catalog import resolve
    from coach.lesson.handout import to_markdown

    text = to_markdown(resolve(lesson)[0], notes=notes)
    _emit(text, output)


def schema(
    output: OutputOption = None,
    part: Annotated[
        bool, typer.Option("--part", help="The schema of a shared part (an included file).")
    ] = False,
) -> None:
    """The JSON Schema of the lesson format.

    For validation in an editor: write it next to your lessons and name it in a
    lesson's first line (see `coach help lessons`). Parts (files a lesson
    includes) have a schema of their own: `--part`.

    Example: coach schema -o lesson.schema.json
    """
    from coach.lesson.schema import part_schema_text, schema_text

    _emit(part_schema_text() if part else schema_text(), output)


def new(
    path: Annotated[Path, typer.Argument(help="The new lesson file (.yaml).", metavar="PATH")],
) -> None:
    """Write a commented starter lesson that validates.

    Its first line names the installed schema, so an editor with a YAML
    language server checks the file as you type. An existing file is never
    replaced.

    Example: coach new knees.yaml
    """
    from coach.files import write_private_atomic
    from coach.lesson.model import is_valid_id
    from coach.lesson.starter import starter_lesson_text
    from coach.text import one_line

    if path.suffix not in (".yaml", ".yml"):
        err(one_line(f"coach new: {path}: a lesson file ends in .yaml"))
        raise typer.Exit(1)
    if path.exists() or path.is_symlink():
        err(one_line(f"coach new: {path} exists already; choose another name"))
        raise typer.Exit(1)
    lesson_id = path.stem.lower() if is_valid_id(path.stem.lower()) else "my-lesson"
    written = write_private_atomic(path, starter_lesson_text(lesson_id))
    note(one_line(f"wrote {written}; check it with: coach validate {written}"))


def _emit(text: str, output: str | None) -> None:
    """Print `text`, or write it whole to `output` and say so on stderr."""
    if output is None:
        out(text.rstrip("\n"))
        return
    from coach.files import write_private_atomic

    err(f"wrote {write_private_atomic(output, text)}")
