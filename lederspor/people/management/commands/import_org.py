"""`lederspor import_org units|persons FILE [--dry-run]`: import the organisation from CSV/XLSX.

Columns and rules: docs/import.md. Every row is validated first; on any error nothing is
written, each error is printed to stderr as `linje N: kolonne: besked` and the command exits
non-zero (CommandError). On success it prints the counts.
"""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from lederspor.people.importing import import_persons, import_units

IMPORTERS = {"units": import_units, "persons": import_persons}


class Command(BaseCommand):
    help = "Importér enheder (units) eller personer (persons) fra en CSV- eller XLSX-fil."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=sorted(IMPORTERS), help="units eller persons")
        parser.add_argument("file", type=Path, help="stien til en .csv- eller .xlsx-fil")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="kontrollér filen og vis tallene uden at gemme noget",
        )

    def handle(self, *args: Any, kind: str, file: Path, dry_run: bool, **options: Any) -> None:
        try:
            handle = file.open("rb")
        except OSError as exc:
            raise CommandError(
                _("Filen %(file)s kan ikke åbnes: %(error)s")
                % {"file": file, "error": exc.strerror}
            ) from exc
        with handle:
            result = IMPORTERS[kind](file=handle, filename=file.name, by=None, dry_run=dry_run)
        if result.errors:
            for error in result.errors:
                self.stderr.write(str(error))
            raise CommandError(
                _("%(n)d fejl i %(file)s. Intet er gemt.")
                % {"n": len(result.errors), "file": file.name}
            )
        counts = {
            "file": file.name,
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
            "users": result.users_created,
        }
        if dry_run:
            message = _(
                "Afprøvning af %(file)s: %(created)d ville blive oprettet, %(updated)d opdateret "
                "og %(unchanged)d er uændret. Intet er gemt."
            )
            self.stdout.write(message % counts)
        else:
            message = _(
                "Importeret %(file)s: %(created)d oprettet, %(updated)d opdateret, "
                "%(unchanged)d uændret."
            )
            self.stdout.write(self.style.SUCCESS(message % counts))
        if kind == "persons":
            self.stdout.write(_("Nye logins: %(users)d.") % counts)
            self.stdout.write(
                _("Lederskifter: %(summary)s.") % {"summary": result.leadership_summary}
            )
