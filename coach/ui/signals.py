"""SIGTERM and SIGHUP (the terminal was closed) end the app like a confirmed quit.

Installed on the running loop only on a real terminal: a headless `run_test`
must not take over the test runner's signals.
"""

from __future__ import annotations

import asyncio
import signal
from collections.abc import Callable


class ExitSignals:
    """Route SIGTERM / SIGHUP to `handler(number)` while installed."""

    def __init__(self, handler: Callable[[int], None]) -> None:
        self.handler = handler
        self.installed: list[int] = []

    def install(self) -> None:
        loop = asyncio.get_running_loop()
        for number in (signal.SIGTERM, signal.SIGHUP):
            try:
                loop.add_signal_handler(number, self.handler, int(number))
            except (NotImplementedError, RuntimeError, ValueError):  # no Unix signals here
                continue
            self.installed.append(int(number))

    def remove(self) -> None:
        if not self.installed:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            self.installed.clear()
            return
        for number in self.installed:
            loop.remove_signal_handler(number)
        self.installed.clear()
