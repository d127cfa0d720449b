"""Real playback through miniaudio: the `[audio]` extra.

Why miniaudio (pyminiaudio): it is one C library compiled into the wheel, with
wheels for Linux, macOS and Windows (x86-64 and arm64) and nothing to install on
the system; it talks to each OS's native API (ALSA/PulseAudio, CoreAudio,
WASAPI) with a buffer we choose (20 ms here), and it is maintained (1.71, 2025).
sounddevice is maintained and good, but on Linux it needs the system's
PortAudio library (`libportaudio2`), one more thing for the person to install;
simpleaudio has had no release since 2019 and no wheels for current Pythons.

One device stays open for the session and is fed by a generator that mixes
whatever sounds are playing, so starting a cue is a list append (microseconds,
no process, no file) and `silence()` empties the list: the next buffer, within
20 ms, is quiet. Opening fails with one line when the extra or a device is
missing; the caller then falls back to the terminal bell.
"""

from __future__ import annotations

import contextlib
import os
import threading
from array import array
from collections.abc import Callable, Generator, Iterator
from typing import Any

from coach.audio.errors import EXTRA_HINT, AudioError, AudioExtraMissing, NoSoundDevice
from coach.audio.sinks import BellSink, Sink, Sound
from coach.audio.synth import PEAK, SAMPLE_RATE

BUFFER_MS = 20


def load_miniaudio() -> Any:
    try:
        import miniaudio
    except ImportError:
        raise AudioExtraMissing(f"sound needs the [audio] extra: {EXTRA_HINT}") from None
    return miniaudio


@contextlib.contextmanager
def _quiet_stderr() -> Iterator[None]:
    """Hide what the C audio libraries print while probing devices (ALSA does, a lot).

    Their messages go to file descriptor 2 from C, under the TUI; ours are raised.
    """
    try:
        saved = os.dup(2)
    except OSError:
        yield
        return
    try:
        with open(os.devnull, "wb") as null:
            os.dup2(null.fileno(), 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


class MiniaudioSink:
    """A `Sink` on the default output device, mono 16-bit at 22.05 kHz."""

    def __init__(self, buffer_ms: int = BUFFER_MS, backends: list[Any] | None = None) -> None:
        miniaudio = load_miniaudio()
        self._voices: list[list[Any]] = []  # [samples, position] of each sound playing
        self._quiet = array("h")
        self._lock = threading.Lock()
        try:
            with _quiet_stderr():
                self._device = miniaudio.PlaybackDevice(
                    output_format=miniaudio.SampleFormat.SIGNED16,
                    nchannels=1,
                    sample_rate=SAMPLE_RATE,
                    buffersize_msec=buffer_ms,
                    backends=backends,
                    app_name="coach",
                )
                stream = self._stream()
                next(stream)
                self._device.start(stream)
        except miniaudio.MiniaudioError as exc:
            raise NoSoundDevice(
                f"no sound device to play on ({exc.args[0] if exc.args else exc}); "
                "cues fall back to the terminal bell"
            ) from None
        self.backend: str = str(getattr(self._device, "backend", ""))

    def play(self, sound: Sound) -> None:
        with self._lock:
            self._voices.append([sound.samples, 0])

    def silence(self) -> None:
        with self._lock:
            self._voices.clear()

    def close(self) -> None:
        self.silence()
        self._device.close()

    @property
    def playing(self) -> int:
        with self._lock:
            return len(self._voices)

    def _stream(self) -> Generator[array, int, None]:
        frames = yield array("h")
        while True:
            frames = yield self._mix(frames)

    def _mix(self, frames: int) -> array:
        if not self._voices:  # most callbacks: nothing plays; hand back one shared silence
            if len(self._quiet) != frames:
                self._quiet = array("h", bytes(2 * frames))
            return self._quiet
        with self._lock:
            voices = list(self._voices)
        out = array("h", bytes(2 * frames))
        finished = []
        for voice in voices:
            samples, position = voice
            chunk = samples[position : position + frames]
            if len(voices) == 1:
                out[: len(chunk)] = chunk
            else:
                for i, value in enumerate(chunk):
                    total = out[i] + value
                    out[i] = PEAK if total > PEAK else -PEAK - 1 if total < -PEAK - 1 else total
            voice[1] = position + frames
            if voice[1] >= len(samples):
                finished.append(voice)
        if finished:
            with self._lock:
                self._voices = [v for v in self._voices if all(v is not f for f in finished)]
        return out


def open_player(buffer_ms: int = BUFFER_MS) -> MiniaudioSink:
    """The real player, or `AudioExtraMissing` / `NoSoundDevice` with a one-line message."""
    return MiniaudioSink(buffer_ms)


def open_sink(ring: Callable[[int], None] | None = None) -> tuple[Sink, str | None]:
    """The real player, else the terminal bell and the one line that says why.

    `ring(count)` is how the bell rings (the TUI passes a thread-safe wrapper of
    its own bell: sounds start on the scheduler's thread).
    """
    try:
        return open_player(), None
    except AudioError as exc:
        return (BellSink(ring) if ring else BellSink()), str(exc)
