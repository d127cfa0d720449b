"""coach rehearse: a card, Space reveals, 1-4 grade (FSRS), the schedule over days, stats."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from coach.drill.session import DrillSession
from coach.drill.store import RATINGS, load_memory
from coach.engine.clock import FakeClock
from coach.lesson.catalog import resolve
from coach.ui.rehearse import GRADE_KEYS, RehearseApp
from coach.ui.stats import StatsScreen
from tests.drill.helpers import FakeWall, mini
from tests.ui.helpers import press, screen_text

SIZE = (100, 40)
DAY1 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def test_every_key_does_one_thing() -> None:
    keys = [k for b in RehearseApp.BINDINGS for k in b.key.split(",")]  # type: ignore[union-attr]
    assert len(keys) == len(set(keys))
    assert GRADE_KEYS == {"1": "again", "2": "hard", "3": "good", "4": "easy"}
    assert tuple(GRADE_KEYS.values()) == RATINGS


def _guided(wall: FakeWall, *, every_lesson: bool = False) -> DrillSession:
    return DrillSession.open(
        [resolve("guided")], every_lesson=every_lesson, clock=FakeClock(), wall=wall
    )


async def _drill(drill: DrillSession, grades: list[str]) -> list[str]:
    """Run the app: grade the first cards with `grades`, quit; the prompts seen, in order."""
    seen: list[str] = []
    app = RehearseApp(drill, animate=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for grade in grades:
            card = drill.card
            assert card is not None
            assert card.prompt in screen_text(app)
            seen.append(f"{card.key.step_id}:{card.key.ask}")
            await press(pilot, "space", str(RATINGS.index(grade) + 1))
        await press(pilot, "q")
    return seen


async def test_three_days_of_rehearsal_bring_back_the_right_cards() -> None:
    wall = FakeWall(DAY1)
    order = [f"{fs.id}:do" for fs in resolve("guided")[0].flat_steps()]
    # Day 1: the lesson's first cards, new, in lesson order
    day1 = await _drill(_guided(wall), ["again", "hard", "good", "easy", "good", "again"])
    assert day1 == order[:6]
    # Day 2: "coach rehearse" drills only what is due: all but the card graded easy
    wall.advance(days=1)
    due = _guided(wall, every_lesson=True)
    day2 = [f"{k.step_id}:{k.ask}" for k in due.state.order]
    # the most overdue first: the two forgotten (due a minute later), then hard, then good
    assert day2 == [order[i] for i in (0, 5, 1, 2, 4)]
    await _drill(due, ["again", "good", "good", "good", "good"])
    # Day 3: the one forgotten again and those still learning; the graduated ones wait
    wall.advance(days=1)
    day3 = _guided(wall, every_lesson=True)
    assert {f"{k.step_id}:{k.ask}" for k in day3.state.order} == {order[i] for i in (0, 1, 5)}
    app = RehearseApp(day3, animate=False)
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "space", "3", "q")  # q on the card quits; reopen to see stats
    memory = load_memory()[0]
    assert len(memory.reviews) == 12
    # The stats screen: a chart of the practice and the weakest steps by name
    app = RehearseApp(_guided(wall, every_lesson=True), animate=False)
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "s")
        assert isinstance(app.screen, StatsScreen)
        text = screen_text(app)
        assert "Drill reviews a day (last 30 days, 12 in all)" in text
        assert "Weakest steps" in text
        weakest_first = resolve("guided")[0].flat_steps()[0].step.title
        assert weakest_first in text  # forgotten twice: the weakest
        await press(pilot, "escape")
        assert not isinstance(app.screen, StatsScreen)


async def test_grading_before_revealing_does_nothing_and_the_summary_names_weak_cards() -> None:
    drill = DrillSession.open([(mini(), None)], clock=FakeClock(), wall=FakeWall())
    app = RehearseApp(drill, animate=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "Prepare · step 1 of 4" in text and "What is done here?" in text
        assert "Soap, 20 s" not in text  # hidden until revealed
        await press(pilot, "1")
        assert drill.state.grades == ()
        await press(pilot, "space")
        assert "Soap, 20 s" in screen_text(app)
        await press(pilot, "1", "enter", "2", "space", "3", "space", "4")
        assert not drill.done and drill.card is not None
        assert drill.card.prompt == "Wash hands"  # "again": once more before the end
        await press(pilot, "space", "3")
        assert drill.done
        text = screen_text(app)
        assert (
            "Drill complete" in text
            and "5 of 5 cards" in text
            and "1 again · 1 hard · 2 good · 1 easy" in text
        )
        assert "Wash hands  (again, what is done)" in text
        assert "Tools  (hard, what is done)" in text
        await press(pilot, "q")


def test_snapshot_the_revealed_card(snap_compare) -> None:
    drill = DrillSession.open([(mini(), None)], clock=FakeClock(), wall=FakeWall())
    for grade in ("good", "good"):
        drill.reveal()
        drill.grade(grade)

    async def run_before(pilot) -> None:
        await press(pilot, "space")

    app = RehearseApp(drill, animate=False)
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_snapshot_the_stats_screen(snap_compare) -> None:
    from coach.drill.scheduler import review_card
    from coach.drill.store import CardKey, Memory
    from coach.stats.fold import SessionRecord, fold_stats

    memory = Memory()
    for day in range(12):
        for n in range(day % 4 + 1):
            when = DAY1 + timedelta(days=day, minutes=n)
            review_card(memory, CardKey("mini", "abcd"[n], "do"), 1 + (day + n) % 4, when)
    records = [
        SessionRecord(
            "mini",
            "Mini [b]lesson[/b]",
            "run",
            (DAY1 + timedelta(days=d)).date(),
            21.0,
            skipped=("c",) if d % 3 == 0 else (),
        )
        for d in range(0, 12, 2)
    ]
    titles = {fs.id: fs.step.title for fs in mini().flat_steps()}
    stats = fold_stats(
        records,
        memory,
        DAY1 + timedelta(days=11, hours=3),
        titles=lambda _lesson, step: titles.get(step, step),
    )

    class Host(RehearseApp):
        def on_mount(self) -> None:
            super().on_mount()
            self.push_screen(StatsScreen(stats))

    drill = DrillSession.open(
        [(mini(), None)], every_lesson=True, clock=FakeClock(), wall=FakeWall()
    )
    assert snap_compare(Host(drill, animate=False), terminal_size=(100, 50))


async def test_a_what_comes_next_card_reveals_the_next_step() -> None:
    wall = FakeWall()
    first = DrillSession.open([(mini(), None)], clock=FakeClock(), wall=wall)
    for grade in ("easy", "easy"):
        first.reveal()
        first.grade(grade)
    first.close()
    wall.advance(days=1)
    drill = DrillSession.open([(mini(), None)], clock=FakeClock(), wall=wall)
    assert drill.card is not None and drill.card.key.ask == "next"  # new, before c and d
    app = RehearseApp(drill, animate=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "What comes next?" in text and "Wash hands" in text
        assert "Tools" not in text
        await press(pilot, "space")
        text = screen_text(app)
        assert "Next: Tools" in text and "• lube" in text
        await press(pilot, "q")


async def test_the_stats_screen_steps_through_the_lessons() -> None:
    from coach.drill.scheduler import review_card
    from coach.drill.store import CardKey, Memory
    from coach.stats.fold import fold_stats

    memory = Memory()
    review_card(memory, CardKey("alpha", "a", "do"), 1, DAY1)
    review_card(memory, CardKey("beta", "b", "do"), 3, DAY1)
    stats = fold_stats([], memory, DAY1 + timedelta(hours=1), lesson_titles={"alpha": "Alpha [b]"})

    class Host(RehearseApp):
        def on_mount(self) -> None:
            super().on_mount()
            self.push_screen(StatsScreen(stats))

    drill = DrillSession.open(
        [(mini(), None)], every_lesson=True, clock=FakeClock(), wall=FakeWall()
    )
    app = Host(drill, animate=False)
    async with app.run_test(size=(100, 50)) as pilot:
        await pilot.pause()
        assert "Practice history · All lessons" in screen_text(app)
        await press(pilot, "l")
        assert "Practice history · Alpha [b]" in screen_text(app)
        await press(pilot, "l")
        assert "Practice history · beta" in screen_text(app)
        await press(pilot, "l")
        assert "Practice history · All lessons" in screen_text(app)
