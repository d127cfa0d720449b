"""A lesson as a readable Markdown handout (`coach preview`).

Students want the sequence on paper before and after class; authors want to
read their lesson as a document. The handout is built from the validated model
(so includes and generated ids are resolved) and quotes every lesson string
through the Markdown escapers: a shared lesson cannot inject markup.
Instructor notes stay out unless asked for (`--notes`).
"""

from __future__ import annotations

from coach import md
from coach.durations import spoken
from coach.lesson import model as m

_KIND_LABEL = {
    "instruction": "",
    "checklist": "checklist",
    "open": "open-ended",
    "timed": "timed",
    "hold": "breath-paced hold",
    "checkin": "check-in",
    "feedback": "feedback",
    "review": "review",
}

_WHEN = {
    m.Trigger.BEFORE: "before this step",
    m.Trigger.AFTER: "after this step",
    m.Trigger.BETWEEN_POSITIONS: "between positions",
}


def format_seconds(seconds: float) -> str:
    """`1 h 05 min`, `4 min 30 s`, `45 s`: rounded to whole seconds first."""
    return spoken(seconds)


def timed_seconds(lesson: m.Lesson) -> float:
    """The time the lesson's clocks fix: timers, suggested open times and holds."""
    return sum(m.planned_seconds(f.step, lesson.pace) or 0.0 for f in lesson.flat_steps())


def _route(route: m.Route, ids: dict[str, str]) -> str:
    action = route.action
    if action == "goto":
        text = f"go to “{md.inline(ids.get(route.goto or '', route.goto or ''))}”"
    elif action == "stop":
        text = f"stop: {md.inline(route.stop or '')}"
    elif action == "repeat":
        text = "repeat the previous step"
    else:
        text = "continue"
    if route.say:
        text += f" (“{md.inline(route.say)}”)"
    return text


def _reminders(reminders: tuple[m.Reminder, ...]) -> list[str]:
    lines = []
    for reminder in reminders:
        when = (
            f"every {reminder.minutes:g} min"
            if reminder.when is m.Trigger.EVERY
            else _WHEN[reminder.when]
        )
        ack = " (acknowledge before going on)" if reminder.ack else ""
        lines.append(f"> **Reminder, {when}{ack}:** {md.inline(reminder.text)}")
    return lines


def _hold(step: m.HoldStep, lesson_pace: m.Pace) -> list[str]:
    pace = step.pace or lesson_pace
    rest = f", rest {pace.rest:g} s" if pace.rest else ""
    lines = [
        f"Depth: **{step.depth.label}** · pressure on the **exhale** · "
        f"breath: in {pace.inhale:g} s, out {pace.exhale:g} s{rest}",
        "",
    ]
    rows = [
        [f"{p.at} o'clock", str(step.breaths_at(i)), md.cell(p.note or "")]
        for i, p in enumerate(step.positions)
    ]
    lines.append(md.table(["position", "breaths", "note"], rows, ["left", "right", "left"]))
    if len(step.positions) > 1:
        between = step.between
        extra = f": {md.inline(between.text)}" if between.text else ""
        lines += ["", f"Between positions: **{between.action}** ({between.seconds:g} s){extra}"]
    return lines


def _step(
    flat: m.FlatStep, number: int, lesson: m.Lesson, ids: dict[str, str], notes: bool
) -> list[str]:
    step = flat.step
    label = _KIND_LABEL[step.kind]
    planned = m.planned_seconds(step, lesson.pace)
    suffix = []
    if label:
        suffix.append(label)
    if planned:
        suffix.append(
            f"about {format_seconds(planned)}" if step.kind != "timed" else format_seconds(planned)
        )
    who = ""
    if step.who:
        names = {r.id: r.name for r in lesson.roles}
        who = f" — {md.inline(names.get(step.who, step.who))}"
    lines = [f"### {number}. {md.inline(step.title)}{who}"]
    if suffix:
        lines += ["", f"*{' · '.join(suffix)}*"]
    lines += [""]
    lines += _reminders(tuple(r for r in step.reminders if r.when is m.Trigger.BEFORE))
    if any(r.when is m.Trigger.BEFORE for r in step.reminders):
        lines.append("")
    if step.do:
        lines += [md.block(step.do), ""]
    if step.safety:
        lines += [f"> **Safety:** {md.inline(step.safety)}", ""]
    if isinstance(step, m.ChecklistStep):
        lines += [f"- [ ] {md.inline(item)}" for item in step.items] + [""]
    if isinstance(step, m.HoldStep):
        lines += [*_hold(step, lesson.pace), ""]
    if isinstance(step, m.CheckinStep):
        lines += [
            f"**{md.inline(step.question)}**",
            "",
            f"- yes → {_route(step.route(True), ids)}",
            f"- no → {_route(step.route(False), ids)}",
            "",
        ]
    if isinstance(step, m.FeedbackStep):
        lines += [f"- {md.inline(item)}: good / neutral / bad" for item in step.items] + [""]
    if isinstance(step, m.ReviewStep):
        lines += [f"- {md.inline(prompt)}" for prompt in step.prompts] + (
            [""] if step.prompts else []
        )
    if step.cue:
        lines += [f"*Notice:* {md.inline(step.cue)}", ""]
    if step.why:
        lines += [f"*Why:* {md.inline(step.why)}", ""]
    others = tuple(r for r in step.reminders if r.when is not m.Trigger.BEFORE)
    if others:
        lines += [*_reminders(others), ""]
    if notes and step.note:
        lines += [f"> **Instructor:** {md.inline(step.note)}", ""]
    return lines


def to_markdown(lesson: m.Lesson, *, notes: bool = False) -> str:
    """The whole lesson as CommonMark (with GFM tables)."""
    flat = lesson.flat_steps()
    ids = {f.id: f.step.title for f in flat}
    lines = [f"# {md.inline(lesson.title)}", "", md.block(lesson.summary), ""]
    facts = [
        f"about {lesson.minutes} min",
        f"{len(flat)} steps in {len(lesson.sections)} sections",
        f"lesson `{lesson.id}` version {md.inline(lesson.version)}",
    ]
    timed = timed_seconds(lesson)
    if timed:
        facts.insert(1, f"{format_seconds(timed)} of it on the clock")
    lines += ["*" + " · ".join(facts) + "*", ""]
    if lesson.content_note:
        lines += ["> **Content note:** " + md.inline(lesson.content_note), ""]
    if lesson.roles:
        lines += ["**Roles:**", ""]
        for role in lesson.roles:
            about = f": {md.inline(role.description)}" if role.description else ""
            lines.append(f"- **{md.inline(role.name)}**{about}")
        lines.append("")
    periodic = _reminders(lesson.reminders)
    if periodic:
        lines += [*periodic, ""]
    number = 0
    for s_index, section in enumerate(lesson.sections):
        lines += [f"## {md.inline(section.title)}", ""]
        if section.summary:
            lines += [md.block(section.summary), ""]
        for flat_step in flat:
            if flat_step.section_index != s_index:
                continue
            number += 1
            lines += _step(flat_step, number, lesson, ids, notes)
    while lines and lines[-1] == "":
        lines.pop()
    return "\n".join(lines) + "\n"
