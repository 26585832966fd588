"""Template context shared by every page: the signed-in person, their role relations, and
which menu entries they have something behind (issue #16 §4: items only for what the person
has; no link that leads to a 404)."""

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from lederspor.competence.models import PlanParticipant
from lederspor.conversations.models import ConversationAttendee
from lederspor.people.roles import Roles, roles_for
from lederspor.privacy.access import has_data_protection_role


def has_conversations(roles: Roles) -> bool:
    """Whether "Samtaler" belongs in `roles`' menu: participants, nearest leaders, consultants
    and HR staff hold or read conversations; anyone else (a career conversation's host, an
    interview person) only if they attend one. One EXISTS query in that last case."""
    if roles.works_with_programmes or roles.is_leader or roles.is_participant:
        return True
    return roles.person is not None and (
        ConversationAttendee.objects.filter(person=roles.person).exists()
    )


def has_competence_plans(roles: Roles) -> bool:
    """Whether "Kompetenceudvikling" belongs in `roles`' menu: consultants and HR staff (all
    plans), leaders (their units' plans, and they make new ones) and a plan's participants
    (competence.selectors.plans_visible); not a host or an employee with no plan. One EXISTS
    query in that last case."""
    if roles.works_with_programmes or roles.is_leader:
        return True
    return roles.person is not None and (
        PlanParticipant.objects.filter(person=roles.person).exists()
    )


def navigation(request: HttpRequest) -> dict[str, object]:
    """Return `{"accessibility_statement_url": str (the footer's link; "" = none),
    "me": Person | None, "roles": Roles, "data_protection": bool,
    "nav_conversations": bool, "nav_competence": bool}` for the navigation bar (roles cached per
    request; the two `nav_` flags are lazy: asked only when the menu renders).
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
        }
    roles = roles_for(request)
    return {
        "accessibility_statement_url": statement,
        "me": roles.person,
        "roles": roles,
        "data_protection": has_data_protection_role(request),
        "nav_conversations": SimpleLazyObject(lambda: has_conversations(roles)),
        "nav_competence": SimpleLazyObject(lambda: has_competence_plans(roles)),
    }
