"""The end of a session: what was done, for how long, what was answered and rated.

Shown from the session's report (`coach.report.fold`), the same one `coach
export` writes and `coach sessions` lists, so the screen and the file agree
on every figure. Export is a callback so the journal's exporter can be
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

from coach.engine.compiled import compile_lesson
from coach.engine.state import View
from coach.errors import CoachError
from coach.journal.header import header_for_lesson
from coach.report.fold import fold_events
from coach.report.model import Report
from coach.text import one_line, visible
from coach.timefmt import duration
from coach.ui.fmt import literal
from coach.ui.session import SessionLike
from coach.ui.widgets.key_bar import KeyBar

ExportCallback = Callable[[SessionLike], None]

_REASONS = {
    "finished": "Finished",
    "stopped": "Ended after STOP",
    "checkin": "Ended by a check-in",
}


def session_report(session: SessionLike) -> Report:
    """The session's report: a journaled session's own, or one folded from its events."""
    own = getattr(session, "report", None)
    if callable(own):
        report = own()
        if isinstance(report, Report):
            return report
    header = header_for_lesson(session.lesson, None)
    events = list(getattr(session, "events", ()))
    return fold_events(compile_lesson(session.lesson), header, events, [None] * len(events))


def summary_renderable(session: SessionLike, view: View) -> Group:
    report = session_report(session)
    parts: list[Text | Table] = []
    reason = _REASONS.get(report.session.end_reason or view.ended_reason or "", "Ended")
    head = Text(reason, style="bold")
    message = report.session.end_message
    if message:
        head.append(" — ")
        head.append(one_line(message))
    parts.append(head)

    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="bold", no_wrap=True)
    facts.add_column()
    facts.add_row("Steps done", f"{report.steps_done} of {len(report.steps)}")
    facts.add_row("Skipped", str(report.steps_skipped))
    stopped_on = [s for s in report.steps if s.outcome == "stopped here"]
    if stopped_on:
        facts.add_row("Stopped at", Text(one_line(stopped_on[-1].title)))
    facts.add_row("Active time", duration(report.time.active_seconds))
    if report.time.paused_seconds >= 0.5:
        facts.add_row("Paused", duration(report.time.paused_seconds))
    parts.append(Text(""))
    parts.append(facts)

    if report.checkins:
        parts.append(Text("\nCheck-ins", style="bold"))
        for row in report.checkins:  # in the order given, a repeated one each time
            parts.append(Text(f"  {one_line(row.question)}  {row.answer}"))

    if report.feedback:
        parts.append(Text("\nRatings", style="bold"))
        for step in report.feedback:
            for rating in step.ratings:
                parts.append(Text(f"  {one_line(rating.text)}: {rating.rating}"))

    if report.review:
        parts.append(Text("\nReview", style="bold"))
        parts.append(Text(visible(report.review)))
    return Group(*parts)


def default_export(app_notify: Callable[[str], None], session: SessionLike) -> None:
    """Write the Markdown now (a journaled session), and say where it went (the path whole)."""
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
            # Where the export went: in the box, under the buttons (a toast would
            # cover them and cut a long path), as plain text (a path is data).
            notice = Static("", id="export-notice", markup=False)
            notice.display = False
            yield notice
        yield KeyBar()

    def show_notice(self, text: str) -> None:
        notice = self.query_one("#export-notice", Static)
        notice.update(literal(text))
        notice.display = True

    def action_export(self) -> None:
        if self.on_export is not None:
            self.on_export(self.session)
        else:
            default_export(self.show_notice, self.session)

    def action_close(self) -> None:
        self.app.exit(0)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "export":
            self.action_export()
        else:
            self.action_close()
