"""What the accounts app holds about a person, for the privacy registries (docs/privacy.md).

Registers in `privacy.registry.personal_data` (before the privacy app's login and person
entries, which anonymise the login and the person row last):

- `accounts.sign_in_log` (900): the sign-in log of the person's login (`SignInEvent`, the
  audit log's `auth.*` rows) and django-axes' lockout records of its e-mail — exported without
  secrets (never a password, code or key); on erasure the events are anonymised (address and
  typed e-mail removed; the rows stay in the counts) and the lockout records deleted;
- `accounts.identities` (910): the SSO identities (`ExternalIdentity`) — deleted;
- `accounts.invitations` (920): invitations to set a password (`Invitation`) — deleted; where
  the person sent invitations to others, the sender is removed;
- `accounts.two_factor` (930): two-factor devices (django-otp `TOTPDevice`, `StaticDevice`
  and their recovery codes) — deleted.

and in `privacy.registry.retention_rules`: `accounts.sign_in_log` (365 days): sign-in events
and lockout records older than that are deleted.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from lederspor.accounts.audit import ACTION_LABELS
from lederspor.accounts.models import ExternalIdentity, Invitation, SignInEvent
from lederspor.core.models import User
from lederspor.people.models import Person
from lederspor.privacy.models import RecordKind
from lederspor.privacy.registry import (
    Action,
    ErasureLine,
    PersonalData,
    RetentionRule,
    personal_data,
    records,
    retention_rules,
)


def _login(person: Person) -> User | None:
    return User.objects.filter(person__pk=person.pk).first()


def _sign_in_events(login: User) -> QuerySet[SignInEvent]:
    """The sign-in log's rows by or about `login`, or naming its e-mail (a failed sign-in)."""
    return SignInEvent.objects.filter(
        Q(actor=login)
        | Q(object_type=User._meta.label_lower, object_id=str(login.pk))
        | Q(data__email=login.email)
    )


def _lockout_records(login: User) -> list[QuerySet[Any]]:
    return [
        model.objects.filter(username__iexact=login.email)
        for model in (AccessAttempt, AccessFailureLog, AccessLog)
    ]


def sign_in_export(person: Person) -> list[dict[str, Any]]:
    """The person's sign-in events: when, what (in Danish), how (password or SSO), from which
    address. No secrets: passwords and codes are never stored."""
    login = _login(person)
    if login is None:
        return []
    return [
        {
            "at": event.at.isoformat(),
            "action": str(ACTION_LABELS.get(event.action, event.action)),
            "method": event.data.get("method", ""),
            "address": event.address,
        }
        for event in _sign_in_events(login).order_by("at", "pk")
    ]


def sign_in_erase(person: Person, apply: bool) -> list[ErasureLine]:
    """Anonymise the sign-in events (address and typed e-mail removed; the rows stay, so the
    sign-in statistics still count them) and delete the lockout records of the e-mail."""
    login = _login(person)
    if login is None:
        return []
    events = list(_sign_in_events(login).exclude(address__isnull=True, data__email__isnull=True))
    lockouts = _lockout_records(login)
    lockout_count = sum(query.count() for query in lockouts)
    if apply:
        for event in events:
            event.address = None
            event.data = {key: value for key, value in event.data.items() if key != "email"}
        SignInEvent.objects.bulk_update(events, ["address", "data"])
        for query in lockouts:
            query.delete()
    return [
        ErasureLine(
            _("Log ind-hændelser"),
            len(events),
            Action.ANONYMISE,
            _("IP-adresse og e-mail fjernes; hændelsen tælles stadig"),
        ),
        ErasureLine(_("Spærringer efter mislykket log ind"), lockout_count, Action.DELETE),
    ]


def identities_export(person: Person) -> list[dict[str, Any]]:
    """The person's SSO identities: the provider and the last sign-in with it."""
    login = _login(person)
    rows = ExternalIdentity.objects.filter(user=login) if login else ExternalIdentity.objects.none()
    return records(rows.order_by("pk"), ["issuer", "subject", "last_sign_in", "created_at"])


def identities_erase(person: Person, apply: bool) -> list[ErasureLine]:
    """Delete the SSO identities."""
    login = _login(person)
    rows = ExternalIdentity.objects.filter(user=login) if login else ExternalIdentity.objects.none()
    count = rows.count()
    if apply and count:
        rows.delete()
    return [ErasureLine(_("Kommunens login (SSO-identiteter)"), count, Action.DELETE)]


def invitations_export(person: Person) -> list[dict[str, Any]]:
    """The invitations the person received: when sent and accepted."""
    login = _login(person)
    rows = Invitation.objects.filter(user=login) if login else Invitation.objects.none()
    return records(rows.order_by("sent_at", "pk"), ["sent_at", "accepted_at"])


def invitations_erase(person: Person, apply: bool) -> list[ErasureLine]:
    """Delete the invitations the person received; remove the person as the sender of
    invitations to others."""
    login = _login(person)
    if login is None:
        return []
    received = Invitation.objects.filter(user=login)
    sent = Invitation.objects.filter(sent_by=login).exclude(user=login)
    counts = received.count(), sent.count()
    if apply:
        sent.update(sent_by=None)
        received.delete()
    return [
        ErasureLine(_("Invitationer til personen"), counts[0], Action.DELETE),
        ErasureLine(
            _("Invitationer sendt af personen"),
            counts[1],
            Action.ANONYMISE,
            _("Afsenderen fjernes; invitationen tilhører modtageren"),
        ),
    ]


def two_factor_export(person: Person) -> list[dict[str, Any]]:
    """The person's two-factor devices: the kind, name, confirmed, created, last used (never
    the key or the recovery codes)."""
    login = _login(person)
    if login is None:
        return []
    result = []
    for kind, model in (("totp", TOTPDevice), ("recovery_codes", StaticDevice)):
        for row in records(
            model.objects.filter(user=login).order_by("pk"),
            ["name", "confirmed", "created_at", "last_used_at"],
        ):
            result.append({"kind": kind, **row})
    return result


def two_factor_erase(person: Person, apply: bool) -> list[ErasureLine]:
    """Delete the two-factor devices (their recovery codes go with them)."""
    login = _login(person)
    if login is None:
        return []
    queries = [model.objects.filter(user=login) for model in (TOTPDevice, StaticDevice)]
    count = sum(query.count() for query in queries)
    if apply:
        for query in queries:
            query.delete()
    return [ErasureLine(_("To-faktor-enheder og gendannelseskoder"), count, Action.DELETE)]


def sign_in_expire(cutoff: dt.datetime, apply: bool) -> int:
    """Delete sign-in events and django-axes' lockout records older than `cutoff`."""
    queries: list[QuerySet[Any]] = [SignInEvent.objects.filter(at__lt=cutoff)]
    queries += [
        model.objects.filter(attempt_time__lt=cutoff)
        for model in (AccessAttempt, AccessFailureLog, AccessLog)
    ]
    count = sum(query.count() for query in queries)
    if apply and count:
        for query in queries:
            query.delete()
    return count


def register() -> None:
    """Register the accounts app's entries (called from `AccountsConfig.ready`)."""
    personal_data.register(
        PersonalData(
            key="accounts.sign_in_log",
            order=900,
            label=_("Log ind-log"),
            kind=RecordKind.ACCOUNT,
            models=(SignInEvent,),
            export=sign_in_export,
            erase=sign_in_erase,
        )
    )
    personal_data.register(
        PersonalData(
            key="accounts.identities",
            order=910,
            label=_("Kommunens login (SSO)"),
            kind=RecordKind.ACCOUNT,
            models=(ExternalIdentity,),
            export=identities_export,
            erase=identities_erase,
        )
    )
    personal_data.register(
        PersonalData(
            key="accounts.invitations",
            order=920,
            label=_("Invitationer"),
            kind=RecordKind.ACCOUNT,
            models=(Invitation,),
            export=invitations_export,
            erase=invitations_erase,
        )
    )
    personal_data.register(
        PersonalData(
            key="accounts.two_factor",
            order=930,
            label=_("To-faktor-log ind"),
            kind=RecordKind.ACCOUNT,
            models=(TOTPDevice, StaticDevice),
            export=two_factor_export,
            erase=two_factor_erase,
        )
    )
    retention_rules.register(
        RetentionRule(
            key="accounts.sign_in_log",
            order=800,
            label=_("Log ind-log og spærringer"),
            kind=RecordKind.ACCOUNT,
            default_days=365,
            reason=_(
                "Log ind-loggen bruges til at opdage misbrug af logins (art. 32); "
                "opbevares 1 år og slettes derefter"
            ),
            expire=sign_in_expire,
        )
    )
