"""The admin's "add login" page works for a model that signs in by e-mail (issue #17 review:
Django's own creation form names `username`, which `User` has not)."""

import pytest

from lederspor.core.models import User

pytestmark = pytest.mark.django_db


def test_an_admin_adds_a_login_by_e_mail(client):
    admin = User.objects.create_superuser(email="root@example.dk", password="x-Long-enough-9")
    client.force_login(admin, backend="lederspor.core.auth.EmailBackend")

    page = client.get("/admin/core/user/add/")
    assert page.status_code == 200
    assert 'name="email"' in page.content.decode()

    response = client.post(
        "/admin/core/user/add/",
        {
            "email": "Ny.Bruger@Example.dk",
            "usable_password": "true",
            "password1": "et-langt-kodeord-42",
            "password2": "et-langt-kodeord-42",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    user = User.objects.get(email__iexact="ny.bruger@example.dk")
    assert user.check_password("et-langt-kodeord-42")
