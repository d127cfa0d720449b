"""Work-arounds for Textual bugs that matter to a 30-60 minute session.

`StylesCache.get_inner_outer` (textual 8.2.8, `textual/_styles_cache.py`) is an
instance method under `@lru_cache(1024)`, so the cache key holds the
`StylesCache` of every widget ever rendered (with all its cached lines) until
1024 entries push it out: every step change leaves its widgets' line caches
alive (Textualize/textual#6665, open). The result depends only on the two
colours, so `apply()` replaces it with one cached on the colours alone.

`Strip.divide` (`textual/strip.py`) caches its result on the strip itself,
and when the one cut is the strip's own end the result is `[self]`: the
strip then refers to itself. The compositor divides every line it paints
that way, so every painted line became a reference cycle that only the
cyclic collector frees, and it runs seldom: in a hold, the lines a clock
label drew a second ago piled up for minutes (a 30-minute session's resident
memory grew ~0.2 MiB more for it). `apply()` answers that case without
caching it; the other cuts go to Textual as before.

`Compositor._get_renders` (`textual/_compositor.py`), asked for the lines
under a small dirty region, picks every widget whose *clip* (its container's
area) overlaps that region and renders each one whole. A frame of the breath
pacer (a few cells on four rows) made twelve widgets render every line, the
screen's thirty included, and the compositor then threw all but four rows
away: most of the hold screen's CPU. `apply()` skips widgets that do not
overlap the region or are hidden there by a widget in front (the containers
behind the pacer), and renders the others only on its rows; a widget's
columns stay whole, because the compositor cuts lines at widget edges. The
terminal receives the same bytes (`tests/ui/test_textual_fixes.py` compares
the two). This one restates Textual's method, so it applies only to the
Textual release it was written against.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

_applied = False


def apply() -> None:
    """Patch once; each fix is a no-op if Textual changed the method (fixed or renamed)."""
    global _applied
    if _applied:
        return
    _applied = True
    _cache_inner_outer_by_colour()
    _divide_without_self_reference()
    _render_only_the_dirty_rows()


def _cache_inner_outer_by_colour() -> None:
    from textual._styles_cache import StylesCache

    method = StylesCache.__dict__.get("get_inner_outer")
    original = getattr(method, "__wrapped__", None)
    if original is None or not hasattr(method, "cache_clear"):
        return
    method.cache_clear()  # let go of whatever it holds already

    @lru_cache(256)
    def by_colours(base_background: Any, background: Any) -> Any:
        return original(None, base_background, background)

    def get_inner_outer(self: StylesCache, base_background: Any, background: Any) -> Any:
        return by_colours(base_background, background)

    get_inner_outer.cache_clear = by_colours.cache_clear  # type: ignore[attr-defined]
    StylesCache.get_inner_outer = get_inner_outer  # type: ignore[method-assign]


def _divide_without_self_reference() -> None:
    from textual.strip import Strip

    original = Strip.__dict__.get("divide")
    if original is None or not hasattr(Strip, "_divide_cache"):
        return

    def divide(self: Strip, cuts: Iterable[int]) -> Sequence[Strip]:
        cell_length = self.cell_length
        kept = [cut for cut in cuts if cut <= cell_length]
        if kept == [cell_length]:
            return [self]  # what Textual returns here, without keeping it on `self`
        return original(self, kept)  # type: ignore[no-any-return]

    Strip.divide = divide  # type: ignore[method-assign]


PATCHED_TEXTUAL = "8.2.8"
"""The Textual release `_render_only_the_dirty_rows` restates a method of."""


def textual_release_is(release: str) -> bool:
    """Whether the installed Textual is `release`, from its dist-info folder's name.

    `textual.__version__` would answer too, but it reads the package metadata
    with `importlib.metadata`, which imports the `email` parser and `zipfile`:
    ~9 ms of a start-up that happens before the first frame, and ~2 MiB of
    the app's peak memory (measured in a hold).
    """
    import textual

    site = os.path.dirname(os.path.dirname(os.path.abspath(textual.__file__)))
    return os.path.isdir(os.path.join(site, f"textual-{release}.dist-info"))


def _render_only_the_dirty_rows() -> None:
    from textual._compositor import Compositor
    from textual.geometry import Region
    from textual.strip import Strip

    original = Compositor.__dict__.get("_get_renders")
    if original is None or not textual_release_is(PATCHED_TEXTUAL):
        return

    def _get_renders(
        self: Compositor, crop: Region | None = None
    ) -> Iterable[tuple[Region, Region, list[Strip]]]:
        if crop is None:
            yield from original(self, crop)
            return
        # Plain arithmetic on the crop: Region's own methods are lru-cached, and a
        # new crop every frame would fill their caches with regions seen once.
        cx0, cy0, crop_width, crop_height = crop
        cx1, cy1 = cx0 + crop_width, cy0 + crop_height
        in_front: list[tuple[int, int, int, int]] = []  # drawn already, front to back
        for widget, (region, clip) in list(self.visible_widgets.items()):
            rx, ry, rw, rh = region
            kx, ky, kw, kh = clip
            x0, y0 = max(rx, kx), max(ry, ky)  # the part of the widget on screen
            x1, y1 = min(rx + rw, kx + kw), min(ry + rh, ky + kh)
            wx0, wy0 = max(x0, cx0), max(y0, cy0)  # ... and in the crop
            wx1, wy1 = min(x1, cx1), min(y1, cy1)
            if wx0 >= wx1 or wy0 >= wy1:
                continue
            if any(
                fx0 <= wx0 and fy0 <= wy0 and wx1 <= fx1 and wy1 <= fy1
                for fx0, fy0, fx1, fy1 in in_front
            ):
                continue  # hidden there by a widget in front: its lines would be thrown away
            lines = widget.render_lines(Region(x0 - rx, wy0 - ry, x1 - x0, wy1 - wy0))
            in_front.append((x0, y0, x1, y1))
            # Rows above the crop are never painted (the compositor skips them
            # before it looks at the line), so they need no render.
            yield region, clip, [None] * (wy0 - y0) + lines  # type: ignore[list-item]

    _get_renders.__wrapped__ = original  # type: ignore[attr-defined]  (tests compare the two)
    Compositor._get_renders = _get_renders  # type: ignore[method-assign]
