"""`lederspor load_content`: load the seed content (programme templates, task catalogue,
conversation templates, competence examples, evaluation templates).

Safe to run on every deploy (issue #16 §1): nothing referenced is deleted, an edit by HR staff
is never overwritten, and a changed seed default is offered to them instead (docs/content.md).
Prints what it did per kind of content, in Danish.
"""

from django.core.management.base import BaseCommand, CommandParser

from lederspor.catalogue.content import load_catalogue
from lederspor.competence.services import examples_load
from lederspor.conversations.content import load_conversation_templates
from lederspor.core.content_versions import LoadReport
from lederspor.evaluations.content import load_evaluation_templates
from lederspor.programmes.content import load_programmes
from lederspor.texts.services import load_text_defaults


class Command(BaseCommand):
    help = (
        "Indlæs forløbsskabeloner, opgavekatalog, samtaleskabeloner, eksempler på "
        "kompetenceudvikling og evalueringsskabeloner fra seed-indholdet (kan køres igen ved "
        "hver udrulning: HR's redigeringer overskrives aldrig, og intet i brug slettes)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--keep-current",
            action="store_true",
            help=(
                "Første gang efter opgraderingen: behold forløbs- og opgavetekster, som HR har "
                "rettet i administrationen, og tilbyd kildens tekst i stedet for at bruge den."
            ),
        )

    def handle(self, *args: object, **options: object) -> None:
        report = LoadReport()
        keep = bool(options.get("keep_current"))
        programmes = load_programmes(report=report, keep_current=keep)
        tasks = load_catalogue(report=report, keep_current=keep)
        conversation_templates = load_conversation_templates()
        examples = examples_load()
        evaluation_templates = load_evaluation_templates()
        self.stdout.write(
            f"{len(programmes)} forløb, {len(tasks)} praksisopgaver, "
            f"{len(conversation_templates)} samtaleskabeloner, "
            f"{len(examples)} eksempler på kompetenceudvikling og "
            f"{len(evaluation_templates)} evalueringsskabeloner indlæst."
        )
        self.stdout.write(f"{len(load_text_defaults())} redigerbare tekster indlæst.")
        for line in report.lines():
            self.stdout.write(line)
