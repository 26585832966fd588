"""The one calendar invitation of a joint start meeting (seed 003: start part 1 "kan i stedet
være et fælles møde for alle ledertrainees og deres ledere"): every trainee, leader and
consultant of the meeting gets the same event (one UID), each with a link to the page they may
open. Nothing is sent here: the e-mails are queued and the worker delivers them.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from lederspor.conversations.models import ConversationAttendee
from lederspor.notifications import ics
from lederspor.notifications.services import absolute_url, email_send
from lederspor.people.models import Person
from lederspor.trainee.models import JointStartMeeting


def joint_start_attendees(meeting: JointStartMeeting) -> tuple[list[Person], dict[int, str]]:
    """The meeting's attendees (the attendees of the linked start part 1 records, each once,
    trainees first) and, per person id, the absolute URL of the page their invitation links to:
    their own (or their trainee's) record, the cohort overview for a consultant. 1 query."""
    rows = (
        ConversationAttendee.objects.filter(conversation__joint_start_meetings=meeting)
        .select_related("person")
        .order_by("role", "person__first_name", "person__last_name", "pk")
    )
    people: dict[int, Person] = {}
    urls: dict[int, str] = {}
    summary = absolute_url(reverse("trainee:cohort_summary", args=[meeting.cohort_id]))
    for row in rows:
        people.setdefault(row.person_id, row.person)
        if row.role == "consultant":
            urls.setdefault(row.person_id, summary)
        else:
            urls.setdefault(
                row.person_id,
                absolute_url(reverse("conversations:detail", args=[row.conversation_id])),
            )
    return list(people.values()), urls


def joint_start_invitation(
    meeting: JointStartMeeting, attendees: list[Person], url: str
) -> ics.Invitation:
    """The calendar entry of the joint meeting (UID `stable_uid(meeting)`, SEQUENCE
    `meeting.ics_sequence`); its description names how many trainees take part, not who."""
    return ics.Invitation(
        uid=ics.stable_uid(meeting),
        sequence=meeting.ics_sequence,
        summary=_("Opstartssamtale – første del: fælles møde for ledertrainees og ledere"),
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        location=meeting.place,
        description=_(
            "Fælles møde for holdets ledertrainees, deres nærmeste ledere og HR-konsulenten."
        ),
        url=url,
        attendees=[(p.full_name, p.email) for p in attendees if p.email],
    )


def joint_start_invite(meeting: JointStartMeeting) -> None:
    """Queue the invitation (e-mail `trainee/email/joint_start` with the .ics, METHOD:REQUEST)
    to every attendee of `meeting` with an e-mail address, each in their language."""
    attendees, urls = joint_start_attendees(meeting)
    recipients = [p for p in attendees if p.email]
    if not recipients:
        return
    email_send(
        to=recipients,
        template="trainee/email/joint_start",
        context=lambda person: {
            "meeting": meeting,
            "invitation": joint_start_invitation(meeting, recipients, urls[person.pk]),
        },
        kind="trainee.joint_start",
        about=meeting,
        cohort_id=meeting.cohort_id,
        ics=lambda person: ics.build_ics(
            joint_start_invitation(meeting, recipients, urls[person.pk])
        ),
    )
