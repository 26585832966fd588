"""The health of one installation for the load balancer, and the workers' heartbeat (issue #17
§3; docs/operations.md "Sundhedstjek").

`/health/` (`health`, URL name `core:health`) needs no sign-in and shows no personal data. It
answers JSON ``{"status": "ok"|"fail", "database": "ok"|"fail", "worker": "ok"|"stale"|
"missing"|"unknown", "worker_seen_seconds_ago": n|null, "workers": n}`` with 200 when the
database answers a ``SELECT 1`` and some worker wrote its heartbeat within
`settings.LEDERSPOR_WORKER_HEARTBEAT_MAX_AGE` seconds (default 120), else 503. Two queries.

`HealthCheckMiddleware` answers the path before the session, locale, CSRF, authentication,
session-limit, two-factor and read-log middleware run, so a probe never creates or extends a
session, never is sent to the sign-in page, and is answered whatever Host header the balancer
sends (Django's ALLOWED_HOSTS check is made by CommonMiddleware, further down).
`SECURE_REDIRECT_EXEMPT` keeps SecurityMiddleware from redirecting the plain-http probe.

The heartbeat: `lederspor worker` (notifications) calls `worker_heartbeat()`, which writes the
process's `WorkerHeartbeat` row (host + pid) at once and then every
`HEARTBEAT_INTERVAL_SECONDS` from a daemon thread; `--batch` writes it once
(`heartbeat_record`). Rows not seen for `HEARTBEAT_FORGET_AFTER` are deleted by the next beat.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.models import Count, Max, Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from lederspor.core.models import WorkerHeartbeat

logger = logging.getLogger(__name__)

#: the path the load balancer probes (the route of `core:health`; core/urls.py)
HEALTH_PATH = "/health/"
#: seconds between two heartbeats of a running worker
HEARTBEAT_INTERVAL_SECONDS = 30.0
#: a heartbeat row not renewed for this long (a worker that died or was stopped) is deleted
HEARTBEAT_FORGET_AFTER = dt.timedelta(days=1)


def heartbeat_max_age() -> int:
    """Seconds a heartbeat counts as recent (`settings.LEDERSPOR_WORKER_HEARTBEAT_MAX_AGE`,
    default 120: four missed beats)."""
    return int(getattr(settings, "LEDERSPOR_WORKER_HEARTBEAT_MAX_AGE", 120))


@dataclass(frozen=True)
class Health:
    """What `health_check` found.

    `database`: "ok" or "fail". `worker`: "ok" (a heartbeat within the maximum age), "stale"
    (only older ones), "missing" (none), "unknown" (the database failed). `seen_seconds_ago`:
    whole seconds since the newest heartbeat, None without one. `workers`: how many worker
    processes wrote a recent heartbeat."""

    database: str
    worker: str
    seen_seconds_ago: int | None
    workers: int

    @property
    def ok(self) -> bool:
        """True when the database answered and a worker is alive."""
        return self.database == "ok" and self.worker == "ok"

    def as_json(self) -> dict[str, object]:
        """The body of `/health/` (keys as in the module docstring)."""
        return {
            "status": "ok" if self.ok else "fail",
            "database": self.database,
            "worker": self.worker,
            "worker_seen_seconds_ago": self.seen_seconds_ago,
            "workers": self.workers,
        }


def health_check(*, now: dt.datetime | None = None) -> Health:
    """Check the database (``SELECT 1``) and the workers' heartbeats (one aggregate query).

    `now`: an aware datetime (default: the current time). Never raises for a database error:
    it is logged as a warning (its type and message, no data) and reported as "fail"."""
    now = now or timezone.now()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        cutoff = now - dt.timedelta(seconds=heartbeat_max_age())
        beats = WorkerHeartbeat.objects.aggregate(
            last=Max("seen_at"), recent=Count("pk", filter=Q(seen_at__gte=cutoff))
        )
    except DatabaseError as error:
        logger.warning("Health check: the database failed: %s: %s", type(error).__name__, error)
        return Health(database="fail", worker="unknown", seen_seconds_ago=None, workers=0)
    last: dt.datetime | None = beats["last"]
    if last is None:
        return Health(database="ok", worker="missing", seen_seconds_ago=None, workers=0)
    ago = max(0, int((now - last).total_seconds()))
    worker = "ok" if beats["recent"] else "stale"
    return Health(database="ok", worker=worker, seen_seconds_ago=ago, workers=beats["recent"])


@require_safe
@never_cache
def health(request: HttpRequest) -> HttpResponse:
    """`/health/` for the load balancer: JSON from `health_check`, 200 when ok, else 503.
    GET and HEAD only (405 otherwise); never cached."""
    result = health_check()
    return JsonResponse(result.as_json(), status=200 if result.ok else 503)


class HealthCheckMiddleware:
    """Answer `HEALTH_PATH` with `health` before the middleware below it runs (see the module
    docstring); put it right after SecurityMiddleware. Every other request passes through."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info == HEALTH_PATH:
            return health(request)
        return self.get_response(request)


def heartbeat_record(*, host: str, pid: int, started_at: dt.datetime) -> None:
    """Write (or renew) the heartbeat of the worker process `host`/`pid` (started at the aware
    datetime `started_at`) with `seen_at` now, and delete rows not renewed for
    `HEARTBEAT_FORGET_AFTER`. Two or three short queries, each committed on its own."""
    now = timezone.now()
    WorkerHeartbeat.objects.update_or_create(
        host=host,
        pid=pid,
        defaults={"seen_at": now},
        create_defaults={"started_at": started_at, "seen_at": now},
    )
    WorkerHeartbeat.objects.filter(seen_at__lt=now - HEARTBEAT_FORGET_AFTER).delete()


def _this_process() -> tuple[str, int]:
    return socket.gethostname()[:255], os.getpid()


class _HeartbeatThread(threading.Thread):
    """A daemon thread that calls `heartbeat_record` every `interval` seconds until stopped.
    A failed beat (the database is away) is logged and tried again at the next interval; the
    thread's own database connection is closed after each beat."""

    def __init__(self, *, interval: float, started_at: dt.datetime) -> None:
        super().__init__(name="lederspor-heartbeat", daemon=True)
        self.interval = interval
        self.started_at = started_at
        self.stopped = threading.Event()

    def run(self) -> None:
        host, pid = _this_process()
        while not self.stopped.wait(self.interval):
            try:
                heartbeat_record(host=host, pid=pid, started_at=self.started_at)
            except DatabaseError as error:
                logger.warning("Worker heartbeat failed: %s: %s", type(error).__name__, error)
            finally:
                connection.close()


@contextmanager
def worker_heartbeat(
    *, once: bool = False, interval: float = HEARTBEAT_INTERVAL_SECONDS
) -> Iterator[None]:
    """Around a worker's run: write this process's heartbeat now, then (unless `once`, the
    `--batch` run) every `interval` seconds from a daemon thread until the block ends.

    Raises what the first `heartbeat_record` raises (a worker that cannot reach its database
    does not start)."""
    host, pid = _this_process()
    started_at = timezone.now()
    heartbeat_record(host=host, pid=pid, started_at=started_at)
    if once:
        yield
        return
    thread = _HeartbeatThread(interval=interval, started_at=started_at)
    thread.start()
    try:
        yield
    finally:
        thread.stopped.set()
        thread.join(timeout=5)
