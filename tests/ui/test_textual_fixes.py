"""`coach.ui.textual_fixes`: the patched compositor sends the terminal what Textual would.

The patch renders only the widgets seen under a dirty region, and only its
rows; the escape sequences written for an update must be what Textual's own
method produces (less cursor moves no text follows), for any set of dirty
regions on a real screen.
"""

from __future__ import annotations

import random
import re
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager

import pytest
from textual._compositor import Compositor
from textual.geometry import Region

import coach.ui.app  # noqa: F401  (applies the fixes)
from tests.ui.helpers import advance, make_app, press
from tests.ui.test_controls import _to_hold

PATCHED = Compositor._get_renders
ORIGINAL = getattr(PATCHED, "__wrapped__", None)

pytestmark = pytest.mark.skipif(
    ORIGINAL is None, reason="the patch is off (not the Textual release it was written for)"
)

FIXED_REGIONS = [
    [Region(55, 18, 18, 4)],  # a pacer frame: the bar's moving edges
    [Region(31, 17, 67, 1)],  # the pacer's caption row
    [Region(87, 0, 12, 1), Region(50, 18, 30, 4)],  # a clock label and the bar together
    [Region(0, 0, 100, 30)],  # everything
    [Region(0, 29, 100, 1)],  # the key bar
    [Region(99, 29, 1, 1)],  # one cell in the corner
    [Region(10, 20, 5, 5), Region(80, 2, 10, 20)],  # across the dial, body and pacer
    [Region(0, 5, 100, 1), Region(0, 25, 100, 1)],  # two rows far apart
]


def _random_regions(seed: int) -> list[Region]:
    rng = random.Random(seed)
    regions = []
    for _ in range(rng.randint(1, 3)):
        x, y = rng.randrange(100), rng.randrange(30)
        regions.append(Region(x, y, rng.randint(1, 100 - x), rng.randint(1, 30 - y)))
    return regions


_IDLE_MOVE = re.compile(r"\x1b\[\d+;\d+H(?=\x1b\[\d+;\d+H|\n|$)")


def _terminal_effect(sequences: str) -> str:
    """The update less cursor moves that no text follows.

    Textual emits a bare move for a widget that starts exactly where a dirty
    span ends; the patch never renders that widget, so the move is missing.
    The next text is always written after a move of its own.
    """
    return _IDLE_MOVE.sub("", sequences)


@contextmanager
def _rendering_with(how) -> Iterator[None]:
    """`Compositor._get_renders` as `how` for the block, then the patched one again."""
    Compositor._get_renders = how
    try:
        yield
    finally:
        Compositor._get_renders = PATCHED


def _update_bytes(app, compositor: Compositor, regions: list[Region], how) -> str:
    with _rendering_with(how):
        compositor._dirty_regions.clear()
        compositor._dirty_regions.update(regions)
        update = compositor.render_partial_update()
        assert update is not None
        return _terminal_effect(update.render_segments(app.console))


@asynccontextmanager
async def _in_a_hold() -> AsyncIterator[object]:
    """The tour's hold, 2.5 s into its first position, the breath bar moving."""
    app, session, clock = make_app(animate=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await _to_hold(pilot, app, session)
        await advance(pilot, clock, 2.5)
        yield app


def _compare_on_screen(app) -> None:
    compositor = app.screen._compositor
    for regions in FIXED_REGIONS + [_random_regions(seed) for seed in range(60)]:
        ours = _update_bytes(app, compositor, regions, PATCHED)
        textuals = _update_bytes(app, compositor, regions, ORIGINAL)
        assert ours == textuals, f"different bytes for dirty regions {regions}"


async def test_a_hold_screen_updates_byte_for_byte_as_textual_would() -> None:
    async with _in_a_hold() as app:
        _compare_on_screen(app)


@pytest.mark.parametrize("key", ["?", "s"])  # the help screen; the STOP dialog over the step
async def test_a_dialog_over_a_step_updates_byte_for_byte_as_textual_would(key: str) -> None:
    app, _session, _clock = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "enter", key)
        assert app.screen is not app.step_screen
        _compare_on_screen(app)


async def test_fewer_widgets_render_for_a_small_update() -> None:
    """The point of the patch: a few cells of the bar no longer render the whole screen."""
    async with _in_a_hold() as app:
        compositor = app.screen._compositor
        rendered = {}
        for name, how in (("ours", PATCHED), ("textual", ORIGINAL)):
            with _rendering_with(how):
                renders = compositor._get_renders(Region(55, 18, 18, 4))
                rows = sum(1 for _, _, lines in renders for line in lines if line is not None)
            rendered[name] = rows
        assert rendered["ours"] == 4  # the pacer's four bar rows; what is behind it is hidden
        assert rendered["textual"] > 10 * rendered["ours"]


def test_the_release_check_agrees_with_textual_and_reads_no_package_metadata() -> None:
    import subprocess
    import sys

    import textual

    from coach.ui.textual_fixes import textual_release_is

    assert textual_release_is(textual.__version__)
    assert not textual_release_is("0.0.0")
    code = "import sys, coach.ui.app; print('importlib.metadata' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"  # email + zipfile: ~9 ms and ~1 MiB before the first frame
