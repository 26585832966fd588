"""What bulk mail adds to pages of lower floors: the section on a person's HR page."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string

from lederspor.core.readlog import RecordKind, note_read
from lederspor.mailings.selectors import person_mailings
from lederspor.people.models import Person

#: how many received mailings the person's page lists
PERSON_PAGE_LIMIT = 20


def person_section(request: HttpRequest, person: Person) -> str:
    """The "Fællesmails" section of `person`'s HR page (HR staff only: the page checks): the
    latest mailings they received with subject, date, sender and the mail's status (one
    query). Subjects only: a mailing's text is on its own page."""
    received = person_mailings(person=person, limit=PERSON_PAGE_LIMIT)
    if received:
        note_read(request, person, RecordKind.EMAIL)
    return render_to_string(
        "mailings/_person_section.html",
        {"person": person, "received": received, "limit": PERSON_PAGE_LIMIT},
        request=request,
    )
