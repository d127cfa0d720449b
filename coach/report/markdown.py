"""The report as Markdown, for people: a CommonMark document that reads well rendered.

Everything quoted from the lesson or typed by the person is data: it goes
through `coach.text.visible` and the escaping in `coach.md`, and the review
is kept verbatim in a code fence. Moments and lengths use `coach.timefmt`.
"""

from __future__ import annotations

from datetime import datetime

from coach import md
from coach.report.model import Report
from coach.text import visible
from coach.timefmt import clock
from coach.timefmt import duration as duration_text


def _parse(wall: str | None) -> datetime | None:
    if wall is None:
        return None
    try:
        return datetime.fromisoformat(wall)
    except ValueError:
        return None


def duration(seconds: float | None) -> str:
    """``0:42``, ``12:03``, ``1:02:03``; an en dash for unknown."""
    return "–" if seconds is None else clock(seconds)


def _when(wall: str | None) -> str:
    moment = _parse(wall)
    if moment is None:
        return md.inline(wall or "unknown")
    text = moment.strftime("%A %d %B %Y, %H:%M")
    offset = moment.strftime("%z")  # "+0100"; empty for a naive time
    return f"{text} (UTC{offset[:3]}:{offset[3:]})" if offset else text


def _clock(wall: str | None) -> str:
    moment = _parse(wall)
    return moment.strftime("%H:%M") if moment is not None else "?"


def _q(text: str | None) -> str:
    """Inline-escaped text in typographic quotes."""
    return f"“{md.inline(text or '')}”"


_TRIGGERS = {
    "before": "before the step",
    "after": "after the step",
    "between_positions": "between positions",
    "every": "periodic",
}
_STOP_OUTCOMES = {
    "resume": "then resumed",
    "back": "then went back a step",
    "end": "then ended the session",
    None: "not resolved",
}


def render_markdown(rep: Report) -> str:
    """The report as a CommonMark document (GFM tables) that reads well rendered."""
    out: list[str] = []
    session, lesson_info, times = rep.session, rep.lesson, rep.time
    titles = {s.id: s.title for s in rep.steps}

    def step_name(step_id: str | None) -> str:
        if step_id is None:
            return "before the first step"
        return _q(titles.get(step_id, step_id))

    out.append(f"# Session: {md.inline(lesson_info.title or lesson_info.id)}")
    out.append("")
    status = session.status
    if status == "finished":
        outcome = "finished"
    elif status == "stopped" and session.end_reason == "checkin":
        outcome = "stopped by a check-in"
        if session.end_message:
            outcome += f": {_q(session.end_message)}"
    elif status == "stopped":
        ended_by_stop = [s for s in rep.stops if s.outcome == "end"]
        outcome = "stopped"
        if ended_by_stop:
            outcome += f" with STOP at {step_name(ended_by_stop[-1].step_id)}"
    else:
        outcome = "interrupted — the journal ends without the session ending"
    facts = [
        f"**Date:** {_when(session.started_wall)}",
        f"**Lesson:** {md.inline(lesson_info.id)}, version {md.inline(lesson_info.version)}",
        f"**Session:** {md.inline(session.id)} ({md.inline(session.mode)})",
        f"**Outcome:** {outcome}",
        f"**Active time:** {duration_text(times.active_seconds or 0)}",
        f"**Paused or stopped:** {duration_text(times.paused_seconds or 0)}",
    ]
    if times.planned_seconds:
        facts.append(
            f"**Planned:** {duration_text(times.planned_seconds)} "
            "(the timed, open and hold steps, once each)"
        )
    if times.not_running_seconds:
        facts.append(f"**App not running:** {duration_text(times.not_running_seconds)}")
    out.extend(f"- {fact}" for fact in facts)
    out.append("")

    if rep.warnings:
        out.append("> **Note:** " + "\\\n> ".join(md.inline(w) for w in rep.warnings))
        out.append("")

    # Steps
    out.append("## Steps")
    out.append("")
    rows = []
    # A row per lesson step, whose section, kind and outcome repeat: each
    # distinct text is escaped once.
    cells: dict[str, str] = {}

    def cell(text: str) -> str:
        done = cells.get(text)
        if done is None:
            done = cells[text] = md.cell(text)
        return done

    for s in rep.steps:
        rows.append(
            [
                str(s.index + 1),
                cell(s.section or ""),
                md.cell(s.title),
                cell(s.kind or ""),
                duration(s.planned_seconds),
                duration(s.actual_seconds),
                str(s.visits),
                cell(s.outcome),
            ]
        )
    out.append(
        md.table(
            ["#", "Section", "Step", "Kind", "Planned", "Actual", "Visits", "Outcome"],
            rows,
            ["right", "left", "left", "left", "right", "right", "right", "left"],
        )
    )
    out.append("")
    out.append(
        "Durations are active time (pauses and STOPs left out). Moments in the lists "
        "below (m:ss) count from the start of the session."
    )
    out.append("")

    if rep.holds:
        out.append("## Holds")
        out.append("")
        for h in rep.holds:
            depth = f", {md.inline(h.depth)}" if h.depth else ""
            round_ = f" (round {h.visit})" if h.visit > 1 else ""
            out.append(f"### {md.inline(h.title)}{round_}")
            out.append("")
            out.append(
                f"Planned {duration(h.planned_seconds)}, actual {duration(h.actual_seconds)}"
                f"{depth}."
            )
            out.append("")
            rows = [
                [
                    f"{p.hour} o’clock",
                    "–" if p.planned_breaths is None else str(p.planned_breaths),
                    "–" if p.breaths is None else str(p.breaths),
                    duration(p.planned_seconds),
                    duration(p.seconds),
                ]
                for p in h.positions
            ]
            out.append(
                md.table(
                    ["Position", "Breaths planned", "Breaths done", "Planned", "Actual"],
                    rows,
                    ["left", "right", "right", "right", "right"],
                )
            )
            out.append("")

    if rep.checklists:
        out.append("## Checklists")
        out.append("")
        for c in rep.checklists:
            out.append(f"- **{md.inline(c.title)}**")
            for item in c.items:
                mark = "✓" if item.checked else "·"
                out.append(f"  - {mark} {md.inline(item.text)}")
        out.append("")

    if rep.checkins:
        out.append("## Check-ins")
        out.append("")
        for c in rep.checkins:
            action = c.action
            if action == "goto":
                led = f"went to {step_name(c.target)}"
            elif action == "repeat":
                led = f"repeated from {step_name(c.target)}"
            elif action == "stop":
                led = "ended the session"
            elif c.target is None:
                led = "continued to the end"
            else:
                led = f"continued to {step_name(c.target)}"
            line = f"- {duration(c.t)} — {_q(c.question)} **{c.answer}**, {led}"
            if c.say:
                line += f"; coach said {_q(c.say)}"
            out.append(line)
        out.append("")

    if rep.reminders:
        out.append("## Reminders shown")
        out.append("")
        for r in rep.reminders:
            where = f", {step_name(r.step_id)}" if r.step_id else ""
            ack = ""
            if r.needs_ack:
                ack = (
                    f" — acknowledged at {duration(r.acknowledged_t)}"
                    if r.acknowledged_t is not None
                    else " — not acknowledged"
                )
            trigger = _TRIGGERS.get(r.trigger, r.trigger)
            out.append(f"- {duration(r.t)} ({trigger}{where}): {_q(r.text)}{ack}")
        out.append("")

    if rep.stops:
        out.append("## STOPs")
        out.append("")
        for s in rep.stops:
            out.append(
                f"- {duration(s.t)} at {step_name(s.step_id)}: stopped for "
                f"{duration_text(s.seconds or 0)}, {_STOP_OUTCOMES.get(s.outcome, '')}"
            )
        out.append("")

    if rep.feedback:
        out.append("## Feedback")
        out.append("")
        for f in rep.feedback:
            out.append(f"### {md.inline(f.title)}")
            out.append("")
            rows = [[md.cell(r.text), md.cell(r.rating)] for r in f.ratings]
            out.append(md.table(["Item", "Rating"], rows))
            out.append("")

    if rep.notes:
        out.append("## Notes")
        out.append("")
        for n in rep.notes:
            body = md.block(n.text).replace("\n", "\n  ")
            out.append(f"- **{md.inline(n.title)}:** {body}")
        out.append("")

    if rep.pauses or rep.interruptions:
        out.append("## Pauses and interruptions")
        out.append("")
        for p in rep.pauses:
            length = "until the end" if p.seconds is None else duration_text(p.seconds)
            out.append(f"- {duration(p.t)} paused, {length}")
        for i in rep.interruptions:
            out.append(
                f"- {duration(i.after_t)} the app was not running for "
                f"{duration_text(i.seconds)} ({_clock(i.from_wall)} to "
                f"{_clock(i.to_wall)}), during {step_name(i.step_id)}: "
                f"{md.inline(i.message)}"
            )
        out.append("")

    out.append("## Review")
    out.append("")
    if rep.review and rep.review.strip():
        out.append(md.fenced(rep.review))
    else:
        out.append("*No review was written.*")
    out.append("")
    # Every piece was made visible already; this is the last guard for the file.
    # `visible` maps character by character and keeps newlines, so line by line
    # is the same text, and almost every line is printable and passes at once;
    # when every line is (the whole text less its newlines), the text is done.
    text = "\n".join(out)
    if text.replace("\n", "").isprintable():
        return text
    return "\n".join(visible(line) for line in text.split("\n"))
