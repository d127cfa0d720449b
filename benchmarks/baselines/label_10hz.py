"""Baseline: a bare Textual app that updates one label ten times a second.

The floor for "CPU while a hold runs": the hold screen's dial and pacer must
cost no more than this one label ticking at 10 Hz (about 2% of a core here).
"""

from __future__ import annotations

import time

from textual.app import App, ComposeResult
from textual.widgets import Label


class Label10HzApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Label("BASELINE-READY", id="clock")

    def on_mount(self) -> None:
        self._label = self.query_one("#clock", Label)
        self._start = time.monotonic()
        self.set_interval(0.1, self._tick)

    def _tick(self) -> None:
        self._label.update(f"BASELINE-READY {time.monotonic() - self._start:8.1f} s")


if __name__ == "__main__":
    Label10HzApp().run()
