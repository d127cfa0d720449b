"""The summary screen and the export read one report: a session with a repeated check-in,
a STOP and a skipped step shows the same figures in both (issues 14 and 19)."""

from __future__ import annotations

import re
from typing import Any

from rich.console import Console

from coach.engine import commands as c
from coach.engine.clock import FakeClock
from coach.engine.events import event_to_dict
from coach.engine.session import Session
from coach.lesson import load_lesson
from coach.report.fold import fold
from coach.report.markdown import render_markdown
from coach.timefmt import clock, duration
from coach.ui.screens.summary import summary_renderable
from tests.conftest import LESSONS
from tests.journal.scripted import header


def _session() -> tuple[Session, list[dict[str, Any]]]:
    lesson = load_lesson(LESSONS / "tour.yaml")
    s = Session(lesson, FakeClock(), next_guard=0.0)
    records: list[dict[str, Any]] = []

    def do(command: c.Command, wait: float = 0.0) -> None:
        s.clock.advance(wait)  # type: ignore[attr-defined]
        for event in s.do(command):
            records.append(event_to_dict(event) | {"wall": "2026-11-25T14:23:01.000+01:00"})

    do(c.Start())
    do(c.Next(), 10.4)  # arrive.1 done
    do(c.Skip(), 3.3)  # the checklist skipped
    do(c.JumpTo("again"), 2.0)  # the check-in
    do(c.Answer(True), 4.2)  # yes: another round (to the hold)
    do(c.JumpTo("again"), 6.1)
    do(c.Answer(True), 3.0)  # repeated
    do(c.Stop(), 7.5)
    do(c.StopChoice("end"), 12.25)
    return s, records


def test_summary_and_export_agree_on_every_figure() -> None:
    session, records = _session()
    report = fold(session.lesson, header(session.lesson), records)
    console = Console(width=120, record=True)
    console.print(summary_renderable(session, session.view()))
    screen = console.export_text()
    export = render_markdown(report)

    assert [r.answer for r in report.checkins] == ["yes", "yes"]  # both, in order
    skipped = [s.title for s in report.steps if s.outcome == "skipped"]
    stopped = [s.title for s in report.steps if s.outcome == "stopped here"]
    assert len(skipped) == 1 and len(stopped) == 1
    assert stopped[0] not in [s.title for s in report.steps if s.outcome == "done"]
    assert re.search(rf"Steps done +{report.steps_done} of {len(report.steps)}\b", screen)
    assert re.search(rf"Skipped +{report.steps_skipped}\b", screen)
    assert duration(report.time.active_seconds) in screen
    assert f"**Active time:** {duration(report.time.active_seconds)}" in export
    assert f"**Paused or stopped:** {duration(report.time.paused_seconds)}" in export
    assert duration(report.time.paused_seconds) in screen
    question = report.checkins[0].question
    assert screen.count(question) == 2 and export.count(question) == 2
    for row in report.checkins:
        assert f"- {clock(row.t)} — " in export
    assert "stopped here" in export and stopped[0] in screen
