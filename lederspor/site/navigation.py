"""Template context shared by every page: the signed-in person, their role relations, and
which menu entries they have something behind (issue #16 §4: items only for what the person
has; no link that leads to a 404)."""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db.models import Exists, OuterRef, QuerySet
from django.http import HttpRequest

from lederspor.competence.models import PlanParticipant
from lederspor.conversations.models import ConversationAttendee
from lederspor.people.extensions import RoleFlag
from lederspor.people.roles import Roles, roles_for
from lederspor.privacy.access import has_data_protection_role
from lederspor.visits.models import PairMember

#: the role flags the menu reads (registered in `SiteConfig.ready`): whether the person attends
#: a conversation, takes part in a competence plan, or is in a published job-visit pair; each
#: one EXISTS on the person column's index, inside the roles query
ATTENDS_CONVERSATION = "site.attends_conversation"
IN_COMPETENCE_PLAN = "site.in_competence_plan"
IN_JOB_VISIT = "site.in_job_visit"


def _person_exists(
    queryset_of_person: Callable[[OuterRef], QuerySet[Any]],
) -> Callable[[OuterRef | None, OuterRef], tuple[Exists, ...]]:
    """A `RoleFlag.exists` that is EXISTS over `queryset_of_person(person)` (none without a
    person)."""

    def exists(person: OuterRef | None, user: OuterRef) -> tuple[Exists, ...]:
        return () if person is None else (Exists(queryset_of_person(person)),)

    return exists


NAVIGATION_FLAGS = (
    RoleFlag(
        key=ATTENDS_CONVERSATION,
        order=20,
        exists=_person_exists(lambda p: ConversationAttendee.objects.filter(person=p)),
    ),
    RoleFlag(
        key=IN_COMPETENCE_PLAN,
        order=21,
        exists=_person_exists(lambda p: PlanParticipant.objects.filter(person=p)),
    ),
    RoleFlag(
        key=IN_JOB_VISIT,
        order=22,
        exists=_person_exists(
            lambda p: PairMember.objects.filter(person=p, pair__published_at__isnull=False)
        ),
    ),
)


def has_conversations(roles: Roles) -> bool:
    """Whether "Samtaler" belongs in `roles`' menu: participants, nearest leaders, consultants
    and HR staff hold or read conversations; anyone else (a career conversation's host, an
    interview person) only if they attend one (a role flag: no query of its own)."""
    if roles.works_with_programmes or roles.is_leader or roles.is_participant:
        return True
    return roles.person is not None and roles.flag(ATTENDS_CONVERSATION)


def has_competence_plans(roles: Roles) -> bool:
    """Whether "Kompetenceudvikling" belongs in `roles`' menu: consultants and HR staff (all
    plans), leaders (their units' plans, and they make new ones) and a plan's participants
    (competence.selectors.plans_visible); not a host or an employee with no plan (a role
    flag: no query of its own)."""
    if roles.works_with_programmes or roles.is_leader:
        return True
    return roles.person is not None and roles.flag(IN_COMPETENCE_PLAN)


def navigation(request: HttpRequest) -> dict[str, object]:
    """Return `{"accessibility_statement_url": str (the footer's link; "" = none),
    "me": Person | None, "roles": Roles, "data_protection": bool,
    "nav_conversations": bool, "nav_competence": bool, "in_job_visit": bool}` for the
    navigation bar, all from the roles' one query (cached per request).
    `data_protection`: the "Databeskyttelse" entry (privacy's role)."""
    statement = settings.LEDERSPOR_ACCESSIBILITY_STATEMENT_URL
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {
            "accessibility_statement_url": statement,
            "me": None,
            "roles": None,
            "data_protection": False,
            "nav_conversations": False,
            "nav_competence": False,
            "in_job_visit": False,
        }
    roles = roles_for(request)
    return {
        "accessibility_statement_url": statement,
        "me": roles.person,
        "roles": roles,
        "data_protection": has_data_protection_role(request),
        "nav_conversations": has_conversations(roles),
        "nav_competence": has_competence_plans(roles),
        "in_job_visit": roles.is_participant and roles.flag(IN_JOB_VISIT),
    }
