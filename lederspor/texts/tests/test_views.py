"""The "Tekster" pages (issue #16 §1): HR staff only (404 for everyone else), preview without
saving, Danish errors with the typed text kept, stale saves 409, history, restore, the offered
default, and a bounded number of queries on the list."""

import pytest
from django.urls import reverse

from lederspor.core import content_versions as cv
from lederspor.core.models import ContentItem, ContentVersion
from lederspor.texts import services
from lederspor.texts.registry import editable_texts

pytestmark = pytest.mark.django_db

KEY = "mail.accounts.invitation"
EDIT = reverse("texts:edit", args=[KEY])


def _version() -> int:
    item = ContentItem.objects.filter(key=f"text:{KEY}").first()
    return item.version if item else 0


def _post(client, **data):
    return client.post(EDIT, {"version": _version(), "note": "", **data})


@pytest.fixture
def loaded(cast):
    services.load_text_defaults()
    return cast


def test_the_list_groups_every_text_with_its_status(loaded, as_) -> None:
    services.text_edit(
        text=services.get_text(KEY),
        data={"subject": "Velkommen", "intro": "Hej."},
        by=loaded.admin,
        expected_version=_version(),
    )
    response = as_(loaded.hr_colleague).get(reverse("texts:list"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "E-mails" in page and "Leder på spring" in page
    for text in editable_texts:
        assert reverse("texts:edit", args=[text.key]) in page
    assert "Ændret af HR" in page and "Standard" in page


@pytest.mark.parametrize("who", ["aspirant", "leader", "chef", "host", "outsider"])
def test_nobody_but_hr_staff_may_open_the_pages(loaded, as_, who) -> None:
    client = as_(getattr(loaded, who))
    assert client.get(reverse("texts:list")).status_code == 404
    assert client.get(EDIT).status_code == 404
    assert _post(client, subject="X", intro="Y", save="1").status_code == 404
    assert client.get(reverse("texts:version", args=[KEY, 1])).status_code == 404
    restore = client.post(reverse("texts:restore", args=[KEY, 1]), {"version": _version()})
    assert restore.status_code == 404
    assert cv.live_version(f"text:{KEY}").number == 1


def test_a_consultant_without_the_hr_permission_gets_404(loaded, as_) -> None:
    from django.contrib.auth.models import Permission

    loaded.consultant.user.user_permissions.remove(
        Permission.objects.get(codename="manage_programmes")
    )
    assert as_(loaded.consultant).get(reverse("texts:list")).status_code == 404


def test_an_unknown_text_is_404(loaded, as_) -> None:
    assert as_(loaded.hr_colleague).get(reverse("texts:edit", args=["no.such"])).status_code == 404


def test_preview_shows_the_text_with_sample_data_and_saves_nothing(loaded, as_) -> None:
    client = as_(loaded.hr_colleague)
    response = _post(client, subject="Velkommen, {fornavn}", intro="Vælg en kode.", preview="1")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Eksempel – ikke gemt endnu" in page
    assert "Velkommen, Mette" in page  # the sample value
    assert 'value="Velkommen, {fornavn}"' in page  # the form keeps what was typed
    assert ContentVersion.objects.filter(item__key=f"text:{KEY}").count() == 1


def test_save_makes_a_new_live_version_shown_in_the_history(loaded, as_) -> None:
    client = as_(loaded.hr_colleague)
    response = _post(client, subject="Velkommen", intro="Vælg en kode.", note="Kortere", save="1")
    assert response.status_code == 302
    assert services.live(services.get_text(KEY)) == {
        "subject": "Velkommen",
        "intro": "Vælg en kode.",
    }
    page = client.get(EDIT).content.decode()
    assert "Version 2" in page and "Kortere" in page and "i brug" in page
    version_page = client.get(reverse("texts:version", args=[KEY, 1]))
    assert "Du er inviteret til Lederspor" in version_page.content.decode()


@pytest.mark.parametrize(
    ("subject", "intro", "message"),
    [
        ("", "Vælg en kode.", "må ikke være tomt"),
        ("Hej {efternavn}", "Vælg en kode.", "Ukendt pladsholder {efternavn}"),
        ("x" * 151, "Vælg en kode.", "højst være 150 tegn"),
        ("Hej", "{{ link }}", "Krøllede parenteser"),
    ],
)
def test_bad_input_gives_a_danish_error_and_keeps_the_text(
    loaded, as_, subject, intro, message
) -> None:
    for action in ("preview", "save"):
        response = _post(as_(loaded.hr_colleague), subject=subject, intro=intro, **{action: "1"})
        assert response.status_code == 400
        page = response.content.decode()
        assert message in page
        assert "Vælg en kode." in page or "{{ link }}" in page
    assert ContentVersion.objects.filter(item__key=f"text:{KEY}").count() == 1


def test_a_stale_save_is_409_with_the_typed_text_kept(loaded, as_) -> None:
    loaded_version = _version()
    services.text_edit(
        text=services.get_text(KEY),
        data={"subject": "Først", "intro": "Først gemt."},
        by=loaded.admin,
        expected_version=loaded_version,
    )
    response = as_(loaded.hr_colleague).post(
        EDIT,
        {"version": loaded_version, "subject": "Min", "intro": "Min egen tekst.", "save": "1"},
    )
    assert response.status_code == 409
    assert "Min egen tekst." in response.content.decode()
    assert services.live(services.get_text(KEY))["intro"] == "Først gemt."


def test_an_edit_before_the_loader_ran_uses_version_zero(cast, as_) -> None:
    client = as_(cast.hr_colleague)
    assert _version() == 0
    response = _post(client, subject="Velkommen", intro="Hej.", save="1")
    assert response.status_code == 302
    assert services.live(services.get_text(KEY))["intro"] == "Hej."


def test_restore_from_the_history(loaded, as_) -> None:
    client = as_(loaded.hr_colleague)
    _post(client, subject="Velkommen", intro="Hej.", save="1")
    response = client.post(reverse("texts:restore", args=[KEY, 1]), {"version": _version()})
    assert response.status_code == 302
    assert services.live(services.get_text(KEY)) == services.get_text(KEY).default()
    stale = client.post(reverse("texts:restore", args=[KEY, 2]), {"version": 1})
    assert stale.status_code == 409
    assert (
        client.post(reverse("texts:restore", args=[KEY, 99]), {"version": _version()}).status_code
        == 404
    )


def test_the_offered_default_is_shown_and_taken_into_use(loaded, as_) -> None:
    client = as_(loaded.hr_colleague)
    _post(client, subject="Velkommen", intro="Hej.", save="1")
    cv.seed_default(f"text:{KEY}", {"subject": "Ny standard", "intro": "Ny indledning."})
    page = client.get(EDIT).content.decode()
    assert "Tag ny standard i brug" in page and "Ny standard tilbydes" in page
    response = client.post(reverse("texts:accept_default", args=[KEY]), {"version": _version()})
    assert response.status_code == 302
    assert services.live(services.get_text(KEY))["subject"] == "Ny standard"
    # nothing offered any more
    again = client.post(reverse("texts:accept_default", args=[KEY]), {"version": _version()})
    assert again.status_code == 404


def test_the_list_reads_a_fixed_number_of_queries(loaded, as_, django_assert_max_num_queries):
    """Two data sizes: a short history and a long one cost the same queries."""
    client = as_(loaded.hr_colleague)
    client.get(reverse("texts:list"))
    with django_assert_max_num_queries(12) as small:
        client.get(reverse("texts:list"))
    text = services.get_text(KEY)
    for n in range(5):
        services.text_edit(
            text=text,
            data={"subject": f"S{n}", "intro": "I"},
            by=loaded.admin,
            expected_version=_version(),
        )
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("texts:list"))


def test_a_mail_with_branches_previews_each_branch_under_its_label(loaded, as_) -> None:
    """A mail with a subject and intro per branch (here the session invitation: new, changed,
    cancelled, withdrawn) shows every field on the edit page and labels each in the preview."""
    key = "mail.programmes.session"
    text = services.get_text(key)
    client = as_(loaded.hr_colleague)
    edit = reverse("texts:edit", args=[key])
    page = client.get(edit).content.decode()
    for spec in text.fields:
        assert f'name="{spec.name}"' in page, spec.name
    item = ContentItem.objects.get(key=text.content_key)
    data = {**text.default(), "subject_cancelled": "Aflyst igen: {tema}", "intro_cancelled": "Væk."}
    response = client.post(edit, {"version": item.version, "note": "", **data, "preview": "1"})
    page = response.content.decode()
    assert "Emnelinje, når mødegangen er aflyst:</strong> Aflyst igen: Netværksmøde" in page
    assert "Indledning, når mødegangen er aflyst:" in page and "Væk." in page
    bad = {**data, "subject_withdrawn": "Fjernet: {deltager}"}
    response = client.post(edit, {"version": item.version, "note": "", **bad, "save": "1"})
    assert response.status_code == 400  # refused, the typed text kept
    page = response.content.decode()
    assert "Ukendt pladsholder {deltager}" in page and 'value="Fjernet: {deltager}"' in page
    response = client.post(edit, {"version": item.version, "note": "", **data, "save": "1"})
    assert response.status_code == 302
    assert services.live(text)["subject_cancelled"] == "Aflyst igen: {tema}"
