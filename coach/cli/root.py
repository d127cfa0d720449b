"""The one Typer app: every `coach` command line goes through it.

Why this module exists: it assembles the commands declared in the modules beside
it (lessons, sessions, screens, topics) into one app, with the options that apply
to all of them (`--version`, `--theme`, shell completion). The command modules do
not import this one, so there is no cycle; `coach.entry` runs it.

Help is plain text (`rich_markup_mode=None`): a command's first docstring line is
its summary in `coach --help` and is kept short enough to fit there whole.
"""

from typing import Annotated

import typer

from coach import __version__
from coach.cli.guide import audio
from coach.cli.lessons import list_lessons, new, preview, schema, validate
from coach.cli.output import Theme, out, use_theme
from coach.cli.practice import stats
from coach.cli.screens import follow, open_picker, present, rehearse, resume, run, serve
from coach.cli.sessions import export, sessions
from coach.cli.topics import show_help

app = typer.Typer(
    name="coach",
    help="A calm terminal coach that walks you through a hands-on lesson, step by step.",
    no_args_is_help=False,
    add_completion=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        out(f"coach {__version__}")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def root(
    ctx: typer.Context,
    version: Annotated[
        bool,
        typer.Option("--version", "-V", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
    theme: Annotated[
        Theme,
        typer.Option(
            "--theme",
            envvar="COACH_THEME",
            case_sensitive=False,
            help="Colours of tables and screens (mono: none; NO_COLOR is honoured too).",
        ),
    ] = Theme.auto,
) -> None:
    """With no command, open the lesson picker."""
    use_theme(theme)
    if ctx.invoked_subcommand is None:
        raise typer.Exit(open_picker())


app.command()(run)
app.command()(resume)
app.command()(validate)
app.command("list")(list_lessons)
app.command()(preview)
app.command()(schema)
app.command()(new)
app.command()(audio)
app.command()(sessions)
app.command()(present)
app.command()(rehearse)
app.command()(stats)
app.command()(follow)
app.command()(serve)
app.command()(export)
app.command("help")(show_help)
