"""`coach audio LESSON -o guide.ogg`: the function the CLI calls.

Everything a command needs in one call with one-line errors (`AudioError`
subclasses): check the suffix first (before minutes of work), find the speech
engine, render the lesson's lines into the private cache, lay out the lesson in
its planned time, mix, and write. Progress goes to a callback as
(stage, done, total) with stages "speech", "mixing" and "writing".
"""

from __future__ import annotations

from pathlib import Path

from coach.audio import lines
from coach.audio.render import FORMATS, Progress, check_suffix, render_samples, write_audio
from coach.audio.speech import SpeechBank, find_engine
from coach.audio.timeline import lesson_timeline
from coach.lesson.model import Lesson


def render_guide(
    lesson: Lesson,
    out_path: Path,
    *,
    voice: bool = True,
    speech_voice: str | None = None,
    progress: Progress | None = None,
) -> Path:
    """Render `lesson` as one audio file at `out_path` (.wav, .ogg or .mp3); the path written.

    With `voice`, the lesson's lines are spoken by the system's offline engine
    (`NoSpeechEngine` if there is none); without it, only the cues sound.
    """
    out_path = Path(out_path)
    suffix = check_suffix(out_path)
    if FORMATS[suffix] is not None:
        from coach.audio.render import load_soundfile

        load_soundfile()  # the extra is needed: say so now, not after the rendering
    bank: SpeechBank | None = None
    if voice:
        bank = SpeechBank(find_engine(speech_voice))
        texts = lines.lesson_lines(lesson)

        def speech_progress(done: int, total: int) -> None:
            if progress is not None:
                progress("speech", done, total)

        bank.prepare(texts, speech_progress)
    timeline = lesson_timeline(lesson, bank.seconds if bank else _silent)
    track = render_samples(timeline, bank.samples if bank else None, progress)
    return write_audio(track, out_path, progress)


def _silent(_text: str) -> float:
    return 0.0
