"""With LEDERSPOR_2FA_REQUIRED off (the demo's default, and every test not marked
`two_factor`), nobody is asked for a second factor and the two-factor pages are 404."""

from django.test import Client
from django.urls import reverse

from lederspor.accounts.views import AUTH_METHOD_SESSION_KEY
from lederspor.site.testing import PASSWORD


def test_with_two_factor_off_nobody_is_asked(cast, settings):
    assert settings.LEDERSPOR_2FA_REQUIRED is False  # lederspor/conftest.py
    for who in (cast.consultant.user, cast.admin):
        client = Client()
        client.post(reverse("login"), {"username": who.email, "password": PASSWORD})
        assert client.session[AUTH_METHOD_SESSION_KEY] == "password"
        page = reverse("site:home") if who != cast.admin else "/admin/"
        assert client.get(page).status_code == 200
        assert client.get(reverse("accounts:two_factor_setup")).status_code == 404
        assert client.get(reverse("accounts:two_factor")).status_code == 404
    assert Client().get("/admin/").status_code == 302  # the admin still needs a sign-in


def test_the_demo_turns_two_factor_off_unless_the_environment_sets_it(db, settings, monkeypatch):
    import io

    from django.core.management import call_command

    monkeypatch.delenv("LEDERSPOR_2FA_REQUIRED", raising=False)
    settings.LEDERSPOR_2FA_REQUIRED = True  # the default
    out = io.StringIO()
    call_command("demo", "--no-serve", "--no-build", stdout=out)
    assert settings.LEDERSPOR_2FA_REQUIRED is False
    assert "To-faktor er slået fra i demoen" in out.getvalue()
    assert "LEDERSPOR_2FA_REQUIRED=1 lederspor demo" in out.getvalue()

    monkeypatch.setenv("LEDERSPOR_2FA_REQUIRED", "1")
    settings.LEDERSPOR_2FA_REQUIRED = True  # as settings.py reads it from the environment
    out = io.StringIO()
    call_command("demo", "--no-serve", "--no-build", stdout=out)
    assert settings.LEDERSPOR_2FA_REQUIRED is True
    assert "To-faktor er slået til" in out.getvalue()
