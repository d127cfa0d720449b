"""The system's own offline voice, rendered ahead of time into the private cache.

Speech is made by the engine the OS already has, so nothing is downloaded and
nothing leaves the machine: espeak-ng on Linux (and elsewhere when installed),
`say` on macOS, SAPI through PowerShell on Windows. Each is asked for 22.05 kHz
mono 16-bit WAV, the format `coach.audio.synth` mixes. Lines are rendered before
a session starts (a lesson has a few dozen), two at a time, with a progress
callback, so each one plays on its deadline instead of after a synthesis delay.

Rendered lines are lesson text, and lesson text is private: they live only in
`cache_dir()/speech` (folders 0700, files 0600), named by a hash of the engine,
voice and text, so the file name says nothing about the words. Text goes to the
engine on stdin, never on a command line (no option injection, no `ps` leak).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import wave
from array import array
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from coach import paths
from coach.audio.errors import AudioError, NoSpeechEngine
from coach.audio.synth import SAMPLE_RATE

Progress = Callable[[int, int], None]  # (done, total)
LINE_TIMEOUT = 60.0

_SAPI_SCRIPT = (
    "[Console]::InputEncoding = [Text.Encoding]::UTF8;"
    "Add-Type -AssemblyName System.Speech;"
    "$s = New-Object System.Speech.Synthesis.SpeechSynthesizer;"
    "if ($env:COACH_SPEECH_VOICE) { $s.SelectVoice($env:COACH_SPEECH_VOICE) };"
    "$f = New-Object System.Speech.AudioFormat.SpeechAudioFormatInfo(22050,"
    " [System.Speech.AudioFormat.AudioBitsPerSample]::Sixteen,"
    " [System.Speech.AudioFormat.AudioChannel]::Mono);"
    "$s.SetOutputToWaveFile($env:COACH_SPEECH_OUT, $f);"
    "$s.Speak([Console]::In.ReadToEnd()); $s.Dispose()"
)


@dataclass(frozen=True, slots=True)
class SpeechEngine:
    """One way of turning text into a WAV file on this machine."""

    name: str  # "espeak-ng", "say" or "sapi"
    executable: str
    voice: str | None = None

    def command(self, out: Path) -> tuple[list[str], dict[str, str]]:
        """The argv and extra environment that speak stdin into `out`."""
        if self.name == "say":
            argv = [self.executable, "-o", str(out), "--file-format=WAVE"]
            argv += ["--data-format=LEI16@22050", "-f", "-"]
            return argv + (["-v", self.voice] if self.voice else []), {}
        if self.name == "sapi":
            argv = [self.executable, "-NoProfile", "-NonInteractive", "-Command", _SAPI_SCRIPT]
            env = {"COACH_SPEECH_OUT": str(out), "COACH_SPEECH_VOICE": self.voice or ""}
            return argv, env
        argv = [self.executable, "-w", str(out), "--stdin"]
        return argv + (["-v", self.voice] if self.voice else []), {}

    def cache_name(self, text: str) -> str:
        digest = hashlib.sha256(f"{self.name}\0{self.voice or ''}\0{text}".encode()).hexdigest()
        return f"{digest[:40]}.wav"


def find_engine(voice: str | None = None, platform: str = sys.platform) -> SpeechEngine:
    """This system's offline speech engine, or `NoSpeechEngine` with a one-line hint."""
    if platform == "darwin" and (found := shutil.which("say")):
        return SpeechEngine("say", found, voice)
    if platform == "win32":
        for shell in ("powershell", "pwsh"):
            if found := shutil.which(shell):
                return SpeechEngine("sapi", found, voice)
    for name in ("espeak-ng", "espeak"):
        if found := shutil.which(name):
            return SpeechEngine("espeak-ng", found, voice)
    hint = {
        "darwin": "the `say` command is missing",
        "win32": "PowerShell (for Windows speech) was not found",
    }.get(platform, "install espeak-ng (e.g. `sudo apt install espeak-ng`)")
    raise NoSpeechEngine(f"no offline speech engine for --voice: {hint}")


def speech_cache_dir() -> Path:
    return paths.ensure_private_dir(paths.cache_dir() / "speech")


def read_wav(path: Path) -> array:
    """A 16-bit WAV as mono samples at `SAMPLE_RATE` (downmixed / resampled if need be)."""
    try:
        with wave.open(str(path), "rb") as reader:
            width, channels = reader.getsampwidth(), reader.getnchannels()
            rate, frames = reader.getframerate(), reader.readframes(reader.getnframes())
    except (wave.Error, EOFError, OSError) as exc:
        raise AudioError(f"speech file {path.name} is not a readable WAV: {exc}") from None
    if width != 2:
        raise AudioError(f"speech file {path.name} has {8 * width}-bit samples, not 16")
    samples = array("h")
    samples.frombytes(frames[: len(frames) - len(frames) % 2])
    if sys.byteorder == "big":
        samples.byteswap()
    if channels > 1:
        samples = array(
            "h",
            (sum(samples[i : i + channels]) // channels for i in range(0, len(samples), channels)),
        )
    return resample(samples, rate) if rate != SAMPLE_RATE else samples


def resample(samples: array, rate: int) -> array:
    """Linear resampling to `SAMPLE_RATE` (engines that ignore the format we ask for)."""
    n = len(samples)
    if n == 0 or rate <= 0:
        return array("h")
    count = max(1, round(n * SAMPLE_RATE / rate))
    step = (n - 1) / max(1, count - 1)
    out = array("h", bytes(2 * count))
    for i in range(count):
        x = i * step
        j = int(x)
        k = min(j + 1, n - 1)
        out[i] = round(samples[j] + (samples[k] - samples[j]) * (x - j))
    return out


class SpeechBank:
    """A lesson's spoken lines, rendered once and cached privately; samples by text."""

    def __init__(self, engine: SpeechEngine, cache: Path | None = None) -> None:
        self.engine = engine
        self.cache = cache if cache is not None else speech_cache_dir()
        self._samples: dict[str, array] = {}

    def prepare(self, texts: Iterable[str], progress: Progress | None = None) -> None:
        """Render every line not rendered yet (two at a time); `progress(done, total)`."""
        todo = [t for t in dict.fromkeys(texts) if t and t not in self._samples]
        total = len(todo)
        if progress:
            progress(0, total)
        with ThreadPoolExecutor(max_workers=2) as pool:
            for done, (text, samples) in enumerate(pool.map(self._load, todo), 1):
                self._samples[text] = samples
                if progress:
                    progress(done, total)

    def samples(self, text: str) -> array:
        if text not in self._samples:
            self._samples[text] = self._load(text)[1]
        return self._samples[text]

    def seconds(self, text: str) -> float:
        return len(self.samples(text)) / SAMPLE_RATE

    def _load(self, text: str) -> tuple[str, array]:
        path = self.cache / self.engine.cache_name(text)
        if not path.exists():
            self._render(text, path)
        return text, read_wav(path)

    def _render(self, text: str, path: Path) -> None:
        fd, temp_name = tempfile.mkstemp(dir=self.cache, suffix=".part")  # 0600
        os.close(fd)
        temp = Path(temp_name)
        argv, extra_env = self.engine.command(temp)
        try:
            done = subprocess.run(
                argv,
                input=text.encode("utf-8"),
                capture_output=True,
                timeout=LINE_TIMEOUT,
                env={**os.environ, **extra_env} if extra_env else None,
                check=False,
            )
            if done.returncode != 0 or temp.stat().st_size <= 44:
                lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
                why = lines[0] if lines else f"exit status {done.returncode}"
                raise AudioError(f"{self.engine.name} could not speak a line: {why}")
            os.chmod(temp, 0o600)
            os.replace(temp, path)
        except subprocess.TimeoutExpired:
            raise AudioError(
                f"{self.engine.name} took over {LINE_TIMEOUT:.0f} s to speak a line"
            ) from None
        except OSError as exc:
            raise AudioError(f"{self.engine.name} could not be run: {exc.strerror}") from None
        finally:
            with contextlib.suppress(OSError):
                temp.unlink()
