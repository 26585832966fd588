"""Bulk mail in the demo (issue #16 §3): two mail templates in our own words, and one mailing
the consultant sent a week ago to the active aspirant cohort's participants from the first
template, queued through the real service (so it is on each recipient's HR page, the cohort's
mailing list and the e-mail page)."""

from __future__ import annotations

import datetime as dt
import uuid

from lederspor.mailings import selectors
from lederspor.mailings.models import Audience, MailTemplate
from lederspor.mailings.services import mailing_send, template_create
from lederspor.people.models import Person
from lederspor.people.roles import login_of
from lederspor.programmes.models import Cohort, Enrolment
from lederspor.site.demo.aspirant import ACTIVE_COHORT
from lederspor.site.demo.story import Story, at

#: (name, subject, body) of the demo's templates, written for the demo
TEMPLATES = (
    (
        "Velkommen til holdet",
        "Velkommen til {hold}",
        "Kære {fornavn}\n\n"
        "Velkommen til {hold} i {forløb}. Forløbet begynder {startdato} og slutter {slutdato}.\n\n"
        "Næste mødegang: {næste_mødegang}.\n\n"
        "Tal gerne med {nærmeste_leder} om, hvad du håber at få ud af forløbet.\n\n"
        "Venlig hilsen\nLederudvikling, HR",
    ),
    (
        "Påmindelse om næste mødegang",
        "Påmindelse: næste mødegang på {hold}",
        "Kære {fornavn}\n\n"
        "Husk næste mødegang: {næste_mødegang}.\n\n"
        "Giv besked, hvis du er forhindret.\n\n"
        "Venlig hilsen\nLederudvikling, HR",
    ),
)


def build_mailings(*, story: Story, consultant: Person) -> None:
    """Create the templates (two weeks ago) and the sent mailing (a week ago, 9:00) as
    `consultant`, who consults the active aspirant cohort."""
    by = login_of(consultant)
    created = story.do(
        at(story.today - dt.timedelta(days=14), 9),
        lambda: [
            template_create(name=name, subject=subject, body=body, by=consultant, actor=by)
            for name, subject, body in TEMPLATES
        ],
    )
    welcome: MailTemplate = created[0]
    cohort = Cohort.objects.get(name=ACTIVE_COHORT)
    selection = selectors.Selection(
        audience=Audience.PARTICIPANTS, statuses=(Enrolment.Status.ENROLLED,), cohort=cohort
    )

    def send() -> None:
        cohorts = selectors.mailable_cohorts(person=consultant, all_cohorts=False)
        mailing_send(
            token=uuid.UUID(int=16),
            selection=selection,
            recipients=selectors.recipient_list(selection=selection, cohorts=cohorts),
            subject=welcome.subject,
            body=welcome.body,
            template=welcome,
            by=consultant,
            actor=by,
        )

    story.do(at(story.today - dt.timedelta(days=7), 9), send)
