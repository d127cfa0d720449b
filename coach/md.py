"""Markdown building blocks that keep lesson and user text literal.

An export quotes text nobody here controls: lesson titles from shared files,
notes and the review typed by a person. A ``# heading``, a ``|``, a stray
backtick or ``<script>`` in that text must come out as those characters, not
restructure the document. Everything goes through `coach.text.visible` first
(no control characters in the file), then:

- `inline` backslash-escapes what CommonMark (and GFM tables) would read as
  markup; the result is one line, safe in a paragraph, list item or table cell;
- `block` keeps line breaks (hard breaks) for notes;
- `fenced` wraps long text verbatim in a code fence longer than any backtick
  run inside it, so nothing within can close it.
"""

from __future__ import annotations

import re

from coach.text import visible

# Inline markup anywhere in a line: emphasis, code, links/images, raw HTML,
# entities, escapes, GFM strikethrough and table pipes.
_ANYWHERE = re.compile(r"([\\`*_\[\]<>&|~])")
# Markup only at the start of a line: headings, quotes, lists, setext rules,
# and ordered list markers ("1." / "1)").
_LINE_START = re.compile(r"^([#>+=-])|^(\d{1,9})([.)])")


def _normalize_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _escape_line(line: str) -> str:
    line = _ANYWHERE.sub(r"\\\1", line)
    return _LINE_START.sub(
        lambda m: "\\" + m.group(1) if m.group(1) else m.group(2) + "\\" + m.group(3), line
    )


# What `inline` would change: a markup character anywhere, two spaces in a row
# or one at the end (`_NOT_PLAIN`), markup or a space at the start
# (`_NOT_PLAIN_START`, matched there only). Printable text (`str.isprintable`:
# no control or format character, no white space but " ") without any of
# these, as most titles are, comes back as it is.
_NOT_PLAIN = re.compile(r"[\\`*_\[\]<>&|~]|  | $")
_NOT_PLAIN_START = re.compile(r"[ #>+=-]|\d{1,9}[.)]")


def inline(text: str) -> str:
    """`text` as one line of literal Markdown (newlines and runs of spaces fold)."""
    if text.isprintable() and not _NOT_PLAIN.search(text) and not _NOT_PLAIN_START.match(text):
        return text  # an export quotes thousands of titles: most need nothing
    folded = " ".join(visible(_normalize_newlines(text)).split())
    return _escape_line(folded)


def cell(text: str) -> str:
    """A table cell: `inline`, and never empty (an empty cell reads as a gap)."""
    return inline(text) or " "


def block(text: str) -> str:
    """Several lines of literal Markdown, line breaks kept as hard breaks.

    Blank lines separate paragraphs. Meant for a list item or blockquote body:
    the caller indents continuation lines.
    """
    lines = [" ".join(line.split()) for line in visible(_normalize_newlines(text)).split("\n")]
    paragraphs: list[list[str]] = [[]]
    for line in lines:
        if line:
            paragraphs[-1].append(_escape_line(line))
        elif paragraphs[-1]:
            paragraphs.append([])
    return "\n\n".join("\\\n".join(p) for p in paragraphs if p)


def fenced(text: str, info: str = "text") -> str:
    """`text` verbatim (control characters made visible) in a code fence."""
    body = visible(_normalize_newlines(text))
    longest = max((len(run) for run in re.findall(r"`+", body)), default=0)
    fence = "`" * max(3, longest + 1)
    if not body.endswith("\n"):
        body += "\n"
    return f"{fence}{info}\n{body}{fence}"


def table(header: list[str], rows: list[list[str]], align: list[str] | None = None) -> str:
    """A GFM table; cells must already be escaped (use `cell`)."""
    align = align or ["left"] * len(header)
    rule = {"left": "---", "right": "--:", "center": ":-:"}
    lines = [
        "| " + " | ".join(header) + " |",
        "|" + "|".join(rule[a] for a in align) + "|",
    ]
    lines.extend("| " + " | ".join(row) + " |" for row in rows)
    return "\n".join(lines)
