"""Object-level access to cohorts and enrolments, from relations (STYLE.md §4).

Rules (issue #2 §3): the participant, their nearest leader, their chef (read-only) and the
cohort's consultants see an enrolment; administrators see everything; anyone else gets 404.
Writes by a read-only relation get 403.
"""

from collections.abc import Collection

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from lederspor.core.access import Relation, not_found
from lederspor.people.models import Person
from lederspor.people.roles import roles_for
from lederspor.people.selectors import person_chef_id
from lederspor.programmes.models import Cohort, Enrolment, ProgrammeKind

#: relations that may change an enrolment's tasks and notes
ENROLMENT_WRITERS = {Relation.PARTICIPANT, Relation.LEADER, Relation.CONSULTANT, Relation.ADMIN}


def enrolment_relations(
    *, person: Person | None, enrolment: Enrolment, is_admin: bool = False
) -> set[Relation]:
    """Return how `person` relates to `enrolment` (empty set = no access).

    Needs `enrolment.person.manager` and `enrolment.cohort` loaded; the consultant check is one
    query unless `consultant_ids` was prefetched on the cohort.
    """
    relations: set[Relation] = set()
    if is_admin:
        relations.add(Relation.ADMIN)
    if person is None:
        return relations
    participant = enrolment.person
    if participant.pk == person.pk:
        relations.add(Relation.PARTICIPANT)
    if participant.manager_id == person.pk:
        relations.add(Relation.LEADER)
    if person_chef_id(person=participant) == person.pk:
        relations.add(Relation.CHEF)
    if cohort_is_consulted_by(cohort=enrolment.cohort, person=person):
        relations.add(Relation.CONSULTANT)
    return relations


def cohort_is_consulted_by(*, cohort: Cohort, person: Person | None) -> bool:
    """True if `person` is one of the cohort's consultants."""
    if person is None:
        return False
    prefetched = getattr(cohort, "_prefetched_objects_cache", {}).get("consultants")
    if prefetched is not None:
        return any(c.pk == person.pk for c in prefetched)
    return cohort.consultants.filter(pk=person.pk).exists()


def get_enrolment_for(
    request: HttpRequest,
    pk: int,
    *,
    write: bool = False,
    kind: ProgrammeKind | None = None,
    visible_to: Collection[Relation] | None = None,
    allowed: Collection[Relation] | None = None,
) -> tuple[Enrolment, set[Relation]]:
    """Load enrolment `pk` for the signed-in person with their relations to it.

    `kind`: the programme the enrolment's cohort must run (another programme is Http404, as if
    the enrolment did not exist). `visible_to`: only these relations may see the page at all
    (others get Http404, as if it did not exist: a private part of the enrolment). `write`: the
    viewer must hold a relation in `ENROLMENT_WRITERS`. `allowed`: the viewer must hold one of
    these relations to act (for a feature whose writers are fewer than the enrolment's). Loads `person__manager`,
    `person__unit`, `cohort__programme`, `nominated_by` and the cohort's consultants.

    Raises Http404 if there is no relation (or no such enrolment, or another programme),
    PermissionDenied (403) when the viewer relates to it but `write` or `allowed` excludes them.
    """
    roles = roles_for(request)
    enrolment = (
        Enrolment.objects.select_related(
            "person__manager", "person__unit", "cohort__programme", "nominated_by"
        )
        .prefetch_related("cohort__consultants")
        .filter(pk=pk)
        .first()
    )
    if enrolment is None or (kind is not None and enrolment.cohort.programme.kind != kind):
        raise not_found()
    relations = enrolment_relations(
        person=roles.person, enrolment=enrolment, is_admin=roles.is_admin
    )
    if not relations or (visible_to is not None and not relations & set(visible_to)):
        raise not_found()
    if write and not relations & ENROLMENT_WRITERS:
        raise PermissionDenied
    if allowed is not None and not relations & set(allowed):
        raise PermissionDenied
    return enrolment, relations


def can_manage_cohort(request: HttpRequest, cohort: Cohort) -> bool:
    """True for the cohort's consultants and administrators."""
    roles = roles_for(request)
    return roles.is_admin or cohort_is_consulted_by(cohort=cohort, person=roles.person)


def get_cohort_for(
    request: HttpRequest, pk: int, *, write: bool = False, kind: ProgrammeKind | None = None
) -> Cohort:
    """Load cohort `pk` for its consultants, HR staff with the manage permission, and admins.

    `kind`: the programme the cohort must run (another programme is Http404). Anyone else gets
    Http404. HR staff who are not the cohort's consultants may read (403 on `write`). Loads the
    programme and the consultants.
    """
    roles = roles_for(request)
    cohort = (
        Cohort.objects.select_related("programme")
        .prefetch_related("consultants")
        .filter(pk=pk)
        .first()
    )
    if cohort is None or (kind is not None and cohort.programme.kind != kind):
        raise not_found()
    if can_manage_cohort(request, cohort):
        return cohort
    if roles.can_manage_programmes:
        if write:
            raise PermissionDenied
        return cohort
    raise not_found()


def may_edit_content(request: HttpRequest) -> bool:
    """Whether the signed-in user edits the programme templates' and the catalogue's texts on
    the content pages (issue #16 §1): HR staff with the manage-programmes permission and
    administrators (`Roles.can_manage_programmes`). A cohort's consultant without it may not."""
    return roles_for(request).can_manage_programmes


def require_content_editor(request: HttpRequest) -> None:
    """Raise Http404 (`not_found`) unless `may_edit_content`: the content pages do not exist
    for anyone else."""
    if not may_edit_content(request):
        raise not_found()
