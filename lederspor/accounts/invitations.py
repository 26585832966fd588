"""Invitations (issue #12 §2): an imported person gets a mail with a one-time link to set their
first local password; HR may send it again from the person's page.

- The person import (`people.importing`, organisation floor) does not know this app: it calls
  the `people.extensions.persons_created` hooks in its transaction, and `invite_created_persons`
  (registered in `AccountsConfig.ready()`) sends the invitations there, so a failed import sends
  none. Re-importing a person who exists already sends nothing.
- Only while local passwords are on, and only to an active person whose login is active and
  has no usable password (never to someone who already has a password, e.g. the demo's logins).
- The link `/konto/invitation/<uidb64>/<token>/` carries an `InvitationTokenGenerator` token:
  valid for `LEDERSPOR_INVITATION_DAYS` days and only until the password is set. The page is
  Django's `PasswordResetConfirmView` with that generator; it also needs an invitation that is
  not yet accepted.
- The section "Invitation" on the person's HR page (`people.extensions.person_sections`) shows
  the last invitation and a "Send invitation igen" button.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lederspor.accounts.audit import AccountAction
from lederspor.accounts.models import Invitation
from lederspor.accounts.passwords import LocalPasswordsOnlyMixin
from lederspor.accounts.tokens import invitation_days, invitation_token_generator
from lederspor.accounts.views import local_passwords_enabled
from lederspor.core.access import AuthenticatedHttpRequest, not_found
from lederspor.core.audit import audit_record
from lederspor.core.models import User
from lederspor.core.requests import client_address
from lederspor.notifications.services import absolute_url, email_send
from lederspor.people.extensions import PersonsCreatedHook, PersonSection
from lederspor.people.models import Person
from lederspor.people.roles import roles_for

# --- selectors -------------------------------------------------------------------------------


def can_be_invited(person: Person) -> bool:
    """True if `person` may get an invitation: active, with an active login that has no usable
    password yet. Reads `person.user` (load it with `select_related("user")`)."""
    user = person.user
    return (
        person.is_active and user is not None and user.is_active and not user.has_usable_password()
    )


def invitation_expires_at(invitation: Invitation) -> dt.datetime:
    """When `invitation`'s link stops working: `sent_at` plus `LEDERSPOR_INVITATION_DAYS`."""
    return invitation.sent_at + dt.timedelta(days=invitation_days())


def invitation_open(*, user: User) -> bool:
    """True if `user` has an invitation that is not accepted yet (one query)."""
    return Invitation.objects.filter(user=user, accepted_at__isnull=True).exists()


def invitation_link(user: User) -> str:
    """The absolute one-time link of a new invitation for `user` (a fresh token, valid for
    `LEDERSPOR_INVITATION_DAYS` days from now)."""
    uidb64 = urlsafe_base64_encode(force_bytes(user.pk))
    token = invitation_token_generator.make_token(user)
    return absolute_url(
        reverse("accounts:invitation_accept", kwargs={"uidb64": uidb64, "token": token})
    )


# --- services --------------------------------------------------------------------------------


@transaction.atomic
def invitations_send(
    *, persons: Iterable[Person], by: User | None, address: str | None = None
) -> list[Invitation]:
    """Send an invitation to each of `persons` that `can_be_invited` (the others are skipped):
    one `Invitation` row, one INVITATION_SEND audit row (actor `by`, the client's `address`)
    and one queued mail (`accounts/email/invitation`, delivered by the worker after the
    commit) each. Load `persons` with `select_related("user")`. Returns the new invitations.
    """
    now = timezone.now()
    sent = []
    for person in persons:
        if not can_be_invited(person) or person.user is None:
            continue
        invitation = Invitation(user=person.user, sent_by=by, sent_at=now)
        invitation.full_clean()
        invitation.save()
        audit_record(
            actor=by,
            action=AccountAction.INVITATION_SEND,
            obj=invitation,
            summary=_("Invitation sendt til %(name)s.") % {"name": person.full_name},
            address=address,
            person=person.pk,
        )
        email_send(
            to=[person],
            template="accounts/email/invitation",
            context={
                "link": invitation_link(person.user),
                "expires_at": invitation_expires_at(invitation),
            },
            kind="accounts.invitation",
            about=invitation,
        )
        sent.append(invitation)
    return sent


@transaction.atomic
def invitation_resend(*, person: Person, by: User, address: str | None) -> Invitation:
    """Send `person` a new invitation (HR pressed "Send invitation igen"); the earlier links
    keep working until they expire or the password is set.

    Raises ValueError (a Danish message for the page) if the person has a password already, has
    no login or is deactivated.
    """
    person = Person.objects.select_related("user").get(pk=person.pk)
    sent = invitations_send(persons=[person], by=by, address=address)
    if not sent:
        raise ValueError(
            _(
                "Der er ikke sendt nogen invitation: personen har allerede en adgangskode, "
                "har intet login eller er ikke aktiv."
            )
        )
    return sent[0]


@transaction.atomic
def invitation_accept(*, user: User, address: str | None) -> list[Invitation]:
    """Mark `user`'s open invitations accepted (their password was just set through an
    invitation link; call it in that transaction) and record INVITATION_ACCEPT once, on the
    newest, with the client's `address`. Returns the invitations accepted (empty if none was
    open: then nothing is recorded)."""
    now = timezone.now()
    invitations = list(
        Invitation.objects.select_for_update()
        .filter(user=user, accepted_at__isnull=True)
        .order_by("-sent_at", "-pk")
    )
    if not invitations:
        return []
    for invitation in invitations:
        invitation.accepted_at = now
        invitation.save(update_fields=["accepted_at", "updated_at"])
    audit_record(
        actor=user,
        action=AccountAction.INVITATION_ACCEPT,
        obj=invitations[0],
        summary=_("Invitation taget imod; adgangskoden er sat."),
        address=address,
        invitations=[i.pk for i in invitations],
    )
    return invitations


def invite_created_persons(*, person_ids: list[int], by: User | None) -> None:
    """The `people.extensions.persons_created` hook: invite the persons an import created (in
    the import's transaction), while local passwords are on."""
    if not local_passwords_enabled():
        return
    persons = Person.objects.filter(pk__in=person_ids).select_related("user").order_by("pk")
    invitations_send(persons=persons, by=by)


#: registered in `AccountsConfig.ready()`
PERSONS_CREATED_HOOK = PersonsCreatedHook(
    key="accounts.invitations", order=10, run=invite_created_persons
)


# --- the person's HR page ----------------------------------------------------------------------


def render_person_invitation(request: HttpRequest, person: Person) -> str:
    """The "Invitation" section of a person's HR page: the last invitation (sent, expiry,
    accepted) and the resend button; "" while local passwords are off."""
    if not local_passwords_enabled():
        return ""
    user = person.user
    last = (
        Invitation.objects.filter(user=user).select_related("sent_by").first()
        if user is not None
        else None
    )
    return render_to_string(
        "accounts/_person_invitation.html",
        {
            "person": person,
            "last": last,
            "expires_at": invitation_expires_at(last) if last is not None else None,
            "expired": last is not None
            and last.accepted_at is None
            and invitation_expires_at(last) < timezone.now(),
            "has_password": user is not None and user.has_usable_password(),
            "can_invite": can_be_invited(person),
        },
        request=request,
    )


#: registered in `AccountsConfig.ready()`
PERSON_SECTION = PersonSection(key="accounts.invitation", order=10, render=render_person_invitation)


# --- views -----------------------------------------------------------------------------------


@login_required
@require_POST
def invitation_send_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """ "Send invitation igen" on a person's HR page (HR staff only; 404 for anyone else and
    while local passwords are off)."""
    if not local_passwords_enabled() or not roles_for(request).can_manage_programmes:
        raise not_found()
    person = get_object_or_404(Person, pk=pk)
    try:
        invitation_resend(person=person, by=request.user, address=client_address(request))
    except ValueError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Invitationen er sendt til %(email)s.") % {"email": person.email},
        )
    return redirect("people:person_detail", pk=person.pk)


class InvitationAcceptView(LocalPasswordsOnlyMixin, auth_views.PasswordResetConfirmView):
    """The invitation link's page: the person chooses their first password (Django's
    validators). A used, expired or altered link, or a login without an open invitation, shows
    a Danish message. On success the invitation is accepted and the person goes to /login/."""

    template_name = "accounts/invitation_accept.html"
    token_generator = invitation_token_generator
    reset_url_token = "saet-adgangskode"  # noqa: S105 (a URL segment, not a password)
    success_url = reverse_lazy("login")

    def get_user(self, uidb64: str) -> Any:
        user = super().get_user(uidb64)
        if user is None or not invitation_open(user=user):
            return None
        return user

    def form_valid(self, form: Any) -> HttpResponse:
        with transaction.atomic():
            response = super().form_valid(form)
            invitation_accept(user=form.user, address=client_address(self.request))
        messages.success(
            self.request,
            _("Din adgangskode er gemt. Log ind med din e-mail og den nye adgangskode."),
        )
        return response
