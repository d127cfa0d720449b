"""The loader never raises anything but `LessonError`, never hangs, stays bounded.

Hypothesis builds random YAML documents shaped like lessons (real keys, wrong
types, missing pieces, hostile strings) and random bytes; every one must end in
a valid lesson or `path:line:col` problems. Huge inputs are refused quickly.
"""

from __future__ import annotations

import re
import resource
import subprocess
import sys

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coach.errors import LessonError
from coach.lesson import load_lesson_text
from coach.lesson.model import STEP_KINDS

PROBLEM = re.compile(r"^<lesson>:\d+:\d+: .+$")

HOSTILE = st.sampled_from(
    [
        "[bold]x[/bold]",
        "\x1b[2J",
        "\x1b]0;title\x07",
        "\u202eevil",
        "a\u200bb",
        "😀👍🏽",
        "x" * 3000,
        "yes",
        "no",
        "null",
        "~",
        "12",
        "-1",
        "1e999",
        ".nan",
        "",
        " ",
        "#",
        "*a",
        "&a",
        "!!python/none",
    ]
)
SCALAR = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-20, 20),
    st.floats(allow_nan=True),
    HOSTILE,
    st.text(max_size=20),
)
KEYS = st.sampled_from(
    [
        "id",
        "title",
        "do",
        "cue",
        "why",
        "note",
        "kind",
        "items",
        "seconds",
        "depth",
        "positions",
        "breaths",
        "pace",
        "between",
        "question",
        "yes",
        "no",
        "goto",
        "stop",
        "reminders",
        "when",
        "minutes",
        "ack",
        "text",
        "at",
        "inhale",
        "exhale",
        "rest",
        "action",
        "prompts",
        "who",
        "summary",
        "sections",
        "steps",
        "include",
        "bogus",
        "titel",
    ]
)


def _value(children: st.SearchStrategy) -> st.SearchStrategy:
    return st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(KEYS, children, max_size=5),
    )


TREE = st.recursive(SCALAR, _value, max_leaves=25)
STEP = st.fixed_dictionaries(
    {"title": SCALAR, "kind": st.sampled_from([*STEP_KINDS, "holdd", 3])},
    optional={
        k: TREE
        for k in (
            "positions",
            "depth",
            "breaths",
            "items",
            "question",
            "yes",
            "no",
            "seconds",
            "reminders",
            "id",
            "pace",
            "between",
        )
    },
)
LESSON = st.fixed_dictionaries(
    {
        "id": st.one_of(st.just("fuzz"), SCALAR),
        "title": SCALAR,
        "summary": SCALAR,
        "minutes": st.one_of(st.integers(-2, 700), SCALAR),
        "sections": st.lists(
            st.fixed_dictionaries({"title": SCALAR, "steps": st.lists(STEP, max_size=4)}),
            max_size=3,
        ),
    },
    optional={"reminders": TREE, "pace": TREE, "roles": TREE, "extra": TREE},
)


def _check(raw: bytes | str) -> None:
    try:
        load_lesson_text(raw)
    except LessonError as exc:
        assert exc.problems
        for problem in exc.problems:
            assert PROBLEM.match(str(problem)), str(problem)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(LESSON)
def test_lesson_shaped_documents(data: dict) -> None:
    _check(yaml.safe_dump(data, allow_unicode=True))


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=400))
def test_random_bytes(raw: bytes) -> None:
    _check(raw)


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab:-[]{}&*!|>'\"#%@`,? \n\t")), max_size=200))
def test_yaml_punctuation_soup(text: str) -> None:
    _check(text)


def test_fifty_megabytes_refused_quickly_in_bounded_memory(tmp_path) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    # VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the forking parent.
    code = (
        "from coach.lesson import load_lesson; from coach.errors import LessonError\n"
        f"try: load_lesson({str(path)!r})\n"
        "except LessonError as e: print(e)\n"
        "print(0)\n"
        "status = open('/proc/self/status').read()\n"
        "print(next(l.split()[1] for l in status.splitlines() if l.startswith('VmHWM')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    message, _zero, max_rss_kib = out.stdout.strip().splitlines()
    assert "a lesson may be at most 8 MiB" in message
    assert int(max_rss_kib) < 200 * 1024  # the file is never read into memory


def test_billion_laughs_is_bounded() -> None:
    rows = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        rows.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    _check("\n".join(rows))  # sizes are counted with memoisation: linear, not 9**9
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 100 * 1024


def test_ten_thousand_deep_nesting() -> None:
    for text in (
        "[" * 10_000 + "]" * 10_000,
        "a:\n" + "".join(" " * i + "a:\n" for i in range(1, 3000)),
    ):
        _check(text)
