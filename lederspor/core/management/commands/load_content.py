"""`lederspor load_content`: load the seed content (programme templates, task catalogue)."""

from django.core.management.base import BaseCommand

from lederspor.catalogue.content import load_catalogue
from lederspor.programmes.content import load_programmes


class Command(BaseCommand):
    help = "Indlæs forløbsskabeloner og opgavekatalog fra seed-indholdet (kan køres igen)."

    def handle(self, *args: object, **options: object) -> None:
        programmes = load_programmes()
        tasks = load_catalogue()
        self.stdout.write(f"{len(programmes)} forløb og {len(tasks)} praksisopgaver indlæst.")
