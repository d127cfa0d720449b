"""The `coach` command line: the entry point, in front of the Typer commands.

Why this module is small: `coach run` is the command a person types with
someone already waiting on the table, and Typer costs about 30 ms to import
and to build its commands before the lesson can even start loading. So
`main` starts the two plain happy cases itself, without Typer:

- `coach` (the lesson picker), and
- `coach run [LESSON] [--sound]` (one positional lesson that does not start
  with `-`, `--sound` at most once, in any order).

Everything else (`--help`, every other command, `--watch`, unknown options,
a second argument, shell completion) goes through the Typer app in
`coach.cli_commands`, so usage errors and help read exactly as Typer writes
them. The fast path calls the same launch functions with the same arguments
as the Typer commands, and mirrors Typer's handling of Ctrl+C, EOF, a closed
pipe and unexpected errors (tests compare the two). Every expected failure
is a `CoachError` printed as one clear line; no input produces a traceback.
"""

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from coach.errors import CoachError, LessonError

if TYPE_CHECKING:  # types only: these modules load lazily where they are used
    from pathlib import Path

    from coach.lesson.model import Lesson
    from coach.live import LiveSession


def _out(text: str = "") -> None:
    import typer

    typer.echo(text)


def _err(text: str) -> None:
    import typer

    typer.echo(text, err=True)


def _journaled(lesson: Lesson, path: Path | None) -> LiveSession:
    """Every session the TUI runs is written to the journal as it happens."""
    from coach.live import LiveSession

    return LiveSession.start(lesson, path)


def __getattr__(name: str) -> Any:
    """`coach.cli.app` is the Typer app, loaded on first use (tests run it directly)."""
    if name == "app":
        from coach.cli_commands import app

        return app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# --- the fast path ----------------------------------------------------------------------


def fast_path(args: list[str]) -> Callable[[], int] | None:
    """How to start `args` without Typer, or None when Typer must handle them."""
    if any(key.startswith("_") and key.endswith("_COMPLETE") for key in os.environ):
        return None  # a shell-completion request: Typer answers those
    if not args:

        def picker() -> int:
            from coach.ui.launch import launch_picker

            return launch_picker(make_session=_journaled)

        return picker
    if args[0] != "run":
        return None
    lesson: str | None = None
    sound = False
    for arg in args[1:]:
        if arg == "--sound" and not sound:
            sound = True
        elif arg and not arg.startswith("-") and lesson is None:
            lesson = arg
        else:
            return None

    def run() -> int:
        from coach.ui.launch import launch_run

        return launch_run(lesson, sound=sound, make_session=_journaled)

    return run


def _run_fast(start: Callable[[], int]) -> int:
    """Run a fast-path command the way Typer would have run it."""
    try:
        return start()
    except EOFError:
        _err("")
        _err("aborted")  # Typer: Abort, which `main` reports as "aborted"
        return 130
    except KeyboardInterrupt:
        return 130  # Typer: Exit(130), silently
    except OSError as exc:
        if exc.errno != errno.EPIPE:
            _typer_would_show(exc)
            raise
        from typer._click.utils import PacifyFlushWrapper

        sys.stdout = PacifyFlushWrapper(sys.stdout)  # type: ignore[assignment]
        sys.stderr = PacifyFlushWrapper(sys.stderr)  # type: ignore[assignment]
        return 1
    except CoachError:
        raise
    except Exception as exc:
        _typer_would_show(exc)
        raise


def _typer_would_show(exc: BaseException) -> None:
    """An unexpected error (a bug): let Typer's exception hook print it, as it would."""
    try:
        from typer import main as typer_main

        from coach.cli_commands import app

        config = typer_main.DeveloperExceptionConfig(
            pretty_exceptions_enable=app.pretty_exceptions_enable,
            pretty_exceptions_show_locals=app.pretty_exceptions_show_locals,
            pretty_exceptions_short=app.pretty_exceptions_short,
        )
        setattr(exc, typer_main._typer_developer_exception_attr_name, config)
        sys.excepthook = typer_main.except_hook
    except Exception:  # pragma: no cover - Typer changed; Python's own traceback then
        return


def _run_typer() -> int:
    import typer

    from coach.cli_commands import app

    try:
        code = app(standalone_mode=False)
        return code if isinstance(code, int) else 0
    except typer.Exit as exc:
        return int(exc.exit_code)
    except typer.Abort:
        _err("aborted")
        return 130
    except typer.TyperException as exc:  # usage errors: unknown command, bad option
        show = getattr(exc, "show", None)
        if callable(show):
            show()
        else:
            _err(f"coach: {exc}")
        return int(getattr(exc, "exit_code", 2))


def main() -> None:
    """Entry point: run the CLI, turning expected failures into one clear line."""
    try:
        start = fast_path(sys.argv[1:])
        sys.exit(_run_fast(start) if start is not None else _run_typer())
    except KeyboardInterrupt:
        _err("interrupted")
        sys.exit(130)
    except LessonError as exc:
        for problem in exc.problems:
            _err(str(problem))
        sys.exit(1)
    except CoachError as exc:
        _err(f"coach: {exc}")
        sys.exit(1)
