"""The practice history screen: what `coach stats` prints, inside the app.

It shows the same renderable as the command (`coach.stats.render`), drawn to
the screen's width: the headline figures, sessions and drill reviews per day
as a chart, the weakest steps and a line per lesson. `l` steps through the
lessons one at a time (and back to all); Escape or `q` closes the screen.
Any app can push it: the stats are read from the journals and the drill
memory when it opens, or handed in (tests pass fixed `Stats`).
"""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from coach.stats.fold import Stats
from coach.text import one_line
from coach.ui.widgets.key_bar import KeyBar


class StatsScreen(Screen[None]):
    """Practice history, overall or for one lesson."""

    DEFAULT_CSS = """
    StatsScreen #stats-title { height: 1; padding: 0 1; background: $panel; text-style: bold; }
    StatsScreen #stats-notes { height: auto; padding: 0 1; color: $warning; }
    StatsScreen #stats-scroll { height: 1fr; padding: 0 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("l", "next_lesson", "Lesson", show=True),
        Binding("escape,q", "close", "Close", show=True),
    ]

    def __init__(
        self,
        stats: Stats | None = None,
        *,
        notes: list[str] | None = None,
        now: datetime | None = None,
    ) -> None:
        super().__init__()
        if stats is None:
            from coach.stats.load import load_stats

            stats, notes = load_stats(now)
        self.stats = stats
        self.notes = list(notes or [])
        self.lesson_index = -1  # -1: every lesson
        self.title_bar = Static("", id="stats-title", markup=False)
        self.body = Static("", id="stats-body", markup=False)

    def compose(self) -> ComposeResult:
        yield self.title_bar
        notes = Static(Text("\n".join(one_line(n) for n in self.notes)), id="stats-notes")
        notes.display = bool(self.notes)
        yield notes
        with VerticalScroll(id="stats-scroll"):
            yield self.body
        yield KeyBar()

    def on_mount(self) -> None:
        self.show_stats()

    def on_resize(self) -> None:
        self.show_stats()

    @property
    def lesson_id(self) -> str | None:
        if 0 <= self.lesson_index < len(self.stats.lessons):
            return self.stats.lessons[self.lesson_index].lesson_id
        return None

    def show_stats(self) -> None:
        from coach.stats.render import stats_renderable

        lesson_id = self.lesson_id
        title = "All lessons" if lesson_id is None else self.stats.lessons[self.lesson_index].title
        self.title_bar.update(Text(one_line(f"Practice history · {title}")))
        width = max(40, self.size.width - 4)
        self.body.update(stats_renderable(self.stats, lesson_id=lesson_id, width=width))

    def action_next_lesson(self) -> None:
        count = len(self.stats.lessons)
        self.lesson_index = self.lesson_index + 1 if self.lesson_index + 1 < count else -1
        self.show_stats()

    def action_close(self) -> None:
        self.dismiss(None)
