"""`lederspor worker`: run the background worker that sends e-mails and reminders, and (when
not `--batch`) queues the daily retention job (privacy.tasks) and, when OS2mo is configured,
the nightly OS2mo sync (people.sources.tasks). While it runs it writes its heartbeat for
`/health/` (core.health.worker_heartbeat: at start and every 30 s; `--batch` once). Several
workers may run at once, on one machine or several (docs/operations.md "Drift: topologi"):
each task row is claimed by one of them."""

from argparse import ArgumentParser
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand

from lederspor.core.health import worker_heartbeat
from lederspor.core.tasks import scheduling_lock
from lederspor.people.sources.tasks import os2mo_sync_schedule
from lederspor.privacy.tasks import retention_schedule


class Command(BaseCommand):
    help = "Kør baggrundsarbejderen, der sender e-mails og påmindelser (django-tasks)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--batch", action="store_true", help="Kør det, der ligger i køen, og stop så."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        worker_args = ["--no-startup-delay", "--no-reload", "--queue-name", "*"]
        if options["batch"]:
            worker_args.append("--batch")
        else:
            # one worker at a time checks and queues (several may start at once): the daily
            # retention run (docs/privacy.md) and the nightly OS2mo sync (docs/os2mo.md, when
            # LEDERSPOR_OS2MO_URL is set), each unless one is waiting
            with scheduling_lock():
                retention_schedule()
                os2mo_sync_schedule()
        with worker_heartbeat(once=options["batch"]):
            call_command("db_worker", *worker_args, verbosity=options["verbosity"])
