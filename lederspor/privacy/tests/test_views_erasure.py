"""The pages that act on a person's data (issue #15 §2, §3): the erasure preview and
confirmation, the DPO's access export of a person and a person's own download ("Mine data")."""

import io
import zipfile

import pytest
from django.test import Client

from lederspor.core.models import AuditEvent
from lederspor.people.models import Person
from lederspor.privacy.audit import PrivacyAction
from lederspor.privacy.models import ReadLogEntry, RecordKind
from lederspor.privacy.services import erasure_preview
from lederspor.privacy.tests.test_views import grant_data_protection

MY_EXPORT = "/mine-data/udtraek/"


def erasure_url(person) -> str:
    return f"/databeskyttelse/personer/{person.pk}/sletning/"


def export_url(person) -> str:
    return f"/databeskyttelse/personer/{person.pk}/udtraek/"


@pytest.fixture
def dpo(cast):
    return grant_data_protection(cast.hr_colleague)


def preview_counts(person) -> list[tuple[str, str, int, str]]:
    """What an erasure of `person` would touch, but the read log (a page that shows the person
    writes its one read-log row, tested on its own)."""
    return [
        (entry.key, str(line.label), line.count, line.action.value)
        for entry, lines in erasure_preview(person)
        for line in lines
        if entry.kind != RecordKind.READ_LOG
    ]


def zip_names(response) -> list[str]:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        assert archive.testzip() is None
        return archive.namelist()


# --- who may -----------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["aspirant", "leader", "chef", "consultant", "host", "outsider"])
def test_erasure_and_export_are_404_without_the_role_hr_staff_included(cast, as_, who):
    client = as_(getattr(cast, who))
    target = cast.colleague
    assert client.get(erasure_url(target)).status_code == 404
    response = client.post(erasure_url(target), {"reason": "x", "confirm": "on"})
    assert response.status_code == 404
    assert client.post(export_url(target)).status_code == 404
    assert Person.objects.get(pk=target.pk).email == target.email
    assert not AuditEvent.objects.filter(action__in=list(PrivacyAction)).exists()


def test_the_pages_need_sign_in(cast):
    for path in (erasure_url(cast.aspirant), MY_EXPORT):
        response = Client().get(path) if path != MY_EXPORT else Client().post(path)
        assert response.status_code == 302
        assert response["Location"].startswith("/login/")


def test_an_unknown_person_is_404(cast, as_, dpo):
    assert as_(dpo).get("/databeskyttelse/personer/999999/sletning/").status_code == 404
    assert as_(dpo).post("/databeskyttelse/personer/999999/udtraek/").status_code == 404


# --- the erasure preview and confirmation --------------------------------------------------------


def test_the_preview_shows_what_happens_and_writes_nothing(cast, as_, dpo):
    before = preview_counts(cast.aspirant)
    audits = AuditEvent.objects.filter(action__in=list(PrivacyAction)).count()
    response = as_(dpo).get(erasure_url(cast.aspirant))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Intet er\n  slettet endnu" in html or "Intet er slettet endnu" in " ".join(html.split())
    assert "Jeg har kontrolleret anmodningen" in html
    assert any(label in html for label in ("Slettes", "Anonymiseres", "Bevares"))
    assert preview_counts(cast.aspirant) == before
    assert AuditEvent.objects.filter(action__in=list(PrivacyAction)).count() == audits == 0
    assert Person.objects.get(pk=cast.aspirant.pk).email == cast.aspirant.email
    assert "no-store" in response["Cache-Control"]
    # the one write: the read-log row of the page, naming the person
    logged = ReadLogEntry.objects.get()
    assert (logged.reader, logged.subject_ids) == (dpo.user, [cast.aspirant.pk])


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"reason": "Anmodning af 3. marts, sag 2026-1234"}, "Bekræft, at du har kontrolleret"),
        ({"reason": "   ", "confirm": "on"}, "Skriv en begrundelse for sletningen."),
    ],
)
def test_a_missing_confirmation_or_reason_keeps_the_input_and_erases_nothing(
    cast, as_, dpo, data, error
):
    before = preview_counts(cast.aspirant)
    response = as_(dpo).post(erasure_url(cast.aspirant), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert error in html
    if data["reason"].strip():
        assert data["reason"] in html
    assert preview_counts(cast.aspirant) == before
    assert Person.objects.get(pk=cast.aspirant.pk).email == cast.aspirant.email


def test_the_confirmed_erasure_erases_and_reports_the_counts(cast, as_, dpo):
    client = as_(dpo)
    response = client.post(
        erasure_url(cast.aspirant),
        {"reason": "Anmodning af 3. marts, sag 2026-1234", "confirm": "on"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == "/databeskyttelse/"
    html = response.content.decode()
    assert "er slettet:" in html and "anonymiseret" in html and "bevaret" in html
    erased = Person.objects.get(pk=cast.aspirant.pk)
    assert erased.email != cast.aspirant.email
    assert erased.user_id is None
    audit = AuditEvent.objects.get(action=PrivacyAction.ERASURE)
    assert audit.actor == dpo.user


def test_nobody_erases_their_own_data_here(cast, as_, dpo):
    client = as_(dpo)
    page = client.get(erasure_url(dpo))
    assert page.status_code == 200
    assert "Du kan ikke slette dine egne data her." in page.content.decode()
    assert "Jeg har kontrolleret anmodningen" not in page.content.decode()
    response = client.post(erasure_url(dpo), {"reason": "Mig selv", "confirm": "on"})
    assert response.status_code == 403
    assert Person.objects.get(pk=dpo.pk).email == dpo.email


# --- the access exports ------------------------------------------------------------------------


def test_the_dpo_produces_a_persons_zip_and_it_is_read_logged(cast, as_, dpo):
    response = as_(dpo).post(export_url(cast.aspirant))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith(
        f'attachment; filename="indsigt-{cast.aspirant.pk}-'
    )
    assert "no-store" in response["Cache-Control"]
    names = zip_names(response)
    assert "index.html" in names
    assert any(n.startswith("data/") and n.endswith(".json") for n in names)
    logged = ReadLogEntry.objects.get(reader=dpo.user)
    assert logged.kinds == RecordKind.ACCESS_EXPORT.value
    assert logged.subject_ids == [cast.aspirant.pk]
    assert logged.channel == "export"


def test_the_export_is_a_post(cast, as_, dpo):
    assert as_(dpo).get(export_url(cast.aspirant)).status_code == 405
    assert as_(cast.aspirant).get(MY_EXPORT).status_code == 405


def test_a_person_downloads_all_their_data_unlogged(cast, as_):
    response = as_(cast.aspirant).post(MY_EXPORT)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith(
        f'attachment; filename="indsigt-{cast.aspirant.pk}-'
    )
    assert "no-store" in response["Cache-Control"]
    names = zip_names(response)
    assert "index.html" in names
    assert any(n.startswith("data/") and n.endswith(".json") for n in names)
    assert not ReadLogEntry.objects.exists()


def test_a_login_without_a_person_has_nothing_to_download(cast, as_):
    assert as_(cast.admin).post(MY_EXPORT).status_code == 404
