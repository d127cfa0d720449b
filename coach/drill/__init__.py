"""Rehearsal: spaced-repetition recall drills over lessons' steps, without Textual.

`store` is the person's drill memory (one private, atomic, versioned file),
`scheduler` says when each card is due (FSRS), `cards` picks a drill's cards
and what each shows, `model` is the pure drill (events in, state out),
`session` a drill journaled like any session, and `export` its Markdown
summary. The rehearse screen lives in `coach.ui.rehearse`.

Nothing is re-exported here: `coach stats` reads the memory and the
scheduler without loading the drill's journaling and engine modules.
"""
