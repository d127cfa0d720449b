"""Sessions and drill reviews per day, as a chart in the terminal (plotext).

plotext draws bar charts with Unicode blocks and returns them as a string
with ANSI colours, so the same chart prints from `coach stats` and shows in
the stats screen (through `rich.text.Text.from_ansi`) without a Textual
widget of its own. Only numbers and dates that this module writes reach the
chart; lesson text never does. plotext keeps one global figure, so each chart
is built from a cleared figure in one call.
"""

from __future__ import annotations

from datetime import date, timedelta

from coach.stats.fold import Practice

DAYS = 30


def day_range(today: date, days: int = DAYS) -> list[date]:
    return [today - timedelta(days=n) for n in range(days - 1, -1, -1)]


def _ticks(days: list[date]) -> tuple[list[int], list[str]]:
    step = max(1, len(days) // 5)
    picks = list(range(len(days) - 1, -1, -step))[::-1]
    return [i + 1 for i in picks], [days[i].strftime("%m-%d") for i in picks]


def practice_chart(
    practice: Practice, today: date, *, days: int = DAYS, width: int = 72, height: int = 20
) -> str:
    """Two bar charts over the last `days` days: sessions, then drill reviews (one figure each:
    plotext's subplots keep state between builds)."""
    import plotext as plt

    span = day_range(today, days)
    xs = list(range(1, len(span) + 1))
    series = [
        ("Sessions a day", [practice.sessions_by_day.get(d, 0) for d in span]),
        ("Drill reviews a day", [practice.reviews_by_day.get(d, 0) for d in span]),
    ]
    ticks, labels = _ticks(span)
    charts: list[str] = []
    for title, values in series:
        plt.clf()
        plt.theme("clear")
        plt.limitsize(False, False)  # the size asked for, not the terminal plotext guesses
        plt.plotsize(max(30, width), max(5, height // 2))
        plt.bar(xs, values, width=0.3, marker="hd")
        plt.title(f"{title} (last {len(span)} days, {sum(values)} in all)")
        plt.xticks(ticks, labels)
        plt.ylim(0, max(2, *values))
        plt.yfrequency(3)
        charts.append(str(plt.build()))
    return "\n".join(charts)
