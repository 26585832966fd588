"""Invitations (issue #12 §2): an import invites the persons it creates (through the
`people.extensions.persons_created` hook), the mail comes from the worker, the one-time link
sets the first password and expires, HR sends it again from the person's page, and nothing of
it exists while local passwords are off."""

import datetime as dt
import io
import re

import pytest
import time_machine
from django.contrib.auth.tokens import default_token_generator
from django.contrib.messages import get_messages
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from lederspor.accounts.audit import AccountAction
from lederspor.accounts.models import Invitation
from lederspor.core.models import AuditEvent, User
from lederspor.notifications.models import OutgoingEmail
from lederspor.notifications.testing import run_worker
from lederspor.people.importing import PERSON_COLUMNS, ImportResult, import_persons
from lederspor.people.models import Person
from lederspor.site.testing import PASSWORD

NEW_PASSWORD = "Grøn-cykel-over-broen-7"
LINK = re.compile(r"https?://[^/\s]+(/konto/invitation/[^/\s]+/[^/\s]+/)")
HEADER = ";".join(PERSON_COLUMNS)


def row(number: str, first: str = "Nina", email: str | None = None) -> str:
    """A persons line for the cast's workplace WA1a under the leader (number 101)."""
    email = email or f"p{number}@ny.dk"
    return ";".join(
        [number, first, "Ny", email, "Pædagog", "Pædagog", "WA1a", "101", "kvinde", "1985",
         "2020-01-01", "nej"]
    )  # fmt: skip


def import_file(lines: list[str], *, by: User | None, dry_run: bool = False) -> ImportResult:
    data = ("\n".join([HEADER, *lines]) + "\n").encode()
    return import_persons(file=io.BytesIO(data), filename="p.csv", by=by, dry_run=dry_run)


def delivered() -> list[mail.EmailMessage]:
    mail.outbox.clear()
    run_worker()
    return list(mail.outbox)


def invitation_path(message: mail.EmailMessage) -> str:
    match = LINK.search(message.body)
    assert match, message.body
    return match.group(1)


def invited_person(cast, number: str = "900") -> tuple[Person, str]:
    """Import one new person; return them and the path of the invitation link they got."""
    result = import_file([row(number)], by=cast.consultant.user)
    assert result.ok, result.errors
    [message] = delivered()
    return Person.objects.get(employee_number=number), invitation_path(message)


def accept(client: Client, path: str, password: str = NEW_PASSWORD):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].endswith("/saet-adgangskode/")
    return client.post(response["Location"], {"new_password1": password, "new_password2": password})


# --- sent on import ---------------------------------------------------------------------------


def test_an_import_invites_the_persons_it_creates(cast):
    mail.outbox.clear()
    result = import_file([row("900"), row("901", "Ole")], by=cast.consultant.user)
    assert result.ok and result.created == 2
    assert mail.outbox == []  # queued for the worker, not sent in the import
    invitations = Invitation.objects.order_by("user__email")
    assert [i.user.email for i in invitations] == ["p900@ny.dk", "p901@ny.dk"]
    assert {i.sent_by_id for i in invitations} == {cast.consultant.user.pk}
    assert AuditEvent.objects.filter(action=AccountAction.INVITATION_SEND).count() == 2
    messages = delivered()
    assert sorted(m.to[0] for m in messages) == ["p900@ny.dk", "p901@ny.dk"]
    assert messages[0].subject == "Du er inviteret til Lederspor"
    assert LINK.search(messages[0].body)


def test_re_importing_invites_nobody_again(cast):
    import_file([row("900")], by=cast.consultant.user)
    result = import_file([row("900"), row("901", "Ole")], by=cast.consultant.user)
    assert (result.created, result.unchanged) == (1, 1)
    assert sorted(Invitation.objects.values_list("user__email", flat=True)) == [
        "p900@ny.dk",
        "p901@ny.dk",
    ]


def test_a_dry_run_or_a_refused_file_invites_nobody(cast):
    assert import_file([row("900")], by=cast.consultant.user, dry_run=True).ok
    assert not import_file([row("900"), row("900")], by=cast.consultant.user).ok
    assert not Invitation.objects.exists()
    assert not OutgoingEmail.objects.exists()


def test_a_login_with_a_password_is_not_invited(cast):
    User.objects.create_user(email="p900@ny.dk", password=PASSWORD)  # taken over by the import
    result = import_file([row("900")], by=cast.consultant.user)
    assert result.ok and result.created == 1 and result.users_created == 0
    assert not Invitation.objects.exists()


def test_the_import_page_invites_as_the_hr_user(cast, as_, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path  # the upload waits there for the worker (issue #17 §2)
    upload = SimpleUploadedFile("p.csv", ("\n".join([HEADER, row("900")]) + "\n").encode())
    response = as_(cast.consultant).post(
        "/organisation/import/", {"kind": "persons", "file": upload}
    )
    assert response.status_code == 302
    assert not Invitation.objects.exists()  # the import runs in the background
    run_worker()
    invitation = Invitation.objects.get()
    assert invitation.sent_by_id == cast.consultant.user.pk


# --- the link ---------------------------------------------------------------------------------


def test_the_link_sets_the_password_once_and_leads_to_sign_in(cast):
    person, path = invited_person(cast)
    client = Client()
    response = accept(client, path)
    assert response.status_code == 302
    assert response["Location"] == "/login/"
    [message] = get_messages(response.wsgi_request)
    assert "Din adgangskode er gemt" in str(message)
    user = User.objects.get(pk=person.user_id)
    assert user.check_password(NEW_PASSWORD)
    invitation = Invitation.objects.get(user=user)
    assert invitation.accepted_at is not None
    row_ = AuditEvent.objects.get(action=AccountAction.INVITATION_ACCEPT)
    assert (row_.actor_id, row_.address) == (user.pk, "127.0.0.1")
    # the new password signs in through the real form
    response = Client().post("/login/", {"username": person.email, "password": NEW_PASSWORD})
    assert response.status_code == 302
    # used: the link no longer works
    page = Client().get(path, follow=True).content.decode()
    assert "Invitationslinket virker ikke" in page
    assert "new_password1" not in page


def test_the_link_refuses_short_and_common_passwords(cast):
    person, path = invited_person(cast)
    client = Client()
    response = accept(client, path, "kort")
    assert response.status_code == 200
    assert "Denne adgangskode er for kort. Den skal indeholde mindst 12 tegn." in (
        response.content.decode()
    )
    assert not User.objects.get(pk=person.user_id).has_usable_password()


def test_the_link_expires_after_the_configured_days(cast, settings):
    settings.LEDERSPOR_INVITATION_DAYS = 2
    _person, path = invited_person(cast)
    # a day's margin each way: the token counts naive local seconds, the clock moves in UTC
    with time_machine.travel(timezone.now() + dt.timedelta(days=1), tick=False):
        assert Client().get(path)["Location"].endswith("/saet-adgangskode/")
    with time_machine.travel(timezone.now() + dt.timedelta(days=3), tick=False):
        page = Client().get(path, follow=True).content.decode()
    assert "Invitationslinket virker ikke" in page


def test_the_link_lasts_fourteen_days_by_default(cast):
    _person, path = invited_person(cast)
    with time_machine.travel(timezone.now() + dt.timedelta(days=13), tick=False):
        assert Client().get(path)["Location"].endswith("/saet-adgangskode/")
    with time_machine.travel(timezone.now() + dt.timedelta(days=15), tick=False):
        assert "Invitationslinket virker ikke" in Client().get(path).content.decode()


def test_a_password_reset_token_is_no_invitation(cast):
    person, _path = invited_person(cast)
    uid = urlsafe_base64_encode(force_bytes(person.user_id))
    token = default_token_generator.make_token(person.user)
    page = Client().get(f"/konto/invitation/{uid}/{token}/").content.decode()
    assert "Invitationslinket virker ikke" in page


def test_a_login_without_an_open_invitation_is_refused(cast):
    from lederspor.accounts.tokens import invitation_token_generator

    user = cast.colleague.user
    user.set_unusable_password()
    user.save(update_fields=["password"])
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = invitation_token_generator.make_token(user)
    page = Client().get(f"/konto/invitation/{uid}/{token}/").content.decode()
    assert "Invitationslinket virker ikke" in page


# --- resent by HR -----------------------------------------------------------------------------


def send_url(person: Person) -> str:
    return f"/konto/invitation/person/{person.pk}/send/"


def test_hr_resends_the_invitation_from_the_person_page(cast, as_):
    person, _path = invited_person(cast)
    client = as_(cast.hr_colleague)
    page = client.get(f"/organisation/personer/{person.pk}/").content.decode()
    assert "Send invitation igen" in page
    response = client.post(send_url(person), follow=True)
    assert response.redirect_chain == [(f"/organisation/personer/{person.pk}/", 302)]
    assert "Invitationen er sendt til p900@ny.dk." in response.content.decode()
    latest = Invitation.objects.filter(user=person.user).first()
    assert latest is not None and latest.sent_by_id == cast.hr_colleague.user.pk
    assert Invitation.objects.filter(user=person.user).count() == 2
    event = AuditEvent.objects.filter(action=AccountAction.INVITATION_SEND).latest("pk")
    assert (event.actor_id, event.address) == (cast.hr_colleague.user.pk, "127.0.0.1")
    [message] = delivered()
    # the new link works
    assert accept(Client(), invitation_path(message))["Location"] == "/login/"


def test_hr_cannot_invite_someone_who_has_a_password(cast, as_):
    response = as_(cast.consultant).post(send_url(cast.leader), follow=True)
    assert "Der er ikke sendt nogen invitation" in response.content.decode()
    assert not Invitation.objects.exists()


@pytest.mark.parametrize("who", ["leader", "aspirant", "chef", "outsider"])
def test_others_may_not_resend(cast, as_, who):
    person, _path = invited_person(cast)
    assert as_(getattr(cast, who)).post(send_url(person)).status_code == 404
    assert Invitation.objects.count() == 1


def test_resend_needs_a_post_and_sign_in(cast, as_):
    person, _path = invited_person(cast)
    assert as_(cast.consultant).get(send_url(person)).status_code == 405
    response = Client().post(send_url(person))
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    assert Invitation.objects.count() == 1


def test_the_section_shows_the_last_invitation(cast, as_):
    person, _path = invited_person(cast)
    page = as_(cast.consultant).get(f"/organisation/personer/{person.pk}/").content.decode()
    assert "Seneste invitation sendt" in page
    assert "Ikke endnu" in page
    leader_page = as_(cast.consultant).get(f"/organisation/personer/{cast.leader.pk}/")
    assert "en invitation er ikke nødvendig" in leader_page.content.decode()


# --- switched off -----------------------------------------------------------------------------


def test_with_local_passwords_off_nothing_is_sent_or_shown(cast, as_, settings):
    person, path = invited_person(cast)
    settings.LEDERSPOR_LOCAL_PASSWORDS = False
    result = import_file([row("901", "Ole")], by=cast.consultant.user)
    assert result.ok and result.created == 1
    assert Invitation.objects.count() == 1
    assert delivered() == []
    assert Client().get(path).status_code == 404
    client = as_(cast.consultant)
    assert client.post(send_url(person)).status_code == 404
    page = client.get(f"/organisation/personer/{person.pk}/").content.decode()
    assert "Send invitation" not in page
    assert "invitation-heading" not in page


# --- the demo ---------------------------------------------------------------------------------


def test_the_demo_invites_nobody_and_keeps_its_logins(demo):
    assert not Invitation.objects.exists()
    assert not OutgoingEmail.objects.filter(kind="accounts.invitation").exists()
    assert User.objects.filter(password__startswith="!").exists()  # its made-up people
    for _role, email in demo:  # the printed logins still sign in through the real form
        response = Client().post("/login/", {"username": email, "password": demo.password})
        assert response.status_code == 302, email
