"""`lederspor sync_org --source os2mo [--dry-run] [--confirm]`: read the organisation from OS2mo's GraphQL
API and load it through the file import's validation and write path (docs/os2mo.md).

Each run is recorded as a `people.OrgLoadRun`. On success it prints the counts; when OS2mo or
Keycloak fails, or the import refuses rows, nothing is written, the errors go to stderr and the
command exits non-zero (CommandError), so a systemd timer's unit shows the failure.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from lederspor.people.models import OrgLoadRun
from lederspor.people.sources.os2mo import sync_organisation

SOURCES = ("os2mo",)


class Command(BaseCommand):
    help = "Hent enheder og personer fra OS2mo og indlæs dem som ved en import."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--source", choices=SOURCES, required=True, help="kilden: os2mo")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="hent og kontrollér data og vis tallene uden at gemme noget",
        )
        parser.add_argument(
            "--confirm",
            action="store_true",
            help="deaktivér også når flere end den tilladte andel ikke længere er i OS2mo",
        )

    def handle(self, *args: Any, source: str, dry_run: bool, confirm: bool, **options: Any) -> None:
        run = sync_organisation(dry_run=dry_run, confirm=confirm)
        report = run.report
        for kind in ("units", "persons"):
            for error in (report.get(kind) or {}).get("errors", []):
                self.stderr.write(
                    _("%(kind)s, linje %(line)d (OS2mo %(uuid)s): %(column)s: %(message)s")
                    % {
                        "kind": kind,
                        "line": error["line"],
                        "uuid": error["os2mo_uuid"] or "-",
                        "column": error["column"],
                        "message": error["message"],
                    }
                )
        if run.status != OrgLoadRun.Status.SUCCEEDED:
            raise CommandError(report.get("error") or _("Synkroniseringen fejlede."))
        for kind, label in (("units", _("Enheder")), ("persons", _("Personer"))):
            counts = report[kind]
            message = _(
                "%(label)s: %(created)d oprettet, %(updated)d opdateret, %(unchanged)d uændret."
            )
            self.stdout.write(message % {"label": label, **counts})
        missing = report["missing"]
        self.stdout.write(
            _("Ikke længere i OS2mo: %(units)d enheder, %(persons)d personer.")
            % {"units": len(missing["units"]), "persons": len(missing["persons"])}
        )
        left_out = report["left_out"]
        self.stdout.write(
            _("Udeladt: %(engagement)d uden ansættelse, %(email)d uden e-mail.")
            % {
                "engagement": len(left_out["without_engagement"]),
                "email": len(left_out["without_email"]),
            }
        )
        deactivation = report.get("deactivation") or {}
        self.stdout.write(
            _("Deaktiveret: %(units)d enheder, %(persons)d personer.")
            % {
                "units": len(deactivation.get("units", [])),
                "persons": len(deactivation.get("persons", [])),
            }
        )
        if dry_run:
            self.stdout.write(_("Afprøvning: intet er gemt."))
        else:
            self.stdout.write(self.style.SUCCESS(_("Synkroniseringen med OS2mo er gennemført.")))
