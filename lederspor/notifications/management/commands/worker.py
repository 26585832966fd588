"""`lederspor worker`: run the background worker that sends e-mails and reminders, and (when
not `--batch`) runs the daily retention job (privacy.tasks) and, when OS2mo is configured, the
nightly OS2mo sync (people.sources.tasks)."""

from argparse import ArgumentParser
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand

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
            # the daily retention run (docs/privacy.md): queued unless one is waiting
            retention_schedule()
            # the nightly OS2mo sync (docs/os2mo.md), when LEDERSPOR_OS2MO_URL is set
            os2mo_sync_schedule()
        call_command("db_worker", *worker_args, verbosity=options["verbosity"])
