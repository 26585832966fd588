"""`lederspor import_org units|persons FILE [--dry-run] [--full [--confirm]]`: import the
organisation from CSV/XLSX in the foreground, recorded as an `OrgLoadRun` like HR's uploads.

Columns and rules: docs/import.md. Every row is validated first; on any error nothing is
written, each error is printed to stderr as `linje N: kolonne: besked` and the command exits
non-zero (CommandError). On success it prints the counts. With `--full` persons (or units)
missing from the file become inactive; more than the allowed share
(`LEDERSPOR_ORG_DEACTIVATE_MAX_SHARE`) is refused unless `--confirm` (issue #17 §2).
"""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from lederspor.core.uploads import UploadLimits
from lederspor.people.importing import RowError
from lederspor.people.models import OrgLoadRun
from lederspor.people.runs import KINDS, execute_run


class Command(BaseCommand):
    help = "Importér enheder (units) eller personer (persons) fra en CSV- eller XLSX-fil."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=sorted(KINDS), help="units eller persons")
        parser.add_argument("file", type=Path, help="stien til en .csv- eller .xlsx-fil")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="kontrollér filen og vis tallene uden at gemme noget",
        )
        parser.add_argument(
            "--full",
            action="store_true",
            help="fuld indlæsning: de, der mangler i filen, bliver inaktive",
        )
        parser.add_argument(
            "--confirm",
            action="store_true",
            help="deaktivér også, når flere end den tilladte andel mangler (med --full)",
        )

    def handle(
        self,
        *args: Any,
        kind: str,
        file: Path,
        dry_run: bool,
        full: bool,
        confirm: bool,
        **options: Any,
    ) -> None:
        if confirm and not full:
            raise CommandError(_("--confirm bruges kun sammen med --full."))
        limits = UploadLimits.from_settings()
        try:
            with file.open("rb") as handle:
                data = handle.read(limits.max_bytes + 1)
        except OSError as exc:
            raise CommandError(
                _("Filen %(file)s kan ikke åbnes: %(error)s")
                % {"file": file, "error": exc.strerror}
            ) from exc
        run = OrgLoadRun.objects.create(
            source=OrgLoadRun.Source.FILE,
            kind=kind,
            label=file.name[:255],
            dry_run=dry_run,
            full=full,
            confirmed=confirm,
        )
        execute_run(run.pk, data=data)
        run.refresh_from_db()
        self._report(run, kind=kind, file=file)

    def _report(self, run: OrgLoadRun, *, kind: str, file: Path) -> None:
        report = run.report
        part = report.get(kind) or {}
        deactivation = report.get("deactivation") or {}
        errors = [
            str(RowError(e["line"], e["column"], e["message"])) for e in part.get("errors", [])
        ]
        if report.get("error"):
            errors.append(report["error"])
        errors.extend(deactivation.get("errors", []))
        if errors:
            for error in errors:
                self.stderr.write(error)
            if run.needs_confirmation:
                self._deactivation_list(deactivation, would=True)
            raise CommandError(
                _("%(n)d fejl i %(file)s. Intet er gemt.") % {"n": len(errors), "file": file.name}
            )
        counts = {
            "file": file.name,
            "created": part.get("created", 0),
            "updated": part.get("updated", 0),
            "unchanged": part.get("unchanged", 0),
            "users": part.get("users_created", 0),
        }
        if run.dry_run:
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
            self.stdout.write(_("Lederskifter: %(summary)s.") % {"summary": part.get("leadership")})
        if run.full:
            self._deactivation_list(deactivation, would=run.dry_run)

    def _deactivation_list(self, deactivation: dict[str, Any], *, would: bool) -> None:
        persons, units = deactivation.get("persons", []), deactivation.get("units", [])
        if would:
            line = _("Ville blive deaktiveret: %(persons)d personer og %(units)d enheder.")
        else:
            line = _("Deaktiveret: %(persons)d personer og %(units)d enheder.")
        self.stdout.write(line % {"persons": len(persons), "units": len(units)})
        for person in persons:
            self.stdout.write(f"  {person['number']}  {person['name']}  ({person['unit']})")
        for unit in units:
            self.stdout.write(f"  {unit['code']}  {unit['name']}")
