"""`coach rehearse`: a recall drill over a lesson's steps, in the terminal.

One card at a time: where the step is (section, number, title), then the
person tries to recall what to do and presses Space (or Enter) to reveal it,
and grades themselves 1 knew / 2 partly / 3 missed. The end shows the weak
steps; the next drill of the lesson starts with them (see `coach.drill`).

The screen only renders the drill's state and turns keys into drill actions;
journaling and the weak-step memory are the `DrillSession`'s job, so the
drill logic is tested without a terminal.
"""

from __future__ import annotations

import sys
from typing import ClassVar

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Static

from coach.drill.model import Drill, Grade, card_for
from coach.text import one_line
from coach.ui.fmt import literal, literal_line
from coach.ui.widgets.key_bar import KeyBar
from coach.ui.widgets.progress import ChangeOnlyStatic, StepProgress

REHEARSE_CSS = """
#topbar { height: 1; padding: 0 1; background: $panel; }
#lesson-title { width: 1fr; text-style: bold; }
#count { width: auto; color: $text-muted; }
#progress { padding: 0 1; }
#card { height: 1fr; padding: 1 2; }
#where { color: $accent; text-style: bold; }
#card-title { text-style: bold; margin: 1 0; }
#prompt { color: $text-muted; text-style: italic; }
#answer { margin-top: 1; padding: 0 1; border-left: thick $accent; display: none; }
#answer.-shown { display: block; }
#grades { margin-top: 1; text-style: bold; display: none; }
#grades.-shown { display: block; }
#summary { display: none; padding: 1 2; height: 1fr; }
#summary.-shown { display: block; }
#warnings { height: auto; padding: 0 1; color: $warning; }
"""

GRADE_KEYS: dict[str, Grade] = {"1": "knew", "2": "partly", "3": "missed"}


def summary_text(drill: Drill) -> Text:
    st = drill.state
    counts = st.counts
    out = Text()
    headline = "Drill complete" if st.end_reason == "finished" else "Drill stopped"
    out.append(f"{headline}\n\n", style="bold")
    out.append(
        f"{len(st.grades)} of {len(st.order)} cards: "
        f"{counts['knew']} knew · {counts['partly']} partly · {counts['missed']} missed\n\n"
    )
    weak = st.weak
    if weak:
        out.append("To practise (the next drill starts with these):\n", style="bold")
        for sid, grade in weak:
            card = card_for(drill.lesson, sid)
            out.append(f"  • {one_line(card.title)}", style="bold")
            out.append(f"  ({grade}) — {one_line(card.where)}\n")
    else:
        out.append("Every card graded was known.\n")
    out.append("\nPress q to quit.", style="italic")
    return out


class RehearseApp(App[int]):
    """Show a card, reveal, grade; a summary of the weak steps at the end."""

    TITLE = "coach · rehearse"
    ENABLE_COMMAND_PALETTE = False
    CSS = REHEARSE_CSS
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space,enter", "reveal", "Reveal", show=True),
        Binding("1", "grade('knew')", "Knew", show=True),
        Binding("2", "grade('partly')", "Partly", show=True),
        Binding("3", "grade('missed')", "Missed", show=True),
        Binding("q", "quit_drill", "Quit", show=True),
        Binding("ctrl+c", "quit_drill", "Quit", show=False, priority=True),
    ]

    def __init__(self, drill: Drill, *, animate: bool = True) -> None:
        super().__init__()
        self.drill = drill
        title = literal_line(f"Rehearse · {drill.lesson.title}")
        self.title_label = Static(title, id="lesson-title", markup=False)
        self.count = ChangeOnlyStatic("", id="count")
        self.progress = StepProgress(id="progress")
        self.where = ChangeOnlyStatic("", id="where")
        self.card_title = Static("", id="card-title", markup=False)
        self.prompt = Static(
            "Recall what to do here, then press Space to reveal.", id="prompt", markup=False
        )
        self.answer = Static("", id="answer", markup=False)
        self.grades = Static(
            "How did you do?  1 knew · 2 partly · 3 missed", id="grades", markup=False
        )
        self.summary = Static("", id="summary", markup=False)
        self.card_box = VerticalScroll(id="card")
        warnings = list(getattr(drill, "warnings", []))
        self.warnings = Static("\n".join(one_line(w) for w in warnings), id="warnings")
        self.warnings.display = bool(warnings)
        if not animate:
            self.animation_level = "none"

    def compose(self) -> ComposeResult:
        with Horizontal(id="topbar"):
            yield self.title_label
            yield self.count
        yield self.progress
        yield self.warnings
        with self.card_box, Vertical():
            yield self.where
            yield self.card_title
            yield self.prompt
            yield self.answer
            yield self.grades
        yield self.summary
        yield KeyBar()

    def on_mount(self) -> None:
        self.render_drill()

    # ------------------------------------------------------------------ render

    def render_drill(self) -> None:
        drill = self.drill
        st = drill.state
        total = len(st.order)
        self.progress.show(min(len(st.grades), total), total)
        if st.ended:
            self.card_box.display = False
            self.summary.update(summary_text(drill))
            self.summary.add_class("-shown")
            self.count.set(f"{len(st.grades)} of {total} graded")
            problem = getattr(drill, "problem", None)
            if problem:
                self.warnings.update(one_line(problem))
                self.warnings.display = True
            self.refresh_bindings()
            return
        card = drill.card
        if card is None:
            return
        self.count.set(f"card {st.position + 1} of {total}")
        self.where.set(one_line(card.where))
        self.card_title.update(literal_line(card.title))
        self.answer.update(literal("\n".join(card.answer)))
        self.answer.set_class(st.revealed, "-shown")
        self.grades.set_class(st.revealed, "-shown")
        self.prompt.display = not st.revealed
        self.card_box.scroll_home(animate=False)
        self.refresh_bindings()

    # ------------------------------------------------------------------ keys

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        st = self.drill.state
        if st.ended and action in ("reveal", "grade"):
            return False
        if action == "reveal":
            return not st.ended and not st.revealed
        if action == "grade":
            return True if (not st.ended and st.revealed) else None
        return True

    def action_reveal(self) -> None:
        if self.drill.reveal():
            self.render_drill()

    def action_grade(self, grade: str) -> None:
        if grade in GRADE_KEYS.values() and self.drill.grade(grade):  # type: ignore[arg-type]
            self.render_drill()

    def action_quit_drill(self) -> None:
        close = getattr(self.drill, "close", None)
        if callable(close):
            close()
        else:
            self.drill.stop()
        self.exit(0)


def launch_rehearse(name_or_path: str) -> int:
    """`coach rehearse LESSON`: the exit code."""
    from coach.drill.session import DrillSession
    from coach.lesson.catalog import resolve
    from coach.ui.launch import NOT_A_TTY, _is_tty

    if not _is_tty():
        print(NOT_A_TTY, file=sys.stderr)
        return 2
    lesson, path = resolve(name_or_path)
    drill = DrillSession.open(lesson, path)
    try:
        return int(RehearseApp(drill).run() or 0)
    finally:
        drill.close()
        if drill.problem:
            print(f"coach: {drill.problem}", file=sys.stderr)
