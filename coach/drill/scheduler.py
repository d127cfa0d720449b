"""When each card is due: FSRS, through the `fsrs` package.

FSRS (the scheduler Anki ships) models each card's stability and difficulty
from the grades given and the days between them, and schedules the next
review when the predicted chance of recalling it drops to 90 %. We keep its
defaults, with one change: fuzzing is off. Fuzzing spreads a large deck's
reviews over neighbouring days; a lesson has a few dozen cards, and a learner
(and a test) should be able to tell why a card is due on the day it is.

A card is *due today* when its due time falls before the next local midnight:
a card graded "again" (due again in a minute) or a new card graded "good"
(its second learning step, ten minutes) is due today; "easy" moves it out by
days. Reviewing a card early (cramming) is fine: FSRS takes the elapsed time
into account, so an early "good" raises stability only a little.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import fsrs

from coach.drill.records import CardKey, CardState, Memory, Review

SCHEDULER = fsrs.Scheduler(enable_fuzzing=False)
DESIRED_RETENTION = SCHEDULER.desired_retention


def to_fsrs(card: CardState) -> fsrs.Card:
    return fsrs.Card(
        card_id=0,
        state=fsrs.State(card.state),
        step=card.step,
        stability=card.stability,
        difficulty=card.difficulty,
        due=card.due,
        last_review=card.last_review,
    )


def from_fsrs(card: fsrs.Card) -> CardState:
    return CardState(
        state=int(card.state),
        step=card.step,
        stability=card.stability,
        difficulty=card.difficulty,
        due=card.due,
        last_review=card.last_review,
    )


def review_card(memory: Memory, key: CardKey, rating: int, when: datetime) -> CardState:
    """Grade `key` (1 again .. 4 easy) at `when`: its new schedule, kept in `memory`."""
    when = when.astimezone(UTC).replace(microsecond=0)  # the file keeps whole seconds
    old = memory.cards.get(key)
    card = to_fsrs(old) if old is not None else fsrs.Card(card_id=0, due=when)
    new, _log = SCHEDULER.review_card(card, fsrs.Rating(rating), when)
    state = from_fsrs(new)
    memory.cards[key] = state
    memory.reviews.append(Review(when, key, rating))
    return state


def end_of_day(now: datetime) -> datetime:
    """The next local midnight after `now`, in UTC: what 'due today' means."""
    local = now.astimezone()
    midnight = datetime.combine(local.date() + timedelta(days=1), datetime.min.time())
    return midnight.replace(tzinfo=local.tzinfo).astimezone(UTC)


def is_due(card: CardState, now: datetime) -> bool:
    return card.due < end_of_day(now)


def retrievability(card: CardState, now: datetime) -> float:
    """FSRS's predicted chance (0..1) that the card is recalled at `now`."""
    return float(SCHEDULER.get_card_retrievability(to_fsrs(card), now.astimezone(UTC)))
