"""Who may use the data-protection pages: holders of the permission `privacy.data_protection`
(the data-protection officer, and HR staff given the role). HR staff alone do not have it, and
neither does a superuser by being one: administrators manage structure, not content (issue #15
§4), so a DPO who is also an administrator signs in with a second, ordinary login."""

from __future__ import annotations

from django.http import HttpRequest

from lederspor.core.access import not_found

#: the data-protection role (`privacy.ReadLogEntry.Meta.permissions`)
DATA_PROTECTION_PERMISSION = "privacy.data_protection"


def has_data_protection_role(request: HttpRequest) -> bool:
    """Whether the signed-in user holds the data-protection role: granted the permission
    directly or through a group; never by being a superuser."""
    user = getattr(request, "user", None)
    return bool(
        user is not None
        and user.is_authenticated
        and not user.is_superuser
        and user.has_perm(DATA_PROTECTION_PERMISSION)
    )


def require_data_protection(request: HttpRequest) -> None:
    """Raise 404 (`core.access.not_found`) unless the user holds the data-protection role."""
    if not has_data_protection_role(request):
        raise not_found()
