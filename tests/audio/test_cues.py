"""The cue vocabulary: every cue sounds, fits 16 bits, and no two sound alike."""

from __future__ import annotations

import itertools
from array import array

import pytest

from coach.audio.cues import CueKind, cue_seconds
from coach.audio.synth import SAMPLE_RATE, Track, cue_samples, silence


def shape(kind: CueKind) -> tuple[int, int, int]:
    """(length in ms, zero crossings in the first and last 50 ms) - a coarse fingerprint."""
    samples = cue_samples(kind)
    w = SAMPLE_RATE // 20

    def crossings(part: array) -> int:
        return sum(1 for x, y in itertools.pairwise(part) if (x < 0) != (y < 0))

    return len(samples) * 1000 // SAMPLE_RATE, crossings(samples[:w]), crossings(samples[-w:])


@pytest.mark.parametrize("kind", list(CueKind))
def test_each_cue_is_short_audible_and_click_free(kind: CueKind) -> None:
    samples = cue_samples(kind)
    assert len(samples) == pytest.approx(cue_seconds(kind) * SAMPLE_RATE, abs=len(kind) + 4)
    assert 0.05 <= cue_seconds(kind) <= 1.0
    assert max(abs(x) for x in samples) > 3000  # audible
    assert abs(samples[0]) < 200 and abs(samples[-1]) < 200  # faded in and out


def test_no_two_cues_share_a_fingerprint() -> None:
    prints = {kind: shape(kind) for kind in CueKind}
    for a, b in itertools.combinations(CueKind, 2):
        assert prints[a] != prints[b], (a, b)


def test_track_copies_onto_silence_and_mixes_where_sounds_overlap() -> None:
    track = Track(1.0)
    tone = array("h", [1000] * 100)
    track.place(tone, 0.0)
    track.place(tone, 50 / SAMPLE_RATE)  # overlaps the second half
    track.place(array("h", [31500] * 10), 60 / SAMPLE_RATE)  # clips
    assert track.samples[0] == 1000 and track.samples[55] == 2000
    assert track.samples[60] == 32767
    assert track.samples[149] == 1000 and track.samples[150] == 0
    track.place(tone, 0.999)  # past the end is cut, not grown
    assert len(track.samples) == SAMPLE_RATE


def test_silence_is_zeros_of_the_right_length() -> None:
    assert silence(0.5) == array("h", [0] * (SAMPLE_RATE // 2))
