"""Local passwords (issue #12 §2): reset by e-mail and the change-password page, on Django's own
views and forms, under Danish URLs (`/konto/glemt-adgangskode/`, `/konto/ny-adgangskode/…`,
`/konto/skift-adgangskode/`).

- Every page here answers 404 while local passwords are off (`local_passwords_enabled()`).
- The reset mail is never sent in the request: `QueuedPasswordResetForm.send_mail` queues it
  through `notifications.services.email_send` (template trio `accounts/email/password_reset`),
  and the worker delivers it after the commit.
- The page answers the same whether the address belongs to a login or not. A login whose
  e-mail matches gets the mail only if it belongs to an active `Person` (mail goes to persons);
  a technical login without a person (an administrator created with `createsuperuser`) gets no
  mail and sets its password with `lederspor changepassword` (docs/operations.md).
- A login without a usable password (an imported person who has not accepted the invitation)
  may use the reset too: "glemt adgangskode" then sets the first password (docs/import.md).
- Audit rows (`AccountAction`, with the client's address): PASSWORD_RESET_REQUEST when a login
  exists for the address, PASSWORD_RESET when a link set a new password, PASSWORD_CHANGE on the
  change page. After a reset or change the person gets a confirmation mail
  (`accounts/email/password_changed`).
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterator
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lederspor.accounts.audit import AccountAction
from lederspor.accounts.views import local_passwords_enabled
from lederspor.core.audit import audit_record
from lederspor.core.models import User
from lederspor.core.requests import client_address
from lederspor.notifications.models import OutgoingEmail
from lederspor.notifications.services import absolute_url, email_send
from lederspor.people.models import Person

# --- services --------------------------------------------------------------------------------


def mail_person(user: User) -> Person | None:
    """The active `Person` of `user` that account mails go to, or None (a login without a
    person, e.g. a technical administrator, or a deactivated person). One query."""
    return Person.objects.filter(user=user, is_active=True).select_related("user").first()


@transaction.atomic
def password_reset_request(
    *, user: User, uidb64: str, token: str, address: str | None
) -> list[OutgoingEmail]:
    """Record that someone asked for a password reset for `user`'s address and queue the reset
    mail (link `/konto/ny-adgangskode/<uidb64>/<token>/`, valid for
    `settings.PASSWORD_RESET_TIMEOUT` seconds) to the login's person.

    `address` is the client's IP address. Returns the queued mails: none when the login has no
    active person (the caller's page is the same either way). Raises nothing for a valid user.
    """
    person = mail_person(user)
    audit_record(
        actor=None,
        action=AccountAction.PASSWORD_RESET_REQUEST,
        obj=user,
        summary=_("Nulstilling af adgangskode bestilt."),
        address=address,
        mailed=person is not None,
    )
    if person is None:
        return []
    link = absolute_url(
        reverse("accounts:password_reset_confirm", kwargs={"uidb64": uidb64, "token": token})
    )
    expires_at = timezone.now() + dt.timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT)
    return email_send(
        to=[person],
        template="accounts/email/password_reset",
        context={"link": link, "expires_at": expires_at},
        kind="accounts.password_reset",
    )


@transaction.atomic
def password_changed(
    *, user: User, action: AccountAction, address: str | None
) -> list[OutgoingEmail]:
    """Record that `user`'s password was set (`action`: PASSWORD_RESET through a reset link,
    PASSWORD_CHANGE on the change page, INVITATION_ACCEPT is recorded by `invitation_accept`)
    and queue the confirmation mail "din adgangskode er ændret" to their person.

    Call it in the transaction that saved the password. `address`: the client's IP address.
    Returns the queued mails (none for a login without an active person).
    """
    person = mail_person(user)
    summary = (
        _("Adgangskoden er nulstillet via link.")
        if action == AccountAction.PASSWORD_RESET
        else _("Adgangskoden er skiftet.")
    )
    audit_record(actor=user, action=action, obj=user, summary=summary, address=address)
    if person is None:
        return []
    return email_send(
        to=[person],
        template="accounts/email/password_changed",
        context={
            "changed_at": timezone.now(),
            "reset_link": absolute_url(reverse("accounts:password_reset")),
        },
        kind="accounts.password_changed",
    )


# --- forms -----------------------------------------------------------------------------------


def _folded(text: str) -> str:
    """`text` compared as Django's reset form compares e-mails (NFKC, then case folding)."""
    return unicodedata.normalize("NFKC", text).casefold()


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's reset form that queues its mail for the worker instead of sending it, and that
    also serves logins without a usable password (an imported person's first password)."""

    email = forms.EmailField(
        label=gettext_lazy("E-mail"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )

    _address: str | None = None

    def get_users(self, email: str) -> Iterator[User]:
        """The active logins with exactly this e-mail (any case), with or without a usable
        password (Django leaves out the latter). Like Django, the match is checked again with
        Unicode case folding, so a look-alike address (e.g. a dotless "ı") matches no login."""
        wanted = _folded(email)
        for user in User.objects.filter(email__iexact=email, is_active=True):
            if _folded(user.email) == wanted:
                yield user

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Queue a reset mail for each login of the address, in one transaction (Django's
        arguments; `request` gives the client's address for the audit row)."""
        request = kwargs.get("request")
        self._address = client_address(request) if request is not None else None
        with transaction.atomic():
            super().save(*args, **kwargs)

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        """Queue the reset mail through `password_reset_request` (Django's template names are
        not used: the mail is the trio `accounts/email/password_reset`)."""
        password_reset_request(
            user=context["user"],
            uidb64=context["uid"],
            token=context["token"],
            address=self._address,
        )


# --- views -----------------------------------------------------------------------------------


class LocalPasswordsOnlyMixin:
    """404 for every request while local passwords are off (`local_passwords_enabled()`)."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not local_passwords_enabled():
            raise Http404
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc, no-any-return]


class PasswordResetRequestView(LocalPasswordsOnlyMixin, auth_views.PasswordResetView):
    """ "Glemt adgangskode?": asks for the e-mail and queues a reset link; the next page says
    the same whether the address is known or not."""

    form_class = QueuedPasswordResetForm
    template_name = "registration/password_reset_form.html"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetSentView(LocalPasswordsOnlyMixin, auth_views.PasswordResetDoneView):
    """ "Tjek din e-mail" after a reset request."""

    template_name = "registration/password_reset_done.html"


class PasswordSavedMixin:
    """For Django's views that save a new password (reset, change): the save, the audit row
    `audit_action` with the client's address and the confirmation mail (`password_changed`) in
    one transaction."""

    audit_action: AccountAction
    request: HttpRequest

    def form_valid(self, form: Any) -> HttpResponse:
        with transaction.atomic():
            response: HttpResponse = super().form_valid(form)  # type: ignore[misc]
            password_changed(
                user=form.user, action=self.audit_action, address=client_address(self.request)
            )
        return response


class PasswordResetSetView(
    PasswordSavedMixin, LocalPasswordsOnlyMixin, auth_views.PasswordResetConfirmView
):
    """The reset link's page: a new password twice (Django's validators); a used, expired or
    altered link shows a Danish message instead."""

    template_name = "registration/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")
    reset_url_token = "saet-adgangskode"  # noqa: S105 (a URL segment, not a password)

    audit_action = AccountAction.PASSWORD_RESET


class PasswordResetDoneView(LocalPasswordsOnlyMixin, auth_views.PasswordResetCompleteView):
    """ "Din adgangskode er ændret" with the way to the sign-in page."""

    template_name = "registration/password_reset_complete.html"


class PasswordChangeFormView(
    PasswordSavedMixin, LocalPasswordsOnlyMixin, auth_views.PasswordChangeView
):
    """The signed-in person changes their password (the old one is required); the session
    stays signed in."""

    template_name = "registration/password_change_form.html"
    success_url = reverse_lazy("accounts:password_change_done")

    audit_action = AccountAction.PASSWORD_CHANGE


class PasswordChangedView(LocalPasswordsOnlyMixin, auth_views.PasswordChangeDoneView):
    """The page after a change of password."""

    template_name = "registration/password_change_done.html"
