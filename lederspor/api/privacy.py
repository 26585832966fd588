"""What the API app holds about a person, for the privacy registries (docs/privacy.md).

Registers in `privacy.registry.personal_data` the entry `api.tokens` (940): the API tokens the
person's login created or revoked. A token is structure (an integration's key), not data about
the person: erasure keeps it with its reason; the login it points to is anonymised by the
privacy app's login entry, so the token no longer names the person.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from lederspor.api.models import ApiToken
from lederspor.core.models import User
from lederspor.people.models import Person
from lederspor.privacy.models import RecordKind
from lederspor.privacy.registry import Action, ErasureLine, PersonalData, personal_data, records


def _tokens(person: Person) -> QuerySet[ApiToken]:
    login = User.objects.filter(person__pk=person.pk).first()
    if login is None:
        return ApiToken.objects.none()
    return ApiToken.objects.filter(Q(created_by=login) | Q(revoked_by=login))


def tokens_export(person: Person) -> list[dict[str, Any]]:
    """The tokens the person created or revoked: name, created, expires, revoked (never the
    token, its prefix or its hash)."""
    return records(
        _tokens(person).order_by("created_at", "pk"),
        ["name", "created_at", "expires_at", "revoked_at"],
    )


def tokens_erase(person: Person, apply: bool) -> list[ErasureLine]:
    """Keep the tokens (nothing is written): they are the integrations' keys."""
    return [
        ErasureLine(
            _("API-nøgler oprettet eller tilbagekaldt af personen"),
            _tokens(person).count(),
            Action.KEEP,
            _(
                "API-nøglen er en del af opsætningen og dokumenterer, hvem der gav adgang; "
                "personens login gøres anonym"
            ),
        )
    ]


def register() -> None:
    """Register the API app's entry (called from `ApiConfig.ready`)."""
    personal_data.register(
        PersonalData(
            key="api.tokens",
            order=940,
            label=_("API-nøgler"),
            kind=RecordKind.ACCOUNT,
            models=(ApiToken,),
            export=tokens_export,
            erase=tokens_erase,
        )
    )
