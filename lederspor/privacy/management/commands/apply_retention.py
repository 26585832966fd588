"""`lederspor apply_retention [--dry-run]`: delete or anonymise what has passed its retention
period (docs/privacy.md). The worker runs it daily (privacy.tasks); a systemd timer may run
this command instead (docs/operations.md, "Retention job")."""

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from lederspor.privacy.services import apply_retention


class Command(BaseCommand):
    help = (
        "Slet eller anonymisér det, der har passeret sin opbevaringsperiode "
        "(docs/privacy.md). Med --dry-run tælles kun."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Tæl kun; skriv intet (ingen hændelseslog)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        dry_run = bool(options["dry_run"])
        result = apply_retention(apply=not dry_run)
        verb = "ville blive slettet/anonymiseret" if dry_run else "slettet/anonymiseret"
        for rule, count in result:
            self.stdout.write(f"{rule.label}: {rule.days} dage: {count} {verb}")
        total = sum(count for _rule, count in result)
        self.stdout.write(f"I alt: {total} {verb}" + (" (prøvekørsel)" if dry_run else ""))
