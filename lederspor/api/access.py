"""Who may manage API tokens, and so whose tokens work (docs/api.md, docs/roles-and-access.md)."""

from django.contrib.auth.models import AnonymousUser

from lederspor.core.models import User
from lederspor.people.roles import HR_PERMISSION


def may_manage_tokens(user: User | AnonymousUser | None) -> bool:
    """True for an active administrator (`is_staff`) who is also HR staff (holds
    `programmes.manage_programmes`; a superuser holds every permission).

    The same rule decides whether a token still works: a token acts as HR staff on behalf of
    its creator, so it stops working when the creator is deactivated, loses `is_staff` or loses
    the permission. Costs up to two queries per user object (Django caches the permissions on it).
    """
    if user is None or not user.is_authenticated or not isinstance(user, User):
        return False
    return bool(user.is_active and user.is_staff and user.has_perm(HR_PERMISSION))
