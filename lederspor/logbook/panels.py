"""What the logbook shows on other apps' pages: its panel on a participant's programme page
(`programmes:enrolment_detail`) and the shared entries beside a conversation with the nearest
leader."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string

from lederspor.conversations.models import Conversation
from lederspor.core.access import Relation
from lederspor.logbook.models import LogbookEntry
from lederspor.logbook.selectors import WRITABLE_STATUSES, entries_shared_with_leader
from lederspor.people.roles import roles_for
from lederspor.privacy.readlog import RecordKind, note_read
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


def conversation_section(request: HttpRequest, conversation: Conversation) -> str:
    """The logbook entries the participant has shared with the nearest leader (newest 20),
    beside the questions of a conversation with the nearest leader: the logbook is the starting
    point of the conversation (seed 002 §7; issue #3 §3). Only for the participant and their
    nearest leader, the entries' readers (`access.may_read_entry`): a consultant who may read
    the conversation sees nothing here (issue #15 §4). One query."""
    viewer = roles_for(request).person
    participant = conversation.enrolment.person
    if viewer is None or viewer.pk not in (participant.pk, participant.manager_id):
        return ""
    entries = list(entries_shared_with_leader(enrolment=conversation.enrolment)[:20])
    if entries:
        note_read(request, participant, RecordKind.LOGBOOK)
    return render_to_string(
        "logbook/_conversation_section.html", {"logbook": entries}, request=request
    )
