"""Everything the CLI prints goes through here, as visible text.

Why this exists: lesson titles, session ids from a journal's header, file names,
paths and environment values are data, and a data string can hold an escape
sequence that retitles or clears the terminal, or Rich markup such as `[/]`. Each
function here passes what it prints through `coach.text.visible` (lines) or
`one_line` (table cells and errors), and renders with Rich only as `Text`, with
markup, highlighting and emoji codes off, so no caller can forget.

Colours: Rich honours `NO_COLOR` and `TERM=dumb` by itself; `--theme` (or
`COACH_THEME`) picks the palette of the tables, `mono` for none at all.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from enum import StrEnum
from typing import TYPE_CHECKING

from coach.text import one_line, visible

if TYPE_CHECKING:
    from rich.console import Console


class Theme(StrEnum):
    """The palettes of the CLI's tables (and of the TUI, through `textual_theme`)."""

    auto = "auto"
    dark = "dark"
    light = "light"
    mono = "mono"


# Style names by role, per theme. `auto` is `dark`'s colours, which read on both.
_PALETTES: dict[Theme, dict[str, str]] = {
    Theme.dark: {
        "header": "bold",
        "dim": "dim",
        "good": "green",
        "warn": "yellow",
        "info": "cyan",
        "bad": "red",
    },
    Theme.light: {
        "header": "bold",
        "dim": "grey37",
        "good": "dark_green",
        "warn": "dark_orange3",
        "info": "dodger_blue3",
        "bad": "red3",
    },
    Theme.mono: {"header": "bold", "dim": "", "good": "", "warn": "", "info": "", "bad": "bold"},
}
_PALETTES[Theme.auto] = _PALETTES[Theme.dark]

_TEXTUAL_THEMES = {
    Theme.dark: "textual-dark",
    Theme.light: "textual-light",
    Theme.mono: "ansi-dark",  # the terminal's own 16 colours: the quietest Textual has
}

_theme = Theme.auto

UNCUT_WIDTH = 1000
"""The width of output that goes to a pipe or a file: wide enough that nothing is cut."""


def use_theme(theme: Theme) -> None:
    """Set the palette for the rest of this command (the root `--theme` option)."""
    global _theme
    _theme = theme


def current_theme() -> Theme:
    return _theme


def textual_theme(theme: Theme | None = None) -> str | None:
    """The Textual theme name for `theme` (default: the current one); None leaves the app's."""
    return _TEXTUAL_THEMES.get(theme or _theme)


def style(role: str) -> str:
    """The Rich style of `role` (header, dim, good, warn, info, bad) in the current theme."""
    return _PALETTES[_theme].get(role, "")


def out(text: str = "") -> None:
    """Print a line (or several) on stdout, every character visible."""
    import typer

    typer.echo(visible(text))


def err(text: str) -> None:
    """Print one line on stderr, folded onto one line and every character visible."""
    import typer

    typer.echo(one_line(text), err=True)


def console() -> Console:
    """A Rich console for stdout that never reads markup or highlights data.

    On a terminal, tables fit its width; into a pipe or a file (`coach sessions |
    grep`), lines are never cut (`COLUMNS` still sets a width where given).
    """
    import os

    from rich.console import Console

    printer = Console(markup=False, highlight=False, emoji=False, soft_wrap=False)
    if not printer.is_terminal and not os.environ.get("COLUMNS"):
        printer.width = UNCUT_WIDTH
    return printer


def err_console() -> Console:
    """A Rich console for stderr (progress bars), that never reads markup from data."""
    from rich.console import Console

    return Console(stderr=True, markup=False, highlight=False, emoji=False)


def table(
    columns: Sequence[str],
    rows: Iterable[Sequence[str | tuple[str, str]]],
    *,
    right: Iterable[str] = (),
    cut: Iterable[str] = (),
) -> None:
    """Print a table of plain strings; a cell may be `(text, role)` for a styled one.

    Every cell is `one_line`. When the terminal is narrow, the columns named in
    `cut` give way (cut with an ellipsis); the others keep their whole width, so an
    id is never shortened.
    """
    from rich.table import Table
    from rich.text import Text

    right_aligned, shrinkable = set(right), set(cut)
    cells = [[_cell(cell) for cell in row] for row in rows]
    grid = Table(box=None, pad_edge=False, header_style=style("header"))
    for index, column in enumerate(columns):
        widest = max([len(column), *(len(row[index][0]) for row in cells)])
        grid.add_column(
            column,
            justify="right" if column in right_aligned else "left",
            no_wrap=True,
            overflow="ellipsis",
            min_width=min(12, widest) if column in shrinkable else widest,
        )
    for row in cells:
        grid.add_row(*(Text(text, style=style(role) if role else "") for text, role in row))
    console().print(grid)


def _cell(cell: str | tuple[str, str]) -> tuple[str, str]:
    text, role = cell if isinstance(cell, tuple) else (cell, "")
    return one_line(text), role


def note(text: str, role: str = "dim") -> None:
    """A line after a table (where a folder is, what was skipped), styled by `role`."""
    from rich.text import Text

    console().print(Text(visible(text), style=style(role)))
