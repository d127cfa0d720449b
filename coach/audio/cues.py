"""The cue vocabulary: what each sound means and how it is built.

The person giving the lesson cannot look at the screen, so every cue must be
told apart by ear alone. Meaning follows pitch contour, the cue people learn
fastest: inhale rises, exhale (when pressure goes on: "press now") falls, a
position change is a two-note step up, "finished" cues fall to rest, a waiting
question rises at its end, a step waiting for "ready" climbs softly in the low
register, and STOP is low, loud and repeated. Count-ins are
short soft ticks ("3, 2, 1") whose "go" is the cue that follows them.

A cue is a list of `Segment`s (a tone gliding from one pitch to another, or a
gap); `coach.audio.synth` turns them into samples. No sound files ship.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class CueKind(StrEnum):
    INHALE = "inhale"
    EXHALE = "exhale"  # also "press now": pressure goes on with the exhale
    NEXT_POSITION = "next_position"
    HOLD_DONE = "hold_done"
    TIMER_DONE = "timer_done"
    REMINDER = "reminder"
    CHECKIN = "checkin"
    STOP = "stop"
    COUNT_IN = "count_in"  # one soft tick each of the last three seconds before a start
    READY = "ready"  # a lead-in: the step waits for "ready" before it counts


@dataclass(frozen=True, slots=True)
class Segment:
    """A tone gliding from `start_hz` to `end_hz` (0 Hz = silence) at `gain` (0..1)."""

    seconds: float
    start_hz: float
    end_hz: float
    gain: float = 0.5
    harmonics: float = 0.0  # how much 2nd/3rd harmonic: a brighter, more "alarm" timbre


def _gap(seconds: float) -> Segment:
    return Segment(seconds, 0.0, 0.0, 0.0)


CUES: dict[CueKind, tuple[Segment, ...]] = {
    # A slow rising glide over a fifth and more: "breathe in".
    CueKind.INHALE: (Segment(0.55, 330.0, 660.0, 0.45),),
    # The mirror image, a little longer and lower: "breathe out, press now".
    CueKind.EXHALE: (Segment(0.70, 587.0, 262.0, 0.5),),
    # Two bright notes stepping up (G5, C6): "move on to the next position".
    CueKind.NEXT_POSITION: (
        Segment(0.14, 784.0, 784.0, 0.45, 0.2),
        _gap(0.05),
        Segment(0.22, 1047.0, 1047.0, 0.45, 0.2),
    ),
    # A falling major arpeggio that comes to rest: "the hold is over".
    CueKind.HOLD_DONE: (
        Segment(0.16, 784.0, 784.0, 0.45),
        Segment(0.16, 659.0, 659.0, 0.45),
        Segment(0.40, 523.0, 523.0, 0.45),
    ),
    # A double high "ding" (A5): the timer has run out.
    CueKind.TIMER_DONE: (
        Segment(0.18, 880.0, 880.0, 0.5, 0.35),
        _gap(0.08),
        Segment(0.30, 880.0, 880.0, 0.5, 0.35),
    ),
    # Two soft mid notes, even: "a reminder is on the screen".
    CueKind.REMINDER: (
        Segment(0.12, 523.0, 523.0, 0.35),
        _gap(0.06),
        Segment(0.12, 523.0, 523.0, 0.35),
    ),
    # A question: flat, then a lift at the end ("...?"): an answer is awaited.
    CueKind.CHECKIN: (
        Segment(0.16, 440.0, 440.0, 0.4),
        _gap(0.04),
        Segment(0.28, 440.0, 740.0, 0.4),
    ),
    # Low, loud, rough and repeated three times: unmistakable.
    CueKind.STOP: (
        Segment(0.16, 196.0, 196.0, 0.8, 0.8),
        _gap(0.06),
        Segment(0.16, 196.0, 196.0, 0.8, 0.8),
        _gap(0.06),
        Segment(0.16, 196.0, 196.0, 0.8, 0.8),
    ),
    # A soft, short woodblock-like tick: "3, 2, 1" before the next start.
    CueKind.COUNT_IN: (Segment(0.06, 1200.0, 1200.0, 0.22),),
    # Three soft low notes climbing (C4 E4 G4), unhurried: "ready when you are?".
    CueKind.READY: (
        Segment(0.13, 262.0, 262.0, 0.3),
        _gap(0.04),
        Segment(0.13, 330.0, 330.0, 0.3),
        _gap(0.04),
        Segment(0.26, 392.0, 392.0, 0.3),
    ),
}

# Cues that carry the rhythm and must sound on their moment; the rest can wait a beat.
ON_TIME: frozenset[CueKind] = frozenset(
    {CueKind.INHALE, CueKind.EXHALE, CueKind.COUNT_IN, CueKind.NEXT_POSITION, CueKind.STOP}
)


def cue_seconds(kind: CueKind) -> float:
    return sum(segment.seconds for segment in CUES[kind])
