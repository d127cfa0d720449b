"""The collector pause used around bulk building (lessons, journals)."""

from __future__ import annotations

import gc

import pytest

from coach.collector import collector_paused


@pytest.mark.parametrize("collecting", [True, False])
def test_the_collector_is_paused_in_the_block_and_then_as_it_was(collecting: bool) -> None:
    was = gc.isenabled()
    (gc.enable if collecting else gc.disable)()
    try:
        with collector_paused():
            assert not gc.isenabled()
        assert gc.isenabled() is collecting
        with pytest.raises(ZeroDivisionError), collector_paused():
            1 / 0  # noqa: B018
        assert gc.isenabled() is collecting
    finally:
        (gc.enable if was else gc.disable)()


class _Cycle:
    def __init__(self) -> None:
        self.me = self


def test_between_steps_cycles_are_freed_and_the_first_survivors_frozen(monkeypatch) -> None:
    import coach.collector as collector

    monkeypatch.setattr(collector, "_frozen", False)
    frozen_before = gc.get_freeze_count()
    try:
        _Cycle()
        assert collector.collect_between_steps() >= 1
        assert gc.get_freeze_count() > frozen_before  # what survived is out of the collector's way
        frozen = gc.get_freeze_count()
        _Cycle()
        assert collector.collect_between_steps() >= 1
        assert gc.get_freeze_count() == frozen  # frozen once only
    finally:
        gc.unfreeze()
