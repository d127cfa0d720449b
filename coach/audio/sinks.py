"""Where sounds go: the `Sink` protocol, a recording sink for tests, the terminal bell.

The scheduler decides *when*; a sink only starts a sound now (`play`, which
must return at once) or cuts everything off (`silence`, for pause and STOP).
`RecordingSink` writes down what would have played and when, so every test runs
without a sound card; `BellSink` is the fallback when the `[audio]` extra or a
sound device is missing: one ring per cue (three for STOP), no count-in ticks.
"""

from __future__ import annotations

import sys
from array import array
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal, Protocol, runtime_checkable

from coach.audio.cues import CueKind
from coach.engine.clock import Clock


@dataclass(frozen=True, slots=True)
class Sound:
    """What to play: the samples, and what they mean (for recording and the bell)."""

    at: float  # the planned session time
    kinds: tuple[CueKind, ...]  # cues, in the order they sound
    texts: tuple[str, ...]  # spoken lines, after the cues
    samples: array
    keys: tuple[object, ...] = ()  # the planner's identity of each cue in it (see `guide`)

    @property
    def kind(self) -> CueKind | None:
        return self.kinds[0] if self.kinds else None


@runtime_checkable
class Sink(Protocol):
    def play(self, sound: Sound) -> None:
        """Start `sound` now, mixed over whatever is playing; returns at once."""

    def silence(self) -> None:
        """Stop everything playing, at once."""

    def close(self) -> None: ...


@dataclass(frozen=True, slots=True)
class Record:
    """One call a `RecordingSink` received."""

    action: Literal["play", "silence"]
    onset: float  # the clock's time at the call
    planned: float | None  # the sound's planned time (None for silence)
    kinds: tuple[CueKind, ...] = ()
    texts: tuple[str, ...] = ()
    sample_count: int = 0

    @property
    def kind(self) -> CueKind | None:
        return self.kinds[0] if self.kinds else None


class RecordingSink:
    """Plays nothing; records each call with the clock's time (tests, benchmarks)."""

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self.records: list[Record] = []
        self.closed = False

    def play(self, sound: Sound) -> None:
        onset = self.clock.now()
        record = Record("play", onset, sound.at, sound.kinds, sound.texts, len(sound.samples))
        self.records.append(record)

    def silence(self) -> None:
        self.records.append(Record("silence", self.clock.now(), None))

    def close(self) -> None:
        self.closed = True

    @property
    def played(self) -> list[Record]:
        return [r for r in self.records if r.action == "play"]


def _write_bell(count: int) -> None:
    stream = sys.__stdout__
    if stream is not None:
        stream.write("\a" * count)
        stream.flush()


class BellSink:
    """The terminal bell: the fallback that needs nothing installed.

    `ring(count)` rings; the TUI passes its own (Textual's `App.bell` rings
    once), the default writes BEL to the real stdout.
    """

    def __init__(self, ring: Callable[[int], None] = _write_bell) -> None:
        self.ring = ring

    def play(self, sound: Sound) -> None:
        kinds = [k for k in sound.kinds if k is not CueKind.COUNT_IN]
        if kinds:
            self.ring(3 if CueKind.STOP in kinds else 1)

    def silence(self) -> None:
        """A bell cannot be cut short; nothing to do."""

    def close(self) -> None:
        """Nothing is held open."""
