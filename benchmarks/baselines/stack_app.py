"""Baseline: the floor of coach's own stack, doing the least a lesson app can do.

A one-command Typer app that imports yaml and pydantic (what any app on these
libraries pays before its own work), then runs a bare Textual app painting one
`Static`. Whatever coach costs above this is coach's own doing, not its stack's.
"""

from __future__ import annotations

import pydantic
import typer
import yaml
from textual.app import App, ComposeResult
from textual.widgets import Static

cli = typer.Typer(add_completion=False)


class StackApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("BASELINE-READY: Typer, yaml and pydantic imported; a bare Textual app.")


@cli.command()
def run(lesson: str = "tour") -> None:
    """Show one static line, as a lesson app's first frame would."""
    assert yaml.__version__ and pydantic.VERSION and lesson
    StackApp().run()


if __name__ == "__main__":
    cli()
