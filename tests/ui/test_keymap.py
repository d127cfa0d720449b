"""The one keymap table: no key means two things in a view or in views shown together,
every screen's bindings come from it, and help lists every key of its view."""

from __future__ import annotations

import pytest

from coach.ui import keymap
from coach.ui.follow import FollowApp
from coach.ui.present import PresentScreen
from coach.ui.screens.checkin import CheckinDialog
from coach.ui.screens.confirm_quit import ConfirmQuit
from coach.ui.screens.content_note import ContentNoteScreen
from coach.ui.screens.help import HelpScreen
from coach.ui.screens.picker import PickerScreen
from coach.ui.screens.step import StepScreen
from coach.ui.screens.stop import StopDialog
from coach.ui.screens.too_small import TooSmallScreen
from coach.ui.widgets.lists import ChecklistView, FeedbackTable
from coach.ui.widgets.review import ReviewPane

VIEWS = sorted({k.view for k in keymap.TABLE})


@pytest.mark.parametrize("view", VIEWS)
def test_no_key_means_two_things_in_one_view(view: str) -> None:
    assert keymap.clashes((view,)) == []


@pytest.mark.parametrize("family", sorted(keymap.FAMILIES))
def test_no_key_means_two_things_across_views_shown_together(family: str) -> None:
    assert keymap.clashes(keymap.FAMILIES[family]) == []


def test_the_clash_check_finds_a_clash() -> None:
    # The old present screen: `n` for notes under a check-in's `n` for no.
    extra = keymap.Key("present", "n", "notes", "Notes", "show or hide your notes")
    saved = keymap.TABLE
    keymap.TABLE = (*saved, extra)
    try:
        assert keymap.clashes(keymap.FAMILIES["present"])
    finally:
        keymap.TABLE = saved


OWNERS = [
    (StepScreen, "step"),
    (PresentScreen, "present"),
    (FollowApp, "follow"),
    (PickerScreen, "picker"),
    (ContentNoteScreen, "note"),
    (CheckinDialog, "checkin"),
    (StopDialog, "stop"),
    (ConfirmQuit, "quit"),
    (HelpScreen, "help"),
    (TooSmallScreen, "too_small"),
    (ChecklistView, "checklist"),
    (FeedbackTable, "ratings"),
    (ReviewPane, "review"),
]


@pytest.mark.parametrize(("owner", "view"), OWNERS, ids=[v for _o, v in OWNERS])
def test_every_binding_comes_from_the_table(owner: type, view: str) -> None:
    table = {(k.keys, k.action) for k in keymap.rows(view)}
    bound = {(b.key, b.action) for b in owner.BINDINGS}
    assert bound == table


@pytest.mark.parametrize("view", ["step", "present"])
def test_clicker_keys_mean_next_and_back(view: str) -> None:
    actions = {}
    for key in keymap.rows(view):
        for name in key.keys.split(","):
            actions.setdefault(name, key.action)
    for name in ("pagedown", "right", "enter"):
        assert actions[name] == "next"
    for name in ("pageup", "left"):
        assert actions[name] == "back"
    assert actions["space"] == "pause"  # never next: Space pauses wherever a session runs


@pytest.mark.parametrize("view", sorted(keymap.HELP_VIEWS))
def test_help_lists_every_key_of_its_view(view: str) -> None:
    lines = keymap.help_rows(view)
    meanings = {meaning for _keys, meaning in lines}
    for part in keymap.HELP_VIEWS[view]:
        for key in keymap.rows(part):
            assert key.help in meanings
    assert len(lines) == len(set(lines))
