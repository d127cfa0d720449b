"""The TUI's colours follow the root `--theme` option, plus a light theme for projectors.

A projector washes colours out: pale accents vanish and dark-grey-on-black is
unreadable from the back of a room. `coach-light` is black on white with
deep, saturated accents (every colour keeps at least 7:1 contrast against
white), so it reads on a dim lamp in a lit room. `--theme light` picks it for
every screen; `dark` and `mono` are Textual's own themes (see
`coach.cli.output.textual_theme`); `auto` leaves Textual's default.
"""

from __future__ import annotations

from textual.app import App
from textual.theme import Theme

from coach.cli.output import Theme as Choice
from coach.cli.output import current_theme, textual_theme

COACH_LIGHT = Theme(
    name="coach-light",
    primary="#002b80",
    secondary="#4b0082",
    accent="#8a2000",
    warning="#6b3a00",
    error="#a00000",
    success="#00561b",
    foreground="#000000",
    background="#ffffff",
    surface="#ffffff",
    panel="#e6e6e6",
    boost="#000000",
    dark=False,
)


def theme_name(choice: Choice | None = None) -> str | None:
    """The Textual theme for the `--theme` choice (default: the current one); None: default."""
    choice = choice or current_theme()
    if choice == Choice.light:
        return COACH_LIGHT.name
    if choice == Choice.auto:
        return None
    return textual_theme(choice)


def apply_theme(app: App[object], choice: Choice | None = None) -> None:
    """Register coach's themes on `app` and switch to the one `--theme` asks for."""
    app.register_theme(COACH_LIGHT)
    name = theme_name(choice)
    if name is not None:
        app.theme = name
