"""Who may see and do what in 'Leder på spring' (STYLE.md §4: no relation → 404, a read-only
relation writing → 403).

- The cohort's Leder på spring pages (teaching days, mailing, homework, overview): its
  consultants and administrators; HR staff with the manage permission may read (403 on a write).
- A participant's steps (JTI answered, homework done, own leader talk): the participant; the
  cohort's consultants also book the JTI feedback session and may register a talk.
- A leader talk: the speaker and the cohort's consultants (and admins) see all feedback; peers
  on the same cohort see the talk and only their own feedback; everyone else gets 404.
- Article files of the mailing: the cohort's seated participants, its consultants and admins.
- The course certificate (*kursusbevis*): the participant, their nearest leader and the cohort's
  consultants (and admins), once the enrolment is completed and the registered attendance
  allows it (`selectors.CERTIFICATE_MAX_DAYS_MISSED`); otherwise 404.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from django.http import HttpRequest

from lederspor.clarification.models import LeaderTalk, MailingAttachment
from lederspor.clarification.selectors import certificate_attendance
from lederspor.core.access import Relation, not_found
from lederspor.people.roles import roles_for
from lederspor.programmes.access import can_manage_cohort, get_enrolment_for
from lederspor.programmes.models import Enrolment, ProgrammeKind


def seated_enrolment(request: HttpRequest, cohort_id: int) -> Enrolment | None:
    """The signed-in person's seated (enrolled or completed) enrolment on the cohort, or None."""
    person = roles_for(request).person
    if person is None:
        return None
    return (
        Enrolment.objects.filter(cohort_id=cohort_id, person=person, status__in=Enrolment.SEATED)
        .select_related("person", "cohort__programme")
        .first()
    )


class TalkRole(StrEnum):
    """How the viewer relates to a leader talk."""

    SPEAKER = "speaker"
    MANAGER = "manager"
    PEER = "peer"


@dataclass(frozen=True)
class TalkAccess:
    """A talk as the viewer may use it; `me` is the viewer's enrolment on the cohort (peers and
    the speaker) or None."""

    talk: LeaderTalk
    role: TalkRole
    me: Enrolment | None

    @property
    def sees_all_feedback(self) -> bool:
        """The speaker and the cohort's consultants see every peer's feedback."""
        return self.role in (TalkRole.SPEAKER, TalkRole.MANAGER)


def get_talk_for(request: HttpRequest, pk: int) -> TalkAccess:
    """Leader talk `pk` for the viewer: speaker, the cohort's consultants/admins or a seated
    peer on the same cohort. Everyone else (leaders, chefs, hosts, outsiders) gets Http404."""
    talk = (
        LeaderTalk.objects.filter(pk=pk)
        .select_related("enrolment__person", "enrolment__cohort__programme", "session")
        .first()
    )
    if talk is None:
        raise not_found()
    cohort = talk.enrolment.cohort
    me = seated_enrolment(request, cohort.pk)
    if me is not None and me.pk == talk.enrolment_id:
        return TalkAccess(talk, TalkRole.SPEAKER, me)
    if can_manage_cohort(request, cohort):
        return TalkAccess(talk, TalkRole.MANAGER, me)
    if me is not None:
        return TalkAccess(talk, TalkRole.PEER, me)
    raise not_found()


def get_attachment_for(request: HttpRequest, pk: int) -> MailingAttachment:
    """Article file `pk` for the cohort's seated participants, consultants and admins; anyone
    else gets Http404."""
    attachment = MailingAttachment.objects.filter(pk=pk).select_related("mailing__cohort").first()
    if attachment is None:
        raise not_found()
    cohort = attachment.mailing.cohort
    if can_manage_cohort(request, cohort) or seated_enrolment(request, cohort.pk) is not None:
        return attachment
    raise not_found()


#: who may download the course certificate
CERTIFICATE_READERS = {Relation.PARTICIPANT, Relation.LEADER, Relation.CONSULTANT, Relation.ADMIN}


def get_certificate_enrolment(request: HttpRequest, pk: int) -> Enrolment:
    """The completed Leder på spring enrolment `pk` for `CERTIFICATE_READERS` (the participant,
    their nearest leader, the cohort's consultants and admins); Http404 for anyone else, before
    completion, or when more teaching days were missed than the certificate allows."""
    enrolment, _relations = get_enrolment_for(
        request, pk, kind=ProgrammeKind.CLARIFICATION, visible_to=CERTIFICATE_READERS
    )
    if enrolment.status != Enrolment.Status.COMPLETED:
        raise not_found()
    if not certificate_attendance(enrolment).allows_certificate:
        raise not_found()
    return enrolment
