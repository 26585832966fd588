"""Who may do what with evaluations (docs/evaluations.md; STYLE.md §4).

- A cohort's consultants and HR staff (`programmes.manage_programmes`) and administrators build,
  send, close and read the results of the cohort's questionnaires. Anyone else: 404.
- A person answers only through their own invitation: someone else's token or questionnaire is
  404, as if it did not exist. Participants never see results.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import HttpRequest

from lederspor.core.access import not_found
from lederspor.core.tokens import token_hash
from lederspor.evaluations.models import Invitation, Questionnaire
from lederspor.people.roles import roles_for
from lederspor.programmes.access import can_manage_cohort
from lederspor.programmes.models import Cohort


def may_evaluate(request: HttpRequest, cohort: Cohort) -> bool:
    """True for the cohort's consultants, HR staff and administrators (the cohort page's own
    readers: `programmes.access.get_cohort_for`, which the cohort's evaluation list uses)."""
    return roles_for(request).can_manage_programmes or can_manage_cohort(request, cohort)


def get_questionnaire_for(request: HttpRequest, pk: int) -> Questionnaire:
    """Questionnaire `pk` (cohort, programme, session loaded) for those who `may_evaluate` its
    cohort. Raises Http404 for anyone else (participants included) or an unknown one."""
    questionnaire = (
        Questionnaire.objects.select_related("cohort__programme", "session")
        .prefetch_related("cohort__consultants")
        .filter(pk=pk)
        .first()
    )
    if questionnaire is None or not may_evaluate(request, questionnaire.cohort):
        raise not_found()
    return questionnaire


def _invitations() -> QuerySet[Invitation]:
    return Invitation.objects.select_related(
        "questionnaire__cohort__programme", "questionnaire__session"
    )


def get_invitation_for_token(request: HttpRequest, token: str) -> Invitation:
    """The signed-in person's invitation whose link carries `token` (the invitation's or the
    reminder's). Raises Http404 for an unknown token or one that is someone else's."""
    digest = token_hash(token)
    person = roles_for(request).person
    invitation = _invitations().filter(Q(token_hash=digest) | Q(reminder_token_hash=digest)).first()
    if invitation is None or person is None or invitation.person_id != person.pk:
        raise not_found()
    return invitation


def get_invitation_for(request: HttpRequest, questionnaire_pk: int) -> Invitation:
    """The signed-in person's invitation to questionnaire `questionnaire_pk` (from the list on
    their programme page). Raises Http404 when they were not invited."""
    person = roles_for(request).person
    invitation = (
        _invitations().filter(questionnaire_id=questionnaire_pk, person=person).first()
        if person is not None
        else None
    )
    if invitation is None:
        raise not_found()
    return invitation
