"""Which role relations the signed-in person holds (DESIGN.md: roles are relations, not flags).

Computed once per request and cached on it; each flag is one EXISTS query. The organisation
floor answers them without importing the hub: a cohort's consultants and a person's enrolments
are the reverse relations `Person.consulted_cohorts` and `Person.enrolments` that the hub's
models add, and HR staff hold the `programmes.manage_programmes` permission.
"""

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest

from lederspor.core.models import User
from lederspor.people.models import Person
from lederspor.people.selectors import chef_scope_q, led_unit_ids

#: the permission that makes someone HR staff (`programmes.Programme.Meta.permissions`; the hub
#: defines it, this floor names it so every app checks the same string)
HR_PERMISSION = "programmes.manage_programmes"


@dataclass(frozen=True)
class Roles:
    """Role relations of one person; each flag answers "does such a relation exist"."""

    person: Person | None
    is_admin: bool
    is_consultant: bool
    is_leader: bool
    is_chef: bool
    is_participant: bool
    can_manage_programmes: bool

    @property
    def works_with_programmes(self) -> bool:
        """A cohort's consultant or HR staff: who sees the HR pages (cohorts, queue, e-mails)."""
        return self.is_consultant or self.can_manage_programmes


def person_for_user(user: User | AnonymousUser | None) -> Person | None:
    """Return the `Person` linked to a login, or None (e.g. a technical admin account)."""
    if user is None or not user.is_authenticated:
        return None
    return Person.objects.filter(user=user).select_related("unit").first()


def login_of(person: Person) -> User:
    """The login of `person`, for code that acts as them without a request (the demo builders).

    Raises ValueError for a person without one: what they did could not be attributed.
    """
    if person.user is None:
        raise ValueError(f"{person} has no login")
    return person.user


def request_person(request: HttpRequest) -> Person | None:
    """The signed-in user's Person (or None), read once per request: from `roles_for`'s cache
    when the roles were already worked out, else one query whose answer is kept on `request`."""
    cached = getattr(request, "_lederspor_roles", None)
    if isinstance(cached, Roles):
        return cached.person
    if not hasattr(request, "_lederspor_person"):
        request._lederspor_person = person_for_user(getattr(request, "user", None))  # type: ignore[attr-defined]
    person: Person | None = request._lederspor_person  # type: ignore[attr-defined]
    return person


def roles_for(request: HttpRequest) -> Roles:
    """Compute (and cache on `request`) the role relations of the signed-in user."""
    cached = getattr(request, "_lederspor_roles", None)
    if isinstance(cached, Roles):
        return cached
    user = request.user
    person = request_person(request)
    is_admin = bool(user.is_active and user.is_staff)
    if person is None:
        roles = Roles(None, is_admin, False, False, False, False, is_admin)
    else:
        roles = Roles(
            person=person,
            is_admin=is_admin,
            is_consultant=person.consulted_cohorts.exists(),
            is_leader=person.reports.exists(),
            is_chef=Person.objects.filter(chef_scope_q(chef=person)).exists(),
            is_participant=person.enrolments.exists(),
            can_manage_programmes=is_admin or user.has_perm(HR_PERMISSION),
        )
    request._lederspor_roles = roles  # type: ignore[attr-defined]
    return roles


def request_led_unit_ids(request: HttpRequest) -> set[int]:
    """The units the signed-in person leads (cached on the request; see `led_unit_ids`)."""
    cached = getattr(request, "_lederspor_led_units", None)
    if cached is None:
        person = roles_for(request).person
        cached = led_unit_ids(person=person, request=request) if person is not None else set()
        request._lederspor_led_units = cached  # type: ignore[attr-defined]
    return cached


def request_manages_unit(request: HttpRequest, unit_id: int | None) -> bool:
    """Whether the signed-in person manages `unit_id`'s plans and kørekort: consultants/HR staff
    manage every unit, a leader the units they lead."""
    if roles_for(request).works_with_programmes:
        return True
    return unit_id is not None and unit_id in request_led_unit_ids(request)
