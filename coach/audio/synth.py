"""Cues as samples, made in code: 22.05 kHz mono signed 16-bit.

Each tone segment is a sine (plus optional harmonics) whose pitch glides
exponentially from start to end, phase-continuous, under a raised-cosine attack
and release so nothing clicks. One format everywhere (espeak-ng, `say` and SAPI
are all asked for 22.05 kHz mono 16-bit too) so the live player and the file
renderer mix plain `array('h')` buffers without numpy.

`Track` is the renderer's timeline: silence that cues and speech are placed
into at sample offsets. A cue landing on silence is a C-speed slice copy; only
where sounds overlap are samples summed (and clipped) in Python, which keeps a
110-minute guide fast.
"""

from __future__ import annotations

import math
from array import array
from functools import cache

from coach.audio.cues import CUES, CueKind, Segment

SAMPLE_RATE = 22050
SAMPLE_WIDTH = 2  # bytes: signed 16-bit
PEAK = 32767
_FADE_SECONDS = 0.012


def samples_of(seconds: float) -> int:
    return max(0, round(seconds * SAMPLE_RATE))


def silence(seconds: float) -> array:
    return array("h", bytes(SAMPLE_WIDTH * samples_of(seconds)))


def render_segment(segment: Segment) -> array:
    """One segment as samples (silence when it has no pitch)."""
    n = samples_of(segment.seconds)
    if segment.start_hz <= 0 or segment.gain <= 0 or n == 0:
        return array("h", bytes(SAMPLE_WIDTH * n))
    fade = min(samples_of(_FADE_SECONDS), n // 2)
    ratio = segment.end_hz / segment.start_hz
    h = segment.harmonics
    norm = 1.0 + 0.5 * h + 0.3 * h
    scale = PEAK * segment.gain / norm
    two_pi = 2 * math.pi
    phase = 0.0
    out = array("h", bytes(SAMPLE_WIDTH * n))
    for i in range(n):
        frequency = segment.start_hz * ratio ** (i / n)
        phase += two_pi * frequency / SAMPLE_RATE
        value = math.sin(phase)
        if h:
            value += 0.5 * h * math.sin(2 * phase) + 0.3 * h * math.sin(3 * phase)
        if i < fade:
            value *= 0.5 - 0.5 * math.cos(math.pi * i / fade)
        elif i >= n - fade:
            value *= 0.5 - 0.5 * math.cos(math.pi * (n - 1 - i) / fade)
        out[i] = int(value * scale)
    return out


@cache
def _cue(kind: CueKind) -> bytes:
    out = array("h")
    for segment in CUES[kind]:
        out.extend(render_segment(segment))
    return out.tobytes()


def cue_samples(kind: CueKind) -> array:
    """The cue's samples (made once per kind, then copied from bytes)."""
    out = array("h")
    out.frombytes(_cue(kind))
    return out


def add_clipped(target: array, source: array, offset: int) -> None:
    """Sum `source` into `target` from `offset`, clipping to 16 bits; past the end is cut."""
    end = min(len(target), offset + len(source))
    for i in range(max(0, offset), end):
        value = target[i] + source[i - offset]
        target[i] = PEAK if value > PEAK else -PEAK - 1 if value < -PEAK - 1 else value


class Track:
    """A fixed-length mono timeline that sounds are placed into."""

    def __init__(self, seconds: float) -> None:
        self.samples = silence(seconds)
        self._reach = 0  # the end of the latest-ending sound placed so far

    @property
    def seconds(self) -> float:
        return len(self.samples) / SAMPLE_RATE

    def place(self, sound: array, at_seconds: float) -> None:
        """Put `sound` at `at_seconds`; mixed with what is there only where they overlap."""
        start = samples_of(at_seconds)
        end = min(len(self.samples), start + len(sound))
        if start >= end:
            return
        clip = sound if end - start == len(sound) else sound[: end - start]
        if start >= self._reach:  # nothing placed reaches here: a plain copy
            self.samples[start:end] = clip
        else:
            add_clipped(self.samples, clip, start)
        self._reach = max(self._reach, end)
