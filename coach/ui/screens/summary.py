"""The end of a session: what was done, for how long, what was answered and rated.

Built from the session's state (the fold of its events), never from a second
record kept by the UI. Export is a callback so the journal's exporter can be
plugged in by whoever builds the app.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Static

from coach.engine import View
from coach.errors import CoachError
from coach.lesson.model import CheckinStep, FeedbackStep
from coach.text import one_line, visible
from coach.ui.fmt import clock, literal
from coach.ui.session import SessionLike
from coach.ui.widgets.key_bar import KeyBar

ExportCallback = Callable[[SessionLike], None]

_REASONS = {
    "finished": "Finished",
    "stopped": "Ended after STOP",
    "checkin": "Ended by a check-in",
}


def summary_renderable(session: SessionLike, view: View) -> Group:
    lesson = session.lesson
    state = session.state
    flat = lesson.flat_steps()
    by_id = {fs.id: fs for fs in flat}
    visited = {flat[i].id for i in state.history if 0 <= i < len(flat)}
    skipped = set(state.skipped)
    done = visited - skipped

    parts: list[Text | Table] = []
    reason = _REASONS.get(view.ended_reason or "", "Ended")
    head = Text(reason, style="bold")
    if view.end_message:
        head.append(" — ")
        head.append(one_line(view.end_message))
    parts.append(head)

    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="bold", no_wrap=True)
    facts.add_column()
    facts.add_row("Steps done", f"{len(done)} of {len(flat)}")
    facts.add_row("Skipped", str(len(skipped)))
    facts.add_row("Active time", clock(view.active_seconds))
    if view.paused_seconds >= 1:
        facts.add_row("Paused", clock(view.paused_seconds))
    parts.append(Text(""))
    parts.append(facts)

    if state.answers:
        parts.append(Text("\nCheck-ins", style="bold"))
        for sid, answer in state.answers:
            step = by_id[sid].step if sid in by_id else None
            question = step.question if isinstance(step, CheckinStep) else sid
            parts.append(Text(f"  {one_line(question)}  {'yes' if answer else 'no'}"))

    if state.ratings:
        parts.append(Text("\nRatings", style="bold"))
        for sid, ratings in state.ratings:
            step = by_id[sid].step if sid in by_id else None
            items = step.items if isinstance(step, FeedbackStep) else ()
            for item, rating in ratings:
                name = items[item] if item < len(items) else f"item {item + 1}"
                parts.append(Text(f"  {one_line(name)}: {rating.value}"))

    if state.review:
        parts.append(Text("\nReview", style="bold"))
        parts.append(Text(visible(state.review)))
    return Group(*parts)


def default_export(app_notify: Callable[[str], None], session: SessionLike) -> None:
    """Write the Markdown now (a journaled session), and say where it went."""
    export = getattr(session, "export_markdown", None)
    if not callable(export):
        app_notify("This session was not journaled, so there is nothing to export.")
        return
    try:
        path = export()
    except CoachError as exc:
        app_notify(f"Export failed: {exc}")
        return
    app_notify(f"Saved as Markdown (only you can read it): {path}")


class SummaryScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("x", "export", "Export…", show=True),
        Binding("q,enter", "close", "Close", show=True),
    ]

    def __init__(self, session: SessionLike, view: View, on_export: ExportCallback | None) -> None:
        super().__init__()
        self.session = session
        self.view_ = view
        self.on_export = on_export

    def compose(self) -> ComposeResult:
        with Vertical(id="summary-box"):
            yield Static(literal(self.session.lesson.title), classes="dialog-title", markup=False)
            with VerticalScroll(id="summary-body"):
                yield Static(summary_renderable(self.session, self.view_), id="summary")
            with Horizontal(classes="buttons"):
                yield Button("Export… (x)", id="export")
                yield Button("Close (q)", id="close", variant="primary")
        yield KeyBar()

    def action_export(self) -> None:
        if self.on_export is not None:
            self.on_export(self.session)
        else:
            default_export(self.app.notify, self.session)

    def action_close(self) -> None:
        self.app.exit(0)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "export":
            self.action_export()
        else:
            self.action_close()
