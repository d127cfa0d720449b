"""Practice history: what a person practised, when, and what is weak, without Textual.

`fold` turns session records and the drill memory into `Stats` (pure),
`load` reads them from the journals and the drill memory, `chart` draws the
per-day chart with plotext, and `render` builds the Rich renderable that
`coach stats` prints and the stats screen (`coach.ui.stats`) shows.
"""
