"""Which role relations the signed-in person holds (DESIGN.md: roles are relations, not flags).

Computed once per request in ONE query and cached on it (issue #17 §1): the person row with an
EXISTS annotation per relation, each served by a foreign key's index, so no page scans
`people`. The organisation floor answers them without importing the hub: a cohort's consultants
and a person's enrolments are the reverse relations `Person.consulted_cohorts` and
`Person.enrolments` that the hub's models add, and HR staff hold the
`programmes.manage_programmes` permission. Higher apps add their own flags to the same query
through `people.extensions.role_flags`.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from django.contrib.auth.models import AnonymousUser, Permission
from django.db import connections, router
from django.db.models import Exists, OuterRef
from django.http import HttpRequest

from lederspor.core.models import User
from lederspor.people.extensions import role_flags
from lederspor.people.models import OrgUnit, Person
from lederspor.people.selectors import led_unit_ids

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
    #: the `people.extensions.role_flags` answered with the roles (key → yes/no)
    flags: Mapping[str, bool] = field(default_factory=lambda: MappingProxyType({}))

    def flag(self, key: str) -> bool:
        """The registered role flag `key` (`people.extensions.role_flags`); False when it was
        not worked out (no signed-in user). Raises KeyError for a key no app registered."""
        if key not in role_flags:
            raise KeyError(f"no role flag {key!r} is registered")
        return bool(self.flags.get(key, False))

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
    """Compute (and cache on `request`) the role relations of the signed-in user.

    One query (issue #17 §1): the login's person with EXISTS annotations — consultant of a
    cohort, leader (has reports), chef (two EXISTS: someone's `chef_override` is me, or someone
    without an override has a manager whose manager is me; each served by an index, where the
    OR of `chef_scope_q` scanned `people`), participant (an enrolment), HR staff (the
    permission, directly or through a group) and every registered `role_flags` entry. A login
    without a person (a technical account) gets the permission and login flags from one query
    on the login instead; an anonymous request none."""
    cached = getattr(request, "_lederspor_roles", None)
    if isinstance(cached, Roles):
        return cached
    user = request.user
    if not user.is_authenticated:
        roles = Roles(None, False, False, False, False, False, False)
        request._lederspor_roles = roles  # type: ignore[attr-defined]
        return roles
    is_admin = bool(user.is_active and user.is_staff)
    superuser = bool(user.is_active and user.is_superuser)
    person, values = _person_with_roles(user.pk)
    flag_keys = _person_annotations()[1]
    if person is None:
        annotations, flag_keys = _flag_annotations(person=False)
        hr_direct, hr_group = permission_exists(HR_PERMISSION, user=OuterRef("pk"))
        row = (
            User.objects.filter(pk=user.pk)
            .annotate(role_hr_direct=hr_direct, role_hr_group=hr_group, **annotations)
            .values(*["role_hr_direct", "role_hr_group", *annotations])
            .first()
        ) or {}
        hr = bool(row.get("role_hr_direct") or row.get("role_hr_group"))
        roles = Roles(
            None,
            is_admin,
            False,
            False,
            False,
            False,
            is_admin or superuser or (user.is_active and hr),
            flags=_flags(row, flag_keys),
        )
    else:
        if isinstance(user, User):
            person.user = user  # the login is loaded already: person.user costs no query
        roles = Roles(
            person=person,
            is_admin=is_admin,
            is_consultant=bool(values["role_consultant"]),
            is_leader=bool(values["role_leader"]),
            is_chef=bool(values["role_chef_override"] or values["role_chef_line"]),
            is_participant=bool(values["role_participant"]),
            can_manage_programmes=is_admin
            or superuser
            or bool(user.is_active and (values["role_hr_direct"] or values["role_hr_group"])),
            flags=_flags(values, flag_keys),
        )
    request._lederspor_roles = roles  # type: ignore[attr-defined]
    request._lederspor_person = roles.person  # type: ignore[attr-defined]
    return roles


#: the roles query's annotations, built once per process for the registered role flags (their
#: keys): building 17 EXISTS costs more than running them (issue #17 §1)
_ANNOTATIONS: dict[tuple[str, ...], tuple[dict[str, Exists], dict[str, list[str]]]] = {}


def _person_annotations() -> tuple[dict[str, Exists], dict[str, list[str]]]:
    """The roles query's annotations on `Person` and, per role-flag key, its annotation names
    (cached per set of registered flags; Django copies an expression when it resolves it, so
    one set serves every request)."""
    cache_key = tuple(role_flags.keys())
    cached = _ANNOTATIONS.get(cache_key)
    if cached is not None:
        return cached
    annotations, flag_keys = _flag_annotations(person=True)
    hr_direct, hr_group = permission_exists(HR_PERMISSION)
    built: dict[str, Exists] = {
        "role_consultant": _reverse_exists("consulted_cohorts"),
        "role_leader": Exists(Person.objects.filter(manager=OuterRef("pk"))),
        "role_chef_override": Exists(Person.objects.filter(chef_override=OuterRef("pk"))),
        # my reports with a report of their own whose chef is not overridden: nested so that
        # both levels search the manager index (with the join SQLite chose the chef_override
        # index for "IS NULL" and read every person without an override)
        "role_chef_line": Exists(
            Person.objects.filter(manager=OuterRef("pk")).filter(
                Exists(Person.objects.filter(manager=OuterRef("pk"), chef_override__isnull=True))
            )
        ),
        "role_participant": _reverse_exists("enrolments"),
        "role_hr_direct": hr_direct,
        "role_hr_group": hr_group,
        **annotations,
    }
    _ANNOTATIONS[cache_key] = (built, flag_keys)
    return built, flag_keys


#: stands in for the login's id in the compiled roles query (`_roles_sql`); never a real id
_USER_SENTINEL = -7_317_000_017
#: the roles query compiled once per process and set of role flags: (sql, params, person
#: columns, unit columns, annotation names)
_SQL: dict[tuple[str, ...], tuple[str, list[Any], list[str], list[str], list[str]]] = {}


def _roles_sql() -> tuple[str, list[Any], list[str], list[str], list[str]]:
    """The roles query — the login's person and unit with every EXISTS annotation — as SQL with
    the login's id as `_USER_SENTINEL`, compiled once per process (issue #17 §1: building and
    compiling 17 EXISTS took 4–5 ms a request, more than PostgreSQL took to run them). Returns
    (sql, params, person attnames, unit attnames, annotation names) in the column order."""
    cache_key = tuple(role_flags.keys())
    cached = _SQL.get(cache_key)
    if cached is not None:
        return cached
    annotations, _keys = _person_annotations()
    person_fields = [f.attname for f in Person._meta.concrete_fields]
    unit_fields = [f.attname for f in OrgUnit._meta.concrete_fields]
    names = list(annotations)
    query = (
        Person.objects.filter(user_id=_USER_SENTINEL)
        .annotate(**annotations)
        .order_by()
        .values_list(*person_fields, *[f"unit__{name}" for name in unit_fields], *names)
    )[:1]
    sql, params = query.query.sql_with_params()
    compiled = (sql, list(params), person_fields, unit_fields, names)
    _SQL[cache_key] = compiled
    return compiled


def _person_with_roles(user_id: int) -> tuple[Person | None, dict[str, object]]:
    """The person of login `user_id` with its unit loaded, and the roles query's annotation
    values by name; (None, {}) for a login without a person. One query (`_roles_sql`)."""
    sql, params, person_fields, unit_fields, names = _roles_sql()
    bound = [user_id if param == _USER_SENTINEL else param for param in params]
    db = router.db_for_read(Person)
    with connections[db].cursor() as cursor:
        cursor.execute(sql, bound)
        row = cursor.fetchone()
    if row is None:
        return None, {}
    n_person, n_unit = len(person_fields), len(unit_fields)
    person = Person.from_db(db, person_fields, list(row[:n_person]))
    unit = OrgUnit.from_db(db, unit_fields, list(row[n_person : n_person + n_unit]))
    person.unit = unit
    return person, dict(zip(names, row[n_person + n_unit :], strict=True))


def _flag_annotations(*, person: bool) -> tuple[dict[str, Exists], dict[str, list[str]]]:
    """The annotations of the registered role flags and, per flag key, the names of its
    annotations (OR'ed). `person`: whether the query is on `Person` (else on the login)."""
    annotations: dict[str, Exists] = {}
    keys: dict[str, list[str]] = {}
    person_ref = OuterRef("pk") if person else None
    user_ref = OuterRef("user_id") if person else OuterRef("pk")
    for index, entry in enumerate(role_flags):
        names = keys.setdefault(entry.key, [])
        for part, expression in enumerate(entry.exists(person_ref, user_ref)):
            name = f"role_flag_{index}_{part}"
            annotations[name] = expression
            names.append(name)
    return annotations, keys


def _flags(values: Mapping[str, object], keys: Mapping[str, list[str]]) -> Mapping[str, bool]:
    return MappingProxyType(
        {key: any(bool(values.get(name)) for name in names) for key, names in keys.items()}
    )


def _reverse_exists(name: str) -> Exists:
    """EXISTS over the model behind `Person`'s reverse relation `name` (added by a higher
    floor: "consulted_cohorts", "enrolments"), without importing it: a row whose person is the
    outer person. Served by the foreign key's index on the person column."""
    relation = Person._meta.get_field(name)
    through = getattr(relation, "through", None)
    if through is not None:  # a many-to-many: the through table's column towards Person
        column = next(
            f.name
            for f in through._meta.get_fields()
            if getattr(f, "related_model", None) is Person and f.many_to_one
        )
        return Exists(through._default_manager.filter(**{column: OuterRef("pk")}))
    model = relation.related_model
    if model is None or isinstance(model, str):  # an unresolved relation: a set-up error
        raise LookupError(f"Person.{name} is not a relation to a model")
    field = relation.field.name  # type: ignore[union-attr]
    return Exists(model._default_manager.filter(**{field: OuterRef("pk")}))


def permission_exists(perm: str, *, user: OuterRef | None = None) -> tuple[Exists, Exists]:
    """Two EXISTS for "the login at `user` (default `OuterRef("user_id")`, a person's login)
    holds `perm` ("app_label.codename")": granted
    directly, and through a group. Each is served by the user/group foreign-key indexes of
    Django's permission tables; OR them. Active superusers hold every permission: check
    `user.is_superuser` beside them, as `User.has_perm` does."""
    user = user if user is not None else OuterRef("user_id")
    app_label, codename = perm.split(".", 1)
    wanted = {"content_type__app_label": app_label, "codename": codename}
    direct = User.user_permissions.through._default_manager.filter(
        user_id=user,
        permission__in=Permission.objects.filter(**wanted),
    )
    grouped = User.groups.through._default_manager.filter(
        user_id=user,
        group__permissions__in=Permission.objects.filter(**wanted),
    )
    return Exists(direct), Exists(grouped)


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
