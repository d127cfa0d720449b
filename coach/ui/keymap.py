"""Every key of every view, in one table: the bindings, the help screen and the README read it.

A key means one thing in one view. The session's views are stacked (the step
screen under a check-in or the STOP dialog), and a person with gloved hands
presses what they pressed a moment ago, so the rule also holds across each
*family* of views that are on screen together (`FAMILIES`): `n` answers "no"
on a check-in, so it is not the notes key under it (`i` is).

Presentation clickers and foot pedals send PageDown / PageUp (most), Right /
Left, or Enter: all of them mean next / back wherever a step is shown.
Space is *pause* wherever a session runs (the one key a person under stress
finds blind), so it does not mean next, and a checklist ticks with `x`.

`bindings(view)` gives a screen its Textual `BINDINGS`; `help_rows(view)`
gives the help screen its lines, one per meaning, in table order.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding, BindingType


@dataclass(frozen=True)
class Key:
    """One meaning of some keys in one view."""

    view: str
    keys: str  # Textual key names, comma-separated; the first is shown in the key bar
    action: str  # the Textual action the keys run
    label: str  # the key bar's word ("" keeps it out of the bar)
    help: str  # the help screen's line; rows of one view with one `help` are one meaning
    shown: str = ""  # the keys as the help screen writes them (default: from `keys`)
    priority: bool = False


NEXT = "enter,pagedown,right"
BACK = "left,pageup,backspace"

TABLE: tuple[Key, ...] = (
    # ------------------------------------------------------------ picker
    Key(
        "picker",
        "enter",
        "choose",
        "Start",
        "start the highlighted lesson (or resume it)",
        priority=True,
    ),
    Key("picker", "r", "resume", "Resume", "resume the interrupted session shown first"),
    Key("picker", "question_mark", "app.help", "Help", "this help"),
    Key("picker", "q", "app.quit", "Quit", "quit"),
    # ------------------------------------------------------------ content note
    Key("note", "enter,y", "answer(True)", "Continue", "agree and begin"),
    Key("note", "escape,n", "answer(False)", "Leave", "leave without starting (nothing saved)"),
    Key("note", "question_mark", "app.help", "Help", "this help"),
    # ------------------------------------------------------------ step (coach run)
    Key("step", NEXT, "next", "Next", "next step, or acknowledge the reminder", "Enter  →  PgDn"),
    Key(
        "step",
        BACK,
        "back",
        "Back",
        "back to the previous step of the lesson",
        "←  PgUp  Backspace",
    ),
    Key("step", "space,p", "pause", "Pause", "pause / resume the session", "Space  p"),
    Key("step", "space,p", "resume", "Resume", "pause / resume the session", "Space  p"),
    Key("step", "a", "ack", "Acknowledge", "acknowledge the reminder"),
    Key("step", "k", "skip", "", "skip this step (marked skipped)"),
    Key("step", "s", "app.stop", "STOP", "STOP: freeze everything, then resume / back / end"),
    Key("step", "i", "notes", "Notes", "show or hide the instructor note"),
    Key("step", "question_mark", "app.help", "Help", "this help"),
    Key("step", "q", "app.confirm_quit", "Quit", "quit (asks first; progress is kept)"),
    # ------------------------------------------------------------ present (projector)
    Key(
        "present",
        NEXT,
        "next",
        "Next",
        "next step (starts a waiting timer first)",
        "Enter  →  PgDn",
    ),
    Key(
        "present",
        BACK,
        "back",
        "Back",
        "back to the previous step of the lesson",
        "←  PgUp  Backspace",
    ),
    Key("present", "space,p", "pause", "Pause", "pause / resume the session", "Space  p"),
    Key("present", "space,p", "resume", "Resume", "pause / resume the session", "Space  p"),
    Key("present", "t", "start_timer", "Start timer", "start the step's timer"),
    Key("present", "a", "ack", "Acknowledge", "acknowledge the reminder"),
    Key("present", "k", "skip", "", "skip this step (marked skipped)"),
    Key("present", "s", "app.stop", "STOP", "STOP: freeze everything, then resume / back / end"),
    Key("present", "i", "notes", "Notes", "show or hide your notes (never on the projector)"),
    Key("present", "g", "jump", "Go to", "go to any step or section (a searchable list)"),
    Key(
        "present",
        "b,full_stop",
        "blank",
        "Blank",
        "blank the projector / show it again (a clicker's black-screen key)",
        "b  .",
    ),
    Key("present", "question_mark", "app.help", "Help", "this help"),
    Key("present", "q", "app.confirm_quit", "Quit", "quit (asks first; progress is kept)"),
    # ------------------------------------------------------------ follow (read-only)
    Key("follow", "question_mark", "help", "Help", "this help"),
    Key(
        "follow",
        "q,ctrl+c",
        "quit_follow",
        "Quit",
        "stop following (the session goes on)",
        "q  Ctrl+C",
        priority=True,
    ),
    # ------------------------------------------------------------ jump list (present `g`)
    Key("jump", "enter", "choose", "Go", "go to the highlighted step", priority=True),
    Key("jump", "up", "move(-1)", "", "move in the list", "↑  ↓", priority=True),
    Key("jump", "down", "move(1)", "", "move in the list", "↑  ↓", priority=True),
    Key("jump", "escape", "close", "Cancel", "close the list, stay on this step"),
    # ------------------------------------------------------------ inside a step (focused)
    Key("checklist", "up", "cursor(-1)", "", "move in a checklist or rating list", "↑  ↓"),
    Key("checklist", "down", "cursor(1)", "", "move in a checklist or rating list", "↑  ↓"),
    Key("checklist", "x", "toggle", "Tick", "tick the highlighted checklist item (or click it)"),
    Key("ratings", "up", "cursor(-1)", "", "move in a checklist or rating list", "↑  ↓"),
    Key("ratings", "down", "cursor(1)", "", "move in a checklist or rating list", "↑  ↓"),
    Key(
        "ratings",
        "1",
        "rate(0)",
        "Good",
        "rate the highlighted item good / neutral / bad",
        "1  2  3",
    ),
    Key(
        "ratings",
        "2",
        "rate(1)",
        "Neutral",
        "rate the highlighted item good / neutral / bad",
        "1  2  3",
    ),
    Key(
        "ratings",
        "3",
        "rate(2)",
        "Bad",
        "rate the highlighted item good / neutral / bad",
        "1  2  3",
    ),
    Key("review", "escape", "done_typing", "Done typing", "leave the review text box"),
    # ------------------------------------------------------------ check-in
    Key("checkin", "y", "answer(True)", "Yes", "answer yes"),
    Key("checkin", "n", "answer(False)", "No", "answer no"),
    Key("checkin", "enter", "done", "Continue", "go on once the answer's words are read"),
    Key("checkin", "s", "app.stop", "STOP", "STOP: freeze everything, then resume / back / end"),
    Key("checkin", "question_mark", "app.help", "Help", "this help"),
    Key("checkin", "q", "app.confirm_quit", "Quit", "quit (asks first; progress is kept)"),
    # ------------------------------------------------------------ STOP
    Key("stop", "r", "choose('resume')", "Resume", "resume where you stopped"),
    Key("stop", "b", "choose('back')", "Back a step", "back to the previous step of the lesson"),
    Key("stop", "e", "choose('end')", "End", "end the session (it is kept)"),
    # ------------------------------------------------------------ small dialogs
    Key("quit", "y", "answer(True)", "Quit", "quit"),
    Key("quit", "n,escape", "answer(False)", "Stay", "stay"),
    Key("help", "escape,question_mark,q,enter", "close", "Close", "close this help"),
    Key("too_small", "s", "app.stop", "STOP", "STOP"),
    Key("too_small", "q,escape", "app.confirm_quit", "Quit", "quit (asks first)"),
    # ------------------------------------------------------------ summary
    Key("summary", "x", "export", "Export…", "export the session as Markdown"),
    Key("summary", "q,enter", "close", "Close", "close coach"),
    # ------------------------------------------------------------ everywhere
    Key("app", "ctrl+c", "confirm_quit", "", "quit (asks first)", "Ctrl+C", priority=True),
    Key("app", "ctrl+q", "quit", "", "quit at once (progress is kept)", "Ctrl+Q"),
)

FAMILIES: dict[str, tuple[str, ...]] = {
    "run": ("step", "checklist", "ratings", "review", "checkin", "stop", "app"),
    "present": ("present", "checklist", "ratings", "review", "checkin", "stop", "app"),
    "jump": ("jump", "app"),
    "follow": ("follow",),
}
"""Views on screen together: a key means one thing across each family."""

HELP_VIEWS: dict[str, tuple[str, ...]] = {
    "picker": ("picker", "app"),
    "note": ("note", "app"),
    "step": ("step", "checklist", "ratings", "review", "checkin", "stop", "summary", "app"),
    "present": (
        "present",
        "checklist",
        "ratings",
        "review",
        "checkin",
        "stop",
        "jump",
        "summary",
        "app",
    ),
    "follow": ("follow",),
}
"""What the help screen lists, by the view it was opened from."""

_NAMES = {
    "enter": "Enter",
    "escape": "Esc",
    "space": "Space",
    "question_mark": "?",
    "left": "←",
    "right": "→",
    "up": "↑",
    "down": "↓",
    "backspace": "Backspace",
    "pagedown": "PgDn",
    "pageup": "PgUp",
    "full_stop": ".",
}


def rows(view: str) -> tuple[Key, ...]:
    return tuple(k for k in TABLE if k.view == view)


def bindings(view: str) -> list[BindingType]:
    """The Textual bindings of `view`, in table order."""
    if not rows(view):
        raise KeyError(f"no keys for view {view!r}")
    return [
        Binding(k.keys, k.action, k.label, show=bool(k.label), priority=k.priority)
        for k in rows(view)
    ]


def shown_keys(key: Key) -> str:
    if key.shown:
        return key.shown
    return "  ".join(_NAMES.get(name, name) for name in key.keys.split(","))


def help_rows(view: str) -> list[tuple[str, str]]:
    """(keys, meaning) for the help screen opened from `view`: one line per meaning."""
    out: list[tuple[str, str]] = []
    seen: set[tuple[str, str]] = set()
    for part in HELP_VIEWS.get(view, (view, "app")):
        for key in rows(part):
            line = (shown_keys(key), key.help)
            if line not in seen:
                seen.add(line)
                out.append(line)
    return out


def clashes(views: tuple[str, ...]) -> list[str]:
    """Keys that mean two things across `views` (an empty list is the rule kept)."""
    meaning: dict[str, tuple[str, str]] = {}
    out: list[str] = []
    for key in TABLE:
        if key.view not in views:
            continue
        for name in key.keys.split(","):
            # Dialogs on top take their own keys first; among them the same help line is fine.
            seen = meaning.setdefault(name, (key.view, key.help))
            if seen[1] != key.help and not _allowed(seen[0], key.view, name):
                out.append(f"{name!r}: {seen[0]} {seen[1]!r} vs {key.view} {key.help!r}")
    return out


_SHARED_ON_PURPOSE = {
    # Enter goes on everywhere: the next step, or past an answered check-in's words.
    ("step", "checkin", "enter"),
    ("present", "checkin", "enter"),
    # The STOP dialog's `b` and `r` are its own choices; the step screen has no `b`/`r`.
    # The presenter's `b` blanks the projector, but STOP is a modal dialog over the
    # console: while it is up its `b` (back a step) is the only `b` (`.` still blanks
    # once STOP is resolved). Clickers send `.` or `b`; both blank on the console.
    ("present", "stop", "b"),
}


def _allowed(first: str, second: str, name: str) -> bool:
    return (first, second, name) in _SHARED_ON_PURPOSE or (
        second,
        first,
        name,
    ) in _SHARED_ON_PURPOSE


def markdown_table() -> str:
    """Every key of every view as a Markdown table (for the README's key table)."""
    lines = ["| where | keys | what they do |", "|---|---|---|"]
    seen: set[tuple[str, str, str]] = set()
    for key in TABLE:
        row = (key.view, shown_keys(key), key.help)
        if row not in seen:
            seen.add(row)
            lines.append("| {} | {} | {} |".format(*(cell.replace("|", "\\|") for cell in row)))
    return "\n".join(lines) + "\n"
