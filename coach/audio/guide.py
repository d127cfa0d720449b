"""The live audio guide: keeps a session's sounds on the engine's deadlines.

The TUI makes one `AudioGuide` per session and calls `update()` after every
command and tick it applies. The guide reads the session's new events and
state: cues the person caused just now (a step entered by a key, a reminder,
STOP, a lead-in's "ready?", the "go" tick of `Ready`) play at once; cues the
engine will cause by itself (breath phases, the next position, a timer's end
and its count-in) are planned from the state's deadlines
(`coach.audio.plan.plan_ahead`) and handed to the `Scheduler`, which starts
each on its deadline. Pause and STOP cut off what is playing at once
and drop what was pending; resuming plans again from the shifted deadlines.

Sounds at the same moment are joined into one: cues first, then the spoken
lines one after the other (never two voices at once).
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable

from coach.audio import lines
from coach.audio.cues import CueKind
from coach.audio.plan import PLAN_HORIZON, PlannedCue, cues_for_events, plan_ahead
from coach.audio.scheduler import Scheduler
from coach.audio.sinks import Sink, Sound
from coach.audio.speech import Progress, SpeechBank
from coach.audio.synth import cue_samples
from coach.engine import events as e
from coach.engine.session import Session

CueKey = tuple[float, str, str]
STALE_SECONDS = 0.25  # a cue later than this is dropped: a late "inhale" misleads


class AudioGuide:
    """Cues (and with `speech`, a voice) for one running `Session`, through `sink`."""

    def __init__(
        self,
        session: Session,
        sink: Sink,
        speech: SpeechBank | None = None,
        *,
        threaded: bool | None = None,
    ) -> None:
        self.session = session
        self.speech = speech
        self._seen = len(session.events)  # events before the guide (a resume) are past
        self._state: object = None
        self._replan_at = 0.0
        self._played: set[CueKey] = set()  # every cue that has sounded
        self.scheduler = Scheduler(
            sink, session.clock, threaded=threaded, on_played=self._mark_played
        )
        for kind in CueKind:  # synthesize every cue now, not on the first deadline
            cue_samples(kind)

    def prepare(self, progress: Progress | None = None) -> None:
        """Render every line the lesson can speak (before the session starts)."""
        if self.speech is not None:
            self.speech.prepare(lines.lesson_lines(self.session.lesson), progress)

    def update(self) -> None:
        """Catch up with the session: play what just happened, plan what comes."""
        session = self.session
        now = session.clock.now()
        new = session.events[self._seen :]
        self._seen = len(session.events)
        if any(isinstance(event, e.Paused | e.Stopped) for event in new):
            self.scheduler.silence()
        # A tick landing on a deadline before the scheduler's thread does: what is due sounds
        # now (and is marked played), else the re-plan below would drop it unheard.
        self.scheduler.run_due(now)
        # What just happened sounds first (a key press wants its answer now) ...
        waiting = {key for sound in self.scheduler.pending for key in sound.keys}
        happened = [
            cue
            for cue in cues_for_events(session.compiled, new)
            if cue.key not in waiting
            and cue.key not in self._played
            and cue.at >= now - STALE_SECONDS
        ]
        for sound in self._sounds(happened):
            self.scheduler.play_now(sound)
        # ... then what the engine will do by itself is planned again.
        state = session.state
        if state is not self._state or now >= self._replan_at:
            self._state = state
            self._replan_at = now + PLAN_HORIZON / 2  # a quiet step still gets its reminders
            planned = [
                cue
                for cue in plan_ahead(session.compiled, state, now=now)
                if cue.at > now - STALE_SECONDS and cue.key not in self._played
            ]
            self.scheduler.replace(self._sounds(planned))
        self._forget_before(now - 60.0)

    def silence(self) -> None:
        """Cut off every sound now (the UI may call this on the pause key, before `update`)."""
        self.scheduler.silence()

    def close(self) -> None:
        self.scheduler.close()

    # ------------------------------------------------------------------ helpers

    def _sounds(self, cues: Iterable[PlannedCue]) -> list[Sound]:
        groups: dict[float, list[PlannedCue]] = {}
        for cue in cues:
            groups.setdefault(round(cue.at, 6), []).append(cue)
        out = []
        for at, group in sorted(groups.items()):
            kinds = tuple(c.kind for c in group if c.kind is not None)
            texts = tuple(c.text for c in group if c.text) if self.speech is not None else ()
            if not kinds and not texts:
                continue
            samples = array("h")
            for kind in kinds:
                samples.extend(cue_samples(kind))
            if self.speech is not None:
                for text in texts:
                    samples.extend(self.speech.samples(text))
            out.append(Sound(at, kinds, texts, samples, tuple(c.key for c in group)))
        return out

    def _mark_played(self, sound: Sound) -> None:
        self._played.update(sound.keys)  # type: ignore[arg-type]

    def _forget_before(self, t: float) -> None:
        if len(self._played) > 512:
            self._played = {key for key in self._played if key[0] >= t}
