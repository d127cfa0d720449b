"""Markdown escaping: any text comes out of a CommonMark parser as itself."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from coach import md
from coach.text import visible

PARSER = MarkdownIt("commonmark").enable(["table", "strikethrough"])

# Text biased towards Markdown's special characters and line starts.
MARKUP = st.text(
    alphabet=st.sampled_from([*"#|`*_[]()<>&!~\\-+=.)1 \n\tab:/\"'", "\x1b", "é", "🙂"]),
    max_size=40,
)
HOSTILE = (
    "# heading\n| a | b |\n```js\nalert(1)\n```\n<script>alert('x')</script>\n"
    "[link](http://evil) ![img](x) *em* **strong** ~~gone~~ &amp; &#x41;\n"
    "> quote\n- item\n1. one\n    indented code\n\x1b[31mred\x1b[0m \u202eevil\n"
    "````` five backticks\n---\n"
)


def inline_text(source: str) -> tuple[str, set[str]]:
    """The literal text of all inline content, and the token kinds seen."""
    parts: list[str] = []
    kinds: set[str] = set()
    for token in PARSER.parse(source):
        kinds.add(token.type)
        if token.type == "inline":
            if parts:
                parts.append("\n")  # a new paragraph
            for child in token.children or []:
                kinds.add(child.type)
                parts.append("\n" if child.type in ("softbreak", "hardbreak") else child.content)
    return "".join(parts), kinds


def folded(text: str) -> str:
    return " ".join(visible(text.replace("\r\n", "\n").replace("\r", "\n")).split())


SAFE_INLINE = {"text", "softbreak", "hardbreak"}
MARKUP_KINDS = {"html_inline", "code_inline", "link_open", "image", "em_open", "strong_open",
                "s_open", "html_block", "heading_open", "blockquote_open", "code_block",
                "fence", "hr", "bullet_list_open", "ordered_list_open"}  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(MARKUP)
def test_inline_in_a_paragraph_is_literal(text: str) -> None:
    source = md.inline(text)
    if not source:
        return
    got, kinds = inline_text(source)
    assert got == folded(text)
    assert not kinds & MARKUP_KINDS


@settings(max_examples=400, deadline=None)
@given(MARKUP)
def test_inline_in_a_list_item_is_literal(text: str) -> None:
    got, kinds = inline_text("- " + md.inline(text))
    assert got == folded(text)
    assert not (kinds - {"bullet_list_open"}) & MARKUP_KINDS


@settings(max_examples=400, deadline=None)
@given(MARKUP, MARKUP)
def test_cells_stay_in_their_column(a: str, b: str) -> None:
    source = md.table(["A", "B"], [[md.cell(a), md.cell(b)]])
    tokens = PARSER.parse(source)
    cells: list[str] = []
    for i, token in enumerate(tokens):
        if token.type == "td_open":
            inline: Any = tokens[i + 1]
            cells.append("".join(c.content for c in inline.children or []) if inline.type ==
                         "inline" else "")  # fmt: skip
    assert [c.strip() for c in cells] == [folded(a), folded(b)]


@settings(max_examples=300, deadline=None)
@given(MARKUP)
def test_block_keeps_lines_literal(text: str) -> None:
    source = md.block(text)
    if not source:
        return
    got, kinds = inline_text(source)
    expected_lines = [" ".join(line.split()) for line in folded_lines(text)]
    assert [line for line in got.split("\n") if line] == [line for line in expected_lines if line]
    assert not kinds & MARKUP_KINDS


def folded_lines(text: str) -> list[str]:
    return visible(text.replace("\r\n", "\n").replace("\r", "\n")).split("\n")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80) | MARKUP)
def test_fenced_is_verbatim(text: str) -> None:
    tokens = PARSER.parse(md.fenced(text) + "\n\nafter\n")
    assert tokens[0].type == "fence"
    body = visible(text.replace("\r\n", "\n").replace("\r", "\n"))
    assert tokens[0].content == (body if body.endswith("\n") else body + "\n")
    assert tokens[-2].type == "inline" and tokens[-2].content == "after"


def test_hostile_text_examples() -> None:
    tokens = PARSER.parse(md.fenced(HOSTILE))
    assert [t.type for t in tokens] == ["fence"]
    assert "\x1b" not in tokens[0].content and "\\x1b[31mred" in tokens[0].content
    assert "\\u202eevil" in tokens[0].content
    html = PARSER.render(md.fenced(HOSTILE))
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<a " not in html and "<h1>" not in html
    got, kinds = inline_text(md.inline(HOSTILE))
    assert got == folded(HOSTILE)
    assert kinds <= {"paragraph_open", "inline", "paragraph_close"} | SAFE_INLINE


def _inline_in_full(text: str) -> str:
    """`md.inline` without its shortcut for plain text: every step, always."""
    folded = " ".join(visible(md._normalize_newlines(text)).split())
    return md._escape_line(folded)


PLAINISH = st.text(
    alphabet=st.sampled_from(
        [*"#|`*_[]()<>&~\\-+=.)09 ab:/\"'", *"\n\r\t\x1b\x85\xa0\u200b\u202e\u2028\u3000é🙂٣\ue000"]
    ),
    max_size=12,
)


@given(PLAINISH)
@settings(max_examples=3000)
def test_inline_s_shortcut_gives_what_the_whole_way_gives(text: str) -> None:
    assert md.inline(text) == _inline_in_full(text)


def test_inline_s_shortcut_on_the_edges() -> None:
    for text in [
        "", " ", "a", "a b", "a  b", " a", "a ", "1.", "1)", "123456789.", "1234567890.",
        "٣.", "#", "a#", "-", "a-", "+1", "=", ">", "a>", "x_y", "tab\there", "Step 12 of 30",
        "Done.", "done (twice)", "it's \"quoted\"", "a\u00a0b", "emoji 🙂 ok",
    ]:  # fmt: skip
        assert md.inline(text) == _inline_in_full(text), text
