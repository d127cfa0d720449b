"""Table-driven tests of the loader: every rule gives one `path:line:col` problem."""

from __future__ import annotations

import textwrap

import pytest

from coach.errors import LessonError
from coach.lesson import load_lesson_text
from coach.lesson.loader import LessonSyntaxError
from coach.lesson.model import Depth, HoldStep, Route
from coach.lesson.validate import build

HEAD = """\
id: t
title: T
summary: S
minutes: 3
sections:
  - id: one
    title: One
    steps:
"""


def lesson(steps: str, head: str = HEAD) -> str:
    return head + textwrap.indent(textwrap.dedent(steps), "      ")


def problems(text: str) -> list[str]:
    with pytest.raises(LessonError) as info:
        load_lesson_text(text, "x.yaml")
    return [str(p) for p in info.value.problems]


VALID = [
    ("instruction", "- title: Hello\n  do: Breathe.\n"),
    ("checklist", "- kind: checklist\n  title: C\n  items: [a, b]\n"),
    ("open", "- kind: open\n  title: O\n  suggested_seconds: 30\n"),
    ("timed", "- kind: timed\n  title: T\n  seconds: 60\n  auto_advance: true\n"),
    (
        "hold",
        "- kind: hold\n  title: H\n  depth: surface\n  positions: [12, 3, {at: 6, note: further}, 9]\n"
        "  breaths: 3\n  pace: {inhale: 4, exhale: 6, rest: 1}\n  between: {action: withdraw, seconds: 4}\n"
        "  reminders: [{when: between_positions, text: Withdraw first.}]\n",
    ),
    (
        "checkin",
        "- id: a\n  title: A\n- kind: checkin\n  title: Q\n  question: OK?\n  yes: continue\n  no: {goto: a, say: Again}\n",
    ),
    (
        "checkin-stop",
        "- kind: checkin\n  title: Q\n  question: OK?\n  yes: {stop: Not today.}\n  no: repeat\n",
    ),
    ("feedback", "- kind: feedback\n  title: F\n  items: [5 o'clock, 7 o'clock]\n"),
    ("review", "- kind: review\n  title: R\n  prompts: [How was it?]\n"),
    ("every", "- title: S\n  reminders: [{when: every, minutes: 5, text: Add lubricant.}]\n"),
    ("ack", "- title: S\n  reminders: [{when: before, text: Gloves on., ack: true}]\n"),
]


@pytest.mark.parametrize(("name", "steps"), VALID, ids=[v[0] for v in VALID])
def test_valid_steps_load(name: str, steps: str) -> None:
    loaded = load_lesson_text(lesson(steps), "x.yaml")
    assert loaded.flat_steps()


INVALID = [
    ("unknown key", "- title: A\n  colour: blue\n", "x.yaml:10:9: unknown key `colour`"),
    (
        "did you mean",
        "- kind: hold\n  title: H\n  depth: surface\n  positions: [12]\n  breths: 3\n",
        "x.yaml:13:9: unknown key `breths`; did you mean `breaths`?",
    ),
    (
        "zero breaths",
        "- kind: hold\n  title: H\n  depth: surface\n  positions: [12]\n  breaths: 0\n",
        "x.yaml:13:18: `breaths` must be at least 1, got 0",
    ),
    (
        "clock 13",
        "- kind: hold\n  title: H\n  depth: surface\n  positions: [12, 13]\n",
        "x.yaml:12:25: clock position 13 is not on the clock face; use 1 to 12",
    ),
    (
        "negative seconds",
        "- kind: timed\n  title: T\n  seconds: -5\n",
        "x.yaml:11:18: `seconds` must be more than 0, got -5",
    ),
    (
        "bad depth",
        "- kind: hold\n  title: H\n  depth: deep\n  positions: [12]\n",
        "x.yaml:11:16: `depth` must be 'surface', 'first_knuckle', 'second_knuckle' or 'full_finger', got 'deep'",
    ),
    (
        "unknown kind",
        "- kind: holdd\n  title: H\n",
        "x.yaml:9:9: unknown step kind `holdd`; did you mean `hold`?",
    ),
    ("missing title", "- do: something\n", "x.yaml:9:9: missing required key `title`"),
    (
        "goto nowhere",
        "- kind: checkin\n  title: Q\n  question: OK?\n  no: {goto: nowher}\n",
        "x.yaml:12:20: goto `nowher`: no step has that id",
    ),
    (
        "duplicate id",
        "- id: a\n  title: A\n- id: a\n  title: B\n",
        "x.yaml:11:13: duplicate step id `a` (first at line 9)",
    ),
    (
        "duplicate key",
        "- title: A\n  title: B\n",
        "x.yaml:10:9: duplicate key `title` (first at line 9)",
    ),
    (
        "two routes",
        "- kind: checkin\n  title: Q\n  question: OK?\n  no: {goto: x, stop: y}\n",
        "x.yaml:12:13: choose one of goto / stop / repeat, not goto and stop",
    ),
    (
        "bad route word",
        "- kind: checkin\n  title: Q\n  question: OK?\n  no: contine\n",
        "x.yaml:12:13: `no` must be 'continue' or 'repeat', got 'contine'",
    ),
    (
        "every without minutes",
        "- title: S\n  reminders: [{when: every, text: Hi}]\n",
        "x.yaml:10:21: a reminder with `when: every` needs `minutes`",
    ),
    (
        "between outside hold",
        "- title: S\n  reminders: [{when: between_positions, text: Hi}]\n",
        "x.yaml:9:9: `when: between_positions` reminders belong to hold steps",
    ),
    (
        "empty items",
        "- kind: checklist\n  title: C\n  items: []\n",
        "x.yaml:11:16: `items` needs at least 1 item, got an empty list",
    ),
    (
        "python tag",
        "- title: !!python/object/apply:os.system [ls]\n",
        "x.yaml:9:16: tag !!python/object/apply:os.system is not allowed in a lesson",
    ),
    (
        "too many positions",
        "- kind: hold\n  title: H\n  depth: surface\n  positions: [1,2,3,4,5,6,7,8,9,10,11,12,1]\n",
        "x.yaml:12:20: `positions` takes at most 12 items, got 13",
    ),
    (
        "half a breath",
        "- kind: hold\n  title: H\n  depth: surface\n  positions: [12]\n  breaths: 2.5\n",
        "x.yaml:13:18: `breaths` must be a whole number, got 2.5",
    ),
    (
        "a boolean is not a count",
        "- kind: hold\n  title: H\n  depth: surface\n  positions: [12]\n  breaths: true\n",
        "x.yaml:13:18: `breaths` must be a whole number, got True",
    ),
    ("title as a number", "- title: 5\n", "x.yaml:9:16: `title` must be text, got 5"),
    ("blank title", "- title: ''\n", "x.yaml:9:16: `title` must not be empty, got ''"),
    ("empty title", "- title:\n  do: x\n", "x.yaml:9:15: `title` must be text, got nothing"),
    (
        "step as a word",
        "- just a line\n",
        "x.yaml:9:9: a step must be a mapping of keys (title:, do:, ...), got 'just a line'",
    ),
    (
        "bad id",
        "- id: Step One\n  title: A\n",
        "x.yaml:9:13: `id` must be lower-case letters, digits, `-`, `_` or `.`, got 'Step One'",
    ),
    (
        "minutes on a before reminder",
        "- title: S\n  reminders: [{when: before, minutes: 3, text: Hi}]\n",
        "x.yaml:10:45: `minutes` only applies to `when: every`",
    ),
    (
        "reminder time as text",
        "- title: S\n  reminders: [{when: every, minutes: soon, text: Hi}]\n",
        "x.yaml:10:44: `minutes` must be a number, got 'soon'",
    ),
    (
        "position as a list",
        "- kind: hold\n  title: H\n  depth: surface\n  positions: [[12]]\n",
        "x.yaml:12:21: `positions` must be a mapping of keys, got a list",
    ),
    (
        "unknown role",
        "- title: A\n  who: giver\n",
        "x.yaml:10:14: `who` names a role, but the lesson declares no `roles`",
    ),
]


@pytest.mark.parametrize(("name", "steps", "expected"), INVALID, ids=[v[0] for v in INVALID])
def test_invalid_steps_report_position(name: str, steps: str, expected: str) -> None:
    assert expected in problems(lesson(steps))


def test_lesson_wide_reminders_must_be_periodic_at_the_reminders_key() -> None:
    head = HEAD.replace("minutes: 3\n", "minutes: 3\nreminders: [{when: before, text: Hi}]\n")
    assert problems(lesson("- title: A\n", head=head)) == [
        "x.yaml:5:12: lesson-wide reminders must use `when: every`"
    ]


@pytest.mark.parametrize(("word", "expected"), [("yes", True), ("no", False), ("true", True)])
def test_a_yes_or_no_word_is_a_boolean(word: str, expected: bool) -> None:
    loaded = load_lesson_text(
        lesson(f"- title: S\n  reminders: [{{when: before, text: Hi, ack: {word}}}]\n")
    )
    assert loaded.flat_steps()[0].step.reminders[0].ack is expected


def test_text_is_stripped_and_words_become_enums() -> None:
    loaded = load_lesson_text(
        lesson("- kind: hold\n  title: '  H  '\n  depth: ' surface'\n  positions: [12]\n")
    )
    step = loaded.flat_steps()[0].step
    assert isinstance(step, HoldStep)
    assert step.title == "H"
    assert step.depth is Depth.SURFACE


def test_an_unknown_key_suggests_a_field_of_that_step_kind() -> None:
    found = problems(lesson("- kind: checklist\n  title: C\n  itmes: [a]\n"))
    assert "x.yaml:11:9: unknown key `itmes`; did you mean `items`?" in found


def test_models_built_from_python_data() -> None:
    step = build(HoldStep, {"kind": "hold", "title": "H", "depth": "surface", "positions": [12, 3]})
    assert [p.at for p in step.positions] == [12, 3]
    with pytest.raises(LessonError) as info:
        build(HoldStep, {"kind": "hold", "title": "H", "depth": "deep", "positions": []})
    assert [str(p) for p in info.value.problems] == [
        "<data>:1:1: `depth` must be 'surface', 'first_knuckle', 'second_knuckle' or "
        "'full_finger', got 'deep'",
        "<data>:1:1: `positions` needs at least 1 item, got an empty list",
    ]


def test_every_problem_is_reported_at_once() -> None:
    found = problems(
        lesson(
            "- title: A\n  colour: blue\n"
            "- kind: hold\n  title: H\n  depth: surface\n  positions: [13]\n  breaths: 0\n"
            "- kind: timed\n  title: T\n  seconds: -1\n"
            "- kind: checkin\n  title: Q\n  question: OK?\n  no: {goto: nowhere}\n",
            head=HEAD.replace("minutes: 3", "minutes: 0"),
        )
    )
    assert len(found) == 6, found
    assert all(p.startswith("x.yaml:") for p in found)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "x.yaml:1:1: the file is empty"),
        ("- a\n- b\n", "x.yaml:1:1: a lesson is a mapping"),
        ("id: [unclosed\n", "x.yaml:2:1: YAML syntax"),
        ("a: 1\n---\nb: 2\n", "x.yaml:2:1: a lesson file holds one YAML document"),
        ("a: *nothing\n", "x.yaml:1:4: unknown alias *nothing"),
        ("? [a, b]\n: 1\n", "x.yaml:1:3: a key must be a plain word"),
    ],
)
def test_malformed_files(text: str, expected: str) -> None:
    found = problems(text)
    assert len(found) == 1
    assert found[0].startswith(expected), found


def test_non_utf8_names_the_byte() -> None:
    with pytest.raises(LessonError) as info:
        load_lesson_text(b"id: t\ntitle: \xff\n", "x.yaml")
    assert str(info.value).splitlines()[0] == "x.yaml:2:8: not UTF-8 text (byte 0xff)"


def test_yes_and_no_keys_stay_words() -> None:
    loaded = load_lesson_text(
        lesson("- kind: checkin\n  title: Q\n  question: OK?\n  yes: repeat\n  no: {stop: Done.}\n")
    )
    step = loaded.flat_steps()[0].step
    assert step.route(True) == Route(repeat=True)
    assert step.route(False) == Route(stop="Done.")


def test_bare_hours_become_positions() -> None:
    loaded = load_lesson_text(
        lesson(
            "- kind: hold\n  title: H\n  depth: surface\n  positions: [12, {at: 6, breaths: 5}]\n"
        )
    )
    hold = loaded.flat_steps()[0].step
    assert isinstance(hold, HoldStep)
    assert [p.at for p in hold.positions] == [12, 6]
    assert [hold.breaths_at(0), hold.breaths_at(1)] == [3, 5]


def test_merge_keys_share_fields() -> None:
    loaded = load_lesson_text(
        lesson(
            "- &base {kind: hold, title: Surface, depth: surface, positions: [12, 3, 6, 9]}\n"
            "- <<: *base\n  title: Deeper\n  depth: first_knuckle\n"
        )
    )
    steps = [f.step for f in loaded.flat_steps()]
    assert [s.title for s in steps] == ["Surface", "Deeper"]
    assert steps[1].depth == "first_knuckle"


def test_rich_markup_and_escapes_are_kept_literally() -> None:
    loaded = load_lesson_text(lesson('- title: "[bold]x[/bold] \\e[31m [link=http://a]y[/link]"\n'))
    assert loaded.flat_steps()[0].step.title == "[bold]x[/bold] \x1b[31m [link=http://a]y[/link]"


def test_alias_bomb_is_refused_quickly() -> None:
    rows = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        rows.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    found = problems("\n".join(rows) + "\n")
    assert "values with its includes (aliases repeated too often?)" in found[0]


def test_deep_nesting_is_refused() -> None:
    found = problems("[" * 10_000 + "]" * 10_000)
    assert len(found) == 1 and "nest" in found[0]


def test_oversized_text_is_refused() -> None:
    found = problems("# " + "x" * (9 * 1024 * 1024))
    assert "a lesson may be at most" in found[0]


def test_a_syntax_error_shows_its_line_and_a_caret_under_the_column() -> None:
    with pytest.raises(LessonSyntaxError) as info:
        load_lesson_text("id: t\ntitle: [unclosed, x\nsummary: S\n", "x.yaml")
    first, source, caret = str(info.value).splitlines()
    assert first.startswith("x.yaml:3:8: YAML syntax:")
    assert info.value.excerpt == f"{source}\n{caret}"
    assert source == "  summary: S" and caret == "         ^"


def test_a_control_character_is_placed_and_shown_visibly() -> None:
    with pytest.raises(LessonSyntaxError) as info:
        load_lesson_text("id: t\ntitle: a\x1bb\n", "x.yaml")
    first, _source, caret = str(info.value).splitlines()
    assert first == "x.yaml:2:9: YAML syntax: character U+001B is not allowed in YAML"
    assert "\x1b" not in str(info.value) and caret.endswith("^")


def test_the_caret_stays_under_the_column_of_a_long_line() -> None:
    text = "id: t\ntitle: " + "x" * 300 + ": y\n"
    with pytest.raises(LessonSyntaxError) as info:
        load_lesson_text(text, "x.yaml")
    _first, source, caret = str(info.value).splitlines()
    assert len(source) <= 110
    col = info.value.problems[0].col
    line = text.splitlines()[info.value.problems[0].line - 1]
    if col <= len(line):
        assert source[caret.index("^")] == line[col - 1]
