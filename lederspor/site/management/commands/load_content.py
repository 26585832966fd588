"""`lederspor load_content`: load the seed content (programme templates, task catalogue,
conversation templates, competence examples, evaluation templates)."""

from django.core.management.base import BaseCommand

from lederspor.catalogue.content import load_catalogue
from lederspor.competence.services import examples_load
from lederspor.conversations.content import load_conversation_templates
from lederspor.evaluations.content import load_evaluation_templates
from lederspor.programmes.content import load_programmes
from lederspor.texts.services import load_text_defaults


class Command(BaseCommand):
    help = (
        "Indlæs forløbsskabeloner, opgavekatalog, samtaleskabeloner, eksempler på kompetenceudvikling og "
        "evalueringsskabeloner fra "
        "seed-indholdet (kan køres igen)."
    )

    def handle(self, *args: object, **options: object) -> None:
        programmes = load_programmes()
        tasks = load_catalogue()
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
