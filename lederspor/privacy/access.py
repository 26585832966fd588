"""Who may use the data-protection pages: holders of the permission `privacy.data_protection`
(the data-protection officer, and HR staff given the role). HR staff alone do not have it, and
neither does a superuser by being one: administrators manage structure, not content (issue #15
§4), so a DPO who is also an administrator signs in with a second, ordinary login."""

from __future__ import annotations

from django.http import HttpRequest

from lederspor.core.access import not_found
from lederspor.people.roles import roles_for

#: the data-protection role (`privacy.ReadLogEntry.Meta.permissions`)
DATA_PROTECTION_PERMISSION = "privacy.data_protection"
#: the role flag (`people.extensions.role_flags`) that answers "holds the data-protection role"
ROLE_FLAG = "privacy.data_protection"


def has_data_protection_role(request: HttpRequest) -> bool:
    """Whether the signed-in user holds the data-protection role: granted the permission
    directly or through a group; never by being a superuser."""
    user = getattr(request, "user", None)
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and not user.is_superuser
        and roles_for(request).flag(ROLE_FLAG)
    )


def require_data_protection(request: HttpRequest) -> None:
    """Raise 404 (`core.access.not_found`) unless the user holds the data-protection role."""
    if not has_data_protection_role(request):
        raise not_found()
