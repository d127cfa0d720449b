"""One report of a session, folded once from its events, read by every view of it.

`fold` makes a typed `Report`; `markdown` and `json` render it; the summary
screen, `coach export`, `coach sessions` and `resume` all read it. No Textual.
"""
