"""Where the app meets the audio guide: sound, voice and the hands-free setting.

Why this exists: the app applies commands and ticks in one place (`CoachApp.send`);
this bridge is called right after each, so the `AudioGuide` hears every event at
once (a pause or STOP silences in the same call, not on the next tick), and the
app itself stays free of audio code. Nothing here is imported unless `--sound`,
`--voice` or `--hands-free` was given.

Hands-free (`--hands-free`) chains what runs on a clock, for gloved hands:
a lead-in ("ready?") counts in by itself once the voice has finished and a short
pause has passed (soft ticks, then the engine's `Ready` and its "go"); a timed
step moves on when its timer ends and a hold when its last position ends.
Instruction, checklist and check-in steps, and a reminder to acknowledge, still
wait for one key. Every deadline here is session time (`session.clock`), so tests
drive it with a `FakeClock` and `app.tick()`; the app's timer only wakes it.
"""

from __future__ import annotations

import asyncio
import os
from array import array
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from coach.audio import lines
from coach.audio.cues import CueKind
from coach.audio.guide import AudioGuide
from coach.audio.plan import cues_for_events
from coach.audio.sinks import Sink, Sound
from coach.audio.synth import SAMPLE_RATE, cue_samples
from coach.engine import commands as c
from coach.engine import events as e
from coach.engine.session import Session
from coach.lesson.model import HoldStep, Lesson, TimedStep

if TYPE_CHECKING:
    from textual.app import App
    from textual.timer import Timer

    from coach.audio.speech import SpeechBank
    from coach.engine.events import Event

START_LINE = "Press S at any time to stop."
HANDS_FREE_PAUSE = 3.0  # seconds between the voice falling silent and a lead-in's "go"
COUNT_IN_TICKS = 2  # soft ticks before the "go" (the engine's Ready sounds the third)
RETRY_SECONDS = 0.2  # a refused hands-free Next (the engine's guard) is tried again
KEY_MOVES = frozenset({"next", "back", "jump", "skip", "checkin", "restart"})
NULL_BACKEND_ENV = "COACH_AUDIO_BACKEND"  # "null": miniaudio's null device (benchmarks)

Ring = Callable[[int], None]
OpenSink = Callable[[Ring], tuple[Sink, str | None]]


def open_default_sink(ring: Ring) -> tuple[Sink, str | None]:
    """The real player (or the bell and why); `COACH_AUDIO_BACKEND=null` plays into nothing."""
    if os.environ.get(NULL_BACKEND_ENV) == "null":
        from coach.audio.player import MiniaudioSink, load_miniaudio

        return MiniaudioSink(backends=[load_miniaudio().Backend.NULL]), None
    from coach.audio.player import open_sink

    return open_sink(ring)


def spoken_lines(lesson: Lesson) -> list[str]:
    """Every line a live session of `lesson` can speak (render these before the app)."""
    return [START_LINE, *lines.lesson_lines(lesson)]


@dataclass(frozen=True)
class AudioSettings:
    """What `coach run/resume` asked for. `speech` (rendered already) means `--voice`."""

    sound: bool = False
    speech: SpeechBank | None = None
    hands_free: bool = False
    open_sink: OpenSink = open_default_sink
    threaded: bool | None = None  # the guide's scheduler thread (None: unless a FakeClock)

    @property
    def plays(self) -> bool:
        return self.sound or self.speech is not None


class AudioBridge:
    """One per app: makes the guide when a session opens and keeps it (and hands-free) going."""

    def __init__(self, settings: AudioSettings, app: App[int], wake: Callable[[], None]) -> None:
        self.settings = settings
        self.app = app
        self.wake = wake  # lets time pass (the app's `tick`)
        self.guide: AudioGuide | None = None
        self.session: Session | None = None
        self.fallback: str | None = None  # why the bell rings instead of the player
        self._loop: asyncio.AbstractEventLoop | None = None
        self._timer: Timer | None = None
        self._quiet_at = 0.0  # session time the voice falls silent (what was said so far)
        self._ready_at: float | None = None  # hands-free: when the waiting lead-in starts
        self._ticks: list[float] = []  # hands-free: count-in ticks still to sound
        self._advance_at: float | None = None  # hands-free: when to try Next again

    # ------------------------------------------------------------------ the app calls these

    def attach(self, session: object, *, started: list[Event]) -> None:
        """A session is on screen; `started` are the events of its `Start` (none on resume)."""
        if not isinstance(session, Session):
            return  # a screen-only session (follow) makes no sound
        self.session = session
        if self.settings.plays and self.guide is None:
            self._loop = asyncio.get_running_loop()
            sink, self.fallback = self.settings.open_sink(self._ring)
            if self.fallback:
                self.app.call_after_refresh(self._show_fallback)
            self.guide = AudioGuide(
                session, sink, self.settings.speech, threaded=self.settings.threaded
            )
            self._play_start(started)
        self.after([])

    def after(self, new: list[Event]) -> None:
        """The session just changed (a command or a tick): sound it, then hands-free."""
        if self.session is None:
            return
        if self.guide is not None:
            self._hear(new)
        if self.settings.hands_free:
            self._hands_free()
        self._set_wake()

    def close(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if self.guide is not None:
            self.guide.close()
            self.guide = None

    # ------------------------------------------------------------------ sound

    def _show_fallback(self) -> None:
        """Once, over the step screen: why sounds are the terminal bell."""
        if self.fallback:
            self.app.notify(
                self.fallback, title="Sound", severity="warning", timeout=10, markup=False
            )

    def _ring(self, count: int) -> None:
        """The bell, from any thread (sounds start on the guide's own thread)."""
        loop = self._loop
        if loop is not None and not loop.is_closed():
            for _ in range(count):
                loop.call_soon_threadsafe(self.app.bell)

    def _play_start(self, started: list[Event]) -> None:
        """Say "press S at any time to stop" (with a voice), then what the first step says."""
        assert self.guide is not None and self.session is not None
        speech = self.settings.speech
        cues = cues_for_events(self.session.compiled, started)
        texts = [START_LINE] if speech is not None else []
        texts += [cue.text for cue in cues if cue.text and speech is not None]
        kinds = tuple(cue.kind for cue in cues if cue.kind is not None)
        samples = array("h")
        for kind in kinds:
            samples.extend(cue_samples(kind))
        for text in texts:
            assert speech is not None
            samples.extend(speech.samples(text))
        if samples:
            now = self.session.clock.now()
            self.guide.scheduler.play_now(Sound(now, kinds, tuple(texts), samples))
            self._quiet_at = now + len(samples) / SAMPLE_RATE

    def _hear(self, new: list[Event], *, cut: bool = True) -> None:
        """Hand the guide what just happened; a step left by a key cuts off its words.

        Never two instructions at once. A step left by the clock (a timer's end, or
        hands-free moving on, `cut=False`) keeps its chime: that sounded just now.
        """
        assert self.guide is not None
        if cut and any(isinstance(ev, e.StepLeft) and ev.reason in KEY_MOVES for ev in new):
            self.guide.silence()
            self._quiet_at = 0.0
        self.guide.update()
        self._note_speech(new)

    def _note_speech(self, new: list[Event]) -> None:
        """Remember until when the voice speaks what these events said (lead-ins wait for it)."""
        speech = self.settings.speech
        if speech is None or self.session is None or not new:
            return
        spoken = [cue.text for cue in cues_for_events(self.session.compiled, new) if cue.text]
        if spoken:  # lines said at one moment follow each other; a new moment mixes in
            seconds = sum(speech.seconds(text) for text in spoken)
            self._quiet_at = max(self._quiet_at, self.session.clock.now() + seconds)

    # ------------------------------------------------------------------ hands-free

    def _hands_free(self) -> None:
        session = self.session
        assert session is not None
        view = session.view()
        now = session.clock.now()
        step = view.step.step if view.step is not None else None
        if view.status != "running" or view.needs_ack:
            self._ready_at, self._ticks, self._advance_at = None, [], None
            return
        if view.waiting_ready:
            if self._ready_at is None:
                self._ready_at = max(now, self._quiet_at) + HANDS_FREE_PAUSE
                self._ticks = [self._ready_at - k for k in range(COUNT_IN_TICKS, 0, -1)]
            self._sound_ticks(now)
            if now >= self._ready_at:
                self._ready_at, self._ticks = None, []
                self._do(c.Ready())
            return
        self._ready_at, self._ticks = None, []
        if isinstance(step, TimedStep | HoldStep) and view.timer.done:
            if self._advance_at is None or now >= self._advance_at:
                moved = self._do(c.Next())
                self._advance_at = None if moved else now + RETRY_SECONDS
        else:
            self._advance_at = None

    def _sound_ticks(self, now: float) -> None:
        due = [t for t in self._ticks if t <= now]
        self._ticks = [t for t in self._ticks if t > now]
        if due and self.guide is not None:
            tick = cue_samples(CueKind.COUNT_IN)
            self.guide.scheduler.play_now(Sound(due[-1], (CueKind.COUNT_IN,), (), tick))

    def _do(self, command: c.Command) -> bool:
        """Apply a hands-free command as if its key were pressed; True if the engine took it."""
        assert self.session is not None
        new = self.session.do(command)
        if new and self.guide is not None:
            self._hear(new, cut=False)
        if new and self.settings.hands_free:
            self._hands_free()  # a step just entered may itself be a lead-in
        return bool(new)

    def _set_wake(self) -> None:
        """Wake the app at the next hands-free moment (the engine's deadlines wake it anyway)."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        dues = [t for t in (self._ready_at, self._advance_at, *self._ticks) if t is not None]
        if not dues or self.session is None:
            return
        delay = max(0.0, min(dues) - self.session.clock.now())
        self._timer = self.app.set_timer(delay, self.wake)
