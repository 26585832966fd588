"""A person's programme history on HR's person page (issue #16 §3): every enrolment across the
years, registered into `people.extensions.person_sections` by `ProgrammesConfig.ready()` (the
organisation floor never imports the hub)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.loader import render_to_string

from lederspor.core.readlog import RecordKind, note_read
from lederspor.people.extensions import PersonSection
from lederspor.people.models import Person
from lederspor.people.roles import roles_for
from lederspor.programmes.access import enrolment_relations
from lederspor.programmes.models import Enrolment


def person_programme_history(*, person: Person) -> QuerySet[Enrolment]:
    """Every enrolment of `person` (any status: nominated, waitlisted, enrolled, completed,
    rejected, withdrawn), newest cohort first, with cohort, programme, nominating and deciding persons
    loaded, and the cohorts' consultants prefetched for `enrolment_relations` (two queries)."""
    return (
        Enrolment.objects.filter(person=person)
        .select_related("person__manager", "cohort__programme", "nominated_by", "decided_by")
        .prefetch_related("cohort__consultants")
        .order_by("-cohort__starts_on", "-cohort__pk")
    )


def render_programme_history(request: HttpRequest, person: Person) -> str:
    """The "Forløbshistorik" section of `person`'s HR page (the page is HR staff only): one
    row per enrolment. A row links to the enrolment page when the viewer may open it (a
    consultant of that cohort, an administrator: `programmes.access.enrolment_relations`, the
    rule of `get_enrolment_for`), else to the cohort's page, which every HR employee may read
    (docs/roles-and-access.md: other HR staff get 404 on an enrolment). Notes the read of the
    person's enrolments in the read log (RecordKind.ENROLMENT) when there are any. Two queries.
    """
    roles = roles_for(request)
    rows = [
        HistoryRow(
            enrolment=enrolment,
            opens_enrolment=bool(
                enrolment_relations(
                    person=roles.person, enrolment=enrolment, is_admin=roles.is_admin
                )
            ),
        )
        for enrolment in person_programme_history(person=person)
    ]
    if rows:
        note_read(request, person, RecordKind.ENROLMENT)
    return render_to_string(
        "programmes/_person_history.html",
        {"person": person, "rows": rows},
        request=request,
    )


@dataclass(frozen=True)
class HistoryRow:
    """One enrolment of the history and whether the viewer may open its page."""

    enrolment: Enrolment
    opens_enrolment: bool


#: registered in `ProgrammesConfig.ready()`
PERSON_HISTORY_SECTION = PersonSection(
    key="programmes.history", order=5, render=render_programme_history
)
