"""HR's person pages (issue #12 §2): the searchable list and each person's page, with the
sections higher apps add through `people.extensions.person_sections`; HR staff only."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape, format_html

from lederspor.core.models import User
from lederspor.people.extensions import PersonSection, person_sections, persons_created
from lederspor.people.models import Person
from lederspor.privacy.models import ReadLogEntry

LIST = "/organisation/personer/"


def detail(person: Person) -> str:
    return f"/organisation/personer/{person.pk}/"


def add_persons(unit, count: int, *, start: int = 5000) -> None:
    for i in range(start, start + count):
        user = User.objects.create_user(email=f"x{i}@test.dk")
        Person.objects.create(
            user=user,
            employee_number=str(i),
            first_name=f"Xena{i}",
            last_name="Ekstra",
            email=f"x{i}@test.dk",
            unit=unit,
        )


# --- who may see them -------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["consultant", "hr_colleague", "admin"])
def test_hr_staff_and_administrators_see_the_pages(cast, as_, who):
    client = as_(getattr(cast, who))
    assert client.get(LIST).status_code == 200
    assert client.get(detail(cast.aspirant)).status_code == 200


@pytest.mark.parametrize("who", ["leader", "chef", "aspirant", "outsider"])
def test_others_get_404(cast, as_, who):
    client = as_(getattr(cast, who))
    assert client.get(LIST).status_code == 404
    assert client.get(detail(cast.aspirant)).status_code == 404


def test_the_pages_need_sign_in(cast):
    for path in (LIST, detail(cast.aspirant)):
        response = Client().get(path)
        assert response.status_code == 302
        assert response["Location"].startswith("/login/")


def test_an_unknown_person_is_404(cast, as_):
    assert as_(cast.consultant).get("/organisation/personer/999999/").status_code == 404


def test_the_menu_links_the_list_for_hr_only(cast, as_):
    assert f'href="{LIST}"' in as_(cast.consultant).get("/").content.decode()
    assert f'href="{LIST}"' not in as_(cast.leader).get("/").content.decode()


# --- the list ---------------------------------------------------------------------------------


def names(response) -> list[str]:
    return [p.full_name for p in response.context["page_obj"]]


def test_the_list_is_sorted_by_name(cast, as_):
    listed = names(as_(cast.consultant).get(LIST))
    assert listed == sorted(listed)
    assert cast.aspirant.full_name in listed


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("anna", ["Anna Aspirant"]),
        ("Anna aspirant", ["Anna Aspirant"]),
        ("otto@test", ["Otto Udenfor"]),
        ("110", ["Otto Udenfor"]),
        ("konsulent", ["Karen Konsulent", "Kim Konsulent"]),
        ("ingen-sådan", []),
    ],
)
def test_search_by_name_email_and_employee_number(cast, as_, q, expected):
    response = as_(cast.consultant).get(LIST, {"q": q})
    assert names(response) == expected
    if not expected:
        assert "Ingen personer passer på søgningen." in response.content.decode()


def test_the_list_is_paged_and_the_search_kept(cast, as_, settings):
    settings.LEDERSPOR_PAGE_SIZE = 5
    add_persons(cast.workplace, 7)
    client = as_(cast.consultant)
    first = client.get(LIST, {"q": "ekstra"})
    assert len(names(first)) == 5
    assert 'href="?q=ekstra&amp;page=2"' in first.content.decode()
    second = client.get(LIST, {"q": "ekstra", "page": 2})
    assert len(names(second)) == 2


def test_the_list_shows_unit_and_nearest_leader(cast, as_):
    page = as_(cast.consultant).get(LIST, {"q": "anna"}).content.decode()
    assert cast.workplace.name in page
    assert cast.leader.full_name in page


def test_the_list_makes_the_same_queries_for_more_persons(cast, as_, settings):
    settings.LEDERSPOR_PAGE_SIZE = 50
    client = as_(cast.consultant)
    client.get(LIST)  # the session and caches are warm
    with CaptureQueriesContext(connection) as few:
        assert client.get(LIST).status_code == 200
    add_persons(cast.workplace, 40)
    with CaptureQueriesContext(connection) as many:
        assert client.get(LIST).status_code == 200
    assert len(many) == len(few)
    assert len(few) <= 12


# --- one person -------------------------------------------------------------------------------


def test_the_page_shows_the_persons_data(cast, as_):
    page = as_(cast.consultant).get(detail(cast.aspirant)).content.decode()
    for text in (
        cast.aspirant.full_name,
        cast.aspirant.email,
        cast.aspirant.employee_number,
        cast.workplace.name,
        cast.leader.full_name,
        "Ja",
    ):
        assert escape(text) in page


def test_the_page_says_whether_the_person_has_signed_in(cast, as_):
    hr = as_(cast.consultant)
    assert "Har aldrig logget ind" in hr.get(detail(cast.outsider)).content.decode()
    as_(cast.outsider).get("/")  # signs in (records last_login)
    page = hr.get(detail(cast.outsider)).content.decode()
    assert "Seneste log ind" in page
    assert "Har aldrig logget ind" not in page


def test_a_person_without_a_login(cast, as_):
    Person.objects.filter(pk=cast.outsider.pk).update(user=None)
    page = as_(cast.consultant).get(detail(cast.outsider)).content.decode()
    assert "Intet login" in page


# --- the extension points ---------------------------------------------------------------------


def test_accounts_registers_its_entries():
    assert "accounts.invitation" in person_sections
    assert "accounts.invitations" in persons_created


def test_a_registered_section_is_shown_on_the_page(cast, as_):
    person_sections.register(
        PersonSection(
            key="test.section", order=99, render=lambda r, p: format_html("<p>Sektion {}</p>", p.pk)
        )
    )
    try:
        page = as_(cast.consultant).get(detail(cast.aspirant)).content.decode()
    finally:
        person_sections.unregister("test.section")
    assert f"<p>Sektion {cast.aspirant.pk}</p>" in page


# --- the read log (issue #15 §1) -------------------------------------------------------------


def test_the_list_page_is_one_read_log_row_naming_the_persons_shown(cast, as_, settings):
    settings.LEDERSPOR_PAGE_SIZE = 3
    response = as_(cast.consultant).get(LIST)
    shown = [person.pk for person in response.context["page_obj"].object_list]
    entry = ReadLogEntry.objects.get()
    assert entry.subject_ids == [pk for pk in shown if pk != cast.consultant.pk]
    assert (entry.kinds, entry.reader_id) == ("person", cast.consultant.user.pk)


def test_the_export_names_every_person_it_holds(cast, as_):
    as_(cast.consultant).get(LIST + "?eksport=csv")
    entry = ReadLogEntry.objects.get()
    assert entry.channel == "export"
    assert set(entry.subject_ids) == set(
        Person.objects.exclude(pk=cast.consultant.pk).values_list("pk", flat=True)
    )


def test_a_persons_page_is_logged_and_a_refusal_is_not(cast, as_):
    assert as_(cast.leader).get(detail(cast.aspirant)).status_code == 404
    assert not ReadLogEntry.objects.exists()
    as_(cast.consultant).get(detail(cast.aspirant))
    assert ReadLogEntry.objects.get().subject_ids == [cast.aspirant.pk]
