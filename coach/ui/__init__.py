"""The Textual coach: turns keys into engine commands and renders the engine's `View`.

Nothing here decides what comes next; that is the engine's job. Importing
`coach.ui` pulls in Textual, so the CLI imports it lazily (see `launch`).
"""
