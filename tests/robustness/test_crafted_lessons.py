"""Crafted lessons, by class: each refused with one clear located line, quickly, in bounded memory.

Every class of attack on the loader is a seeded, generated family of at least
20 variants (issue 16): huge numbers, super-linear YAML (merge chains, huge
flow mappings), include fan-out, files that are not regular files, and one bad
file among good ones in the person's lessons folder. Each case must end in a
lesson or in `LessonError` whose every line is `path:line:col: message` of at
most a few hundred characters, in under 5 s, allocating under 300 MB.
"""

from __future__ import annotations

import os
import random
import re
import stat
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from coach.errors import LessonError
from coach.lesson import load_lesson, load_lesson_text
from coach.lesson.model import Lesson

LINE = re.compile(r"^[^\n]+:\d+:\d+: [^\n]+$")
MAX_SECONDS = 5.0
MAX_BYTES = 300 * 1024 * 1024
MAX_MESSAGE = 400
VARIANTS = 20
REPO = Path(__file__).resolve().parents[2]

HEAD = "id: crafted\ntitle: Crafted\nsummary: S\nminutes: 3\n"
STEP = "sections:\n  - title: One\n    steps:\n      - {}\n"


def refused_cleanly(load: Callable[[], object], *, may_load: bool = False) -> list[str]:
    """Run `load`; the problems it reports (checked), or [] when it loaded and may."""
    started = time.perf_counter()
    try:
        result = load()
    except LessonError as exc:
        problems = [str(p) for p in exc.problems]
    else:
        assert may_load, f"expected a refusal, loaded {result!r:.200}"
        problems = []
    finally:
        elapsed = time.perf_counter() - started
    assert elapsed < MAX_SECONDS, f"took {elapsed:.1f} s"
    for line in problems:
        assert LINE.match(line), line
        assert len(line) <= MAX_MESSAGE, f"{len(line)} characters: {line[:120]}..."
    assert may_load or problems
    return problems


def _digits(rng: random.Random, alphabet: str, count: int) -> str:
    return "".join(rng.choice(alphabet) for _ in range(count))


def huge_number(rng: random.Random) -> str:
    count = rng.choice([40, 500, 5_000, 50_000])
    form = rng.choice(["hex", "octal", "decimal", "sexagesimal", "float", "negative"])
    if form == "hex":
        return "0x" + _digits(rng, "0123456789abcdefABCDEF", count)
    if form == "octal":
        return "0o" + _digits(rng, "01234567", count)
    if form == "decimal":
        return "1" + _digits(rng, "0123456789", count)
    if form == "sexagesimal":
        return "1" + "".join(f":{rng.randrange(60):02d}" for _ in range(count // 3 + 2))
    if form == "float":
        return f"1.5e{rng.choice(['', '-', '+'])}{_digits(rng, '123456789', min(count, 400))}"
    return "-0x" + _digits(rng, "0123456789abcdef", count)


NUMBER_FIELDS = [
    lambda v: HEAD.replace("minutes: 3", f"minutes: {v}") + STEP.format("{title: A}"),
    lambda v: HEAD + STEP.format(f"{{kind: timed, title: T, seconds: {v}}}"),
    lambda v: HEAD + STEP.format(f"{{kind: hold, title: H, depth: surface, positions: [{v}]}}"),
    lambda v: (
        HEAD
        + STEP.format(f"{{kind: hold, title: H, depth: surface, positions: [3], breaths: {v}}}")
    ),
    lambda v: HEAD + f"pace: {{inhale: {v}}}\n" + STEP.format("{title: A}"),
    lambda v: HEAD + f"{v}: key\n" + STEP.format("{title: A}"),
]
TEXT_FIELD = lambda v: HEAD + STEP.format(f"{{title: {v}}}")  # noqa: E731 - `1:02:...` is text


def number_case(seed: int, folder: Path) -> list[str]:
    rng = random.Random(seed)
    choice = rng.random()
    if choice < 0.3:
        text = long_words(rng)
    elif choice < 0.4:
        text = TEXT_FIELD(huge_number(rng))
    else:
        text = rng.choice(NUMBER_FIELDS)(huge_number(rng))
    return refused_cleanly(lambda: load_lesson_text(text, "n.yaml"), may_load=0.3 <= choice < 0.4)


def long_words(rng: random.Random) -> str:
    """A huge key, kind, id, goto or role: messages quote only its start."""
    word = "k" * rng.choice([100, 10_000, 200_000])
    return rng.choice(
        [
            HEAD + f"{word}: 1\n" + STEP.format("{title: A}"),
            HEAD + f"{word}: 1\n{word}: 2\n" + STEP.format("{title: A}"),
            HEAD + STEP.format(f"{{kind: {word}, title: A}}"),
            HEAD + STEP.format(f"{{id: {word}, title: A}}") + f"      - {{id: {word}, title: B}}\n",
            HEAD + STEP.format(f"{{kind: checkin, title: Q, question: Q, no: {{goto: {word}}}}}"),
            HEAD + STEP.format(f"{{title: A, who: {word}}}"),
            HEAD + STEP.format(f"{{title: !!{word} A}}"),
        ]
    )


@pytest.mark.parametrize("seed", range(VARIANTS))
def test_huge_numbers_and_words_are_located_errors_with_short_messages(
    seed: int, tmp_path: Path
) -> None:
    number_case(seed, tmp_path)


def merge_chain(rng: random.Random) -> str:
    length = rng.choice([150, 300, 1_000, 3_000])
    rows = ["base0: &m0 {a: 1}"]
    rows += [f"base{i}: &m{i} {{<<: *m{i - 1}, k{i}: {i}}}" for i in range(1, length)]
    return "\n".join(rows) + "\n"


def flow_mapping(rng: random.Random) -> str:
    keys = rng.choice([5_000, 20_000, 50_000])
    where = rng.choice(["top", "step"])
    body = "{" + ", ".join(f"k{i}: {i}" for i in range(keys)) + "}"
    if where == "top":
        return HEAD + f"extra: {body}\n" + STEP.format("{title: A}")
    return HEAD + STEP.format(body)


def many_keys(rng: random.Random) -> str:
    keys = rng.choice([10_000, 50_000])
    return HEAD + "".join(f"x{i}: {i}\n" for i in range(keys)) + STEP.format("{title: A}")


def reference_storm(rng: random.Random) -> str:
    """Thousands of broken gotos, duplicate ids and unknown roles: each would search all names."""
    count = rng.choice([2_000, 5_000, 10_000])
    step = rng.choice(
        [
            "{{id: s{i}, kind: checkin, title: Q, question: Q, no: {{goto: t{i}x}}}}",
            "{{id: s{d}, title: A}}",
            "{{title: A, who: r{i}}}",
        ]
    )
    rows = "".join("      - " + step.format(i=i, d=i % 7) + "\n" for i in range(count))
    return HEAD + "sections:\n  - title: One\n    steps:\n" + rows


def super_linear_case(seed: int, folder: Path) -> list[str]:
    rng = random.Random(1000 + seed)
    text = rng.choice([merge_chain, flow_mapping, many_keys, reference_storm])(rng)
    problems = refused_cleanly(lambda: load_lesson_text(text, "s.yaml"))
    assert len(problems) <= 101  # capped: the first hundred, then a count
    return problems


@pytest.mark.parametrize("seed", range(VARIANTS))
def test_super_linear_yaml_is_linear_or_refused_early(seed: int, tmp_path: Path) -> None:
    super_linear_case(seed, tmp_path)


def fan_out(folder: Path, rng: random.Random) -> Path:
    """parts/level-0 includes `width` copies of level-1, ..., `depth` levels deep."""
    width = rng.randint(2, 10)
    depth = rng.randint(2, 8)
    parts = folder / "parts"
    parts.mkdir()
    padding = "#" + "x" * rng.choice([0, 1_000, 200_000]) + "\n"
    for level in range(depth):
        if level == depth - 1:
            body = "- {title: Leaf}\n"
        else:
            body = "".join(f"- include: level-{level + 1}.yaml\n" for _ in range(width))
        (parts / f"level-{level}.yaml").write_text(padding + body)
    lesson = folder / "lesson.yaml"
    steps = "      - include: parts/level-0.yaml\n"
    lesson.write_text(HEAD + "sections:\n  - title: One\n    steps:\n" + steps)
    return lesson


def fan_out_case(seed: int, folder: Path) -> list[str]:
    rng = random.Random(2000 + seed)
    lesson = fan_out(folder, rng)
    problems = refused_cleanly(lambda: load_lesson(lesson), may_load=True)
    if not problems:
        assert isinstance(load_lesson(lesson), Lesson)
    return problems


@pytest.mark.parametrize("seed", range(VARIANTS))
def test_include_fan_out_is_bounded_for_the_whole_lesson(tmp_path: Path, seed: int) -> None:
    fan_out_case(seed, tmp_path)


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _link(target: str) -> Callable[[Path], None]:
    return lambda path: path.symlink_to(target)


SPECIAL = {
    "fifo": _fifo,
    "dev-zero": _link("/dev/zero"),
    "dev-null": _link("/dev/null"),
    "dev-urandom": _link("/dev/urandom"),
    "folder": lambda path: path.mkdir(),
}


def special_file_case(seed: int, tmp_path: Path) -> list[str]:
    rng = random.Random(3000 + seed)
    kind = sorted(SPECIAL)[seed % len(SPECIAL)]
    as_include = seed % 2 == 1
    name = rng.choice(["a.yaml", "part.yml", "x y.yaml"])
    if not as_include:
        target = tmp_path / name
        SPECIAL[kind](target)
        problems = refused_cleanly(lambda: load_lesson(target))
        assert problems[0].endswith(
            ("not a regular file (a device or a pipe?)", "not a lesson file")
        )
        return
    (tmp_path / "parts").mkdir()
    SPECIAL[kind](tmp_path / "parts" / name)
    lesson = tmp_path / "lesson.yaml"
    lesson.write_text(HEAD + STEP.format(f"{{include: parts/{name}}}").replace("- {", "- {", 1))
    lesson.write_text(
        HEAD + f"sections:\n  - title: One\n    steps:\n      - include: 'parts/{name}'\n"
    )
    problems = refused_cleanly(lambda: load_lesson(lesson))
    assert any(":8:18: include" in p or "stay inside" in p for p in problems), problems
    return problems


@pytest.mark.parametrize("seed", range(VARIANTS))
def test_only_regular_files_are_read(tmp_path: Path, seed: int) -> None:
    special_file_case(seed, tmp_path)


def nul_case(seed: int, tmp_path: Path) -> list[str]:
    rng = random.Random(4000 + seed)
    name = rng.choice(["parts/a", "a", "../a", "/etc/passwd"]) + "\\0" * rng.randint(1, 3)
    name += rng.choice(["", ".yaml", "x.yaml"])
    lesson = tmp_path / "lesson.yaml"
    lesson.write_text(HEAD + f'sections:\n  - title: One\n    steps:\n      - include: "{name}"\n')
    problems = refused_cleanly(lambda: load_lesson(lesson))
    assert any(":8:18: include" in p and "NUL" in p for p in problems), problems
    return problems


@pytest.mark.parametrize("seed", range(VARIANTS))
def test_an_include_path_with_a_nul_byte_is_a_located_error(tmp_path: Path, seed: int) -> None:
    nul_case(seed, tmp_path)


BAD_FILES: list[Callable[[random.Random], str | None]] = [
    lambda rng: (
        HEAD.replace("minutes: 3", f"minutes: {huge_number(rng)}") + STEP.format("{title: A}")
    ),
    lambda rng: merge_chain(rng),
    lambda rng: flow_mapping(rng),
    lambda rng: "[" * rng.randint(100, 10_000),
    lambda rng: "id: [unclosed\n",
    lambda rng: "\xff\xfe",
    lambda rng: None,  # a FIFO with a lesson's name
]


def catalog_case(seed: int, folder: Path) -> list[str]:
    """One bad file among good ones in the person's lessons folder (COACH_HOME)."""
    from coach import paths
    from coach.lesson.catalog import catalog

    rng = random.Random(5000 + seed)
    lessons = paths.user_lessons_dir()
    lessons.mkdir(parents=True)
    (lessons / "good.yaml").write_text(HEAD.replace("crafted", "good") + STEP.format("{title: A}"))
    bad = lessons / rng.choice(["bad.yaml", "b\x1b[2Jad.yaml", "[red]bad[x].yml"])
    text = BAD_FILES[seed % len(BAD_FILES)](rng)
    if text is None:
        os.mkfifo(bad)
    else:
        bad.write_bytes(text.encode("utf-8", "surrogateescape"))
    started = time.perf_counter()
    entries = {entry.path.name: entry for entry in catalog() if entry.source == "yours"}
    assert time.perf_counter() - started < MAX_SECONDS
    assert entries["good.yaml"].lesson is not None and entries["good.yaml"].problem is None
    broken = entries[bad.name]
    assert broken.lesson is None and broken.problem is not None
    assert LINE.match(broken.problem) and len(broken.problem) <= MAX_MESSAGE
    assert "\x1b" not in broken.problem
    return [broken.problem]


@pytest.mark.parametrize("seed", range(VARIANTS))
def test_one_bad_file_does_not_take_down_the_catalog(coach_home: Path, seed: int) -> None:
    catalog_case(seed, coach_home)


def test_validate_prints_one_line_per_problem_and_exits_1(tmp_path: Path) -> None:
    rng = random.Random(6000)
    for index, make in enumerate(BAD_FILES[:-1]):
        (tmp_path / f"bad-{index}.yaml").write_bytes(make(rng).encode("utf-8", "surrogateescape"))
    os.mkfifo(tmp_path / "pipe.yaml")
    result = subprocess.run(
        [sys.executable, "-m", "coach", "validate", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    for line in result.stdout.splitlines():
        assert len(line) <= MAX_MESSAGE
    assert stat.S_ISFIFO(os.stat(tmp_path / "pipe.yaml").st_mode)


FAMILIES: dict[str, Callable[[int, Path], list[str]]] = {
    "numbers": number_case,
    "super_linear": super_linear_case,
    "fan_out": fan_out_case,
    "special_files": special_file_case,
    "nul": nul_case,
    "catalog": catalog_case,
}


def run_family(name: str, folder: str) -> None:
    """Every variant of one family in this process, then its peak resident memory (KiB)."""
    for seed in range(VARIANTS):
        case_folder = Path(folder) / str(seed)
        case_folder.mkdir()
        os.environ["COACH_HOME"] = str(case_folder)  # this process is the family's own
        FAMILIES[name](seed, case_folder)
    status = Path("/proc/self/status").read_text()
    print(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM")))


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux /proc")
@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_each_family_stays_under_300_mb(family: str, tmp_path: Path) -> None:
    # A fresh process, so the peak is this family's (VmHWM, not ru_maxrss, which
    # Linux carries over from the forking parent).
    code = (
        "from tests.robustness.test_crafted_lessons import run_family\n"
        f"run_family({family!r}, {str(tmp_path)!r})"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=300, cwd=REPO
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert int(result.stdout.split()[-1]) * 1024 < MAX_BYTES
