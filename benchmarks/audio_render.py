"""How long `coach audio guided -o guide.ogg` takes, and how big the files are.

Why: a learner renders the guide before going out with a phone; it must be
"well under a minute" for the 110-minute guided lesson. The voice is rendered
by the system's engine into the private cache first (espeak-ng here), so the
first render pays for speech and later ones do not: both are measured, into a
scratch COACH_HOME so the real cache is untouched. WAV is written by the
standard library; OGG Vorbis and MP3 by libsndfile (the `[audio]` extra, also
needed here to read each file's length back). Wall time on a shared machine
swings with its load, so the process CPU time is given beside it.
"""

from __future__ import annotations

import os
import shutil
import time

from benchmarks._common import REPO, Row, scratch, verdict

TARGET_SECONDS = 60.0


def run(quick: bool = False) -> list[Row]:
    from coach.audio.command import render_guide
    from coach.lesson.loader import load_lesson

    name = "tour" if quick else "guided"
    lesson = load_lesson(REPO / "lessons" / f"{name}.yaml")
    voice = shutil.which("espeak-ng") is not None or shutil.which("espeak") is not None
    rows = []
    saved = os.environ.get("COACH_HOME")
    with scratch() as home:
        os.environ["COACH_HOME"] = str(home)
        try:
            import soundfile

            for suffix, note in (
                (".ogg", "speech rendered"),
                (".ogg", "speech cached"),
                (".wav", "speech cached"),
                (".mp3", "speech cached"),
            ):
                out = home / f"guide{suffix}"
                t0, cpu0 = time.perf_counter(), time.process_time()
                render_guide(lesson, out, voice=voice)
                seconds, cpu = time.perf_counter() - t0, time.process_time() - cpu0
                size = out.stat().st_size / 2**20
                minutes = soundfile.info(str(out)).duration / 60
                load = os.getloadavg()[0]
                rows.append(
                    Row(
                        figure=f"coach audio {name} -o guide{suffix} ({note})",
                        baseline="-",
                        value=f"{seconds:.1f} s, {size:.1f} MiB",
                        target=f"<= {TARGET_SECONDS:g} s",
                        status=verdict(seconds <= TARGET_SECONDS),
                        detail=(
                            f"{minutes:.1f} min of audio; CPU {cpu:.1f} s of this process "
                            f"(+ speech subprocesses); voice {voice}; load average {load:.1f}"
                        ),
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
