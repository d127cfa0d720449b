"""Baseline: a bare Textual app that paints one `Static` and then does nothing.

The floor for "first painted frame", "CPU with nothing running" and "peak
memory": anything coach costs above this is coach's own doing, not Textual's.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Static


class StaticApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("BASELINE-READY: a bare Textual app showing static text.")


if __name__ == "__main__":
    StaticApp().run()
