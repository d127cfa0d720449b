"""`coach run/resume --sound/--voice/--hands-free` before the app: the voice is rendered first."""

from __future__ import annotations

import sys
from array import array
from collections.abc import Iterable

import pytest

from coach.audio.errors import NoSpeechEngine
from coach.audio.speech import Progress
from coach.engine.clock import FakeClock
from coach.engine.session import Session
from coach.lesson.catalog import resolve
from coach.ui import launch
from coach.ui.app import CoachApp
from coach.ui.audio_bridge import START_LINE, spoken_lines


class FakeSpeech:
    """A speech bank that renders instantly and remembers what it was asked."""

    def __init__(self) -> None:
        self.prepared: list[str] = []
        self.progress: list[tuple[int, int]] = []

    def prepare(self, texts: Iterable[str], progress: Progress | None = None) -> None:
        todo = list(texts)
        for done, text in enumerate(todo, 1):
            self.prepared.append(text)
            if progress:
                progress(done, len(todo))
                self.progress.append((done, len(todo)))

    def samples(self, text: str) -> array:
        return array("h", bytes(200))

    def seconds(self, text: str) -> float:
        return 0.0


def test_nothing_asked_means_no_audio_at_all() -> None:
    assert launch.audio_settings(resolve("tour")[0]) is None


def test_voice_renders_every_line_of_the_lesson_first() -> None:
    speech = FakeSpeech()
    lesson = resolve("tour")[0]
    settings = launch.audio_settings(lesson, voice=True, make_speech=lambda: speech)  # type: ignore[arg-type, return-value]
    assert settings is not None and settings.speech is speech and settings.sound
    assert speech.prepared == spoken_lines(lesson)
    assert START_LINE in speech.prepared
    assert speech.progress[-1] == (len(speech.prepared), len(speech.prepared))


def test_hands_free_alone_needs_no_sound() -> None:
    settings = launch.audio_settings(resolve("tour")[0], hands_free=True)
    assert settings is not None and settings.hands_free and not settings.plays


@pytest.fixture
def tty(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(launch, "_is_tty", lambda: True)


def test_run_with_voice_prepares_before_the_app_starts(
    tty: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    speech = FakeSpeech()
    seen: list[object] = []

    def run(app: CoachApp) -> int:
        seen.append((list(speech.prepared), app.audio_bridge))
        return 0

    monkeypatch.setattr(CoachApp, "run", run)
    code = launch.launch_run("tour", voice=True, hands_free=True, make_speech=lambda: speech)  # type: ignore[arg-type, return-value]
    assert code == 0
    [(prepared, bridge)] = seen
    assert prepared == spoken_lines(resolve("tour")[0])  # all rendered before `run`
    assert bridge is not None and bridge.settings.speech is speech and bridge.settings.hands_free


def test_voice_without_a_speech_engine_is_one_line_and_exit_1(
    tty: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def no_engine() -> FakeSpeech:
        raise NoSpeechEngine("no offline speech engine for --voice: install espeak-ng")

    monkeypatch.setattr(CoachApp, "run", lambda app: pytest.fail("the app must not start"))
    assert launch.launch_run("tour", voice=True, make_speech=no_engine) == 1  # type: ignore[arg-type]
    err = capsys.readouterr().err
    assert err == "coach: no offline speech engine for --voice: install espeak-ng\n"


def test_voice_without_the_audio_extra_names_it(
    tty: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "miniaudio", None)  # as if it were not installed
    monkeypatch.setattr(CoachApp, "run", lambda app: pytest.fail("the app must not start"))
    assert launch.launch_run("tour", voice=True, make_speech=FakeSpeech) == 1  # type: ignore[arg-type]
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "`audio` extra" in err[0] and "--voice" in err[0]


def test_resume_takes_the_same_options(tty: None, monkeypatch: pytest.MonkeyPatch) -> None:
    speech = FakeSpeech()
    seen: list[object] = []
    monkeypatch.setattr(CoachApp, "run", lambda app: seen.append(app.audio_bridge) or 0)
    session = Session(resolve("tour")[0], FakeClock())
    code = launch.launch_session(lambda: session, voice=True, make_speech=lambda: speech)  # type: ignore[arg-type, return-value]
    assert code == 0 and speech.prepared
    [bridge] = seen
    assert bridge is not None and bridge.settings.speech is speech  # type: ignore[attr-defined]


def test_sound_without_the_extra_falls_back_to_the_bell_with_the_reason(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from coach.audio.sinks import BellSink
    from coach.ui.audio_bridge import open_default_sink

    monkeypatch.setitem(sys.modules, "miniaudio", None)
    monkeypatch.delenv("COACH_AUDIO_BACKEND", raising=False)
    sink, reason = open_default_sink(lambda count: None)
    assert isinstance(sink, BellSink)
    assert reason is not None and "[audio] extra" in reason and "\n" not in reason


@pytest.mark.parametrize("command", ["run", "resume"])
def test_the_cli_hands_the_options_to_the_launcher(
    command: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from coach import entry

    calls: list[dict[str, object]] = []

    def launcher(*args: object, **kwargs: object) -> int:
        calls.append(kwargs)
        return 0

    monkeypatch.setattr(launch, "launch_run", launcher)
    monkeypatch.setattr(launch, "launch_session", launcher)
    if command == "resume":
        from tests.cli.helpers import record_session

        session_id, _journal = record_session(finish=False)
        argv = ["resume", session_id]
    else:
        argv = ["run", "tour"]
    assert entry.run([*argv, "--sound", "--voice", "--hands-free"]) == 0
    [kwargs] = calls
    assert (kwargs["sound"], kwargs["voice"], kwargs["hands_free"]) == (True, True, True)


def test_watch_refuses_voice_in_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    from coach import entry

    assert entry.run(["run", "tour", "--watch", "--voice"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "--watch" in err[0] and "--voice" in err[0]
