"""Table-driven tests of the loader: every rule gives one `path:line:col` problem."""

from __future__ import annotations

import textwrap

import pytest

from coach.errors import LessonError
from coach.lesson import load_lesson_text
from coach.lesson.model import HoldStep, Route

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
        "x.yaml:11:18: `seconds` must be more than 0.0, got -5",
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
        "x.yaml:11:16: `items` needs at least 1 item(s), got a list",
    ),
    (
        "python tag",
        "- title: !!python/object/apply:os.system [ls]\n",
        "x.yaml:9:16: tag !!python/object/apply:os.system is not allowed in a lesson",
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
    assert str(info.value) == "x.yaml:2:8: not UTF-8 text (byte 0xff)"


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
    assert "expands to more than" in found[0]


def test_deep_nesting_is_refused() -> None:
    found = problems("[" * 10_000 + "]" * 10_000)
    assert len(found) == 1 and "nest" in found[0]


def test_oversized_text_is_refused() -> None:
    found = problems("# " + "x" * (9 * 1024 * 1024))
    assert "a lesson may be at most" in found[0]
