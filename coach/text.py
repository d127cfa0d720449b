"""Lesson and review text is data, never markup or terminal control.

Lessons are shared between people. A string such as ``[link=...]`` or an ANSI
escape must be shown as the characters it is. `visible` turns every control
character (C0, C1, bidi overrides, zero-width marks) into a readable escape so
it can neither move the cursor nor reorder text; Rich markup is neutralised by
always rendering lesson text through `rich.text.Text`, never `Console.print(str)`.
"""

from __future__ import annotations

import unicodedata

_KEEP = {"\n", "\t"}

# Characters that reorder or hide text without being "control" (category Cc).
_FORMAT_CATEGORIES = {"Cf"}


def _escape(ch: str) -> str:
    code = ord(ch)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}"


def visible(text: str) -> str:
    """Return `text` with control and format characters shown as escapes.

    Newlines and tabs stay; emoji and ordinary letters stay; ESC, BEL, CSI,
    bidi overrides and zero-width characters become ``\\x1b``-style escapes.
    """
    if text.isprintable():
        return text
    out: list[str] = []
    for ch in text:
        if ch in _KEEP:
            out.append(ch)
            continue
        category = unicodedata.category(ch)
        if category in ("Cc", "Cs", "Co") or category in _FORMAT_CATEGORIES:
            # ZWJ inside an emoji sequence is harmless and keeps families together.
            if ch == "\u200d":
                out.append(ch)
                continue
            out.append(_escape(ch))
        else:
            out.append(ch)
    return "".join(out)


def one_line(text: str) -> str:
    """`visible`, folded onto a single line (for tables and error messages)."""
    return " ".join(visible(text).split())


def json_text(data: object) -> str:
    """Pretty JSON that is safe to print: readable UTF-8, but every control and
    format character (bidi overrides, zero-width marks, C1 controls) written as a
    ``\\uXXXX`` escape, so the data round-trips exactly and a terminal shows it
    without reordering or hiding anything."""
    import json

    text = json.dumps(data, ensure_ascii=False, indent=2)
    if text.isprintable() or all(ch == "\n" or ch.isprintable() for ch in text):
        return text + "\n"
    return (
        "".join(ch if ch == "\n" or ch.isprintable() else f"\\u{ord(ch):04x}" for ch in text) + "\n"
    )
