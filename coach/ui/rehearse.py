"""`coach rehearse`: spaced-repetition recall drills, in the terminal.

One card at a time: where the step is, its title, and the question ("what is
done here?" or "what comes next?"). The person recalls the answer, presses
Space (or Enter) to reveal it, and grades themselves with the four FSRS
ratings, one key each: 1 again, 2 hard, 3 good, 4 easy. The end shows the
cards to practise and when the next ones fall due; `s` opens the practice
history (`coach.ui.stats`).

The screen only renders the drill's state and turns keys into drill actions;
journaling, scheduling and the drill memory are the `DrillSession`'s job, so
the drill logic is tested without a terminal.
"""

from __future__ import annotations

import sys
from typing import ClassVar

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Static

from coach.drill.cards import Face
from coach.drill.model import Drill
from coach.drill.store import RATINGS
from coach.text import one_line, visible
from coach.ui.widgets.key_bar import KeyBar
from coach.ui.widgets.progress import ChangeOnlyStatic, StepProgress

REHEARSE_CSS = """
#topbar { height: 1; padding: 0 1; background: $panel; }
#lesson-title { width: 1fr; text-style: bold; }
#count { width: auto; color: $text-muted; }
#progress { padding: 0 1; }
#card { height: 1fr; padding: 1 2; }
#where { color: $accent; text-style: bold; }
#card-title { text-style: bold; margin: 1 0 0 0; }
#question { color: $accent; margin-bottom: 1; }
#prompt { color: $text-muted; text-style: italic; }
#answer { padding: 0 1; border-left: thick $accent; display: none; }
#answer.-shown { display: block; }
#grades { margin-top: 1; text-style: bold; display: none; }
#grades.-shown { display: block; }
#summary { display: none; padding: 1 2; height: 1fr; }
#summary.-shown { display: block; }
#warnings { height: auto; padding: 0 1; color: $warning; }
"""

GRADE_KEYS: dict[str, str] = {str(n): rating for n, rating in enumerate(RATINGS, start=1)}
GRADE_HINT = "How well did you recall it?  " + " · ".join(
    f"{key} {rating}" for key, rating in GRADE_KEYS.items()
)


def answer_text(card: Face) -> Text:
    """The revealed side: the answer's title, its lines, and the safety text last."""
    out = Text()
    out.append(visible(card.answer_title), style="bold")
    for line in card.answer:
        out.append("\n" + visible(line))
    if card.safety:
        out.append("\nSafety: ", style="bold red")
        out.append(visible(card.safety))
    return out


def summary_text(drill: Drill) -> Text:
    st = drill.state
    out = Text()
    if not st.order:
        out.append("Nothing to drill now.\n\n", style="bold")
        out.append(
            "No card is due today. `coach rehearse LESSON` starts a lesson's new cards; "
            "--cram drills every card.\n"
        )
        out.append("\nPress s for your practice history, q to quit.", style="italic")
        return out
    counts = st.counts
    headline = "Drill complete" if st.end_reason == "finished" else "Drill stopped"
    out.append(f"{headline}\n\n", style="bold")
    out.append(
        f"{len(st.grades)} of {len(st.order)} cards: "
        + " · ".join(f"{counts[r]} {r}" for r in RATINGS)
        + "\n\n"
    )
    if st.weak:
        out.append("To practise (the schedule brings these back soon):\n", style="bold")
        for key, grade in st.weak:
            card = drill.face_of(key)
            ask = "what comes next" if key.ask == "next" else "what is done"
            out.append(f"  • {one_line(card.prompt)}", style="bold")
            out.append(f"  ({grade}, {ask}) — {one_line(card.where)}\n")
    else:
        out.append("Every card graded was recalled.\n")
    out.append("\nPress s for your practice history, q to quit.", style="italic")
    return out


class RehearseApp(App[int]):
    """Show a card, reveal, grade; a summary of the cards to practise at the end."""

    TITLE = "coach · rehearse"
    ENABLE_COMMAND_PALETTE = False
    CSS = REHEARSE_CSS
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space,enter", "reveal", "Reveal", show=True),
        *(
            Binding(key, f"grade('{rating}')", rating.capitalize(), show=True)
            for key, rating in GRADE_KEYS.items()
        ),
        Binding("s", "stats", "Stats", show=True),
        Binding("q", "quit_drill", "Quit", show=True),
        Binding("ctrl+c", "quit_drill", "Quit", show=False, priority=True),
    ]

    def __init__(self, drill: Drill, *, animate: bool = True) -> None:
        super().__init__()
        self.drill = drill
        title = Text(one_line(f"Rehearse · {drill.label}"))
        self.title_label = Static(title, id="lesson-title", markup=False)
        self.count = ChangeOnlyStatic("", id="count")
        self.progress = StepProgress(id="progress")
        self.where = ChangeOnlyStatic("", id="where")
        self.card_title = Static("", id="card-title", markup=False)
        self.question = Static("", id="question", markup=False)
        self.prompt = Static("Recall it, then press Space to reveal.", id="prompt", markup=False)
        self.answer = Static("", id="answer", markup=False)
        self.grades = Static(GRADE_HINT, id="grades", markup=False)
        self.summary = Static("", id="summary", markup=False)
        self.card_box = VerticalScroll(id="card")
        warnings = list(getattr(drill, "warnings", []))
        self.warnings = Static(Text("\n".join(one_line(w) for w in warnings)), id="warnings")
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
            yield self.question
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
                self.warnings.update(Text(one_line(problem)))
                self.warnings.display = True
            self.refresh_bindings()
            return
        card = drill.card
        if card is None:
            return
        self.count.set(f"card {st.position + 1} of {total}")
        self.where.set(one_line(f"{card.lesson_title} · {card.where}"))
        self.card_title.update(Text(one_line(card.prompt)))
        self.question.update(Text(card.question))
        self.answer.update(answer_text(card))
        self.answer.set_class(st.revealed, "-shown")
        self.grades.set_class(st.revealed, "-shown")
        self.prompt.display = not st.revealed
        self.card_box.scroll_home(animate=False)
        self.refresh_bindings()

    # ------------------------------------------------------------------ keys

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        st = self.drill.state
        if action == "reveal":
            return not st.ended and not st.revealed
        if action == "grade":
            if st.ended:
                return False
            return True if st.revealed else None
        return True

    def action_reveal(self) -> None:
        if self.drill.reveal():
            self.render_drill()

    def action_grade(self, rating: str) -> None:
        if self.drill.grade(rating):
            self.render_drill()

    def action_stats(self) -> None:
        from coach.ui.stats import StatsScreen

        self.push_screen(StatsScreen(now=self.drill.wall()))

    def action_quit_drill(self) -> None:
        close = getattr(self.drill, "close", None)
        if callable(close):
            close()
        else:
            self.drill.stop()
        self.exit(0)


def launch_rehearse(
    name_or_path: str | None, *, cram: bool = False, section: str | None = None
) -> int:
    """`coach rehearse [LESSON] [--cram] [--section ID]`: the exit code."""
    from coach.drill.session import DrillSession
    from coach.drill.store import peek_memory
    from coach.errors import CoachError
    from coach.lesson.catalog import resolve
    from coach.ui.launch import NOT_A_TTY, _is_tty

    if not _is_tty():
        print(NOT_A_TTY, file=sys.stderr)
        return 2
    notes: list[str] = []
    if name_or_path is not None:
        lessons = [resolve(name_or_path)]
        if section is not None:
            lesson = lessons[0][0]
            known = [lesson.section_id(i) for i in range(len(lesson.sections))]
            if section not in known:
                raise CoachError(
                    f"lesson `{lesson.id}` has no section `{one_line(section)}`; "
                    f"its sections: {', '.join(known)}"
                )
    else:
        if section is not None:
            raise CoachError("--section needs a lesson: coach rehearse LESSON --section ID")
        lessons = []
        for lesson_id in peek_memory()[0].lessons():
            try:
                lessons.append(resolve(lesson_id))
            except CoachError:
                notes.append(f"lesson `{lesson_id}` is no longer found; its cards wait")
    drill = DrillSession.open(
        lessons, every_lesson=name_or_path is None, cram=cram, section=section, warnings=notes
    )
    from coach.crash import run_app

    try:
        return run_app(RehearseApp(drill), where="coach rehearse")
    finally:
        drill.close()
        if drill.problem:
            print(f"coach: {one_line(drill.problem)}", file=sys.stderr)
