"""A clear message instead of a broken layout when the terminal is too small.

The session is paused while this is up (the app pauses it, and resumes it
when the terminal is large enough again): a hold must not run on unseen.
STOP and quit still work here, and the screen says so; resuming waits for a
screen large enough to see the session on.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.screen import ModalScreen
from textual.widgets import Static

from coach.ui import keymap
from coach.ui.screens.confirm_quit import ConfirmQuit

if TYPE_CHECKING:
    from textual import events

MIN_WIDTH = 60
MIN_HEIGHT = 20


def enlarge_text(width: int, height: int) -> str:
    return (
        f"Please enlarge the terminal\n(needs {MIN_WIDTH}×{MIN_HEIGHT}, now {width}×{height})."
        "\nThe session is paused meanwhile."
        "\n\ns STOP · q quit"
    )


class TooSmallScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = keymap.bindings("too_small")

    def __init__(self, width: int, height: int) -> None:
        super().__init__(classes="too-small")
        self.message = Static(enlarge_text(width, height), id="enlarge", markup=False)

    def compose(self) -> ComposeResult:
        yield self.message

    def show_size(self, width: int, height: int) -> None:
        self.message.update(enlarge_text(width, height))


SHORT_HEIGHT = 26  # below this many rows the clock dial is drawn compact


class TooSmallGuard:
    """For the app: a terminal too small covers every screen with `TooSmallScreen`.

    While it is up, the session's time stands still (`_hold_time`, the host
    app's); screens pushed meanwhile go under it, and only the quit question
    goes above it, so quitting works at any size. The app marks itself
    `-short` below `SHORT_HEIGHT` rows (a compact dial).
    """

    _too_small: TooSmallScreen | None = None
    _too_small_paused = False

    def on_resize(self, event: events.Resize) -> None:
        self._check_size(event.size.width, event.size.height)

    def _check_size(self, width: int, height: int) -> None:
        app: Any = self
        app.set_class(height < SHORT_HEIGHT, "-short")
        if width < MIN_WIDTH or height < MIN_HEIGHT:
            if self._too_small is not None:
                self._too_small.show_size(width, height)
            else:
                self._too_small_paused = app._hold_time()
                self._too_small = TooSmallScreen(width, height)
                super().push_screen(self._too_small)  # type: ignore[misc]
        elif self._too_small is not None:
            screen, self._too_small = self._too_small, None
            if app.screen is screen:
                app.pop_screen()
            app._release_time(self._too_small_paused)
            self._too_small_paused = False
            app.call_after_refresh(app.sync)

    def push_screen(self, screen, callback=None, wait_for_dismiss=False):  # type: ignore[no-untyped-def]
        """Push as usual, but keep the "please enlarge" screen on top while it is up."""
        parent: Any = super()
        overlay = self._too_small
        if overlay is None or screen is overlay or isinstance(screen, ConfirmQuit):
            return parent.push_screen(screen, callback, wait_for_dismiss=wait_for_dismiss)
        if self.screen is overlay:  # type: ignore[attr-defined]
            self.pop_screen()  # type: ignore[attr-defined]
        result = parent.push_screen(screen, callback, wait_for_dismiss=wait_for_dismiss)
        parent.push_screen(overlay)
        return result
