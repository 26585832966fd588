"""Background tasks: the Tasks API (django-tasks, built into Django 6) and the one way to
enqueue from a service.

A service never enqueues directly: `enqueue_on_commit` hands the task to the queue when the
service's transaction commits, so a rolled-back request queues nothing and the worker never
looks for a row that is not there yet. A task takes ids, reloads, and calls one service.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from django.db import connection, transaction

if TYPE_CHECKING:  # checked against what runs on Django 5.2, the backport
    from django_tasks import task
else:
    try:  # Django 6 has the Tasks API built in; on 5.2 the django-tasks backport provides it
        from django.tasks import task
    except ImportError:  # pragma: no cover - depends on the Django version
        from django_tasks import task

__all__ = ["enqueue_on_commit", "scheduling_lock", "task"]


def enqueue_on_commit(task_obj: Any, *args: Any, run_after: dt.datetime | None = None) -> None:
    """Enqueue `task_obj(*args)` (a function decorated with `@task`) when the current
    transaction commits (at once outside a transaction). `run_after`: an aware datetime before
    which the worker does not run it. Arguments must be JSON-serialisable (ids, ISO dates)."""

    def enqueue() -> None:
        target = task_obj.using(run_after=run_after) if run_after is not None else task_obj
        target.enqueue(*args)

    transaction.on_commit(enqueue)


#: the PostgreSQL advisory-lock key of `scheduling_lock` (any fixed 64-bit number: "Lede")
SCHEDULING_LOCK_KEY = 0x4C656465


@contextmanager
def scheduling_lock() -> Iterator[None]:
    """Serialise "queue the next run unless one is waiting" between workers (issue #17 §3).

    Every `lederspor worker` queues the nightly jobs when it starts, each unless one is already
    waiting; M workers started in the same second could all see none waiting and queue M runs.
    On PostgreSQL this holds a session-level advisory lock (`pg_advisory_lock`, key
    `SCHEDULING_LOCK_KEY`) for the block, so one worker checks and queues at a time; call it
    outside a transaction, so `enqueue_on_commit` queues at once, inside the lock. On SQLite
    (one machine, one worker) it does nothing. Blocks while another worker holds the lock."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s)", [SCHEDULING_LOCK_KEY])
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [SCHEDULING_LOCK_KEY])
