"""Calendar invitations for a cohort's sessions (issue #3 §6).

Creating a session queues an e-mail with METHOD:REQUEST to every seated participant of the
cohort and its consultants; changing its time or place bumps `Session.ics_sequence` and sends
it again; deleting it sends METHOD:CANCEL (STATUS:CANCELLED). Someone enrolled later gets the
upcoming sessions, and someone who withdraws gets METHOD:CANCEL for them (issue #14 §2). The
UID (`stable_uid(session)`) never changes, so calendars update the one entry. Only sessions that
have not ended are sent. Nothing is sent in the request: the worker delivers the queued e-mails.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.urls import reverse
from django.utils import timezone

from lederspor.notifications import ics
from lederspor.notifications.services import absolute_url, email_send
from lederspor.people.models import Person
from lederspor.programmes.models import Enrolment, Session


def session_recipients(session: Session) -> list[Person]:
    """The seated participants (enrolled or completed) of the session's cohort, then its
    consultants; each person once, only those with an e-mail address."""
    people: dict[int, Person] = {}
    enrolments = (
        Enrolment.objects.filter(cohort_id=session.cohort_id, status__in=Enrolment.SEATED)
        .select_related("person")
        .order_by("person__first_name", "person__last_name")
    )
    for enrolment in enrolments:
        people.setdefault(enrolment.person.pk, enrolment.person)
    for consultant in session.cohort.consultants.order_by("first_name", "last_name"):
        people.setdefault(consultant.pk, consultant)
    return [p for p in people.values() if p.email]


def session_invitation(session: Session, attendees: Iterable[Person]) -> ics.Invitation:
    """The calendar entry of `session` (UID `stable_uid(session)`, SEQUENCE
    `session.ics_sequence`) naming `attendees` as ATTENDEE lines."""
    summary = f"{session.cohort.name}: {session.theme}"
    return ics.Invitation(
        uid=ics.stable_uid(session),
        sequence=session.ics_sequence,
        summary=summary,
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        location=session.place,
        description=session.description or session.get_kind_display(),
        url=absolute_url(reverse("programmes:my_programme")),
        attendees=[(p.full_name, p.email) for p in attendees],
    )


def session_invite(
    session: Session,
    *,
    method: str = ics.REQUEST,
    to: list[Person] | None = None,
    everyone: list[Person] | None = None,
    withdrawn: bool = False,
) -> int:
    """Queue the invitation (REQUEST) or cancellation (CANCEL) of `session` to `to` (default:
    `session_recipients`), each in the recipient's language (mail `programmes/email/session`;
    subject "Invitation: <theme> <date>", "Ændret: …" or "Aflyst: …"). `everyone`: the attendee list when the caller already has it
    (`session_recipients` of the cohort). `withdrawn`: the CANCEL goes to someone who left the
    cohort, not to everyone because the session is cancelled (subject "Fjernet fra din kalender:
    …"). Sessions that have ended are not sent (`ics.has_ended`). Returns the number of e-mails
    queued. Call inside the service's transaction, after saving (before deleting) the session."""
    if ics.has_ended(session.ends_at):
        return 0
    if everyone is None:
        everyone = session_recipients(session)
    recipients = everyone if to is None else [p for p in to if p.email]
    if not recipients:
        return 0
    cancelled = method == ics.CANCEL
    changed = not cancelled and session.ics_sequence > 0
    queued = email_send(
        to=recipients,
        template="programmes/email/session",
        context=lambda person: {
            "session": session,
            "invitation": session_invitation(session, everyone),
            "cancelled": cancelled,
            "changed": changed,
            "withdrawn": withdrawn,
        },
        kind="programmes.session_cancel" if cancelled else "programmes.session_invite",
        about=session,
        cohort_id=session.cohort_id,
        ics=lambda person: ics.build_ics(session_invitation(session, everyone), method=method),
    )
    return len(queued)


def enrolment_send_upcoming_sessions(enrolment: Enrolment) -> int:
    """Queue the invitations of the cohort's sessions that have not ended to a person just
    enrolled (their current SEQUENCE). Returns the number of e-mails queued."""
    sessions = list(
        Session.objects.filter(
            cohort_id=enrolment.cohort_id, ends_at__gt=timezone.now()
        ).select_related("cohort")
    )
    if not sessions:
        return 0
    # the same cohort, so the same attendee list for every session: look it up once
    everyone = session_recipients(sessions[0])
    return sum(session_invite(s, to=[enrolment.person], everyone=everyone) for s in sessions)


def enrolment_cancel_upcoming_sessions(enrolment: Enrolment) -> int:
    """Take the cohort's sessions that have not ended out of the calendar of a participant who
    withdrew: each session's `ics_sequence` is bumped (so a later invitation still counts as
    newer everywhere) and the person gets METHOD:CANCEL with STATUS:CANCELLED, the same UID and
    the new SEQUENCE, naming them as the attendee (iTIP's "attendee removed"). The others keep
    their entry. Returns the number of e-mails queued (0 without an e-mail address)."""
    person = enrolment.person
    if not person.email:
        return 0
    sessions = list(
        Session.objects.filter(cohort_id=enrolment.cohort_id, ends_at__gt=timezone.now())
        .select_related("cohort")
        .order_by("starts_at", "pk")
    )
    queued = 0
    for session in sessions:
        session.ics_sequence += 1
        session.save(update_fields=["ics_sequence", "updated_at"])
        queued += session_invite(
            session, method=ics.CANCEL, to=[person], everyone=[person], withdrawn=True
        )
    return queued
