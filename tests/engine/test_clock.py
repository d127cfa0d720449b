"""The clocks: the fake one moves only when told, the real one carries an offset."""

from __future__ import annotations

import pytest

from coach.engine.clock import Clock, FakeClock, MonotonicClock


def test_fake_clock() -> None:
    clock = FakeClock(10)
    assert clock.now() == 10.0 and isinstance(clock.now(), float)
    assert clock.advance(2.5) == 12.5
    assert clock.set(20) == 20.0
    with pytest.raises(ValueError):
        clock.advance(-1)
    with pytest.raises(ValueError):
        clock.set(19.0)
    assert isinstance(clock, Clock)


def test_monotonic_clock_continues_from_its_offset() -> None:
    clock = MonotonicClock(offset=125.0)
    first = clock.now()
    assert 125.0 <= first < 135.0
    assert clock.now() >= first
    assert isinstance(clock, Clock)
