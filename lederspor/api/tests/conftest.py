"""Fixtures of the API tests: an administrator who is HR staff, and tokens made by the service."""

import datetime as dt
from collections.abc import Callable

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from lederspor.api.models import ApiToken, Scope
from lederspor.api.services import api_token_create
from lederspor.core.models import User

ALL_SCOPES = [scope.value for scope in Scope]


@pytest.fixture(autouse=True)
def _fresh_rate_windows():
    """Each test starts with empty rate-limit windows (they live in the default cache)."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def hr_admin(cast) -> User:
    """The consultant Kim as an administrator: `is_staff` and `manage_programmes` (the cast
    gives the permission), so Kim may create tokens and Kim's tokens work."""
    user = cast.consultant.user
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    return User.objects.get(pk=user.pk)


MakeToken = Callable[..., tuple[ApiToken, str]]


@pytest.fixture
def make_token(hr_admin) -> MakeToken:
    """`make_token(scopes=[...], by=None, days=30)` → (token, raw) through the service."""

    def make(
        scopes: list[str] | None = None, by: User | None = None, days: int = 30
    ) -> tuple[ApiToken, str]:
        return api_token_create(
            by=by or hr_admin,
            name="BI",
            scopes=ALL_SCOPES if scopes is None else scopes,
            expires_at=timezone.now() + dt.timedelta(days=days),
        )

    return make


def bearer(raw: str) -> dict[str, str]:
    """The header of a request with token `raw`."""
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


@pytest.fixture
def api_client() -> Client:
    """A client with no session: what an integration is."""
    return Client()
