"""Sound, voice and hands-free through the real `CoachApp`: a recording sink, a FakeClock, keys.

No sound card and no sleep: the guide's scheduler runs unthreaded on the FakeClock,
so a test moves the clock, lets the app tick, and plays what is due (`run_due`).
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable

from textual.pilot import Pilot

from coach.audio.cues import CueKind
from coach.audio.lines import READY_LINE, STOP_LINE, step_line
from coach.audio.sinks import Record, RecordingSink, Sink
from coach.audio.synth import SAMPLE_RATE
from coach.engine import commands as c
from coach.engine import events as e
from coach.engine.clock import FakeClock
from coach.engine.session import Session
from coach.ui.app import CoachApp
from coach.ui.audio_bridge import (
    COUNT_IN_TICKS,
    HANDS_FREE_PAUSE,
    START_LINE,
    AudioSettings,
)

from .helpers import make_app, press, screen_text

K = CueKind
SIZE = (100, 40)


class FakeSpeech:
    """Stands in for a rendered `SpeechBank`: every line lasts `seconds_per_line`."""

    def __init__(self, seconds_per_line: float = 2.0) -> None:
        self.length = int(seconds_per_line * SAMPLE_RATE)
        self.prepared: list[str] = []

    def prepare(self, texts: Iterable[str], progress: object = None) -> None:
        self.prepared.extend(texts)

    def samples(self, text: str) -> array:
        return array("h", bytes(2 * self.length))

    def seconds(self, text: str) -> float:
        return self.length / SAMPLE_RATE


class Rig:
    """A tour app whose sink records; `sink` is the one the app opened."""

    def __init__(self, **settings: object) -> None:
        self.sinks: list[RecordingSink] = []
        audio = AudioSettings(open_sink=self._open, **settings)  # type: ignore[arg-type]
        app, session, clock = make_app("tour", audio=audio)
        self.app: CoachApp = app
        self.session: Session = session
        self.clock: FakeClock = clock

    def _open(self, ring: object) -> tuple[Sink, str | None]:
        self.sinks.append(RecordingSink(self.clock))
        return self.sinks[-1], None

    @property
    def sink(self) -> RecordingSink:
        assert len(self.sinks) == 1
        return self.sinks[0]

    @property
    def records(self) -> list[Record]:
        return self.sink.records

    def kinds_since(self, start: int) -> list[CueKind]:
        return [k for r in self.records[start:] if r.action == "play" for k in r.kinds]

    def play_due(self) -> None:
        guide = self.app.audio_bridge.guide  # type: ignore[union-attr]
        assert guide is not None
        guide.scheduler.run_due()

    async def to(self, pilot: Pilot[int], t: float) -> None:
        """Session time `t`: what is due by then sounds, then the app ticks (as live)."""
        self.clock.advance(t - self.clock.now())
        self.play_due()
        self.app.tick()
        await pilot.pause()

    async def begin(self, pilot: object) -> None:
        await press(pilot, "enter")  # type: ignore[arg-type]  # the tour's content note

    async def into_hold(self, pilot: object) -> None:
        await self.begin(pilot)
        self.clock.advance(10.0)  # the start's own words are over
        self.app.send(c.JumpTo("clock"))
        await pilot.pause()  # type: ignore[attr-defined]


async def test_entering_a_hold_plays_the_ready_prompt() -> None:
    rig = Rig(sound=True)
    async with rig.app.run_test(size=SIZE) as pilot:
        await rig.into_hold(pilot)
        assert rig.session.view().waiting_ready
        assert rig.records[-1].kinds == (K.READY,)
        assert rig.records[-1].onset == rig.clock.now()


async def test_ready_by_key_plays_the_go_then_breaths_on_the_engines_deadlines() -> None:
    rig = Rig(sound=True)
    async with rig.app.run_test(size=SIZE) as pilot:
        await rig.into_hold(pilot)
        rig.clock.advance(2.0)
        pressed = rig.clock.now()
        start = len(rig.records)
        await press(pilot, "pagedown")  # a pedal's key says ready
        assert not rig.session.view().waiting_ready
        assert rig.records[start].kinds == (K.COUNT_IN, K.INHALE)
        assert rig.records[start].onset == pressed
        deadline = rig.session.view().next_deadline
        assert deadline is not None and deadline > pressed
        await rig.to(pilot, deadline)
        exhale = rig.records[-1]
        assert exhale.kinds == (K.EXHALE,)
        assert exhale.onset == exhale.planned == deadline  # on the deadline, not on a tick


async def test_pause_silences_at_once_and_resume_plans_again() -> None:
    rig = Rig(sound=True)
    async with rig.app.run_test(size=SIZE) as pilot:
        await rig.into_hold(pilot)
        await press(pilot, "enter")
        rig.clock.advance(0.5)
        paused = rig.clock.now()
        guide = rig.app.audio_bridge.guide  # type: ignore[union-attr]
        assert guide is not None and guide.scheduler.pending
        await press(pilot, "space")
        assert rig.records[-1].action == "silence"
        assert rig.records[-1].onset == paused  # in the key's own call, not on a later tick
        assert guide.scheduler.pending == []
        await rig.to(pilot, paused + 30.0)
        assert rig.records[-1].action == "silence"  # nothing sounds while paused
        await press(pilot, "space")
        assert guide.scheduler.pending


async def test_stop_silences_then_plays_stop_and_says_so_with_a_voice() -> None:
    rig = Rig(speech=FakeSpeech())
    async with rig.app.run_test(size=SIZE) as pilot:
        await rig.into_hold(pilot)
        await press(pilot, "enter")
        rig.clock.advance(1.0)
        start = len(rig.records)
        await press(pilot, "s")
        after = rig.records[start:]
        assert [r.action for r in after] == ["silence", "play"]
        assert after[1].kinds == (K.STOP,)
        assert after[1].texts == (STOP_LINE,)
        guide = rig.app.audio_bridge.guide  # type: ignore[union-attr]
        assert guide is not None and guide.scheduler.pending == []


async def test_a_voice_first_says_how_to_stop_then_the_first_step() -> None:
    rig = Rig(speech=FakeSpeech())
    async with rig.app.run_test(size=SIZE) as pilot:
        await rig.begin(pilot)
        first = rig.session.lesson.flat_steps()[0].step
        assert rig.records[0].texts == (START_LINE, step_line(first))
        assert rig.records[0].onset == 0.0


async def test_next_cuts_off_the_last_steps_words_and_says_the_new_ones() -> None:
    rig = Rig(speech=FakeSpeech(seconds_per_line=5.0))
    async with rig.app.run_test(size=SIZE) as pilot:
        await rig.begin(pilot)
        rig.clock.advance(1.0)  # mid-sentence
        start = len(rig.records)
        await press(pilot, "pagedown")
        after = rig.records[start:]
        second = rig.session.lesson.flat_steps()[1].step
        assert [r.action for r in after] == ["silence", "play"]
        assert after[1].texts == (step_line(second),)


async def test_sound_without_voice_says_nothing_at_the_start() -> None:
    rig = Rig(sound=True)
    async with rig.app.run_test(size=SIZE) as pilot:
        await rig.begin(pilot)
        assert all(not r.texts for r in rig.records)


async def test_hands_free_counts_in_and_starts_the_hold_by_itself() -> None:
    rig = Rig(sound=True, hands_free=True)
    async with rig.app.run_test(size=SIZE) as pilot:
        await rig.into_hold(pilot)
        entered = rig.clock.now()
        go = entered + HANDS_FREE_PAUSE
        ticks = [go - k for k in range(COUNT_IN_TICKS, 0, -1)]
        for t in ticks:
            await rig.to(pilot, t)
            assert rig.session.view().waiting_ready
            assert rig.records[-1].kinds == (K.COUNT_IN,) and rig.records[-1].onset == t
        await rig.to(pilot, go - 0.01)
        assert rig.session.view().waiting_ready
        await rig.to(pilot, go)
        assert not rig.session.view().waiting_ready
        ready = [ev for ev in rig.session.events if isinstance(ev, e.Ready)]
        assert [ev.t for ev in ready] == [go]
        assert rig.records[-1].kinds == (K.COUNT_IN, K.INHALE)


async def test_hands_free_waits_for_the_voice_before_it_counts_in() -> None:
    speech = FakeSpeech(seconds_per_line=2.0)
    rig = Rig(speech=speech, hands_free=True)
    async with rig.app.run_test(size=SIZE) as pilot:
        await rig.into_hold(pilot)
        entered = rig.clock.now()
        said = rig.records[-1].texts
        assert READY_LINE in said
        go = entered + 2.0 * len(said) + HANDS_FREE_PAUSE
        await rig.to(pilot, go - 0.01)
        assert rig.session.view().waiting_ready
        await rig.to(pilot, go)
        assert not rig.session.view().waiting_ready


async def test_next_sooner_than_the_count_in_starts_at_once() -> None:
    rig = Rig(sound=True, hands_free=True)
    async with rig.app.run_test(size=SIZE) as pilot:
        await rig.into_hold(pilot)
        rig.clock.advance(1.5)
        pressed = rig.clock.now()
        await press(pilot, "right")
        assert [ev.t for ev in rig.session.events if isinstance(ev, e.Ready)] == [pressed]
        await rig.to(pilot, pressed + HANDS_FREE_PAUSE + 1.0)
        assert len([ev for ev in rig.session.events if isinstance(ev, e.Ready)]) == 1


async def test_hands_free_moves_on_when_a_timed_step_ends_and_when_a_hold_ends() -> None:
    rig = Rig(sound=True, hands_free=True)
    async with rig.app.run_test(size=SIZE) as pilot:
        await rig.begin(pilot)
        rig.app.send(c.JumpTo("arrive.4"))  # timed, 20 s, a reminder to acknowledge first
        await pilot.pause()
        await rig.to(pilot, 10.0)
        assert rig.session.view().needs_ack  # a reminder still wants its key
        await press(pilot, "enter")
        go = 10.0 + HANDS_FREE_PAUSE
        await rig.to(pilot, go)
        assert not rig.session.view().waiting_ready
        await rig.to(
            pilot, go + 20.0
        )  # the timer ends: on to the hold, whose lead-in counts in again
        view = rig.session.view()
        assert view.step is not None and view.step.id == "clock"
        kinds = rig.kinds_since(0)
        assert K.TIMER_DONE in kinds
        done = next(i for i, r in enumerate(rig.records) if K.TIMER_DONE in r.kinds)
        assert all(r.action == "play" for r in rig.records[done:])  # the chime is not cut off
        await rig.to(pilot, go + 20.0 + HANDS_FREE_PAUSE)
        while (deadline := rig.session.view().next_deadline) is not None:
            await rig.to(pilot, deadline)
            if rig.session.view().step.id != "clock":  # type: ignore[union-attr]
                break
        view = rig.session.view()
        assert view.step is not None and view.step.id == "again"  # the check-in waits
        kinds = rig.kinds_since(0)
        assert kinds.index(K.HOLD_DONE) < kinds.index(K.CHECKIN)
        await rig.to(pilot, rig.clock.now() + 30.0)
        assert rig.session.view().step.id == "again"  # type: ignore[union-attr]


async def test_without_hands_free_a_lead_in_waits_for_the_key() -> None:
    rig = Rig(sound=True)
    async with rig.app.run_test(size=SIZE) as pilot:
        await rig.into_hold(pilot)
        await rig.to(pilot, rig.clock.now() + 60.0)
        assert rig.session.view().waiting_ready


async def test_the_bell_fallback_says_why_on_screen() -> None:
    clock = FakeClock()
    reason = "no sound device to play on (none here); cues fall back to the terminal bell"

    def open_sink(ring: object) -> tuple[Sink, str | None]:
        return RecordingSink(clock), reason

    app, _session, clock = make_app("tour", audio=AudioSettings(sound=True, open_sink=open_sink))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await press(pilot, "enter")
        await pilot.pause()
        assert app.audio_bridge is not None and app.audio_bridge.fallback == reason
        assert "no sound device to play on" in " ".join(screen_text(app).split())
