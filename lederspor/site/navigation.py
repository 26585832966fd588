"""Template context shared by every page: the signed-in person and their role relations."""

from django.http import HttpRequest

from lederspor.people.roles import roles_for


def navigation(request: HttpRequest) -> dict[str, object]:
    """Return `{"me": Person | None, "roles": Roles}` for the navigation bar (cached per request)."""
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {"me": None, "roles": None}
    roles = roles_for(request)
    return {"me": roles.person, "roles": roles}
