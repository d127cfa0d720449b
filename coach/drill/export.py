"""A rehearse journal as a short Markdown summary.

A drill's journal holds drill events, not engine events, so the session
export (which replays the engine) does not apply; this fold reads the drill
events alone and needs no lesson file: every ``DrillGraded`` event carries the
step's title and section. All lesson text goes through `coach.md`, so
it stays literal.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from coach import md
from coach.drill.model import GRADES, WEAK, replay_drill
from coach.journal.store import Header, active_seconds, session_status

_MARK = {"knew": "knew", "partly": "partly", "missed": "missed"}


def drill_markdown(header: Header, events: Sequence[Mapping[str, Any]]) -> str:
    """The drill recorded in a journal: counts, every card graded, the weak steps."""
    state = replay_drill(events)
    graded = [e for e in events if e.get("type") == "DrillGraded" and e.get("grade") in GRADES]
    status, _reason = session_status([dict(e) for e in events])
    seconds = active_seconds([dict(e) for e in events])
    counts = state.counts
    out: list[str] = [
        f"# Rehearsal: {md.inline(header.lesson_title or header.lesson_id)}",
        "",
        f"- Lesson: {md.inline(header.lesson_id)} (version {md.inline(header.lesson_version)})",
        f"- Session: {md.inline(header.session)}, started {md.inline(header.started_wall)}",
        f"- Status: {status}, {round(seconds / 60)} min",
        f"- Cards: {len(graded)} of {len(state.order)} graded — "
        + ", ".join(f"{counts[g]} {g}" for g in GRADES),
        "",
    ]
    if graded:
        rows = [
            [
                md.cell(str(e.get("number", ""))),
                md.cell(str(e.get("section", ""))),
                md.cell(str(e.get("title") or e.get("step_id", ""))),
                _MARK[str(e["grade"])],
            ]
            for e in graded
        ]
        align = ["right", "left", "left", "left"]
        out += [md.table(["#", "Section", "Step", "Grade"], rows, align)]
        out.append("")
    weak = [e for e in graded if e.get("grade") in WEAK]
    out.append("## To practise")
    out.append("")
    if weak:
        for e in weak:
            title = md.inline(str(e.get("title") or e.get("step_id", "")))
            out.append(f"- {title} ({e['grade']}) — step {md.inline(str(e.get('number', '?')))}")
        out.append("")
        out.append("The next drill of this lesson starts with these.")
    else:
        out.append("Nothing: every card graded was known.")
    return "\n".join(out) + "\n"
