"""`Stats` as Rich renderables: what `coach stats` prints and the stats screen shows.

One function builds both, so the terminal command and the screen cannot
disagree. Every lesson title, step title and id is data and reaches the
terminal only through `coach.text.one_line` inside a `rich.text.Text` (never
parsed as markup: a step id like ``x[/]y`` is shown as those characters).
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from coach.stats.chart import DAYS, practice_chart
from coach.stats.fold import Practice, Stats
from coach.text import one_line


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.0f} %"


def headline(practice: Practice) -> Text:
    days = "day" if practice.streak == 1 else "days"
    out = Text()
    out.append(one_line(practice.title), style="bold")
    out.append(
        f"\n{practice.sessions} sessions · {practice.drills} drills · "
        f"{practice.reviews} drill reviews · {practice.minutes:.0f} min practised · "
        f"streak {practice.streak} {days} · {practice.active_days} days in all"
    )
    out.append(
        f"\nPredicted retention now {_percent(practice.retention)} over {practice.cards} cards"
        f" · due today {practice.due_today}"
        + (
            " · next days " + " ".join(str(n) for n in practice.forecast)
            if practice.forecast
            else ""
        )
    )
    return out


def weakest_table(practice: Practice) -> RenderableType:
    if not practice.weakest:
        return Text("No weak steps yet: nothing skipped, rated bad or forgotten.", style="dim")
    table = Table(title="Weakest steps", title_justify="left", box=None, header_style="bold")
    for name in ("step", "lesson", "skipped", "bad", "again", "hard"):
        table.add_column(name, justify="left" if name in ("step", "lesson") else "right")
    for weak in practice.weakest:
        table.add_row(
            Text(one_line(weak.title)),
            Text(one_line(weak.lesson_id)),
            str(weak.skipped),
            str(weak.bad),
            str(weak.again),
            str(weak.hard),
        )
    return table


def lessons_table(stats: Stats) -> RenderableType:
    table = Table(title="Per lesson", title_justify="left", box=None, header_style="bold")
    for name in ("lesson", "sessions", "drills", "reviews", "min", "streak", "retention", "due"):
        table.add_column(name, justify="left" if name == "lesson" else "right")
    for p in stats.lessons:
        table.add_row(
            Text(one_line(p.title)),
            str(p.sessions),
            str(p.drills),
            str(p.reviews),
            f"{p.minutes:.0f}",
            str(p.streak),
            _percent(p.retention),
            str(p.due_today),
        )
    return table


def stats_renderable(
    stats: Stats, *, lesson_id: str | None = None, width: int = 80, days: int = DAYS
) -> RenderableType:
    """Everything about `lesson_id` (or all lessons): headline, chart, weakest, lessons."""
    practice = stats.overall
    if lesson_id is not None:
        practice = next((p for p in stats.lessons if p.lesson_id == lesson_id), practice)
    chart = Text.from_ansi(practice_chart(practice, stats.today, days=days, width=width - 2))
    parts: list[RenderableType] = [headline(practice), Text(""), chart, weakest_table(practice)]
    if lesson_id is None and stats.lessons:
        parts += [Text(""), lessons_table(stats)]
    return Group(*parts)
