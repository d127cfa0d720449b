"""How long `coach audio guided -o guide.ogg` takes, and how big the files are.

Why: a learner renders the guide before going out with a phone; it must be
"well under a minute" for the 110-minute guided lesson. The voice is rendered
by the system's engine into the private cache first (espeak-ng here), so the
first render pays for speech and later ones do not: both are measured, into a
scratch COACH_HOME so the real cache is untouched. WAV is written by the
standard library; OGG Vorbis and MP3 by libsndfile (the `[audio]` extra).
"""

from __future__ import annotations

import os
import shutil
import time

from benchmarks._common import REPO, Row, scratch, verdict

TARGET_SECONDS = 60.0


def run(quick: bool = False) -> list[Row]:
    from coach.audio.command import render_guide
    from coach.audio.timeline import lesson_timeline
    from coach.lesson.loader import load_lesson

    name = "tour" if quick else "guided"
    lesson = load_lesson(REPO / "lessons" / f"{name}.yaml")
    voice = shutil.which("espeak-ng") is not None or shutil.which("espeak") is not None
    rows = []
    saved = os.environ.get("COACH_HOME")
    with scratch() as home:
        os.environ["COACH_HOME"] = str(home)
        try:
            minutes = lesson_timeline(lesson).seconds / 60  # without speech: the floor
            for suffix, note in (
                (".ogg", "speech rendered"),
                (".ogg", "speech cached"),
                (".wav", "speech cached"),
                (".mp3", "speech cached"),
            ):
                out = home / f"guide{suffix}"
                t0 = time.perf_counter()
                render_guide(lesson, out, voice=voice)
                seconds = time.perf_counter() - t0
                size = out.stat().st_size / 2**20
                rows.append(
                    Row(
                        figure=f"coach audio {name} -o guide{suffix} ({note})",
                        baseline="-",
                        value=f"{seconds:.1f} s, {size:.1f} MiB",
                        target=f"<= {TARGET_SECONDS:g} s",
                        status=verdict(seconds <= TARGET_SECONDS),
                        detail=f"lesson planned at >= {minutes:.0f} min; voice {voice}",
                    )
                )
        finally:
            if saved is None:
                os.environ.pop("COACH_HOME", None)
            else:
                os.environ["COACH_HOME"] = saved
    return rows


if __name__ == "__main__":
    from benchmarks._common import script_main

    script_main(run)
