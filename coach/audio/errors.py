"""The audio package's own errors, each one line for a person.

`coach audio` and `coach run --sound/--voice` catch `CoachError`; these say
which part is missing (the `[audio]` extra, a sound device, a speech engine)
and what to do about it, never a traceback.
"""

from __future__ import annotations

from coach.errors import CoachError


class AudioError(CoachError):
    """Sound could not be made, written or played; the message says why."""


class AudioExtraMissing(AudioError):
    """The optional `[audio]` extra (miniaudio, soundfile) is not installed."""


class NoSoundDevice(AudioError):
    """The extra is there but the machine has no sound output to open."""


class NoSpeechEngine(AudioError):
    """No offline speech engine (espeak-ng, say, SAPI) was found."""


class BadAudioSuffix(AudioError):
    """`coach audio -o` was given a file type we cannot write."""


EXTRA_HINT = 'install it with: pip install "coach[audio]"'
