"""The keys that work now, on one line at the bottom: updated in place, never rebuilt.

Textual's `Footer` recomposes (a fresh `FooterKey` widget per binding) on
every `refresh_bindings()`, and each new key is `data_bind`-ed to the footer,
which keeps every removed key alive for the life of the screen: the step
screen changes its bindings on nearly every step, so a 30-minute session
leaked tens of MiB. `KeyBar` is one widget that draws the same line as text:
on each bindings change it recomputes the (key, label, enabled) entries and
repaints only if they differ. A click on a key presses that key.
"""

from __future__ import annotations

from typing import ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.screen import Screen
from textual.widget import Widget

# (key, key as shown, description, enabled)
Entry = tuple[str, str, str, bool]


class KeyBar(Widget, can_focus=False):
    """A one-line, clickable list of the active (shown) bindings of its screen."""

    ALLOW_SELECT = False
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        width: 1fr;
        color: $footer-foreground;
        background: $footer-background;
    }
    KeyBar > .key-bar--key {
        color: $footer-key-foreground;
        background: $footer-key-background;
        text-style: bold;
    }
    KeyBar > .key-bar--description {
        color: $footer-description-foreground;
        background: $footer-description-background;
    }
    KeyBar > .key-bar--disabled {
        text-style: dim;
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "key-bar--key",
        "key-bar--description",
        "key-bar--disabled",
    }

    def __init__(
        self, *, name: str | None = None, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.entries: tuple[Entry, ...] = ()
        self._spans: list[tuple[int, int, str, bool]] = []
        self._screen: Screen[object] | None = None
        self.updates = 0  # how often the entries changed (tests check it stays small)

    def on_mount(self) -> None:
        self._screen = self.screen
        self._screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self.call_after_refresh(self.update_keys)

    def on_unmount(self) -> None:
        if self._screen is not None:
            self._screen.bindings_updated_signal.unsubscribe(self)
            self._screen = None

    def _bindings_changed(self, screen: Screen[object]) -> None:
        if screen is self._screen and self.is_attached:
            self.update_keys()

    def compute_entries(self) -> tuple[Entry, ...]:
        """One entry per action, first key wins (as `Footer` shows them)."""
        screen = self._screen
        if screen is None:
            return ()
        seen: set[str] = set()
        out: list[Entry] = []
        for _node, binding, enabled, _tooltip in screen.active_bindings.values():
            if not binding.show or binding.action in seen:
                continue
            seen.add(binding.action)
            out.append(
                (binding.key, self.app.get_key_display(binding), binding.description, enabled)
            )
        return tuple(out)

    def update_keys(self) -> bool:
        """Recompute the entries; repaint (True) only if they changed."""
        if self._screen is None:
            return False
        entries = self.compute_entries()
        if entries == self.entries:
            return False
        self.entries = entries
        self.updates += 1
        self.refresh()
        return True

    @property
    def text(self) -> str:
        return self.render().plain

    def render(self) -> Text:
        key_style = self.get_component_rich_style("key-bar--key", partial=True)
        desc_style = self.get_component_rich_style("key-bar--description", partial=True)
        dim = self.get_component_rich_style("key-bar--disabled", partial=True)
        out = Text(no_wrap=True, overflow="crop", end="")
        spans: list[tuple[int, int, str, bool]] = []
        x = 0
        for key, shown, description, enabled in self.entries:
            ks, ds = (key_style, desc_style) if enabled else (key_style + dim, desc_style + dim)
            label = f" {shown} "
            out.append(label, ks)
            width = cell_len(label)
            if description:
                out.append(f"{description} ", ds)
                width += cell_len(description) + 1
            spans.append((x, x + width, key, enabled))
            x += width
        self._spans = spans
        return out

    def key_at(self, x: int) -> tuple[str, bool] | None:
        for start, end, key, enabled in self._spans:
            if start <= x < end:
                return key, enabled
        return None

    def on_click(self, event: events.Click) -> None:
        event.stop()
        hit = self.key_at(event.x)
        if hit is None:
            return
        key, enabled = hit
        if enabled:
            self.app.simulate_key(key)
        else:
            self.app.bell()
