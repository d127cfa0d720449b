"""The whole lesson as one audio file: voice, breath cues and count-ins in planned time.

`render_samples` lays a `Timeline` onto a `Track`: each cue at its moment, and
each spoken line after the cues it came with and after the previous line has
finished (two voices never talk at once; the timeline already leaves room).

Writing: `.wav` through the standard library's `wave` (no extra needed).
`.ogg` (Vorbis) and `.mp3` through `soundfile`, the
libsndfile binding whose wheels bundle libvorbis and LAME on Linux,
macOS and Windows: in-process, no external program, same on every OS. sox
would need a separate install and a subprocess per file, and is absent on
most Macs and every Windows machine. OGG Vorbis suits phones (Android plays it
natively, iOS 17+ too); MP3 plays everywhere. Opus is left out: libsndfile
takes it only at 48 kHz, which would mean resampling the whole lesson.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
import wave
from array import array
from collections.abc import Callable
from pathlib import Path

from coach.audio.errors import EXTRA_HINT, AudioError, AudioExtraMissing, BadAudioSuffix
from coach.audio.synth import SAMPLE_RATE, SAMPLE_WIDTH, Track, cue_samples
from coach.audio.timeline import Timeline, layout
from coach.text import visible

Progress = Callable[[str, int, int], None]  # (stage, done, total)

# suffix -> (libsndfile format, subtype); None means the stdlib `wave` writer
FORMATS: dict[str, tuple[str, str] | None] = {
    ".wav": None,
    ".ogg": ("OGG", "VORBIS"),
    ".oga": ("OGG", "VORBIS"),
    ".mp3": ("MP3", "MPEG_LAYER_III"),
}
# Samples per write (and progress step): 10 s. libsndfile's Vorbis encoder crashed
# (SIGSEGV, soundfile 0.14 / libsndfile 1.2.2) on a single 5-minute write.
_CHUNK = SAMPLE_RATE * 10
# libsndfile's 0 (best) .. 1 (smallest): 0.5 keeps speech clear at 22 kHz mono and
# encodes Vorbis about twice as fast as its default.
COMPRESSION_LEVEL = 0.5


def check_suffix(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        known = ", ".join(FORMATS)
        what = visible(repr(suffix)) if suffix else "a file without a suffix"
        raise BadAudioSuffix(f"{visible(path.name)}: cannot write {what}; use {known}")
    return suffix


def render_samples(
    timeline: Timeline,
    speech: Callable[[str], array] | None = None,
    progress: Progress | None = None,
) -> Track:
    """The timeline as one mono track; lines are spoken only when `speech` is given."""
    track = Track(timeline.seconds)
    cues = timeline.cues if speech else tuple(c for c in timeline.cues if c.kind is not None)
    speech_seconds = (lambda text: len(speech(text)) / SAMPLE_RATE) if speech else _silent
    placed = layout(cues, speech_seconds)
    total = len(placed)
    for done, sound in enumerate(placed, 1):
        if sound.kind is not None:
            track.place(cue_samples(sound.kind), sound.start)
        elif speech is not None and sound.text:
            track.place(speech(sound.text), sound.start)
        if progress and (done % 50 == 0 or done == total):
            progress("mixing", done, total)
    return track


def _silent(_text: str) -> float:
    return 0.0


def write_audio(track: Track, out: Path, progress: Progress | None = None) -> Path:
    """Write `track` to `out` in the format its suffix names; atomically, mode 0600."""
    suffix = check_suffix(out)
    directory = out.parent if str(out.parent) else Path(".")
    if not directory.is_dir():
        raise AudioError(
            f"{visible(str(out))}: the folder {visible(str(directory))} does not exist"
        )
    fd, temp_name = tempfile.mkstemp(dir=directory, prefix=".coach-", suffix=suffix)  # 0600
    os.close(fd)
    temp = Path(temp_name)
    try:
        fmt = FORMATS[suffix]
        if fmt is None:
            _write_wav(track, temp, progress)
        else:
            _write_soundfile(track, temp, fmt, progress)
        os.replace(temp, out)
    except OSError as exc:
        raise AudioError(
            f"{visible(str(out))}: could not write the audio file: {exc.strerror}"
        ) from None
    finally:
        with contextlib.suppress(OSError):
            temp.unlink()
    return out


def _chunks(track: Track, progress: Progress | None) -> list[tuple[int, int]]:
    n = len(track.samples)
    spans = [(start, min(n, start + _CHUNK)) for start in range(0, n, _CHUNK)] or [(0, 0)]
    if progress:
        progress("writing", 0, len(spans))
    return spans


def _write_wav(track: Track, path: Path, progress: Progress | None) -> None:
    samples = track.samples
    if sys.byteorder == "big":  # WAV is little-endian
        samples = samples[:]
        samples.byteswap()
    with wave.open(str(path), "wb") as writer:
        writer.setnchannels(1)
        writer.setsampwidth(SAMPLE_WIDTH)
        writer.setframerate(SAMPLE_RATE)
        spans = _chunks(track, progress)
        for done, (start, end) in enumerate(spans, 1):
            writer.writeframes(samples[start:end].tobytes())
            if progress:
                progress("writing", done, len(spans))


def load_soundfile() -> object:
    try:
        import soundfile
    except (ImportError, OSError):
        raise AudioExtraMissing(f"OGG and MP3 need the [audio] extra: {EXTRA_HINT}") from None
    return soundfile


def _write_soundfile(
    track: Track, path: Path, fmt: tuple[str, str], progress: Progress | None
) -> None:
    soundfile = load_soundfile()
    kind, subtype = fmt
    samples = track.samples
    try:
        with soundfile.SoundFile(  # type: ignore[attr-defined]
            str(path),
            "w",
            samplerate=SAMPLE_RATE,
            channels=1,
            format=kind,
            subtype=subtype,
            compression_level=COMPRESSION_LEVEL,
        ) as sf:
            spans = _chunks(track, progress)
            for done, (start, end) in enumerate(spans, 1):
                sf.buffer_write(samples[start:end].tobytes(), dtype="int16")
                if progress:
                    progress("writing", done, len(spans))
    except (RuntimeError, soundfile.LibsndfileError) as exc:  # type: ignore[attr-defined]
        raise AudioError(
            f"{visible(path.name)}: libsndfile could not encode {subtype}: {visible(str(exc))}"
        ) from None
