"""Every input of the official YAML test suite loads or fails with one clear line.

The corpus lives in ../shared (beside the repository on the developers' and
CI's machines, absent from a user's clone), so the test skips cleanly without it.
"""

from __future__ import annotations

import re

import pytest

from coach.errors import LessonError
from coach.lesson import load_lesson

from ..conftest import SHARED

CORPUS = SHARED / "corpora" / "yaml-test-suite"
FILES = sorted(CORPUS.glob("*.yaml")) if CORPUS.is_dir() else []
PROBLEM = re.compile(r"^[^\n]+:\d+:\d+: [^\n]+$")


@pytest.mark.skipif(not FILES, reason="../shared/corpora/yaml-test-suite is not present")
def test_corpus_never_raises_anything_but_lesson_errors() -> None:
    outcomes = {"loaded": 0, "refused": 0}
    for path in FILES:
        try:
            load_lesson(path)
            outcomes["loaded"] += 1
        except LessonError as exc:
            outcomes["refused"] += 1
            for problem in exc.problems:
                assert PROBLEM.match(str(problem)), (path.name, str(problem))
                assert problem.line >= 1 and problem.col >= 1
    assert outcomes["refused"] == len(FILES)  # none of them is a lesson


@pytest.mark.skipif(not FILES, reason="../shared/corpora/yaml-test-suite is not present")
def test_invalid_corpus_files_are_refused_mostly_as_syntax() -> None:
    """PyYAML is lenient with a few malformed inputs (it reads them as some
    document); those are still refused, by the lesson rules instead. The rest
    must be one YAML syntax line."""
    invalid = [p for p in FILES if p.name.endswith(".invalid.yaml")]
    syntax = 0
    for path in invalid:
        with pytest.raises(LessonError) as info:
            load_lesson(path)
        if "YAML syntax" in info.value.problems[0].message:
            assert len(info.value.problems) == 1, (path.name, info.value.problems)
            syntax += 1
    assert syntax >= 0.75 * len(invalid)  # 75 of 94 with PyYAML 6.0.4, (syntax, len(invalid))
