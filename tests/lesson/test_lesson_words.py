"""The bundled lessons say the reference notes' facts in their own words.

The notes under `../shared/seeds/` are the source of the facts; their sentences
must not carry over. A run of eight consecutive words (lower-cased, punctuation
dropped) that a lesson file shares with any note is a copied passage. Every
string value of every bundled lesson file and shared part is checked, and so is
every comment, since the comments are our writing too.

The notes live beside the repository, not in it; where they are absent the
test skips.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
LESSONS = REPO / "lessons"
SEEDS = REPO.parent / "shared" / "seeds"
RUN = 8

LESSON_YAML = sorted([*LESSONS.glob("*.yaml"), *LESSONS.glob("parts/*.yaml")])


def words(text: str) -> list[str]:
    """Lower-case words with punctuation dropped ("don't" and "don’t" are both "dont")."""
    text = re.sub(r"['\u2018\u2019]", "", text.lower())
    return re.sub(r"[\W_]+", " ", text).split()


def runs(sequence: list[str], length: int = RUN) -> set[tuple[str, ...]]:
    return {tuple(sequence[i : i + length]) for i in range(len(sequence) - length + 1)}


def strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from strings(key)
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


def comment_blocks(source: str) -> Iterator[str]:
    """Each run of consecutive comment lines, joined: a comment sentence may wrap."""
    block: list[str] = []
    for line in source.splitlines():
        stripped = line.strip()
        if stripped.startswith("#"):
            block.append(stripped.lstrip("#"))
        elif block:
            yield " ".join(block)
            block = []
    if block:
        yield " ".join(block)


def passages(path: Path) -> Iterator[str]:
    source = path.read_text(encoding="utf-8")
    yield from strings(yaml.safe_load(source))
    yield from comment_blocks(source)


@pytest.fixture(scope="module")
def seed_runs() -> set[tuple[str, ...]]:
    notes = sorted(SEEDS.glob("*")) if SEEDS.is_dir() else []
    notes = [p for p in notes if p.is_file()]
    if not notes:
        pytest.skip(f"the reference notes are not here ({SEEDS})")
    found: set[tuple[str, ...]] = set()
    for note in notes:
        found |= runs(words(note.read_text(encoding="utf-8", errors="replace")))
    return found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Don’t twist your finger!", ["dont", "twist", "your", "finger"]),
        ("hand-over-hand, 12 o'clock", ["hand", "over", "hand", "12", "oclock"]),
        ("  ", []),
    ],
)
def test_words_drop_case_and_punctuation(text: str, expected: list[str]) -> None:
    assert words(text) == expected


def test_runs_are_eight_words_long() -> None:
    assert runs(list("abcdefgh")) == {tuple("abcdefgh")}
    assert runs(list("abcdefg")) == set()
    assert len(runs(list("abcdefghij"))) == 3


def test_a_copied_run_is_found() -> None:
    # The check itself must be able to fail: one sentence shared with a note.
    note = runs(words("Then hold the pressure, gently, for a few slow breaths at each hour."))
    lesson = words("Press and then hold the pressure gently for a few slow breaths.")
    assert runs(lesson) & note


def test_there_are_lesson_files_to_check() -> None:
    assert any(p.parent.name == "parts" for p in LESSON_YAML)
    assert {p.stem for p in LESSON_YAML} >= {"guided", "therapeutic", "screening"}


@pytest.mark.parametrize("path", LESSON_YAML, ids=lambda p: str(p.relative_to(LESSONS)))
def test_no_eight_word_run_of_a_lesson_is_in_the_notes(
    path: Path, seed_runs: set[tuple[str, ...]]
) -> None:
    copied = sorted(
        {" ".join(run) for text in passages(path) for run in runs(words(text)) & seed_runs}
    )
    assert not copied, f"{path.name} repeats the notes word for word: {copied}"
