"""The session engine: a pure state machine from commands to events.

No Textual, no I/O, no clock of its own: the UI, the journal and the report
build on `decide` / `evolve` / `replay` / `view` over a `CompiledLesson`, and
tests drive time with `FakeClock`.

The package re-exports nothing: import a name from the module it lives in, so
that importing `coach.engine.commands` (the app does, before its first frame)
does not load the whole engine.
"""
