"""Story time: the demo's rows are written by the services at the moment the story has them happen.

The services stamp what they write with `timezone.now()`: `created_at`, `updated_at`, the audit
row, `held_at`, `signed_at`, `sent_at` … A demo built today would otherwise say that a
conversation held in September was held, confirmed and audited today. So the demo stops the
clock at the story's moment while it calls a service (`story_time`, with time-machine) and
never rewrites a stamp afterwards.

A programme's story is told as *threads*: generator functions that `yield` the moment of their
next step and then take that step (the code up to the next `yield`):

    def conversation(story, enrolment):
        yield at(day, 14)              # planned a fortnight before
        c = conversation_plan(...)
        yield c.ends_at                # held when it ended
        c = conversation_mark_held(conversation=c, expected_version=c.version, by=...)

`Story.play(*threads)` interleaves the steps of all threads in chronological order (equal
moments in the order they were scheduled), so every row of a programme is created after the
rows it builds on and the audit trail reads in order. Code before a thread's first `yield` runs
when the thread is scheduled, not at a moment of the story: keep it to planning (reads and
random draws), never a write. A moment after `Story.now` is taken at `now`: the story never
writes in its own future (a leader talk due next week is prepared today).
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TypeVar

import time_machine
from django.utils import timezone

#: a story thread: yields the moment of each next step, then takes it
Thread = Iterator[dt.datetime]
T = TypeVar("T")


@contextmanager
def story_time(moment: dt.datetime) -> Iterator[None]:
    """Stop the clock at `moment` (aware) for the block: `timezone.now()` returns `moment`."""
    with time_machine.travel(moment, tick=False):
        yield


def made(value: T | None, what: str) -> T:
    """`value`, which an earlier step of the story wrote (a cohort, a task …); RuntimeError
    naming `what` when that step has not run: the threads are scheduled in the wrong order."""
    if value is None:
        raise RuntimeError(f"{what} is written by an earlier step of the story")
    return value


def nth(items: Callable[[], Sequence[T]], index: int) -> Callable[[], T]:
    """A callable for `items()[index]` at the time it is called: a thread's way to a row that
    another thread writes later in the story (`nth(lambda: cohort.enrolments, 2)`)."""
    return lambda: items()[index]


def at(day: dt.date, hour: int = 10, minute: int = 0) -> dt.datetime:
    """An aware datetime on `day` at `hour`:`minute` in the current time zone."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


class Story:
    """The clock of one demo build.

    `today` is the story's date and `now` its present moment: `today` at the wall clock's time
    of day (so with the default `today` it is the real now). Steps are taken at their moment,
    or at `now` when that lies after it.
    """

    def __init__(self, today: dt.date) -> None:
        self.today = today
        clock = timezone.localtime().time().replace(microsecond=0)
        self.now = timezone.make_aware(dt.datetime.combine(today, clock))
        self._queue: list[tuple[dt.datetime, int, Thread]] | None = None
        self._clock: dt.datetime | None = None
        self._scheduled = 0

    def moment(self, when: dt.datetime) -> dt.datetime:
        """`when`, or `now` if `when` lies after it."""
        return min(when, self.now)

    def do(self, when: dt.datetime, step: Callable[[], T]) -> T:
        """Take one `step` (a service call) at `when`; returns its result."""
        with story_time(self.moment(when)):
            return step()

    def play(self, *threads: Thread) -> None:
        """Take the steps of `threads` (and of those `spawn`ed meanwhile) in chronological order.

        Raises ValueError when a thread asks for a moment before the step just taken: the
        story would go back in time.
        """
        if self._queue is not None:
            raise RuntimeError("Story.play is already running; use Story.spawn")
        self._queue, self._clock = [], None
        try:
            for thread in threads:
                self.spawn(thread)
            while self._queue:
                when, _order, thread = heapq.heappop(self._queue)
                self._clock = when
                with story_time(when):
                    following = next(thread, None)
                if following is not None:
                    self._push(following, thread)
        finally:
            self._queue, self._clock = None, None

    def spawn(self, thread: Thread) -> None:
        """Add `thread` to the story being played (from a step of another thread, e.g. one
        thread per pair once the pairs exist)."""
        if self._queue is None:
            raise RuntimeError("Story.spawn needs a running Story.play")
        first = next(thread, None)
        if first is not None:
            self._push(first, thread)

    def _push(self, when: dt.datetime, thread: Thread) -> None:
        if self._queue is None:
            raise RuntimeError("Story._push needs a running Story.play")
        when = self.moment(when)
        if self._clock is not None and when < self._clock:
            frame = getattr(thread, "gi_frame", None)
            where = f" ({frame.f_code.co_name}, line {frame.f_lineno})" if frame else ""
            raise ValueError(
                f"The story goes back in time{where}: {when.isoformat()} after "
                f"{self._clock.isoformat()}."
            )
        self._scheduled += 1
        heapq.heappush(self._queue, (when, self._scheduled, thread))
