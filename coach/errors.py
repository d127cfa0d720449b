"""Errors of our own, each with a message written for a person.

The CLI catches `CoachError` and prints its message; anything else reaching the
top level is a bug. Keeping one base class makes "never a traceback" checkable.
"""

from __future__ import annotations

from typing import NamedTuple


class CoachError(Exception):
    """A failure we expected and can explain to the person at the keyboard."""


class Problem(NamedTuple):
    """One problem in one file, at a 1-based line and column (sorted in that order)."""

    path: str
    line: int
    col: int
    message: str

    def __str__(self) -> str:
        from coach.text import one_line

        return one_line(f"{self.path}:{self.line}:{self.col}: {self.message}")


class LessonError(CoachError):
    """A lesson file could not be loaded; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(set(problems))
        super().__init__("\n".join(str(p) for p in self.problems))


def install_hint(extra: str) -> str:
    """How to add an extra with pip, pipx and uv, in one line (each installs it by name)."""
    from coach import DISTRIBUTION

    wanted = f'"{DISTRIBUTION}[{extra}]"'
    return (
        f"pip install {wanted} "
        f"(pipx: pipx install --force {wanted}; uv: uv tool install --force {wanted})"
    )


class MissingExtra(CoachError):
    """An optional feature whose packages are not installed; says how to add them."""

    def __init__(self, feature: str, extra: str) -> None:
        self.feature = feature
        self.extra = extra
        super().__init__(f"{feature} needs the `{extra}` extra: {install_hint(extra)}")
