"""This app's panel on a participant's programme page (`programmes:enrolment_detail`)."""

from __future__ import annotations

from django.template.loader import render_to_string

from lederspor.core.access import Relation
from lederspor.logbook.models import LogbookEntry
from lederspor.logbook.selectors import WRITABLE_STATUSES, entries_shared_with_leader
from lederspor.programmes.extensions import EnrolmentPage


def enrolment_panel(page: EnrolmentPage) -> str:
    """Rendered HTML of the logbook panel for `page.enrolment` as seen with `page.relations`,
    or "".

    The participant sees their entry count, the latest three and "Skriv i logbogen"; the
    nearest leader sees how many entries are shared with them and a link; everyone else
    (consultants, chef, admin) sees nothing — the logbook is private. Two queries.
    """
    enrolment, relations = page.enrolment, page.relations
    if Relation.PARTICIPANT in relations:
        entries = LogbookEntry.objects.filter(enrolment=enrolment)
        context = {
            "is_participant": True,
            "count": entries.count(),
            "latest": list(entries.order_by("-written_on", "-pk")[:3]),
            "can_write": enrolment.status in WRITABLE_STATUSES,
        }
    elif Relation.LEADER in relations:
        context = {
            "is_participant": False,
            "count": entries_shared_with_leader(enrolment=enrolment).count(),
        }
    else:
        return ""
    return render_to_string(
        "logbook/_enrolment_panel.html", {"enrolment": enrolment, **context}, request=page.request
    )
