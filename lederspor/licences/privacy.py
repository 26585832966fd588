"""What the kørekort hold about a person, for the privacy registries (issue #15 §2–§3).

Registers in `privacy.registry.personal_data`:

- `licences.licences` (LICENCE): the person's kørekort, the practice reviews of them (with
  the resource person's note) and the reviews they held as resource person (task, level, date;
  not the candidate). Erasure anonymises: licences and reviews stay on the anonymised person
  row (reports count licences awarded, a review's attempt numbering needs the rows), and the
  reviewer's notes about the person are deleted.

No retention rule: a licence is valid until it expires and documents the unit's competence;
the person row's own retention (deactivated persons, the privacy app) covers it.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from lederspor.licences.models import Licence, PracticeReview
from lederspor.people.models import Person
from lederspor.privacy.models import RecordKind
from lederspor.privacy.registry import (
    Action,
    ErasureLine,
    PersonalData,
    personal_data,
    records,
)


def export_licences(person: Person) -> list[dict[str, Any]]:
    """The person's licences, the reviews of them and the reviews they held."""
    result = [
        {"record": "licence", **item}
        for item in records(
            Licence.objects.filter(person=person).select_related("task").order_by("pk"),
            ["task.title", "level", "awarded_on", "expires_on"],
        )
    ]
    result += [
        {"record": "practice_review", **item}
        for item in records(
            PracticeReview.objects.filter(person=person)
            .select_related("task", "reviewer")
            .order_by("reviewed_on", "pk"),
            [
                "task.title",
                "level",
                "reviewer.full_name",
                "reviewed_on",
                "passed",
                "attempt",
                "note",
            ],
        )
    ]
    result += [
        {"record": "practice_review_held", **item}
        for item in records(
            PracticeReview.objects.filter(reviewer=person)
            .select_related("task")
            .order_by("reviewed_on", "pk"),
            ["task.title", "level", "reviewed_on"],
        )
    ]
    return result


def erase_licences(person: Person, apply: bool) -> list[ErasureLine]:
    """Keep licences and reviews on the anonymised person; delete the notes about them."""
    licences = Licence.objects.filter(person=person)
    reviews = PracticeReview.objects.filter(person=person)
    held = PracticeReview.objects.filter(reviewer=person)
    lines = [
        ErasureLine(
            _("Kørekort (niveau og datoer bevares uden navn til statistik)"),
            licences.count(),
            Action.ANONYMISE,
        ),
        ErasureLine(
            _("Praksisgennemgange af personen (resultat bevares; bemærkninger slettes)"),
            reviews.count(),
            Action.ANONYMISE,
        ),
        ErasureLine(
            _("Praksisgennemgange holdt af personen som ressourceperson (navnet anonymiseres)"),
            held.count(),
            Action.ANONYMISE,
        ),
    ]
    if apply:
        reviews.exclude(note="").update(note="")
    return lines


def register() -> None:
    """Register the kørekort entry (called once from `LicencesConfig.ready`)."""
    personal_data.register(
        PersonalData(
            key="licences.licences",
            order=80,
            label=_("Kørekort"),
            kind=RecordKind.LICENCE,
            models=(Licence, PracticeReview),
            export=export_licences,
            erase=erase_licences,
        )
    )
