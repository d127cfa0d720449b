"""The rendered guide, analysed as samples: length, onsets and pitch match the plan."""

from __future__ import annotations

import itertools
import re
import wave
from array import array
from pathlib import Path

import pytest

from coach.audio.command import render_guide
from coach.audio.cues import ON_TIME, CueKind
from coach.audio.errors import AudioError, BadAudioSuffix
from coach.audio.synth import SAMPLE_RATE
from coach.audio.timeline import layout, lesson_timeline

from .helpers import lesson

K = CueKind
QUIET_BEFORE_ONSET = int(0.1 * SAMPLE_RATE)  # cues have inner gaps of 80 ms at most


def read(path: Path) -> array:
    with wave.open(str(path), "rb") as reader:
        assert (reader.getnchannels(), reader.getsampwidth()) == (1, 2)
        assert reader.getframerate() == SAMPLE_RATE
        samples = array("h")
        samples.frombytes(reader.readframes(reader.getnframes()))
    return samples


def onsets(samples: array) -> list[float]:
    """Seconds where sound starts after at least 100 ms of silence (or at the start)."""
    sounding = bytes(1 if x else 0 for x in samples)  # one byte per sample
    found = [0.0] if sounding[:1] == b"\1" else []
    for quiet in re.finditer(rb"\0{%d,}" % QUIET_BEFORE_ONSET, sounding):
        if quiet.end() < len(sounding):
            found.append(quiet.end() / SAMPLE_RATE)
    return found


def frequency(samples: array, start: float, seconds: float) -> float:
    """Pitch by zero crossings over a window."""
    a, b = int(start * SAMPLE_RATE), int((start + seconds) * SAMPLE_RATE)
    window = samples[a:b]
    crossings = sum(1 for x, y in itertools.pairwise(window) if (x < 0) != (y < 0))
    return crossings / 2 / seconds


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> tuple[array, Path]:
    out = tmp_path_factory.mktemp("guide") / "guide.wav"
    render_guide(lesson(), out, voice=False)
    return read(out), out


def test_length_matches_the_plan(rendered: tuple[array, Path]) -> None:
    samples, _ = rendered
    planned = lesson_timeline(lesson()).seconds
    assert len(samples) == round(planned * SAMPLE_RATE)


def test_every_cue_starts_within_10_ms_of_the_plan(rendered: tuple[array, Path]) -> None:
    samples, _ = rendered
    moments = sorted({round(c.at, 6) for c in lesson_timeline(lesson()).cues if c.kind})
    found = onsets(samples)
    assert len(found) == len(moments)
    for heard, planned in zip(found, moments, strict=True):
        assert abs(heard - planned) <= 0.010


def test_inhale_rises_and_exhale_falls(rendered: tuple[array, Path]) -> None:
    samples, _ = rendered
    cues = lesson_timeline(lesson()).cues
    inhale = next(c.at for c in cues if c.kind is K.INHALE)
    exhale = next(c.at for c in cues if c.kind is K.EXHALE)
    inhale_start, inhale_end = (
        frequency(samples, inhale, 0.12),
        frequency(samples, inhale + 0.4, 0.12),
    )
    exhale_start, exhale_end = (
        frequency(samples, exhale, 0.12),
        frequency(samples, exhale + 0.55, 0.12),
    )
    assert inhale_end > 1.5 * inhale_start  # rising
    assert exhale_end < 0.6 * exhale_start  # falling
    assert exhale_start > 1.4 * inhale_start  # and they begin far apart


def test_ogg_and_mp3_decode_to_the_planned_length(tmp_path: Path) -> None:
    soundfile = pytest.importorskip("soundfile")
    planned = lesson_timeline(lesson()).seconds
    for suffix in (".ogg", ".mp3"):
        out = render_guide(lesson(), tmp_path / f"guide{suffix}", voice=False)
        info = soundfile.info(str(out))
        assert info.samplerate == SAMPLE_RATE and info.channels == 1
        assert abs(info.duration - planned) < 0.1  # MP3 pads to whole frames
        assert out.stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize("name", ["guide.flac", "guide", "guide.txt"])
def test_an_unknown_suffix_is_one_clear_line(tmp_path: Path, name: str) -> None:
    with pytest.raises(BadAudioSuffix) as caught:
        render_guide(lesson(), tmp_path / name, voice=False)
    message = str(caught.value)
    assert "\n" not in message and name in message and ".ogg" in message
    assert list(tmp_path.iterdir()) == []


def test_progress_reaches_every_stage_and_its_total(tmp_path: Path) -> None:
    seen: dict[str, tuple[int, int]] = {}
    render_guide(
        lesson(),
        tmp_path / "g.wav",
        voice=False,
        progress=lambda stage, done, total: seen.__setitem__(stage, (done, total)),
    )
    assert set(seen) == {"mixing", "writing"}
    assert all(done == total for done, total in seen.values())


def test_a_missing_folder_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(AudioError) as caught:
        render_guide(lesson(), tmp_path / "nowhere" / "g.wav", voice=False)
    assert "does not exist" in str(caught.value) and "\n" not in str(caught.value)


def test_a_file_name_is_shown_literally(tmp_path: Path) -> None:
    with pytest.raises(BadAudioSuffix) as caught:
        render_guide(lesson(), tmp_path / "g\x1b[2J.bad\x07", voice=False)
    assert "\x1b" not in str(caught.value) and "\\x1b" in str(caught.value)


def test_the_tour_guide_matches_its_plan(tmp_path: Path) -> None:
    from coach.lesson import load_lesson

    from ..conftest import LESSONS

    tour = load_lesson(LESSONS / "tour.yaml")
    samples = read(render_guide(tour, tmp_path / "tour.wav", voice=False))
    timeline = lesson_timeline(tour)
    assert len(samples) == round(timeline.seconds * SAMPLE_RATE)
    placed = layout([c for c in timeline.cues if c.kind], lambda _text: 0.0)
    found = onsets(samples)
    # A cue that falls inside another waits for it (an `every` reminder during a move),
    # so what is heard starts where a sound follows at least 100 ms of quiet...
    starts, sounding_until = [], -1.0
    for x in sorted(placed, key=lambda x: x.start):
        if x.start > sounding_until + 0.1:
            starts.append(x.start)
        sounding_until = max(sounding_until, x.start + x.seconds)
    assert len(found) == len(starts)
    assert max(abs(a - b) for a, b in zip(found, starts, strict=True)) <= 0.010
    # ... but the cues that carry the rhythm always sound exactly on their plan.
    for cue in timeline.cues:
        if cue.kind in ON_TIME:
            assert min(abs(cue.at - t) for t in found) <= 0.010, cue
