"""The `coach` script's entry point: run the one Typer app, and end every failure in one line.

Why this exists apart from the app: what a command does is declared in
`coach.cli`; what the process says when something goes wrong is decided here,
in one place, for every command:

- usage errors, `--help`, Ctrl+C (130) and a closed pipe are Typer's, in its
  standalone mode;
- a `LessonError` prints each problem as `path:line:col: message`, exit 1;
- any other `CoachError` (an expected failure: a missing session, a refused
  output path, a screen that crashed) prints `coach: message`, exit 1, or
  `CRASH_STATUS` for a crash;
- anything else is a bug: its traceback goes to a private report file
  (`coach.crash`), the terminal gets one line naming that file, and the exit
  status is `CRASH_STATUS` (70).
"""

from __future__ import annotations

import contextlib
import sys

from coach.errors import CoachError, LessonError


def main() -> None:
    """Run `coach` with `sys.argv`; always ends with `SystemExit`."""
    sys.exit(run(sys.argv[1:]))


def run(args: list[str]) -> int:
    """Run one `coach` command line; its exit status (nothing escapes but SystemExit)."""
    try:
        from typer.main import get_command

        from coach.cli.root import app

        command = get_command(app)
        command.main(args=args, prog_name="coach")  # standalone: raises SystemExit
    except SystemExit as exc:
        return _status(exc.code)
    except KeyboardInterrupt:
        _say("interrupted")
        return 130
    except LessonError as exc:
        for problem in exc.problems:
            _say(str(problem), prefix=False)
        return 1
    except CoachError as exc:
        from coach.crash import CRASH_STATUS, Crashed

        _say(str(exc))
        return CRASH_STATUS if isinstance(exc, Crashed) else 1
    except Exception as exc:
        import traceback

        from coach.crash import CRASH_STATUS, crashed

        where = "coach " + args[0] if args and not args[0].startswith("-") else "coach"
        summary = f"{type(exc).__name__}: {exc}"[:160]
        _say(str(crashed(traceback.format_exc(), where=where, summary=summary)))
        return CRASH_STATUS
    return 0


def _status(code: object) -> int:
    """`sys.exit`'s meaning of `code` as a number."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    _say(str(code), prefix=False)
    return 1


def _say(text: str, *, prefix: bool = True) -> None:
    """One visible line on stderr; a reader that went away is no error of ours."""
    from coach.text import one_line

    line = one_line(f"coach: {text}" if prefix else text)
    with contextlib.suppress(OSError, ValueError):
        print(line, file=sys.stderr, flush=True)
