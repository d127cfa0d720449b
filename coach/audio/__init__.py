"""Sound for hands-free lessons: cues, a voice, live scheduling and a rendered guide.

The person giving a lesson wears gloves and watches their partner, so coach
must be followable by ear. This package never imports Textual: the TUI and CLI
call into it (see `coach.audio.guide.AudioGuide` and
`coach.audio.command.render_guide`). Playback and OGG/MP3 writing need the
optional `[audio]` extra; everything else (the plan, the synth, WAV files,
speech through the system's engine) runs on the standard library.
"""
