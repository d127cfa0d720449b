"""The review pane: prompts above a multi-line text box, saved as the person types.

Every change is sent to the engine as `ReviewText(text)` after a short quiet
spell (`DEBOUNCE_SECONDS`, 0.15 s: text that has been on screen for 0.3 s is
already in the journal), and flushed at once when the person leaves the step.

Text that comes back (a resumed or followed session) is shown through
`coach.text.visible`, so a pasted escape sequence or BEL reads as `\x1b` /
`\x07` and never acts on the terminal; what is sent back is what is on screen.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Static, TextArea

from coach.text import visible
from coach.ui import keymap
from coach.ui.fmt import literal

DEBOUNCE_SECONDS = 0.15


class ReviewPane(Vertical):
    """Prompts and a `TextArea`; posts `ReviewPane.Changed` after a pause in typing."""

    @dataclass
    class Changed(Message):
        text: str

    BINDINGS: ClassVar[list[BindingType]] = keymap.bindings("review")

    DEFAULT_CSS = """
    ReviewPane {
        height: auto;
    }
    ReviewPane > TextArea {
        height: 8;
    }
    """

    def __init__(
        self,
        prompts: tuple[str, ...],
        text: str = "",
        *,
        read_only: bool = False,
        cursor_blink: bool = True,
        **kwargs: str | None,
    ) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.prompts = prompts
        self.area = TextArea(
            visible(text),
            soft_wrap=True,
            show_line_numbers=False,
            read_only=read_only,
            id="review-text",
        )
        self.area.cursor_blink = cursor_blink
        self._pending: str | None = None
        self._timer: Timer | None = None

    def compose(self) -> ComposeResult:
        for prompt in self.prompts:
            yield Static(literal(f"• {prompt}"), classes="review-prompt", markup=False)
        yield Static("Type below; Esc when done, then Enter to finish.", classes="hint")
        yield self.area

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        self._pending = self.area.text
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(DEBOUNCE_SECONDS, self._send)

    def _send(self) -> None:
        text = self.take_pending()
        if text is not None:
            self.post_message(self.Changed(text))

    def take_pending(self) -> str | None:
        """The text not yet sent (None if nothing changed); the caller sends it now."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        text, self._pending = self._pending, None
        return text

    def action_done_typing(self) -> None:
        self.screen.set_focus(None)

    def on_unmount(self) -> None:
        if self._timer is not None:
            self._timer.stop()
