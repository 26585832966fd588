"""Load the conversation templates from `lederspor/content/conversations/templates.toml`.

Idempotent: a template is updated in place by `kind`; its questions get a new version only when
the file's questions differ from the newest version that the loader itself wrote. A version a
consultant made is never replaced by the loader (their edit wins until they edit again). A new
version bumps the template's `version`, so a questions editor opened before it is refused as
stale instead of saving over it.
"""

import functools
import tomllib
from pathlib import Path

from django.db import transaction
from django.db.models import F

from lederspor.conversations.models import ConversationKind, ConversationTemplate, TemplateVersion
from lederspor.core.content_placeholders import substitute
from lederspor.people.models import Person
from lederspor.texts.services import filled, get_text, live

CONTENT_FILE = (
    Path(__file__).resolve().parent.parent / "content" / "conversations" / "templates.toml"
)
#: the note on versions the loader writes
LOADED_NOTE = "Indlæst fra kilden"


@transaction.atomic
def load_conversation_templates(path: Path = CONTENT_FILE) -> list[ConversationTemplate]:
    """Create or update every template in `path`; return them in file order.

    Raises KeyError / ValueError on a malformed file (unknown kind, duplicate question id).
    """
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    templates = []
    for entry in data["template"]:
        kind = ConversationKind(entry["kind"])
        questions = [
            {
                "id": q["id"],
                "section": q.get("section", ""),
                "text": q["text"],
                "from_seed": bool(q.get("from_seed", False)),
            }
            for q in entry["questions"]
        ]
        ids = [q["id"] for q in questions]
        if len(set(ids)) != len(ids):
            raise ValueError(f"duplicate question id in template {kind}")
        template, _created = ConversationTemplate.objects.update_or_create(
            kind=kind,
            defaults={
                "name": entry["name"],
                "programme_kind": entry.get("programme_kind", ""),
                "purpose": substitute(entry.get("purpose", "")).strip(),
                "source": entry.get("source", ""),
                "roles": entry["roles"],
                "consultants_see": entry.get("consultants_see", False),
            },
        )
        newest = template.newest_version()
        if newest is None or (
            newest.created_by_id is None
            and newest.note == LOADED_NOTE
            and newest.questions != questions
        ):
            TemplateVersion.objects.create(
                template=template,
                number=(newest.number + 1) if newest else 1,
                questions=questions,
                note=LOADED_NOTE,
            )
            if newest is not None:  # an editor opened on the old questions must reload
                ConversationTemplate.objects.filter(pk=template.pk).update(version=F("version") + 1)
                template.refresh_from_db(fields=["version"])
        templates.append(template)
    return templates


#: the key of the letter to the host in the registry of editable texts (`conversations.editable`)
HOST_LETTER_TEXT = "conversations.host_letter"
#: the paragraphs of the letter to the host, in the order the letter uses them
HOST_LETTER_KEYS = ("element", "purpose", "preparation", "confidentiality", "introduction")


@functools.cache
def host_letter_defaults(path: Path = CONTENT_FILE) -> dict[str, str]:
    """The letter to the host's paragraphs as the file has them (the seed default of the
    editable text "conversations.host_letter"): the career template's `[template.host_letter]`
    in `path`, seed 002 §4 adapted to be read by the host (the seed's wording is in the file's
    comments). Read once per process (the file changes only with a deploy); {key: text} for
    every key of `HOST_LETTER_KEYS`.

    Raises KeyError when the file lacks the career template, the table or one of the keys.
    """
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    career = next(t for t in data["template"] if t["kind"] == ConversationKind.CAREER)
    letter = career["host_letter"]
    return {key: " ".join(letter[key].split()) for key in HOST_LETTER_KEYS}


def host_letter_texts(participant: Person | None = None) -> dict[str, str]:
    """The letter to the host's paragraphs in use: HR's edit on the "Tekster" page, else the
    file's (`host_letter_defaults`, issue #16 §1), with `{deltager}` / `{deltager_fornavn}`
    filled from `participant` (left empty without one). {key: text} for every key of
    `HOST_LETTER_KEYS`; one query."""
    text = get_text(HOST_LETTER_TEXT)
    values = {"deltager": "", "deltager_fornavn": ""}
    if participant is not None:
        values = {"deltager": participant.full_name, "deltager_fornavn": participant.first_name}
    return filled(text, live(text), values)
