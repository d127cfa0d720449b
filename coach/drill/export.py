"""A rehearse journal as a short Markdown summary.

A drill's journal holds drill events, not engine events, so the session
export (which replays the engine) does not apply; this fold reads the drill
events alone and needs no lesson file: every ``DrillGraded`` event carries the
card's title and place. All lesson text goes through `coach.md`, so
it stays literal.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from coach import md
from coach.drill.model import WEAK, replay_drill
from coach.drill.store import RATINGS
from coach.journal.header import Header
from coach.report.fold import fold
from coach.timefmt import duration

_QUESTION = {"do": "what is done", "next": "what comes next"}


def drill_markdown(header: Header, events: Sequence[Mapping[str, Any]]) -> str:
    """The drill recorded in a journal: counts, every card graded, the weak ones."""
    state = replay_drill(events)
    graded = [e for e in events if e.get("type") == "DrillGraded" and e.get("rating") in RATINGS]
    # The drill's own events are not the engine's; the fold skips them and reads
    # the status and active time off the ones both write (the end, the pauses).
    report = fold(None, header, events)
    status, seconds = report.session.status, report.time.active_seconds
    counts = state.counts
    out: list[str] = [
        f"# Rehearsal: {md.inline(header.lesson_title or header.lesson_id)}",
        "",
        f"- Session: {md.inline(header.session)}, started {md.inline(header.started_wall)}",
        f"- Status: {status}, {duration(seconds)}",
        f"- Cards: {len(graded)} of {len(state.order)} graded — "
        + ", ".join(f"{counts[g]} {g}" for g in RATINGS),
        "",
    ]
    if graded:
        rows = [
            [
                md.cell(str(e.get("lesson_id", ""))),
                md.cell(str(e.get("where", ""))),
                md.cell(str(e.get("title") or e.get("step_id", ""))),
                _QUESTION.get(str(e.get("ask")), "?"),
                str(e["rating"]),
            ]
            for e in graded
        ]
        align = ["left", "left", "left", "left", "left"]
        out += [md.table(["Lesson", "Where", "Step", "Asked", "Grade"], rows, align)]
        out.append("")
    weak = [e for e in graded if e.get("rating") in WEAK]
    out.append("## To practise")
    out.append("")
    if weak:
        for e in weak:
            title = md.inline(str(e.get("title") or e.get("step_id", "")))
            out.append(f"- {title} ({e['rating']}) — {md.inline(str(e.get('where', '')))}")
        out.append("")
        out.append("The scheduler brings these back first.")
    else:
        out.append("Nothing: every card graded was recalled.")
    return "\n".join(out) + "\n"
