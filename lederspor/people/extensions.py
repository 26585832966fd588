"""The organisation floor's extension points: how higher apps follow new persons and add to a
person's HR page, without `people` importing them (docs/architecture.md).

- `persons_created` — called by the person import (`people.importing`) inside its transaction,
  after the persons are written and before it commits, with the ids of the persons the import
  created and the importing login. An entry may write (with its own audit rows) and queue mail
  (`notifications.services.email_send`, delivered after the commit): if the import fails or is
  rolled back, so is what the entry did. Not called for a dry run. (accounts: invitations.)
- `persons_deactivated` — called by a full organisation load (`people.importing.deactivation`)
  inside its transaction with the ids of the persons it marked inactive and the login that ran
  it. Like `persons_created`: an entry may write and queue mail; not called for a dry run.
  (programmes: one mail per consultant of each affected cohort; issue #17 §2.)
- `person_sections` — sections of a person's HR page (`people:person_detail`): the higher app's
  part of what HR sees about the person. (accounts: the invitation.)
- `role_flags` — a yes/no relation of the signed-in person that a higher app needs on every
  page (a menu entry, an access check), worked out in the same single query as the roles
  (`people.roles.roles_for`, issue #17 §1) and read as `roles.flag(key)`. (privacy: the
  data-protection role; site: the menu's conversation, plan and job-visit entries.)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Exists, OuterRef
from django.http import HttpRequest

from lederspor.core.models import User
from lederspor.core.registry import Registry
from lederspor.people.models import Person


@dataclass(frozen=True)
class PersonsCreatedHook:
    """Called as `run(person_ids=[…], by=login_or_None)` in the import's transaction, with the
    ids of the persons that import created (never those it only updated) in file order."""

    key: str
    order: int
    run: Callable[..., None]


persons_created: Registry[PersonsCreatedHook] = Registry("people.persons_created")


def notify_persons_created(*, person_ids: list[int], by: User | None) -> None:
    """Run every `persons_created` hook with `person_ids` (nothing happens for an empty list).
    Call it inside the transaction that created the persons."""
    if not person_ids:
        return
    for hook in persons_created:
        hook.run(person_ids=list(person_ids), by=by)


@dataclass(frozen=True)
class PersonsDeactivatedHook:
    """Called as `run(person_ids=[…], by=login_or_None)` in the load's transaction, with the
    ids of the persons a full load marked inactive (issue #17 §2)."""

    key: str
    order: int
    run: Callable[..., None]


persons_deactivated: Registry[PersonsDeactivatedHook] = Registry("people.persons_deactivated")


def notify_persons_deactivated(*, person_ids: list[int], by: User | None) -> None:
    """Run every `persons_deactivated` hook with `person_ids` (nothing happens for an empty
    list). Call it inside the transaction that deactivated the persons."""
    if not person_ids:
        return
    for hook in persons_deactivated:
        hook.run(person_ids=list(person_ids), by=by)


@dataclass(frozen=True)
class PersonSection:
    """A section of a person's HR page: `render(request, person)` returns its HTML (the
    SafeString of `render_to_string`), or "" to show nothing. The page is for HR staff only;
    a section may hide itself further (e.g. when a feature is switched off)."""

    key: str
    order: int
    render: Callable[[HttpRequest, Person], str]


person_sections: Registry[PersonSection] = Registry("people.person_sections")


def render_person_sections(request: HttpRequest, person: Person) -> list[str]:
    """The rendered sections of `person`'s HR page in registry order; sections that render only
    whitespace are left out."""
    return [
        html for section in person_sections if (html := section.render(request, person)).strip()
    ]


@dataclass(frozen=True)
class RoleFlag:
    """A relation of the signed-in person, answered inside the roles query.

    `exists(person, user)` returns the EXISTS expressions whose OR is the flag: `person` is
    `OuterRef` to the person's id (None when the login has no person: return `()` if the flag
    needs one), `user` an `OuterRef` to the login's id. Each EXISTS should be served by an
    index (a foreign key's) so the per-request query stays cheap at 30,000 persons."""

    key: str
    order: int
    exists: Callable[[OuterRef | None, OuterRef], tuple[Exists, ...]]


role_flags: Registry[RoleFlag] = Registry("people.role_flags")


__all__ = [
    "PersonSection",
    "PersonsCreatedHook",
    "PersonsDeactivatedHook",
    "RoleFlag",
    "notify_persons_created",
    "notify_persons_deactivated",
    "person_sections",
    "persons_created",
    "persons_deactivated",
    "render_person_sections",
    "role_flags",
]
