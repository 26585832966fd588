"""Template context shared by every page: the signed-in person and their role relations."""

from django.http import HttpRequest

from lederspor.people.roles import roles_for
from lederspor.privacy.access import has_data_protection_role


def navigation(request: HttpRequest) -> dict[str, object]:
    """Return `{"me": Person | None, "roles": Roles, "data_protection": bool}` for the navigation
    bar (cached per request); `data_protection`: the "Databeskyttelse" entry (privacy's role)."""
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {"me": None, "roles": None, "data_protection": False}
    roles = roles_for(request)
    return {
        "me": roles.person,
        "roles": roles,
        "data_protection": has_data_protection_role(request),
    }
