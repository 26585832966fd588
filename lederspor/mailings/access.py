"""Who may send and read bulk mail (issue #16 §3; docs/mailings.md).

- HR staff (`programmes.manage_programmes`) and administrators: every cohort, every mailing,
  every template.
- A cohort's consultants: their cohorts, the mailings about them or sent by them, the
  templates (shared).
- Anyone else (leaders, participants, a consultant about another's cohort): 404, as if the
  page did not exist.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpRequest

from lederspor.core.access import not_found
from lederspor.mailings import selectors
from lederspor.mailings.models import Mailing, MailTemplate
from lederspor.people.roles import roles_for
from lederspor.programmes.models import Cohort


def cohorts_for(request: HttpRequest) -> QuerySet[Cohort]:
    """The cohorts the viewer may mail (`selectors.mailable_cohorts`). Raises Http404 for
    someone who is neither HR staff nor a consultant."""
    roles = roles_for(request)
    if not roles.works_with_programmes:
        raise not_found()
    return selectors.mailable_cohorts(person=roles.person, all_cohorts=roles.can_manage_programmes)


def get_cohort_for(request: HttpRequest, pk: int) -> Cohort:
    """Cohort `pk` if the viewer may mail it, else Http404 (also for an unknown cohort)."""
    cohort = cohorts_for(request).filter(pk=pk).first()
    if cohort is None:
        raise not_found()
    return cohort


def mailings_for(request: HttpRequest, *, cohort: Cohort | None = None) -> QuerySet[Mailing]:
    """The mailings the viewer may see (`selectors.mailings_visible`), `cohort`'s only when
    given. Raises Http404 for someone who is neither HR staff nor a consultant."""
    roles = roles_for(request)
    if not roles.works_with_programmes:
        raise not_found()
    return selectors.mailings_visible(
        person=roles.person, all_mailings=roles.can_manage_programmes, cohort=cohort
    )


def get_mailing_for(request: HttpRequest, pk: int) -> Mailing:
    """Mailing `pk` if the viewer may see it, else Http404."""
    mailing = mailings_for(request).filter(pk=pk).first()
    if mailing is None:
        raise not_found()
    return mailing


def get_template_for(request: HttpRequest, pk: int) -> MailTemplate:
    """Mail template `pk` for HR staff and consultants (templates are shared), else Http404."""
    if not roles_for(request).works_with_programmes:
        raise not_found()
    template = selectors.templates().filter(pk=pk).first()
    if template is None:
        raise not_found()
    return template
