"""The entry point turns the cyclic collector off for short commands only."""

from __future__ import annotations

import gc
import sys

import pytest

import coach.cli
from coach import entry


@pytest.mark.parametrize(
    ("argv", "collecting"),
    [
        (["validate", "lessons/"], False),
        (["export", "abc"], False),
        (["--help"], False),
        (["run", "tour"], True),
        (["follow"], True),
        ([], True),
    ],
)
def test_collector_is_off_only_for_short_commands(
    monkeypatch: pytest.MonkeyPatch, argv: list[str], collecting: bool
) -> None:
    seen: list[bool] = []
    monkeypatch.setattr(sys, "argv", ["coach", *argv])
    monkeypatch.setattr(coach.cli, "main", lambda: seen.append(gc.isenabled()))
    try:
        entry.main()
    finally:
        gc.enable()
    assert seen == [collecting]
