"""Playback: one clear line without the extra or a device; the mixer and the bell."""

from __future__ import annotations

import subprocess
import sys
from array import array

import pytest

from coach.audio.cues import CueKind
from coach.audio.errors import AudioError, AudioExtraMissing, NoSoundDevice
from coach.audio.sinks import BellSink, Sound


def sound(kinds: tuple[CueKind, ...], samples: list[int] | None = None) -> Sound:
    return Sound(0.0, kinds, (), array("h", samples or [1, 2, 3]))


def test_opening_without_a_device_or_extra_is_one_line() -> None:
    from coach.audio.player import open_player

    try:
        player = open_player()
    except (NoSoundDevice, AudioExtraMissing) as exc:
        message = str(exc)
        assert "\n" not in message and message
        if isinstance(exc, AudioExtraMissing):
            assert "pip install" in message
        else:
            assert "bell" in message
        return
    player.close()
    pytest.skip("this machine has a sound device")


def test_a_missing_extra_is_reported_not_raised_as_import_error() -> None:
    code = (
        "import sys; sys.modules['miniaudio'] = None\n"
        "from coach.audio.player import open_player\n"
        "from coach.audio.errors import AudioExtraMissing\n"
        "try:\n    open_player()\nexcept AudioExtraMissing as exc:\n    print(exc)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert (
        out.stdout.strip()
        == 'sound needs the [audio] extra: install it with: pip install "coach[audio]"'
    )


def test_null_device_mixes_and_silences() -> None:
    miniaudio = pytest.importorskip("miniaudio")
    from coach.audio.player import MiniaudioSink

    sink = MiniaudioSink(backends=[miniaudio.Backend.NULL])
    try:
        sink.play(sound((CueKind.INHALE,), [100] * 50_000))
        sink.play(sound((CueKind.EXHALE,), [100] * 50_000))
        assert sink.playing == 2
        sink.silence()
        assert sink.playing == 0
    finally:
        sink.close()


def test_bell_rings_once_per_cue_three_times_for_stop_and_not_for_ticks() -> None:
    rings: list[int] = []
    bell = BellSink(rings.append)
    bell.play(sound((CueKind.INHALE,)))
    bell.play(sound((CueKind.COUNT_IN,)))
    bell.play(sound((CueKind.STOP,)))
    bell.silence()
    assert rings == [1, 3]


def test_audio_errors_are_coach_errors() -> None:
    from coach.errors import CoachError

    assert issubclass(AudioError, CoachError)


def test_the_audio_core_never_imports_textual() -> None:
    code = (
        "import sys\n"
        "import coach.audio.command, coach.audio.guide, coach.audio.player\n"
        "print('textual' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_open_sink_falls_back_to_the_bell_with_the_reason() -> None:
    from coach.audio.player import MiniaudioSink, open_sink

    rings: list[int] = []
    sink, why = open_sink(rings.append)
    if isinstance(sink, MiniaudioSink):
        sink.close()
        pytest.skip("this machine has a sound device")
    assert isinstance(sink, BellSink) and why and "\n" not in why
    sink.play(sound((CueKind.STOP,)))
    assert rings == [3]
