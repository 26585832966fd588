"""Who may see and change a learning agreement (issue #3 §2), from the enrolment's relations.

- The trainee (participant), the nearest leader and the cohort's consultants read and write
  (edit a draft, approve in their own role, record execution, "Ændr aftalen").
- The chef and administrators read; a write gets 403.
- Everyone else (other leaders, hosts, outsiders) gets 404, as do enrolments on other programmes
  than the trainee programme.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest

from lederspor.agreements.models import LearningAgreement
from lederspor.agreements.services import ApprovalRole
from lederspor.core.access import Relation, not_found
from lederspor.people.models import Person
from lederspor.people.roles import roles_for
from lederspor.programmes.access import get_enrolment_for
from lederspor.programmes.models import Enrolment, ProgrammeKind

#: relations that may write an agreement
AGREEMENT_WRITERS = {Relation.PARTICIPANT, Relation.LEADER, Relation.CONSULTANT}
#: the approval role each writing relation approves in
APPROVAL_ROLE_FOR = {
    Relation.PARTICIPANT: ApprovalRole.TRAINEE,
    Relation.LEADER: ApprovalRole.LEADER,
    Relation.CONSULTANT: ApprovalRole.CONSULTANT,
}


@dataclass(frozen=True)
class AgreementAccess:
    """The enrolment (cohort consultants prefetched), the viewer's relations and what follows."""

    enrolment: Enrolment
    relations: set[Relation]
    me: Person | None

    @property
    def can_write(self) -> bool:
        return bool(self.relations & AGREEMENT_WRITERS)

    @property
    def approval_roles(self) -> list[ApprovalRole]:
        """The roles the viewer approves in (a person may hold more than one)."""
        return [APPROVAL_ROLE_FOR[r] for r in sorted(self.relations) if r in APPROVAL_ROLE_FOR]

    @property
    def cohort_has_consultants(self) -> bool:
        return bool(self.enrolment.cohort.consultants.all())


def get_enrolment_access(
    request: HttpRequest, enrolment_pk: int, *, write: bool = False
) -> AgreementAccess:
    """The trainee enrolment `enrolment_pk` for the signed-in person.

    Raises Http404 without a relation (or for another programme), PermissionDenied (403) when
    `write` is asked by a read-only relation (chef, administrator).
    """
    enrolment, relations = get_enrolment_for(
        request,
        enrolment_pk,
        kind=ProgrammeKind.TRAINEE,
        allowed=AGREEMENT_WRITERS if write else None,
    )
    return AgreementAccess(enrolment=enrolment, relations=relations, me=roles_for(request).person)


def get_agreement_for(
    request: HttpRequest, pk: int, *, write: bool = False
) -> tuple[LearningAgreement, AgreementAccess]:
    """Agreement version `pk` and the viewer's access to its enrolment (rules as above)."""
    agreement = LearningAgreement.objects.filter(pk=pk).select_related("conversation").first()
    if agreement is None:
        raise not_found()
    access = get_enrolment_access(request, agreement.enrolment_id, write=write)
    agreement.enrolment = access.enrolment
    return agreement, access
