"""When a full organisation load marks participants inactive, their cohorts' consultants are
told (issue #17 §2): the `people.extensions.persons_deactivated` hook of the programmes hub.

The enrolments stay as they are (the cohort page and the enrolment page flag the participant,
"Ikke længere aktiv i organisationen"); the consultant decides whether to withdraw them.
"""

from __future__ import annotations

from collections import defaultdict

from django.urls import reverse

from lederspor.core.models import User
from lederspor.notifications.services import absolute_url, email_send
from lederspor.people.extensions import PersonsDeactivatedHook
from lederspor.people.models import Person
from lederspor.programmes.models import Enrolment

#: person ids per query (SQLite allows at most 32,766 parameters per statement)
CHUNK = 1000


def tell_consultants(*, person_ids: list[int], by: User | None) -> None:
    """Queue ONE mail per consultant (`programmes/email/persons_deactivated`, editable text
    "mail.programmes.persons_deactivated") listing their participants among `person_ids` whose
    enrolment is running (nominated, waitlisted or enrolled), with cohort and a link to each
    enrolment. The subject names no person. Runs in the load's transaction, so a rolled-back
    load queues nothing. Queries: one per `CHUNK` persons plus the consultants; no mail when
    nobody deactivated is in a running enrolment. `by` is not used (the mail is the system's).
    """
    affected: dict[int, list[Enrolment]] = defaultdict(list)
    consultants: dict[int, Person] = {}
    for start in range(0, len(person_ids), CHUNK):
        found = (
            Enrolment.objects.filter(
                person_id__in=person_ids[start : start + CHUNK], status__in=Enrolment.ACTIVE
            )
            .select_related("person", "person__unit", "cohort")
            .prefetch_related("cohort__consultants")
            .order_by("cohort__starts_on", "cohort_id", "person__first_name", "person__last_name")
        )
        for enrolment in found:
            for consultant in enrolment.cohort.consultants.all():
                consultants[consultant.pk] = consultant
                affected[consultant.pk].append(enrolment)
    for consultant_id, enrolments in affected.items():
        email_send(
            to=[consultants[consultant_id]],
            template="programmes/email/persons_deactivated",
            context={
                "rows": [
                    {
                        "enrolment": e,
                        "url": absolute_url(reverse("programmes:enrolment_detail", args=[e.pk])),
                    }
                    for e in enrolments
                ],
                "count": len(enrolments),
            },
            kind="programmes.persons_deactivated",
            about=None,
            cohort_id=enrolments[0].cohort_id
            if len({e.cohort_id for e in enrolments}) == 1
            else None,
        )


PERSONS_DEACTIVATED_HOOK = PersonsDeactivatedHook(
    key="programmes.tell_consultants", order=10, run=tell_consultants
)
