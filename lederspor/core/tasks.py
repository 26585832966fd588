"""Background tasks: the Tasks API (django-tasks, built into Django 6) and the one way to
enqueue from a service.

A service never enqueues directly: `enqueue_on_commit` hands the task to the queue when the
service's transaction commits, so a rolled-back request queues nothing and the worker never
looks for a row that is not there yet. A task takes ids, reloads, and calls one service.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.db import transaction

if TYPE_CHECKING:  # checked against what runs on Django 5.2, the backport
    from django_tasks import task
else:
    try:  # Django 6 has the Tasks API built in; on 5.2 the django-tasks backport provides it
        from django.tasks import task
    except ImportError:  # pragma: no cover - depends on the Django version
        from django_tasks import task

__all__ = ["enqueue_on_commit", "task"]


def enqueue_on_commit(task_obj: Any, *args: Any, run_after: dt.datetime | None = None) -> None:
    """Enqueue `task_obj(*args)` (a function decorated with `@task`) when the current
    transaction commits (at once outside a transaction). `run_after`: an aware datetime before
    which the worker does not run it. Arguments must be JSON-serialisable (ids, ISO dates)."""

    def enqueue() -> None:
        target = task_obj.using(run_after=run_after) if run_after is not None else task_obj
        target.enqueue(*args)

    transaction.on_commit(enqueue)
