"""Speech: the engine's command lines, the private cache, and espeak-ng where installed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from coach.audio.command import render_guide
from coach.audio.errors import AudioError, NoSpeechEngine
from coach.audio.speech import SpeechBank, SpeechEngine, find_engine, read_wav, resample
from coach.audio.synth import SAMPLE_RATE

from .helpers import lesson

needs_espeak = pytest.mark.skipif(
    shutil.which("espeak-ng") is None and shutil.which("espeak") is None,
    reason="espeak-ng is not installed",
)


@pytest.mark.parametrize(
    ("engine", "argv_has", "env_has"),
    [
        (SpeechEngine("espeak-ng", "/e", "en-gb"), ["-w", "--stdin", "-v", "en-gb"], {}),
        (SpeechEngine("say", "/say", None), ["-o", "--data-format=LEI16@22050", "-f", "-"], {}),
        (SpeechEngine("sapi", "pwsh", None), ["-NoProfile"], {"COACH_SPEECH_OUT": "/o.wav"}),
    ],
)
def test_text_never_goes_on_the_command_line(
    engine: SpeechEngine, argv_has: list[str], env_has: dict[str, str]
) -> None:
    argv, env = engine.command(Path("/o.wav"))
    assert all(part in argv for part in argv_has)
    assert env_has.items() <= env.items()


def test_no_engine_is_one_line_naming_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "")
    for platform, hint in (("linux", "espeak-ng"), ("darwin", "say"), ("win32", "PowerShell")):
        with pytest.raises(NoSpeechEngine) as caught:
            find_engine(platform=platform)
        assert "\n" not in str(caught.value) and hint in str(caught.value)


def test_cache_names_hide_the_text_and_differ_by_voice() -> None:
    a = SpeechEngine("espeak-ng", "/e", "en").cache_name("Move to 3 o'clock.")
    b = SpeechEngine("espeak-ng", "/e", "de").cache_name("Move to 3 o'clock.")
    assert a != b and "clock" not in a and a.endswith(".wav")


def test_resample_keeps_duration_and_shape() -> None:
    from array import array

    ramp = array("h", range(0, 1000, 10))  # 100 samples
    out = resample(ramp, SAMPLE_RATE * 2)
    assert len(out) == 50 and out[0] == 0 and out[-1] == 990


@needs_espeak
def test_espeak_renders_into_the_private_cache_once(coach_home: Path) -> None:
    bank = SpeechBank(find_engine())
    calls: list[tuple[int, int]] = []
    bank.prepare(
        ["Breathe out.", "Move to 3 o'clock.", "Breathe out."], lambda d, t: calls.append((d, t))
    )
    assert calls[-1] == (2, 2)
    assert 0.3 < bank.seconds("Breathe out.") < 3.0
    folder = coach_home / "cache" / "speech"
    files = sorted(folder.iterdir())
    assert len(files) == 2 and all(f.suffix == ".wav" for f in files)
    assert folder.stat().st_mode & 0o777 == 0o700
    assert all(f.stat().st_mode & 0o777 == 0o600 for f in files)
    assert read_wav(files[0])
    stamps = [f.stat().st_mtime_ns for f in files]
    again = SpeechBank(find_engine())
    again.prepare(["Breathe out.", "Move to 3 o'clock."])
    assert [f.stat().st_mtime_ns for f in sorted(folder.iterdir())] == stamps  # from the cache


@needs_espeak
def test_a_voiced_guide_is_longer_and_says_its_lines(tmp_path: Path) -> None:
    quiet = render_guide(lesson(), tmp_path / "quiet.wav", voice=False)
    spoken = render_guide(lesson(), tmp_path / "spoken.wav", voice=True)
    assert spoken.stat().st_size > quiet.stat().st_size
    assert len(read_wav(spoken)) > len(read_wav(quiet))


def test_an_engine_that_fails_is_one_line(tmp_path: Path) -> None:
    false = shutil.which("false")
    if false is None:
        pytest.skip("no `false` command")
    bank = SpeechBank(SpeechEngine("espeak-ng", false), cache=tmp_path)
    with pytest.raises(AudioError) as caught:
        bank.prepare(["Hello."])
    assert str(caught.value) == "espeak-ng could not speak a line: exit status 1"
    assert list(tmp_path.iterdir()) == []  # no half-written file left behind
