"""Work-arounds for Textual bugs that matter to a 30-60 minute session.

`StylesCache.get_inner_outer` (textual 8.2.8, `textual/_styles_cache.py`) is an
instance method under `@lru_cache(1024)`, so the cache key holds the
`StylesCache` of every widget ever rendered (with all its cached lines) until
1024 entries push it out: every step change leaves its widgets' line caches
alive (Textualize/textual#6665, open). The result depends only on the two
colours, so `apply()` replaces it with one cached on the colours alone.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

_applied = False


def apply() -> None:
    """Patch once; a no-op if Textual changed the method (fixed or renamed)."""
    global _applied
    if _applied:
        return
    _applied = True
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
